"""SARIF 2.1.0: findings on the lines of the bill, for code-review tools and CI.

Levels follow the *status*, not the severity, because status is what a reviewer must act
on: ``missing`` → ``error``, ``partial`` → ``warning``; with ``include_met=True`` a
``met`` finding becomes a ``note`` result. The requirement's severity is kept in the
result's and the rule's properties. One run holds every document (one artifact each,
shared by identical ones); a result sits on its primary evidence (first limit, else first
support), the other evidence as related locations, and on line 1 when there is none.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from npgap.findings import Assessment, Evidence, Finding
from npgap.render._common import one_line, primary_evidence, score_text

__all__ = ["LEVELS", "SARIF_SCHEMA_URI", "render_sarif"]

#: Where the official schema lives; written as `$schema`, never fetched.
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"

#: SARIF level for each status.
LEVELS: dict[str, str] = {"missing": "error", "partial": "warning", "met": "note"}

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def _absolute_uri(path: str) -> str | None:
    """A file: URI for an absolute POSIX or Windows path, None for a relative one."""
    try:
        if _WINDOWS_DRIVE.match(path) or path.startswith("\\\\"):
            return PureWindowsPath(path).as_uri()
        if path.startswith("/"):
            return PurePosixPath(path).as_uri()
    except ValueError:  # e.g. a bare "\\\\" that names no share
        return None
    return None


def _location(path: str | None, index: int) -> dict[str, Any]:
    """artifactLocation for a document path: relative stays relative under SRCROOT."""
    loc: dict[str, Any] = {}
    if path is not None and path != "":
        absolute = _absolute_uri(path)
        if absolute is not None:
            loc["uri"] = absolute
        else:
            loc["uri"] = quote(path.replace("\\", "/"), safe="/")
            loc["uriBaseId"] = "SRCROOT"
    loc["index"] = index
    return loc


def _region(ev: Evidence | None) -> dict[str, Any]:
    """SARIF region of an evidence span; SARIF's endColumn is exclusive, ours inclusive.

    (column, end_column) == (1, 1) is the model's default, meaning "columns unknown", so
    the region then covers the whole lines.
    """
    if ev is None:
        return {"startLine": 1}
    start = max(1, ev.line)
    end = max(start, ev.end_line)
    region: dict[str, Any] = {"startLine": start, "endLine": end}
    if (ev.column, ev.end_column) != (1, 1):
        col = max(1, ev.column)
        end_col = max(1, ev.end_column) + 1
        if end == start and end_col <= col:
            end_col = col + 1
        region["startColumn"] = col
        region["endColumn"] = end_col
    return region


def _physical(path: str | None, index: int, ev: Evidence | None) -> dict[str, Any]:
    return {"artifactLocation": _location(path, index), "region": _region(ev)}


def _rule_name(requirement: str) -> str:
    """`NP-ALL-OFFENCES` → `NpAllOffences`: SARIF wants a readable identifier as name."""
    parts = re.split(r"[^0-9A-Za-z]+", requirement)
    return "".join(p[:1].upper() + p[1:].lower() for p in parts if p) or "Requirement"


def _sources(f: Finding) -> list[dict[str, Any]]:
    return [
        {"instrument": s.instrument, "pinpoint": s.pinpoint, "verified": s.verified}
        for s in f.sources
    ]


def _description(f: Finding) -> str:
    """What the requirement asks and who sets it, independent of any document."""
    text = one_line(f.title)
    if f.sources:
        cited = "; ".join(one_line(f"{s.instrument} {s.pinpoint}".strip()) for s in f.sources)
        text += f" (set by {cited})"
    return text


def _rules(assessments: Sequence[Assessment]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    first: dict[str, Finding] = {}
    help_text: dict[str, str] = {}
    for a in assessments:
        for f in a.findings:
            first.setdefault(f.requirement, f)
            if f.recommendation and f.requirement not in help_text:
                help_text[f.requirement] = f.recommendation
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for req, f in first.items():
        rule: dict[str, Any] = {
            "id": req,
            "name": _rule_name(req),
            "shortDescription": {"text": one_line(f.title) or req},
            "fullDescription": {"text": _description(f) or req},
        }
        if req in help_text:
            rule["help"] = {"text": help_text[req]}
        rule["properties"] = {
            "group": f.group,
            "severity": f.severity,
            "sources": _sources(f),
        }
        index[req] = len(rules)
        rules.append(rule)
    return rules, index


def _result(f: Finding, path: str | None, artifact: int, rule_index: int) -> dict[str, Any]:
    main = primary_evidence(f)
    location: dict[str, Any] = {"physicalLocation": _physical(path, artifact, main)}
    if main is not None and main.eid:
        location["logicalLocations"] = [
            {"name": one_line(main.citation) or main.eid, "fullyQualifiedName": main.eid}
        ]
    result: dict[str, Any] = {
        "ruleId": f.requirement,
        "ruleIndex": rule_index,
        "level": LEVELS.get(f.status, "warning"),
        "message": {"text": f"{f.status}: {f.rationale}"},
        "locations": [location],
    }
    related = [
        {
            "id": i,
            "physicalLocation": _physical(path, artifact, ev),
            "message": {"text": f"{ev.role}: {ev.citation}"},
        }
        for i, ev in enumerate(f.evidence)
        if ev is not main
    ]
    if related:
        result["relatedLocations"] = related
    result["partialFingerprints"] = {"npgapRequirement/v1": f.requirement}
    result["properties"] = {
        "status": f.status,
        "severity": f.severity,
        "group": f.group,
        "patterns": list(f.patterns),
    }
    return result


def _artifact(a: Assessment) -> dict[str, Any]:
    art: dict[str, Any] = {}
    loc = _location(a.document.path, 0)
    del loc["index"]
    if loc:
        art["location"] = loc
    if a.document.title:
        art["description"] = {"text": a.document.title}
    art["mimeType"] = "text/plain"
    art["roles"] = ["analysisTarget"]
    if a.document.sha256:
        art["hashes"] = {"sha-256": a.document.sha256}
    art["properties"] = {
        "framework": {"id": a.framework_id, "version": a.framework_version},
        "score": float(score_text(a.score)),
        "groups": {g.id: float(score_text(g.score)) for g in a.groups},
    }
    return art


def render_sarif(assessments: Sequence[Assessment], *, include_met: bool = False) -> str:
    """All assessments as one SARIF 2.1.0 log with one run; deterministic JSON text."""
    version = assessments[0].npgap_version if assessments else ""
    rules, rule_index = _rules(assessments)
    driver: dict[str, Any] = {"name": "npgap"}
    if version:
        driver["version"] = version
    driver["rules"] = rules
    # SARIF wants run.artifacts unique: the same document assessed twice alike is one artifact
    artifacts: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    for a in assessments:
        art = _artifact(a)
        key = json.dumps(art, sort_keys=True)
        index = seen.setdefault(key, len(artifacts))
        if index == len(artifacts):
            artifacts.append(art)
        for f in a.findings:
            if f.status == "met" and not include_met:
                continue
            results.append(_result(f, a.document.path, index, rule_index[f.requirement]))
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {
            "SRCROOT": {"description": {"text": "The directory npgap was run from."}}
        },
        "artifacts": artifacts,
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    log = {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
