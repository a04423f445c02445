"""Scoring: detector results → statuses after caps and prerequisites → findings, score.

Why its own module: the order of the steps matters for the worst error a compliance tool
can make (a false `met`): a status is first what the detector found, then no better than
any fired pattern's cap, then missing when a prerequisite is missing — so nothing later
can raise it again.
"""

from __future__ import annotations

import hashlib
import heapq
from bisect import bisect_right

import attrs

from npgap.clauses import Clause, Piece
from npgap.features import Hit
from npgap.findings import STATUSES, Assessment, DocumentInfo, Evidence, Finding, GroupScore
from npgap.framework import Framework, Requirement
from npgap.match import ClauseFeatures, Match, PatternMatch, ReqMatch, evaluate
from npgap.quotes import excerpt
from npgap.tree import Document, Provision

__all__ = ["EVIDENCE_PER_ROLE", "Decision", "assessment", "decide"]

_RANK = {s: i for i, s in enumerate(STATUSES)}


def _worse(a: str, b: str) -> str:
    return a if _RANK[a] >= _RANK[b] else b


@attrs.frozen(slots=True)
class Decision:
    """How one requirement's status came about, step by step."""

    requirement: str
    detected: str
    status: str
    found: ReqMatch
    limits: tuple[tuple[PatternMatch, str], ...]  # fired patterns with their caps
    missing_prerequisites: tuple[str, ...]


def decide(
    fw: Framework, found: tuple[ReqMatch, ...], fired: tuple[PatternMatch, ...]
) -> dict[str, Decision]:
    """Statuses: detector status, capped by fired patterns, then `requires` prerequisites."""
    by_id = {r.requirement: r for r in found}
    fired_ids = {p.pattern.id: p for p in fired}
    capped: dict[str, tuple[str, tuple[tuple[PatternMatch, str], ...]]] = {}
    for req in fw.requirements:
        status = by_id[req.id].status
        limits = []
        for pattern, cap in fw.limits_on(req.id):
            pm = fired_ids.get(pattern.id)
            if pm is not None:
                limits.append((pm, cap))
                status = _worse(status, cap)
        capped[req.id] = (status, tuple(limits))
    final: dict[str, Decision] = {}

    def resolve(rid: str, stack: tuple[str, ...] = ()) -> Decision:
        if rid in final:
            return final[rid]
        status, limits = capped[rid]
        missing = []
        for pre in fw.prerequisites(rid):
            if pre in stack:  # the loader rejects cycles; guard anyway
                continue
            if resolve(pre, (*stack, rid)).status == "missing":
                missing.append(pre)
        if missing:
            status = "missing"
        d = Decision(rid, by_id[rid].status, status, by_id[rid], limits, tuple(missing))
        final[rid] = d
        return d

    for req in fw.requirements:
        resolve(req.id)
    return final


#: Evidence items listed per role (supports, limits) in one finding; the rest are
#: counted (`Finding.omitted_supports` / `omitted_limits`), not built.
EVIDENCE_PER_ROLE = 5

#: Longest label (with a heading on its line) printed before an item's words.
_LABEL_MAX = 80


def _provision_at(doc: Document, eid: str, offset: int) -> Provision | None:
    """The provision `eid` whose text holds `offset`: a descent by bisection on spans
    (document order), so a look-up costs the depth of the tree, not its size."""
    nodes = doc.provisions
    while nodes:
        i = bisect_right(nodes, offset, key=_span_start) - 1
        if i < 0:
            return None
        p = nodes[i]
        if p.eid == eid:
            return p
        if not eid.startswith(p.eid + "__"):
            return None
        nodes = p.children
    return None


#: How far a position on whitespace may move to the word it stands for.
_SETTLE = 200


def _on_word(doc: Document, line: int, column: int) -> tuple[int, int]:
    """A file position moved off whitespace onto the next word: the quoted words are
    never blanks, and `Clause.locate` can land on the blank before a word when a line
    ends in spaces ("charged or \\n(b)"), which would name the wrong line."""
    at = doc.line_starts[line - 1] + column - 1
    text = doc.text
    stop = min(len(text), at + _SETTLE)
    i = at
    while i < stop and text[i].isspace():
        i += 1
    if i == at or i >= stop:
        return line, column
    return doc.line_col(i)


