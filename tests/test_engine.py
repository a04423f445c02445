"""Engine tests: clauses, matching, caps and prerequisites, determinism.

Documents are built by hand here (`build`), so these tests do not depend on the parser:
each node's segments carry exact spans into the generated text, as the parser's do.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from types import SimpleNamespace
from typing import cast

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from npgap.clauses import Piece, _source_offset, _walk_offset, clauses
from npgap.framework import load_framework
from npgap.pipeline import assess
from npgap.tree import Document, Provision, Segment, Span

_PREFIX = {
    "section": "sec",
    "article": "art",
    "subsection": "subsec",
    "paragraph": "para",
    "schedule": "sch",
    "part": "part",
}


@attrs.frozen
class N:
    """A node to build: kind, number, heading, own text, children, closing words."""

    kind: str
    num: str | None
    intro: str = ""
    children: tuple[N, ...] = ()
    heading: str | None = None
    wrapup: str = ""


class _Writer:
    def __init__(self) -> None:
        self.text = ""
        self.line_starts = [0]

    def pos(self, offset: int) -> tuple[int, int]:
        import bisect

        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def span(self, start: int, end: int) -> Span:
        line, col = self.pos(start)
        end_line, end_col = self.pos(max(start, end - 1))
        return Span(start, end, line, col, end_line, end_col)

    def line(self, prefix: str, body: str, role: str) -> Segment | None:
        self.text += prefix
        start = len(self.text)
        for i, ch in enumerate(body):
            if ch == "\n":
                self.line_starts.append(start + i + 1)
        self.text += body + "\n"
        self.line_starts.append(len(self.text))
        if not body:
            return None
        return Segment(role, body, self.span(start, start + len(body)))


def _cite(kind: str, num: str, parent: str | None) -> str:
    if parent and kind in ("subsection", "paragraph"):
        return f"{parent}({num})"
    return {"section": "s. ", "article": "art. ", "schedule": "Sch. ", "part": "Part "}.get(
        kind, ""
    ) + num


def _node(w: _Writer, n: N, parent_eid: str, parent_cite: str | None) -> Provision:
    start = len(w.text)
    num = n.num or ""
    eid = (parent_eid + "__" if parent_eid else "") + f"{_PREFIX.get(n.kind, n.kind)}_{num}"
    cite = _cite(n.kind, num, parent_cite if n.kind in ("subsection", "paragraph") else None)
    if parent_cite and n.kind == "paragraph" and parent_cite.startswith("Sch."):
        cite = f"{parent_cite} para {num}"
    segs: list[Segment] = []
    if n.kind in ("section", "article", "schedule", "part"):
        if n.heading:
            seg = w.line("", n.heading, "heading")
            assert seg is not None
            segs.append(seg)
        label = {"section": "", "article": "Article ", "schedule": "SCHEDULE ", "part": "PART "}
        w.line("", f"{label[n.kind]}{num}", "label")
        if n.intro:
            seg = w.line("", n.intro, "intro")
            assert seg is not None
            segs.append(seg)
    else:
        seg = w.line(
            f"({num}) " if n.kind != "paragraph" or parent_cite else f"{num} ", n.intro, "intro"
        )
        if seg is not None:
            segs.append(seg)
    kids = tuple(_node(w, c, eid, cite) for c in n.children)
    if n.wrapup:
        seg = w.line("", n.wrapup, "wrapup")
        assert seg is not None
        segs.append(seg)
    sp = w.span(start, len(w.text))
    return Provision(
        kind=n.kind,
        num=n.num,
        num_value=n.num,
        heading=n.heading,
        intro=n.intro,
        wrapup=n.wrapup,
        children=kids,
        span=sp,
        segments=tuple(segs),
        eid=eid,
        sid=eid,
        citation=cite,
    )


def build(nodes: Sequence[N], title: str = "Test Act 2024") -> Document:
    """A Document with exact spans, built from an outline."""
    w = _Writer()
    w.line("", title, "text")
    w.line("", "", "text")
    provs = tuple(_node(w, n, "", None) for n in nodes)
    return Document(title, (), provs, w.text, tuple(w.line_starts[:-1] or [0]))


def S(num: str, *subs: N | str, heading: str = "Non-punishment of victims") -> N:
    kids = tuple(
        N("subsection", str(i + 1), s) if isinstance(s, str) else s for i, s in enumerate(subs)
    )
    return N("section", num, "", kids, heading)


def sched(num: str, *items: str) -> N:
    return N(
        "schedule",
        num,
        "",
        tuple(N("paragraph", str(i + 1), t) for i, t in enumerate(items)),
        "Excluded offences",
    )


# --- Fixtures ---------------------------------------------------------------------------

PROTECT = (
    "A person who is a victim of trafficking shall not be prosecuted for an offence "
    "committed as a direct consequence of the person being, or having been, a victim of "
    "trafficking."
)
ADULT_CHILD = "Subsection (1) applies whether the person is an adult or a child."
EXCLUDE = "Subsection (1) does not apply to an offence listed in Schedule 2."


def _exclusion_doc() -> Document:
    return build(
        [
            S("45A", PROTECT, ADULT_CHILD, EXCLUDE),
            sched("2", "Murder.", "Manslaughter.", "Rape."),
        ]
    )


def test_clause_text_joins_lead_in_items_and_wrap_up() -> None:
    sub = N(
        "subsection",
        "1",
        "A victim of trafficking is not guilty of an offence if —",
        (
            N("paragraph", "a", "the person was compelled to do the act, and"),
            N("paragraph", "b", "the compulsion was attributable to slavery,"),
        ),
        wrapup="and a reasonable person would have done the same.",
    )
    doc = build([N("section", "45", "", (sub, N("subsection", "2", "Nothing else.")), "Defence")])
    cls = clauses(doc)
    assert [c.citation for c in cls] == ["s. 45(1)", "s. 45(2)"]
    text = cls[0].text
    assert text == (
        "A victim of trafficking is not guilty of an offence if — the person was compelled "
        "to do the act, and the compulsion was attributable to slavery, and a reasonable "
        "person would have done the same."
    )
    assert "Defence" not in text  # the heading is context, not text
    # every piece maps back to the file exactly
    for p in cls[0].pieces:
        assert doc.text[p.span.start : p.span.end] == text[p.start : p.end]
    at = text.index("attributable")
    loc = cls[0].locate(doc, at, at + len("attributable"))
    line = doc.text.splitlines()[loc.line - 1]
    assert line[loc.column - 1 :].startswith("attributable")
    assert loc.eid.endswith("para_b")


def test_undivided_section_and_schedule_paragraphs_are_clauses() -> None:
    doc = build([N("section", "7", PROTECT, (), "Victims"), sched("4", "Murder.", "Rape.")])
    assert [c.citation for c in clauses(doc)] == ["s. 7", "Sch. 4 para 1", "Sch. 4 para 2"]


def test_exclusion_via_cross_reference_limits_all_offences_and_quotes_schedule() -> None:
    a = assess(_exclusion_doc())
    f = a.finding("NP-ALL-OFFENCES")
    assert f.status == "partial"
    assert "DP-EXCLUSION-SCHEDULE" in f.patterns
    limits = [e for e in f.evidence if e.role == "limits"]
    assert any(e.citation == "s. 45A(3)" and "Schedule 2" in e.quote for e in limits)
    assert any(e.citation.startswith("Sch. 2") and e.quote == "Murder." for e in limits)
    assert all(e.pattern == "DP-EXCLUSION-SCHEDULE" for e in limits)
    assert "DP-EXCLUSION-SCHEDULE" in f.rationale and f.recommendation
    # without the exclusion the same provision covers every offence
    plain = assess(build([S("45A", PROTECT, ADULT_CHILD)]))
    assert plain.finding("NP-ALL-OFFENCES").status == "met"


def test_evidence_points_at_the_hit() -> None:
    doc = _exclusion_doc()
    f = assess(doc).finding("NP-NONPROSECUTION")
    ev = next(e for e in f.evidence if e.role == "supports")
    assert ev.citation == "s. 45A(1)" and ev.eid == "sec_45A__subsec_1"
    line = doc.text.splitlines()[ev.line - 1]
    assert "shall not be prosecuted" in line
    assert len(ev.quote) <= 200
    assert ev.quote.strip("…") in PROTECT


def test_formal_identification_through_definition_limits_presumed() -> None:
    defn = N(
        "section",
        "2",
        '"victim" means a person recognised as a victim of trafficking by a final decision '
        "of the competent authority.",
        (),
        "Interpretation",
    )
    a = assess(build([defn, S("12", PROTECT, ADULT_CHILD)]))
    f = a.finding("NP-PRESUMED")
    assert f.status == "missing"
    assert "DP-FORMAL-ID" in f.patterns
    assert any(e.role == "limits" and e.citation == "s. 2" for e in f.evidence)
    # the same definition of another word does not reach the protection clause
    other = N("section", "2", '"authority" means a final decision maker recognised by law.', ())
    b = assess(build([other, S("12", PROTECT, ADULT_CHILD)]))
    assert b.finding("NP-PRESUMED").status == "partial"


DECOYS = [
    "The identity of a victim of trafficking shall not be disclosed in any proceedings.",
    "The consent of a victim of trafficking to the exploitation is irrelevant and is no "
    "defence for the perpetrator.",
    "No prosecution for an offence under this Act shall be instituted without the consent "
    "of the Director of Public Prosecutions.",
    "A victim of trafficking shall be provided with assistance, shelter and services.",
]


@pytest.mark.parametrize("decoy", DECOYS)
def test_decoys_change_nothing(decoy: str) -> None:
    base = [S("45A", PROTECT, ADULT_CHILD, EXCLUDE), sched("2", "Murder.")]
    before = assess(build(base)).statuses()
    after = assess(build([*base, N("section", "90", decoy, (), "Miscellaneous")])).statuses()
    assert after == before
    only = assess(build([N("section", "90", decoy, (), "Miscellaneous")])).statuses()
    assert only["NP-PROVISION"] == "missing"


def _never_better_than_prerequisites_and_caps(doc: Document) -> None:
    fw = load_framework()
    a = assess(doc, fw)
    st = a.statuses()
    rank = {"met": 0, "partial": 1, "missing": 2}
    for f in a.findings:
        for pre in fw.prerequisites(f.requirement):
            if st[pre] == "missing":
                assert f.status == "missing", (f.requirement, pre)
        for pattern, cap in fw.limits_on(f.requirement):
            if pattern.id in f.patterns:
                assert rank[f.status] >= rank[cap], (f.requirement, pattern.id)


@pytest.mark.parametrize(
    "nodes",
    [
        [S("45A", PROTECT, ADULT_CHILD, EXCLUDE), sched("2", "Murder.")],
        [
            N(
                "section",
                "6",
                "A victim of trafficking is not criminally liable for an offence under this Act.",
                (),
                "Own act",
            )
        ],
        [
            N(
                "section",
                "3",
                "A child victim of trafficking shall not be prosecuted for "
                "prostitution if the child cooperates with the police.",
                (),
            )
        ],
        [N("section", "9", DECOYS[0], ())],
    ],
    ids=["exclusion", "own-act", "child-cooperation", "decoy"],
)
def test_never_better_than_prerequisite_or_cap(nodes: list[N]) -> None:
    _never_better_than_prerequisites_and_caps(build(nodes))


def test_own_act_only_makes_everything_depending_on_provision_missing() -> None:
    a = assess(
        build(
            [
                N(
                    "section",
                    "6",
                    "A victim of trafficking is not criminally liable "
                    "for an offence under this Act.",
                    (),
                    "Own act",
                )
            ]
        )
    )
    assert a.finding("NP-PROVISION").status == "missing"
    assert a.finding("NP-NO-COOPERATION").status == "missing"  # default met, prerequisite gone
    assert "NP-PROVISION" in a.finding("NP-NO-COOPERATION").rationale


def test_json_byte_identical_across_runs() -> None:
    one = assess(_exclusion_doc(), path="bill.txt").to_json()
    two = assess(_exclusion_doc(), path="bill.txt").to_json()
    assert one == two
    data = json.loads(one)
    assert data["document"]["path"] == "bill.txt"
    assert len(data["document"]["sha256"]) == 64
    assert [f["requirement"] for f in data["findings"]] == [
        r.id for r in load_framework().requirements
    ]
    assert 0 <= data["score"] <= 100


def test_score_uses_framework_weights() -> None:
    fw = load_framework()
    a = assess(_exclusion_doc(), fw)
    assert a.score == pytest.approx(fw.score(a.statuses()), abs=0.01)
    assert [g.id for g in a.groups] == [g.id for g in fw.groups]
    for f in a.findings:
        assert (f.recommendation is None) == (f.status == "met")
        assert f.sources


# ----------------------------------------------------------------- fast paths = reference


def _walk_source_offset(doc: Document, piece: Piece, offset: int) -> int:
    """`clauses._source_offset` without its shortcut: the character walk alone."""
    want = min(max(offset - piece.start, 0), max(len(piece.source) - 1, 0))
    stop = min(piece.span.end, len(doc.text))
    return _walk_offset(doc.text, piece.span.start, stop, piece.source, want)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab -\n\t", min_size=1, max_size=30),
    st.text(alphabet="ab -\n\t", max_size=8),
    st.integers(-3, 40),
    st.booleans(),
)
def test_source_offset_shortcut_equals_walk(
    body: str, before: str, offset: int, same: bool
) -> None:
    """Where the file holds the reading text as is, the shortcut lands where the walk does;
    elsewhere the walk runs as before."""
    source = body if same else " ".join(body.split()) or "a"
    text = before + body + "\nrest"
    span = Span(len(before), len(before) + len(body), 1, 1, 1, 1)
    doc = cast(Document, SimpleNamespace(text=text))  # only the text is read
    piece = Piece(5, 5 + len(source), "e", "c", Segment("intro", source, span))
    assert _source_offset(doc, piece, offset + 5) == _walk_source_offset(doc, piece, offset + 5)


_OLD_SECTION_REF = re.compile(
    r"\b(?:sections?|s\.|articles?|art\.|art[ií]culos?)\s*(\d+[A-Za-z]*(?:\s?(?:bis|ter))?"
    r"(?:\(\w{1,5}\))*)",
    re.I,
)
_OLD_SUBSECTION_REF = re.compile(
    r"\bsubsections?\s+((?:\(\w{1,5}\)(?:\s*(?:,|and|or|to)\s*)?)+)", re.I
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["section", "Sections", "s.", "S.", "ſ.", "ſection", "article", "Art.", "artículo",
             "ARTICULOS", "subsection", "Subsections", "xsection", "_s.", "5", "12A", "bis",
             "(1)", "(a)", "and", "or", "to", ",", " ", "\n", ".", "a", "s"]
        ),
        max_size=30,
    ),
    st.sampled_from(["", " "]),
)  # fmt: skip
def test_reference_regexes_equal_their_first_form(words: list[str], joiner: str) -> None:
    from npgap.match import _SECTION_REF, _SUBSECTION_REF

    text = joiner.join(words)
    for new, old in ((_SECTION_REF, _OLD_SECTION_REF), (_SUBSECTION_REF, _OLD_SUBSECTION_REF)):
        assert [(m.span(), m.groups()) for m in new.finditer(text)] == [
            (m.span(), m.groups()) for m in old.finditer(text)
        ]


def test_detector_tests_by_feature_set_equal_clause_by_clause() -> None:
    """`_Tests.holding` (one test per distinct feature set) gives the clauses `_holds` gives
    clause by clause, in document order, for every rule and pattern of the framework."""
    from npgap.match import _holds, _Tests, match

    fw = load_framework()
    m = match(_exclusion_doc())
    t = _Tests(m)
    checks = [
        (r.scope or q.detect.scope, r.all, r.any, r.none)
        for q in fw.requirements
        for r in q.detect.rules
    ]
    checks += [(p.detect.scope, p.detect.all, p.detect.any, p.detect.none) for p in fw.patterns]
    assert checks
    for scope, all_, any_, none in checks:
        want = tuple(c for c in m.scope(scope) if _holds(c.features, all_, any_, none))
        assert t.holding(scope, all_, any_, none) == want
