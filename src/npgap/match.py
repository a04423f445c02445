"""Matching: features per clause, protection and related clauses, detector evaluation.

Why separate from scoring: this module answers only "which rule holds where, which
pattern fires where" with the hits that show it; `npgap.score` turns that into statuses,
caps and findings. Everything here is a pure function of the document and framework.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

import attrs

from npgap.clauses import Clause, Recipe, preorder, recipes
from npgap.features import Hit, extract, row_extractor
from npgap.framework import Condition, Framework, Pattern, Requirement, Rule
from npgap.lexicon import detect_language
from npgap.tree import Document, Provision, citation_key

__all__ = [
    "ClauseFeatures",
    "Match",
    "PatternMatch",
    "ReqMatch",
    "evaluate",
    "match",
]

_PROTECT = "protect."
_SUBJECTS = frozenset({"who.victim", "who.child"})
_DECOY = "decoy."


class _Reader:
    """Reads a clause again from its recipe, with its hits, for the few clauses that are
    quoted or looked into after matching; the last few read are kept.

    Why: holding every clause's text, piece map and hits took about seven times a big
    act's size, while scoring quotes a few hundred clauses at most.
    """

    __slots__ = ("cache", "lang")

    #: clauses kept read (a finding cites one clause several times in a row)
    KEEP = 64

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.cache: dict[int, tuple[Recipe, Clause, tuple[Hit, ...]]] = {}

    def read(self, recipe: Recipe) -> tuple[Clause, tuple[Hit, ...]]:
        got = self.cache.pop(id(recipe), None)
        if got is None:
            clause = _built(recipe)
            got = (recipe, clause, extract(clause.text, self.lang))
            if len(self.cache) >= self.KEEP:
                del self.cache[next(iter(self.cache))]
        self.cache[id(recipe)] = got  # the most recently read last
        return got[1], got[2]


def _built(recipe: Recipe) -> Clause:
    clause = recipe.build()
    assert clause is not None  # a recipe is kept only when it made a clause
    return clause


@attrs.frozen(slots=True, weakref_slot=False)
class ClauseFeatures:
    """A clause with its feature hits, the set of feature names, and whether it protects.

    The clause's text, pieces and hits are read again from its recipe when asked for
    (`clause`, `hits`): a matched act keeps only what the detectors test.
    """

    index: int
    recipe: Recipe
    features: frozenset[str]
    protection_hits: tuple[Hit, ...]  # the protect.* hits that make it a protection clause
    schedules: tuple[str, ...]  # the schedule numbers its text names ("Schedule 2"), once
    reader: _Reader = attrs.field(eq=False, repr=False)

    @property
    def eid(self) -> str:
        return self.recipe.node.eid

    @property
    def section(self) -> str:
        """The eid of the enclosing section-level unit (as `Clause.section`)."""
        return self.recipe.section.eid

    @property
    def clause(self) -> Clause:
        return self.reader.read(self.recipe)[0]

    @property
    def hits(self) -> tuple[Hit, ...]:
        return self.reader.read(self.recipe)[1]

    @property
    def is_protection(self) -> bool:
        return bool(self.protection_hits)

    def hits_of(self, names: Iterable[str]) -> tuple[Hit, ...]:
        wanted = set(names)
        return tuple(h for h in self.hits if h.feature in wanted)


@attrs.frozen(slots=True)
class Match:
    """A matched document: language, clauses with features, and the scope index sets."""

    doc: Document
    lang: str
    items: tuple[ClauseFeatures, ...]
    protection: frozenset[int]
    related: frozenset[int]

    def scope(self, name: str) -> tuple[ClauseFeatures, ...]:
        """The clauses of a scope (protection | related | document), in document order."""
        if name == "protection":
            return tuple(c for c in self.items if c.index in self.protection)
        if name == "related":
            return tuple(c for c in self.items if c.index in self.related)
        return self.items


@attrs.frozen(slots=True)
class ReqMatch:
    """What a requirement's detector found: status, the rule (None = default), clauses."""

    requirement: str
    status: str
    rule: Rule | None
    because: str
    clauses: tuple[ClauseFeatures, ...]


@attrs.frozen(slots=True)
class PatternMatch:
    """A deficiency pattern that fired, and the clauses it fired on."""

    pattern: Pattern
    clauses: tuple[ClauseFeatures, ...]


# --------------------------------------------------------------------------------------
# Protection clauses


