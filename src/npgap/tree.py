"""The provision tree: immutable attrs classes that every later stage cites from.

Why frozen classes with spans: a finding is only as trustworthy as its pointer back
into the statute, so each node carries where it came from (offsets, line, column) and
never changes after the parser builds it. Spans, segments and provisions are made by
the tens of thousands, so they carry no weak-reference slot (8 bytes each, unused).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence

import attrs

__all__ = [
    "Document",
    "LineStarts",
    "Note",
    "Provision",
    "Segment",
    "Span",
    "line_starts",
    "sid_offset",
]


#: Offsets where each line of a document starts: an ``array`` of 4- or 8-byte integers
#: (a tuple of ints takes 36 bytes a line), shared by the document and all its spans.
LineStarts = Sequence[int]


def line_starts(text: str) -> array[int]:
    """Offsets where each line of `text` starts (the first is 0), as one compact array
    (of 4-byte integers when they fit)."""
    starts = array("i" if len(text) < 2**31 - 1 else "q", [0])
    find = text.find
    append = starts.append
    i = find("\n")
    while i >= 0:
        append(i + 1)
        i = find("\n", i + 1)
    return starts


@attrs.frozen(slots=True, weakref_slot=False, init=False, eq=False, repr=False)
class Span:
    """A stretch of the source text: offsets (end exclusive) plus 1-based line/column.

    Offsets index the decoded text (`Document.text`), whose characters map one to one
    onto the original file's characters, so line and column point into the file itself.
    `end_line`/`end_col` name the last character of the span (inclusive).

    Why line and column are computed on demand: a parse makes several spans per
    provision, and storing four numbers in each took over a fifth of the tree's memory;
    a span made by the parser keeps the offsets and a reference to the document's line
    starts, and works out line and column when asked. `Span(start, end, start_line,
    start_col, end_line, end_col)` still makes a span with the given values.
    """

    start: int
    # the length, not the end offset: most are below 257, and Python shares those ints
    size: int
    # the document's line starts, or the four given values (start_line, start_col,
    # end_line, end_col) of a span made by hand
    where: Sequence[int]

    def __init__(
        self, start: int, end: int, start_line: int, start_col: int, end_line: int, end_col: int
    ) -> None:
        _set_start(self, start)
        _set_size(self, end - start)
        _set_where(self, (start_line, start_col, end_line, end_col))

    @classmethod
    def within(cls, lines: LineStarts, start: int, end: int) -> Span:
        """The span of text[start:end] in a text whose lines start at `lines`."""
        s = _new(cls)
        _set_start(s, start)
        _set_size(s, end - start)
        _set_where(s, lines)
        return s

    @property
    def end(self) -> int:
        """Offset after the last character."""
        return self.start + self.size

    @property
    def start_line(self) -> int:
        w = self.where
        return w[0] if w.__class__ is tuple else bisect_right(w, self.start)

    @property
    def start_col(self) -> int:
        w = self.where
        if w.__class__ is tuple:
            given: int = w[1]
            return given
        return self.start - w[bisect_right(w, self.start) - 1] + 1

    @property
    def end_line(self) -> int:
        w = self.where
        return w[2] if w.__class__ is tuple else bisect_right(w, self._last())

    @property
    def end_col(self) -> int:
        w = self.where
        if w.__class__ is tuple:
            given: int = w[3]
            return given
        last = self._last()
        return last - w[bisect_right(w, last) - 1] + 1

    def _last(self) -> int:
        """Offset of the last character (the start itself for an empty span)."""
        return self.start + self.size - 1 if self.size > 1 else self.start

    def _values(self) -> tuple[int, int, int, int, int, int]:
        w = self.where
        if w.__class__ is tuple:
            return (self.start, self.end, *w)
        start, last = self.start, self._last()
        i = bisect_right(w, start)
        j = bisect_right(w, last, i - 1)
        return (self.start, self.end, i, start - w[i - 1] + 1, j, last - w[j - 1] + 1)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Span:
            return NotImplemented
        assert isinstance(other, Span)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        v = self._values()
        return (
            f"Span(start={v[0]}, end={v[1]}, start_line={v[2]}, start_col={v[3]}, "
            f"end_line={v[4]}, end_col={v[5]})"
        )

    def __reduce__(self) -> tuple[object, tuple[int, ...]]:
        return (Span, self._values())


_new = object.__new__
_set_start = Span.__dict__["start"].__set__
_set_size = Span.__dict__["size"].__set__
_set_where = Span.__dict__["where"].__set__


@attrs.frozen(slots=True, weakref_slot=False, init=False, eq=False, repr=False)
class Segment:
    """One piece of a node's own text, with its role and where it stands.

    role is one of ``label`` (``(1)``, ``Section 45.``), ``heading``, ``intro`` (text
    before the children: the chapeau or the whole text of a leaf), ``wrapup`` (text that
    closes a list after its last item), ``crossheading`` (a heading over a group of
    sections, kept with the first of them), ``punct`` (a heading's closing full stop or
    the ``.—`` between a heading and the text) or ``text`` (document title/preamble).
    `text` is the reading form: wrapped lines joined with single spaces.

    Why the span is not stored as an object: a parse makes two segments per provision,
    and a `Span` object each took a tenth of the tree's memory; the segment keeps the
    span's offsets and line starts and hands out an equal `Span` when asked.
    """

    role: str
    text: str
    start: int
    size: int  # as `Span.size`
    where: Sequence[int]  # as `Span.where`

    def __init__(self, role: str, text: str, span: Span) -> None:
        _set_role(self, role)
        _set_text(self, text)
        _set_seg_start(self, span.start)
        _set_seg_size(self, span.size)
        _set_seg_where(self, span.where)

    @property
    def span(self) -> Span:
        """Where the segment stands in the source text."""
        s = _new(Span)
        _set_start(s, self.start)
        _set_size(s, self.size)
        _set_where(s, self.where)
        return s

    @property
    def end(self) -> int:
        """Offset after the segment's last character."""
        return self.start + self.size

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Segment:
            return NotImplemented
        assert isinstance(other, Segment)
        return (self.role, self.text, self.span) == (other.role, other.text, other.span)

    def __hash__(self) -> int:
        return hash((self.role, self.text, self.span))

    def __repr__(self) -> str:
        return f"Segment(role={self.role!r}, text={self.text!r}, span={self.span!r})"

    def __reduce__(self) -> tuple[object, tuple[str, str, Span]]:
        return (Segment, (self.role, self.text, self.span))


