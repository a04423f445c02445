"""Clauses: the subsection-level blocks the matcher reads, each mapped back to its source.

Why: a lawyer reads "(1) A person is not guilty if — (a) …, (b) …, and (c) …" as one
sentence, so features must be found across the lead-in, the items and the closing words
together; yet every hit must still be quoted and located in the file. A clause keeps the
joined reading text and the pieces that say where each stretch of it came from.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs

from npgap.normalise import INVISIBLE, LIGATURES
from npgap.tree import Document, Provision, Segment, Span

__all__ = [
    "INTRO",
    "WHOLE",
    "WRAPUP",
    "Clause",
    "Location",
    "Piece",
    "Recipe",
    "clauses",
    "preorder",
    "recipes",
]

#: Kinds that only group units (their children are sections, articles, paragraphs…).
CONTAINERS = frozenset({"part", "chapter", "title", "division", "book", "schedule"})
#: Kinds whose numbered children are read as separate clauses.
UNITS = frozenset({"section", "article", "rule", "regulation"})
# A lead-in ends so that the text goes on in the items below it.
_LEAD_IN_ENDS = (":", "—", "–", "-", ",", ";", "that", "if", "where", "who", "unless")


@attrs.frozen(slots=True)
class Piece:
    """A stretch [start, end) of a clause's text, taken from one segment of one provision."""

    start: int
    end: int
    eid: str
    citation: str
    # the segment it reads (its text and where it stands): kept as it is, since a Span
    # made for every piece cost a fifth of building the clauses
    segment: Segment

    @property
    def span(self) -> Span:
        """Where the segment stands in the file."""
        return self.segment.span

    @property
    def source(self) -> str:
        """The segment's reading text, to align offsets with the file."""
        return self.segment.text


@attrs.frozen(slots=True)
class Location:
    """Where a stretch of clause text stands in the file (lines/columns 1-based, inclusive)."""

    eid: str
    citation: str
    line: int
    column: int
    end_line: int
    end_column: int


@attrs.frozen(slots=True)
class Clause:
    """One clause: its provision's eid and citation, its reading text and the piece map."""

    eid: str
    citation: str
    text: str
    pieces: tuple[Piece, ...]
    section: str  # eid of the enclosing section-level unit (for "same section")
    heading: str | None = None

    def piece_at(self, offset: int) -> Piece:
        """The piece holding a text offset (the nearest one before it between pieces)."""
        best = self.pieces[0]
        for p in self.pieces:
            if p.start <= offset:
                best = p
            else:
                break
        return best

    def locate(self, doc: Document, start: int, end: int) -> Location:
        """File position of clause text [start, end)."""
        first = self.piece_at(start)
        last = self.piece_at(max(start, end - 1))
        a = _source_offset(doc, first, start)
        b = _source_offset(doc, last, max(start, end - 1))
        line, col = doc.line_col(a)
        end_line, end_col = doc.line_col(b)
        return Location(first.eid, first.citation, line, col, end_line, end_col)

    def whole(self, doc: Document) -> Location:
        """File position of the whole clause."""
        return self.locate(doc, 0, max(len(self.text), 1))


def _source_offset(doc: Document, piece: Piece, offset: int) -> int:
    """Map a clause offset inside `piece` to an offset in `doc.text`.

    The reading text differs from the file in whitespace (wrapped lines joined), in
    invisible characters (a soft hyphen or zero-width space inside a word, dropped) and
    in ligatures (spelt out), so walking both and stepping over those aligns them; on
    any other disagreement fall back to the proportional position, which is still
    inside the segment. A position on whitespace moves to the next character in the
    file, so a span never starts or ends on a blank.
    """
    seg = piece.segment
    source = seg.text
    want = min(max(offset - piece.start, 0), max(len(source) - 1, 0))
    src = doc.text
    j = seg.start
    stop = min(seg.start + seg.size, len(src))
    n = len(source)
    if n and stop - j == n and src.startswith(source, j):
        # The file holds the reading text as it is (the usual case): the walk would step
        # both in lockstep to `want`, then skip the file's whitespace run there.
        j += want
        if source[want].isspace():
            while j < stop and src[j].isspace():
                j += 1
        return min(j, stop - 1)
    return _walk_offset(src, seg.start, stop, source, want)


def _walk_offset(src: str, first: int, stop: int, source: str, want: int) -> int:
    """The file offset in src[first:stop] of reading-text offset `want` in `source`."""
    i = 0  # in reading text
    j = first
    n = len(source)
    while j < stop:
        if i >= want:
            # the file's whitespace (and invisible characters) before the character wanted
            while j < stop and (src[j].isspace() or src[j] in INVISIBLE):
                j += 1
            return min(j, stop - 1) if stop > first else first
        c = source[i] if i < n else ""
        s = src[j]
        if c == s:
            i += 1
            j += 1
        elif s.isspace():
            j += 1
            if c.isspace():
                i += 1
        elif c.isspace():
            i += 1
        elif s in INVISIBLE:
            j += 1  # dropped in the reading text
        elif s in LIGATURES and source.startswith(LIGATURES[s], i):
            if want < i + len(LIGATURES[s]):
                return j  # a letter the ligature stands for: the ligature itself
            i += len(LIGATURES[s])
            j += 1
        elif c == "" or s == "-":
            j += 1
        else:
            span_len = max(stop - first, 1)
            ratio = want / max(n, 1)
            return first + min(int(ratio * span_len), span_len - 1)
    return max(min(j, stop) - 1, first)


