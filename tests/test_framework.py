"""The shipped framework against the catalogue, the loader's checks, and the generated doc.

The catalogue (shared/spec/requirements-catalogue.md) is parsed at test time when it is
beside the checkout; a copy of its ids, groups and pattern table is kept here so the
tests also run without shared/.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

from npgap.errors import FrameworkError
from npgap.findings import SourceRef
from npgap.framework import (
    Framework,
    feature_vocabulary,
    list_frameworks,
    load_framework,
    parse_framework,
)

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT.parent / "shared" / "spec" / "requirements-catalogue.md"
FRAMEWORK_FILE = ROOT / "src" / "npgap" / "frameworks" / "mlp2020-art13.toml"

#: Copy of the catalogue's ids and groups (in catalogue order).
CATALOGUE_IDS: dict[str, str] = {
    "NP-PROVISION": "A",
    "NP-MANDATORY": "A",
    "NP-NONPROSECUTION": "A",
    "NP-PRESUMED": "B",
    "NP-CHILD": "B",
    "NP-ALL-FORMS": "B",
    "NP-CRIMINAL": "C",
    "NP-ADMIN": "C",
    "NP-CIVIL": "C",
    "NP-IMMIGRATION": "C",
    "NP-ALL-OFFENCES": "C",
    "NP-CAUSATION": "D",
    "NP-NO-COOPERATION": "D",
    "NP-DEFENCES-PRESERVED": "D",
    "NP-DETENTION": "E",
    "NP-RELEASE": "E",
    "NP-IMMIGRATION-RELIEF": "E",
    "NP-STAGES": "E",
    "NP-VACATUR": "F",
    "NP-REMEDY": "F",
    "NP-GUIDANCE": "G",
    "NP-TRAINING": "G",
    "NP-NONDISCRIMINATION": "G",
    "NP-ALL-VICTIMS": "H",
    "NP-DOCUMENTS": "H",
    "NP-STATUS-OFFENCES": "H",
    "NP-OPEN-LIST": "H",
    "NP-NO-PROPORTIONALITY": "H",
    "NP-COMPULSION-BROAD": "H",
    "NP-BURDEN": "H",
    "NP-NO-TIME-BAR": "H",
    "NP-NO-PENALTY-AT-TRIAL": "H",
    "NP-OTHER-PENALTIES": "H",
    "NP-RECORDS": "H",
    "NP-SCREENING": "H",
    "NP-LEGAL-AID": "H",
    "NP-DATA": "H",
}

#: Copy of the catalogue's deficiency-pattern table: pattern -> {target: cap}.
CATALOGUE_LIMITS: dict[str, dict[str, str]] = {
    "DP-MAY-DISCRETION": {"NP-MANDATORY": "partial"},
    "DP-HEDGE": {"NP-MANDATORY": "partial"},
    "DP-DEFENCE-ONLY": {"NP-NONPROSECUTION": "partial"},
    "DP-PENALTY-ONLY": {"NP-NONPROSECUTION": "partial"},
    "DP-FORMAL-ID": {"NP-PRESUMED": "missing"},
    "DP-CHILD-SAME-TEST": {"NP-CHILD": "partial"},
    "DP-CHILD-ONLY": {"NP-PROVISION": "partial", "NP-ALL-VICTIMS": "partial"},
    "DP-FOREIGN-ONLY": {"NP-ALL-VICTIMS": "partial"},
    "DP-FORM-LIMITED": {"NP-ALL-FORMS": "partial"},
    "DP-CRIMINAL-ONLY": {"NP-ADMIN": "partial", "NP-CIVIL": "partial"},
    "DP-CLOSED-LIST": {"NP-ALL-OFFENCES": "partial", "NP-OPEN-LIST": "partial"},
    "DP-EXCLUSION-SCHEDULE": {"NP-ALL-OFFENCES": "partial"},
    "DP-GRAVITY-THRESHOLD": {"NP-ALL-OFFENCES": "partial"},
    "DP-PROPORTIONALITY": {"NP-NO-PROPORTIONALITY": "partial"},
    "DP-DURESS-TEST": {"NP-CAUSATION": "partial"},
    "DP-COOPERATION": {"NP-NO-COOPERATION": "missing"},
    "DP-DEFENCES-EXCLUDED": {"NP-DEFENCES-PRESERVED": "partial"},
    "DP-DETENTION-QUALIFIED": {"NP-DETENTION": "partial"},
    "DP-TIME-LIMIT": {"NP-NO-TIME-BAR": "partial"},
    "DP-SEALING-ONLY": {"NP-RECORDS": "partial", "NP-VACATUR": "partial"},
    "DP-OWN-ACT-ONLY": {"NP-PROVISION": "missing"},
}

#: Requirements that do not require NP-PROVISION (catalogue edges; status-rules-h.md).
STANDALONE = {
    "NP-PROVISION",
    "NP-VACATUR",
    "NP-REMEDY",
    "NP-GUIDANCE",
    "NP-TRAINING",
    "NP-RELEASE",
    "NP-IMMIGRATION-RELIEF",
    "NP-RECORDS",
    "NP-SCREENING",
    "NP-LEGAL-AID",
    "NP-DATA",
}


def parse_catalogue(text: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """(id -> group, pattern -> {target: cap}) read from the catalogue's tables."""
    ids: dict[str, str] = {}
    limits: dict[str, dict[str, str]] = {}
    group = None
    for line in text.splitlines():
        heading = re.match(r"^## ([A-H])\. ", line)
        if heading:
            group = heading.group(1)
            continue
        if line.startswith("## "):
            group = None
        row = re.match(r"^\| (NP-[A-Z-]+) \|", line)
        if row and group:
            ids[row.group(1)] = group
        dp = re.match(r"^\| (DP-[A-Z-]+) \| .* \| ([^|]+) \|$", line)
        if dp:
            targets: dict[str, str] = {}
            cell = dp.group(2)
            marked_missing = "missing" in cell and "missing when" not in cell
            for target in re.findall(r"NP-[A-Z-]+[A-Z]", cell):
                targets[target] = "missing" if marked_missing else "partial"
            limits[dp.group(1)] = targets
    return ids, limits


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework()


