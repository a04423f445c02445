"""Cross-references and definitions inside a parsed statute, as a graph.

Why: an exception such as ``Subsections (1) and (4) do not apply to an offence listed in
Schedule 4`` only limits the defence if the matcher can follow it to the provisions it
names, so each reference is parsed by grammar (``grammars/refs.lark``) and resolved
relative to the provision that makes it.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import attrs

from npgap.clauses import Piece, _source_offset, preorder
from npgap.tree import Document, Provision, Segment, Span

if TYPE_CHECKING:
    import networkx as nx  # type: ignore[import-untyped,unused-ignore]
    from lark import Lark, Token, Tree

__all__ = ["Definition", "Index", "Reference", "index", "links", "parse_reference", "scan"]


@attrs.frozen(slots=True)
class Reference:
    """One cross-reference: who cites, the words used, and what they resolve to.

    `kind` is the level named (``section``, ``subsection``, ``paragraph``, ``schedule``,
    ``part``, ``chapter``, ``article``, ``act``). `external` marks a cite into another
    enactment (``section 6 of the Human Rights Act 1998``), kept but never resolved.
    `resolved` is true when every unit named was found (``this Act`` resolves to the
    whole document and so has no target eids).
    """

    source: str
    text: str
    span: Span
    kind: str
    targets: tuple[str, ...]
    resolved: bool
    external: bool = False


@attrs.frozen(slots=True)
class Definition:
    """A defined term (``“child” means…``) and the provision that defines it."""

    term: str
    text: str
    eid: str
    span: Span


@attrs.frozen(slots=True)
class Index:
    """References, definitions and the provision graph of one document.

    Graph nodes are eids. Containment edges run parent→child with ``kind="contains"``;
    reference edges run source→target with ``kind="refers"``. Where a provision refers
    to its own child the one edge has ``kind="refers"`` and ``contains=True`` (every
    containment edge carries ``contains=True``).
    """

    references: tuple[Reference, ...]
    definitions: tuple[Definition, ...]
    graph: nx.DiGraph = attrs.field(eq=False)

    def targets_of(self, eid: str) -> tuple[str, ...]:
        """Eids that provision `eid` refers to, in document order."""
        if eid not in self.graph:
            return ()
        found = {t for t, d in self.graph.succ[eid].items() if d.get("kind") == "refers"}
        return tuple(n for n in self.graph.nodes if n in found)

    def referrers_of(self, eid: str) -> tuple[str, ...]:
        """Eids of the provisions that refer to `eid`, in document order."""
        if eid not in self.graph:
            return ()
        found = {s for s, d in self.graph.pred[eid].items() if d.get("kind") == "refers"}
        return tuple(n for n in self.graph.nodes if n in found)

    def definition(self, term: str) -> Definition | None:
        """The first definition of `term` (case and quotes ignored)."""
        key = _term_key(term)
        for d in self.definitions:
            if _term_key(d.term) == key:
                return d
        return None


# --- finding candidates -------------------------------------------------------------

_KW = (
    r"sub-?sections?|subss?\.|sub-?paragraphs?|sections?|secs?\.|ss?\.(?!I\.)|s(?=\s+\d)|§§?"
    r"|paragraphs?|paras?\.?|párrafos?|apartados?|schedules?|sch\.|parts?|chapters?"
    r"|cap[ií]tulos?|articles?|arts?\.|art[ií]culos?"
    r"|(?:this|the\s+present|esta|este)\s+(?:section|subsection|paragraph|sub-?paragraph|part"
    r"|chapter|schedule|article|act|ley|art[ií]culo|cap[ií]tulo)\b"
    r"|(?:the|el|la)\s+(?:preceding|previous|foregoing)\s+(?:sub-?section|section|sub-?paragraph"
    r"|paragraph|article|part|chapter)\b|(?:el|la)\s+(?:art[ií]culo|apartado|párrafo)\s+anterior"
)
_TOKEN = (
    r"\((?:\d+[A-Za-z]*|[a-z]{1,2}|[ivxlc]{1,6}|[A-Z]{1,2})\)|\d+(?:[.\-]\d+)*[A-Z]*\.?|(?-i:[IVXLCDM]+\b)"
    r"|\b(?:and|or|to|through|of|del?|bis|ter|quater|quinquies|sexies|septies|octies|y|o|e|a)\b"
    r"|–|" + _KW
)
# The keywords of _KW grouped by first letter, in _KW's order within each group: at one
# position only one group can match, so the first keyword that matches is the same.
_THIS_UNITS = (
    r"\s+(?:section|subsection|paragraph|sub-?paragraph|part"
    r"|chapter|schedule|article|act|ley|art[ií]culo|cap[ií]tulo)\b"
)
_PRECEDING = (
    r"\s+(?:preceding|previous|foregoing)\s+(?:sub-?section|section|sub-?paragraph"
    r"|paragraph|article|part|chapter)\b"
)
_ANTERIOR = r"\s+(?:art[ií]culo|apartado|párrafo)\s+anterior"
#: (first letter, the rest of each keyword starting with it)
_KW_BY_FIRST: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("s", (r"ub-?sections?", r"ubss?\.", r"ub-?paragraphs?", r"ections?", r"ecs?\.")),
    ("s", (r"s?\.(?!I\.)", r"(?=\s+\d)", r"chedules?", r"ch\.")),
    ("§", (r"§?",)),
    ("p", (r"aragraphs?", r"aras?\.?", r"árrafos?", r"arts?")),
    ("a", (r"partados?", r"rticles?", r"rts?\.", r"rt[ií]culos?")),
    ("c", (r"hapters?", r"ap[ií]tulos?")),
    ("t", ("his" + _THIS_UNITS, r"he\s+present" + _THIS_UNITS, "he" + _PRECEDING)),
    ("e", ("sta" + _THIS_UNITS, "ste" + _THIS_UNITS, "l" + _PRECEDING, "l" + _ANTERIOR)),
    ("l", ("a" + _PRECEDING, "a" + _ANTERIOR)),
)
# Every character that matches a first letter case-insensitively ("ſ" is an "s"), written
# case-sensitively so the regex engine can skip to them; the lookbehind then checks the
# character before the keyword as `(?<![\w.§])` did, and `(?<=x)` picks the group.
_FIRST = "sSſpPaAcCtTeElL§"
_KW_START = (
    rf"(?-i:[{_FIRST}])(?<![\w.§][\s\S])(?:"
    + "|".join(f"(?<={first})(?:{'|'.join(rest)})" for first, rest in _KW_BY_FIRST)
    + ")"
)
# Linear: every repetition consumes at least one character and nothing follows the
# repeat, so the first greedy path always succeeds; the repeat is capped because a run is
# searched again from its next keyword when no prefix of it parses ("section section
# section …" would make each search read to the end of the run). Same matches as
# rf"(?<![\w.§])(?:{_KW})(?:[\s,]*(?:{_TOKEN}))*" on runs of up to `_MAX_TOKENS` tokens
# (tests/test_refs.py checks it).
_MAX_TOKENS = 64
_CANDIDATE = re.compile(rf"{_KW_START}(?:[\s,]*(?:{_TOKEN})){{0,{_MAX_TOKENS}}}", re.IGNORECASE)
# "\s*(?:,\s*)?" rather than "\s*,?\s*", whose two runs share out the same spaces in
# every way (reading text is squeezed, but the pattern must not rely on it)
_EXTERNAL_AFTER = re.compile(
    r"\s*(?:,\s*)?(?:of|to|in|under)\s+(?:the\s+)?(?:[A-Z][\w'’()\-]*\s+)*?"
    r"(?:Act|Code|Regulations|Order|Rules|Convention|Directive|Law)\b"
)
_PIECE = re.compile(r"\S+")


@functools.cache
def _parser() -> Lark:
    """The refs parser, built once per process (Lark also caches the tables on disk)."""
    from lark import Lark

    from npgap.grammar_files import grammar_text

    return Lark(grammar_text("refs.lark"), parser="lalr", lexer="basic", cache=True)


# --- the parsed form ----------------------------------------------------------------


@attrs.frozen(slots=True)
class _Designator:
    parts: tuple[str, ...]  # "45", "4", "a" — number first, then labels, outermost first


@attrs.frozen(slots=True)
class _Group:
    """One level word and what it names: ``subsections (2) to (4)``, ``this Part``."""

    level: str
    mode: str  # "cited", "this" or "preceding"
    items: tuple[tuple[_Designator, _Designator | None], ...] = ()


_LEVELS = (
    ("subparagraph", re.compile(r"sub-?paragraph", re.I)),
    ("subsection", re.compile(r"sub", re.I)),
    ("paragraph", re.compile(r"para|párrafo|apartado", re.I)),
    ("schedule", re.compile(r"sch", re.I)),
    ("part", re.compile(r"part", re.I)),
    ("chapter", re.compile(r"chapter|cap", re.I)),
    ("article", re.compile(r"art", re.I)),
    ("act", re.compile(r"act|ley", re.I)),
    ("section", re.compile(r"s|§", re.I)),
)


def _level_name(word: str) -> str:
    for name, rx in _LEVELS:
        if rx.match(word):
            return name
    return "section"


_LABEL_DROP = re.compile(r"[().\s]")


def _label_value(token: str) -> str:
    """Compare numbers without brackets, spaces or dots: ``943.0583`` is ``9430583``."""
    return _LABEL_DROP.sub("", token).lower()


def _designator(tree: Tree[Token]) -> _Designator:
    from lark import Tree

    parts: list[str] = []
    for child in tree.children:
        if isinstance(child, Tree):  # suffix or tail
            sub = [str(t) for t in child.children if str(t) != "."]
            if child.data == "suffix":
                parts[-1] = parts[-1] + sub[0].lower()
            else:
                parts.extend(_label_value(x) for x in sub)
        else:
            parts.append(_label_value(str(child)))
    return _Designator(tuple(parts))


def _group(tree: Tree[Token]) -> _Group:
    from lark import Tree

    subtrees = [k for k in tree.children if isinstance(k, Tree)]
    if tree.data == "cited":
        level = _level_name(str(subtrees[0].children[0]))
        items: list[tuple[_Designator, _Designator | None]] = []
        for item in subtrees[1].children:
            if not isinstance(item, Tree):
                continue  # separators
            if item.data == "range":
                a, b = (k for k in item.children if isinstance(k, Tree))
                items.append((_designator(a), _designator(b)))
            else:
                items.append((_designator(item), None))
        return _Group(level, "cited", tuple(items))
    word = str(subtrees[0].children[0]) if subtrees else "act"
    mode = "this" if tree.data == "this_ref" else "preceding"
    return _Group(_level_name(word), mode)


def parse_reference(text: str) -> tuple[_Group, ...] | None:
    """The groups of one reference, innermost first, or None if it is not one."""
    return _attempt(text)[0]


@functools.lru_cache(maxsize=4096)
def _attempt(text: str) -> tuple[tuple[_Group, ...] | None, int | None]:
    """`parse_reference`, and when the text is no reference, where the parser met the
    token or character it could not take (None when the text just ended too soon).

    Cached like the parser itself: the result is immutable and depends on the text
    alone, and an act repeats the same few references ("section 2") many times."""
    from lark import Tree
    from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedToken

    try:
        tree = _parser().parse(text)
    except UnexpectedToken as exc:
        at = getattr(exc.token, "start_pos", None)
        return None, at if isinstance(at, int) else None
    except UnexpectedCharacters as exc:
        return None, exc.pos_in_stream
    except LarkError:
        return None, None
    groups: list[_Group] = []
    nested = False  # "Sch. 4 para 3": outer named first
    for child in tree.children:
        if isinstance(child, Tree):
            g = _group(child)
            if nested:
                groups.insert(0, g)
            else:
                groups.append(g)
            nested = True
        else:
            nested = False  # an explicit "of": inner named first
    # "paragraph (a) of subsection (1)" is already inner first; "Sch. 4 para 3" was
    # reordered above.
    return tuple(groups), None


_MAX_PIECES = 40  # longer runs are not one reference; the cap keeps the search linear


def _candidates(text: str) -> Iterator[tuple[int, int, tuple[_Group, ...]]]:
    """(start, end, groups) for each reference in `text`: the longest prefix of each
    keyword-anchored run that parses; scanning resumes where that prefix ends."""
    pos = 0
    while (m := _CANDIDATE.search(text, pos)) is not None:
        run = m.group()
        ends = [p.end() for p in itertools.islice(_PIECE.finditer(run), _MAX_PIECES)]
        pos = m.start() + 1
        # Prefixes end after a piece, longest first. When the parser stops at a token
        # that starts in piece k, every prefix that goes past piece k has the same tokens
        # up to there (the lexer reads a piece alike whatever follows its space, and a
        # token spans two pieces at most) and stops there too: skipping them keeps a run
        # of keywords that holds no reference ("section section …") cheap.
        limit = len(ends)
        for last in range(len(ends) - 1, -1, -1):
            if pos != m.start() + 1:
                break
            if last > limit:
                continue
            whole = run[: ends[last]].rstrip(",")
            # "in Schedule 4." ends a sentence; "s. 775.084(1)(b)1." keeps its dot.
            for chunk in dict.fromkeys((whole, whole.rstrip(".,;:"))):
                groups, stop = _attempt(chunk)
                if groups is None and stop is not None:
                    limit = min(limit, bisect.bisect_left(ends, stop + 1))
                if groups is not None:
                    yield m.start(), m.start() + len(chunk), groups
                    pos = m.start() + len(chunk)
                    break


# --- resolution ---------------------------------------------------------------------

_ABSOLUTE = frozenset({"section", "article", "schedule", "part", "chapter"})
_SECTION_KINDS = frozenset({"section", "article", "rule", "regulation"})
_KINDS = {
    "section": _SECTION_KINDS,
    "article": _SECTION_KINDS,
    "schedule": frozenset({"schedule"}),
    "part": frozenset({"part"}),
    "chapter": frozenset({"chapter"}),
    "subsection": frozenset({"subsection"}),
    "paragraph": frozenset({"paragraph"}),
    "subparagraph": frozenset({"subparagraph"}),
}


def _value(p: Provision) -> str:
    return _label_value(p.num_value or p.num or "")


@attrs.frozen(slots=True)
class _Tree:
    """Parent links and document order, computed once per document."""

    doc: Document
    parent: dict[str, Provision | None]
    order: tuple[Provision, ...]
    values: dict[int, str]  # id(provision) -> its label value, computed once
    # label value -> top-level provisions, in order (a relative reference that no
    # ancestor's children resolve ends at the top level: scanning it per reference made
    # resolving quadratic in the number of Parts and Schedules)
    top: dict[str, tuple[Provision, ...]]
    # (label value, kind) -> its first provision in document order, with the orders:
    # an absolute reference to a number the document lacks must not scan every node
    first: dict[tuple[str, str], tuple[int, Provision]]

    @classmethod
    def of(cls, doc: Document) -> _Tree:
        parent: dict[str, Provision | None] = {}
        for top in doc.provisions:
            parent[top.eid] = None
        order = tuple(preorder(doc.provisions))
        for p in order:
            for c in p.children:
                parent[c.eid] = p
        values = {id(p): _value(p) for p in order}
        at_top: defaultdict[str, list[Provision]] = defaultdict(list)
        for p in doc.provisions:
            at_top[values[id(p)]].append(p)
        first: dict[tuple[str, str], tuple[int, Provision]] = {}
        for i, p in enumerate(order):
            key = (values[id(p)], p.kind)
            if key not in first:
                first[key] = (i, p)
        return cls(doc, parent, order, values, {k: tuple(v) for k, v in at_top.items()}, first)

    def value(self, p: Provision) -> str:
        got = self.values.get(id(p))
        return got if got is not None else _value(p)

    def ancestors(self, p: Provision) -> Iterator[Provision]:
        """`p` itself, then each container up to the top."""
        node: Provision | None = p
        while node is not None:
            yield node
            node = self.parent.get(node.eid)

    def siblings(self, p: Provision) -> tuple[Provision, ...]:
        up = self.parent.get(p.eid)
        return up.children if up is not None else self.doc.provisions


def _descend(tree: _Tree, node: Provision, parts: tuple[str, ...]) -> Provision | None:
    for part in parts:
        nxt = next((c for c in node.children if tree.value(c) == part), None)
        if nxt is None:
            return None
        node = nxt
    return node


def _find_first(
    tree: _Tree, level: str, num: str, context: Provision | None, source: Provision
) -> Provision | None:
    kinds = _KINDS.get(level, frozenset({level}))
    if context is not None:
        direct = [c for c in context.children if tree.value(c) == num]
        hit = next((c for c in direct if c.kind in kinds), None) or (direct[0] if direct else None)
        if hit is not None:
            return hit
        pool = context.walk()
        next(pool)  # the context itself
        return next((p for p in pool if p.kind in kinds and tree.value(p) == num), None)
    if level in _ABSOLUTE:
        found = [f for k in kinds if (f := tree.first.get((num, k))) is not None]
        return min(found, key=lambda f: f[0])[1] if found else None
    # Relative ("subsection (4)", "paragraph 3"): the nearest container that holds it,
    # matching the kind named first and then any sub-section level unit.
    levels: list[tuple[Provision, ...]] = [a.children for a in tree.ancestors(source)]
    levels.append(tree.top.get(num, ()))  # the top level, only the ones numbered `num`
    for strict in (True, False):
        for children in levels:
            for c in children:
                if tree.value(c) == num and (
                    c.kind in kinds or (not strict and c.kind not in _ABSOLUTE)
                ):
                    return c
    return None


def _resolve_designator(
    tree: _Tree, level: str, d: _Designator, context: Provision | None, source: Provision
) -> Provision | None:
    first = _find_first(tree, level, d.parts[0], context, source)
    return _descend(tree, first, d.parts[1:]) if first is not None else None


def _expand(tree: _Tree, a: Provision, b: Provision) -> tuple[Provision, ...]:
    """Every unit from `a` to `b` inclusive: siblings, or same-kind units in order."""
    sibs = tree.siblings(a)
    if b in sibs:
        i, j = sibs.index(a), sibs.index(b)
        return sibs[i : j + 1] if i <= j else ()
    order = tree.order
    i, j = order.index(a), order.index(b)
    return tuple(p for p in order[i : j + 1] if p.kind == a.kind)


def _resolve_group(
    tree: _Tree, g: _Group, context: Provision | None, source: Provision
) -> tuple[list[Provision], bool]:
    kinds = _KINDS.get(g.level, frozenset({g.level}))
    if g.mode == "this":
        if g.level == "act":
            return [], True
        hit = next((a for a in tree.ancestors(source) if a.kind in kinds), None)
        return ([hit], True) if hit is not None else ([], False)
    if g.mode == "preceding":
        own = next((a for a in tree.ancestors(source) if a.kind in kinds), source)
        sibs = tree.siblings(own)
        i = sibs.index(own)
        return ([sibs[i - 1]], True) if i > 0 else ([], False)
    found: list[Provision] = []
    ok = True
    for start, stop in g.items:
        a = _resolve_designator(tree, g.level, start, context, source)
        if stop is None:
            if a is None:
                ok = False
            else:
                found.append(a)
            continue
        b_context = context
        if a is not None and len(stop.parts) == 1 and len(start.parts) > 1:
            b_context = tree.parent.get(a.eid)  # "45(2) to (4)"
        b = _resolve_designator(tree, g.level, stop, b_context, source)
        span = _expand(tree, a, b) if a is not None and b is not None else ()
        if not span:
            ok = False
        found.extend(span)
    return found, ok


def _resolve(tree: _Tree, groups: tuple[_Group, ...], source: Provision) -> tuple[list[str], bool]:
    """Outer groups first narrow the context; the innermost group gives the targets."""
    context: Provision | None = None
    ok = True
    for g in reversed(groups[1:]):
        hits, good = _resolve_group(tree, g, context, source)
        if g.mode == "this" and g.level == "act":
            continue
        if not hits:
            return [], False
        ok = ok and good
        context = hits[0]
    hits, good = _resolve_group(tree, groups[0], context, source)
    eids = list(dict.fromkeys(h.eid for h in hits))
    return eids, ok and good


# --- definitions --------------------------------------------------------------------

_Q_OPEN = "\"“‘«'"
_Q_CLOSE = "\"”’»'"
# A definition opens with a quote or "se" (ſ is an s): that first character is matched
# case-sensitively so the regex engine can skip to it, then `(?<=…)` picks the form.
_DEFINITION = re.compile(
    rf"(?-i:[{_Q_OPEN}sSſ])(?:(?<=[{_Q_OPEN}])"
    rf"(?P<term>[^{_Q_OPEN}{_Q_CLOSE}\n]{{1,80}})[{_Q_CLOSE}]\s*,?\s*"
    r"(?:(?:shall\s+)?means?|includes?|does\s+not\s+include|has\s+the\s+(?:same\s+)?meaning"
    r"|is\b|refers?\s+to)"
    r"|(?<=s)e\s+(?:entiende|entienden|entender[áa]n?)\s+por\s+[«“\"]?"
    r"(?P<es>[^»”\":;,.\n]{1,80}?)[»”\"]?\s*[:,])",
    re.IGNORECASE,
)
_DEF_END = re.compile(r";|\.\s|\.$|(?=[“\"‘«][^”\"’»\n]{1,80}[”\"’»]\s*(?:means|includes))")


def _term_key(term: str) -> str:
    return " ".join(term.strip(_Q_OPEN + _Q_CLOSE + " ").lower().split())


# --- building the index -------------------------------------------------------------


_OWN_ROLES = frozenset({"intro", "wrapup", "heading"})


def _own_text(doc: Document, p: Provision) -> Iterator[tuple[Callable[[int], int], str]]:
    """(map from text offset to file offset, text) of each of the node's own segments
    other than its label. The text is the segment's reading text: where normalising
    changed it (an invisible character inside "sec\u2060tion", a ligature), the file text
    would hide the reference, so offsets are mapped back to the file instead."""
    for seg in p.segments:
        if seg.role in _OWN_ROLES:
            yield _offset_map(doc, p, seg), seg.text


def _offset_map(doc: Document, p: Provision, seg: Segment) -> Callable[[int], int]:
    """The map from offsets in a segment's reading text to offsets in the file."""
    span = seg.span
    start = span.start
    if span.end - start == len(seg.text) and doc.text.startswith(seg.text, start):
        # the file holds the segment's text as it is (no copy of it is made to check)

        def shift(i: int, base: int = start) -> int:
            return base + i

        return shift
    piece = Piece(0, len(seg.text), p.eid, p.citation, seg)

    def where(i: int, piece: Piece = piece, n: int = len(seg.text)) -> int:
        if i >= n:
            return _source_offset(doc, piece, n - 1) + 1
        return _source_offset(doc, piece, i)

    return where


