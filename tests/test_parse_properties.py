"""Property tests for the parser: random trees, printed in each drafting style, parse back.

Why: a consultant pastes statutes in whatever layout the official copy has; these tests
vary the layout (wrapping, hyphenation, blank lines, heading placement, label forms)
far beyond what hand-written cases cover, and check the promises of product.md:
same tree back, layout-invariant, lossless, every span pointing at its words.
"""

from __future__ import annotations

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

import npgap
from npgap.tree import Provision, citation_key
from strategies import (
    STYLES,
    Node,
    Statute,
    check_lossless,
    check_spans,
    documents,
    examples,
    outline,
    project,
)

# --- (a) round trip --------------------------------------------------------------------


def _check_round_trip(statute: Statute, text: str) -> None:
    note(text)
    doc = npgap.parse(text)
    got = project(doc, statute.style)
    assert outline(got) == outline(statute)
    assert got == statute


@pytest.mark.parametrize("style", STYLES)
@settings(max_examples=examples(500), deadline=None)
@given(data=st.data())
def test_round_trip(style: str, data: st.DataObject) -> None:
    statute, text = data.draw(documents(style), label="document")
    _check_round_trip(statute, text)


# --- (b) invariance under encoding and whitespace --------------------------------------


def _trailing_spaces(text: str) -> str:
    lines = text.split("\n")
    return "\n".join(
        line + " " * (i % 3) + ("\t" if i % 5 == 0 else "") for i, line in enumerate(lines)
    )


VARIANTS = {
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "crlf-bytes": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "trailing-spaces": _trailing_spaces,
    "nbsp": lambda t: t.replace(" ", "\u00a0"),
    "bom": lambda t: "\ufeff" + t,
    "bom-bytes": lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    "utf8-bytes": lambda t: t.encode("utf-8"),
    "all": lambda t: (
        b"\xef\xbb\xbf"
        + _trailing_spaces(t.replace(" ", "\u00a0")).replace("\n", "\r\n").encode("utf-8")
    ),
}


@settings(max_examples=examples(500), deadline=None)
@given(data=st.data())
def test_invariant_under_layout_noise(data: st.DataObject) -> None:
    # every variant on every example: one property, 500 documents, eight layouts each
    style = data.draw(st.sampled_from(STYLES), label="style")
    _, text = data.draw(documents(style), label="document")
    note(text)
    base = project(npgap.parse(text), style)
    for variant in sorted(VARIANTS):
        changed = project(npgap.parse(VARIANTS[variant](text)), style)
        assert outline(changed) == outline(base), variant
        assert changed == base, variant


# --- (c) losslessness ------------------------------------------------------------------


@settings(max_examples=examples(500), deadline=None)
@given(data=st.data())
def test_lossless(data: st.DataObject) -> None:
    style = data.draw(st.sampled_from(STYLES), label="style")
    _, text = data.draw(documents(style), label="document")
    note(text)
    check_lossless(npgap.parse(text), text)


# --- (d) spans and segment text --------------------------------------------------------


@settings(max_examples=examples(500), deadline=None)
@given(data=st.data())
def test_segment_text_is_folded_source(data: st.DataObject) -> None:
    style = data.draw(st.sampled_from(STYLES), label="style")
    _, text = data.draw(documents(style), label="document")
    note(text)
    check_spans(npgap.parse(text))


# --- ids and citations -----------------------------------------------------------------

_AKN = {
    "section": "sec",
    "subsection": "subsec",
    "paragraph": "para",
    "subparagraph": "subpara",
    "clause": "clause",
    "subclause": "subclause",
}
_CITE = {"commonwealth": "s. ", "us": "§ ", "civil": "art. "}


def _expected_ids(
    node: Node, provision: Provision, style: str, sid: str, cite: str
) -> list[tuple[Provision, str, str]]:
    # Shape mismatches are test_round_trip's to report; here pair what is there.
    out = [(provision, sid, cite)]
    for child, p in zip(node.children, provision.children, strict=False):
        child_sid = f"{sid}__{_AKN.get(child.kind, child.kind)}_{child.num}"
        out.extend(_expected_ids(child, p, style, child_sid, f"{cite}({child.num})"))
    return out


@settings(max_examples=examples(500), deadline=None)
@given(data=st.data())
def test_ids_and_citations(data: st.DataObject) -> None:
    style = data.draw(st.sampled_from(STYLES), label="style")
    statute, text = data.draw(documents(style), label="document")
    note(text)
    doc = npgap.parse(text)
    eids = [p.eid for p in doc.walk()]
    assert len(eids) == len(set(eids)), "eids must be unique"
    # Pair each generated section with its parsed provision (same document order).
    sections = [p for p in doc.walk() if p.kind in ("section", "article")]
    wanted = [n for n in _walk_nodes(statute.provisions) if n.kind in ("section", "article")]
    assert [p.num_value for p in sections] == [n.num for n in wanted]
    for node, sec in zip(wanted, sections, strict=True):
        root = f"{'art' if style == 'civil' else 'sec'}_{node.num}"
        cite = _CITE[style] + str(sec.num)
        for p, sid, citation in _expected_ids(node, sec, style, root, cite):
            assert citation_key(p.citation) == citation_key(citation), (p.citation, citation)
            assert p.eid == p.sid or p.eid.endswith("__" + p.sid), (p.eid, p.sid)
            if style == "civil":
                assert p.sid.startswith(root), (p.sid, root)
            else:
                assert p.sid == sid, (p.sid, sid)
            assert doc.find(p.eid) is p
            assert doc.find_citation(p.citation) is p
    for p in doc.walk():
        for child in p.children:
            assert child.eid.startswith(p.eid + "__"), (p.eid, child.eid)


def _walk_nodes(nodes: tuple[Node, ...]) -> list[Node]:
    out: list[Node] = []
    for n in nodes:
        out.append(n)
        out.extend(_walk_nodes(n.children))
    return out