_set_role = Segment.__dict__["role"].__set__
_set_text = Segment.__dict__["text"].__set__
_set_seg_start = Segment.__dict__["start"].__set__
_set_seg_size = Segment.__dict__["size"].__set__
_set_seg_where = Segment.__dict__["where"].__set__


@attrs.frozen(slots=True)
class Note:
    """Something the parser had to guess or could not place, and where."""

    message: str
    line: int
    column: int = 1


@attrs.frozen(slots=True, weakref_slot=False, init=False, repr=False)
class Provision:
    """A numbered (or headed) unit of a statute: Part, section, subsection, paragraph…

    `kind` names the level (``part``, ``chapter``, ``title``, ``division``, ``book``,
    ``section``, ``article``, ``rule``, ``regulation``, ``schedule``, ``subsection``,
    ``paragraph``, ``subparagraph``, ``clause``, ``subclause``, ``item``, ``point``,
    ``subpoint``). `num` is the number as printed (``(1A)``, ``45A``, ``14 bis``) and
    `num_value` its normalised value (``1A``, ``45A``, ``14bis``). `eid` is the Akoma
    Ntoso style path including containers (``part_5__sec_45__subsec_1__para_a``),
    `sid` the same path rooted at the section, which survives renumbering of Parts.

    `sid` is always `eid` or the end of it after a ``__``, so it is kept as the offset
    where it starts in `eid` (`sid_at`, 0 when they are the same): a second string of
    nearly the same characters per provision was a twelfth of a tree's memory.
    """

    kind: str
    num: str | None
    num_value: str | None
    heading: str | None
    intro: str
    wrapup: str
    children: tuple[Provision, ...]
    span: Span
    segments: tuple[Segment, ...]
    eid: str
    sid_at: int
    citation: str

    def __init__(
        self,
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
        sid: str | None = None,
        citation: str | None = None,
        *,
        sid_at: int | None = None,
    ) -> None:
        if citation is None:
            raise TypeError("Provision() needs a citation")
        if sid_at is None:
            if sid is None:
                raise TypeError("Provision() needs a sid")
            sid_at = sid_offset(eid, sid)
        elif sid is not None and sid_offset(eid, sid) != sid_at:
            raise ValueError(f"sid {sid!r} and sid_at {sid_at} disagree for {eid!r}")
        values = (kind, num, num_value, heading, intro, wrapup, children, span, segments)
        for setter, value in zip(_PROVISION_SETTERS, (*values, eid, sid_at, citation), strict=True):
            setter(self, value)

    @property
    def sid(self) -> str:
        """The id rooted at the section (see the class docstring)."""
        at = self.sid_at
        return self.eid[at:] if at else self.eid

    def __repr__(self) -> str:
        return (
            f"Provision(kind={self.kind!r}, num={self.num!r}, num_value={self.num_value!r}, "
            f"heading={self.heading!r}, intro={self.intro!r}, wrapup={self.wrapup!r}, "
            f"children={self.children!r}, span={self.span!r}, segments={self.segments!r}, "
            f"eid={self.eid!r}, sid={self.sid!r}, citation={self.citation!r})"
        )

    @property
    def text(self) -> str:
        """The node's own words (intro and wrap-up), without its children's."""
        return " ".join(p for p in (self.intro, self.wrapup) if p)

    def walk(self) -> Iterator[Provision]:
        """This node and all below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


_PROVISION_SETTERS = tuple(Provision.__dict__[f.name].__set__ for f in attrs.fields(Provision))


def sid_offset(eid: str, sid: str) -> int:
    """Where `sid` starts in `eid`: 0 when they are equal, else after a ``__``."""
    if sid == eid:
        return 0
    at = len(eid) - len(sid)
    if at >= 2 and eid.endswith(sid) and eid[at - 2 : at] == "__":
        return at
    raise ValueError(f"sid {sid!r} is not {eid!r} nor the end of it after '__'")


@attrs.frozen(slots=True)
class Document:
    """A parsed statute: its title, preamble, provisions and the text they came from."""

    title: str | None
    preamble: tuple[Segment, ...]
    provisions: tuple[Provision, ...]
    text: str
    #: where each line starts (see `line_starts`); derived from `text`, so not compared
    line_starts: LineStarts = attrs.field(eq=False)
    notes: tuple[Note, ...] = ()
    path: str | None = None
    style: str = "commonwealth"

    def walk(self) -> Iterator[Provision]:
        """Every provision, in document order (parents before children)."""
        for p in self.provisions:
            yield from p.walk()

    def find(self, eid: str) -> Provision | None:
        """The provision with this eid or section-rooted id, if any."""
        for p in self.walk():
            if p.eid == eid or p.sid == eid:
                return p
        return None

    def find_citation(self, text: str) -> Provision | None:
        """The provision a human citation names: ``section 45(4)``, ``s 45(4)``,
        ``art. 26 bis(2)``, ``Sch. 4 para 3``."""
        key = citation_key(text)
        if not key:
            return None
        for p in self.walk():
            if citation_key(p.citation) == key:
                return p
        return None

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        i = bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1


_CITE_WORDS = (
    (re.compile(r"^(?:sections?|secs?\.?|ss?\.|ss?\b|§§?)\s*", re.I), "s"),
    (re.compile(r"^(?:articles?|arts?\.?|artículos?|articulos?)\s*", re.I), "art"),
    (re.compile(r"^(?:schedule|sch\.?)\s*", re.I), "sch"),
    (re.compile(r"^(?:rules?|r\.)\s*", re.I), "r"),
    (re.compile(r"^(?:regulations?|regs?\.)\s*", re.I), "reg"),
    (re.compile(r"^(?:part)\s*", re.I), "part"),
    (re.compile(r"^(?:chapter|chap\.|ch\.)\s*", re.I), "chapter"),
)
_CITE_PARA = re.compile(r"\b(?:paragraph|para)\b\.?", re.I)
_CITE_SQUASH = re.compile(r"[\s.]+")
_CITE_FIRST = re.compile(r"(?<=\d)(?:er|re)\b")  # French "1er" / "1re" is article 1


def citation_key(text: str) -> str:
    """A normal form of a citation so that ``section 45(4)`` equals ``s. 45(4)``."""
    t = text.strip()
    for rx, word in _CITE_WORDS:
        m = rx.match(t)
        if m:
            rest = t[m.end() :]
            return word + ":" + _squash(rest)
    return "?:" + _squash(t)


#: Characters a citation's number part may hold for `_squash` to skip its substitutions
#: (no space, dot or letters the three patterns need): the parser's own "12(3)(b)".
_PLAIN_CITE = frozenset("0123456789()-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _squash(text: str) -> str:
    low = text.lower()
    if "er" not in low and "re" not in low and "para" not in low and _PLAIN_CITE.issuperset(text):
        return low  # nothing for the patterns below to change (a matcher asks per node)
    return _CITE_SQUASH.sub("", _CITE_PARA.sub("p", _CITE_FIRST.sub("", text))).lower()