def _span_start(p: Provision) -> int:
    return p.span.start


@attrs.frozen(slots=True)
class _LimitPick:
    """A fired pattern's best clauses (its own, then those of the schedules they name),
    at most `EVIDENCE_PER_ROLE` of each, with how many there are in all."""

    own: tuple[ClauseFeatures, ...]
    own_total: int
    targets: tuple[ClauseFeatures, ...]
    targets_total: int


class _Assessing:
    """What one assessment computes once and every finding reuses: evidence by clause
    and words, labels of provisions, schedules named by limits, picks per pattern.

    Why: forty findings cite the same protection clause; and on a 100,000-section act
    a pattern fires on every section, so its clauses are ranked once, not per finding.
    """

    __slots__ = ("evidence", "labels", "m", "picks", "schedules")

    def __init__(self, m: Match) -> None:
        self.m = m
        self.evidence: dict[tuple[int, str, str | None, tuple[str, ...]], Evidence] = {}
        self.labels: dict[tuple[str, int], tuple[str, int] | None] = {}
        self.schedules: dict[str, list[ClauseFeatures]] = {}
        self.picks: dict[str, _LimitPick] = {}

    def label(self, clause: Clause, piece: Piece) -> tuple[str, int] | None:
        """The label ("(a) ") of a provision below the clause's own, printed where its
        text starts (with the space that follows it in the file, if any), and its offset
        in the file; the clause's own number is in the evidence's citation."""
        if not piece.eid.startswith(clause.eid + "__"):
            return None
        key = (piece.eid, piece.segment.start)
        if key in self.labels:
            return self.labels[key]
        found: tuple[str, int] | None = None
        p = _provision_at(self.m.doc, piece.eid, piece.segment.start)
        if p is not None:
            intro = next((g for g in p.segments if g.role == "intro"), None)
            label = next((g for g in p.segments if g.role == "label"), None)
            if intro is not None and label is not None and intro.span.start == piece.segment.start:
                # the file's words from the label to the text: "(i) In general" when a
                # heading stands between them, so the quote reads as the file does
                between = self.m.doc.text[label.span.start : intro.span.start]
                if not label.span.start <= intro.span.start or len(between) > _LABEL_MAX:
                    between = label.text + " "
                words = " ".join(between.split())
                # "(a) the person", but "(a)(i) the person" as the file has it
                found = (words + (" " if between[-1:].isspace() else ""), label.span.start)
                found = found if words else None
        self.labels[key] = found
        return found

    def cite(
        self,
        cf: ClauseFeatures,
        hits: tuple[Hit, ...],
        role: str,
        key: tuple[str, ...],
        pattern: str | None = None,
    ) -> Evidence:
        """The evidence for `hits` (the words `key` names) in a clause, made once."""
        memo = (cf.index, role, pattern, key)
        ev = self.evidence.get(memo)
        if ev is not None:
            return ev
        clause = cf.clause
        ex = excerpt(
            clause, hits, self.m.lang, lambda piece: self.label(clause, piece), self.m.doc.text
        )
        doc = self.m.doc
        loc = clause.locate(doc, ex.start, ex.end)
        line, column = _on_word(doc, loc.line, loc.column)
        end_line, end_column = _on_word(doc, loc.end_line, loc.end_column)
        if ex.label_at is not None:  # the quote opens with the label: so does the span
            line, column = doc.line_col(ex.label_at)
        loc = attrs.evolve(loc, line=line, column=column, end_line=end_line, end_column=end_column)
        ev = self.evidence[memo] = Evidence(
            role=role,
            citation=clause.citation,
            eid=clause.eid,
            line=loc.line,
            end_line=loc.end_line,
            quote=ex.text,
            column=loc.column,
            end_column=loc.end_column,
            pattern=pattern,
        )
        return ev

    def schedule(self, num: str) -> list[ClauseFeatures]:
        """The related clauses inside Schedule `num`, looked up once per number."""
        inside = self.schedules.get(num)
        if inside is None:
            m = self.m
            p = m.doc.find_citation(f"Schedule {num}")
            inside = (
                []
                if p is None
                else [
                    c
                    for c in m.items
                    if c.index in m.related and (c.eid == p.eid or c.eid.startswith(p.eid + "__"))
                ]
            )
            self.schedules[num] = inside
        return inside

    def pick(self, pm: PatternMatch) -> _LimitPick:
        """The pattern's strongest clauses and the schedule clauses they point to."""
        got = self.picks.get(pm.pattern.id)
        if got is not None:
            return got
        det = pm.pattern.detect
        wanted = frozenset([*det.all, *det.any])
        own = heapq.nsmallest(
            EVIDENCE_PER_ROLE, pm.clauses, key=lambda c: (-len(c.features & wanted), c.index)
        )
        own_eids = {c.eid for c in pm.clauses}
        nums = dict.fromkeys(n for c in pm.clauses for n in c.schedules)
        targets: dict[str, ClauseFeatures] = {}
        for num in nums:
            for t in self.schedule(num):
                if t.eid not in own_eids:
                    targets.setdefault(t.eid, t)
        best = heapq.nsmallest(EVIDENCE_PER_ROLE, targets.values(), key=lambda c: c.index)
        got = self.picks[pm.pattern.id] = _LimitPick(
            tuple(own), len(pm.clauses), tuple(best), len(targets)
        )
        return got