#: A copy of the catalogue kept with the tests, so this check runs on a bare clone too.
CATALOGUE_COPY = Path(__file__).resolve().parent / "data" / "requirements-catalogue.md"


def test_catalogue_copy_is_current() -> None:
    # beside the shared folder (a developer's checkout) the copy must equal the contract
    if CATALOGUE.is_file():
        assert CATALOGUE_COPY.read_bytes() == CATALOGUE.read_bytes()
    assert CATALOGUE_COPY.stat().st_size > 1000


def test_catalogue_copy_matches_catalogue() -> None:
    ids, limits = parse_catalogue(CATALOGUE_COPY.read_text(encoding="utf-8"))
    assert ids == CATALOGUE_IDS
    assert list(ids) == list(CATALOGUE_IDS)
    assert limits == CATALOGUE_LIMITS


def test_every_catalogue_id_in_framework_order_and_group(fw: Framework) -> None:
    assert [r.id for r in fw.requirements] == list(CATALOGUE_IDS)
    assert {r.id: r.group for r in fw.requirements} == CATALOGUE_IDS
    assert [g.id for g in fw.groups] == list("ABCDEFGH")
    assert all(g.weight > 0 and g.title for g in fw.groups)


def test_patterns_and_limits_edges_match_the_catalogue(fw: Framework) -> None:
    assert [p.id for p in fw.patterns] == list(CATALOGUE_LIMITS)
    got: dict[str, dict[str, str]] = {}
    for e in fw.edges:
        if e.kind == "limits":
            got.setdefault(e.source, {})[e.target] = str(e.cap)
    assert got == CATALOGUE_LIMITS
    pats = {p.id for p, _ in fw.limits_on("NP-ALL-OFFENCES")}
    assert pats == {"DP-CLOSED-LIST", "DP-EXCLUSION-SCHEDULE", "DP-GRAVITY-THRESHOLD"}


