"""Hypothesis: random valid frameworks load with their declared graph; random breakages
(cycle, dangling edge, duplicate id, missing weight) are each rejected with one message
that names the id and its line."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from npgap.errors import FrameworkError
from npgap.framework import feature_vocabulary, parse_framework

FEATURES = sorted(feature_vocabulary())
STATUS = ("met", "partial", "missing")
SCOPE = ("protection", "related", "document")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- a tiny TOML writer for the subset the framework format uses --------------------------


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(float(v))
    if isinstance(v, str):
        return json.dumps(v)  # plain ASCII text: JSON string escapes are TOML's
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(v)


def to_toml(data: dict[str, Any]) -> str:
    out = ["[framework]"]
    out += [f"{k} = {_value(v)}" for k, v in data["framework"].items()]
    for kind in ("group", "aggregate", "requirement", "pattern"):
        for entry in data.get(kind, []):
            out += ["", f"[[{kind}]]"]
            subtables = {k: v for k, v in entry.items() if k in ("rules", "detect")}
            out += [f"{k} = {_value(v)}" for k, v in entry.items() if k not in subtables]
            for name, table in subtables.items():
                out.append(f"[{kind}.{name}]")
                out += [f"{k} = {_value(v)}" for k, v in table.items()]
    return "\n".join(out) + "\n"


# -- strategies --------------------------------------------------------------------------

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=20).filter(
    lambda s: s.strip() != ""
)


@st.composite
def feature_sets(draw: st.DrawFn) -> dict[str, list[str]]:
    chosen = draw(st.lists(st.sampled_from(FEATURES), unique=True, max_size=6))
    cut1 = draw(st.integers(0, len(chosen)))
    cut2 = draw(st.integers(cut1, len(chosen)))
    return {"all": chosen[:cut1], "any": chosen[cut1:cut2], "none": chosen[cut2:]}


@st.composite
def frameworks(draw: st.DrawFn) -> dict[str, Any]:
    n_groups = draw(st.integers(1, 3))
    groups = [
        {"id": "ABC"[i], "title": draw(words), "weight": draw(st.integers(1, 30))}
        for i in range(n_groups)
    ]
    n_req = draw(st.integers(n_groups, 7))
    req_ids = [f"NP-R{i}" for i in range(n_req)]
    aggregates = [{"id": f"AGG-{i}", "title": draw(words)} for i in range(draw(st.integers(0, 2)))]
    requirements = []
    for i, rid in enumerate(req_ids):
        group = groups[i]["id"] if i < n_groups else draw(st.sampled_from(groups))["id"]
        earlier = req_ids[:i]  # edges only point backwards: acyclic by construction
        requires = (
            draw(st.lists(st.sampled_from(earlier), unique=True, max_size=2)) if earlier else []
        )
        parents = earlier + [a["id"] for a in aggregates]
        refines = (
            draw(st.lists(st.sampled_from(parents), unique=True, max_size=2)) if parents else []
        )
        rules = []
        for _ in range(draw(st.integers(0, 3))):
            rule: dict[str, Any] = {"status": draw(st.sampled_from(STATUS))}
            rule.update(draw(feature_sets()))
            if draw(st.booleans()):
                rule["scope"] = draw(st.sampled_from(SCOPE))
            rule["because"] = draw(words)
            rules.append(rule)
        requirements.append(
            {
                "id": rid,
                "group": group,
                "title": draw(words),
                "tier": draw(st.sampled_from(("core", "strong", "good"))),
                "weight": draw(st.integers(1, 5)),
                "severity": draw(st.sampled_from(("error", "warning", "note"))),
                "test": draw(words),
                "requires": requires,
                "refines": refines,
                "sources": [
                    {
                        "instrument": draw(words),
                        "pinpoint": draw(words),
                        "verified": draw(st.booleans()),
                    }
                ],
                "recommendation": draw(words),
                "rules": {s: draw(words) for s in STATUS},
                "detect": {
                    "scope": draw(st.sampled_from(SCOPE)),
                    "rules": rules,
                    "default": draw(st.sampled_from(STATUS)),
                    "default_because": draw(words),
                },
            }
        )
    patterns = []
    for j in range(draw(st.integers(0, 3))):
        targets = draw(st.lists(st.sampled_from(req_ids), unique=True, min_size=1, max_size=2))
        detect = draw(feature_sets().filter(lambda f: bool(f["all"] or f["any"])))
        patterns.append(
            {
                "id": f"DP-P{j}",
                "title": draw(words),
                "words": draw(words),
                "limits": [
                    {"requirement": t, "cap": draw(st.sampled_from(("partial", "missing")))}
                    for t in targets
                ],
                "detect": {"scope": draw(st.sampled_from(SCOPE)), **detect},
            }
        )
    return {
        "framework": {"id": "random-fw", "version": "0.0.1", "title": draw(words)},
        "group": groups,
        "aggregate": aggregates,
        "requirement": requirements,
        "pattern": patterns,
    }


def declared_edges(data: dict[str, Any]) -> set[tuple[str, str, str, str | None]]:
    edges: set[tuple[str, str, str, str | None]] = set()
    for r in data["requirement"]:
        edges |= {("requires", r["id"], t, None) for t in r["requires"]}
        edges |= {("refines", r["id"], t, None) for t in r["refines"]}
    for p in data["pattern"]:
        edges |= {("limits", p["id"], e["requirement"], e["cap"]) for e in p["limits"]}
    return edges


def line_of(text: str, id: str, occurrence: int = 0) -> int:
    return [n for n, line in enumerate(text.splitlines(), 1) if line == f'id = "{id}"'][occurrence]


# -- properties ------------------------------------------------------------------------------


@SETTINGS
@given(frameworks())
def test_random_valid_frameworks_load_with_their_graph(data: dict[str, Any]) -> None:
    text = to_toml(data)
    fw = parse_framework(text, "random.toml")
    assert [r.id for r in fw.requirements] == [r["id"] for r in data["requirement"]]
    assert [p.id for p in fw.patterns] == [p["id"] for p in data["pattern"]]
    assert fw.aggregates == tuple(a["id"] for a in data["aggregate"])
    got = {(e.kind, e.source, e.target, e.cap) for e in fw.edges}
    assert got == declared_edges(data)
    for kind, source, target, cap in got:
        assert kind in fw.graph.edges[source, target]["kinds"]
        if kind == "limits":
            assert fw.graph.edges[source, target]["cap"] == cap
    for raw in data["requirement"]:
        req = fw.requirement(raw["id"])
        assert fw.prerequisites(raw["id"]) == tuple(raw["requires"])
        assert req.weight == float(raw["weight"])
        assert req.line == line_of(text, raw["id"])
        assert len(req.detect.rules) == len(raw["detect"]["rules"])
    statuses = {r.id: "partial" for r in fw.requirements}
    assert fw.score(statuses) == pytest.approx(50.0)


def _expect_rejected(data: dict[str, Any], fragment: str, id: str, occurrence: int = 0) -> None:
    text = to_toml(data)
    with pytest.raises(FrameworkError) as info:
        parse_framework(text, "broken.toml")
    err = info.value
    assert fragment in err.message
    assert id in err.message
    assert err.line == line_of(text, id, occurrence)
    assert "\n" not in str(err) and str(err).startswith(f"broken.toml:{err.line}: ")


@SETTINGS
@given(frameworks(), st.data())
def test_cycle_is_rejected(data: dict[str, Any], draw: st.DataObject) -> None:
    reqs = data["requirement"]
    kind = draw.draw(st.sampled_from(("requires", "refines")))
    i = draw.draw(st.integers(0, len(reqs) - 1))
    j = draw.draw(st.integers(i, len(reqs) - 1))
    # close a loop: i -> j (later) plus a path j -> i
    if i == j:
        reqs[i][kind] = [*reqs[i][kind], reqs[i]["id"]]
        _expect_rejected(data, f"{kind} itself", reqs[i]["id"])
        return
    if reqs[i]["id"] not in reqs[j][kind]:
        reqs[j][kind] = [*reqs[j][kind], reqs[i]["id"]]
    reqs[i][kind] = [*reqs[i][kind], reqs[j]["id"]]
    text = to_toml(data)
    with pytest.raises(FrameworkError) as info:
        parse_framework(text, "broken.toml")
    err = info.value
    assert f"{kind} edges form a cycle: " in err.message
    cycle = err.message.split(": ", 1)[1].split(" → ")
    assert cycle[0] == cycle[-1] and reqs[i]["id"] in cycle and reqs[j]["id"] in cycle
    assert err.line == line_of(text, cycle[0])


@SETTINGS
@given(frameworks(), st.data())
def test_dangling_edge_is_rejected(data: dict[str, Any], draw: st.DataObject) -> None:
    reqs = data["requirement"]
    r = draw.draw(st.sampled_from(reqs))
    kind = draw.draw(st.sampled_from(("requires", "refines")))
    r[kind] = [*r[kind], "NP-NOWHERE"]
    _expect_rejected(data, f"{r['id']} {kind} NP-NOWHERE, which is not in the framework", r["id"])


@SETTINGS
@given(frameworks(), st.data())
def test_duplicate_id_is_rejected(data: dict[str, Any], draw: st.DataObject) -> None:
    reqs = data["requirement"]
    src = draw.draw(st.sampled_from(reqs))
    copy = json.loads(json.dumps(src))
    copy["requires"], copy["refines"] = [], []
    reqs.append(copy)
    _expect_rejected(data, f"duplicate id {src['id']}", src["id"], occurrence=1)


@SETTINGS
@given(frameworks(), st.data())
def test_missing_weight_is_rejected(data: dict[str, Any], draw: st.DataObject) -> None:
    r = draw.draw(st.sampled_from(data["requirement"]))
    del r["weight"]
    _expect_rejected(data, f"requirement {r['id']} has no weight", r["id"])
