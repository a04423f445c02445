"""The line lexer: statute text → one typed record per logical line.

Why a line lexer: statutes are line-structured (a label starts a line), and deciding
the level of a label like ``(i)`` needs context (what came before, what comes next)
that a character lexer cannot see. This module joins wrapped lines, recognises labels,
headings and containers, ranks levels, and decides where loose text belongs, so the
grammar only has to group tokens. Every regex here is anchored and free of nested
quantifiers, so lexing is linear in the input.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from npgap.tree import LineStarts, line_starts

__all__ = ["Rec", "detect_style", "lex"]

_ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")

_CONTAINER_WORDS = {
    "part": "part",
    "subpart": "subpart",
    "chapter": "chapter",
    "title": "title",
    "division": "division",
    "subdivision": "subdivision",
    "book": "book",
    "capítulo": "chapter",
    "capitulo": "chapter",
    "chapitre": "chapter",
    "título": "title",
    "titulo": "title",
    "titre": "title",
    "libro": "book",
    "livre": "book",
    "sección": "division",
    "seccion": "division",
}
_SECTION_WORDS = {
    "section": "section",
    "sec.": "section",
    "sec": "section",
    "§": "section",
    "article": "article",
    "art.": "article",
    "artículo": "article",
    "articulo": "article",
    "rule": "rule",
    "regulation": "regulation",
}
_SCHEDULE_WORDS = ("schedule", "annex", "annexe", "anexo", "appendix")

_NUM = (
    r"\d{1,5}(?:[A-Z]{1,2}|[a-z](?![a-z]))?(?:[-.‐–]\d{1,5}(?:[A-Z]{1,2}|[a-z](?![a-z]))?){0,3}"
    r"(?:\s?(?:bis|ter|quater|quinquies|sexies|septies|octies)|-[A-Z](?![\w-]))?"
)
_CONTAINER = re.compile(
    r"(PART|Part|SUBPART|Subpart|CHAPTER|Chapter|TITLE|Title|DIVISION|Division|SUBDIVISION|Subdivision"
    r"|BOOK|Book|CAP[ÍI]TULO|Cap[íi]tulo|CHAPITRE|Chapitre|T[ÍI]TULO|T[íi]tulo|TITRE|Titre|LIBRO|Libro"
    r"|LIVRE|Livre|SECCI[ÓO]N|Secci[óo]n)[ \t]+"
    r"(\d{1,4}[A-Z]?|[IVXLCDM]{1,8}(?=er\b)|[IVXLCDM]{1,8}(?![a-z])|PRELIMINAR|Preliminar)"
    r"(?:er|º|°)?(?!\w|\.\w)"
    r"[ \t]*(?:[-–—:.][ \t]*)?"
)
_SECTION = re.compile(
    r"(SECTION|Section|SEC\.|Sec\.|§|ARTICLE|Article|ART\.|Art\.|ART[ÍI]CULO|Art[íi]culo|RULE|Rule"
    r"|REGULATION|Regulation)[ \t]*(" + _NUM + r"(?:er)?)(?:º|°|o\.)?(?![\w])"
    r"[ \t]*(?:[.:][ \t]*)?(?:[-–—]+[ \t]*)?"
)
_SCHEDULE = re.compile(
    r"(SCHEDULE|Schedule|ANNEX|Annex|ANNEXE|Annexe|ANEXO|Anexo|APPENDIX|Appendix)"
    r"(?:[ \t]+(\d{1,3}[A-Z]?|[IVXLC]{1,6}(?![a-z])))?(?![\w])[ \t]*(?:[-–—:.][ \t]*)?"
)
_BARE = re.compile(
    r"(\d{1,5}[A-Z]{0,2}(?:\.\d{1,5}){0,3})(\.?)"
    r"(?:[ \t]*[-–—]+(?=[ \t(]|$)|(?<=\.)[-–—]+(?=[A-Z“\"‘])|(?<=\.)(?=[A-Z])|(?=[ \t]|$))[ \t]*"
)
_PAREN = re.compile(r"\((\d{1,3}[A-Z]{0,2}|[a-z]{1,4}|[A-Z]{1,4})\)(?=[ \t]|$|[—–(-])[ \t]*")
_CIVIL = re.compile(r"(\d{1,3}|[a-z]{1,3})(\)|\.(?=[ \t])|°|º)[ \t]*")

# A line that ends in one of these may run on into the next (the last character is a
# word character or one of the rest); tested on the last character, not with a regex
# search, which would try every position of the line.
_OPEN_END_CHARS = ",-(’'\"“_"
# Words that, ending a line, leave a reference or phrase open ("… under section" / "45").
_REF_NOUNS = frozenset(
    {"section", "sections", "subsection", "subsections", "paragraph", "paragraphs"}
    | {"article", "articles", "of", "under"}
)
_REF_ENDS = _REF_NOUNS | {"in", "and", "or", "to", "the", "by", "with", "a", "an"}
_LONGEST_REF_WORD = max(len(w) for w in _REF_ENDS)


def _last_word(p: str) -> str:
    """The run of word characters that ends `p`, lower-cased ("" when longer than any
    word of `_REF_ENDS`, so the scan stops early)."""
    i = n = len(p)
    while i:
        ch = p[i - 1]
        if not (ch.isalnum() or ch == "_"):
            break
        i -= 1
        if n - i > _LONGEST_REF_WORD:
            return ""
    return p[i:].lower()


_LEAD_ENDS = ("—", "–", ":", "-")
_ITEM_END = re.compile(r"[;,][ \t]*(?:and|or)$")
_RUBRIC = re.compile(r"([^.:;]{1,80}?)\.[ \t]+(?=\S)")
# "Short title.—This …", and the Philippine "Title. - This …"
_RUN_IN = re.compile(r"([^.:;()—–\n]{1,120}?)\.(?:[—–]|[ \t][—–-](?=[ \t]))[ \t]*(?=\S)")
_INLINE_HEAD = re.compile(r"([^.:;()]{1,120}?)\.?[—–]+[ \t]*(?=\()")


# The lexer's records are named tuples rather than attrs classes: a parse makes one
# per line and piece (60,000 for a 2 MB act) and drops them once the tree is built;
# a tuple is made several times faster and is just as immutable.


class Piece(NamedTuple):
    """A stretch of one logical line with its role (label, heading, intro)."""

    role: str
    start: int
    end: int


class Rec(NamedTuple):
    """One token for the grammar: its type, its place, and its pieces of text.

    type is one of C1–C4 (containers, ranked), SCHEDULE, XHEADING, HEADING, SECTION,
    L1–L6 (labels by depth below the section), TEXT (text of the innermost open node
    that has no children yet), W0–W5 (wrap-up of the section / of level k), X0–X4
    (loose text at container depth k), PRE (preamble text).
    """

    type: str
    start: int
    line: int
    column: int
    kind: str = ""
    num: str | None = None
    num_value: str | None = None
    style: str = ""
    pieces: tuple[Piece, ...] = ()


class _Phys(NamedTuple):
    start: int  # offset of first non-blank char
    end: int  # offset after last non-blank char
    line: int
    col: int
    text: str
    blank_before: bool


_tuple = tuple.__new__  # makes a named tuple without its Python-level __new__


def _physical(text: str) -> list[_Phys]:
    out: list[_Phys] = []
    append = out.append
    pos = 0
    blank = True
    for line, raw in enumerate(text.split("\n"), 1):
        stripped = raw.strip()
        if stripped:
            lead = raw.find(stripped[0])  # everything before it is blank
            s = pos + lead
            append(_tuple(_Phys, (s, s + len(stripped), line, lead + 1, stripped, blank)))
            blank = False
        else:
            blank = True
        pos += len(raw) + 1
    return out


_VALUE_TABLE = str.maketrans(
    {" ": None, "\t": None, "\n": None, "°": None, "º": None, "‐": "-", "–": "-"}
)


def _value(num: str) -> str:
    """Normalised number: ``14 bis`` → ``14bis``, ``1er`` → ``1``, ``12º`` → ``12``; the
    dot of ``943.0583`` and the hyphen of ``12-405`` stay (they separate numbers)."""
    v = num.translate(_VALUE_TABLE).strip(".")
    if v.endswith("er") and v[:-2].isdigit():
        v = v[:-2]
    return v


class _Level:
    __slots__ = ("last", "style")

    def __init__(self, style: str, last: str) -> None:
        self.style = style
        self.last = last


def _alpha_prev(v: str) -> str | None:
    if len(v) == 1:
        return chr(ord(v) - 1) if v not in "aA" else None
    if len(v) == 2 and v[0] == v[1]:  # aa follows z, bb follows aa
        return ("z" if v.islower() else "Z") if v[0] in "aA" else chr(ord(v[0]) - 1) * 2
    return None


_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def roman_to_int(v: str) -> int:
    """Value of a roman numeral (either case); 0 for anything else."""
    s = v.lower()
    if not s or not _ROMAN.match(s):
        return 0
    total = 0
    for i, ch in enumerate(s):
        val = _ROMAN_VALUES[ch]
        if i + 1 < len(s) and _ROMAN_VALUES[s[i + 1]] > val:
            total -= val
        else:
            total += val
    return total


def _int_to_roman(n: int) -> str:
    out = []
    for val, sym in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while n >= val:
            out.append(sym)
            n -= val
    return "".join(out)


def _roman_prev(v: str) -> str | None:
    n = roman_to_int(v)
    if n <= 1:
        return None
    r = _int_to_roman(n - 1)
    return r if v.islower() else r.upper()


#: Kind names of label levels per drafting style.
_KINDS = {
    "commonwealth": {
        "num": "subsection",
        "alpha": "paragraph",
        "roman": "subparagraph",
        "ALPHA": "clause",
        "ROMAN": "subclause",
        "alpha2": "item",
    },
    "us": {
        "alpha": "subsection",
        "num": "paragraph",
        "ALPHA": "subparagraph",
        "roman": "clause",
        "ROMAN": "subclause",
        "alpha2": "item",
    },
    # UK Schedules: paragraph 2, sub-paragraph 2(1), paragraph 2(1)(a), sub-paragraph
    # 2(1)(a)(i) (Office of the Parliamentary Counsel's drafting terms)
    "schedule": {
        "num": "subparagraph",
        "alpha": "paragraph",
        "roman": "subparagraph",
        "ALPHA": "clause",
        "ROMAN": "subclause",
        "alpha2": "item",
    },
    "civil": {
        "num": "paragraph",
        "alpha": "point",
        "roman": "subpoint",
        "ALPHA": "clause",
        "ROMAN": "subclause",
        "alpha2": "item",
    },
}


def detect_style(text: str) -> str:
    """Drafting style from the numbering: ``civil`` (articles), ``us`` (§, Sec., (a)
    over (1)) or ``commonwealth``."""
    head = text[:200000]
    if re.search(
        r"(?m)^[ \t]*(?:ARTICLE|Article|ART\.|Art\.|ART[ÍI]CULO|Art[íi]culo)[ \t]*\d", head
    ):
        return "civil"
    if re.search(r"(?m)^[ \t]*(?:§|SEC\.|Sec\.)[ \t]*\d", head):
        return "us"
    # which nested list starts first: (1) over (a) is Commonwealth, (a) over (1) is US
    us = re.search(r"(?m)^[ \t]*\([a-z]\)[^\n]*\n(?:[ \t]*\n)*[ \t]*\(1\)", head)
    cw = re.search(r"(?m)^[ \t]*\(\d{1,3}\)[^\n]*\n(?:[ \t]*\n)*[ \t]*\(a\)", head)
    if us and (not cw or us.start() < cw.start()):
        return "us"
    return "commonwealth"


class _Lexer:
    """Walks the physical lines once, emitting records; keeps the open-node state."""

    def __init__(self, text: str, phys: list[_Phys], line_starts: LineStarts, style: str) -> None:
        self.text = text
        self.phys = phys
        self.line_starts = line_starts
        self.out: list[Rec] = []
        self.style = style
        self.container_rank: dict[str, int] = {}
        self.container_depth = 0
        self.in_section = False
        self.in_schedule = False
        self.section_kind = ""
        self.levels: list[_Level] = []
        # per open level (index 0 = section or top): has children / has wrap-up / intro text
        self.has_children: list[bool] = [False]
        self.wrapped: list[bool] = [False]
        self.lead_in: list[bool] = [False]
        self.last_text_end = ""
        self.seen_structure = False
        # the look-ahead's "(x)" match of the group after a label, reused when it comes
        self.ahead: tuple[int, re.Match[str] | None] = (-1, None)
        # per distinct label text: number as printed; per label value: normalised value
        self.printed: dict[str, str] = {}
        self.values: dict[str, str] = {}
        self.romans: dict[str, bool] = {}  # per label value: is it a roman numeral?

    # ---- style -----------------------------------------------------------------
    # ---- emit helpers ------------------------------------------------------------
    def emit(
        self,
        type_: str,
        start: int,
        pieces: tuple[Piece, ...],
        kind: str = "",
        num: str | None = None,
        num_value: str | None = None,
        style: str = "",
        line: int = 0,
        column: int = 0,
    ) -> None:
        """Add a record; `line`/`column` when the caller knows them (a line's start)."""
        if not line:
            line, column = self._line_col(start)
        self.out.append(
            _tuple(Rec, (type_, start, line, column, kind, num, num_value, style, pieces))
        )

    def _line_col(self, start: int) -> tuple[int, int]:
        """1-based line and column of an offset (bisecting the line starts: counting
        newlines from the top made lexing quadratic)."""
        starts = self.line_starts
        idx = bisect.bisect_right(starts, start) - 1
        return idx + 1, start - starts[idx] + 1

    # ---- main loop -------------------------------------------------------------
    def run(self) -> list[Rec]:
        groups = self._logical()
        i = 0
        n = len(groups)
        while i < n:
            i = self._handle(groups, i)
        return self.out

    def _logical(self) -> list[list[_Phys]]:
        """Group physical lines into logical lines (wrapped text joined)."""
        groups: list[list[_Phys]] = []
        phys = self.phys
        for k, p in enumerate(phys):
            if groups and self._closing_words(groups[-1], p, k):
                groups.append([p])
            elif (
                groups
                and self._continues(groups[-1][-1], p)
                and not self._heads_bare_number(p, phys[k + 1] if k + 1 < len(phys) else None)
            ):
                groups[-1].append(p)
            else:
                groups.append([p])
        return groups

    def _heads_bare_number(self, cur: _Phys, nxt: _Phys | None) -> bool:
        """A capitalised line followed by a section number alone on its line is that
        section's heading (``Defence`` / ``3``), not the wrapped end of the line before."""
        if nxt is None or not cur.text[0].isupper() or len(cur.text) > 120:
            return False
        m = _BARE.match(nxt.text)
        return bool(m and m.end() >= len(nxt.text) and nxt.text[0].isdigit())

    def _closing_words(self, group: list[_Phys], cur: _Phys, k: int) -> bool:
        """A lowercase line after a list item ending in a comma or semicolon closes the
        list (``(c) …,`` / ``committed as a direct consequence …``) rather than wrapping
        it, unless the next label is the item's own successor (then the list goes on,
        and the line was the item's wrapped text)."""
        p = group[-1].text
        if not (p.endswith((",", ";")) and cur.text[0].islower()) or cur.text in ("and", "or"):
            return False
        first = group[0].text
        m = _PAREN.match(first) or (self.style == "civil" and _CIVIL.match(first))
        if not m:
            return False
        phys = self.phys
        nexts = _successors(m.group(1))
        before = k - len(group) - 1
        if m.group(1) in ("i", "I") and before >= 0 and phys[before].text.endswith(_LEAD_ENDS):
            nexts = ("ii" if m.group(1) == "i" else "II",)  # first item of a roman list
        for j in range(k + 1, min(k + 40, len(phys))):
            t = phys[j].text
            m2 = _PAREN.match(t) or (self.style == "civil" and _CIVIL.match(t))
            if m2:
                return m2.group(1) not in nexts
            if _SECTION.match(t) or _CONTAINER.match(t) or _SCHEDULE.match(t):
                break
        return True

    def _continues(self, prev: _Phys, cur: _Phys) -> bool:
        """Is `cur` a wrapped continuation of the logical line that ends with `prev`?"""
        t = cur.text
        p = prev.text
        if t in ("and", "or", "; and", "; or") and p.endswith((";", ",")):
            return True
        last = p[-1]
        if not (last.isalnum() or last in _OPEN_END_CHARS) or p.endswith(("—", ":")):
            return False
        word = _last_word(p)
        ref = word in _REF_ENDS
        if _PAREN.match(t):
            return word in _REF_NOUNS and not cur.blank_before
        if _CONTAINER.match(t) or _SECTION.match(t) or _SCHEDULE.match(t):
            # "…; and" ends a list item: "Article 2" after it starts a new provision
            item_end = _ITEM_END.search(p) or p in ("and", "or")
            return ref and not cur.blank_before and not item_end
        if self.style == "civil" and _CIVIL.match(t):
            return word in _REF_NOUNS and not cur.blank_before
        m = _BARE.match(t)
        if m:
            if cur.blank_before:
                return False
            if word in _REF_NOUNS:
                return True
            after = t[m.end() : m.end() + 1]
            if not after or after.isupper() or _PAREN.match(t[m.end() :]):
                return False  # "2. The …", "2. (1) …", "2 (1) …" or a number alone: new
            if ref:
                return True
            return p[-1].islower() or p[-1] == ","
        if t[0].islower():
            return True
        if p.count("(") > p.count(")") or p.count("[") > p.count("]"):
            return True  # an open bracket runs on: "de la[Ley" / "N° 26.842](…)"
        if cur.blank_before:
            return False
        if _ITEM_END.search(p):
            return False  # "…; and" ends a list item; a capitalised line is something new
        if t[0].isdigit() or t[0] in "([\"“'‘§":
            return p[-1].islower() or p[-1] in ",-" or ref
        return p.endswith((",", "-")) or ref

    def _structural_start(self, t: str) -> bool:
        if _PAREN.match(t) or _CONTAINER.match(t) or _SECTION.match(t) or _SCHEDULE.match(t):
            return True
        if _BARE.match(t):
            return True
        return bool(self.style == "civil" and _CIVIL.match(t))

    # ---- classification --------------------------------------------------------
    def _handle(self, groups: list[list[_Phys]], i: int) -> int:
        g = groups[i]
        first = g[0].text
        if first[0] == "(":
            # the commonest line, "(a) …": no container, section or bare number starts so
            ahead = self.ahead
            pm = ahead[1] if ahead[0] == i else _PAREN.match(first)
            if pm:
                return self._label(groups, i, ("paren", pm.group(1), pm))
        start, end = g[0].start, g[-1].end
        t = self.text[start:end]
        nxt = groups[i + 1] if i + 1 < len(groups) else None
        if first[0] != "(":
            m = _CONTAINER.match(first)
            if m and self._container_ok(t, m):
                return self._container(groups, i, m)
            m = _SCHEDULE.match(first)
            if m and self._schedule_ok(t, m):
                return self._schedule(groups, i, m)
            m = _SECTION.match(first)
            if m and not first[m.end() : m.end() + 1].islower():  # not "Section 45 does not …"
                kind = _SECTION_WORDS.get(m.group(1).lower(), "section")
                if m.group(1).lower().startswith(("art", "artí")):
                    kind = "article"
                return self._section(groups, i, m, kind, m.group(2))
            m = _BARE.match(first)
            if m and (
                self._bare_ok(groups, i, m)
                or (
                    self.out[-1:]
                    and self.out[-1].type == "HEADING"
                    and self._sentence_section(groups, i, m)
                )
            ):
                if self.style == "civil" and self.in_section and self.section_kind == "article":
                    pass  # numbered paragraph of an article: handled as a label below
                else:
                    kind = "paragraph" if self.in_schedule else "section"
                    return self._section(groups, i, m, kind, m.group(1))
        lab = self._label_match(first)
        if lab is not None:
            return self._label(groups, i, lab)
        # headings before a section
        if (
            nxt is not None
            and self.style != "civil"
            and self._heading_like(t)
            and self._section_follows(groups, i + 1)
        ):
            # a Schedule's paragraphs carry no headings: the line over one heads a group
            typ = "XHEADING" if self.in_schedule else "HEADING"
            j = i + 1
            if self._heading_like_group(groups[j]) and self._section_follows(groups, j + 1):
                if not self.seen_structure:
                    self._text(start, end, t)
                    return i + 1
                typ = "XHEADING"
            self.emit(
                typ, start, (Piece("heading" if typ == "HEADING" else "crossheading", start, end),)
            )
            return i + 1
        self._text(start, end, t)
        return i + 1

    def _heading_like(self, t: str, *, blank_ok: bool = False) -> bool:
        if len(t) > 160 or ("\n\n" in t and not blank_ok):
            return False
        if t.endswith((".", ";", ",", ":", "—", "-")) and not t.endswith(("etc.", "Act.")):
            return False
        return len(t.split()) <= 18 and not t[0].islower()

    def _heading_like_group(self, g: list[_Phys], *, blank_ok: bool = False) -> bool:
        t = self.text[g[0].start : g[-1].end]
        return self._heading_like(t, blank_ok=blank_ok) and not self._structural_start(g[0].text)

    def _section_follows(self, groups: list[list[_Phys]], j: int) -> bool:
        if j >= len(groups):
            return False
        first = groups[j][0].text
        bare_line = len(groups[j]) == 1
        m = _SECTION.match(first)
        if m:
            return bare_line and m.end() >= len(first.rstrip(" .:—–-"))
        m = _BARE.match(first)
        if m and not (self.style == "civil" and self.in_section and self.section_kind == "article"):
            # the number alone on its line; or, right under the heading (Canadian style),
            # with its first subsection ("2 (1) The …") or sentence ("1 This Act …")
            if not bare_line:
                return False
            if m.end() >= len(first):
                return self._bare_ok(groups, j, m, after_heading=True)
            if groups[j][0].blank_before or m.group(2):
                return False
            if _PAREN.match(first, m.end()):
                return self._bare_ok(groups, j, m, after_heading=True)
            above = groups[j - 1][-1].text
            return self._sentence_section(groups, j, m) and _last_word(above) not in _ENDING_WORDS
        if j + 1 < len(groups) and self._heading_like_group(groups[j]):
            m2 = _BARE.match(groups[j + 1][0].text)
            nt = groups[j + 1][0].text
            m3 = _SECTION.match(nt)
            if m3 and len(groups[j + 1]) == 1 and m3.end() >= len(nt.rstrip(" .:—–-")):
                return True
            if (
                m2
                and len(groups[j + 1]) == 1
                and m2.end() >= len(nt)
                and self._bare_ok(groups, j + 1, m2, after_heading=True)
            ):
                return True
        return False

    def _container_ok(self, t: str, m: re.Match[str]) -> bool:
        rest = t[m.end() :].strip()
        if not rest:
            return True
        return len(rest) < 160 and not rest[0].islower() and len(rest.split()) <= 20

    def _schedule_ok(self, t: str, m: re.Match[str]) -> bool:
        rest = t[m.end() :].strip()
        if m.group(2) is None and rest:
            return False
        if not rest:
            return True
        return rest[0] in "(—–-:" or (
            len(rest.split()) <= 14 and not rest.endswith((".", ";", ",")) and not rest[0].islower()
        )

    def _bare_ok(
        self, groups: list[list[_Phys]], i: int, m: re.Match[str], after_heading: bool = False
    ) -> bool:
        g = groups[i]
        rest = self.text[g[0].start + m.end() : g[-1].end].strip()
        num = m.group(1)
        if not m.group(2) and num.isdigit() and len(num) == 4 and 1800 <= int(num) <= 2100 and rest:
            return False  # "2013 Florida Statutes": a year, not a section
        if not rest:
            return True
        if rest.startswith("("):
            return bool(_PAREN.match(rest)) or after_heading
        if m.group(2) or "." in num or self.in_schedule:
            return not rest[0].islower()  # in a Schedule "1 Murder." is a paragraph
        # "45 Heading" without a dot: only when short and heading-like
        return self._heading_like(rest) and not rest[0].isdigit()

    def _sentence_section(self, groups: list[list[_Phys]], i: int, m: re.Match[str]) -> bool:
        """Canadian style, ``1 This Act may be cited as …`` under a heading line: a
        number without a dot, then a sentence that starts with a capital letter."""
        if m.group(2) or self.in_schedule or "." in m.group(1):
            return False
        num = m.group(1)
        if num.isdigit() and len(num) == 4 and 1800 <= int(num) <= 2100:
            return False  # "2013 Florida Statutes": a year, not a section
        g = groups[i]
        rest = self.text[g[0].start + m.end() : g[-1].end]
        if not rest or not rest[0].isupper():
            return False
        return rest.endswith((".", ";", ":", "—", "-", ",")) or not self._heading_like(rest)

    def _label_match(self, first: str) -> tuple[str, str, re.Match[str]] | None:
        m = _PAREN.match(first)
        if m:
            return ("paren", m.group(1), m)
        if self.style == "civil" or self.in_schedule:
            m = _CIVIL.match(first)
            if m and m.group(1).isdigit() and (self.in_section or self.seen_structure):
                return ("civil", m.group(1), m)
            if (
                m
                and not m.group(1).isdigit()
                and m.group(2) == ")"
                and (self.in_section or self.seen_structure)
            ):
                return ("civil", m.group(1), m)
        elif self.in_section:
            m = _CIVIL.match(first)
            if m and m.group(2) == ")" and not m.group(1).isdigit():
                return ("civil", m.group(1), m)
        return None

    # ---- emitters ----------------------------------------------------------------
    def _close_section(self) -> None:
        self.in_section = False
        self.levels = []
        self.has_children = [False]
        self.wrapped = [False]
        self.lead_in = [False]

    def _container(self, groups: list[list[_Phys]], i: int, m: re.Match[str]) -> int:
        start = groups[i][0].start
        word = m.group(1).lower().replace("í", "i").replace("ó", "o")
        kind = _CONTAINER_WORDS.get(word, _CONTAINER_WORDS.get(m.group(1).lower(), "part"))
        rank = self.container_rank.setdefault(kind, len(self.container_rank) + 1)
        depth = min(rank, self.container_depth + 1, 4)
        if rank <= self.container_depth:
            depth = min(rank, 4)
        self.container_depth = depth
        self._close_section()
        self.seen_structure = True
        pieces, used = self._label_and_heading(groups, i, m, stacked=True)
        num = m.group(2)
        self.emit(
            f"C{depth}", start, tuple(pieces), kind=kind, num=num, num_value=_container_value(num)
        )
        return used

    def _label_and_heading(
        self, groups: list[list[_Phys]], i: int, m: re.Match[str], *, stacked: bool
    ) -> tuple[list[Piece], int]:
        """Label and heading of a container or schedule line: the heading is on the same
        line, or the next heading-like line unless that one heads a bare section number
        (with `stacked`, two heading-like lines in a row still give the first to us)."""
        g = groups[i]
        start, end = g[0].start, g[-1].end
        label_end = start + len(self.text[start : start + m.end()].rstrip(" \t-–—:."))
        hs = self._skip_ws_and_punct(label_end, end)
        pieces = [Piece("label", start, self._last_ink(start, hs))]
        used = i + 1
        if hs < end:
            pieces.append(Piece("heading", hs, end))
        elif (
            used < len(groups)
            # a container heading may be hard-wrapped over a blank line ("Garantías" /
            # "mínimas para …"): the lowercase start already joined it
            and self._heading_like_group(groups[used], blank_ok=True)
            and (
                self.style == "civil"  # civil-law articles take no heading on the line before
                or not self._section_follows(groups, used + 1)
                or (
                    stacked
                    and used + 1 < len(groups)
                    and self._heading_like_group(groups[used + 1])
                )
            )
        ):
            ng = groups[used]
            pieces.append(Piece("heading", ng[0].start, ng[-1].end))
            used += 1
        return pieces, used

    def _schedule(self, groups: list[list[_Phys]], i: int, m: re.Match[str]) -> int:
        start = groups[i][0].start
        self._close_section()
        self.in_schedule = True
        self.seen_structure = True
        self.container_rank = {}
        self.container_depth = 0
        pieces, used = self._label_and_heading(groups, i, m, stacked=False)
        num = m.group(2)
        self.emit("SCHEDULE", start, tuple(pieces), kind="schedule", num=num, num_value=num)
        return used

    def _last_ink(self, start: int, pos: int) -> int:
        """End of the last non-blank character before `pos` (so separators stay in the label)."""
        while pos > start and self.text[pos - 1] in " \t\n":
            pos -= 1
        return pos

    def _skip_ws_and_punct(self, pos: int, end: int) -> int:
        while pos < end and self.text[pos] in " \t\n-–—:.":
            pos += 1
        return pos

    def _section(
        self, groups: list[list[_Phys]], i: int, m: re.Match[str], kind: str, num: str
    ) -> int:
        g = groups[i]
        start, end = g[0].start, g[-1].end
        self._close_section()
        self.in_section = True
        self.section_kind = kind
        self.seen_structure = True
        label_end = start + len(self.text[start : start + m.end()].rstrip(" \t-–—:"))
        rest_start = self._skip_ws(label_end, end)
        while rest_start < end and self.text[rest_start] in "-–—:":
            rest_start = self._skip_ws(rest_start + 1, end)
        pieces = [
            Piece("label", start, self._last_ink(start, rest_start) if rest_start < end else end)
        ]
        used = i + 1
        pending_label: tuple[int, int] | None = None
        if rest_start < end:
            rest = self.text[rest_start:end]
            lab = _PAREN.match(rest)
            ih = _INLINE_HEAD.match(rest)
            if lab and self._first_label_ok(lab.group(1)):
                pending_label = (rest_start, end)
            elif ih and "\n" not in ih.group(1):
                he = rest_start + len(ih.group(1).rstrip())
                pieces.append(Piece("heading", rest_start, he))
                ls = self._skip_ws(rest_start + ih.end(), end)
                sep = self._skip_ws(he, ls)
                if sep < ls:
                    pieces.append(Piece("punct", sep, self._last_ink(sep, ls)))
                pending_label = (ls, end)
            elif (ri := _RUN_IN.match(rest)) and self._run_in_ok(ri.group(1)):
                # "1. Short title.—This Ordinance …": heading, ".—", then the text
                he = rest_start + len(ri.group(1).rstrip())
                ls = self._skip_ws(rest_start + ri.end(), end)
                pieces.append(Piece("heading", rest_start, he))
                pieces.append(Piece("punct", he, self._last_ink(he, ls)))
                pieces.append(Piece("intro", ls, end))
            elif self.in_schedule and m.re is _BARE:
                pieces.append(Piece("intro", rest_start, end))  # "1 Murder.": no heading
            else:
                rub = _RUBRIC.match(rest) if m.re is _SECTION else None
                limit = 7 if kind == "article" else 4
                if (
                    rub
                    and len(rub.group(1).split()) <= limit
                    and rub.group(1)[0].isupper()
                    and ":" not in rub.group(1)
                ):
                    he = rest_start + len(rub.group(1))
                    pieces.append(Piece("heading", rest_start, he + 1))
                    pieces.append(Piece("intro", self._skip_ws(he + 1, end), end))
                elif (
                    m.re is _SECTION
                    and rest.endswith(".")
                    and "\n" not in rest
                    and len(rest.split()) <= 6
                    and rest[0].isupper()
                ) or self._is_same_line_heading(rest, groups, i + 1):
                    pieces.append(Piece("heading", rest_start, end))
                else:
                    pieces.append(Piece("intro", rest_start, end))
        elif used < len(groups) and self._heading_after(groups, used):
            ng = groups[used]
            pieces.append(Piece("heading", ng[0].start, ng[-1].end))
            used += 1
        self.emit(
            "SECTION", start, tuple(pieces), kind=kind, num=num.strip(), num_value=_value(num)
        )
        if any(p.role == "intro" for p in pieces):
            self.lead_in[0] = self.text[end - 1] in "—:-–"
        if pending_label is not None:
            ls, le = pending_label
            first = self.text[ls:le]
            lab = _PAREN.match(first)
            if lab:
                self._emit_label("paren", lab.group(1), ls, le, lab, None)
        return used

    def _run_in_ok(self, head: str) -> bool:
        return "\n" not in head and head[:1].isupper() and len(head.split()) <= 12

    def _first_label_ok(self, v: str) -> bool:
        return v in ("1", "a", "A", "i", "I") or v[0].isdigit()

    def _is_same_line_heading(self, rest: str, groups: list[list[_Phys]], j: int) -> bool:
        if "\n" in rest or len(rest) > 120 or rest[0] in "([" or _unbalanced(rest):
            return False
        words = rest.split()
        if rest.endswith((";", ",", ":", "—", "-")):
            return False
        if rest.endswith("."):
            if len(words) > 8:
                return False
        elif len(words) > 15:
            return False
        if j >= len(groups):
            return not rest.endswith(".")
        nxt = groups[j][0].text
        return bool(
            _PAREN.match(nxt)
            or _SECTION.match(nxt)
            or _CONTAINER.match(nxt)
            or _BARE.match(nxt)
            or (self.style == "civil" and _CIVIL.match(nxt))
        ) or (not rest.endswith(".") and len(words) <= 10)

    def _heading_after(self, groups: list[list[_Phys]], j: int) -> bool:
        g = groups[j]
        if not self._heading_like_group(g):
            return False
        if j + 1 >= len(groups):
            return False
        nxt = groups[j + 1][0].text
        if _PAREN.match(nxt) or (self.style == "civil" and _CIVIL.match(nxt)):
            return True
        # EU and civil-law style: "Article 8" / "Non-prosecution …" / text. The title sits
        # right under the number, and a sentence (not another provision) follows it
        return (
            self.section_kind == "article"
            and not g[0].blank_before
            and nxt[0].isupper()
            and not self._structural_start(nxt)
        )

    def _skip_ws(self, pos: int, end: int) -> int:
        while pos < end and self.text[pos] in " \t\n":
            pos += 1
        return pos

    def _label(self, groups: list[list[_Phys]], i: int, lab: tuple[str, str, re.Match[str]]) -> int:
        g = groups[i]
        g0 = g[0]
        start, end = g0.start, g[-1].end
        nxt_val = None
        for k in range(i + 1, min(i + 40, len(groups))):
            nt = groups[k][0].text
            if nt[0] == "(":
                pm = _PAREN.match(nt)
                if k == i + 1:
                    self.ahead = (k, pm)
                if pm:
                    nxt_val = pm.group(1)
                    break
            nl = self._label_match(nt)
            if nl is not None:
                nxt_val = nl[1]
                break
        m = lab[2]
        after = start + m.end()
        inner = (
            _PAREN.match(self.text, after, end)
            if lab[0] == "paren" and self.text[after : after + 1] == "("
            else None
        )
        if inner is not None:
            # "(c)(1) If the court …": (c) opens, and (1) is its first child on the line
            self._emit_label(lab[0], lab[1], start, start + m.end(), m, inner.group(1))
            rest = self.text[inner.start() : end]
            m2 = _PAREN.match(rest)
            assert m2 is not None
            self._emit_label("paren", m2.group(1), inner.start(), end, m2, nxt_val)
            return i + 1
        self._emit_label(
            lab[0],
            lab[1],
            start,
            end,
            m,
            nxt_val,
            headed=self._label_heading(groups, i, m),
            line=g0.line,
            column=g0.col,
        )
        return i + 1

    def _label_heading(self, groups: list[list[_Phys]], i: int, m: re.Match[str]) -> bool:
        """US Code style ``(b) Victims in the United States`` over ``(1) …``: a short
        unpunctuated line whose next line starts a new list is the label's heading."""
        g = groups[i]
        last = g[-1].text
        if len(g) > 1 or last[-1] in ".;,:—–-" or i + 1 >= len(groups):
            return False  # the cheap tests first: most items end in punctuation
        body = last[m.end() :]
        if not body or not body[0].isupper() or body.endswith((" and", " or")):
            return False
        if len(body) > 100 or len(body.split()) > 12:
            return False
        nl = self._label_match(groups[i + 1][0].text)
        if nl is None:
            return False
        # the next label starts a list of a kind no open level (nor this one) uses: a child
        nxt = _family(nl[1])
        return nxt != _family(m.group(1)) and all(lvl.style != nxt for lvl in self.levels)

    def _classify(self, family: str, v: str, nxt: str | None) -> str:
        if v[0].isdigit():
            return "num"
        lower = v.islower()
        is_roman = self.romans.get(v)
        if is_roman is None:
            is_roman = self.romans[v] = bool(_ROMAN.match(v.lower()))
        alpha_style = "alpha" if lower else "ALPHA"
        roman_style = "roman" if lower else "ROMAN"
        if len(v) > 1 and not is_roman:
            if v[0] == v[1] or len(v) == 2:
                for lvl in self.levels:
                    if lvl.style == alpha_style:
                        return alpha_style
                return "alpha2" if lower else alpha_style
            return alpha_style
        if not is_roman:
            return alpha_style
        if len(v) > 1:
            # ii, iii, iv … are roman unless an alpha level is at the double letters
            for lvl in self.levels:
                if lvl.style == alpha_style and _alpha_prev(v) == lvl.last:
                    return alpha_style
            return roman_style
        prev_alpha = _alpha_prev(v)
        # the open item ends in a lead-in ("(h) … namely—"), so "(i)" is its first child:
        # a roman numeral unless letters of this case are not open above
        if (
            v in ("i", "I")
            and self._opens_list()
            and any(lvl.style == alpha_style for lvl in self.levels)
        ):
            return roman_style
        for lvl in self.levels:
            if lvl.style == alpha_style and lvl.last == prev_alpha:
                if v in ("i", "I") and nxt in ("ii", "II"):
                    return roman_style
                return alpha_style
        for lvl in self.levels:
            if lvl.style == roman_style and _roman_prev(v) == lvl.last:
                return roman_style
        if v in ("i", "I"):
            return roman_style
        return alpha_style

    def _opens_list(self) -> bool:
        """Does the innermost open label end in a lead-in and still lack children?"""
        k = len(self.levels)
        return k > 0 and self.lead_in[k] and not self.has_children[k]

    def _emit_label(
        self,
        family: str,
        v: str,
        start: int,
        end: int,
        m: re.Match[str],
        nxt: str | None,
        *,
        headed: bool = False,
        line: int = 0,
        column: int = 0,
    ) -> None:
        style = "num" if v[0].isdigit() else self._classify(family, v, nxt)
        levels = self.levels
        depth = len(levels)
        for k, lvl in enumerate(levels):
            if lvl.style == style:
                depth = k
                break
        if depth == len(levels):
            levels.append(_Level(style, v))
        else:
            del levels[depth + 1 :]
            levels[depth].last = v
        # bookkeeping for wrap-ups: the parent (depth) now has children
        has_children, wrapped, lead_in = self.has_children, self.wrapped, self.lead_in
        del has_children[depth + 1 :]
        del wrapped[depth + 1 :]
        del lead_in[depth + 1 :]
        while len(has_children) <= depth:
            has_children.append(False)
            wrapped.append(False)
            lead_in.append(False)
        has_children[depth] = True
        has_children.append(False)
        wrapped.append(False)
        text = self.text
        printed = m.group(0)
        label_end = start + len(printed.rstrip(" \t"))
        ink = label_end  # end of the label's last character (a dash after "(a)" included)
        body = label_end
        while body < end and text[body] in " \t\n":
            body += 1
        if family == "paren" and text[label_end - 1] == ")":
            while body < end and text[body] in "—–-":
                body += 1
                ink = body
                while body < end and text[body] in " \t\n":
                    body += 1
        run_in = 0
        if body < end and not headed and self.style == "us" and family == "paren":
            run_in = _run_in_heading(text[body : min(end, body + 200)])
        if run_in:
            rest = body + run_in + 1
            pieces: tuple[Piece, ...] = (
                _tuple(Piece, ("label", start, ink)),
                _tuple(Piece, ("heading", body, body + run_in)),
                _tuple(Piece, ("intro", rest, end)),
            )
            lead_in.append(text[end - 1] in "—:-–")
        elif body < end:
            pieces = (
                _tuple(Piece, ("label", start, ink)),
                _tuple(Piece, ("heading" if headed else "intro", body, end)),
            )
            lead_in.append(text[end - 1] in "—:-–")
        else:
            pieces = (_tuple(Piece, ("label", start, end)),)
            lead_in.append(False)
        level = depth + 1 if depth < 6 else 6
        kind_style = (
            "civil" if (self.style == "civil" or self.section_kind == "article") else self.style
        )
        if self.in_schedule and self.style != "us":
            kind_style = "schedule"
        kind = _KINDS[kind_style].get(style, "item")
        num = self.printed.get(printed)
        if num is None:
            num = self.printed[printed] = printed.strip().rstrip(" —–-")
        num_value: str | None = v
        if style != "roman" and style != "ROMAN":
            num_value = self.values.get(v)
            if num_value is None:
                num_value = self.values[v] = _value(v)
        type_ = "LT" if level == 1 and not self.in_section else _LEVEL_TYPES[level]
        if not line:
            line, column = self._line_col(start)
        # the commonest record, made here rather than through `emit`
        self.out.append(
            _tuple(Rec, (type_, start, line, column, kind, num, num_value, style, pieces))
        )

    def _text(self, start: int, end: int, t: str) -> None:
        if not self.seen_structure:
            self.emit("PRE", start, (Piece("text", start, end),))
            return
        if not self.in_section and not self.levels:
            self.emit(f"X{self.container_depth}", start, (Piece("wrapup", start, end),))
            return
        # innermost open node is at index len(levels) in the bookkeeping lists
        cur = len(self.levels)
        if not self.has_children[cur] and not self.wrapped[cur]:
            # a leaf: new paragraph of its text, unless its parent list is closed by it
            parent = cur - 1
            if cur > 0 and self.lead_in[parent] and not self.lead_in[cur]:
                self._wrap(parent, start, end)
                return
            self.emit("TEXT", start, (Piece("intro", start, end),))
            self.lead_in[cur] = self.text[end - 1] in "—:-–"
            return
        # a node with children or already wrapped: text closes the innermost such node
        k = cur
        while k > 0 and not self.has_children[k] and not self.wrapped[k]:
            k -= 1
        self._wrap(k, start, end)

    def _wrap(self, depth: int, start: int, end: int) -> None:
        # close levels deeper than depth
        del self.levels[depth:]
        del self.has_children[depth + 1 :]
        del self.wrapped[depth + 1 :]
        del self.lead_in[depth + 1 :]
        self.wrapped[depth] = True
        if depth == 0 and not self.in_section:
            self.emit(f"X{self.container_depth}", start, (Piece("wrapup", start, end),))
            return
        self.emit(f"W{depth}", start, (Piece("wrapup", start, end),))


_LEVEL_TYPES = ("", "L1", "L2", "L3", "L4", "L5", "L6")

# US Code headings run on into the text with nothing between them but a space
# ("(c) Trafficking victim regulations Not later than …"). Words that start a sentence
# rather than a heading, words no heading holds, and words no heading ends with:
_SENTENCE_WORDS = frozenset(
    [
        "a",
        "an",
        "any",
        "all",
        "each",
        "every",
        "no",
        "not",
        "nothing",
        "notwithstanding",
        "the",
        "this",
        "that",
        "these",
        "those",
        "such",
        "if",
        "in",
        "where",
        "when",
        "whenever",
        "unless",
        "upon",
        "subject",
        "except",
        "for",
        "within",
        "with",
        "by",
        "on",
        "at",
        "to",
        "from",
        "under",
        "as",
        "it",
        "there",
    ]
)
_VERB_WORDS = frozenset(
    [
        "shall",
        "may",
        "must",
        "is",
        "are",
        "was",
        "were",
        "will",
        "would",
        "should",
        "can",
        "could",
        "has",
        "have",
        "had",
        "be",
        "been",
        "who",
        "which",
        "whom",
        "whose",
        "does",
        "do",
        "did",
        "means",
        "includes",
    ]
)
_ENDING_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "of",
        "the",
        "to",
        "in",
        "for",
        "by",
        "with",
        "on",
        "at",
        "from",
        "under",
        "as",
        "nor",
    ]
)


