"""Hypothesis strategies that build random statutes and render them as plain text.

Why: the parser has to recover a tree from text a consultant pastes in, in three
drafting styles. Generating the tree first and printing it lets a property test ask
the only question that matters — does parsing give the same tree back? — on thousands
of layouts nobody would think to write by hand.

The generated trees keep to constraints that make the text unambiguous to a careful
reader (so a failure is the parser's fault, not the generator's):

* words are plain lowercase (no digits, no parentheses, no keywords such as "part" or
  "article", no words made only of roman-numeral letters); every text starts with a
  capitalised word, so a wrapped continuation line always starts lowercase and never
  looks like a label;
* a lead-in (a node with children) ends in "—" or ":"; items end in ";", "; and",
  "; or", "," or "."; a wrap-up follows only a list whose last item is a leaf (so it
  cannot belong to a deeper list), and a wrap-up that starts lowercase follows an item
  ending in "," or ";", one that starts with a capital follows an item ending in ".";
* a roman list under item ``(h)`` has at least two items, so ``(i)`` followed by
  ``(ii)`` is a sub-item and ``(i)`` after ``(h)`` with no ``(ii)`` next is the ninth
  letter; long letter lists (8–10 items) reach ``(h)``/``(i)``/``(j)``;
* a section heading sits on the same line as the number or on the line before a bare
  number; a container without a heading is never followed by a "heading on the line
  before" section (the line would be the container's heading too);
* a Commonwealth section has a heading unless it is printed "22. (1) …" (no heading,
  subsections glued to the number); a US section always has one; a civil-law article
  may have none, and then its number stands alone on its line.
"""

from __future__ import annotations

import itertools
import os
import random
import re
from collections.abc import Iterable, Sequence

import attrs
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from npgap.tree import Document, Provision, Segment

__all__ = [
    "STYLES",
    "Node",
    "Statute",
    "all_segments",
    "check_lossless",
    "check_spans",
    "documents",
    "examples",
    "fold",
    "outline",
    "project",
    "render",
    "statutes",
]

# --- Hypothesis profiles ---------------------------------------------------------------
# Property tests ask for examples(n); "default" and "ci" keep the counts the issue asks
# for (500 per parser property); "dev" scales them down for quick local runs.
settings.register_profile(
    "ci", deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "dev", deadline=None, max_examples=20, suppress_health_check=[HealthCheck.too_slow]
)
_PROFILE = os.environ.get("NPGAP_HYPOTHESIS_PROFILE", "default")
settings.load_profile(_PROFILE)
_SCALE = {"default": 1.0, "ci": 1.0, "dev": 0.1}


def examples(n: int) -> int:
    """How many examples a property test runs under the loaded profile."""
    return max(10, int(n * _SCALE.get(_PROFILE, 1.0)))


# --- The spec tree ---------------------------------------------------------------------


@attrs.frozen(slots=True)
class Node:
    """One provision as the generator means it: what the parser must give back.

    `num` is the normalised number (``1A``, ``14bis``, ``II`` is stored as ``2`` for
    containers); `intro`/`wrapup` hold the reading form of the node's own words.
    """

    kind: str
    num: str | None
    heading: str | None
    intro: str = ""
    wrapup: str = ""
    children: tuple[Node, ...] = ()


@attrs.frozen(slots=True)
class Statute:
    """A whole generated act: its style, optional title line and top-level nodes."""

    style: str
    title: str | None
    provisions: tuple[Node, ...]


STYLES = ("commonwealth", "civil", "us")

SECTION_KIND = {"commonwealth": "section", "civil": "article", "us": "section"}

# (kind, numbering scheme) from the first level below a section downwards.
LEVELS: dict[str, tuple[tuple[str, str], ...]] = {
    "commonwealth": (
        ("subsection", "arabic"),
        ("paragraph", "lower"),
        ("subparagraph", "roman"),
        ("clause", "upper"),
    ),
    "us": (
        ("subsection", "lower"),
        ("paragraph", "arabic"),
        ("subparagraph", "upper"),
        ("clause", "roman"),
        ("subclause", "ROMAN"),
    ),
    "civil": (
        ("paragraph", "arabic"),
        ("point", "lower"),
        ("subpoint", "roman"),
    ),
}

