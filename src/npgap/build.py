"""From grammar output to the frozen provision tree: ids, citations, spans, segments.

Why two steps: the LALR reductions run bottom-up, but an Akoma Ntoso id and a human
citation depend on a node's ancestors; so the transformer (run inside the parse) gathers
light drafts and `finish` walks them once top-down, building each frozen `Provision`
exactly once. This is the hot path of `npgap.parse`: per-node work is kept to what the
output needs (no repeated slicing, regexes or translations), see docs/performance.md.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain
from typing import Any

import attrs
from lark import Transformer

from npgap import normalise as _normalise
from npgap.lines import Piece, Rec
from npgap.normalise import fold
from npgap.tree import LineStarts, Provision, Segment, Span

__all__ = [
    "Draft",
    "DraftTransformer",
    "finish",
    "make_span",
    "new_provision",
    "new_segment",
    "new_span",
    "read_as_words",
]


def _slot_setters(cls: type, names: tuple[str, ...]) -> tuple[Callable[[object, Any], None], ...]:
    """The slot setters of a frozen attrs class, checked against its fields.

    `new_span`, `new_segment` and `new_provision` bypass attrs' generated `__init__`,
    which sets each field through a bound `object.__setattr__` (a third of `finish`'s
    time went there); so they must set exactly the class's fields, in order, and the
    class must have no validators or converters. The objects stay frozen."""
    fields = attrs.fields(cls)
    if tuple(f.name for f in fields) != names or any(f.validator or f.converter for f in fields):
        raise TypeError(f"npgap.build's fast constructor no longer matches {cls.__name__}")
    return tuple(cls.__dict__[name].__set__ for name in names)


_new = object.__new__
_within = Span.within
_SEGMENT = _slot_setters(Segment, ("role", "text", "start", "size", "where"))
_PROVISION = _slot_setters(
    Provision,
    (
        "kind",
        "num",
        "num_value",
        "heading",
        "intro",
        "wrapup",
        "children",
        "span",
        "segments",
        "eid",
        "sid_at",
        "citation",
    ),
)


def new_span(lines: LineStarts, start: int, end: int) -> Span:
    """The span of text[start:end] in a document whose lines start at `lines`."""
    return _within(lines, start, end)


def new_segment(role: str, text: str, lines: LineStarts, start: int, end: int) -> Segment:
    """`Segment(role, text, Span...)` for text[start:end], made faster (no `Span` object
    is made; see `_slot_setters`)."""
    s = _new(Segment)
    set_role, set_text, set_start, set_size, set_where = _SEGMENT
    set_role(s, role)
    set_text(s, text)
    set_start(s, start)
    set_size(s, end - start)
    set_where(s, lines)
    return s


def new_provision(
    kind: str,
    num: str | None,
    num_value: str | None,
    heading: str | None,
    intro: str,
    wrapup: str,
    children: tuple[Provision, ...],
    span: Span,
    segments: tuple[Segment, ...],
    eid: str,
    sid_at: int,
    citation: str,
) -> Provision:
    """`Provision(...)`, made faster (see `_slot_setters`)."""
    p = _new(Provision)
    (s_kind, s_num, s_value, s_heading, s_intro, s_wrapup) = _PROVISION[:6]
    (s_children, s_span, s_segments, s_eid, s_sid_at, s_citation) = _PROVISION[6:]
    s_kind(p, kind)
    s_num(p, num)
    s_value(p, num_value)
    s_heading(p, heading)
    s_intro(p, intro)
    s_wrapup(p, wrapup)
    s_children(p, children)
    s_span(p, span)
    s_segments(p, segments)
    s_eid(p, eid)
    s_sid_at(p, sid_at)
    s_citation(p, citation)
    return p


#: Characters `fold` drops or spells out besides whitespace; a document without any lets
#: a one-line piece be read by split and join alone. None (no fast path) with a
#: `normalise` module that does not list them.
_READING_CHANGES: str | None = getattr(_normalise, "READING_CHANGES", None)

_ABBR = {
    "part": "part",
    "subpart": "subpart",
    "chapter": "chp",
    "title": "title",
    "division": "dvs",
    "subdivision": "subdvs",
    "book": "book",
    "section": "sec",
    "article": "art",
    "rule": "rule",
    "regulation": "reg",
    "schedule": "sch",
    "subsection": "subsec",
    "paragraph": "para",
    "subparagraph": "subpara",
    "clause": "clause",
    "subclause": "subclause",
    "item": "item",
    "point": "point",
    "subpoint": "subpoint",
}
_SECTION_CITE = {"section": "s.", "article": "art.", "rule": "r.", "regulation": "reg."}
_CONTAINER_CITE = {
    "part": "Part",
    "subpart": "Subpart",
    "chapter": "Chapter",
    "title": "Title",
    "division": "Division",
    "subdivision": "Subdivision",
    "book": "Book",
}


class Draft:
    """A node before ids are known: the items of its reduction (its records and child
    drafts, as the grammar grouped them) and any loose text that follows it at the
    top level (`tail`, read as its wrap-up).

    A plain slotted class holding Lark's own list: thousands are made per parse, and
    sorting their pieces waits for `finish`, which needs them once.
    """

    __slots__ = ("items", "tail")

    def __init__(self, items: list[Any]) -> None:
        self.items = items
        self.tail: list[Piece] | None = None


class DraftTransformer(Transformer[Rec, Any]):
    """Turns LALR reductions into drafts. Stateless, so one instance serves every parse
    when Lark runs it inside the parser (tokens are the lexer's `Rec` records)."""

    def section(self, items: list[Any]) -> Draft:
        return Draft(items)

    c1 = c2 = c3 = c4 = tl1 = l1 = l2 = l3 = l4 = l5 = l6 = schedule = section

    def start(self, items: list[Any]) -> tuple[list[Rec], list[Draft | Rec]]:
        pre: list[Rec] = []
        body: list[Draft | Rec] = []
        for it in items:
            if it.__class__ is Draft or it.type != "PRE":
                body.append(it)  # a draft, or loose top-level text (wrap-up of the previous)
            else:
                pre.append(it)
        return pre, body


def make_span(text: str, line_starts: LineStarts, start: int, end: int) -> Span:
    """The `Span` of text[start:end], its end line/column naming the last character."""
    return _within(line_starts, start, end)


def _plain(text: str) -> bool:
    """Does `fold` change nothing in `text` but whitespace (so split and join will do)?"""
    return _READING_CHANGES is not None and not any(ch in text for ch in _READING_CHANGES)


def read_as_words(text: str, plain: bool | None = None) -> Callable[[int, int], str]:
    """`fold` of text[start:end], without a translate per one-line piece when the
    document holds none of the characters `fold` drops or spells out (then a one-line
    piece reads as its words split and joined again); `plain` is that test's answer
    when the caller has it already."""
    if not (_plain(text) if plain is None else plain):
        return lambda start, end: fold(text[start:end])

    def words(start: int, end: int) -> str:
        raw = text[start:end]
        if "\n" in raw:
            return fold(raw)
        return " ".join(raw.split())

    return words


class _Finisher:
    def __init__(self, text: str, line_starts: LineStarts) -> None:
        self.text = text
        self.lines = line_starts
        self.plain = _plain(text)
        self.words = read_as_words(text, self.plain)
        self.next_k: dict[str, int] = {}
        self.own_ids: dict[tuple[str, str | None], str] = {}
        # one object per distinct label text or number ("(a)", "12"): thousands of
        # nodes share a few hundred strings
        self.shared: dict[str | None, str | None] = {}

    def _cover(self, segments: list[Segment], children: list[Provision]) -> Span:
        """The span from the first to the last character of a node's segments and
        children."""
        first = segments[0] if segments else children[0].span
        lo = first.start
        hi = lo + first.size
        pieces: chain[Segment | Span] = chain(segments, [c.span for c in children])
        for piece in pieces:
            s = piece.start
            if s < lo:
                lo = s
            e = s + piece.size
            if e > hi:
                hi = e
        return _within(self.lines, lo, hi)

    def _segment(
        self,
        role: str,
        s: int,
        e: int,
        parts: tuple[list[Segment], list[str], list[str], list[str]],
    ) -> None:
        """Add the segment(s) of piece text[s:e] to a node's `parts` (segments,
        headings, intros, wrap-ups)."""
        segments, headings, intros, wrapups = parts
        text = self.text
        if (
            role == "heading"
            and e - s > 1
            and text[e - 1] == "."
            and not text.endswith(("etc.", "Act."), s, e)
        ):
            # a heading's closing full stop is its own ``punct`` piece, so the
            # heading reads without it and no character is lost
            he = e - 1
            while he > s and text[he - 1] in " \t\n":
                he -= 1
            heading = self.words(s, he)
            segments.append(new_segment("heading", heading, self.lines, s, he))
            segments.append(new_segment("punct", ".", self.lines, e - 1, e))
            headings.append(heading)
            return
        got = self.words(s, e)
        if role == "label":
            got = self.shared.setdefault(got, got) or got
        segments.append(new_segment(role, got, self.lines, s, e))
        if role == "intro":
            intros.append(got)
        elif role == "heading":
            headings.append(got)
        elif role == "wrapup":
            wrapups.append(got)

    def _own(self, kind: str, value: str | None) -> str:
        key = (kind, value)
        own = self.own_ids.get(key)
        if own is None:
            abbr = _ABBR.get(kind, kind)
            own = f"{abbr}_{_id_value(value)}" if value else f"{abbr}_nn"
            self.own_ids[key] = own
        return own

    def _eid(self, prefix: str, own: str, taken: set[str]) -> tuple[str, str]:
        """The node's eid (and own part) under `prefix`, numbered ``_2``, ``_3``… when a
        sibling took it already; recorded in `taken`."""
        eid = f"{prefix}__{own}" if prefix else own
        if eid in taken:
            # the smallest free _k, remembered per id so repeats stay O(1) each
            k = self.next_k.get(eid, 2)
            while f"{eid}_{k}" in taken:
                k += 1
            self.next_k[eid] = k + 1
            eid = f"{eid}_{k}"
            own = eid.rsplit("__", 1)[-1]
        taken.add(eid)
        return eid, own

    def _leaf(
        self, head: Rec, prefix: str, sprefix: str, cite: str, taken: set[str]
    ) -> Provision | None:
        """The commonest node, an item that is only its label and words (``(a) the
        offence…``), built without `build`'s general bookkeeping; None for any other."""
        pieces = head.pieces
        if len(pieces) == 2:
            label, words = pieces
            if words.role != "intro":
                return None
        elif len(pieces) == 1:
            label, words = pieces[0], None
        else:
            return None
        if label.role != "label":
            return None
        text = self.text
        lines = self.lines
        share = self.shared.setdefault
        plain = self.plain
        ls, le = label.start, label.end
        raw = text[ls:le]
        got = " ".join(raw.split()) if plain and "\n" not in raw else fold(raw)
        got = share(got, got) or got
        first = new_segment("label", got, lines, ls, le)
        intro = ""
        hi = le
        if words is None:
            segments: tuple[Segment, ...] = (first,)
        else:
            ws, we = words.start, words.end
            raw = text[ws:we]
            intro = " ".join(raw.split()) if plain and "\n" not in raw else fold(raw)
            segments = (first, new_segment("intro", intro, lines, ws, we))
            if we > hi:
                hi = we
        kind = head.kind or "section"
        num = share(head.num, head.num)
        num_value = share(head.num_value, head.num_value)
        eid, own = self._eid(prefix, self._own(kind, num_value), taken)
        sid_at = 0 if not sprefix else len(eid) - len(sprefix) - 2 - len(own)
        if not sprefix and eid != own:
            sid_at = len(eid) - len(own)
        return new_provision(
            kind,
            num,
            num_value,
            None,
            intro,
            "",
            (),
            _within(lines, ls, hi),
            segments,
            eid,
            sid_at,
            f"{cite}({num_value})",
        )

    def build(
        self,
        d: Draft,
        prefix: str,
        sprefix: str,
        cite: str,
        sched: str | None,
        taken: set[str],
    ) -> Provision:
        """The frozen node for draft `d`; the drafts below are let go as soon as they
        are built, so the tree grows while the lexer's records shrink.

        `taken` holds the ids of the siblings built before: an id is its parent's id plus
        its own part (which never contains ``__``), so only siblings can clash."""
        items = d.items
        d.items = []
        if len(items) == 1 and d.tail is None:
            only = items[0]
            if only.__class__ is not Draft and only.type[0] == "L":
                leaf = self._leaf(only, prefix, sprefix, cite, taken)
                if leaf is not None:
                    return leaf
        # the head record (SECTION, L1…, C1…) follows any heading lines above it
        head: Rec | None = None
        has_pre = False
        for it in items:
            if it.__class__ is not Draft:
                t = it.type
                if t == "XHEADING" or t == "HEADING":
                    has_pre = True
                elif t != "TEXT" and t[0] in "CLS":
                    head = it
                    break
        assert head is not None
        text = self.text
        lines = self.lines
        plain = self.plain
        share = self.shared.setdefault
        segments: list[Segment] = []
        headings: list[str] = []
        intros: list[str] = []
        wrapups: list[str] = []
        parts = (segments, headings, intros, wrapups)
        first = -1  # offset of the node's label (a "§" there names a US section)
        if has_pre:
            for it in items:
                if it is head:
                    break
                if it.__class__ is not Draft and it.type in ("XHEADING", "HEADING"):
                    for p in it.pieces:
                        self._segment(p.role, p.start, p.end, parts)
        kids: list[Draft] = []
        for it in items:
            if it.__class__ is Draft:
                kids.append(it)
                continue
            t = it.type
            if t == "XHEADING" or t == "HEADING":
                continue
            if it is head:
                role = ""
            elif t[0] in "XW" and kids:
                role = "wrapup"  # loose text after a child: wrap-up of this node
            elif t[0] == "X":
                role = "intro"
            else:
                role = ""
            for p in it.pieces:
                s = p.start
                e = p.end
                r = role or p.role
                if first < 0 and r == "label":
                    first = s
                if r == "label" or r == "intro":  # the common pieces, inline
                    raw = text[s:e]
                    got = " ".join(raw.split()) if plain and "\n" not in raw else fold(raw)
                    if r == "label":
                        got = share(got, got) or got
                    else:
                        intros.append(got)
                    segments.append(new_segment(r, got, lines, s, e))
                else:
                    self._segment(r, s, e, parts)
        if d.tail:
            for p in d.tail:
                self._segment("wrapup", p.start, p.end, parts)
        del items

        kind = head.kind or "section"
        num = share(head.num, head.num)
        num_value = share(head.num_value, head.num_value)
        eid, own = self._eid(prefix, self._own(kind, num_value), taken)
        citation: str
        child_sched: str | None
        if kind in _CONTAINER_CITE or kind == "schedule":
            if kind == "schedule":
                sid = eid
                citation = f"Sch. {num}" if num else "Sch."
                child_sched = citation
            else:
                sid = own
                citation = f"{_CONTAINER_CITE[kind]} {num}" if num else _CONTAINER_CITE[kind]
                child_sched = sched
            child_prefix, child_sprefix, child_cite = eid, "", ""
        elif head.type == "SECTION":
            sid = f"{sprefix}__{own}" if sprefix else own
            if sched is not None:
                citation = f"{sched} para {num_value}"
                sid = eid
            elif kind == "section" and text[max(first, 0) : max(first, 0) + 1] == "§":
                citation = f"§ {num}"
            else:
                citation = f"{_SECTION_CITE.get(kind, 's.')} {_cite_num(num or '')}"
            child_prefix, child_sprefix, child_cite, child_sched = eid, sid, citation, sched
        else:
            sid = f"{sprefix}__{own}" if sprefix else own
            citation = f"{cite}({num_value})"
            child_prefix, child_sprefix, child_cite, child_sched = eid, sid, citation, sched
        # the node keeps where its sid starts in its eid, not a second string
        sid_at = 0 if sid == eid else len(eid) - len(sid)

        built: list[Provision] = []
        if kids:
            kids.reverse()
            siblings: set[str] = set()
            while kids:
                built.append(
                    self.build(
                        kids.pop(), child_prefix, child_sprefix, child_cite, child_sched, siblings
                    )
                )
        return new_provision(
            kind,
            num,
            num_value,
            " ".join(headings) if headings else None,
            intros[0] if len(intros) == 1 else " ".join(intros),
            " ".join(wrapups) if wrapups else "",
            tuple(built) if built else (),
            self._cover(segments, built),
            tuple(segments),
            eid,
            sid_at,
            citation,
        )


def _id_value(value: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in value).strip("-") or "nn"


def _cite_num(num: str) -> str:
    return " ".join(num.split())


def finish(
    text: str, line_starts: LineStarts, body: list[Draft | Rec]
) -> tuple[tuple[Provision, ...], list[tuple[int, int]]]:
    """Frozen provisions for the top-level drafts; loose top-level text is attached as
    the wrap-up of the node before it (or returned as preamble ranges if none)."""
    fin = _Finisher(text, line_starts)
    drafts: list[Draft] = []
    orphans: list[tuple[int, int]] = []
    for item in body:
        if isinstance(item, Draft):
            drafts.append(item)
        elif drafts:
            last = drafts[-1]
            if last.tail is None:
                last.tail = []
            last.tail.extend(item.pieces)
        else:
            orphans.extend([(p.start, p.end) for p in item.pieces])
    body.clear()  # the caller's list: let each draft go once it is built
    drafts.reverse()
    built: list[Provision] = []
    top: set[str] = set()
    while drafts:
        built.append(fin.build(drafts.pop(), "", "", "", None, top))
    return tuple(built), orphans
