"""Renderer tests: each format on hand-built assessments, and properties on random ones."""

from __future__ import annotations

import csv
import io
import json
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from npgap.errors import InputError
from npgap.findings import (
    STATUSES,
    Assessment,
    DocumentInfo,
    Evidence,
    Finding,
    GroupScore,
    Note,
    SourceRef,
)
from npgap.render import (
    FORMATS,
    assessment_from_json,
    assessments_from_json,
    render,
    render_csv,
    render_html,
    render_json,
    render_json_many,
    render_markdown,
    render_markdown_many,
    render_sarif,
)
from npgap.render.csv import CSV_COLUMNS
from render_fixtures import bill_assessment, clean_assessment, tricky_assessment

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
SARIF_SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
SARIF_VALIDATOR = jsonschema.Draft7Validator(
    SARIF_SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
)


def sarif_errors(text: str) -> list[str]:
    return [e.message for e in SARIF_VALIDATOR.iter_errors(json.loads(text))]


# -- JSON -----------------------------------------------------------------------------

TOP_KEYS = ["npgap", "schema", "document", "framework", "score", "groups", "findings"]
FINDING_KEYS = [
    "requirement",
    "title",
    "status",
    "severity",
    "group",
    "evidence",
    "evidence_omitted",
    "rationale",
    "recommendation",
    "sources",
    "patterns",
]
EVIDENCE_KEYS = [
    "role",
    "citation",
    "eid",
    "line",
    "end_line",
    "column",
    "end_column",
    "quote",
    "pattern",
]


def test_json_has_every_contract_key_in_fixed_order() -> None:
    a = tricky_assessment()
    data = json.loads(render_json(a))
    assert list(data) == TOP_KEYS
    assert data["schema"] == 1
    assert data["npgap"] == "0.1.0"
    assert list(data["document"]) == ["path", "sha256", "title", "notes"]
    assert data["document"]["notes"] == [
        {"line": 1, "column": 1, "message": "not UTF-8: decoded as cp1252 (Windows-1252)"}
    ]
    assert data["document"]["path"] == "corpora/uk/Modern Slavery Act & co.txt"
    assert data["framework"] == {"id": "mlp2020-art13", "version": "1.0"}
    assert data["score"] == 57.1
    assert list(data["groups"]) == ["A", "B", "C"]
    assert data["groups"]["C"] == {
        "title": "What it covers",
        "score": 50.0,
        "counts": {"met": 0, "partial": 1, "missing": 0},
    }
    assert [f["requirement"] for f in data["findings"]] == [
        "NP-PROVISION",
        "NP-PRESUMED",
        "NP-ALL-OFFENCES",
    ]
    for f in data["findings"]:
        assert list(f) == FINDING_KEYS
        for ev in f["evidence"]:
            assert list(ev) == EVIDENCE_KEYS
        for s in f["sources"]:
            assert list(s) == ["instrument", "pinpoint", "verified"]
    assert [f["evidence_omitted"] for f in data["findings"]] == [
        {"supports": 0, "limits": 0},
        {"supports": 0, "limits": 0},
        {"supports": 1, "limits": 38},
    ]
    limit = data["findings"][2]["evidence"][1]
    assert limit["role"] == "limits"
    assert limit["pattern"] == "DP-EXCLUSION-SCHEDULE"
    assert (limit["line"], limit["end_line"], limit["column"], limit["end_column"]) == (
        33,
        33,
        3,
        70,
    )
    assert data["findings"][1]["sources"] == [
        {"instrument": "A/HRC/47/34", "pinpoint": "para. 58 (b)", "verified": False}
    ]


def test_json_text_form() -> None:
    text = render_json(tricky_assessment())
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert "São Tomé" in text and "\\u" not in text  # ensure_ascii=False
    assert text.startswith('{\n  "npgap": "0.1.0",\n  "schema": 1,\n')
    assert text == render_json(tricky_assessment())  # byte-identical across renders
    assert tricky_assessment().to_json() == text


def test_json_round_trip() -> None:
    for a in (tricky_assessment(), clean_assessment(), bill_assessment()):
        text = render_json(a)
        back = assessment_from_json(text)
        assert render_json(back) == text
        assert back.findings == a.findings
        assert back.document == a.document
        assert back.groups[0] == a.groups[0] if a.groups else back.groups == ()
    # scores are stored to one decimal, so the reload carries the rounded score
    assert assessment_from_json(render_json(tricky_assessment())).score == 57.1