# Chance (percent) that a node at this depth below the section has children.
_CHILD_P = (60, 35, 25, 15, 10)

CONTAINER_CHAINS: dict[str, tuple[tuple[str, ...], ...]] = {
    "commonwealth": (("part",), ("part", "chapter"), ("chapter",), ("division",)),
    "civil": (("title",), ("title", "chapter"), ("chapter",), ("book", "title")),
    "us": (("chapter",), ("title", "chapter"), ("part",), ("division",)),
}

# Words safe at the start of a wrapped line: no keyword, nothing that reads as a number
# or label (no word made only of i v x l c d m, no single letters).
WORDS = [
    "person",
    "victim",
    "offence",
    "court",
    "authority",
    "shall",
    "may",
    "not",
    "be",
    "liable",
    "punished",
    "prosecuted",
    "for",
    "the",
    "any",
    "which",
    "that",
    "is",
    "was",
    "under",
    "this",
    "other",
    "where",
    "when",
    "before",
    "after",
    "being",
    "having",
    "been",
    "relevant",
    "exploitation",
    "trafficking",
    "compelled",
    "consequence",
    "direct",
    "reasonable",
    "alternative",
    "situation",
    "same",
    "age",
    "sex",
    "illness",
    "disability",
    "prosecutor",
    "decision",
    "proceedings",
    "penalty",
    "sanction",
    "immigration",
    "status",
    "unlawful",
    "entry",
    "presence",
    "false",
    "use",
    "who",
    "whose",
    "has",
    "an",
    "of",
    "to",
    "in",
    "on",
    "by",
    "or",
    "and",
    "as",
    "such",
    "every",
    "each",
    "public",
    "official",
    "evidence",
    "record",
    "conviction",
    "vacate",
    "expunge",
    "order",
    "protection",
    "assistance",
    "support",
    "child",
    "adult",
    "defence",
    "charge",
    "arrest",
    "detention",
    "custody",
    "committed",
    "because",
    "result",
    "criminal",
    "administrative",
    "measure",
    "applies",
    "given",
    "taken",
    "against",
    "their",
    "its",
    "there",
    "no",
    "guilty",
    "aware",
    "reason",
    "believe",
    "identified",
    "formal",
    "cooperation",
    "finding",
    "found",
]

_HEADING_WORDS = [
    "defence",
    "non",
    "punishment",
    "victims",
    "trafficking",
    "protection",
    "exploitation",
    "interpretation",
    "offences",
    "prosecution",
    "vacatur",
    "records",
    "immigration",
    "status",
    "children",
    "guidance",
    "review",
    "assistance",
    "support",
    "detention",
    "general",
    "provisions",
    "scope",
    "purpose",
]


# --- Numbering -------------------------------------------------------------------------

_ROMAN = (
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
)


def roman(n: int) -> str:
    """Lowercase roman numeral of a positive int."""
    out = []
    for value, digits in _ROMAN:
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)