def _protection_hits(hits: Sequence[Hit], clause: Clause | None = None) -> tuple[Hit, ...]:
    """The protect.* hits that stand with a protected subject and that no decoy claims.

    A decoy claims the protections of its sentence that stand in its own piece of the
    clause or after it: "the identity of a victim shall not be disclosed" claims its own
    words, but "… if— (2) the victim cooperates with the prosecution of the trafficker"
    in a later list item does not claim the lead-in's "shall not be prosecuted".
    """
    starts = [p.start for p in clause.pieces] if clause is not None else [0]

    def piece(h: Hit) -> int:
        return bisect.bisect_right(starts, h.start) - 1

    by_sentence: dict[int, set[str]] = {}
    decoys: dict[int, int] = {}  # sentence -> first piece holding a decoy
    for h in hits:
        by_sentence.setdefault(h.sentence, set()).add(h.feature)
        if h.feature.startswith(_DECOY):
            at = piece(h)
            decoys[h.sentence] = min(at, decoys.get(h.sentence, at))
    found: list[Hit] = []
    for h in hits:
        if not h.feature.startswith(_PROTECT):
            continue
        first_decoy = decoys.get(h.sentence)
        if first_decoy is not None and first_decoy <= piece(h):
            continue
        feats = by_sentence.get(h.sentence, set())
        subject = bool(feats & _SUBJECTS)
        if not subject and h.sentence > 0:
            # "Tampoco les serán aplicables …": the subject stands in the sentence before
            subject = bool(by_sentence.get(h.sentence - 1, set()) & _SUBJECTS)
        if subject:
            found.append(h)
    return tuple(found)


# --------------------------------------------------------------------------------------
# Relatedness: references and definitions (npgap.refs when present, else a small fallback)

_WORD = re.compile(r"\w+")
_SCHEDULE_REF = re.compile(r"\bSchedule\s+(\d+[A-Z]?)\b")
# The first letter is matched case-sensitively (with "ſ", which matches "s" when case is
# ignored) so the regex engine skips to it; `(?<!\w[\s\S])` after it is the `\b` before
# it, and `(?<=s)`/`(?<=a)` pick the words that begin with it. Same matches as
# r"\b(?:sections?|s\.|articles?|art\.|art[ií]culos?)\s*(…)" and r"\bsubsections?\s+(…)".
_SECTION_REF = re.compile(
    r"(?-i:[sSſaA])(?<!\w[\s\S])(?:(?<=s)(?:ections?|\.)|(?<=a)(?:rticles?|rt\.|rt[ií]culos?))"
    r"\s*(\d+[A-Za-z]*(?:\s?(?:bis|ter))?(?:\(\w{1,5}\))*)",
    re.I,
)
_SUBSECTION_REF = re.compile(
    r"(?-i:[sSſ])(?<!\w[\s\S])ubsections?\s+((?:\(\w{1,5}\)(?:\s*(?:,|and|or|to)\s*)?)+)", re.I
)
_PAREN = re.compile(r"\((\w{1,5})\)")
_NOT_DIGITS = re.compile(r"[^0-9]+")
_DEFINITION = re.compile(
    r"[\"“‘']([^\"”’']{1,60})[\"”’']\s+(?:means|includes|has the meaning|refers to|shall mean)",
    re.I,
)


def _edges_from_refs(doc: Document) -> tuple[list[tuple[str, str]], list[tuple[str, str]]] | None:
    """(source eid, target eid) references and (term, eid) definitions from npgap.refs
    (`refs.links`: what `refs.scan` finds, without quoting or locating it)."""
    from npgap import refs

    try:
        return refs.links(doc)
    except Exception:  # a failure in the reference index must not break assessment
        return None


