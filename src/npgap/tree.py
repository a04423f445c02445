"""The provision tree: immutable attrs classes that every later stage cites from.

Why frozen classes with spans: a finding is only as trustworthy as its pointer back
into the statute, so each node carries where it came from (offsets, line, column) and
never changes after the parser builds it. Spans, segments and provisions are made by
the tens of thousands, so they carry no weak-reference slot (8 bytes each, unused).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

__all__ = [
    "Document",
    "Note",
    "Provision",
    "Segment",
    "Span",
]


@attrs.frozen(slots=True, weakref_slot=False)
class Span:
    """A stretch of the source text: offsets (end exclusive) plus 1-based line/column.

    Offsets index the decoded text (`Document.text`), whose characters map one to one
    onto the original file's characters, so line and column point into the file itself.
    `end_line`/`end_col` name the last character of the span (inclusive).
    """

    start: int
    end: int
    start_line: int
    start_col: int
    end_line: int
    end_col: int


@attrs.frozen(slots=True, weakref_slot=False)
class Segment:
    """One piece of a node's own text, with its role and where it stands.

    role is one of ``label`` (``(1)``, ``Section 45.``), ``heading``, ``intro`` (text
    before the children: the chapeau or the whole text of a leaf), ``wrapup`` (text that
    closes a list after its last item), ``crossheading`` (a heading over a group of
    sections, kept with the first of them), ``punct`` (a heading's closing full stop or
    the ``.—`` between a heading and the text) or ``text`` (document title/preamble).
    `text` is the reading form: wrapped lines joined with single spaces.
    """

    role: str
    text: str
    span: Span


@attrs.frozen(slots=True)
class Note:
    """Something the parser had to guess or could not place, and where."""

    message: str
    line: int
    column: int = 1


@attrs.frozen(slots=True, weakref_slot=False)
class Provision:
    """A numbered (or headed) unit of a statute: Part, section, subsection, paragraph…

    `kind` names the level (``part``, ``chapter``, ``title``, ``division``, ``book``,
    ``section``, ``article``, ``rule``, ``regulation``, ``schedule``, ``subsection``,
    ``paragraph``, ``subparagraph``, ``clause``, ``subclause``, ``item``, ``point``,
    ``subpoint``). `num` is the number as printed (``(1A)``, ``45A``, ``14 bis``) and
    `num_value` its normalised value (``1A``, ``45A``, ``14bis``). `eid` is the Akoma
    Ntoso style path including containers (``part_5__sec_45__subsec_1__para_a``),
    `sid` the same path rooted at the section, which survives renumbering of Parts.
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
    sid: str
    citation: str

    @property
    def text(self) -> str:
        """The node's own words (intro and wrap-up), without its children's."""
        return " ".join(p for p in (self.intro, self.wrapup) if p)

    def walk(self) -> Iterator[Provision]:
        """This node and all below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@attrs.frozen(slots=True)
class Document:
    """A parsed statute: its title, preamble, provisions and the text they came from."""

    title: str | None
    preamble: tuple[Segment, ...]
    provisions: tuple[Provision, ...]
    text: str
    line_starts: tuple[int, ...]
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
        from bisect import bisect_right

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


def citation_key(text: str) -> str:
    """A normal form of a citation so that ``section 45(4)`` equals ``s. 45(4)``."""
    t = text.strip()
    for rx, word in _CITE_WORDS:
        m = rx.match(t)
        if m:
            rest = t[m.end() :]
            return word + ":" + _squash(rest)
    return "?:" + _squash(t)


def _squash(text: str) -> str:
    return _CITE_SQUASH.sub("", _CITE_PARA.sub("p", text)).lower()