def letters(n: int) -> str:
    """a … z, then aa, bb … (the drafting sequence after (z))."""
    if n <= 26:
        return chr(ord("a") + n - 1)
    return chr(ord("a") + (n - 27) % 26) * (2 + (n - 27) // 26)


def _base(scheme: str, n: int) -> str:
    if scheme == "arabic":
        return str(n)
    if scheme == "lower":
        return letters(n)
    if scheme == "upper":
        return letters(n).upper()
    if scheme == "roman":
        return roman(n)
    if scheme == "ROMAN":
        return roman(n).upper()
    raise ValueError(scheme)


def numbering(scheme: str, count: int, inserts: Sequence[bool] = ()) -> list[str]:
    """`count` labels in sequence; inserts[k] puts an inserted label (1A, aa, ba) after
    the k-th base label, as an amending act would."""
    out: list[str] = []
    k = 1
    while len(out) < count:
        out.append(_base(scheme, k))
        if k - 1 < len(inserts) and inserts[k - 1] and len(out) < count:
            out.append(_base(scheme, k) + ("A" if scheme == "arabic" else "a"))
        k += 1
    return out


# --- Text ------------------------------------------------------------------------------


def _words(min_size: int, max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(WORDS), min_size=min_size, max_size=max_size)


@st.composite
def sentence(draw: st.DrawFn, min_words: int = 2, max_words: int = 16) -> str:
    """Plain words, first one capitalised, no final punctuation.

    One seed per sentence rather than one draw per word: the words never matter to
    the parser, and drawing them one by one made generation the slowest part.
    """
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
    count = draw(st.integers(min_words, max_words))
    words = [rnd.choice(WORDS) for _ in range(count)]
    words[0] = words[0].capitalize()
    return " ".join(words)


@st.composite
def heading_text(draw: st.DrawFn, upper: bool = False) -> str:
    words = draw(st.lists(st.sampled_from(_HEADING_WORDS), min_size=1, max_size=5))
    words[0] = words[0].capitalize()
    text = " ".join(words)
    return text.upper() if upper else text


def _percent(draw: st.DrawFn, p: int) -> bool:
    """True with probability p%; shrinks towards False (the simpler tree)."""
    return draw(st.integers(0, 99)) >= 100 - p


_ITEM_ENDS = (";", "; and", "; or", ",", ".")


@st.composite
def items(
    draw: st.DrawFn, style: str, level: int, depth: int, parent_label: str | None
) -> tuple[Node, ...]:
    """A list of siblings at `level` of the style's hierarchy, with their sub-lists."""
    levels = LEVELS[style]
    kind, scheme = levels[level]
    long_list = scheme == "lower" and _percent(draw, 15)
    count = draw(st.integers(8, 10)) if long_list else draw(st.integers(1, 5))
    if scheme == "roman" and parent_label == "h":
        count = max(count, 2)  # a lone (i) under (h) would read as the letter (i)
    inserts: list[bool] = []
    if style == "commonwealth" and kind in ("subsection", "paragraph") and not long_list:
        inserts = [_percent(draw, 10) for _ in range(count)]
    labels = numbering(scheme, count, inserts)
    out: list[Node] = []
    for i, label in enumerate(labels):
        last = i == len(labels) - 1
        deeper = level + 1 < len(levels) and depth < len(_CHILD_P)
        if deeper and _percent(draw, _CHILD_P[depth]):
            out.append(draw(_branch(style, kind, label, level, depth)))
        else:
            end = "." if level == 0 and scheme == "arabic" else draw(st.sampled_from(_ITEM_ENDS))
            if last and level == 0:
                end = "."
            out.append(Node(kind, label, None, draw(sentence()) + end))
    return tuple(out)


@st.composite
def _branch(draw: st.DrawFn, style: str, kind: str, label: str, level: int, depth: int) -> Node:
    intro = draw(sentence()) + draw(st.sampled_from(("—", ":")))
    children = draw(items(style, level + 1, depth + 1, label))
    return _with_wrapup(draw, Node(kind, label, None, intro, "", children))


def _with_wrapup(draw: st.DrawFn, node: Node) -> Node:
    """Maybe close the node's list with a wrap-up, fixing the last item's ending so the
    line can only be read as a wrap-up (see the module docstring)."""
    last = node.children[-1] if node.children else None
    # a wrap-up closes a list that a lead-in opened ("… if—" / "… where:"); after a list
    # with no lead-in, a following sentence is read as the last item's second paragraph
    if not node.intro.rstrip().endswith(("—", ":", "-")):
        return node
    if last is None or last.children or not _percent(draw, 20):
        return node
    body = re.sub(r"(; and|; or|[;,.])$", "", last.intro)
    if draw(st.booleans()):
        wrapup = draw(sentence()) + "."
        last = attrs.evolve(last, intro=body + ".")
    else:
        text = draw(sentence())
        wrapup = text[0].lower() + text[1:] + "."
        last = attrs.evolve(last, intro=body + draw(st.sampled_from((",", ";"))))
    return attrs.evolve(node, children=(*node.children[:-1], last), wrapup=wrapup)


@st.composite
def section(draw: st.DrawFn, style: str, num: str) -> Node:
    """A section/article with 0–5 levels below it (fewer in practice)."""
    kind = SECTION_KIND[style]
    heading: str | None = draw(heading_text())
    if style == "civil" and _percent(draw, 40):
        heading = None
    if not _percent(draw, 80):
        intro = draw(sentence()) + "."
        return Node(kind, num, heading, intro)
    start = 1 if _percent(draw, 20) else 0
    children = draw(items(style, start, 0, None))
    intro = ""
    if start == 1 or _percent(draw, 25):
        intro = draw(sentence()) + draw(st.sampled_from(("—", ":")))
    if style == "commonwealth" and start == 0 and not intro and _percent(draw, 15):
        heading = None  # printed "22. (1) …"
    node = Node(kind, num, heading, intro, "", children)
    return _with_wrapup(draw, node)


def _section_numbers(draw: st.DrawFn, style: str, count: int) -> list[str]:
    start = draw(st.integers(1, 60))
    inserted = [_percent(draw, 15) for _ in range(count)]
    prefix = ""
    if style == "us" and draw(st.booleans()):
        prefix = f"{draw(st.integers(1, 40))}-"
        start += 100
    out: list[str] = []
    k = start
    while len(out) < count:
        out.append(f"{prefix}{k}")
        if inserted[len(out) - 1] and len(out) < count and not prefix:
            suffix = {"commonwealth": "A", "civil": "bis", "us": "a"}[style]
            out.append(f"{k}{suffix}")
        k += 1
    return out


@st.composite
def statutes(draw: st.DrawFn, style: str) -> Statute:
    """A random act in `style`: optional title, optional Part/Chapter containers,
    1–5 sections each with its own tree."""
    title = None
    if _percent(draw, 40):
        title = " ".join(w.capitalize() for w in draw(_words(1, 4))) + " Act"
    chain: tuple[str, ...] = ()
    if _percent(draw, 35):
        chain = draw(st.sampled_from(CONTAINER_CHAINS[style]))
    upper_headings = draw(st.booleans())

    # Shape first (how many sections under each container), numbers second.
    def shape(depth: int) -> list[object]:
        if depth == len(chain):
            return [None] * draw(st.integers(1, 3 if chain else 5))
        return [shape(depth + 1) for _ in range(draw(st.integers(1, 2)))]

    tree = shape(0)

    def count(t: object) -> int:
        return 1 if t is None else sum(count(c) for c in t)  # type: ignore[attr-defined]

    numbers = iter(_section_numbers(draw, style, count(tree)))
    container_no = dict.fromkeys(chain, draw(st.integers(1, 4)))

    def build(t: list[object], depth: int) -> tuple[Node, ...]:
        if depth == len(chain):
            return tuple(draw(section(style, next(numbers))) for _ in t)
        kind = chain[depth]
        out = []
        for sub in t:
            n = container_no[kind]
            container_no[kind] = n + 1
            heading = draw(heading_text(upper_headings)) if _percent(draw, 75) else None
            out.append(Node(kind, str(n), heading, "", "", build(sub, depth + 1)))  # type: ignore[arg-type]
        return tuple(out)

    return Statute(style, title, build(tree, 0))


# --- Rendering -------------------------------------------------------------------------


def _wrap(first: str, text: str, width: int | None, hyphenate: bool) -> list[str]:
    """Greedy word wrap; continuation lines begin with the next (lowercase) word. With
    `hyphenate`, a long word that does not fit is split with a line-final hyphen."""
    words = text.split(" ")
    line = first + words[0]
    lines: list[str] = []
    for word in words[1:]:
        if width is None or len(line) + 1 + len(word) <= width:
            line += " " + word
            continue
        room = width - len(line) - 2  # space and hyphen
        if hyphenate and word.isalpha() and len(word) >= 6 and room >= 2:
            cut = min(room, len(word) - 2)
            lines.append(f"{line} {word[:cut]}-")
            line = word[cut:]
            continue
        lines.append(line)
        line = word
    lines.append(line)
    return lines


_DASHES = (" — ", " – ", " - ", ": ")


class _Printer:
    """Lays one statute out as text; every layout choice comes from `rnd`."""

    def __init__(self, statute: Statute, rnd: random.Random) -> None:
        self.s = statute
        self.rnd = rnd
        self.width: int | None = rnd.choice((None, rnd.randint(24, 110)))
        self.hyphenate = rnd.random() < 0.4
        self.blanks = rnd.choice(("none", "all", "some"))
        self.roman_containers = rnd.random() < 0.5
        self.blocks: list[list[str]] = []
        style = statute.style
        if style == "commonwealth":
            self.sec_forms = rnd.choice(
                (("{n}. {h}",), ("{n} {h}",), ("Section {n}. {h}",), ("{n}. {h}", "{n} {h}"))
            )
        elif style == "us":
            self.sec_forms = rnd.choice((("§ {n}. {h}.",), ("Sec. {n}. {h}",), ("§ {n}. {h}",)))
        else:
            self.art_label = rnd.choice(
                ("Article {n}", "Art. {n}.", "Artículo {n}", "ARTICULO {n}º")
            )
            self.bis_space = rnd.random() < 0.5
            self.para_mark = rnd.choice((".", ")"))
        self.container_kw = {
            k: rnd.choice(_KEYWORDS[style][k])
            for k in ("part", "chapter", "title", "division", "book")
        }

    # blocks ---------------------------------------------------------------------------
    def block(self, first: str, text: str) -> None:
        self.blocks.append(_wrap(first, text, self.width, self.hyphenate))

    def line(self, text: str) -> None:
        self.blocks.append([text])

    def text(self) -> str:
        parts: list[str] = []
        if self.s.title is not None:
            parts.append(self.s.title + "\n\n")
        for i, block in enumerate(self.blocks):
            if i:
                blank = self.blanks == "all" or (self.blanks == "some" and self.rnd.random() < 0.4)
                parts.append("\n\n" if blank else "\n")
            parts.append("\n".join(block))
        parts.append(self.rnd.choice(("\n", "", "\n\n")))
        return "".join(parts)

    # nodes ----------------------------------------------------------------------------
    def top(self, nodes: Iterable[Node], after_bare_container: bool = False) -> None:
        for i, node in enumerate(nodes):
            if node.kind in SECTION_KIND.values():
                self.section(node, allow_before=not (after_bare_container and i == 0))
            else:
                self.container(node)

    def container(self, node: Node) -> None:
        kw = self.container_kw[node.kind]
        num = str(node.num)
        if self.roman_containers:
            num = roman(int(num)).upper()
        label = f"{kw} {num}"
        if node.heading is None:
            self.line(label)
        elif self.rnd.random() < 0.5:
            self.line(label + self.rnd.choice(_DASHES) + node.heading)
        else:
            self.line(label)
            self.line(node.heading)
        self.top(node.children, after_bare_container=node.heading is None)

    def section(self, node: Node, allow_before: bool) -> None:
        style = self.s.style
        num = str(node.num)
        if style == "commonwealth":
            if node.heading is None:  # "22. (1) text" on one line
                first = node.children[0]
                self.block(f"{num}. ({first.num}) ", first.intro)
                self.children_of(first, 1)
                self.wrapup(first)
                for child in node.children[1:]:
                    self.item(child, 0)
                self.wrapup(node)
                return
            if allow_before and self.rnd.random() < 0.4:
                self.line(node.heading)
                self.line(num)
            else:
                self.line(self.rnd.choice(self.sec_forms).format(n=num, h=node.heading))
        elif style == "us":
            self.line(self.rnd.choice(self.sec_forms).format(n=num, h=node.heading))
        else:
            if num.endswith(("bis", "ter")) and self.bis_space:
                num = re.sub(r"(bis|ter)$", r" \1", num)
            label = self.art_label.format(n=num)
            if num[-1].isalpha():
                label = label.replace("º", "")
            if node.heading is None:
                self.line(label)
            elif label.endswith("."):
                self.line(f"{label} {node.heading}.")
            else:
                sep = self.rnd.choice((" — ", " - ", " – ", ". ", "— "))
                end = "." if sep == ". " else ""
                self.line(f"{label}{sep}{node.heading}{end}")
        if node.intro:
            self.block("", node.intro)
        level = 0 if not node.children else _level_of(style, node.children[0].kind)
        for child in node.children:
            self.item(child, level)
        self.wrapup(node)

    def label(self, node: Node, level: int) -> str:
        if self.s.style == "civil":
            mark = self.para_mark if LEVELS["civil"][level][1] == "arabic" else ")"
            return f"{node.num}{mark} "
        return f"({node.num}) "

    def item(self, node: Node, level: int) -> None:
        self.block(self.label(node, level), node.intro)
        self.children_of(node, level + 1)
        self.wrapup(node)

    def children_of(self, node: Node, level: int) -> None:
        for child in node.children:
            self.item(child, level)

    def wrapup(self, node: Node) -> None:
        if node.wrapup:
            self.block("", node.wrapup)


_KEYWORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "commonwealth": {
        "part": ("PART", "Part"),
        "chapter": ("CHAPTER", "Chapter"),
        "title": ("TITLE", "Title"),
        "division": ("Division", "DIVISION"),
        "book": ("Book", "BOOK"),
    },
    "civil": {
        "part": ("Part", "PART"),
        "chapter": ("CHAPTER", "Chapter", "Capítulo", "CAPITULO"),
        "title": ("TITULO", "Title", "TÍTULO"),
        "division": ("Division",),
        "book": ("Book", "BOOK"),
    },
    "us": {
        "part": ("PART", "Part"),
        "chapter": ("CHAPTER", "Chapter"),
        "title": ("TITLE", "Title"),
        "division": ("Division", "DIVISION"),
        "book": ("Book",),
    },
}