def test_json_reload_of_a_report_without_the_optional_keys() -> None:
    """A report written before `evidence_omitted` and `document.notes` existed reloads
    with zeros and no notes, and nothing else changes."""
    data = json.loads(render_json(tricky_assessment()))
    del data["document"]["notes"]
    for f in data["findings"]:
        del f["evidence_omitted"]
    back = assessment_from_json(json.dumps(data))
    assert back.document.notes == ()
    assert [(f.omitted_supports, f.omitted_limits) for f in back.findings] == [(0, 0)] * 3
    assert [f.evidence for f in back.findings] == [f.evidence for f in tricky_assessment().findings]
    data["findings"][0]["evidence_omitted"] = {"supports": "2", "limits": 0}
    with pytest.raises(InputError, match=r"findings\[0\]\.evidence_omitted\.supports"):
        assessment_from_json(json.dumps(data))


def test_json_many() -> None:
    a, b = tricky_assessment(), clean_assessment()
    assert render_json_many([a]) == render_json(a)
    many = json.loads(render_json_many([a, b]))
    assert isinstance(many, list) and len(many) == 2
    assert many[1]["document"]["title"] == "Loi n° 2010-12"
    assert assessments_from_json(render_json_many([a, b]))[1].findings == b.findings
    assert render_json_many([]) == "[]\n"


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "{}",
        '{"schema": 2}',
        "[1, 2]",
        '{"schema": true}',
        "[" * 100_000,
    ],
)
def test_json_reload_rejects_non_reports(text: str) -> None:
    with pytest.raises(InputError):
        assessments_from_json(text)


def test_json_reload_rejects_wrong_types() -> None:
    data = json.loads(render_json(tricky_assessment()))
    data["findings"][2]["evidence"][0]["line"] = "12"
    with pytest.raises(InputError, match=r"findings\[2\]\.evidence\[0\]\.line"):
        assessment_from_json(json.dumps(data))
    with pytest.raises(InputError, match="expected one"):
        assessment_from_json(render_json_many([tricky_assessment(), clean_assessment()]))


def test_json_rejects_non_finite_score() -> None:
    a = tricky_assessment()
    bad = Assessment(
        a.npgap_version, a.document, a.framework_id, a.framework_version, float("nan"),
        a.groups, a.findings,
    )  # fmt: skip
    with pytest.raises(ValueError):
        render_json(bad)


# -- SARIF ----------------------------------------------------------------------------


