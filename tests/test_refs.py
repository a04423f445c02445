"""Cross-references and definitions: each form the brief names, resolved to eids.

Why: a limit such as ``Subsections (1) and (4) do not apply to ... Schedule 4`` only
counts if it reaches the right provisions; these tests build small trees by hand (so
they do not depend on the parser) and read the real UK statute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark

import npgap
from npgap.grammar_files import grammar_text
from npgap.refs import Index, index, parse_reference
from npgap.tree import Document, Provision, Segment, Span

ROOT = Path(__file__).resolve().parents[1]
UK = ROOT / "corpora" / "GB-EAW" / "modern_slavery_act_2015.txt"

_PREFIX = {
    "part": "part",
    "chapter": "chp",
    "section": "sec",
    "article": "art",
    "schedule": "sch",
    "subsection": "subsec",
    "paragraph": "para",
    "subparagraph": "subpara",
}
_CONTAINERS = {"part", "chapter", "schedule"}


@dataclass
class _Node:
    """A provision under construction: label/intro pieces as (start, end) offsets."""

    kind: str
    num: str
    label: tuple[int, int]
    intro: list[tuple[int, int]] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)


def _value(num: str) -> str:
    return num.strip("().").replace(" ", "")


def _span(text: str, starts: list[int], a: int, b: int) -> Span:
    def lc(off: int) -> tuple[int, int]:
        i = max(i for i, s in enumerate(starts) if s <= off)
        return i + 1, off - starts[i] + 1

    (l1, c1), (l2, c2) = lc(a), lc(max(a, b - 1))
    return Span(a, b, l1, c1, l2, c2)


def _freeze(text: str, starts: list[int], n: _Node, path: str, sid: str) -> Provision:
    step = f"{_PREFIX[n.kind]}_{_value(n.num)}"
    eid = f"{path}__{step}" if path else step
    own_sid = "" if n.kind in _CONTAINERS else (f"{sid}__{step}" if sid else step)
    kids = tuple(_freeze(text, starts, c, eid, own_sid) for c in n.children)
    segs = [Segment("label", text[n.label[0] : n.label[1]], _span(text, starts, *n.label))]
    segs += [Segment("intro", text[a:b], _span(text, starts, a, b)) for a, b in n.intro]
    end = max([n.label[1], *(b for _, b in n.intro), *(k.span.end for k in kids)])
    return Provision(
        kind=n.kind,
        num=n.num,
        num_value=_value(n.num),
        heading=None,
        intro=" ".join(text[a:b] for a, b in n.intro),
        wrapup="",
        children=kids,
        span=_span(text, starts, n.label[0], end),
        segments=tuple(segs),
        eid=eid,
        sid=own_sid or eid,
        citation=f"{n.kind} {n.num}",
    )


def _document(text: str, tops: list[_Node]) -> Document:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    provs = tuple(_freeze(text, starts, n, "", "") for n in tops)
    return Document(None, (), provs, text, tuple(starts))


def build(outline: str) -> Document:
    """A document from an indented outline: ``kind num | text`` per line, two spaces a
    level. The document text is the outline itself, so spans point into it."""
    tops: list[_Node] = []
    stack: list[tuple[int, _Node]] = []
    offset = 0
    for line in outline.splitlines(keepends=True):
        body = line.rstrip("\n")
        if body.strip():
            depth = (len(body) - len(body.lstrip())) // 2
            head, _, rest = body.strip().partition("|")
            kind, num = head.split(maxsplit=1)
            lstart = offset + body.index(kind)
            node = _Node(kind, num.strip(), (lstart, lstart + len(head.rstrip())))
            if rest.strip():
                tstart = offset + body.index("|") + 1 + (len(rest) - len(rest.lstrip()))
                node.intro.append((tstart, tstart + len(rest.strip())))
            while stack and stack[-1][0] >= depth:
                stack.pop()
            (stack[-1][1].children if stack else tops).append(node)
            stack.append((depth, node))
        offset += len(line)
    return _document(outline, tops)


_UK_LINE = re.compile(
    r"(?P<part>PART (?P<pn>\d+)\b.*)|(?P<sch>SCHEDULE (?P<sn>\d+)\b.*)|(?P<sec>\d+[A-Z]*)"
    r"|(?P<sub>\((?P<subn>\d+[A-Z]*)\)) .*|(?P<para>\((?P<pan>[a-z]{1,3})\)) .*"
)


def read_uk(text: str) -> Document:
    """Just enough of the legislation.gov.uk plain-text layout for these tests: Parts,
    numbered sections, (1) subsections, (a) paragraphs, Schedules and their paragraphs;
    unnumbered lines inside a subsection (definition lists) join its intro."""
    tops: list[_Node] = []
    part: _Node | None = None
    sch: _Node | None = None
    sec: _Node | None = None
    sub: _Node | None = None
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        a, b = offset, offset + len(body)
        offset += len(line)
        m = _UK_LINE.fullmatch(body)
        if not body.strip():
            continue
        if m is None:
            if sub is not None:
                sub.intro.append((a, b))
            elif sec is not None and sch is not None:
                sec.intro.append((a, b))
            continue
        if m["part"]:
            part, sch, sec, sub = _Node("part", m["pn"], (a, b)), None, None, None
            tops.append(part)
        elif m["sch"]:
            sch, part, sec, sub = _Node("schedule", m["sn"], (a, b)), None, None, None
            tops.append(sch)
        elif m["sec"]:
            sec = _Node("paragraph" if sch else "section", body, (a, b))
            sub = None
            holder = sch or part
            (holder.children if holder is not None else tops).append(sec)
        elif m["sub"] and sec is not None:
            sub = _Node("subsection", m["subn"], (a, a + len(m["sub"])))
            sub.intro.append((a + len(m["sub"]) + 1, b))
            sec.children.append(sub)
        elif m["para"] and sub is not None:
            para = _Node("paragraph", m["pan"], (a, a + len(m["para"])))
            para.intro.append((a + len(m["para"]) + 1, b))
            sub.children.append(para)
    return _document(text, tops)


def refs_from(ix: Index, source: str) -> dict[str, tuple[str, ...]]:
    return {r.text: r.targets for r in ix.references if r.source == source}


# --- the grammar --------------------------------------------------------------------


def test_grammar_loads_from_checkout_and_is_strict_clean() -> None:
    text = grammar_text("refs.lark")
    assert text == (ROOT / "grammars" / "refs.lark").read_text(encoding="utf-8")
    # strict: no shift/reduce conflicts and no terminal that can match another's text.
    parser = Lark(text, parser="lalr", lexer="basic", strict=True)
    assert parser.parse("subsections (2) to (4)").data == "start"


def test_missing_grammar_is_a_clear_error() -> None:
    with pytest.raises(FileNotFoundError, match=r"nope\.lark"):
        grammar_text("nope.lark")


@pytest.mark.parametrize(
    "text",
    [
        "section 45(4)",
        "s. 45(4)",
        "sections 45 and 46",
        "subsections (2) to (4)",
        "subsection (1) or (4)",
        "Subsections (1) and (4)",
        "paragraph (a) of subsection (1)",
        "Schedule 4",
        "Part 2",
        "this Part",
        "this section",
        "this Act",
        "article 26 bis",
        "artículo 5",
        "the preceding paragraph",
        "section 18(6) or 19(8)",
        "s. 775.084(1)(b)1.",
        "Sch. 4 para 3",
        "Part IV",
    ],
)
def test_every_form_parses(text: str) -> None:
    assert parse_reference(text) is not None


@pytest.mark.parametrize("text", ["part of the world", "section", "the preceding", "and 4"])
def test_non_references_do_not_parse(text: str) -> None:
    assert parse_reference(text) is None


# --- resolution on small documents ---------------------------------------------------

SMALL = """\
part 1 | Offences
  section 1 | Slavery.
    subsection (1) | A person commits an offence.
    subsection (2) | See section 2(3) and s. 3(1).
  section 2 | Trafficking.
    subsection (1) | Text.
    subsection (2) | Text.
    subsection (3) | Text.
    subsection (4) | Text.
    subsection (5) | Subsections (2) to (4) apply, and so does subsection (1) or (4).
    subsection (6) | Nothing in this section or this Part or this Act.
  section 3 | Defence.
    subsection (1) | A person is not guilty if—
      paragraph (a) | one thing, or
      paragraph (b) | the thing in paragraph (a) of subsection (2), or
      paragraph (c) | the thing in the preceding paragraph.
    subsection (2) | Subject to paragraph (a) of subsection (1) and sections 1 and 2.
      paragraph (a) | other.
    subsection (3) | Sections 1 to 3 and section 18(6) or 19(8), and s. 775.084(1)(b)1.
    subsection (4) | Not under section 6 of the Human Rights Act 1998, only Schedule 4.