def _level_of(style: str, kind: str) -> int:
    return [k for k, _ in LEVELS[style]].index(kind)


def render(statute: Statute, rnd: random.Random) -> str:
    """The statute as plain text, laid out with the choices `rnd` makes."""
    printer = _Printer(statute, rnd)
    printer.top(statute.provisions)
    return printer.text()


@st.composite
def documents(draw: st.DrawFn, style: str) -> tuple[Statute, str]:
    """A random statute in `style` and one random rendering of it."""
    statute = draw(statutes(style))
    rnd = draw(st.randoms(use_true_random=False))
    return statute, render(statute, rnd)


# --- Reading a parsed Document back into the spec shape --------------------------------

_CONTAINERS = frozenset({"part", "chapter", "title", "division", "book"})
_ROMAN_RX = re.compile(r"^[ivxlcdm]+$", re.I)


def _from_roman(text: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    digits = [values[c] for c in text.lower()]
    for i, v in enumerate(digits):
        total += -v if i + 1 < len(digits) and digits[i + 1] > v else v
    return total


def project_node(p: Provision) -> Node:
    """A parsed provision in the generator's shape. Container numbers are compared as
    integers (``PART II`` and ``Part 2`` are the same Part)."""
    num = p.num_value
    if p.kind in _CONTAINERS and num is not None and _ROMAN_RX.match(num):
        num = str(_from_roman(num))
    return Node(
        p.kind,
        num,
        p.heading,
        p.intro,
        p.wrapup,
        tuple(project_node(c) for c in p.children),
    )


def project(doc: Document, style: str) -> Statute:
    """The whole document in the generator's shape; the title is the preamble's text."""
    title = " ".join(s.text for s in doc.preamble) or None
    return Statute(style, title, tuple(project_node(p) for p in doc.provisions))


def outline(statute: Statute) -> str:
    """One line per node, indented: readable in a pytest diff."""
    lines = [f"title: {statute.title!r}"]

    def walk(node: Node, depth: int) -> None:
        pad = "  " * depth
        lines.append(f"{pad}{node.kind} {node.num!r} h={node.heading!r}")
        if node.intro:
            lines.append(f"{pad}  intro: {node.intro}")
        for child in node.children:
            walk(child, depth + 1)
        if node.wrapup:
            lines.append(f"{pad}  wrapup: {node.wrapup}")

    for node in statute.provisions:
        walk(node, 0)
    return "\n".join(lines)


# --- Segment helpers -------------------------------------------------------------------


def all_segments(doc: Document) -> list[Segment]:
    """Every segment of the document: preamble first, then each provision's own."""
    segs = list(doc.preamble)
    for p in doc.walk():
        segs.extend(p.segments)
    return segs


_DEHYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t\u00a0]*\r?\n\s*(?=[a-z])")


