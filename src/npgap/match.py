"""Matching: features per clause, protection and related clauses, detector evaluation.

Why separate from scoring: this module answers only "which rule holds where, which
pattern fires where" with the hits that show it; `npgap.score` turns that into statuses,
caps and findings. Everything here is a pure function of the document and framework.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs

from npgap.clauses import Clause, clauses
from npgap.features import Hit, extract
from npgap.framework import Condition, Framework, Pattern, Requirement, Rule
from npgap.lexicon import detect_language
from npgap.tree import Document

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


@attrs.frozen(slots=True)
class ClauseFeatures:
    """A clause with its feature hits, the set of feature names, and whether it protects."""

    index: int
    clause: Clause
    hits: tuple[Hit, ...]
    features: frozenset[str]
    protection_hits: tuple[Hit, ...]  # the protect.* hits that make it a protection clause

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


def _protection_hits(hits: Sequence[Hit]) -> tuple[Hit, ...]:
    by_sentence: dict[int, set[str]] = {}
    for h in hits:
        by_sentence.setdefault(h.sentence, set()).add(h.feature)
    found: list[Hit] = []
    for h in hits:
        if not h.feature.startswith(_PROTECT):
            continue
        feats = by_sentence.get(h.sentence, set())
        if any(f.startswith(_DECOY) for f in feats):
            continue
        subject = bool(feats & _SUBJECTS)
        if not subject and h.sentence > 0:
            # "Tampoco les serán aplicables …": the subject stands in the sentence before
            subject = bool(by_sentence.get(h.sentence - 1, set()) & _SUBJECTS)
        if subject:
            found.append(h)
    return tuple(found)


# --------------------------------------------------------------------------------------
# Relatedness: references and definitions (npgap.refs when present, else a small fallback)

_SCHEDULE_REF = re.compile(r"\bSchedule\s+(\d+[A-Z]?)\b")
_SECTION_REF = re.compile(
    r"\b(?:sections?|s\.|articles?|art\.|art[ií]culos?)\s*(\d+[A-Za-z]*(?:\s?(?:bis|ter))?"
    r"(?:\(\w{1,5}\))*)",
    re.I,
)
_SUBSECTION_REF = re.compile(r"\bsubsections?\s+((?:\(\w{1,5}\)(?:\s*(?:,|and|or|to)\s*)?)+)", re.I)
_PAREN = re.compile(r"\((\w{1,5})\)")
_DEFINITION = re.compile(
    r"[\"“‘']([^\"”’']{1,60})[\"”’']\s+(?:means|includes|has the meaning|refers to|shall mean)",
    re.I,
)


def _edges_from_refs(doc: Document) -> tuple[list[tuple[str, str]], list[tuple[str, str]]] | None:
    """(source eid, target eid) references and (term, eid) definitions from npgap.refs."""
    try:
        from npgap import refs  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return None
    try:
        index = refs.index(doc)
        references: list[tuple[str, str]] = []
        for r in getattr(index, "references", ()):
            source = str(getattr(r, "source", "") or getattr(r, "source_eid", ""))
            targets = getattr(r, "targets", None)
            if targets is None:
                targets = getattr(r, "target_eids", None)
            if targets is None:
                target = getattr(r, "target", None)
                targets = () if target is None else (target,)
            for t in targets:
                references.append((source, str(t)))
        definitions = [
            (str(getattr(d, "term", "")), str(getattr(d, "eid", "")))
            for d in getattr(index, "definitions", ())
        ]
    except Exception:  # an unfinished helper module must not break assessment
        return None
    return references, definitions


def _fallback_edges(
    doc: Document, items: Sequence[Clause]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    references: list[tuple[str, str]] = []
    definitions: list[tuple[str, str]] = []
    for c in items:
        section = doc.find(c.section)
        base = section.citation if section is not None else ""
        for m in _SCHEDULE_REF.finditer(c.text):
            p = doc.find_citation(f"Schedule {m.group(1)}")
            if p is not None:
                references.append((c.eid, p.eid))
        for m in _SECTION_REF.finditer(c.text):
            p = doc.find_citation(m.group(0))
            if p is not None:
                references.append((c.eid, p.eid))
        for m in _SUBSECTION_REF.finditer(c.text):
            for num in _PAREN.findall(m.group(1)):
                p = doc.find_citation(f"{base}({num})") if base else None
                if p is not None:
                    references.append((c.eid, p.eid))
        for m in _DEFINITION.finditer(c.text):
            definitions.append((m.group(1), c.eid))
    return references, definitions


def _covering(items: Sequence[ClauseFeatures], eid: str) -> list[int]:
    """Clauses that hold provision `eid`, are below it, or contain it."""
    out = []
    for c in items:
        cl = c.clause
        if (
            cl.eid == eid
            or cl.eid.startswith(eid + "__")
            or eid.startswith(cl.eid + "__")
            or any(p.eid == eid for p in cl.pieces)
        ):
            out.append(c.index)
    return out


def _related(doc: Document, items: Sequence[ClauseFeatures], protection: set[int]) -> set[int]:
    related = set(protection)
    sections = {items[i].clause.section for i in protection}
    related.update(c.index for c in items if c.clause.section in sections)
    # npgap.refs when present; the small fallback always adds what it can resolve, so a
    # reference the index leaves unresolved ("Schedule 2") still counts
    references, definitions = _fallback_edges(doc, [c.clause for c in items])
    edges = _edges_from_refs(doc)
    if edges is not None:
        references = sorted(set(references) | set(edges[0]))
        definitions = sorted(set(definitions) | set(edges[1]))
    pairs = [(set(_covering(items, s)), set(_covering(items, t))) for s, t in references]
    for src, dst in pairs:
        if src & protection:
            related |= dst
        if dst & protection:
            related |= src
    # one hop further: what a related clause points to ("… listed in Schedule 2")
    first = set(related)
    for src, dst in pairs:
        if src & first:
            related |= dst
    prot_text = " ".join(items[i].clause.text.lower() for i in sorted(protection))
    for term, eid in definitions:
        t = term.strip().lower()
        if t and re.search(r"\b" + re.escape(t) + r"\b", prot_text):
            related.update(_covering(items, eid))
    return related


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


def match(doc: Document) -> Match:
    """Features of every clause, the protection clauses and the related clauses."""
    lang = detect_language(doc.text)
    items: list[ClauseFeatures] = []
    for i, clause in enumerate(clauses(doc)):
        hits = extract(clause.text, lang)
        items.append(
            ClauseFeatures(
                i, clause, hits, frozenset(h.feature for h in hits), _protection_hits(hits)
            )
        )
    protection = {c.index for c in items if c.is_protection}
    related = _related(doc, items, protection)
    return Match(doc, lang, tuple(items), frozenset(protection), frozenset(related))


def evaluate_requirement(m: Match, req: Requirement) -> ReqMatch:
    """The first rule (best first) holding on some clause in its scope, else the default."""
    det = req.detect
    for rule in det.rules:
        scope = m.scope(rule.scope or det.scope)
        found = tuple(c for c in scope if _holds(c.features, rule.all, rule.any, rule.none))
        if found:
            return ReqMatch(req.id, rule.status, rule, rule.because, found)
    context = m.scope("protection") if det.default != "missing" else ()
    return ReqMatch(req.id, det.default, None, det.default_because, context)


def _condition_holds(m: Match, cond: Condition) -> bool:
    return any(_holds(c.features, cond.all, cond.any, cond.none) for c in m.scope(cond.scope))


def evaluate_pattern(m: Match, pattern: Pattern) -> PatternMatch | None:
    """The pattern's clauses when it fires (holds somewhere, no `unless` holds), else None."""
    det = pattern.detect
    found = tuple(c for c in m.scope(det.scope) if _holds(c.features, det.all, det.any, det.none))
    if not found or any(_condition_holds(m, u) for u in det.unless):
        return None
    return PatternMatch(pattern, found)


def evaluate(m: Match, fw: Framework) -> tuple[tuple[ReqMatch, ...], tuple[PatternMatch, ...]]:
    """Every requirement's detector result (framework order) and every fired pattern."""
    reqs = tuple(evaluate_requirement(m, r) for r in fw.requirements)
    pats = tuple(p for p in (evaluate_pattern(m, pat) for pat in fw.patterns) if p is not None)
    return reqs, pats
