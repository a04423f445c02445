"""Requirement frameworks: TOML data loaded, validated and held as a networkx graph.

Why data and not code: a consultant copies a framework file and extends it (an EU art. 8
or CoE art. 26 variant) without touching Python; the loader checks it on every load and
names the file, line and id of anything wrong, so a broken framework never reaches the
matcher. The file format is described in docs/frameworks.md.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from npgap.errors import FrameworkError
from npgap.findings import STATUSES, SourceRef

if TYPE_CHECKING:
    import networkx as nx  # type: ignore[import-untyped,unused-ignore]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

__all__ = [
    "CAPS",
    "DEFAULT_FRAMEWORK",
    "EDGE_KINDS",
    "SCOPES",
    "SEVERITIES",
    "TIERS",
    "Condition",
    "Detector",
    "Edge",
    "Framework",
    "Group",
    "Pattern",
    "PatternDetect",
    "Requirement",
    "Rule",
    "StatusRules",
    "feature_vocabulary",
    "list_frameworks",
    "load_framework",
    "parse_framework",
]

#: The framework `load_framework()` loads when given no reference.
DEFAULT_FRAMEWORK = "mlp2020-art13"
#: Where a detector looks: protection clauses, clauses related to them, or the whole text.
SCOPES: tuple[str, ...] = ("protection", "related", "document")
TIERS: tuple[str, ...] = ("core", "strong", "good")
SEVERITIES: tuple[str, ...] = ("error", "warning", "note")
#: What a `limits` edge may lower a requirement to.
CAPS: tuple[str, ...] = ("partial", "missing")
EDGE_KINDS: tuple[str, ...] = ("requires", "refines", "limits")

_PACKAGE = "npgap.frameworks"
_VOCABULARY_FILE = "features.toml"
_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
_DEFAULT_SCORING: tuple[tuple[str, float], ...] = (("met", 1.0), ("partial", 0.5), ("missing", 0.0))


@attrs.frozen(slots=True)
class Group:
    """A group of requirements (A–H); its weight counts in the overall score."""

    id: str
    title: str
    weight: float


@attrs.frozen(slots=True)
class StatusRules:
    """What `met`, `partial` and `missing` mean for one requirement, in words for a reader."""

    met: str
    partial: str
    missing: str

    def text(self, status: str) -> str:
        """The rule for one status (KeyError for anything but met/partial/missing)."""
        if status not in STATUSES:
            raise KeyError(status)
        value: str = getattr(self, status)
        return value


@attrs.frozen(slots=True)
class Rule:
    """One detector rule: holds on a clause with every `all`, one `any` (if given), no `none`.

    `scope`, when set, overrides the detector's scope for this rule only (so a requirement
    can look at protection clauses first and at the whole document second).
    """

    status: str
    all: tuple[str, ...]
    any: tuple[str, ...]
    none: tuple[str, ...]
    because: str
    scope: str | None = None


@attrs.frozen(slots=True)
class Detector:
    """How the matcher decides a requirement: rules tried best first, then the default."""

    scope: str
    rules: tuple[Rule, ...]
    default: str
    default_because: str


@attrs.frozen(slots=True)
class Condition:
    """A feature condition on some clause in `scope` (used by a pattern's `unless`)."""

    scope: str
    all: tuple[str, ...]
    any: tuple[str, ...]
    none: tuple[str, ...]


@attrs.frozen(slots=True)
class PatternDetect:
    """When a deficiency pattern fires: a clause in scope matching all/any/none.

    `unless`: the pattern does not fire when one of these conditions holds on some clause —
    how a pattern says "only" (children only, criminal liability only).
    """

    scope: str
    all: tuple[str, ...]
    any: tuple[str, ...]
    none: tuple[str, ...]
    unless: tuple[Condition, ...] = ()


@attrs.frozen(slots=True)
class Requirement:
    """One requirement of the framework, with what the matcher and the report need."""

    id: str
    title: str
    test: str
    group: str
    tier: str
    weight: float
    severity: str
    rules: StatusRules
    sources: tuple[SourceRef, ...]
    recommendation: str
    detect: Detector
    line: int


@attrs.frozen(slots=True)
class Pattern:
    """A deficiency pattern: wording that caps the requirements it `limits`."""

    id: str
    title: str
    words: str
    detect: PatternDetect
    line: int


@attrs.frozen(slots=True)
class Edge:
    """A graph edge: `requires` (dependent → prerequisite), `refines` (child → parent) or
    `limits` (pattern → requirement, with `cap`)."""

    kind: str
    source: str
    target: str
    cap: str | None = None


@attrs.frozen(slots=True)
class Framework:
    """A loaded, validated framework. `graph` has one node per requirement, pattern and
    aggregate (attributes `kind`, `title`, `obj`) and one edge per linked pair (attribute
    `kinds`, a tuple, since a pair may be linked by both `requires` and `refines`; `cap`
    on `limits` edges)."""

    id: str
    version: str
    title: str
    path: str
    groups: tuple[Group, ...]
    requirements: tuple[Requirement, ...]
    aggregates: tuple[str, ...]
    patterns: tuple[Pattern, ...]
    edges: tuple[Edge, ...]
    #: id -> (kind, title, requirement / pattern / None): the graph's node data, kept in
    #: a plain mapping so that scoring needs no networkx (importing it costs more than a
    #: whole `npgap check` of a small bill); `graph` builds the DiGraph on demand.
    nodes: Mapping[str, tuple[str, str, object]] = attrs.field(eq=False, repr=False)
    description: str = ""
    scoring: tuple[tuple[str, float], ...] = _DEFAULT_SCORING

    @property
    def graph(self) -> nx.DiGraph[str]:
        """The requirement graph: nodes with kind, title and obj; edges with their kinds
        and cap. Built on each access (it is small); copy it before changing it."""
        import networkx as nx  # type: ignore[import-untyped,unused-ignore]

        g: nx.DiGraph[str] = nx.DiGraph()
        for id, (kind, title, obj) in self.nodes.items():
            g.add_node(id, kind=kind, title=title, obj=obj)
        for e in self.edges:
            if g.has_edge(e.source, e.target):
                data = g.edges[e.source, e.target]
                data["kinds"] = (*data["kinds"], e.kind)
            else:
                g.add_edge(e.source, e.target, kinds=(e.kind,), cap=e.cap)
        return g

    def requirement(self, id: str) -> Requirement:
        """The requirement with this id (KeyError if there is none)."""
        obj = self._node_obj(id, "requirement")
        assert isinstance(obj, Requirement)
        return obj

    def pattern(self, id: str) -> Pattern:
        """The deficiency pattern with this id (KeyError if there is none)."""
        obj = self._node_obj(id, "pattern")
        assert isinstance(obj, Pattern)
        return obj

    def group(self, id: str) -> Group:
        """The group with this id (KeyError if there is none)."""
        for g in self.groups:
            if g.id == id:
                return g
        raise KeyError(id)

    def kind_of(self, id: str) -> str:
        """`requirement`, `pattern` or `aggregate` (KeyError for an unknown id)."""
        return self.nodes[id][0]

    def node_title(self, id: str) -> str:
        """The title of any node (requirement, pattern or aggregate)."""
        return self.nodes[id][1]

    def requirements_in(self, group: str) -> tuple[Requirement, ...]:
        """The requirements of one group, in framework order."""
        return tuple(r for r in self.requirements if r.group == group)

    def edges_from(self, id: str, kind: str | None = None) -> tuple[Edge, ...]:
        """Edges leaving a node (of one kind if given), in declaration order."""
        return tuple(e for e in self.edges if e.source == id and kind in (None, e.kind))

    def edges_to(self, id: str, kind: str | None = None) -> tuple[Edge, ...]:
        """Edges entering a node (of one kind if given), in declaration order."""
        return tuple(e for e in self.edges if e.target == id and kind in (None, e.kind))

    def prerequisites(self, id: str) -> tuple[str, ...]:
        """Direct `requires` targets of a requirement."""
        self.requirement(id)
        return tuple(e.target for e in self.edges_from(id, "requires"))

    def limits_on(self, req_id: str) -> tuple[tuple[Pattern, str], ...]:
        """The patterns that limit a requirement, each with its cap."""
        self.requirement(req_id)
        return tuple(
            (self.pattern(e.source), e.cap or "partial") for e in self.edges_to(req_id, "limits")
        )

    def subgraph(self, kind: str) -> nx.DiGraph[str]:
        """A new DiGraph with every node and only the edges of one kind."""
        import networkx as nx  # type: ignore[import-untyped,unused-ignore]

        if kind not in EDGE_KINDS:
            raise KeyError(kind)
        g: nx.DiGraph[str] = nx.DiGraph()
        g.add_nodes_from(self.graph.nodes(data=True))
        g.add_edges_from((e.source, e.target) for e in self.edges if e.kind == kind)
        return g

    def status_value(self, status: str) -> float:
        """The value of a status in the score (met 1, partial 0.5, missing 0 by default)."""
        for name, value in self.scoring:
            if name == status:
                return value
        raise KeyError(status)

    def group_scores(self, statuses: Mapping[str, str]) -> tuple[tuple[str, float], ...]:
        """Sub-score 0–100 per group: weighted mean of status values over its requirements.

        `statuses` maps every requirement id to its status (KeyError if one is absent).
        """
        out: list[tuple[str, float]] = []
        for g in self.groups:
            reqs = self.requirements_in(g.id)
            total = sum(r.weight for r in reqs)
            got = sum(r.weight * self.status_value(statuses[r.id]) for r in reqs)
            out.append((g.id, 100.0 * got / total if total else 0.0))
        return tuple(out)

    def score(self, statuses: Mapping[str, str]) -> float:
        """Overall score 0–100: the group sub-scores averaged with the group weights."""
        weights = {g.id: g.weight for g in self.groups}
        total = sum(weights.values())
        got = sum(weights[gid] * s for gid, s in self.group_scores(statuses))
        return got / total if total else 0.0

    def _node_obj(self, id: str, kind: str) -> object:
        data = self.nodes.get(id) if isinstance(id, str) else None
        if data is None or data[0] != kind:
            raise KeyError(id)
        return data[2]


# --------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------


def load_framework(ref: str | os.PathLike[str] = DEFAULT_FRAMEWORK) -> Framework:
    """Load a framework by id (shipped with npgap) or from a TOML file path.

    A string is read as a path when it names an existing file, contains a path separator
    or ends in ``.toml``; otherwise as the id of a shipped framework. Loads are cached per
    resolved path, modification time and size. Raises `FrameworkError` (with file, line
    and id) for anything missing or invalid.
    """
    path, key = _resolve(ref)
    return _load_cached(path, key)


def parse_framework(text: str, path: str = "<string>") -> Framework:
    """Validate and build a framework from TOML text (no cache); `path` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
        if m:
            raise FrameworkError(
                f"not valid TOML: {message[: m.start()]}",
                path=path,
                line=int(m.group(1)),
                column=int(m.group(2)),
            ) from None
        raise FrameworkError(f"not valid TOML: {message}", path=path) from None
    return _Builder(data, text, path, feature_vocabulary()).build()


def list_frameworks() -> tuple[str, ...]:
    """Ids of the frameworks shipped with npgap, sorted."""
    from importlib import resources

    names = (
        entry.name[: -len(".toml")]
        for entry in resources.files(_PACKAGE).iterdir()
        if entry.name.endswith(".toml") and entry.name != _VOCABULARY_FILE
    )
    return tuple(sorted(names))


@functools.lru_cache(maxsize=1)
def feature_vocabulary() -> frozenset[str]:
    """Feature names detector rules may use (frameworks/features.toml, from docs/engine.md)."""
    from importlib import resources

    data = tomllib.loads(
        resources.files(_PACKAGE).joinpath(_VOCABULARY_FILE).read_text(encoding="utf-8")
    )
    return frozenset(data["feature"])


def _resolve(ref: str | os.PathLike[str]) -> tuple[str, tuple[str, int, int]]:
    """(path to show, cache key) for a reference; FrameworkError when nothing is there."""
    text = os.fspath(ref)
    looks_like_path = (
        not isinstance(ref, str)
        or os.sep in text
        or "/" in text
        or text.endswith(".toml")
        or Path(text).is_file()
    )
    if looks_like_path:
        p = Path(text)
        if not p.is_file():
            raise FrameworkError("no such framework file", path=text)
        st = p.stat()
        resolved = str(p.resolve())
        return resolved, (resolved, st.st_mtime_ns, st.st_size)
    known = list_frameworks()
    if text not in known:
        raise FrameworkError(
            f"unknown framework {text!r}; shipped frameworks: {', '.join(known)} "
            "(or give the path of a .toml file)"
        )
    from importlib import resources

    entry = resources.files(_PACKAGE).joinpath(f"{text}.toml")
    if isinstance(entry, Path):
        st = entry.stat()
        return str(entry), (str(entry), st.st_mtime_ns, st.st_size)
    return str(entry), (str(entry), 0, 0)  # pragma: no cover - zipped installs


@functools.lru_cache(maxsize=32)
def _load_cached(path: str, key: tuple[str, int, int]) -> Framework:
    del key  # part of the cache key only: a changed file is read again
    text = _read_text(path)
    return parse_framework(text, path)


def _read_text(path: str) -> str:
    try:
        if Path(path).is_file():
            raw = Path(path).read_bytes()
        else:  # pragma: no cover - zipped installs
            from importlib import resources

            raw = resources.files(_PACKAGE).joinpath(Path(path).name).read_bytes()
    except OSError as exc:
        raise FrameworkError(f"cannot read framework: {exc.strerror}", path=path) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FrameworkError(f"not UTF-8 text (byte {exc.start})", path=path) from None


# --------------------------------------------------------------------------------------
# Validation and building
# --------------------------------------------------------------------------------------

_TOP_KEYS = frozenset({"framework", "instruments", "group", "aggregate", "requirement", "pattern"})
_FRAMEWORK_KEYS = frozenset({"id", "version", "title", "description", "scoring"})
_GROUP_KEYS = frozenset({"id", "title", "weight"})
_AGGREGATE_KEYS = frozenset({"id", "title"})
_REQUIREMENT_KEYS = frozenset(
    {
        "id",
        "group",
        "title",
        "tier",
        "weight",
        "severity",
        "test",
        "requires",
        "refines",
        "sources",
        "recommendation",
        "rules",
        "detect",
    }
)
_PATTERN_KEYS = frozenset({"id", "title", "words", "limits", "detect"})
_DETECT_KEYS = frozenset({"scope", "rules", "default", "default_because"})
_RULE_KEYS = frozenset({"status", "all", "any", "none", "because", "scope"})
_PATTERN_DETECT_KEYS = frozenset({"scope", "all", "any", "none", "unless"})
_CONDITION_KEYS = frozenset({"scope", "all", "any", "none"})
_SOURCE_KEYS = frozenset({"instrument", "pinpoint", "verified"})
_LIMIT_KEYS = frozenset({"requirement", "cap"})


class _Builder:
    """Checks the parsed TOML and builds the Framework; the first problem raises."""

    def __init__(
        self, data: dict[str, Any], text: str, path: str, vocabulary: frozenset[str]
    ) -> None:
        self.data = data
        self.text = text
        self.path = path
        self.vocabulary = vocabulary
        self.seen: dict[str, str] = {}  # id -> kind

    # -- errors and lines -------------------------------------------------------------

    def line_of(self, id: str, occurrence: int = 0) -> int | None:
        """Line of the `occurrence`-th ``id = "X"`` in the file (1-based), if found."""
        pattern = re.compile(r"^[ \t]*id[ \t]*=[ \t]*[\"']" + re.escape(id) + r"[\"']", re.M)
        for n, m in enumerate(pattern.finditer(self.text)):
            if n == occurrence:
                return self.text.count("\n", 0, m.start()) + 1
        return None

    def fail(self, message: str, id: str | None = None, occurrence: int = 0) -> FrameworkError:
        line = self.line_of(id, occurrence) if id else None
        return FrameworkError(message, path=self.path, line=line)

    # -- typed field access -------------------------------------------------------------

    def table(self, value: Any, what: str, id: str | None) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(f"{what} must be a table", id)
        return value

    def keys(
        self, table: dict[str, Any], allowed: frozenset[str], what: str, id: str | None
    ) -> None:
        unknown = sorted(set(table) - allowed)
        if unknown:
            raise self.fail(
                f"{what}: unknown key {unknown[0]!r} "
                f"(expected one of {', '.join(sorted(allowed))})",
                id,
            )

    def string(self, table: dict[str, Any], key: str, what: str, id: str | None) -> str:
        value = table.get(key)
        if value is None:
            raise self.fail(f"{what} has no {key}", id)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{what}: {key} must be a non-empty string", id)
        return value

    def choice(
        self, table: dict[str, Any], key: str, allowed: tuple[str, ...], what: str, id: str | None
    ) -> str:
        value = self.string(table, key, what, id)
        if value not in allowed:
            raise self.fail(f"{what}: {key} {value!r} is not one of {', '.join(allowed)}", id)
        return value

    def weight(self, table: dict[str, Any], what: str, id: str | None) -> float:
        value = table.get("weight")
        if value is None:
            raise self.fail(f"{what} has no weight", id)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise self.fail(f"{what}: weight must be a positive number", id)
        return float(value)

    def id_list(
        self, table: dict[str, Any], key: str, what: str, id: str | None
    ) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{what}: {key} must be a list of ids", id)
        dup = _first_duplicate(value)
        if dup is not None:
            raise self.fail(f"{what}: {key} lists {dup} twice", id)
        return tuple(value)

    def features(
        self, table: dict[str, Any], key: str, what: str, id: str | None
    ) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{what}: {key} must be a list of feature names", id)
        for name in value:
            if name not in self.vocabulary:
                hint = _close(name, self.vocabulary)
                raise self.fail(
                    f"{what}: unknown feature {name!r} in {key}"
                    + (f" (did you mean {hint!r}?)" if hint else "")
                    + "; features are listed in frameworks/features.toml",
                    id,
                )
        dup = _first_duplicate(value)
        if dup is not None:
            raise self.fail(f"{what}: {key} lists feature {dup} twice", id)
        return tuple(value)

    def entries(self, key: str) -> list[dict[str, Any]]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(f"[[{key}]] must be an array of tables")
        return value

    # -- building -------------------------------------------------------------------------

    def build(self) -> Framework:
        self.keys(self.data, _TOP_KEYS, "framework file", None)
        head = self.table(self.data.get("framework"), "[framework]", None)
        self.keys(head, _FRAMEWORK_KEYS, "[framework]", None)
        fid = self.string(head, "id", "[framework]", None)
        version = self.string(head, "version", "[framework]", None)
        title = self.string(head, "title", "[framework]", None)
        description = head.get("description", "")
        if not isinstance(description, str):
            raise self.fail("[framework]: description must be a string")
        scoring = self.scoring(head.get("scoring"))
        instruments = self.instruments(self.data.get("instruments", {}))

        self.collect_ids()
        groups = tuple(self.group(g) for g in self.entries("group"))
        if not groups:
            raise self.fail("the framework has no [[group]]")
        group_ids = {g.id for g in groups}
        aggregates = tuple(self.aggregate(a) for a in self.entries("aggregate"))

        requirements: list[Requirement] = []
        edges: list[Edge] = []
        for raw in self.entries("requirement"):
            req, req_edges = self.requirement(raw, group_ids, instruments)
            requirements.append(req)
            edges.extend(req_edges)
        if not requirements:
            raise self.fail("the framework has no [[requirement]]")
        for g in groups:
            if not any(r.group == g.id for r in requirements):
                raise self.fail(f"group {g.id} has no requirement", g.id)

        patterns: list[Pattern] = []
        for raw in self.entries("pattern"):
            pat, pat_edges = self.pattern(raw)
            patterns.append(pat)
            edges.extend(pat_edges)

        self.check_edges(edges)
        nodes = self.nodes(requirements, patterns, aggregates)
        self.check_acyclic(edges)
        return Framework(
            id=fid,
            version=version,
            title=title,
            path=self.path,
            groups=groups,
            requirements=tuple(requirements),
            aggregates=tuple(a for a, _ in aggregates),
            patterns=tuple(patterns),
            edges=tuple(edges),
            nodes=nodes,
            description=description,
            scoring=scoring,
        )

    def scoring(self, value: Any) -> tuple[tuple[str, float], ...]:
        if value is None:
            return _DEFAULT_SCORING
        table = self.table(value, "[framework.scoring]", None)
        self.keys(table, frozenset(STATUSES), "[framework.scoring]", None)
        out: list[tuple[str, float]] = []
        for status in STATUSES:
            v = table.get(status)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 1:
                raise self.fail(f"[framework.scoring]: {status} must be a number from 0 to 1")
            out.append((status, float(v)))
        values = [v for _, v in out]
        if values != sorted(values, reverse=True):
            raise self.fail("[framework.scoring]: values must not rise from met to missing")
        return tuple(out)

    def instruments(self, value: Any) -> dict[str, str]:
        table = self.table(value, "[instruments]", None)
        for key, title in table.items():
            if not isinstance(title, str) or not title.strip():
                raise self.fail(f"[instruments]: {key} must name an instrument (a string)")
        return dict(table)

    def collect_ids(self) -> None:
        """Every id once, across groups, aggregates, requirements and patterns."""
        for kind in ("group", "aggregate", "requirement", "pattern"):
            for raw in self.entries(kind):
                id = raw.get("id")
                if not isinstance(id, str) or not _ID_RE.match(id):
                    raise self.fail(f"a [[{kind}]] has no valid id (got {id!r})")
                if kind == "group":
                    continue  # groups have their own namespace (A, B, …)
                if id in self.seen:
                    raise self.fail(
                        f"duplicate id {id} (a {self.seen[id]} and a {kind})", id, occurrence=1
                    )
                self.seen[id] = kind
        group_ids = [raw["id"] for raw in self.entries("group")]
        dup = _first_duplicate(group_ids)
        if dup is not None:
            raise self.fail(f"duplicate group id {dup}", dup, occurrence=1)

    def group(self, raw: dict[str, Any]) -> Group:
        id = raw["id"]
        what = f"group {id}"
        self.keys(raw, _GROUP_KEYS, what, id)
        return Group(
            id=id, title=self.string(raw, "title", what, id), weight=self.weight(raw, what, id)
        )

    def aggregate(self, raw: dict[str, Any]) -> tuple[str, str]:
        id = raw["id"]
        what = f"aggregate {id}"
        self.keys(raw, _AGGREGATE_KEYS, what, id)
        return id, self.string(raw, "title", what, id)

    def requirement(
        self, raw: dict[str, Any], group_ids: set[str], instruments: dict[str, str]
    ) -> tuple[Requirement, list[Edge]]:
        id = raw["id"]
        what = f"requirement {id}"
        self.keys(raw, _REQUIREMENT_KEYS, what, id)
        group = self.string(raw, "group", what, id)
        if group not in group_ids:
            raise self.fail(f"{what}: group {group!r} is not a declared [[group]]", id)
        weight = self.weight(raw, what, id)
        rules_raw = raw.get("rules")
        if rules_raw is None:
            raise self.fail(f"{what} has no status rules ([requirement.rules])", id)
        rules_table = self.table(rules_raw, f"{what}: rules", id)
        self.keys(rules_table, frozenset(STATUSES), f"{what}: rules", id)
        status_rules = StatusRules(
            *(self.string(rules_table, s, f"{what}: status rule", id) for s in STATUSES)
        )
        sources = self.sources(raw.get("sources"), what, id, instruments)
        detect_raw = raw.get("detect")
        if detect_raw is None:
            raise self.fail(f"{what} has no detector ([requirement.detect])", id)
        detector = self.detector(self.table(detect_raw, f"{what}: detect", id), what, id)
        req = Requirement(
            id=id,
            title=self.string(raw, "title", what, id),
            test=self.string(raw, "test", what, id),
            group=group,
            tier=self.choice(raw, "tier", TIERS, what, id),
            weight=weight,
            severity=self.choice(raw, "severity", SEVERITIES, what, id),
            rules=status_rules,
            sources=sources,
            recommendation=self.string(raw, "recommendation", what, id),
            detect=detector,
            line=self.line_of(id) or 0,
        )
        edges = [Edge("requires", id, t) for t in self.id_list(raw, "requires", what, id)]
        edges += [Edge("refines", id, t) for t in self.id_list(raw, "refines", what, id)]
        return req, edges

    def sources(
        self, value: Any, what: str, id: str, instruments: dict[str, str]
    ) -> tuple[SourceRef, ...]:
        if not value:
            raise self.fail(f"{what} has no sources", id)
        if not isinstance(value, list):
            raise self.fail(f"{what}: sources must be a list of tables", id)
        out: list[SourceRef] = []
        for entry in value:
            table = self.table(entry, f"{what}: source", id)
            self.keys(table, _SOURCE_KEYS, f"{what}: source", id)
            instrument = self.string(table, "instrument", f"{what}: source", id)
            pinpoint = self.string(table, "pinpoint", f"{what}: source", id)
            verified = table.get("verified")
            if not isinstance(verified, bool):
                raise self.fail(
                    f"{what}: source {instrument} {pinpoint} needs verified = true|false", id
                )
            out.append(SourceRef(instruments.get(instrument, instrument), pinpoint, verified))
        return tuple(out)

    def detector(self, table: dict[str, Any], what: str, id: str) -> Detector:
        where = f"{what}: detect"
        self.keys(table, _DETECT_KEYS, where, id)
        scope = self.choice(table, "scope", SCOPES, where, id)
        raw_rules = table.get("rules", [])
        if not isinstance(raw_rules, list):
            raise self.fail(f"{where}: rules must be a list of tables", id)
        rules: list[Rule] = []
        for n, entry in enumerate(raw_rules, 1):
            rw = f"{where} rule {n}"
            rt = self.table(entry, rw, id)
            self.keys(rt, _RULE_KEYS, rw, id)
            rule_scope = rt.get("scope")
            if rule_scope is not None and rule_scope not in SCOPES:
                raise self.fail(f"{rw}: scope {rule_scope!r} is not one of {', '.join(SCOPES)}", id)
            all_, any_, none = self.feature_sets(rt, rw, id)
            rules.append(
                Rule(
                    status=self.choice(rt, "status", STATUSES, rw, id),
                    all=all_,
                    any=any_,
                    none=none,
                    because=self.string(rt, "because", rw, id),
                    scope=rule_scope,
                )
            )
        return Detector(
            scope=scope,
            rules=tuple(rules),
            default=self.choice(table, "default", STATUSES, where, id),
            default_because=self.string(table, "default_because", where, id),
        )

    def feature_sets(
        self, table: dict[str, Any], what: str, id: str
    ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        all_ = self.features(table, "all", what, id)
        any_ = self.features(table, "any", what, id)
        none = self.features(table, "none", what, id)
        clash = sorted((set(all_) | set(any_)) & set(none))
        if clash:
            raise self.fail(f"{what}: feature {clash[0]} is both required and excluded", id)
        return all_, any_, none

    def pattern(self, raw: dict[str, Any]) -> tuple[Pattern, list[Edge]]:
        id = raw["id"]
        what = f"pattern {id}"
        self.keys(raw, _PATTERN_KEYS, what, id)
        detect_raw = raw.get("detect")
        if detect_raw is None:
            raise self.fail(f"{what} has no detector ([pattern.detect])", id)
        dt = self.table(detect_raw, f"{what}: detect", id)
        self.keys(dt, _PATTERN_DETECT_KEYS, f"{what}: detect", id)
        scope = self.choice(dt, "scope", SCOPES, f"{what}: detect", id)
        all_, any_, none = self.feature_sets(dt, f"{what}: detect", id)
        if not all_ and not any_:
            raise self.fail(
                f"{what}: detect needs features in all or any (else it fires everywhere)", id
            )
        unless_raw = dt.get("unless", [])
        if not isinstance(unless_raw, list):
            raise self.fail(f"{what}: unless must be a list of tables", id)
        unless: list[Condition] = []
        for n, entry in enumerate(unless_raw, 1):
            cw = f"{what}: unless {n}"
            ct = self.table(entry, cw, id)
            self.keys(ct, _CONDITION_KEYS, cw, id)
            c_all, c_any, c_none = self.feature_sets(ct, cw, id)
            unless.append(Condition(self.choice(ct, "scope", SCOPES, cw, id), c_all, c_any, c_none))
        limits_raw = raw.get("limits")
        if not limits_raw or not isinstance(limits_raw, list):
            raise self.fail(
                f"{what} limits nothing (add limits = [{{ requirement = ..., cap = ... }}])", id
            )
        edges: list[Edge] = []
        for entry in limits_raw:
            lt = self.table(entry, f"{what}: limits", id)
            self.keys(lt, _LIMIT_KEYS, f"{what}: limits", id)
            target = self.string(lt, "requirement", f"{what}: limits", id)
            cap = self.choice(lt, "cap", CAPS, f"{what}: limits {target}", id)
            if any(e.target == target for e in edges):
                raise self.fail(f"{what}: limits {target} twice", id)
            edges.append(Edge("limits", id, target, cap))
        pat = Pattern(
            id=id,
            title=self.string(raw, "title", what, id),
            words=self.string(raw, "words", what, id),
            detect=PatternDetect(scope, all_, any_, none, tuple(unless)),
            line=self.line_of(id) or 0,
        )
        return pat, edges

    def check_edges(self, edges: Iterable[Edge]) -> None:
        """No dangling edge; each kind points at the kind of node it may point at."""
        allowed = {
            "requires": ("requirement",),
            "refines": ("requirement", "aggregate"),
            "limits": ("requirement",),
        }
        for e in edges:
            kind = self.seen.get(e.target)
            if kind is None:
                hint = _close(e.target, self.seen)
                raise self.fail(
                    f"{e.source} {e.kind} {e.target}, which is not in the framework"
                    + (f" (did you mean {hint}?)" if hint else ""),
                    e.source,
                )
            if kind not in allowed[e.kind]:
                raise self.fail(
                    f"{e.source} {e.kind} {e.target}, which is a {kind} "
                    f"({e.kind} must point at: {' or '.join(allowed[e.kind])})",
                    e.source,
                )
            if e.source == e.target:
                raise self.fail(f"{e.source} {e.kind} itself (a cycle)", e.source)

    def nodes(
        self,
        requirements: list[Requirement],
        patterns: list[Pattern],
        aggregates: tuple[tuple[str, str], ...],
    ) -> dict[str, tuple[str, str, object]]:
        out: dict[str, tuple[str, str, object]] = {}
        for r in requirements:
            out[r.id] = ("requirement", r.title, r)
        for p in patterns:
            out[p.id] = ("pattern", p.title, p)
        for a, title in aggregates:
            out[a] = ("aggregate", title, None)
        return out

    def check_acyclic(self, edges: list[Edge]) -> None:
        for kind in ("requires", "refines"):
            succ: dict[str, list[str]] = {}
            for e in edges:
                if e.kind == kind:
                    succ.setdefault(e.source, []).append(e.target)
            cycle = _find_cycle(succ)
            if cycle:
                raise self.fail(f"{kind} edges form a cycle: {' → '.join(cycle)}", cycle[0])


def _find_cycle(succ: Mapping[str, list[str]]) -> list[str]:
    """A cycle of the directed graph `succ` as [a, b, …, a], or [] (iterative DFS, in
    declaration order, so the same file always reports the same cycle)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for root in succ:
        if state.get(root):
            continue
        path = [root]
        state[root] = 1
        stack = [iter(succ.get(root, ()))]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                state[path.pop()] = 2
                continue
            seen = state.get(nxt)
            if seen == 1:
                return [*path[path.index(nxt) :], nxt]
            if seen is None:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(succ.get(nxt, ())))
    return []


def _first_duplicate(values: Iterable[str]) -> str | None:
    seen: set[str] = set()
    for v in values:
        if v in seen:
            return v
        seen.add(v)
    return None


def _close(name: str, candidates: Iterable[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.75)
    return matches[0] if matches else None
