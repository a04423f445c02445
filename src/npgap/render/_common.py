"""Helpers every renderer shares, so the formats agree on what they show.

Why one module: the Markdown, HTML, CSV and SARIF outputs must pick the same evidence,
group findings the same way and label documents alike, or a reader comparing two
formats of one assessment would see two different stories.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from npgap.findings import Assessment, Evidence, Finding, Note

__all__ = [
    "document_labels",
    "grouped_findings",
    "lines_text",
    "note_text",
    "omitted_text",
    "one_line",
    "primary_evidence",
    "requirement_rows",
    "score_text",
]

_SPACE = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Collapse runs of whitespace (line breaks in quotes, tabs) into single spaces."""
    return _SPACE.sub(" ", text).strip()


def score_text(score: float) -> str:
    """A score as the reports print it: one decimal, like the JSON contract."""
    return f"{score:.1f}"


def lines_text(ev: Evidence) -> str:
    """``line 33`` or ``lines 33–35``: where a quote sits in the original file."""
    if ev.end_line > ev.line:
        return f"lines {ev.line}–{ev.end_line}"
    return f"line {ev.line}"


def note_text(note: Note) -> str:
    """``line 1, column 1: not UTF-8: decoded as cp1252 (Windows-1252)``."""
    return f"line {note.line}, column {note.column}: {one_line(note.message)}"


def omitted_text(finding: Finding) -> str | None:
    """What the evidence list leaves out, in words, or None when it lists everything."""
    bits = []
    if finding.omitted_supports:
        n = finding.omitted_supports
        bits.append(f"{n} more supporting provision{'s' if n != 1 else ''}")
    if finding.omitted_limits:
        n = finding.omitted_limits
        bits.append(f"{n} more limiting provision{'s' if n != 1 else ''}")
    if not bits:
        return None
    return "Not listed: " + " and ".join(bits) + " (the strongest are shown)."


def primary_evidence(finding: Finding) -> Evidence | None:
    """The evidence a one-place output points at: the first limit, else the first support.

    A limit explains why a requirement falls short, so it is the line a reviewer should
    see first; for a met finding the first supporting provision is the place.
    """
    for ev in finding.evidence:
        if ev.role == "limits":
            return ev
    return finding.evidence[0] if finding.evidence else None


def grouped_findings(a: Assessment) -> list[tuple[str, str, list[Finding]]]:
    """(group id, group title, findings) in the order of `a.groups`, then any other groups.

    Findings keep framework order inside each group; a group the scores do not list
    (should not happen, but a hand-written report may) is titled by its id.
    """
    titles = {g.id: g.title for g in a.groups}
    order = [g.id for g in a.groups]
    by_group: dict[str, list[Finding]] = {}
    for f in a.findings:
        by_group.setdefault(f.group, []).append(f)
        if f.group not in titles and f.group not in order:
            order.append(f.group)
    return [(gid, titles.get(gid, gid), by_group[gid]) for gid in order if gid in by_group]


def document_labels(assessments: Sequence[Assessment]) -> list[str]:
    """A short, unique column label per document: its title, else path, else ``document N``."""
    labels: list[str] = []
    seen: dict[str, int] = {}
    for i, a in enumerate(assessments, start=1):
        base = one_line(a.document.title or a.document.path or "") or f"document {i}"
        n = seen.get(base, 0) + 1
        seen[base] = n
        labels.append(base if n == 1 else f"{base} ({n})")
    # a label made unique by a suffix may collide with a real title; number those too
    if len(set(labels)) != len(labels):
        labels = [f"{label} [{i}]" for i, label in enumerate(labels, start=1)]
    return labels


def requirement_rows(assessments: Sequence[Assessment]) -> list[tuple[str, str]]:
    """(requirement id, title) across documents, in the order they first appear."""
    rows: dict[str, str] = {}
    for a in assessments:
        for f in a.findings:
            rows.setdefault(f.requirement, f.title)
    return list(rows.items())
