"""What an assessment says: findings with their evidence, and the scores.

These classes are the boundary between the engine (match, score) and the renderers:
renderers read only these, so a new output format never needs to know how a status
was reached.
"""

from __future__ import annotations

import attrs

from npgap.tree import Note

__all__ = [
    "STATUSES",
    "Assessment",
    "DocumentInfo",
    "Evidence",
    "Finding",
    "GroupScore",
    "Note",
    "SourceRef",
]

#: Statuses from best to worst.
STATUSES: tuple[str, ...] = ("met", "partial", "missing")


@attrs.frozen(slots=True)
class Evidence:
    """A provision that supports or limits a finding, quoted and located.

    role is ``supports`` or ``limits``; `pattern` names the deficiency pattern (e.g.
    ``DP-EXCLUSION-SCHEDULE``) when the evidence is a limit. Lines and columns are
    1-based and point into the original file; `end_line`/`end_column` are inclusive.
    """

    role: str
    citation: str
    eid: str
    line: int
    end_line: int
    quote: str
    column: int = 1
    end_column: int = 1
    pattern: str | None = None


@attrs.frozen(slots=True)
class SourceRef:
    """An instrument that sets a requirement; `verified` is False for an unchecked pinpoint."""

    instrument: str
    pinpoint: str
    verified: bool


@attrs.frozen(slots=True)
class Finding:
    """The status of one requirement, with why, where, and what would close the gap.

    `evidence` lists at most a few provisions per role, strongest first;
    `omitted_supports` / `omitted_limits` count those of each role left out (an act
    that repeats a clause 100,000 times gives a finding five quotes and a count).
    """

    requirement: str
    title: str
    status: str
    severity: str
    group: str
    evidence: tuple[Evidence, ...]
    rationale: str
    recommendation: str | None
    sources: tuple[SourceRef, ...]
    patterns: tuple[str, ...] = ()
    omitted_supports: int = 0
    omitted_limits: int = 0


@attrs.frozen(slots=True)
class GroupScore:
    """Sub-score (0–100) of one group of requirements (A–H)."""

    id: str
    title: str
    score: float
    counts: tuple[tuple[str, int], ...]


@attrs.frozen(slots=True)
class DocumentInfo:
    """Which document was assessed: its path (as given), SHA-256 of its bytes, title,
    and what reading it noted (the encoding guessed for bytes that are not UTF-8, text
    whose structure was not recognised), so a report says how its text was read."""

    path: str | None
    sha256: str
    title: str | None
    notes: tuple[Note, ...] = ()


@attrs.frozen(slots=True)
class Assessment:
    """A whole assessment: one finding per requirement, in framework order."""

    npgap_version: str
    document: DocumentInfo
    framework_id: str
    framework_version: str
    score: float
    groups: tuple[GroupScore, ...]
    findings: tuple[Finding, ...]

    def finding(self, requirement: str) -> Finding:
        """The finding for a requirement id (KeyError if the framework lacks it)."""
        for f in self.findings:
            if f.requirement == requirement:
                return f
        raise KeyError(requirement)

    def statuses(self) -> dict[str, str]:
        """Requirement id → status, in framework order."""
        return {f.requirement: f.status for f in self.findings}

    def to_json(self) -> str:
        """The JSON contract (schema 1), byte-identical for identical assessments."""
        from npgap.render.json import render_json

        return render_json(self)