def _support_hits(cf: ClauseFeatures, d: Decision) -> tuple[tuple[Hit, ...], tuple[str, ...]]:
    """The words that make a clause support the finding, and a key naming them."""
    rule = d.found.rule
    names: tuple[str, ...] = ()
    if rule is not None:
        names = tuple(sorted({*rule.all, *rule.any}))
    hits = cf.hits_of(names) if names else ()
    if hits:
        return hits, names
    return cf.protection_hits, ("<protection>",)


def _supports(ctx: _Assessing, d: Decision) -> tuple[list[Evidence], int]:
    """The strongest supporting clauses (most of the rule's features, protection clauses
    first, then document order), at most `EVIDENCE_PER_ROLE`, and how many are left out."""
    rule = d.found.rule
    wanted = frozenset([*rule.all, *rule.any]) if rule is not None else frozenset()
    best = heapq.nsmallest(
        EVIDENCE_PER_ROLE,
        d.found.clauses,
        key=lambda c: (-len(c.features & wanted), not c.is_protection, c.index),
    )
    out = []
    for cf in best:
        hits, key = _support_hits(cf, d)
        out.append(ctx.cite(cf, hits, "supports", key))
    return out, len(d.found.clauses) - len(best)


def _limits(ctx: _Assessing, d: Decision) -> tuple[list[Evidence], int]:
    """The limiting clauses to list: for every fired pattern its strongest clause (the
    one that caps the status is never left out) and the first schedule paragraph it
    names (what is excluded), then the strongest of the rest — the patterns' own clauses
    before the schedule paragraphs — up to `EVIDENCE_PER_ROLE` in all; and how many are
    left out."""
    ranked: list[tuple[tuple[int, int, int, int], ClauseFeatures, PatternMatch]] = []
    total = 0
    for order, (pm, _cap) in enumerate(d.limits):
        pick = ctx.pick(pm)
        det = pm.pattern.detect
        wanted = frozenset([*det.all, *det.any])
        total += pick.own_total + pick.targets_total
        for c in pick.own:
            ranked.append(((0, -len(c.features & wanted), c.index, order), c, pm))
        for c in pick.targets:
            ranked.append(((1, 0, c.index, order), c, pm))
    ranked.sort(key=lambda r: r[0])
    chosen: list[tuple[tuple[int, int, int, int], ClauseFeatures, PatternMatch]] = []
    guaranteed: set[tuple[str, int]] = set()
    for r in ranked:  # each pattern's strongest clause, and the first clause it points to
        key = (r[2].pattern.id, r[0][0])
        if key not in guaranteed:
            guaranteed.add(key)
            chosen.append(r)
    room = max(EVIDENCE_PER_ROLE - len(chosen), 0)
    taken = {id(r) for r in chosen}
    chosen += [r for r in ranked if id(r) not in taken][:room]
    chosen.sort(key=lambda r: r[0])
    out = []
    for rank, cf, pm in chosen:
        det = pm.pattern.detect
        names = tuple(sorted({*det.all, *det.any}))
        own = rank[0] == 0
        hits = cf.hits_of(names) if own else ()
        out.append(ctx.cite(cf, hits, "limits", names if own else (), pm.pattern.id))
    return out, total - len(chosen)