def test_requires_edges(fw: Framework) -> None:
    for r in fw.requirements:
        expected = () if r.id in STANDALONE else ("NP-PROVISION",)
        assert fw.prerequisites(r.id) == expected, r.id


def test_refines_edges_and_aggregate(fw: Framework) -> None:
    assert fw.aggregates == ("NP-LIABILITY-KINDS",)
    kinds = {e.source for e in fw.edges_to("NP-LIABILITY-KINDS", "refines")}
    assert {"NP-CRIMINAL", "NP-ADMIN", "NP-CIVIL", "NP-IMMIGRATION"} <= kinds
    with pytest.raises(KeyError):
        fw.requirement("NP-LIABILITY-KINDS")
    assert "NP-LIABILITY-KINDS" not in {r.id for r in fw.requirements}
    assert fw.kind_of("NP-LIABILITY-KINDS") == "aggregate"
    for e in fw.edges:
        if e.kind == "refines":
            assert fw.kind_of(e.target) in ("requirement", "aggregate")
            assert fw.kind_of(e.source) == "requirement"


def test_graph_holds_every_edge_and_node(fw: Framework) -> None:
    g = fw.graph
    assert g.number_of_nodes() == len(fw.requirements) + len(fw.patterns) + len(fw.aggregates)
    for e in fw.edges:
        assert g.has_edge(e.source, e.target)
        assert e.kind in g.edges[e.source, e.target]["kinds"]
    # NP-MANDATORY both requires and refines NP-PROVISION: one graph edge, two kinds.
    assert set(g.edges["NP-MANDATORY", "NP-PROVISION"]["kinds"]) == {"requires", "refines"}
    import networkx as nx

    assert nx.is_directed_acyclic_graph(fw.subgraph("requires"))
    assert nx.is_directed_acyclic_graph(fw.subgraph("refines"))


def test_every_requirement_is_complete(fw: Framework) -> None:
    vocabulary = feature_vocabulary()
    for r in fw.requirements:
        assert r.title and r.test and r.recommendation, r.id
        assert r.tier in ("core", "strong", "good")
        assert r.severity in ("error", "warning", "note")
        assert r.weight > 0
        assert r.rules.met and r.rules.partial and r.rules.missing
        assert r.sources and all(isinstance(s, SourceRef) for s in r.sources)
        assert r.line > 0
        assert FRAMEWORK_FILE.read_text(encoding="utf-8").splitlines()[r.line - 1] == (
            f'id = "{r.id}"'
        )
        for rule in r.detect.rules:
            assert set(rule.all + rule.any + rule.none) <= vocabulary
            assert rule.because
    for p in fw.patterns:
        assert p.detect.all or p.detect.any
        assert p.words and p.title and p.line > 0


def test_recommendations_point_at_a_model_and_group_h_is_lighter(fw: Framework) -> None:
    rec = fw.requirement("NP-PROVISION").recommendation
    assert rec.startswith("Add a provision modelled on MLP art. 13(1)")
    core = [r.weight for r in fw.requirements if r.tier == "core"]
    h = [r.weight for r in fw.requirements_in("H")]
    assert max(h) < max(core)
    assert fw.group("H").weight < fw.group("A").weight


def test_unverified_pinpoints_are_marked_so(fw: Framework) -> None:
    """Pinpoints the reference note could not check must never show as verified."""
    unverified = [
        ("UNODC Model Legislative Provisions", "art. 13(1)"),
        ("UNODC Model Legislative Provisions", "art. 13(2)"),
        ("UNODC Model Legislative Provisions", "art. 13(3)"),
        ("UNODC Legislative Guide", "paras 181–189"),
        ("Council of Europe Convention", ""),
        ("CEDAW General Recommendation No. 38", ""),
        ("resolution 10/3", ""),
    ]
    verified = [
        ("OHCHR", "principle 7"),
        ("General Assembly resolution 76/7", "annex, para. 13"),
        ("Directive 2011/36/EU", "recital 14"),
    ]
    sources = {s for r in fw.requirements for s in r.sources}
    for instrument, pinpoint in unverified:
        hits = [s for s in sources if instrument in s.instrument and pinpoint in s.pinpoint]
        assert hits, (instrument, pinpoint)
        assert not any(s.verified for s in hits), (instrument, pinpoint)
    for instrument, pinpoint in verified:
        hits = [s for s in sources if instrument in s.instrument and pinpoint == s.pinpoint]
        assert hits and all(s.verified for s in hits), (instrument, pinpoint)


