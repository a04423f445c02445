"""From grammar output to the frozen provision tree: ids, citations, spans, segments.

Why two steps: Lark's transformer runs bottom-up, but an Akoma Ntoso id and a human
citation depend on a node's ancestors; so the transformer gathers drafts and `finish`
walks them once top-down, building each frozen `Provision` exactly once.
"""

from __future__ import annotations

from typing import Any

import attrs
from lark import Token, Transformer

from npgap.lines import Piece, Rec
from npgap.normalise import fold
from npgap.tree import Provision, Segment, Span

__all__ = ["Draft", "DraftTransformer", "finish", "make_span"]

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


@attrs.define(slots=True)
class Draft:
    """A node before ids are known: its record, own pieces and child drafts."""

    rec: Rec
    pieces: list[tuple[str, Piece]]
    children: list[Draft]


class DraftTransformer(Transformer[Token, Any]):
    """Turns the parse into drafts; `recs` maps a token's offset to its record."""

    def __init__(self, recs: dict[int, Rec]) -> None:
        super().__init__()
        self.recs = recs

    def _rec(self, tok: Token) -> Rec:
        return self.recs[tok.start_pos or 0]

    def _node(self, items: list[Any]) -> Draft:
        head: Rec | None = None
        pre: list[tuple[str, Piece]] = []
        pieces: list[tuple[str, Piece]] = []
        children: list[Draft] = []
        for it in items:
            if isinstance(it, Draft):
                children.append(it)
                continue
            rec = self._rec(it)
            t = rec.type
            if t in ("XHEADING", "HEADING"):
                pre.extend((p.role, p) for p in rec.pieces)
            elif head is None and t not in ("TEXT",) and t[0] in "CLS":
                head = rec
                pieces.extend((p.role, p) for p in rec.pieces)
            elif t[0] in "XW" and children:
                # loose text after a child: wrap-up of this node (it follows the list)
                pieces.extend(("wrapup", p) for p in rec.pieces)
            elif t[0] == "X":
                pieces.extend(("intro", p) for p in rec.pieces)
            else:
                pieces.extend((p.role, p) for p in rec.pieces)
        assert head is not None
        return Draft(head, pre + pieces, children)

    def section(self, items: list[Any]) -> Draft:
        return self._node(items)

    c1 = c2 = c3 = c4 = tl1 = l1 = l2 = l3 = l4 = l5 = l6 = schedule = section

    def start(self, items: list[Any]) -> tuple[list[Rec], list[Any]]:
        pre: list[Rec] = []
        body: list[Any] = []
        for it in items:
            if isinstance(it, Draft):
                body.append(it)
            else:
                rec = self._rec(it)
                if rec.type == "PRE":
                    pre.append(rec)
                else:  # loose text at the top level: wrap-up of the previous node
                    body.append(rec)
        return pre, body


def make_span(text: str, line_starts: tuple[int, ...], start: int, end: int) -> Span:
    """The `Span` of text[start:end], its end line/column naming the last character."""
    from bisect import bisect_right

    i = bisect_right(line_starts, start) - 1
    j = bisect_right(line_starts, max(start, end - 1)) - 1
    return Span(
        start,
        end,
        i + 1,
        start - line_starts[i] + 1,
        j + 1,
        max(start, end - 1) - line_starts[j] + 1,
    )