class _Edges:
    """The references and definitions the small fallback finds, gathered clause by clause
    (while each clause's text is at hand) and resolved in two walks of the tree at the
    end, which index only the provisions and citations asked for.

    Why: indexing every provision by eid and by citation key took more memory than the
    few hundred references it answers.
    """

    def __init__(self) -> None:
        self.cites: list[tuple[str, str]] = []  # (clause eid, citation as written)
        self.subsections: list[tuple[str, str, str]] = []  # (clause eid, section eid, num)
        self.definitions: list[tuple[str, str]] = []  # (term, clause eid)

    def scan(self, eid: str, section: str, text: str, schedules: tuple[str, ...]) -> None:
        """The references and definitions of one clause's text (`schedules`: the numbers
        of the schedules it names)."""
        cites = self.cites
        for num in schedules:
            cites.append((eid, f"Schedule {num}"))
        for m in _SECTION_REF.finditer(text):
            cites.append((eid, m.group(0)))
        for m in _SUBSECTION_REF.finditer(text):
            for num in _PAREN.findall(m.group(1)):
                self.subsections.append((eid, section, num))
        for m in _DEFINITION.finditer(text):
            self.definitions.append((m.group(1), eid))

    def resolve(self, doc: Document) -> list[tuple[str, str]]:
        """(source eid, target eid) of every citation that names a provision: the first
        in document order whose citation has the same key (`citation_key`); subsection
        numbers are read against their section's citation."""
        cites = list(self.cites)
        if self.subsections:
            wanted = {sec for _, sec, _ in self.subsections}
            by_eid: dict[str, Provision] = {}
            for p in preorder(doc.provisions):
                if p.eid in wanted:
                    by_eid.setdefault(p.eid, p)
                if p.sid in wanted:
                    by_eid.setdefault(p.sid, p)
            for eid, sec, num in self.subsections:
                section = by_eid.get(sec)
                base = section.citation if section is not None else ""
                if base:
                    cites.append((eid, f"{base}({num})"))
        keys = {text: citation_key(text) for _, text in cites}
        wanted_keys = set(keys.values())
        wanted_keys.discard("")
        by_key: dict[str, str] = {}
        if wanted_keys:
            # citation_key keeps a citation's ASCII digits as they are, so a citation
            # whose digits no wanted key has is skipped without working out its key
            digits = {_NOT_DIGITS.sub("", key) for key in wanted_keys}
            for p in preorder(doc.provisions):
                citation = p.citation
                if _NOT_DIGITS.sub("", citation) not in digits:
                    continue
                key = citation_key(citation)
                if key in wanted_keys and key not in by_key:
                    by_key[key] = p.eid
        references: list[tuple[str, str]] = []
        for eid, text in cites:
            target = by_key.get(keys[text])
            if target is not None:
                references.append((eid, target))
        return references


def _prefixes(eid: str) -> list[str]:
    """`a__b__c` → `a`, `a__b`, `a__b__c` (a list: called once per clause and eid)."""
    out: list[str] = []
    at = eid.find("__")
    while at != -1:
        out.append(eid[:at])
        at = eid.find("__", at + 2)
    out.append(eid)
    return out


class _Cover:
    """Which clauses hold a provision, are below it, or contain it (memoised per eid).

    Filled clause by clause (`add`); answered from the clauses' eids in sorted order
    (the clauses at or below an eid are a run of it), so the index takes two list
    slots a clause. A clause's pieces from its own provision or one below it need no
    entry: the clause is found through its own eid; only other pieces (should a tree
    name a piece otherwise) are listed.
    """

    def __init__(self) -> None:
        self.eids: list[str] = []  # clause eid by index
        self.pieces: defaultdict[str, list[int]] = defaultdict(list)  # other piece eids
        self.memo: dict[str, frozenset[int]] = {}
        self.order: list[int] = []  # clause indices by eid (then index)
        self.sorted: list[str] = []  # their eids

    def add(self, index: int, clause: Clause) -> None:
        own = clause.eid
        self.eids.append(own)
        pieces = self.pieces
        for piece in clause.pieces:
            eid = piece.eid
            if (
                eid == own
                or (
                    eid.startswith(own)
                    and eid.startswith("__", len(own))
                    # `own` ends where `_prefixes` cuts unless it ends in "_" itself
                    and (own[-1:] != "_" or own in _prefixes(eid))
                )
            ):
                continue  # found through `exact[own]` (see __call__)
            got = pieces[eid]
            if not got or got[-1] != index:
                got.append(index)

    def _exact(self, eid: str) -> range:
        """Positions in `sorted` of the clauses whose eid is `eid`."""
        keys = self.sorted
        lo = bisect.bisect_left(keys, eid)
        hi = lo
        while hi < len(keys) and keys[hi] == eid:
            hi += 1
        return range(lo, hi)

    def __call__(self, eid: str) -> frozenset[int]:
        """The clauses whose eid has `eid` as a prefix (`_prefixes`), those holding a
        piece of `eid`, and those whose eid is a prefix of `eid`."""
        got = self.memo.get(eid)
        if got is not None:
            return got
        if len(self.sorted) != len(self.eids):
            eids = self.eids
            self.order = sorted(range(len(eids)), key=eids.__getitem__)
            self.sorted = [eids[i] for i in self.order]
        order, keys = self.order, self.sorted
        found = {order[k] for k in self._exact(eid)}
        below = eid + "__"
        k = bisect.bisect_left(keys, below)
        plain = eid[-1:] != "_"  # then `_prefixes` cuts every key below it at `eid`
        while k < len(keys) and keys[k].startswith(below):
            if plain or eid in _prefixes(keys[k]):
                found.add(order[k])
            k += 1
        found.update(self.pieces.get(eid, ()))
        for pre in _prefixes(eid):
            if pre != eid:
                found.update(order[k] for k in self._exact(pre))
        got = self.memo[eid] = frozenset(found)
        return got