def test_vocabulary_matches_engine_doc() -> None:
    text = (ROOT / "docs" / "engine.md").read_text(encoding="utf-8")
    names: set[str] = set()
    for line in text.splitlines():
        m = re.match(r"^\| (`[a-z_.]+`.*?) \| ", line)
        if m:
            names.update(re.findall(r"`([a-z_]+\.[a-z_]+)`", m.group(1)))
    assert names == set(feature_vocabulary())
    assert len(names) == 95


def test_api_lookups(fw: Framework) -> None:
    assert fw.requirement("NP-CHILD").group == "B"
    assert fw.pattern("DP-HEDGE").detect.all == ("force.hedge",)
    assert [(p.id, cap) for p, cap in fw.limits_on("NP-PRESUMED")] == [("DP-FORMAL-ID", "missing")]
    for bad in ("NP-NOPE", "DP-HEDGE"):
        with pytest.raises(KeyError):
            fw.requirement(bad)
    with pytest.raises(KeyError):
        fw.pattern("NP-CHILD")
    with pytest.raises(KeyError):
        fw.prerequisites("NP-NOPE")
    assert fw.requirement("NP-PROVISION").detect.rules[-1].scope == "document"
    assert fw.requirement("NP-PROVISION").detect.rules[0].scope is None


def test_load_by_id_path_and_cache(fw: Framework) -> None:
    assert list_frameworks() == ("mlp2020-art13",)
    assert load_framework("mlp2020-art13") is fw
    # the package's own file (inside site-packages for a wheel install, src/ for a checkout)
    assert load_framework(fw.path) is fw
    by_path = load_framework(FRAMEWORK_FILE)  # the checkout's copy: same content, own path
    assert attrs.evolve(by_path, path=fw.path) == fw  # the graph is not part of equality
    assert by_path.id == "mlp2020-art13" and by_path.version


def test_load_errors(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError, match="unknown framework 'nope'"):
        load_framework("nope")
    with pytest.raises(FrameworkError, match="no such framework file"):
        load_framework(tmp_path / "absent.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text('[framework]\nid = "x"\nversion = 1 2\n', encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_framework(bad)
    assert info.value.line == 3 and "not valid TOML" in str(info.value)
    assert str(info.value).startswith(str(bad.resolve()) + ":3:")


def test_changed_file_is_reloaded(tmp_path: Path) -> None:
    path = tmp_path / "fw.toml"
    text = FRAMEWORK_FILE.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    first = load_framework(path)
    path.write_text(text.replace('version = "1.0.0"', 'version = "9.9.9-test"'), encoding="utf-8")
    assert load_framework(path).version == "9.9.9-test"
    assert first.version == "1.0.0"


def _mutated(old: str, new: str, count: int = 1) -> str:
    text = FRAMEWORK_FILE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, count)


def _line(text: str, needle: str, occurrence: int = 0) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line == needle]
    return lines[occurrence]


