"""CSV: one row per (document, requirement), for spreadsheets and country comparisons.

Why these columns: a consultant filters and pivots by framework, group, status and
severity, and needs the place in the statute (citation, line) next to the reason.
The evidence shown is the primary one, as in SARIF: the first limit, else the first support.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from npgap.findings import Assessment
from npgap.render._common import primary_evidence, score_text

__all__ = ["CSV_COLUMNS", "render_csv"]

#: Header row, in column order.
CSV_COLUMNS: tuple[str, ...] = (
    "path",
    "sha256",
    "framework",
    "framework_version",
    "requirement",
    "title",
    "group",
    "status",
    "severity",
    "score",
    "evidence_citation",
    "evidence_line",
    "rationale",
)


def render_csv(assessments: Sequence[Assessment]) -> str:
    """All findings of all documents as CSV text with a header, `\\n` line endings.

    `score` is the document's overall score, repeated on each of its rows so that any
    filtered subset of rows still carries it.
    """
    buf = io.StringIO()
    # QUOTE_ALL: with a "\n" terminator, QUOTE_MINIMAL leaves a lone "\r" unquoted,
    # and a stray carriage return in a quoted statute would then split the row
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for a in assessments:
        score = score_text(a.score)
        for f in a.findings:
            ev = primary_evidence(f)
            writer.writerow(
                (
                    a.document.path or "",
                    a.document.sha256,
                    a.framework_id,
                    a.framework_version,
                    f.requirement,
                    f.title,
                    f.group,
                    f.status,
                    f.severity,
                    score,
                    ev.citation if ev else "",
                    str(ev.line) if ev else "",
                    f.rationale,
                )
            )
    return buf.getvalue()