def _related(
    doc: Document,
    items: Sequence[ClauseFeatures],
    protection: set[int],
    covering: _Cover,
    found: _Edges,
    edges: tuple[list[tuple[str, str]], list[tuple[str, str]]] | None,
    prot_text: str,
    prot_words: set[str],
    lang: str,
) -> tuple[set[int], set[int], dict[int, frozenset[str]]]:
    """The related clauses, the qualifiers among them, and the features some clauses
    are read as having through a reference (relief that names its victims by reference;
    a qualifier that brings children under a protection's compulsion test). Qualifiers
    are clauses of a protection clause's section that refer to it ("Subsection (1)
    applies to any offence, including…") and so say what that protection covers.
    `edges` is what `refs.links` found (None if it failed), `prot_text` the protection
    clauses' texts, lower-cased, joined by spaces, and `prot_words` its words."""
    related = set(protection)
    sections = {items[i].section for i in protection}
    related.update(c.index for c in items if c.section in sections)
    # npgap.refs when present; the small fallback always adds what it can resolve, so a
    # reference the index leaves unresolved ("Schedule 2") still counts
    references = found.resolve(doc)
    definitions = found.definitions
    if edges is not None:
        references = sorted(set(references) | set(edges[0]))
        definitions = sorted(set(definitions) | set(edges[1]))
    pairs = [(covering(s), covering(t)) for s, t in set(references)]
    qualifiers: set[int] = set()
    inherited: dict[int, set[str]] = {}  # clause -> features it is read as having
    # "the court shall vacate any conviction for an act covered by article 2", "if the
    # court finds that the ground in subsection (1) is established, the court shall—
    # (b) order the expungement …": relief for the victims the clause it refers to names
    for src, dst in pairs:
        if src & protection:
            related |= dst
        if dst & protection:
            related |= src
            if any("who.victim" in items[i].features for i in dst & protection):
                for i in src:
                    if (
                        items[i].features & _RELIEF
                        and "who.victim" not in items[i].features
                        and not _has_decoy(items[i])
                    ):
                        inherited.setdefault(i, set()).add("who.victim")
            qualifiers |= {
                i
                for i in src - protection
                if items[i].section in sections
                and not _has_decoy(items[i])
                and not items[i].features & _NARROWING
            }
    # "Subsection (1) applies to a person under the age of 18 as it applies to a person
    # aged 18 or over": a qualifier that brings children under the protection it refers to
    # brings them under that protection's compulsion or duress test too
    for src, dst in pairs:
        tests = set().union(*(items[i].features for i in dst & protection)) & _CHILD_TESTS
        if not tests:
            continue
        for i in src & qualifiers:
            if "who.child" in items[i].features and "cause.no_means" not in items[i].features:
                inherited.setdefault(i, set()).update(tests)
    # one hop further: what a related clause points to ("… listed in Schedule 2")
    first = set(related)
    for src, dst in pairs:
        if src & first:
            related |= dst
    # the protected subjects the protection clauses name (victim, child)
    subjects = set().union(*(items[i].features for i in protection)) & _SUBJECTS
    used: dict[str, bool] = {}  # term -> used by a protection clause
    for term, eid in definitions:
        t = term.strip().lower()
        if not t:
            continue
        hit = used.get(t)
        if hit is None:
            # every word of a term that occurs is a whole word of the text: checking the
            # words first keeps this linear (a big act defines hundreds of terms)
            hit = all(w in prot_words for w in _WORD.findall(t)) and _has_word(prot_text, t)
            if not hit and subjects:
                # "se entiende por víctima de la trata de personas toda persona, …": the
                # term as read runs on, or is inflected ("las víctimas"), but it defines
                # the subject the protection names (the lexicon says which words do)
                hit = bool(subjects & {h.feature for h in extract(t, lang)})
            used[t] = hit
        if hit:
            related.update(covering(eid))
    return related, qualifiers, {i: frozenset(f) for i, f in inherited.items()}