@pytest.mark.parametrize(
    ("old", "new", "message", "id"),
    [
        (
            'all = ["who.presumed"], none',
            'all = ["who.presumd"], none',
            "unknown feature 'who.presumd' in all (did you mean 'who.presumed'?)",
            "NP-PRESUMED",
        ),
        (
            'requires = ["NP-PROVISION"]\nrefines = ["NP-PROVISION"]',
            'requires = ["NP-PROVISON"]\nrefines = ["NP-PROVISION"]',
            "NP-MANDATORY requires NP-PROVISON, which is not in the framework "
            "(did you mean NP-PROVISION?)",
            "NP-MANDATORY",
        ),
        (
            '{ requirement = "NP-MANDATORY", cap = "partial" }',
            '{ requirement = "NP-MANDATORY", cap = "lower" }',
            "cap 'lower' is not one of partial, missing",
            "DP-MAY-DISCRETION",
        ),
        ('tier = "core"\nweight = 3.0\n', 'tier = "core"\n', "has no weight", "NP-PROVISION"),
        (
            'recommendation = "Add a provision modelled on MLP art. 13(1)',
            'recommend = "Add a provision modelled on MLP art. 13(1)',
            "unknown key 'recommend'",
            "NP-PROVISION",
        ),
        (
            'partial = "The law is silent on when, and to whom, the protection applies."\n',
            "",
            "status rule has no partial",
            "NP-PRESUMED",
        ),
        (
            'refines = ["NP-LIABILITY-KINDS"]',
            'refines = ["DP-HEDGE"]',
            "NP-CRIMINAL refines DP-HEDGE, which is a pattern",
            "NP-CRIMINAL",
        ),
        (
            "refines = []",
            'refines = ["NP-MANDATORY"]',
            "refines edges form a cycle: NP-",
            None,
        ),
    ],
)
def test_broken_framework_is_rejected_with_file_line_and_id(
    old: str, new: str, message: str, id: str | None
) -> None:
    text = _mutated(old, new)
    with pytest.raises(FrameworkError) as info:
        parse_framework(text, "broken.toml")
    err = info.value
    assert message in err.message
    assert err.path == "broken.toml"
    assert err.line is not None
    if id is not None:
        assert id in err.message
        assert err.line == _line(text, f'id = "{id}"')
    assert str(err).startswith(f"broken.toml:{err.line}: ")
    assert "\n" not in str(err)


def test_duplicate_id_points_at_second_occurrence() -> None:
    text = _mutated('id = "NP-CHILD"', 'id = "NP-PRESUMED"')
    with pytest.raises(FrameworkError) as info:
        parse_framework(text, "dup.toml")
    assert "duplicate id NP-PRESUMED" in info.value.message
    assert info.value.line == _line(text, 'id = "NP-PRESUMED"', 1)


def test_score(fw: Framework) -> None:
    ids = [r.id for r in fw.requirements]
    assert fw.score(dict.fromkeys(ids, "met")) == 100.0
    assert fw.score(dict.fromkeys(ids, "partial")) == 50.0
    assert fw.score(dict.fromkeys(ids, "missing")) == 0.0
    # Only group A met: 25 / 100 of the group weights.
    statuses = {r.id: ("met" if r.group == "A" else "missing") for r in fw.requirements}
    assert fw.score(statuses) == pytest.approx(25.0)
    # In group A, NP-PROVISION alone met: 3 of 9 weight units -> A = 33.3.
    statuses = dict.fromkeys(ids, "missing") | {"NP-PROVISION": "met"}
    assert dict(fw.group_scores(statuses))["A"] == pytest.approx(100 / 3)
    with pytest.raises(KeyError):
        fw.score({})


def test_requirements_doc_is_current(fw: Framework) -> None:
    from npgap.framework_doc import COMMAND, render

    doc = ROOT / "docs" / "requirements.md"
    assert doc.read_text(encoding="utf-8") == render(fw), f"stale: run `{COMMAND}`"
    for r in fw.requirements:
        assert f"### {r.id} — {r.title}" in render(fw)


def test_example_framework_loads() -> None:
    example = load_framework(ROOT / "docs" / "examples" / "eu2011-art8.toml")
    assert example.id == "eu2011-art8"
    assert [r.id for r in example.requirements] == ["NP-PROVISION", "EU8-ENTITLED", "NP-CRIMINAL"]
    assert example.prerequisites("EU8-ENTITLED") == ("NP-PROVISION",)
    assert example.requirement("NP-PROVISION").sources[0].instrument == "Directive 2011/36/EU"
    assert example.aggregates == ("EU8-COVERAGE",)