def _where(ev: Evidence) -> str:
    """``s. 45(1), lines 7–13``: the place a rationale points to (the quote is in the
    evidence, so the rationale does not repeat it)."""
    lines = f"lines {ev.line}\u2013{ev.end_line}" if ev.end_line > ev.line else f"line {ev.line}"
    return f"{ev.citation}, {lines}"


def _rationale(
    req: Requirement,
    d: Decision,
    support: list[Evidence],
    limits: list[Evidence],
    omitted_supports: int = 0,
    omitted_limits: int = 0,
) -> str:
    parts: list[str] = []
    if d.found.rule is not None and support:
        ev = support[0]
        parts.append(
            f"{d.detected.capitalize()} on the words found: {d.found.because} ({_where(ev)})."
        )
    elif d.found.rule is not None:
        parts.append(f"{d.detected.capitalize()}: {d.found.because}.")
    else:
        parts.append(f"{d.detected.capitalize()} by default: {d.found.because}.")
    for pm, cap in d.limits:
        first = next((e for e in limits if e.pattern == pm.pattern.id), None)
        where = f" ({_where(first)})" if first else ""
        parts.append(
            f"Limited by {pm.pattern.id} ({pm.pattern.title}){where}, which caps it at {cap}."
        )
    if d.missing_prerequisites:
        parts.append(
            "Missing because its prerequisite "
            + ", ".join(d.missing_prerequisites)
            + " is missing."
        )
    parts.append(f"Status {d.status}: {req.rules.text(d.status)}")
    listed = []
    if omitted_supports:
        listed.append(f"{len(support)} of {len(support) + omitted_supports} supporting clauses")
    if omitted_limits:
        listed.append(f"{len(limits)} of {len(limits) + omitted_limits} limiting clauses")
    if listed:
        parts.append(f"The evidence lists the strongest {' and '.join(listed)}.")
    return " ".join(parts)


def _finding(ctx: _Assessing, req: Requirement, d: Decision) -> Finding:
    support: list[Evidence] = []
    omitted_supports = 0
    if (d.status != "missing" or d.missing_prerequisites == ()) and not (
        d.found.status == "missing" and d.found.rule is None
    ):
        support, omitted_supports = _supports(ctx, d)
    limits, omitted_limits = _limits(ctx, d)
    return Finding(
        requirement=req.id,
        title=req.title,
        status=d.status,
        severity=req.severity,
        group=req.group,
        evidence=(*support, *limits),
        rationale=_rationale(req, d, support, limits, omitted_supports, omitted_limits),
        recommendation=None if d.status == "met" else req.recommendation,
        sources=tuple(req.sources),
        patterns=tuple(pm.pattern.id for pm, _ in d.limits),
        omitted_supports=omitted_supports,
        omitted_limits=omitted_limits,
    )


def assessment(
    m: Match, fw: Framework, *, path: str | None, sha256: str, version: str
) -> Assessment:
    """The whole assessment of a matched document against a framework."""
    found, fired = evaluate(m, fw)
    decisions = decide(fw, found, fired)
    statuses = {rid: d.status for rid, d in decisions.items()}
    ctx = _Assessing(m)
    findings = tuple(_finding(ctx, r, decisions[r.id]) for r in fw.requirements)
    groups = []
    for gid, value in fw.group_scores(statuses):
        g = fw.group(gid)
        reqs = fw.requirements_in(gid)
        counts = tuple((s, sum(1 for r in reqs if statuses[r.id] == s)) for s in STATUSES)
        groups.append(GroupScore(gid, g.title, round(value, 2), counts))
    return Assessment(
        npgap_version=version,
        document=DocumentInfo(path=path, sha256=sha256, title=m.doc.title, notes=m.doc.notes),
        framework_id=fw.id,
        framework_version=fw.version,
        score=round(fw.score(statuses), 2),
        groups=tuple(groups),
        findings=findings,
    )


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of the input bytes."""
    return hashlib.sha256(data).hexdigest()