# --------------------------------------------------------------------------------------
# Detectors


def _holds(
    feats: frozenset[str], all_: Iterable[str], any_: Sequence[str], none: Iterable[str]
) -> bool:
    if any(f not in feats for f in all_):
        return False
    if any_ and not any(f in feats for f in any_):
        return False
    return not any(f in feats for f in none)


_FORCE = frozenset({"force.mandatory", "force.permissive", "vacatur.discretionary"})
_RELIEF = frozenset(
    {"vacatur.vacate", "vacatur.expunge", "vacatur.seal", "vacatur.pardon", "vacatur.motion"}
)


#: The causation tests a qualifier naming children takes from the protection it refers
#: to (see `_related`).
_CHILD_TESTS = frozenset({"cause.compelled", "cause.duress"})

#: A clause that only cuts the protection down ("does not apply to an offence listed in
#: Schedule 2") says what is left out, not what is covered: it limits through the
#: deficiency patterns (scope "related") and never supports a requirement.
_NARROWING = frozenset({"scope.exclusion", "scope.gravity", "scope.closed_list"})


def _is_word(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def _has_word(text: str, term: str) -> bool:
    """`re.search(r"\\b" + re.escape(term) + r"\\b", text)` without compiling a pattern
    per term (a big act defines hundreds)."""
    at = text.find(term)
    while at != -1:
        end = at + len(term)
        if _is_word(text, at - 1) != _is_word(text, at) and _is_word(text, end - 1) != _is_word(
            text, end
        ):
            return True
        at = text.find(term, at + 1)
    return False


def _has_decoy(cf: ClauseFeatures) -> bool:
    return any(f.startswith(_DECOY) for f in cf.features)


def _relief_clauses(items: Sequence[ClauseFeatures]) -> set[int]:
    """When no clause protects before conviction, the post-conviction relief for victims
    is the provision the other requirements are read against (its scope, causation,
    discretion…): the relief clauses that name a victim, and the relief clauses of the
    same sections ("the court shall— (a) vacate the conviction")."""
    named = {
        c.index
        for c in items
        if c.features & _RELIEF
        and "who.victim" in c.features
        and not any(f.startswith(_DECOY) for f in c.features)
    }
    sections = {items[i].section for i in named}
    return named | {
        c.index
        for c in items
        if c.features & _RELIEF and c.features & _FORCE and c.section in sections
    }


def _as_relief(cf: ClauseFeatures) -> ClauseFeatures:
    """A relief clause read as the protection: its words of arrest, charge or detention
    name the records to be cleared, not stages at which the victim is protected."""
    kept = frozenset(
        f
        for f in cf.features
        if f == "stage.post_conviction" or not f.startswith(("stage.", "detention."))
    )
    return attrs.evolve(cf, features=kept)


def match(doc: Document) -> Match:
    """Features of every clause, the protection clauses and the related clauses.

    Each clause is read once, here, and only what the detectors and the relatedness
    need is kept of it (feature names, protection hits, references, what it covers);
    its text and hits are read again from its recipe when a finding quotes it.
    """
    lang = detect_language(doc.text)
    # the reference index first: what it builds is let go before the clauses are read
    edges = _edges_from_refs(doc)
    reader = _Reader(lang)
    read = row_extractor(lang, len(doc.text))
    items: list[ClauseFeatures] = []
    covering = _Cover()
    found = _Edges()
    prot_texts: list[str] = []
    prot_words: set[str] = set()
    shared: dict[frozenset[str], frozenset[str]] = {}  # a few hundred distinct sets
    for i, (recipe, clause) in enumerate(recipes(doc)):
        text = clause.text
        found_names, rows = read(text, _PROTECT)  # rows only if it may protect someone
        names = frozenset(found_names)
        names = shared.setdefault(names, names)
        prot: tuple[Hit, ...] = ()
        if rows:
            hits = [Hit(feature, start, end, at) for start, feature, end, at in rows]
            prot = _protection_hits(hits, clause)
        schedules = _schedules(text)
        covering.add(i, clause)
        found.scan(clause.eid, clause.section, text, schedules)
        if prot:
            low = text.lower()
            prot_texts.append(low)
            prot_words.update(_WORD.findall(low))
        items.append(ClauseFeatures(i, recipe, names, prot, schedules, reader))
    protection = {c.index for c in items if c.is_protection}
    if not protection:
        protection = _relief_clauses(items)
        items = [_as_relief(c) if c.index in protection else c for c in items]
        prot_texts = [_built(items[i].recipe).text.lower() for i in sorted(protection)]
        prot_words = {m.group() for t in prot_texts for m in _WORD.finditer(t)}
    prot_text = " ".join(prot_texts)
    del prot_texts  # the joined text is the only copy kept
    related, qualifiers, inherited = _related(
        doc, items, protection, covering, found, edges, prot_text, prot_words, lang
    )
    for i in sorted(inherited):
        items[i] = attrs.evolve(items[i], features=items[i].features | inherited[i])
    return Match(doc, lang, tuple(items), frozenset(protection | qualifiers), frozenset(related))


def _schedules(text: str) -> tuple[str, ...]:
    """The numbers of the schedules a clause names, each once, in order (the pattern is
    case-sensitive: no "Schedule", no match and no scan)."""
    if "Schedule" not in text:
        return ()
    return tuple(dict.fromkeys(m.group(1) for m in _SCHEDULE_REF.finditer(text)))


class _Tests:
    """Detector tests over one Match, answered per distinct feature set.

    Why: a big act has thousands of clauses but a few hundred distinct feature sets, and
    each of ~40 requirements tries several rules over a scope; testing each set once and
    keeping document order by position gives the same clauses as testing every clause.
    """

    def __init__(self, m: Match) -> None:
        self.m = m
        self.scopes: dict[str, tuple[ClauseFeatures, ...]] = {}
        self.groups: dict[str, list[tuple[frozenset[str], list[int]]]] = {}

    def scope(self, name: str) -> tuple[ClauseFeatures, ...]:
        got = self.scopes.get(name)
        if got is None:
            got = self.scopes[name] = self.m.scope(name)
        return got

    def _grouped(self, name: str) -> list[tuple[frozenset[str], list[int]]]:
        got = self.groups.get(name)
        if got is None:
            where: dict[frozenset[str], list[int]] = {}
            for i, c in enumerate(self.scope(name)):
                where.setdefault(c.features, []).append(i)
            got = self.groups[name] = list(where.items())
        return got

    def holding(
        self, name: str, all_: Iterable[str], any_: Sequence[str], none: Iterable[str]
    ) -> tuple[ClauseFeatures, ...]:
        """The clauses of scope `name` on which `_holds` is true, in document order."""
        need = frozenset(all_)
        some = frozenset(any_)
        bar = frozenset(none)
        found: list[int] = []
        for feats, at in self._grouped(name):
            if need <= feats and (not some or not some.isdisjoint(feats)) and bar.isdisjoint(feats):
                found.extend(at)
        found.sort()
        scope = self.scope(name)
        return tuple(scope[i] for i in found)


def evaluate_requirement(m: Match, req: Requirement, tests: _Tests | None = None) -> ReqMatch:
    """The first rule (best first) holding on some clause in its scope, else the default."""
    t = tests if tests is not None else _Tests(m)
    det = req.detect
    for rule in det.rules:
        found = t.holding(rule.scope or det.scope, rule.all, rule.any, rule.none)
        if found:
            return ReqMatch(req.id, rule.status, rule, rule.because, found)
    context = t.scope("protection") if det.default != "missing" else ()
    return ReqMatch(req.id, det.default, None, det.default_because, context)


def _condition_holds(t: _Tests, cond: Condition) -> bool:
    return bool(t.holding(cond.scope, cond.all, cond.any, cond.none))


def evaluate_pattern(
    m: Match, pattern: Pattern, tests: _Tests | None = None
) -> PatternMatch | None:
    """The pattern's clauses when it fires (holds somewhere, no `unless` holds), else None."""
    t = tests if tests is not None else _Tests(m)
    det = pattern.detect
    found = t.holding(det.scope, det.all, det.any, det.none)
    if not found or any(_condition_holds(t, u) for u in det.unless):
        return None
    return PatternMatch(pattern, found)


def evaluate(m: Match, fw: Framework) -> tuple[tuple[ReqMatch, ...], tuple[PatternMatch, ...]]:
    """Every requirement's detector result (framework order) and every fired pattern."""
    t = _Tests(m)
    reqs = tuple(evaluate_requirement(m, r, t) for r in fw.requirements)
    fired = (evaluate_pattern(m, pat, t) for pat in fw.patterns)
    pats = tuple(p for p in fired if p is not None)
    return reqs, pats
