"""Renderers: turn Assessments into JSON, Markdown, SARIF, HTML or CSV text.

Why one dispatcher: the CLI's ``--format`` maps straight onto `render`, and every format
takes the same input (a sequence of assessments, one per document) so adding a format
touches nothing else. Renderers read only `npgap.findings`; none knows how a status arose.
"""

from __future__ import annotations

from collections.abc import Sequence

from npgap.findings import Assessment
from npgap.render.csv import render_csv
from npgap.render.html import render_html
from npgap.render.json import (
    assessment_from_json,
    assessments_from_json,
    render_json,
    render_json_many,
)
from npgap.render.markdown import render_markdown, render_markdown_many
from npgap.render.sarif import render_sarif

__all__ = [
    "FORMATS",
    "assessment_from_json",
    "assessments_from_json",
    "render",
    "render_csv",
    "render_html",
    "render_json",
    "render_json_many",
    "render_markdown",
    "render_markdown_many",
    "render_sarif",
]

#: Output formats, the first being the default.
FORMATS: tuple[str, ...] = ("md", "json", "sarif", "html", "csv")


def render(assessments: Sequence[Assessment], fmt: str) -> str:
    """Render assessments in one of `FORMATS` (ValueError for any other name)."""
    if fmt == "md":
        return render_markdown_many(assessments)
    if fmt == "json":
        return render_json_many(assessments)
    if fmt == "sarif":
        return render_sarif(assessments)
    if fmt == "html":
        return render_html(assessments)
    if fmt == "csv":
        return render_csv(assessments)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