def _run_in_heading(body: str) -> int:
    """Length of a US Code heading run on at the start of `body` ("Priority In selecting
    …" → "Priority"), or 0. Only a sentence-case phrase of up to eight plain words, with
    no verb, followed by a capitalised word and a lower-case one: "In general If …", or
    one word followed by a word that starts sentences ("Construction Nothing in …")."""
    words = body.split(" ", 10)
    if len(words) < 3 or not words[0].isalpha() or not words[0][0].isupper():
        return 0
    first = words[0].lower()
    if first in _SENTENCE_WORDS and not (first == "in" and words[1] == "general"):
        return 0
    for k in range(1, min(9, len(words) - 1)):
        w = words[k]
        if not w.isalpha():
            return 0
        low = w.lower()
        if w[0].isupper():
            nxt = words[k + 1]
            if not (nxt[:1].islower() or w == "A"):
                return 0
            if k == 1 and low not in _SENTENCE_WORDS:
                return 0  # "Federal Government officials …": a name, not a heading
            if words[k - 1].lower() in _ENDING_WORDS:
                return 0
            return len(" ".join(words[:k]))
        if low in _VERB_WORDS:
            return 0
    return 0


def _family(v: str) -> str:
    """The level style a label most likely has on its own (``i`` is roman)."""
    if v[0].isdigit():
        return "num"
    roman = v in ("i", "I") or (len(v) > 1 and bool(_ROMAN.match(v.lower())))
    if roman:
        return "roman" if v.islower() else "ROMAN"
    return "alpha" if v.islower() else "ALPHA"


