"""The Markdown report: what a consultant reads in the terminal and can hand over.

Why this shape: score first, then a one-screen summary table, then every finding with the
words of the statute it rests on (citation, line, quote), so each conclusion can be
checked against the text without opening the tool.
"""

from __future__ import annotations

from collections.abc import Sequence

from npgap.findings import Assessment, Evidence, Finding, SourceRef
from npgap.render._common import (
    document_labels,
    grouped_findings,
    lines_text,
    note_text,
    omitted_text,
    one_line,
    requirement_rows,
    score_text,
)

__all__ = ["render_markdown", "render_markdown_many"]


def _cell(text: str) -> str:
    """Table-cell safe: one line, pipes escaped."""
    return one_line(text).replace("\\", "\\\\").replace("|", "\\|")


def _evidence_line(ev: Evidence) -> str:
    role = "Limits" if ev.role == "limits" else "Supports"
    if ev.role == "limits" and ev.pattern:
        role += f" [{ev.pattern}]"
    return f"- {role} — {one_line(ev.citation)}, {lines_text(ev)}: “{one_line(ev.quote)}”"


def _source_line(s: SourceRef) -> str:
    text = f"- {one_line(s.instrument)}"
    if s.pinpoint:
        text += f", {one_line(s.pinpoint)}"
    if not s.verified:
        text += " (pinpoint unverified)"
    return text


def _finding(f: Finding) -> list[str]:
    out = [
        f"### {f.requirement} — {one_line(f.title)}",
        "",
        f"**Status: {f.status}** · severity: {f.severity}",
        "",
        f.rationale.strip(),
        "",
    ]
    if f.evidence:
        out += ["Evidence:", ""]
        out += [_evidence_line(ev) for ev in f.evidence]
        out.append("")
        more = omitted_text(f)
        if more:
            out += [more, ""]
    elif f.status != "met":
        out += ["Evidence: no provision of the document addresses this requirement.", ""]
    if f.patterns:
        out += [f"Deficiency patterns: {', '.join(f.patterns)}", ""]
    if f.status != "met" and f.recommendation:
        out += [f"**Recommendation:** {f.recommendation.strip()}", ""]
    if f.sources:
        out += ["Sources:", ""]
        out += [_source_line(s) for s in f.sources]
        out.append("")
    return out


def _report(a: Assessment, level: str = "#") -> list[str]:
    doc = a.document
    heading = one_line(doc.title or doc.path or "untitled document")
    out = [f"{level} npgap report — {heading}", ""]
    out.append(f"- Document: {doc.path if doc.path is not None else '(no path)'}")
    if doc.title:
        out.append(f"- Title: {one_line(doc.title)}")
    out.append(f"- SHA-256: {doc.sha256}")
    out.append(f"- Framework: {a.framework_id} {a.framework_version}")
    out.append(f"- npgap {a.npgap_version}")
    out += [f"- Note: {note_text(n)}" for n in doc.notes]
    out += ["", f"**Score: {score_text(a.score)} / 100**", ""]

    if a.groups:
        statuses = _count_keys(a)
        out.append("| Group | Title | Score | " + " | ".join(statuses) + " |")
        out.append("|---|---|---:|" + "---:|" * len(statuses))
        for g in a.groups:
            counts = dict(g.counts)
            cells = " | ".join(str(counts.get(s, 0)) for s in statuses)
            out.append(f"| {_cell(g.id)} | {_cell(g.title)} | {score_text(g.score)} | {cells} |")
        out.append("")

    out += ["## Summary", "", "| Requirement | Title | Status | Severity |", "|---|---|---|---|"]
    for f in a.findings:
        out.append(
            f"| {_cell(f.requirement)} | {_cell(f.title)} | {_cell(f.status)} "
            f"| {_cell(f.severity)} |"
        )
    out.append("")

    for gid, title, findings in grouped_findings(a):
        out += [f"## {gid}. {one_line(title)}" if title != gid else f"## {gid}", ""]
        for f in findings:
            out += _finding(f)
    return out


def _count_keys(a: Assessment) -> list[str]:
    """Status columns of the group table: met/partial/missing first, then any others."""
    keys: list[str] = ["met", "partial", "missing"]
    for g in a.groups:
        for k, _ in g.counts:
            if k not in keys:
                keys.append(k)
    return keys


def _comparison(assessments: Sequence[Assessment]) -> list[str]:
    labels = document_labels(assessments)
    statuses = [a.statuses() for a in assessments]
    out = ["# npgap comparison", ""]
    out.append("| Requirement | Title | " + " | ".join(_cell(x) for x in labels) + " |")
    out.append("|---|---|" + "---|" * len(labels))
    scores = " | ".join(f"**{score_text(a.score)}**" for a in assessments)
    out.append(f"| **Score** | | {scores} |")
    for req, title in requirement_rows(assessments):
        cells = " | ".join(_cell(s.get(req, "—")) for s in statuses)
        out.append(f"| {_cell(req)} | {_cell(title)} | {cells} |")
    out.append("")
    return out


def render_markdown(a: Assessment) -> str:
    """One assessment as a Markdown report."""
    return "\n".join(_report(a)).rstrip("\n") + "\n"


def render_markdown_many(assessments: Sequence[Assessment]) -> str:
    """One report, or for several documents a comparison table then each report."""
    if len(assessments) == 1:
        return render_markdown(assessments[0])
    if not assessments:
        return "# npgap report\n\nNo documents were assessed.\n"
    out = _comparison(assessments)
    for a in assessments:
        out += ["---", ""]
        out += _report(a)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