# --------------------------------------------------------------------------------------
# The detector data on canonical feature sets, through a reference reading of
# docs/engine.md (the real matcher is npgap.match; this checks the data, not the engine).
# --------------------------------------------------------------------------------------

Clause = tuple[str, frozenset[str]]  # ("protection" | "related" | "document", features)


def _holds(
    all_: tuple[str, ...], any_: tuple[str, ...], none: tuple[str, ...], f: frozenset[str]
) -> bool:
    return set(all_) <= f and (not any_ or bool(set(any_) & f)) and not set(none) & f


def _in_scope(kind: str, scope: str) -> bool:
    order = {"protection": 0, "related": 1, "document": 2}
    return order[kind] <= order[scope]


def evaluate(fw: Framework, clauses: list[Clause]) -> dict[str, str]:
    rank = {"met": 0, "partial": 1, "missing": 2}
    fired = set()
    for p in fw.patterns:
        d = p.detect
        hit = any(_in_scope(k, d.scope) and _holds(d.all, d.any, d.none, f) for k, f in clauses)
        spared = any(
            _in_scope(k, c.scope) and _holds(c.all, c.any, c.none, f)
            for c in d.unless
            for k, f in clauses
        )
        if hit and not spared:
            fired.add(p.id)
    out: dict[str, str] = {}
    for r in fw.requirements:  # framework order puts prerequisites first
        status = r.detect.default
        for rule in r.detect.rules:
            scope = rule.scope or r.detect.scope
            if any(
                _in_scope(k, scope) and _holds(rule.all, rule.any, rule.none, f) for k, f in clauses
            ):
                status = rule.status
                break
        for p, cap in fw.limits_on(r.id):
            if p.id in fired and rank[cap] > rank[status]:
                status = cap
        if any(out.get(pre) == "missing" for pre in fw.prerequisites(r.id)):
            status = "missing"
        out[r.id] = status
    return out


def P(*features: str) -> Clause:
    return ("protection", frozenset(features))


def R(*features: str) -> Clause:
    return ("related", frozenset(features))


def D(*features: str) -> Clause:
    return ("document", frozenset(features))


def test_detectors_on_a_causation_model_law(fw: Framework) -> None:
    """Uruguay art. 40 style: victims are not punishable for any offence that is the
    direct result of being trafficked; migration sanctions do not apply either."""
    got = evaluate(
        fw,
        [
            P(
                "who.victim",
                "protect.not_liable",
                "protect.not_punished",
                "force.mandatory",
                "scope.any_offence",
                "kind.criminal",
                "kind.immigration",
                "cause.direct",
            )
        ],
    )
    assert got["NP-PROVISION"] == "met"
    assert got["NP-MANDATORY"] == "met"
    assert got["NP-NONPROSECUTION"] == "met"
    assert got["NP-CAUSATION"] == "met"
    assert got["NP-ALL-OFFENCES"] == "met"
    assert got["NP-IMMIGRATION"] == "met"
    assert got["NP-NO-COOPERATION"] == "met"  # silence on cooperation is compliant
    assert got["NP-PRESUMED"] == "partial"  # silent on presumed victims
    assert got["NP-DEFENCES-PRESERVED"] == "partial"
    assert got["NP-CHILD"] == "partial"  # children only under the general test
    assert got["NP-VACATUR"] == "missing"


def test_detectors_on_a_defence_model_law_with_an_exclusion_schedule(fw: Framework) -> None:
    """UK MSA s. 45 style: an adult limb with compulsion and a reasonable-person test, a
    child limb, a broad reading of compulsion, and a Schedule of excluded offences."""
    got = evaluate(
        fw,
        [
            P(
                "who.victim",
                "who.adult",
                "protect.not_guilty",
                "force.mandatory",
                "scope.any_offence",
                "cause.compelled",
                "cause.direct",
                "cause.duress",
            ),
            R("cause.compelled", "cause.compulsion_broad"),
            P(
                "who.victim",
                "who.child",
                "protect.not_guilty",
                "force.mandatory",
                "scope.any_offence",
                "cause.direct",
                "cause.duress",
            ),
            R("scope.exclusion", "scope.closed_list"),
        ],
    )
    assert got["NP-PROVISION"] == "met"  # DP-CHILD-ONLY spared by the adult limb
    assert got["NP-ALL-VICTIMS"] == "met"
    assert got["NP-NONPROSECUTION"] == "partial"  # a defence at trial only
    assert got["NP-CAUSATION"] == "partial"
    assert got["NP-CHILD"] == "partial"  # reasonable-person test kept for children
    assert got["NP-ALL-OFFENCES"] == "partial"  # Schedule exclusion
    assert got["NP-COMPULSION-BROAD"] == "met"
    assert got["NP-NO-PENALTY-AT-TRIAL"] == "partial"