part 2 | More
  section 4 | This applies to Part 1 and to Sch. 4 para 2, "victim" means a person so treated.
schedule 4 | Offences
  paragraph 1 | Murder.
  paragraph 2 | Piracy; see paragraph 1.
"""


@pytest.fixture(scope="module")
def small() -> Index:
    return index(build(SMALL))


def test_section_with_subsection_and_short_form(small: Index) -> None:
    got = refs_from(small, "part_1__sec_1__subsec_2")
    assert got == {
        "section 2(3)": ("part_1__sec_2__subsec_3",),
        "s. 3(1)": ("part_1__sec_3__subsec_1",),
    }


def test_ranges_and_alternatives_are_relative_to_the_citing_section(small: Index) -> None:
    got = refs_from(small, "part_1__sec_2__subsec_5")
    assert got["Subsections (2) to (4)"] == tuple(f"part_1__sec_2__subsec_{i}" for i in (2, 3, 4))
    assert got["subsection (1) or (4)"] == ("part_1__sec_2__subsec_1", "part_1__sec_2__subsec_4")


def test_this_section_part_and_act(small: Index) -> None:
    refs = [r for r in small.references if r.source == "part_1__sec_2__subsec_6"]
    assert [(r.text, r.kind, r.targets, r.resolved) for r in refs] == [
        ("this section", "section", ("part_1__sec_2",), True),
        ("this Part", "part", ("part_1",), True),
        ("this Act", "act", (), True),
    ]


def test_paragraph_of_subsection_and_preceding_paragraph(small: Index) -> None:
    assert refs_from(small, "part_1__sec_3__subsec_1__para_b") == {
        "paragraph (a) of subsection (2)": ("part_1__sec_3__subsec_2__para_a",)
    }
    assert refs_from(small, "part_1__sec_3__subsec_1__para_c") == {
        "the preceding paragraph": ("part_1__sec_3__subsec_1__para_b",)
    }
    got = refs_from(small, "part_1__sec_3__subsec_2")
    assert got["paragraph (a) of subsection (1)"] == ("part_1__sec_3__subsec_1__para_a",)
    assert got["sections 1 and 2"] == ("part_1__sec_1", "part_1__sec_2")


def test_section_ranges_alternatives_and_external_code_cites(small: Index) -> None:
    refs = {r.text: r for r in small.references if r.source == "part_1__sec_3__subsec_3"}
    assert refs["Sections 1 to 3"].targets == ("part_1__sec_1", "part_1__sec_2", "part_1__sec_3")
    assert refs["section 18(6) or 19(8)"].resolved is False  # no such sections here
    cite = refs["s. 775.084(1)(b)1."]
    assert (cite.targets, cite.resolved, cite.kind) == ((), False, "section")


def test_other_enactments_are_kept_external(small: Index) -> None:
    refs = {r.text: r for r in small.references if r.source == "part_1__sec_3__subsec_4"}
    assert refs["section 6"].external and not refs["section 6"].resolved
    assert refs["section 6"].targets == ()
    assert refs["Schedule 4"].targets == ("sch_4",) and not refs["Schedule 4"].external


def test_parts_schedule_paragraphs_and_relative_schedule_paragraphs(small: Index) -> None:
    assert refs_from(small, "part_2__sec_4") == {
        "Part 1": ("part_1",),
        "Sch. 4 para 2": ("sch_4__para_2",),
    }
    assert refs_from(small, "sch_4__para_2") == {"paragraph 1": ("sch_4__para_1",)}


def test_spans_point_at_the_reference_text(small: Index) -> None:
    doc = build(SMALL)
    for r in small.references:
        assert " ".join(doc.text[r.span.start : r.span.end].split()) == r.text
        line = doc.text.splitlines()[r.span.start_line - 1]
        assert line[r.span.start_col - 1 :].startswith(r.text.split()[0])


def test_graph_edges_and_queries(small: Index) -> None:
    g = small.graph
    assert g.edges["part_1__sec_2", "part_1__sec_2__subsec_5"]["kind"] == "contains"
    assert g.edges["part_1__sec_2__subsec_5", "part_1__sec_2__subsec_3"]["kind"] == "refers"
    assert small.targets_of("part_1__sec_2__subsec_5") == tuple(
        f"part_1__sec_2__subsec_{i}" for i in (1, 2, 3, 4)
    )
    assert small.referrers_of("sch_4") == ("part_1__sec_3__subsec_4",)
    assert small.targets_of("no_such_eid") == ()
    d = small.definition("Victim")
    assert d is not None and d.eid == "part_2__sec_4" and d.text.startswith('"victim" means')


def test_articles_bis_and_spanish() -> None:
    doc = build(
        """\
