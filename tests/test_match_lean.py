"""The lean matcher keeps recipes, not clauses: what it reads again must be what it read.

Why: `match` keeps of each clause only what the detectors need and reads a quoted clause
again from its recipe; its coverage index answers from sorted eids instead of sets per
eid. Both must give exactly what the full structures gave, on every corpus statute and
on trees with awkward eids.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from npgap.clauses import Clause, Piece, clauses, preorder, recipes
from npgap.features import extract, extract_many
from npgap.match import _Cover, _prefixes, _protection_hits, match
from npgap.parser import parse
from npgap.tree import Segment, Span

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
FILES = sorted(p for p in CORPORA.rglob("*.txt"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_clauses_read_again_equal_the_first_reading(path: Path) -> None:
    doc = parse(path.read_text(encoding="utf-8"))
    full = clauses(doc)
    m = match(doc)
    assert len(m.items) == len(full)
    hits = extract_many([c.text for c in full], m.lang)
    for cf, clause, h in zip(m.items, full, hits, strict=True):
        assert cf.clause == clause
        assert cf.eid == clause.eid and cf.section == clause.section
        assert cf.hits == h == extract(clause.text, m.lang)
        assert cf.protection_hits == _protection_hits(h, clause)
    assert [r.build() for r, _ in recipes(doc)] == list(full)
    assert list(preorder(doc.provisions)) == list(doc.walk())


def _naive_cover(items: list[Clause]) -> dict[str, frozenset[int]]:
    """The sets-per-eid index the lean `_Cover` replaced, for every eid it can be asked."""
    under: defaultdict[str, set[int]] = defaultdict(set)
    exact: defaultdict[str, set[int]] = defaultdict(set)
    pieces: defaultdict[str, set[int]] = defaultdict(set)
    for i, c in enumerate(items):
        exact[c.eid].add(i)
        for pre in _prefixes(c.eid):
            under[pre].add(i)
        for p in c.pieces:
            pieces[p.eid].add(i)
    asked = set(under) | set(exact) | set(pieces) | {e + "_" for e in exact} | {"x", ""}
    out = {}
    for eid in asked:
        parts = [under.get(eid, set()), pieces.get(eid, set())]
        parts.extend(exact.get(pre, set()) for pre in _prefixes(eid) if pre != eid)
        out[eid] = frozenset().union(*parts)
    return out


_EID = st.lists(st.sampled_from(["a", "b", "a_", "_", "__", "1"]), min_size=1, max_size=5).map(
    "".join
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_EID, st.lists(_EID, max_size=3)), min_size=1, max_size=8))
def test_cover_equals_sets_per_eid(spec: list[tuple[str, list[str]]]) -> None:
    """Eids with '_' runs, duplicates and pieces named unlike their clause."""
    span = Span(0, 1, 1, 1, 1, 1)
    items = []
    for eid, piece_eids in spec:
        ps = tuple(
            Piece(k, k + 1, e, "c", Segment("intro", "x", span))
            for k, e in enumerate([eid, *piece_eids])
        )
        items.append(Clause(eid, "c", "x" * len(ps), ps, eid))
    cover = _Cover()
    for i, c in enumerate(items):
        cover.add(i, c)
    for eid, want in _naive_cover(items).items():
        assert cover(eid) == want, eid


_WORDS = ["victim", "of", "trafficking", "shall", "not", "be", "final", "offence", "(a)"]
_ODD = ["", "", "", "\u00ad", "\u200b", "\u2060"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_WORDS), st.sampled_from(_ODD), st.sampled_from(["", "  "])),
        min_size=3,
        max_size=25,
    ),
    st.booleans(),
)
def test_every_clause_character_maps_onto_itself_in_the_file(
    words: list[tuple[str, str, str]], ligatures: bool
) -> None:
    """Lines ending in spaces, soft hyphens and zero-width characters inside words, and
    ligatures: each non-blank character of a clause maps onto the same character in the
    file (or the ligature that stands for it), not onto a blank or a neighbour."""
    out = []
    for k, (w, odd, trail) in enumerate(words):
        if odd and len(w) > 2:
            w = w[:2] + odd + w[2:]
        if ligatures:
            w = w.replace("fi", "\ufb01")
        out.append(w + (trail + "\n" if k % 4 == 3 else " "))
    doc = parse("1. Victims\n(1) A " + "".join(out) + "end.\n")
    from npgap.clauses import _source_offset
    from npgap.normalise import LIGATURES

    for clause in clauses(doc):
        for k, ch in enumerate(clause.text):
            if ch.isspace():
                continue
            at = _source_offset(doc, clause.piece_at(k), k)
            got = doc.text[at]
            assert got == ch or ch in LIGATURES.get(got, ""), (k, ch, got)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *"sS§aArRpPcC 0123(4)b.\t٣²",
                *("Sch.", "section", "ss.", "art.", "artículo", "rule", "regs.", "Part"),
                *("chap.", "para", "paragraph", "1er", "2re", "İ", "ſ"),
            ]
        ),
        max_size=10,
    ).map("".join)
)
def test_citation_key_keeps_a_citations_ascii_digits(citation: str) -> None:
    # the matcher skips a provision whose citation's digits no wanted key has
    from npgap.match import _NOT_DIGITS
    from npgap.tree import citation_key

    assert _NOT_DIGITS.sub("", citation_key(citation)) == _NOT_DIGITS.sub("", citation)