def _unbalanced(t: str) -> bool:
    return t.count("(") != t.count(")") or t.count("[") != t.count("]")


def _successors(v: str) -> tuple[str, ...]:
    """Labels that may come next in the same list as `v` (read as a number, a letter
    or a roman numeral): ``2``/``1A`` after ``1``, ``b``/``aa`` after ``a``, ``ii``
    after ``i``."""
    if v.isdigit():
        return (str(int(v) + 1), v + "A")
    if v[:-1].isdigit():
        return (str(int(v[:-1]) + 1), v[:-1] + chr(ord(v[-1]) + 1))
    out = [v + ("a" if v.islower() else "A")]
    if len(v) == 1 and v not in "zZ":
        out.append(chr(ord(v) + 1))
    n = roman_to_int(v)
    if n:
        r = _int_to_roman(n + 1)
        out.append(r if v.islower() else r.upper())
    return tuple(out)


def _container_value(num: str | None) -> str | None:
    if num is None:
        return None
    n = roman_to_int(num)
    if n and num.isupper() and num.isalpha():
        return str(n)
    return num


def lex(text: str, starts: LineStarts | None = None, style: str | None = None) -> list[Rec]:
    """Records for the grammar, one per logical line (two when a line holds a section
    number and its first subsection); `starts` (the text's line starts) and `style`
    (its drafting style) when the caller has them already."""
    phys = _physical(text)
    if starts is None:
        starts = line_starts(text)
    return _Lexer(text, phys, starts, detect_style(text) if style is None else style).run()