article 5 | Se entiende por víctima: toda persona que haya sufrido un daño.
article 26 bis | Véase el artículo 5 y el artículo 27.
  paragraph 1 | Primero.
  paragraph 2 | Lo dispuesto en el párrafo anterior y en esta ley.
article 30 | See article 26 bis(2) and articles 5 to 26 bis.
"""
    )
    ix = index(doc)
    assert refs_from(ix, "art_26bis") == {"artículo 5": ("art_5",), "artículo 27": ()}
    assert refs_from(ix, "art_30") == {
        "article 26 bis(2)": ("art_26bis__para_2",),
        "articles 5 to 26 bis": ("art_5", "art_26bis"),
    }
    assert refs_from(ix, "art_26bis__para_2") == {
        "el párrafo anterior": ("art_26bis__para_1",),
        "esta ley": (),
    }
    d = ix.definition("víctima")
    assert d is not None and d.eid == "art_5"


# --- the real UK statute -----------------------------------------------------------


@pytest.fixture(scope="module", params=["test reader", "npgap.parse"])
def uk(request: pytest.FixtureRequest) -> Index:
    """The statute through this file's small reader and through the real parser."""
    text = UK.read_text(encoding="utf-8")
    return index(read_uk(text) if request.param == "test reader" else npgap.parse(text))