def test_detectors_on_narrow_laws(fw: Framework) -> None:
    child_only = evaluate(
        fw,
        [P("who.victim", "who.child", "protect.not_prosecuted", "force.mandatory", "cause.direct")],
    )
    assert child_only["NP-PROVISION"] == "partial"
    assert child_only["NP-ALL-VICTIMS"] == "partial"
    assert child_only["NP-CHILD"] == "met"

    own_act = evaluate(
        fw,
        [
            P(
                "who.victim",
                "protect.not_liable",
                "force.mandatory",
                "scope.own_act",
                "kind.criminal",
            )
        ],
    )
    assert own_act["NP-PROVISION"] == "missing"
    assert own_act["NP-MANDATORY"] == "missing"  # follows its prerequisite

    discretion = evaluate(
        fw,
        [
            P(
                "who.victim",
                "protect.discretion",
                "force.permissive",
                "cause.compelled",
                "kind.criminal",
            )
        ],
    )
    assert discretion["NP-MANDATORY"] == "missing"  # pure discretion, no criteria
    assert discretion["NP-NONPROSECUTION"] == "partial"
    guided = evaluate(
        fw,
        [
            P("who.victim", "protect.discretion", "force.permissive", "kind.criminal"),
            D("guidance.duty"),
        ],
    )
    assert guided["NP-MANDATORY"] == "partial"
    assert guided["NP-GUIDANCE"] == "met"

    vacatur_only = evaluate(
        fw,
        [
            D(
                "who.victim",
                "vacatur.vacate",
                "vacatur.motion",
                "scope.status_offences",
                "cond.time_limit",
            )
        ],
    )
    assert vacatur_only["NP-PROVISION"] == "partial"
    assert vacatur_only["NP-VACATUR"] == "partial"
    assert vacatur_only["NP-NO-TIME-BAR"] == "partial"
    assert vacatur_only["NP-CRIMINAL"] == "missing"

    nothing = evaluate(fw, [D("decoy.identity"), D("decoy.consent_irrelevant")])
    assert set(nothing.values()) == {"missing"}


def test_detectors_on_conditions(fw: Framework) -> None:
    base = ("who.victim", "protect.not_prosecuted", "force.mandatory", "scope.any_offence")
    formal = evaluate(fw, [P(*base, "cond.formal_id")])
    assert formal["NP-PRESUMED"] == "missing"
    presumed = evaluate(fw, [P(*base, "who.presumed")])
    assert presumed["NP-PRESUMED"] == "met"
    coop = evaluate(fw, [P(*base), R("cond.cooperation")])
    assert coop["NP-NO-COOPERATION"] == "missing"
    factor = evaluate(fw, [P(*base, "cond.cooperation", "force.permissive")])
    assert factor["NP-NO-COOPERATION"] == "partial"
    criminal_only = evaluate(fw, [P(*base, "kind.criminal")])
    assert criminal_only["NP-ADMIN"] == "missing" and criminal_only["NP-CIVIL"] == "missing"
    split = evaluate(
        fw,
        [
            P(*base, "kind.criminal"),
            P("who.victim", "protect.not_punished", "kind.administrative", "force.mandatory"),
        ],
    )
    assert split["NP-ADMIN"] == "met"  # DP-CRIMINAL-ONLY spared: admin named elsewhere
