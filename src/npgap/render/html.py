"""A self-contained HTML page: the Markdown report's content, for a browser or an email.

Why no JavaScript and inline CSS: the page must open offline, from an attachment, years
later; every piece of text from a statute or a framework passes through `html.escape`.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

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

__all__ = ["render_html"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#1b1b1b;line-height:1.5}
table{border-collapse:collapse;margin:1rem 0}
th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}
td.num{text-align:right}
.status{font-weight:600;padding:.05rem .45rem;border-radius:.3rem;white-space:nowrap}
.st-met{background:#d9f2dd;color:#0b5b1d}
.st-partial{background:#fff1c2;color:#6b4e00}
.st-missing{background:#fbd5d5;color:#8a1414}
.st-other{background:#e6e6e6;color:#333}
.score{font-size:1.4rem;font-weight:700}
blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.8rem;border-left:3px solid #bbb}
.limits blockquote{border-left-color:#c0392b}
.finding{border-top:1px solid #ddd;padding-top:.5rem;margin-top:1rem}
.meta{color:#555}
.unverified{color:#8a1414;font-style:italic}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _status(status: str) -> str:
    cls = f"st-{status}" if status in ("met", "partial", "missing") else "st-other"
    return f'<span class="status {cls}">{_e(status)}</span>'


def _evidence(ev: Evidence) -> str:
    role = "limits" if ev.role == "limits" else "supports"
    label = "Limits" if role == "limits" else "Supports"
    if role == "limits" and ev.pattern:
        label += f" <code>{_e(ev.pattern)}</code>"
    return (
        f'<li class="{role}">{label} — {_e(one_line(ev.citation))}, {_e(lines_text(ev))}'
        f"<blockquote>{_e(ev.quote.strip())}</blockquote></li>"
    )


def _source(s: SourceRef) -> str:
    text = _e(one_line(s.instrument))
    if s.pinpoint:
        text += f", {_e(one_line(s.pinpoint))}"
    if not s.verified:
        text += ' <span class="unverified">(pinpoint unverified)</span>'
    return f"<li>{text}</li>"


def _paragraphs(text: str) -> str:
    parts = [p.strip() for p in text.strip().split("\n\n") if p.strip()]
    return "".join(f"<p>{_e(p)}</p>" for p in parts)


def _finding(f: Finding, anchor: str) -> list[str]:
    out = [
        f'<section class="finding" id="{_e(anchor)}">',
        f"<h4>{_e(f.requirement)} — {_e(one_line(f.title))}</h4>",
        f'<p>{_status(f.status)} <span class="meta">severity: {_e(f.severity)}</span></p>',
        _paragraphs(f.rationale),
    ]
    if f.evidence:
        out.append("<p>Evidence:</p><ul>")
        out += [_evidence(ev) for ev in f.evidence]
        out.append("</ul>")
        more = omitted_text(f)
        if more:
            out.append(f"<p>{_e(more)}</p>")
    elif f.status != "met":
        out.append("<p>Evidence: no provision of the document addresses this requirement.</p>")
    if f.patterns:
        codes = ", ".join(f"<code>{_e(p)}</code>" for p in f.patterns)
        out.append(f"<p>Deficiency patterns: {codes}</p>")
    if f.status != "met" and f.recommendation:
        out.append(f"<p><strong>Recommendation:</strong> {_e(f.recommendation.strip())}</p>")
    if f.sources:
        out.append("<p>Sources:</p><ul>")
        out += [_source(s) for s in f.sources]
        out.append("</ul>")
    out.append("</section>")
    return out


def _report(a: Assessment, n: int) -> list[str]:
    doc = a.document
    heading = one_line(doc.title or doc.path or "untitled document")
    out = [f'<article id="doc-{n}">', f"<h2>npgap report — {_e(heading)}</h2>", "<ul>"]
    out.append(f"<li>Document: {_e(doc.path) if doc.path is not None else '(no path)'}</li>")
    if doc.title:
        out.append(f"<li>Title: {_e(one_line(doc.title))}</li>")
    out.append(f"<li>SHA-256: <code>{_e(doc.sha256)}</code></li>")
    out.append(f"<li>Framework: {_e(a.framework_id)} {_e(a.framework_version)}</li>")
    out.append(f"<li>npgap {_e(a.npgap_version)}</li>")
    out += [f"<li>Note: {_e(note_text(n))}</li>" for n in doc.notes]
    out.append("</ul>")
    out.append(f'<p class="score">Score: {score_text(a.score)} / 100</p>')
    if a.groups:
        keys = ["met", "partial", "missing"]
        for g in a.groups:
            keys += [k for k, _ in g.counts if k not in keys]
        out.append("<table><thead><tr><th>Group</th><th>Title</th><th>Score</th>")
        out.append("".join(f"<th>{_e(k)}</th>" for k in keys) + "</tr></thead><tbody>")
        for g in a.groups:
            counts = dict(g.counts)
            cells = "".join(f'<td class="num">{counts.get(k, 0)}</td>' for k in keys)
            out.append(
                f"<tr><td>{_e(g.id)}</td><td>{_e(g.title)}</td>"
                f'<td class="num">{score_text(g.score)}</td>{cells}</tr>'
            )
        out.append("</tbody></table>")
    out.append("<h3>Summary</h3>")
    out.append(
        "<table><thead><tr><th>Requirement</th><th>Title</th><th>Status</th>"
        "<th>Severity</th></tr></thead><tbody>"
    )
    anchors = {id(f): f"doc-{n}-f{i}" for i, f in enumerate(a.findings)}
    for f in a.findings:
        out.append(
            f'<tr><td><a href="#{anchors[id(f)]}">{_e(f.requirement)}</a></td>'
            f"<td>{_e(one_line(f.title))}</td><td>{_status(f.status)}</td>"
            f"<td>{_e(f.severity)}</td></tr>"
        )
    out.append("</tbody></table>")
    for gid, title, findings in grouped_findings(a):
        label = f"{gid}. {one_line(title)}" if title != gid else gid
        out.append(f"<h3>{_e(label)}</h3>")
        for f in findings:
            out += _finding(f, anchors[id(f)])
    out.append("</article>")
    return out


def _comparison(assessments: Sequence[Assessment]) -> list[str]:
    labels = document_labels(assessments)
    statuses = [a.statuses() for a in assessments]
    out = ["<h1>npgap comparison</h1>", "<table><thead><tr><th>Requirement</th><th>Title</th>"]
    out.append(
        "".join(f'<th><a href="#doc-{i}">{_e(x)}</a></th>' for i, x in enumerate(labels))
        + "</tr></thead><tbody>"
    )
    scores = "".join(
        f'<td class="num"><strong>{score_text(a.score)}</strong></td>' for a in assessments
    )
    out.append(f"<tr><th>Score</th><td></td>{scores}</tr>")
    for req, title in requirement_rows(assessments):
        cells = "".join(f"<td>{_status(s[req]) if req in s else '—'}</td>" for s in statuses)
        out.append(f"<tr><td>{_e(req)}</td><td>{_e(one_line(title))}</td>{cells}</tr>")
    out.append("</tbody></table>")
    return out


def render_html(assessments: Sequence[Assessment]) -> str:
    """One HTML page: a comparison table when there are several documents, then each report."""
    if len(assessments) == 1:
        a = assessments[0]
        title = f"npgap report — {one_line(a.document.title or a.document.path or 'document')}"
    else:
        title = "npgap comparison" if assessments else "npgap report"
    body: list[str] = []
    if len(assessments) > 1:
        body += _comparison(assessments)
    if not assessments:
        body.append("<p>No documents were assessed.</p>")
    for n, a in enumerate(assessments):
        body += _report(a, n)
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
    ]
    return "\n".join([*head, *body, "</body>", "</html>"]) + "\n"