def _span(doc: Document, start: int, end: int) -> Span:
    line, col = doc.line_col(start)
    end_line, end_col = doc.line_col(max(start, end - 1))
    return Span(start, end, line, col, end_line, end_col)


def index(doc: Document) -> Index:
    """Every cross-reference and definition of `doc`, resolved, with the graph."""
    import networkx as nx  # type: ignore[import-untyped,unused-ignore]

    refs, defs = scan(doc)
    tree_order = tuple(doc.walk())
    graph: nx.DiGraph = nx.DiGraph()
    for p in tree_order:
        graph.add_node(p.eid, kind=p.kind, citation=p.citation)
    for p in tree_order:
        for c in p.children:
            graph.add_edge(p.eid, c.eid, kind="contains", contains=True)
    for r in refs:
        for t in r.targets:
            if graph.has_edge(r.source, t):
                graph.edges[r.source, t]["kind"] = "refers"
            else:
                graph.add_edge(r.source, t, kind="refers", contains=False)
    return Index(refs, defs, graph)


def scan(doc: Document) -> tuple[tuple[Reference, ...], tuple[Definition, ...]]:
    """Every cross-reference (resolved) and definition of `doc`, without the graph: the
    matcher needs only these, and building the graph means importing networkx."""
    tree = _Tree.of(doc)
    refs: list[Reference] = []
    defs: list[Definition] = []
    for p in tree.order:
        for seg in p.segments:
            if seg.role not in _OWN_ROLES:
                continue
            text = seg.text
            found = list(_candidates(text))
            defined = list(_DEFINITION.finditer(text))
            if not found and not defined:
                continue  # most segments: no map to the file is needed
            at = _offset_map(doc, p, seg)
            for start, end, groups in found:
                raw = text[start:end]
                external = bool(_EXTERNAL_AFTER.match(text, end)) and not any(
                    g.mode == "this" for g in groups
                )
                eids: list[str] = []
                ok = False
                if not external:
                    eids, ok = _resolve(tree, groups, p)
                refs.append(
                    Reference(
                        source=p.eid,
                        text=" ".join(raw.split()),
                        span=_span(doc, at(start), at(end)),
                        kind=groups[0].level,
                        targets=tuple(eids),
                        resolved=ok,
                        external=external,
                    )
                )
            for m in defined:
                term = m.group("term") or m.group("es")
                stop = _DEF_END.search(text, m.end())
                end = stop.start() if stop is not None and stop.start() > m.end() else len(text)
                defs.append(
                    Definition(
                        term=" ".join(term.split()),
                        text=" ".join(text[m.start() : end].split()),
                        eid=p.eid,
                        span=_span(doc, at(m.start()), at(end)),
                    )
                )
    return tuple(refs), tuple(defs)


def links(doc: Document) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """What the matcher reads of `scan`, without quoting or locating anything: (source
    eid, target eid) for each target of each reference (an external cite has none), and
    (term, eid) for each definition, in `scan`'s order."""
    tree = _Tree.of(doc)
    references: list[tuple[str, str]] = []
    definitions: list[tuple[str, str]] = []
    for p in tree.order:
        for seg in p.segments:
            if seg.role not in _OWN_ROLES:
                continue
            text = seg.text
            for _start, end, groups in _candidates(text):
                if _EXTERNAL_AFTER.match(text, end) and not any(g.mode == "this" for g in groups):
                    continue
                eids, _ok = _resolve(tree, groups, p)
                references.extend((p.eid, eid) for eid in eids)
            for m in _DEFINITION.finditer(text):
                term = m.group("term") or m.group("es")
                definitions.append((" ".join(term.split()), p.eid))
    return references, definitions