def test_uk_s45_7_reaches_subsections_and_schedule_4(uk: Index) -> None:
    src = "part_5__sec_45__subsec_7"
    assert uk.targets_of(src) == ("part_5__sec_45__subsec_1", "part_5__sec_45__subsec_4", "sch_4")
    assert src in uk.referrers_of("sch_4")
    assert "part_5__sec_45__subsec_8" in uk.referrers_of("sch_4")


def test_uk_internal_and_external_sections(uk: Index) -> None:
    got = {r.text: r for r in uk.references if r.source == "part_7__sec_56__subsec_3"}
    assert got["this Act"].resolved
    assert got["section 6"].external  # of the Human Rights Act 1998
    assert got["paragraph 1 of Schedule 2"].external  # to the Immigration Act 1971
    assert not any(r.external for r in uk.references if r.source.startswith("part_5__sec_45"))


def test_uk_definitions(uk: Index) -> None:
    for term, eid in [
        ("child", "part_7__sec_56__subsec_3"),
        ("country", "part_7__sec_56__subsec_3"),
        ("UK national", "part_7__sec_56__subsec_3"),
        ("relevant characteristics", "part_5__sec_45__subsec_5"),
        ("relevant exploitation", "part_5__sec_45__subsec_5"),
    ]:
        d = uk.definition(term)
        assert d is not None and d.eid == eid, term
    d = uk.definition("child")
    assert d is not None and d.text == "“child” means a person under the age of 18"
    assert uk.definition("victim of slavery") is None


# --- properties ---------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="section Part(1)(a) to and of this 45 Schedule,.§\n", max_size=300))
def test_index_never_fails_and_spans_stay_inside(noise: str) -> None:
    doc = build(f"section 1 | x\n  subsection (1) | {noise.replace(chr(10), ' ')}\n")
    ix = index(doc)
    for r in ix.references:
        assert 0 <= r.span.start < r.span.end <= len(doc.text)
        assert set(r.targets) <= set(ix.graph.nodes)


def test_candidate_search_is_linear() -> None:
    import time

    text = "section " + "(1) and " * 20000 + "x"
    doc = build(f"section 1 | {text}\n")
    t0 = time.perf_counter()
    index(doc)
    assert time.perf_counter() - t0 < 5.0


REAL = sorted(p for p in (ROOT / "corpora").glob("*/*.txt"))


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.parent.name)
def test_real_corpora_index_cleanly(path: Path) -> None:
    doc = npgap.parse(path.read_text(encoding="utf-8"), path=str(path))
    ix = index(doc)
    eids = {p.eid for p in doc.walk()}
    for r in ix.references:
        assert set(r.targets) <= eids
        if r.resolved and r.kind != "act":
            assert r.targets
        assert not (r.external and r.targets)
    for d in ix.definitions:
        assert d.term and d.eid in eids