def test_sarif_is_valid_and_places_results() -> None:
    a = tricky_assessment()
    text = render_sarif([a])
    assert sarif_errors(text) == []
    log = json.loads(text)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "npgap" and driver["version"] == "0.1.0"
    assert "informationUri" not in driver
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [f.requirement for f in a.findings]
    assert rules[2]["shortDescription"]["text"] == "Every offence, whatever its gravity"
    assert rules[2]["help"]["text"].startswith("Delete subsection (7)")
    assert rules[2]["properties"]["group"] == "C"
    assert rules[2]["properties"]["severity"] == "high"
    assert rules[2]["properties"]["sources"][1]["verified"] is False
    assert "help" not in rules[0]  # met everywhere: no recommendation to give

    results = run["results"]
    assert [r["ruleId"] for r in results] == ["NP-PRESUMED", "NP-ALL-OFFENCES"]
    missing, partial = results
    assert missing["level"] == "error" and partial["level"] == "warning"
    assert missing["message"]["text"].startswith("missing: Nothing in the Act")
    assert missing["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    loc = partial["locations"][0]["physicalLocation"]
    # the limit, not the first (supporting) evidence, is where the result sits
    assert loc["region"] == {"startLine": 33, "endLine": 33, "startColumn": 3, "endColumn": 71}
    assert loc["artifactLocation"] == {
        "uri": "corpora/uk/Modern%20Slavery%20Act%20%26%20co.txt",
        "uriBaseId": "SRCROOT",
        "index": 0,
    }
    related = partial["relatedLocations"]
    assert len(related) == 1
    assert related[0]["physicalLocation"]["region"]["startLine"] == 12
    assert partial["ruleIndex"] == 2
    assert run["artifacts"][0]["hashes"] == {"sha-256": "ab" * 32}
    assert text == render_sarif([tricky_assessment()])


def test_sarif_include_met_and_several_documents() -> None:
    docs = [tricky_assessment(), clean_assessment(), bill_assessment()]
    text = render_sarif(docs, include_met=True)
    assert sarif_errors(text) == []
    run = json.loads(text)["runs"][0]
    assert len(run["artifacts"]) == 3
    assert len(run["tool"]["driver"]["rules"]) == 3
    assert len(run["results"]) == sum(len(d.findings) for d in docs)
    met = [r for r in run["results"] if r["properties"]["status"] == "met"]
    assert met and {r["level"] for r in met} == {"note"}
    # the path-less document is located by artifact index only
    second = [r for r in run["results"] if r["locations"][0]["physicalLocation"]
              ["artifactLocation"]["index"] == 1]  # fmt: skip
    assert second and all(
        "uri" not in r["locations"][0]["physicalLocation"]["artifactLocation"] for r in second
    )
    # default columns (1, 1) mean "unknown": whole lines
    assert second[0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 7,
        "endLine": 8,
    }
    # absolute path: a file URI, no base id; evidence-less partial on line 1
    third = [r for r in run["results"] if r["locations"][0]["physicalLocation"]
             ["artifactLocation"]["index"] == 2]  # fmt: skip
    assert third[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "file:///abs/bills/draft%20bill.txt"
    )
    assert third[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert render_sarif(docs) != text  # without include_met, fewer results
    assert len(json.loads(render_sarif(docs))["runs"][0]["results"]) == 2 + 1 + 3


def test_sarif_windows_and_empty() -> None:
    text = render_sarif([bill_assessment("C:\\laws\\bill.txt")])
    assert sarif_errors(text) == []
    art = json.loads(text)["runs"][0]["artifacts"][0]
    assert art["location"] == {"uri": "file:///C:/laws/bill.txt"}
    empty = render_sarif([])
    assert sarif_errors(empty) == []
    assert json.loads(empty)["runs"][0]["results"] == []


def test_sarif_validator_is_not_toothless() -> None:
    log = json.loads(render_sarif([tricky_assessment()]))
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert sarif_errors(json.dumps(log))
    log = json.loads(render_sarif([tricky_assessment()]))
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert sarif_errors(json.dumps(log))


# -- Markdown -------------------------------------------------------------------------


def test_markdown_report() -> None:
    md = render_markdown(tricky_assessment())
    assert md.startswith("# npgap report — Modern Slavery Act 2015 <c. 30>\n")
    assert "**Score: 57.1 / 100**" in md
    assert "| C | What it covers | 50.0 | 0 | 1 | 0 |" in md
    assert (
        "| NP-PRESUMED | Presumed victims — sans identification formelle | missing | high |" in md
    )
    assert (
        "- Limits [DP-EXCLUSION-SCHEDULE] — s. 45(7), line 33: “Subsections (1) and (4) do "
        "not apply to an offence listed in Schedule 4.”"
    ) in md
    # multi-line quote on one line, quotes and specials kept as written
    assert (
        "- Supports — s. 45(1), lines 12–14: “A person is not guilty of an offence if— (a) the "
        'person is a "victim" of slavery & <exploitation>, and”'
    ) in md
    assert "**Recommendation:** Delete subsection (7)" in md
    # evidence left out is counted, once, under the evidence of its finding
    assert md.count("Not listed:") == 1
    assert (
        "“Subsections (1) and (4) do not apply to an offence listed in Schedule 4.”\n\n"
        "Not listed: 1 more supporting provision and 38 more limiting provisions "
        "(the strongest are shown).\n"
    ) in md
    assert "- Note: line 1, column 1: not UTF-8: decoded as cp1252 (Windows-1252)\n" in md
    assert "- A/HRC/47/34, para. 58 (b) (pinpoint unverified)" in md
    assert "- UNODC Model Legislative Provisions (2020), art. 13(1)\n" in md
    # groups in order, findings under their group
    a_pos, b_pos, c_pos = (md.index(h) for h in ("## A. Existence", "## B. Whom", "## C. What"))
    assert a_pos < md.index("### NP-PROVISION") < b_pos < md.index("### NP-PRESUMED") < c_pos
    # a met finding gets no recommendation; the summary lists every requirement
    met_section = md[md.index("### NP-PROVISION") : b_pos]
    assert "Recommendation" not in met_section
    assert md.count("\n| NP-") == 3
    assert md == render_markdown(tricky_assessment())


def test_markdown_comparison() -> None:
    a, b = tricky_assessment(), clean_assessment()
    md = render_markdown_many([a, b])
    assert md.startswith("# npgap comparison\n")
    table_end = md.index("\n\n", md.index("| Requirement"))
    table = md[md.index("| Requirement") : table_end].splitlines()
    assert table[0] == "| Requirement | Title | Modern Slavery Act 2015 <c. 30> | Loi n° 2010-12 |"
    assert "| **Score** | | **57.1** | **91.7** |" in table
    assert (
        "| NP-PRESUMED | Presumed victims — sans identification formelle | missing | partial |"
        in (table)
    )
    assert (
        md.index("# npgap comparison")
        < md.index("# npgap report — Modern")
        < md.index("# npgap report — Loi")
    )
    assert render_markdown_many([a]) == render_markdown(a)
    assert "No documents" in render_markdown_many([])


def test_markdown_table_cells_escape_pipes() -> None:
    a = tricky_assessment()
    f = a.findings[0]
    piped = Finding(f.requirement, "Victims | presumed\nvictims", f.status, f.severity,
                    f.group, f.evidence, f.rationale, f.recommendation, f.sources)  # fmt: skip
    md = render_markdown(
        Assessment(
            a.npgap_version,
            a.document,
            a.framework_id,
            a.framework_version,
            a.score,
            a.groups,
            (piped,),
        )
    )
    assert "| NP-PROVISION | Victims \\| presumed victims | met | critical |" in md


# -- HTML -----------------------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr"}


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"unbalanced </{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_html(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.problems == []
    assert checker.stack == []
    return checker


def test_html_escapes_and_balances() -> None:
    page = render_html([tricky_assessment()])
    checker = check_html(page)
    assert page.startswith("<!DOCTYPE html>")
    assert "script" not in checker.tags and "<script" not in page
    assert "&lt;exploitation&gt;" in page and "<exploitation>" not in page
    assert "slavery &amp; " in page and "&quot;victim&quot;" in page
    text = "".join(checker.text)
    assert "Modern Slavery Act 2015 <c. 30>" in text  # unescaped back to the original
    assert "s. 45(7), line 33" in text
    assert "Subsections (1) and (4) do not apply to an offence listed in Schedule 4." in text
    assert "(pinpoint unverified)" in text
    assert "Delete subsection (7)" in text
    assert "Not listed: 1 more supporting provision and 38 more limiting provisions" in text
    assert "Note: line 1, column 1: not UTF-8: decoded as cp1252" in text
    assert "São Tomé | pipes" in text
    for status in STATUSES:
        assert f'class="status st-{status}"' in page
    assert page == render_html([tricky_assessment()])


def test_html_comparison() -> None:
    page = render_html([tricky_assessment(), clean_assessment()])
    checker = check_html(page)
    text = "".join(checker.text)
    assert text.index("npgap comparison") < text.index("npgap report — Modern")
    assert 'href="#doc-1"' in page and 'id="doc-1"' in page
    check_html(render_html([]))


# -- CSV ------------------------------------------------------------------------------


def test_csv_rows() -> None:
    docs = [tricky_assessment(), clean_assessment()]
    text = render_csv(docs)
    assert "\r" not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(CSV_COLUMNS)
    assert len(rows) == 1 + 3 + 3
    by_req = {(r[0], r[4]): dict(zip(CSV_COLUMNS, r, strict=True)) for r in rows[1:]}
    row = by_req[("corpora/uk/Modern Slavery Act & co.txt", "NP-ALL-OFFENCES")]
    assert row["status"] == "partial" and row["score"] == "57.1"
    assert (row["evidence_citation"], row["evidence_line"]) == ("s. 45(7)", "33")
    assert row["rationale"].startswith('Excludes the offences of Schedule 4 ("serious" ones)')
    presumed = by_req[("corpora/uk/Modern Slavery Act & co.txt", "NP-PRESUMED")]
    assert presumed["evidence_line"] == "" and "\n\nSecond paragraph" in presumed["rationale"]
    assert by_req[("", "NP-PRESUMED")]["framework"] == "mlp2020-art13"
    assert render_csv(docs) == text
    assert render_csv([]) == ",".join(f'"{c}"' for c in CSV_COLUMNS) + "\n"


# -- dispatcher and speed ---------------------------------------------------------------


def test_csv_keeps_stray_carriage_returns_inside_their_field() -> None:
    a = clean_assessment()
    f = a.findings[0]
    odd = Finding(f.requirement, "line one\rline two", f.status, f.severity, f.group,
                  f.evidence, "a\r\nb", None, ())  # fmt: skip
    a = Assessment(a.npgap_version, a.document, a.framework_id, "1\r", a.score, a.groups, (odd,))
    rows = list(csv.reader(io.StringIO(render_csv([a]), newline="")))
    assert len(rows) == 2
    row = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert (row["title"], row["rationale"], row["framework_version"]) == (
        "line one\rline two",
        "a\r\nb",
        "1\r",
    )


def test_dispatcher() -> None:
    docs = [tricky_assessment(), clean_assessment()]
    assert FORMATS == ("md", "json", "sarif", "html", "csv")
    expected = {
        "md": render_markdown_many(docs),
        "json": render_json_many(docs),
        "sarif": render_sarif(docs),
        "html": render_html(docs),
        "csv": render_csv(docs),
    }
    for fmt in FORMATS:
        assert render(docs, fmt) == expected[fmt]
    with pytest.raises(ValueError, match="unknown format"):
        render(docs, "xml")


def _big_assessment(n: int = 100) -> Assessment:
    t = tricky_assessment()
    findings = tuple(
        Finding(
            f"NP-R{i:03d}",
            f"Requirement {i}",
            STATUSES[i % 3],
            "high",
            "ABC"[i % 3],
            t.findings[2].evidence,
            "Because section 45(7) excludes Schedule 4 offences. " * 3,
            "Delete subsection (7).",
            t.findings[2].sources,
        )
        for i in range(n)
    )
    return Assessment("0.1.0", t.document, "fw", "1", 50.0, t.groups, findings)


def test_rendering_100_findings_is_fast() -> None:
    docs = [_big_assessment()]
    for fmt in FORMATS:
        render(docs, fmt)  # warm up
        start = time.perf_counter()
        render(docs, fmt)
        elapsed = time.perf_counter() - start
        # a few ms on a laptop; the bound leaves room for a loaded CI machine
        assert elapsed < 0.1, (fmt, elapsed)


# -- properties -----------------------------------------------------------------------

_text = st.text(max_size=40)
_ident = st.from_regex(r"[A-Z][A-Z0-9-]{0,12}", fullmatch=True)
_score = st.integers(0, 1000).map(lambda n: n / 10)


@st.composite
def _evidence(draw: st.DrawFn) -> Evidence:
    line = draw(st.integers(1, 5000))
    role = draw(st.sampled_from(["supports", "limits"]))
    return Evidence(
        role=role,
        citation=draw(_text),
        eid=draw(st.from_regex(r"[a-z0-9_]{0,20}", fullmatch=True)),
        line=line,
        end_line=line + draw(st.integers(0, 30)),
        quote=draw(st.text(max_size=80)),
        column=draw(st.integers(1, 200)),
        end_column=draw(st.integers(1, 200)),
        pattern=draw(st.none() | _ident) if role == "limits" else None,
    )


_source = st.builds(SourceRef, instrument=_text, pinpoint=_text, verified=st.booleans())


@st.composite
def _finding(draw: st.DrawFn, requirement: str, group: str) -> Finding:
    return Finding(
        requirement=requirement,
        title=draw(_text),
        status=draw(st.sampled_from(STATUSES)),
        severity=draw(st.sampled_from(["critical", "high", "medium", "low"])),
        group=group,
        evidence=tuple(draw(st.lists(_evidence(), max_size=3))),
        rationale=draw(st.text(max_size=120)),
        recommendation=draw(st.none() | _text),
        sources=tuple(draw(st.lists(_source, max_size=2))),
        patterns=tuple(draw(st.lists(_ident, max_size=2))),
        omitted_supports=draw(st.integers(0, 10**6)),
        omitted_limits=draw(st.integers(0, 10**6)),
    )


_path = st.none() | st.sampled_from(
    ["act.txt", "laws/ke/Act No. 8 of 2010.txt", "/tmp/x y/bill.txt", "C:\\bills\\b.txt"]
) | st.text(min_size=1, max_size=30)  # fmt: skip


@st.composite
def assessments(draw: st.DrawFn) -> Assessment:
    group_ids = draw(st.lists(_ident, min_size=1, max_size=4, unique=True))
    reqs = draw(st.lists(_ident, max_size=8, unique=True))
    groups = tuple(
        GroupScore(
            gid,
            draw(_text),
            draw(_score),
            tuple(
                (k, draw(st.integers(0, 20)))
                for k in draw(st.lists(st.sampled_from(STATUSES), unique=True))
            ),
        )
        for gid in group_ids
    )
    findings = tuple(draw(_finding(r, draw(st.sampled_from(group_ids)))) for r in reqs)
    return Assessment(
        npgap_version=draw(st.sampled_from(["0.1.0", "1.2.3.dev4"])),
        document=DocumentInfo(
            path=draw(_path),
            sha256=draw(st.sampled_from(["", "0" * 64, "ab" * 32])),
            title=draw(st.none() | _text),
            notes=tuple(
                draw(
                    st.lists(
                        st.builds(Note, _text, st.integers(1, 10**6), st.integers(1, 500)),
                        max_size=2,
                    )
                )
            ),
        ),
        framework_id=draw(_text),
        framework_version=draw(_text),
        score=draw(_score),
        groups=groups,
        findings=findings,
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(assessments(), min_size=1, max_size=3), st.booleans())
def test_random_sarif_is_valid(docs: list[Assessment], include_met: bool) -> None:
    text = render_sarif(docs, include_met=include_met)
    assert sarif_errors(text) == []
    run = json.loads(text)["runs"][0]
    expected = [
        (i, f) for i, a in enumerate(docs) for f in a.findings if include_met or f.status != "met"
    ]
    assert len(run["results"]) == len(expected)
    artifacts = run["artifacts"]
    assert len({json.dumps(x, sort_keys=True) for x in artifacts}) == len(artifacts)
    for result, (i, f) in zip(run["results"], expected, strict=True):
        assert result["ruleId"] == f.requirement
        region = result["locations"][0]["physicalLocation"]["region"]
        limits = [ev for ev in f.evidence if ev.role == "limits"]
        main = (limits or list(f.evidence))[0] if f.evidence else None
        if main is None:
            assert region == {"startLine": 1}
        else:
            assert (region["startLine"], region["endLine"]) == (main.line, main.end_line)
        where = result["locations"][0]["physicalLocation"]["artifactLocation"]
        art = artifacts[where["index"]]
        assert art.get("hashes", {}).get("sha-256", "") == docs[i].document.sha256
        assert art["properties"]["score"] == docs[i].score
        assert art.get("location", {}).get("uri") == where.get("uri")
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    assert set(rule_ids) == {f.requirement for a in docs for f in a.findings}


@settings(max_examples=200, deadline=None)
@given(assessments())
def test_random_json_round_trip(a: Assessment) -> None:
    text = render_json(a)
    back = assessment_from_json(text)
    assert back == a
    assert render_json(back) == text
    data = json.loads(text)
    assert list(data) == TOP_KEYS
    assert [f["requirement"] for f in data["findings"]] == [f.requirement for f in a.findings]


@settings(max_examples=50, deadline=None)
@given(st.lists(assessments(), max_size=3))
def test_random_html_and_csv_hold_together(docs: list[Assessment]) -> None:
    check_html(render_html(docs))
    rows = list(csv.reader(io.StringIO(render_csv(docs))))
    assert len(rows) == 1 + sum(len(a.findings) for a in docs)
    assert all(len(r) == len(CSV_COLUMNS) for r in rows)