class _Finisher:
    def __init__(self, text: str, line_starts: tuple[int, ...]) -> None:
        self.text = text
        self.line_starts = line_starts
        self.seen: set[str] = set()

    def segment(self, role: str, piece: Piece) -> Segment:
        return Segment(
            role,
            fold(self.text[piece.start : piece.end]),
            make_span(self.text, self.line_starts, piece.start, piece.end),
        )

    def _segments(self, pieces: list[tuple[str, Piece]]) -> list[Segment]:
        """Segments of a node; a heading's closing full stop is its own ``punct`` piece,
        so the heading reads without it and no character is lost."""
        out: list[Segment] = []
        for role, p in pieces:
            if (
                role == "heading"
                and p.end - p.start > 1
                and self.text[p.end - 1] == "."
                and not self.text[p.start : p.end].endswith(("etc.", "Act."))
            ):
                end = p.end - 1
                while end > p.start and self.text[end - 1] in " \t\n":
                    end -= 1
                out.append(self.segment("heading", Piece("heading", p.start, end)))
                out.append(self.segment("punct", Piece("punct", p.end - 1, p.end)))
            else:
                out.append(self.segment(role, p))
        return out

    def build(self, d: Draft, prefix: str, sprefix: str, cite: str, sched: str | None) -> Provision:
        rec = d.rec
        kind = rec.kind or "section"
        value = rec.num_value
        own = (
            f"{_ABBR.get(kind, kind)}_{_id_value(value)}"
            if value
            else f"{_ABBR.get(kind, kind)}_nn"
        )
        eid = f"{prefix}__{own}" if prefix else own
        if eid in self.seen:
            k = 2
            while f"{eid}_{k}" in self.seen:
                k += 1
            eid = f"{eid}_{k}"
            own = eid.rsplit("__", 1)[-1]
        self.seen.add(eid)
        is_container = kind in _CONTAINER_CITE
        is_section_level = rec.type == "SECTION"
        if is_container or kind == "schedule":
            sid = eid if kind == "schedule" else own
            citation = (
                f"{_CONTAINER_CITE.get(kind, 'Sch.')} {rec.num}"
                if rec.num
                else _CONTAINER_CITE.get(kind, "Schedule")
            )
            if kind == "schedule":
                citation = f"Sch. {rec.num}" if rec.num else "Sch."
            child_prefix, child_sprefix, child_cite = eid, "", ""
            child_sched = citation if kind == "schedule" else sched
        elif is_section_level:
            sid = f"{sprefix}__{own}" if sprefix else own
            if sched is not None:
                citation = f"{sched} para {rec.num_value}"
                sid = eid
            elif (
                kind == "section"
                and self.text[
                    d.pieces[0][1].start if d.pieces else 0 : (
                        d.pieces[0][1].start if d.pieces else 0
                    )
                    + 1
                ]
                == "§"
            ):
                citation = f"§ {rec.num}"
            else:
                citation = f"{_SECTION_CITE.get(kind, 's.')} {_cite_num(rec.num or '')}"
            child_prefix, child_sprefix, child_cite, child_sched = eid, sid, citation, sched
        else:
            sid = f"{sprefix}__{own}" if sprefix else own
            citation = f"{cite}({rec.num_value})"
            child_prefix, child_sprefix, child_cite, child_sched = eid, sid, citation, sched
        children = tuple(
            self.build(c, child_prefix, child_sprefix, child_cite, child_sched) for c in d.children
        )
        segments = tuple(self._segments(d.pieces))
        heading = " ".join(s.text for s in segments if s.role == "heading") or None
        intro = " ".join(s.text for s in segments if s.role == "intro")
        wrapup = " ".join(s.text for s in segments if s.role == "wrapup")
        starts = [p.start for _, p in d.pieces] + [c.span.start for c in children]
        ends = [p.end for _, p in d.pieces] + [c.span.end for c in children]
        span = make_span(self.text, self.line_starts, min(starts), max(ends))
        return Provision(
            kind=kind,
            num=rec.num,
            num_value=rec.num_value,
            heading=heading,
            intro=intro,
            wrapup=wrapup,
            children=children,
            span=span,
            segments=segments,
            eid=eid,
            sid=sid,
            citation=citation,
        )


def _id_value(value: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in value).strip("-") or "nn"


def _cite_num(num: str) -> str:
    return " ".join(num.split())


def finish(
    text: str, line_starts: tuple[int, ...], body: list[Any]
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
            drafts[-1].pieces.extend(("wrapup", p) for p in item.pieces)
        else:
            orphans.extend((p.start, p.end) for p in item.pieces)
    return tuple(fin.build(d, "", "", "", None) for d in drafts), orphans