def test_florida_external_code_cite_is_kept_unresolved() -> None:
    path = ROOT / "corpora" / "US-FL" / "stat_943_0583_2013.txt"
    doc = npgap.parse(path.read_text(encoding="utf-8"))
    ix = index(doc)
    by_text = {r.text: r for r in ix.references}
    cite = by_text["s. 775.084(1)(b)1."]
    assert (cite.resolved, cite.targets) == (False, ())
    section = doc.find_citation("s. 943.0583")
    assert section is not None and section.kind == "section"
    assert by_text["this section"].targets == (section.eid,)


# ----------------------------------------------------------------- fast regexes


def _old_candidate() -> re.Pattern[str]:
    """The candidate regex as first written: one lookbehind, then every keyword."""
    from npgap import refs

    return re.compile(rf"(?<![\w.§])(?:{refs._KW})(?:[\s,]*(?:{refs._TOKEN}))*", re.IGNORECASE)


def _old_definition() -> re.Pattern[str]:
    """The definition regex as first written."""
    from npgap.refs import _Q_CLOSE, _Q_OPEN

    return re.compile(
        rf"[{_Q_OPEN}](?P<term>[^{_Q_OPEN}{_Q_CLOSE}\n]{{1,80}})[{_Q_CLOSE}]\s*,?\s*"
        r"(?:(?:shall\s+)?means?|includes?|does\s+not\s+include|has\s+the\s+(?:same\s+)?meaning"
        r"|is\b|refers?\s+to)"
        r"|se\s+(?:entiende|entienden|entender[áa]n?)\s+por\s+[«“\"]?(?P<es>[^»”\":;,.\n]{1,80}?)"
        r"[»”\"]?\s*[:,]",
        re.IGNORECASE,
    )


_REF_WORDS = [
    "section", "Sections", "s.", "ss.", "S", "s", "§", "§§", "subsection", "sub-section",
    "subss.", "sub-paragraph", "paragraph", "para.", "paras", "párrafo", "apartado", "Schedule",
    "sch.", "Part", "parts", "chapter", "capítulo", "Article", "arts.", "artículo", "articulos",
    "this", "the", "present", "preceding", "previous", "foregoing", "esta", "este", "el", "la",
    "anterior", "act", "ley", "1", "2A", "(3)", "(a)", "(iv)", "45.2", "I.", "IV", "and", "or",
    "to", "of", "del", "bis", ",", ".", "ſection", "ſ.", "Seccion", "means", "includes",
    "\"victim\"", "“child”", "'term'", "se", "entiende", "entenderá", "por", "«trata»", ":",
    "xsection", "a.section", "§5", "\n", "  ",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_REF_WORDS), max_size=40), st.sampled_from(["", " ", "\n"]))
def test_candidate_and_definition_regexes_equal_their_first_form(
    words: list[str], sep: str
) -> None:
    """The first-character forms find the same matches as the original regexes."""
    from npgap import refs

    old = _old_candidate()
    old_def = _old_definition()
    for joiner in (" ", sep):
        text = joiner.join(words)
        for pos in range(0, len(text) + 1, 3):
            a, b = old.search(text, pos), refs._CANDIDATE.search(text, pos)
            assert (a and (a.span(), a.group())) == (b and (b.span(), b.group()))
        want = [(m.span(), m.group("term"), m.group("es")) for m in old_def.finditer(text)]
        got = [(m.span(), m.group("term"), m.group("es")) for m in refs._DEFINITION.finditer(text)]
        assert got == want


def test_first_character_classes_are_complete() -> None:
    """Every character that matches a keyword's first letter with case ignored is in the
    case-sensitive class the regexes start with (today only "ſ" besides the ASCII pair)."""
    from npgap import refs

    letters = re.compile(r"[spactel§]", re.IGNORECASE)
    found = {chr(c) for c in range(0x110000) if letters.fullmatch(chr(c))}
    assert found <= set(refs._FIRST)
    assert {chr(c) for c in range(0x110000) if re.fullmatch("s", chr(c), re.I)} <= set("sSſ")


def test_links_are_what_scan_finds() -> None:
    """`links` (the matcher's view) lists exactly the targets and terms of `scan`."""
    from npgap.api import parse
    from npgap.refs import links, scan

    for path in sorted((ROOT / "corpora").rglob("*.txt")):
        doc = parse(path.read_bytes())
        found, defined = scan(doc)
        references, definitions = links(doc)
        assert references == [(r.source, t) for r in found for t in r.targets], path.name
        assert definitions == [(d.term, d.eid) for d in defined], path.name
