"""The JSON contract (schema version 1): the stable, versioned output pipelines read.

Beyond the keys product.md requires, each finding says how much evidence it leaves out
(`evidence_omitted`: supports and limits not listed, since a finding lists the strongest
few of each) and the document lists what reading it noted (`notes`: e.g. the encoding
guessed); readers of older reports get zeros and no notes.

Why built by hand into ordered dicts: key order is part of "byte-identical for equal
inputs", and a reader diffing two reports should see the fields where they always are.
`assessment_from_json` is the inverse, so a saved report can be reloaded and re-rendered.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from npgap.errors import InputError
from npgap.findings import (
    Assessment,
    DocumentInfo,
    Evidence,
    Finding,
    GroupScore,
    Note,
    SourceRef,
)

__all__ = [
    "SCHEMA_VERSION",
    "assessment_from_json",
    "assessment_to_dict",
    "assessments_from_json",
    "render_json",
    "render_json_many",
]

#: Version of the JSON contract; bumped only when a key changes meaning or disappears.
SCHEMA_VERSION = 1


def _score(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError(f"score must be a finite number, not {value!r}")
    return round(float(value), 1) + 0.0  # + 0.0 turns -0.0 into 0.0


def _evidence(ev: Evidence) -> dict[str, Any]:
    return {
        "role": ev.role,
        "citation": ev.citation,
        "eid": ev.eid,
        "line": ev.line,
        "end_line": ev.end_line,
        "column": ev.column,
        "end_column": ev.end_column,
        "quote": ev.quote,
        "pattern": ev.pattern,
    }


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "requirement": f.requirement,
        "title": f.title,
        "status": f.status,
        "severity": f.severity,
        "group": f.group,
        "evidence": [_evidence(ev) for ev in f.evidence],
        "evidence_omitted": {"supports": f.omitted_supports, "limits": f.omitted_limits},
        "rationale": f.rationale,
        "recommendation": f.recommendation,
        "sources": [
            {"instrument": s.instrument, "pinpoint": s.pinpoint, "verified": s.verified}
            for s in f.sources
        ],
        "patterns": list(f.patterns),
    }


def assessment_to_dict(a: Assessment) -> dict[str, Any]:
    """The contract as plain ordered dicts and lists (what `render_json` serialises)."""
    return {
        "npgap": a.npgap_version,
        "schema": SCHEMA_VERSION,
        "document": {
            "path": a.document.path,
            "sha256": a.document.sha256,
            "title": a.document.title,
            "notes": [
                {"line": n.line, "column": n.column, "message": n.message} for n in a.document.notes
            ],
        },
        "framework": {"id": a.framework_id, "version": a.framework_version},
        "score": _score(a.score),
        "groups": {
            g.id: {"title": g.title, "score": _score(g.score), "counts": dict(g.counts)}
            for g in a.groups
        },
        "findings": [_finding(f) for f in a.findings],
    }


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def render_json(a: Assessment) -> str:
    """One assessment as the schema-1 JSON object, indented, with a trailing newline."""
    return _dump(assessment_to_dict(a))


def render_json_many(assessments: Sequence[Assessment]) -> str:
    """One assessment → exactly `render_json`; any other number → a JSON array of them."""
    if len(assessments) == 1:
        return render_json(assessments[0])
    return _dump([assessment_to_dict(a) for a in assessments])


# -- reading back ---------------------------------------------------------------------


class _Bad(Exception):
    """Internal: where in the report a value is wrong; becomes an InputError."""


def _get(obj: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(obj, dict):
        raise _Bad(f"{where}: expected an object")
    if key not in obj:
        raise _Bad(f"{where}: missing key {key!r}")
    value = obj[key]
    # bool is an int in Python; a count or line given as true/false is still wrong
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise _Bad(f"{where}.{key}: unexpected boolean")
    if not isinstance(value, kind):
        raise _Bad(f"{where}.{key}: wrong type {type(value).__name__}")
    return value


def _opt_str(obj: Any, key: str, where: str) -> str | None:
    value: str | None = _get(obj, key, (str, type(None)), where)
    return value


def _str_item(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise _Bad(f"{where}: expected a string")
    return value


def _list(obj: Any, key: str, where: str) -> list[Any]:
    value: list[Any] = _get(obj, key, list, where)
    return value


def _load_evidence(d: Any, where: str) -> Evidence:
    return Evidence(
        role=_get(d, "role", str, where),
        citation=_get(d, "citation", str, where),
        eid=_get(d, "eid", str, where),
        line=_get(d, "line", int, where),
        end_line=_get(d, "end_line", int, where),
        quote=_get(d, "quote", str, where),
        column=_get(d, "column", int, where) if "column" in d else 1,
        end_column=_get(d, "end_column", int, where) if "end_column" in d else 1,
        pattern=_opt_str(d, "pattern", where) if "pattern" in d else None,
    )


def _load_omitted(d: Any, where: str) -> tuple[int, int]:
    """(supports, limits) left out of the evidence; (0, 0) in a report that predates the
    optional `evidence_omitted` key."""
    if "evidence_omitted" not in d:
        return 0, 0
    counts = _get(d, "evidence_omitted", dict, where)
    at = f"{where}.evidence_omitted"
    return _get(counts, "supports", int, at), _get(counts, "limits", int, at)


def _load_finding(d: Any, where: str) -> Finding:
    ev = _list(d, "evidence", where)
    src = _list(d, "sources", where)
    omitted_supports, omitted_limits = _load_omitted(d, where)
    return Finding(
        requirement=_get(d, "requirement", str, where),
        title=_get(d, "title", str, where),
        status=_get(d, "status", str, where),
        severity=_get(d, "severity", str, where),
        group=_get(d, "group", str, where),
        evidence=tuple(_load_evidence(e, f"{where}.evidence[{i}]") for i, e in enumerate(ev)),
        rationale=_get(d, "rationale", str, where),
        recommendation=_opt_str(d, "recommendation", where),
        sources=tuple(
            SourceRef(
                instrument=_get(s, "instrument", str, f"{where}.sources[{i}]"),
                pinpoint=_get(s, "pinpoint", str, f"{where}.sources[{i}]"),
                verified=_get(s, "verified", bool, f"{where}.sources[{i}]"),
            )
            for i, s in enumerate(src)
        ),
        patterns=tuple(
            _str_item(p, f"{where}.patterns[{i}]")
            for i, p in enumerate(_list(d, "patterns", where) if "patterns" in d else [])
        ),
        omitted_supports=omitted_supports,
        omitted_limits=omitted_limits,
    )


def _load_group(gid: str, d: Any, where: str) -> GroupScore:
    counts = _get(d, "counts", dict, where)
    return GroupScore(
        id=gid,
        title=_get(d, "title", str, where),
        score=float(_get(d, "score", (int, float), where)),
        counts=tuple((k, _get(counts, k, int, f"{where}.counts")) for k in counts),
    )


def _load(d: Any) -> Assessment:
    schema = _get(d, "schema", int, "report")
    if schema != SCHEMA_VERSION:
        raise _Bad(f"report: schema {schema} is not supported (this npgap reads schema 1)")
    doc = _get(d, "document", dict, "report")
    fw = _get(d, "framework", dict, "report")
    groups = _get(d, "groups", dict, "report")
    findings = _list(d, "findings", "report")
    return Assessment(
        npgap_version=_get(d, "npgap", str, "report"),
        document=DocumentInfo(
            path=_opt_str(doc, "path", "document"),
            sha256=_get(doc, "sha256", str, "document"),
            title=_opt_str(doc, "title", "document"),
            notes=tuple(
                Note(
                    _get(n, "message", str, f"document.notes[{i}]"),
                    _get(n, "line", int, f"document.notes[{i}]"),
                    _get(n, "column", int, f"document.notes[{i}]"),
                )
                for i, n in enumerate(_list(doc, "notes", "document") if "notes" in doc else [])
            ),
        ),
        framework_id=_get(fw, "id", str, "framework"),
        framework_version=_get(fw, "version", str, "framework"),
        score=float(_get(d, "score", (int, float), "report")),
        groups=tuple(_load_group(k, v, f"groups.{k}") for k, v in groups.items()),
        findings=tuple(_load_finding(f, f"findings[{i}]") for i, f in enumerate(findings)),
    )


def assessments_from_json(text: str) -> tuple[Assessment, ...]:
    """Reload what `render_json_many` wrote: one object or an array of them."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:  # bad JSON, or nested absurdly deep
        raise InputError(f"not JSON: {exc}") from None
    try:
        if isinstance(data, list):
            return tuple(_load(d) for d in data)
        return (_load(data),)
    except _Bad as exc:
        raise InputError(f"not an npgap report: {exc}") from None


def assessment_from_json(text: str) -> Assessment:
    """Reload one report written by `render_json` (InputError if it is not one)."""
    found = assessments_from_json(text)
    if len(found) != 1:
        raise InputError(f"expected one npgap report, found {len(found)}")
    return found[0]