#: segment text -> the same with whitespace runs squeezed ("" when blank), per `clauses`
#: call: a lead-in is read again in every clause below it.
_Squeezed = dict[str, str]


class _Builder:
    """Accumulates text and pieces for one clause."""

    def __init__(self, squeezed: _Squeezed) -> None:
        self.parts: list[str] = []
        self.pieces: list[Piece] = []
        self.length = 0
        self.squeezed = squeezed

    def add(self, node: Provision, role: str) -> None:
        for seg in node.segments:
            if seg.role != role:
                continue
            text = self.squeezed.get(seg.text)
            if text is None:
                text = self.squeezed[seg.text] = " ".join(seg.text.split())
            if not text:
                continue
            if self.parts:
                self.parts.append(" ")
                self.length += 1
            start = self.length
            self.parts.append(text)
            self.length += len(text)
            self.pieces.append(Piece(start, self.length, node.eid, node.citation, seg))

    def add_tree(self, node: Provision) -> None:
        self.add(node, "intro")
        for child in node.children:
            self.add_tree(child)
        self.add(node, "wrapup")

    @property
    def text(self) -> str:
        return "".join(self.parts)


def preorder(nodes: Sequence[Provision]) -> Iterator[Provision]:
    """`nodes` and everything below them in document order, as `Provision.walk` gives
    them, without a generator per node (a big act has a few hundred thousand)."""
    stack = list(reversed(nodes))
    pop, extend = stack.pop, stack.extend
    while stack:
        p = pop()
        yield p
        if p.children:
            extend(reversed(p.children))


def _is_lead_in(text: str) -> bool:
    t = text.rstrip().lower()
    return bool(t) and t.endswith(_LEAD_IN_ENDS)


#: How a clause is read from its provision: the whole subtree (lead-in, items, closing
#: words), the provision's own lead-in only, or its closing words only.
WHOLE, INTRO, WRAPUP = 0, 1, 2


@attrs.frozen(slots=True, weakref_slot=False, eq=False)
class Recipe:
    """How to read one clause again from the tree: which provision, which section it
    belongs to, and which of its words (`WHOLE`, `INTRO` or `WRAPUP`).

    Why: a big act's clause texts and piece maps take several times the input's size,
    yet only the few clauses quoted as evidence are read twice; a recipe is three
    references into the tree the document already holds. Compared and hashed by
    identity: by value would compare or hash the provision's whole subtree.
    """

    node: Provision
    section: Provision
    mode: int

    @property
    def eid(self) -> str:
        return self.node.eid

    @property
    def citation(self) -> str:
        return self.node.citation

    def build(self, squeezed: _Squeezed | None = None) -> Clause | None:
        """The clause (None when the provision has no words to read)."""
        node, section = self.node, self.section
        b = _Builder({} if squeezed is None else squeezed)
        if self.mode == WRAPUP:
            b.add(node, "wrapup")
        elif self.mode == WHOLE:
            b.add_tree(node)
        else:
            b.add(node, "intro")
        if not b.pieces and self.mode != WRAPUP:
            return None  # (closing words that are not blank always make a clause)
        return Clause(
            node.eid, node.citation, b.text, tuple(b.pieces), section.eid, section.heading
        )


def _unit(node: Provision) -> Iterator[Recipe]:
    """Clauses of a section-level unit: itself when undivided or a list under a lead-in,
    else one per child (with the unit's lead-in), plus its own intro when it stands alone."""
    if not node.children or _is_lead_in(node.intro) or (node.wrapup and not node.intro):
        yield Recipe(node, node, WHOLE)
        return
    if node.intro.strip():
        yield Recipe(node, node, INTRO)
    for child in node.children:
        if child.kind in CONTAINERS or child.kind in UNITS:
            yield from _unit(child)
            continue
        yield Recipe(child, node, WHOLE)
    if node.wrapup.strip():
        yield Recipe(node, node, WRAPUP)


def _walk(nodes: tuple[Provision, ...]) -> Iterator[Recipe]:
    for node in nodes:
        if node.kind in CONTAINERS:
            if node.children:
                if node.kind == "schedule" and not any(
                    c.kind in CONTAINERS or c.kind in UNITS for c in node.children
                ):
                    # schedule paragraphs are read as units of their own
                    yield from _walk_units(node.children)
                else:
                    yield from _walk(node.children)
            elif node.intro.strip() or node.wrapup.strip():
                yield Recipe(node, node, WHOLE)
        else:
            yield from _unit(node)


def _walk_units(nodes: tuple[Provision, ...]) -> Iterator[Recipe]:
    for node in nodes:
        if node.kind in CONTAINERS:
            yield from _walk((node,))
        else:
            yield from _unit(node)


def recipes(doc: Document) -> Iterator[tuple[Recipe, Clause]]:
    """Every clause of a document with its recipe, in document order, one at a time (the
    caller keeps what it needs of each clause)."""
    squeezed: _Squeezed = {}
    for recipe in _walk(doc.provisions):
        clause = recipe.build(squeezed)
        if clause is not None:
            yield recipe, clause


def clauses(doc: Document) -> tuple[Clause, ...]:
    """Every clause of a document, in document order."""
    return tuple(clause for _, clause in recipes(doc))
