"""Scoring: detector results → statuses after caps and prerequisites → findings, score.

Why its own module: the order of the steps matters for the worst error a compliance tool
can make (a false `met`): a status is first what the detector found, then no better than
any fired pattern's cap, then missing when a prerequisite is missing — so nothing later
can raise it again.
"""

from __future__ import annotations

import hashlib

import attrs

from npgap.clauses import Clause, Location
from npgap.features import Hit
from npgap.findings import STATUSES, Assessment, DocumentInfo, Evidence, Finding, GroupScore
from npgap.framework import Framework, Requirement
from npgap.match import ClauseFeatures, Match, PatternMatch, ReqMatch, evaluate

__all__ = ["Decision", "assessment", "decide", "quote"]

_QUOTE_MAX = 200
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


def quote(text: str, start: int, end: int) -> str:
    """At most 200 characters of `text` around [start, end), cut at word boundaries."""
    if len(text) <= _QUOTE_MAX:
        return text.strip()
    mid = (start + end) // 2
    a = max(0, mid - _QUOTE_MAX // 2)
    b = min(len(text), a + _QUOTE_MAX)
    a = max(0, b - _QUOTE_MAX)
    if a > 0:
        sp = text.find(" ", a)
        a = sp + 1 if 0 <= sp < start else a
    if b < len(text):
        sp = text.rfind(" ", end, b)
        b = sp if sp > end else b
    core = text[a:b].strip()
    prefix = "…" if a > 0 else ""
    suffix = "…" if b < len(text) else ""
    core = core[: _QUOTE_MAX - len(prefix) - len(suffix)]
    return f"{prefix}{core}{suffix}"


#: (clause index, start, end) -> where that stretch stands in the file; one per assessment
#: (the same protection words are cited by many findings).
_Places = dict[tuple[int, int, int], Location]
#: Per assessment: schedule number -> the related clauses inside that schedule. Looked up
#: once per number, so n clauses naming "Schedule 1" cost one tree walk, not n.
_Schedules = dict[str, list[ClauseFeatures]]


def _evidence(
    m: Match,
    cf: ClauseFeatures,
    hits: tuple[Hit, ...],
    role: str,
    places: _Places,
    pattern: str | None = None,
) -> Evidence:
    clause: Clause = cf.clause
    if hits:
        start = min(h.start for h in hits)
        end = max(h.end for h in hits if h.start == start)
        key = (cf.index, start, end)
    else:
        start, end = 0, min(len(clause.text), 1)
        key = (cf.index, -1, -1)
    loc = places.get(key)
    if loc is None:
        loc = places[key] = clause.locate(m.doc, start, end) if hits else clause.whole(m.doc)
    return Evidence(
        role=role,
        citation=clause.citation,
        eid=clause.eid,
        line=loc.line,
        end_line=loc.end_line,
        quote=quote(clause.text, start, end),
        column=loc.column,
        end_column=loc.end_column,
        pattern=pattern,
    )


def _support_hits(cf: ClauseFeatures, d: Decision) -> tuple[Hit, ...]:
    rule = d.found.rule
    names: list[str] = []
    if rule is not None:
        names = [*rule.all, *rule.any]
    hits = cf.hits_of(names) if names else ()
    return hits or cf.protection_hits


def _limit_evidence(
    m: Match, pm: PatternMatch, places: _Places, schedules: _Schedules
) -> list[Evidence]:
    det = pm.pattern.detect
    names = [*det.all, *det.any]
    out = []
    seen: set[str] = set()
    for cf in pm.clauses:
        out.append(_evidence(m, cf, cf.hits_of(names), "limits", places, pm.pattern.id))
        seen.add(cf.clause.eid)
    # a limit that points elsewhere ("an offence listed in Schedule 2") cites its target
    for cf in pm.clauses:
        for target in _referenced_schedules(m, cf, schedules):
            if target.clause.eid not in seen:
                seen.add(target.clause.eid)
                out.append(_evidence(m, target, (), "limits", places, pm.pattern.id))
    return out


def _referenced_schedules(
    m: Match, cf: ClauseFeatures, schedules: _Schedules
) -> list[ClauseFeatures]:
    import re

    out: list[ClauseFeatures] = []
    for mm in re.finditer(r"\bSchedule\s+(\d+[A-Z]?)\b", cf.clause.text):
        num = mm.group(1)
        inside = schedules.get(num)
        if inside is None:
            p = m.doc.find_citation(f"Schedule {num}")
            inside = (
                []
                if p is None
                else [
                    c
                    for c in m.items
                    if c.index in m.related
                    and (c.clause.eid == p.eid or c.clause.eid.startswith(p.eid + "__"))
                ]
            )
            schedules[num] = inside
        out.extend(inside)
    return out


def _rationale(
    req: Requirement, d: Decision, support: list[Evidence], limits: list[Evidence]
) -> str:
    parts: list[str] = []
    if d.found.rule is not None and support:
        ev = support[0]
        parts.append(
            f"{d.detected.capitalize()} on the words found: {d.found.because} "
            f"({ev.citation}: \u201c{ev.quote}\u201d)."
        )
    elif d.found.rule is not None:
        parts.append(f"{d.detected.capitalize()}: {d.found.because}.")
    else:
        parts.append(f"{d.detected.capitalize()} by default: {d.found.because}.")
    for pm, cap in d.limits:
        first = next((e for e in limits if e.pattern == pm.pattern.id), None)
        where = f" ({first.citation}: \u201c{first.quote}\u201d)" if first else ""
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
    return " ".join(parts)


def _finding(
    m: Match, req: Requirement, d: Decision, places: _Places, schedules: _Schedules
) -> Finding:
    support: list[Evidence] = []
    if d.status != "missing" or d.missing_prerequisites == ():
        for cf in d.found.clauses:
            support.append(_evidence(m, cf, _support_hits(cf, d), "supports", places))
    if d.found.status == "missing" and d.found.rule is None:
        support = []
    limits: list[Evidence] = []
    for pm, _cap in d.limits:
        limits.extend(_limit_evidence(m, pm, places, schedules))
    return Finding(
        requirement=req.id,
        title=req.title,
        status=d.status,
        severity=req.severity,
        group=req.group,
        evidence=(*support, *limits),
        rationale=_rationale(req, d, support, limits),
        recommendation=None if d.status == "met" else req.recommendation,
        sources=tuple(req.sources),
        patterns=tuple(pm.pattern.id for pm, _ in d.limits),
    )


def assessment(
    m: Match, fw: Framework, *, path: str | None, sha256: str, version: str
) -> Assessment:
    """The whole assessment of a matched document against a framework."""
    found, fired = evaluate(m, fw)
    decisions = decide(fw, found, fired)
    statuses = {rid: d.status for rid, d in decisions.items()}
    places: _Places = {}
    schedules: _Schedules = {}
    findings = tuple(_finding(m, r, decisions[r.id], places, schedules) for r in fw.requirements)
    groups = []
    for gid, value in fw.group_scores(statuses):
        g = fw.group(gid)
        reqs = fw.requirements_in(gid)
        counts = tuple((s, sum(1 for r in reqs if statuses[r.id] == s)) for s in STATUSES)
        groups.append(GroupScore(gid, g.title, round(value, 2), counts))
    return Assessment(
        npgap_version=version,
        document=DocumentInfo(path=path, sha256=sha256, title=m.doc.title),
        framework_id=fw.id,
        framework_version=fw.version,
        score=round(fw.score(statuses), 2),
        groups=tuple(groups),
        findings=findings,
    )


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of the input bytes."""
    return hashlib.sha256(data).hexdigest()