def fold(source: str) -> str:
    """The reading form of a stretch of source: a line-final hyphen before a lowercase
    letter joins the word, every other run of whitespace becomes one space."""
    return " ".join(_DEHYPHEN.sub("", source).split())


def check_lossless(doc: Document, text: str) -> None:
    """Every non-blank character lies in exactly one segment span (product.md)."""
    assert doc.text == text, "Document.text must be the decoded input, character for character"
    spans = sorted((s.span.start, s.span.end, s.role, s.text) for s in all_segments(doc))
    for start, end, role, seg_text in spans:
        assert 0 <= start < end <= len(text), (start, end, role, seg_text)
    for before, after in itertools.pairwise(spans):
        assert before[1] <= after[0], f"segments overlap: {before} and {after}"
    covered = bytearray(len(text))
    for start, end, _, _ in spans:
        covered[start:end] = b"\x01" * (end - start)
    lost = [i for i, ch in enumerate(text) if not ch.isspace() and not covered[i]]
    if lost:
        first = lost[0]
        line, col = doc.line_col(first)
        context = text[max(0, first - 30) : first + 30]
        pytest.fail(f"{len(lost)} characters lost, first at {line}:{col}: {context!r}")


ROLES = {"label", "heading", "crossheading", "punct", "intro", "wrapup", "text"}


def _joined(p: Provision, role: str) -> str:
    return " ".join(s.text for s in p.segments if s.role == role)


def check_spans(doc: Document) -> None:
    """Each segment's text is its source folded; spans, lines and columns agree."""
    text = doc.text
    for seg in all_segments(doc):
        sp = seg.span
        assert seg.role in ROLES, seg
        assert seg.text == fold(text[sp.start : sp.end]), (seg, text[sp.start : sp.end])
        assert doc.line_col(sp.start) == (sp.start_line, sp.start_col), seg
        assert doc.line_col(sp.end - 1) == (sp.end_line, sp.end_col), seg
    for seg in doc.preamble:
        assert seg.role == "text", seg
    for p in doc.walk():
        assert _joined(p, "intro") == p.intro, p.eid
        assert _joined(p, "wrapup") == p.wrapup, p.eid
        assert (_joined(p, "heading") or None) == p.heading, p.eid
        inner = [s.span for s in p.segments] + [c.span for c in p.children]
        if inner:
            assert p.span.start <= min(s.start for s in inner), p.eid
            assert p.span.end >= max(s.end for s in inner), p.eid
        assert doc.line_col(p.span.start) == (p.span.start_line, p.span.start_col), p.eid
