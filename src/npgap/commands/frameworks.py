"""`npgap frameworks`: list the shipped frameworks, or show one as a table, JSON or DOT.

Why three formats: the table is for a person choosing a framework, JSON for a pipeline
that wants every requirement with its sources and edges, DOT so that `dot -Tsvg` draws
the requirement graph for a report.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from npgap.framework import Framework, PatternDetect, Rule

__all__ = ["register", "render_dot", "render_json", "render_markdown"]

FORMATS = ("md", "json", "dot")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `frameworks`, `frameworks list`, `frameworks show` and `frameworks graph`."""
    parser = sub.add_parser(
        "frameworks",
        help="list requirement frameworks, or show one",
        description="List the requirement frameworks shipped with npgap, or show one "
        "(by id or by the path of a framework TOML file).",
    )
    parser.set_defaults(func=_run_list)
    actions = parser.add_subparsers(dest="frameworks_action", metavar="ACTION")

    listing = actions.add_parser("list", help="list the shipped frameworks (the default)")
    listing.set_defaults(func=_run_list)

    show = actions.add_parser("show", help="show one framework: requirements, patterns, edges")
    show.add_argument("framework", metavar="ID|PATH", help="framework id or TOML file path")
    show.add_argument(
        "--format",
        choices=FORMATS,
        default="md",
        help="md: tables (default); json: everything; dot: Graphviz graph",
    )
    show.set_defaults(func=_run_show)

    graph = actions.add_parser("graph", help="the requirement graph in Graphviz DOT")
    graph.add_argument("framework", metavar="ID|PATH", nargs="?", default=None)
    graph.set_defaults(func=_run_graph)


def _run_list(args: argparse.Namespace) -> int:
    from npgap.framework import list_frameworks, load_framework

    rows = [("id", "version", "requirements", "patterns", "title")]
    for fid in list_frameworks():
        fw = load_framework(fid)
        rows.append((fw.id, fw.version, str(len(fw.requirements)), str(len(fw.patterns)), fw.title))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        cells = [row[i].ljust(widths[i]) for i in range(4)]
        sys.stdout.write("  ".join([*cells, row[4]]).rstrip() + "\n")
    return 0


def _run_show(args: argparse.Namespace) -> int:
    from npgap.framework import load_framework

    fw = load_framework(args.framework)
    render = {"md": render_markdown, "json": render_json, "dot": render_dot}[args.format]
    sys.stdout.write(render(fw))
    return 0


def _run_graph(args: argparse.Namespace) -> int:
    from npgap.framework import DEFAULT_FRAMEWORK, load_framework

    sys.stdout.write(render_dot(load_framework(args.framework or DEFAULT_FRAMEWORK)))
    return 0


# --------------------------------------------------------------------------------------
# Renderers (pure: Framework -> str, deterministic)
# --------------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(fw: Framework) -> str:
    """Tables: groups, requirements (with prerequisites and limits), patterns, aggregates."""
    out = [f"# {fw.id} {fw.version}", "", fw.title, ""]
    if fw.description:
        out += [fw.description, ""]
    out += ["| group | title | weight | requirements |", "|---|---|---|---|"]
    for g in fw.groups:
        out.append(
            f"| {g.id} | {_cell(g.title)} | {g.weight:g} | {len(fw.requirements_in(g.id))} |"
        )
    out += [
        "",
        "| id | group | tier | weight | severity | requires | limited by | title |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in fw.requirements:
        requires = ", ".join(fw.prerequisites(r.id)) or "—"
        limited = ", ".join(f"{p.id} ({cap})" for p, cap in fw.limits_on(r.id)) or "—"
        out.append(
            f"| {r.id} | {r.group} | {r.tier} | {r.weight:g} | {r.severity} | {requires} "
            f"| {limited} | {_cell(r.title)} |"
        )
    out += ["", "| pattern | limits (cap) | title | typical words |", "|---|---|---|---|"]
    for p in fw.patterns:
        limits = ", ".join(f"{e.target} ({e.cap})" for e in fw.edges_from(p.id, "limits"))
        out.append(f"| {p.id} | {limits} | {_cell(p.title)} | {_cell(p.words)} |")
    if fw.aggregates:
        out += ["", "| aggregate | refined by | title |", "|---|---|---|"]
        for a in fw.aggregates:
            children = ", ".join(e.source for e in fw.edges_to(a, "refines"))
            out.append(f"| {a} | {children} | {_cell(fw.node_title(a))} |")
    return "\n".join(out) + "\n"


def _rule_dict(rule: Rule) -> dict[str, Any]:
    d: dict[str, Any] = {"status": rule.status}
    if rule.scope is not None:
        d["scope"] = rule.scope
    d.update(all=list(rule.all), any=list(rule.any), none=list(rule.none))
    d["because"] = rule.because
    return d


def _pattern_detect_dict(det: PatternDetect) -> dict[str, Any]:
    return {
        "scope": det.scope,
        "all": list(det.all),
        "any": list(det.any),
        "none": list(det.none),
        "unless": [
            {"scope": c.scope, "all": list(c.all), "any": list(c.any), "none": list(c.none)}
            for c in det.unless
        ],
    }


def framework_dict(fw: Framework) -> dict[str, Any]:
    """The whole framework as plain data (what `--format json` prints)."""
    return {
        "framework": {
            "id": fw.id,
            "version": fw.version,
            "title": fw.title,
            "description": fw.description,
            "scoring": dict(fw.scoring),
        },
        "groups": [{"id": g.id, "title": g.title, "weight": g.weight} for g in fw.groups],
        "requirements": [
            {
                "id": r.id,
                "title": r.title,
                "group": r.group,
                "tier": r.tier,
                "weight": r.weight,
                "severity": r.severity,
                "test": r.test,
                "rules": {
                    "met": r.rules.met,
                    "partial": r.rules.partial,
                    "missing": r.rules.missing,
                },
                "sources": [
                    {"instrument": s.instrument, "pinpoint": s.pinpoint, "verified": s.verified}
                    for s in r.sources
                ],
                "recommendation": r.recommendation,
                "requires": [e.target for e in fw.edges_from(r.id, "requires")],
                "refines": [e.target for e in fw.edges_from(r.id, "refines")],
                "limited_by": [{"pattern": p.id, "cap": cap} for p, cap in fw.limits_on(r.id)],
                "detect": {
                    "scope": r.detect.scope,
                    "rules": [_rule_dict(rule) for rule in r.detect.rules],
                    "default": r.detect.default,
                    "default_because": r.detect.default_because,
                },
                "line": r.line,
            }
            for r in fw.requirements
        ],
        "aggregates": [{"id": a, "title": fw.node_title(a)} for a in fw.aggregates],
        "patterns": [
            {
                "id": p.id,
                "title": p.title,
                "words": p.words,
                "limits": [
                    {"requirement": e.target, "cap": e.cap} for e in fw.edges_from(p.id, "limits")
                ],
                "detect": _pattern_detect_dict(p.detect),
                "line": p.line,
            }
            for p in fw.patterns
        ],
        "edges": [
            {"kind": e.kind, "source": e.source, "target": e.target, "cap": e.cap} for e in fw.edges
        ],
    }


def render_json(fw: Framework) -> str:
    """JSON with every requirement, its sources and edges; byte-identical run to run."""
    return json.dumps(framework_dict(fw), indent=2, ensure_ascii=False) + "\n"


def _dot_id(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot_label(*lines: str) -> str:
    escaped = (line.replace("\\", "\\\\").replace('"', '\\"') for line in lines)
    return '"' + "\\n".join(escaped) + '"'


def _short(text: str, width: int = 38) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


_EDGE_STYLE = {
    "requires": 'color="#1f4e79"',
    "refines": 'style=dashed, arrowhead=empty, color="#555555"',
    "limits": 'color="#b22222", fontcolor="#b22222"',
}


def render_dot(fw: Framework) -> str:
    """Graphviz DOT: requirements clustered by group, patterns and aggregates beside them."""
    out = [
        f"digraph {_dot_id(fw.id)} {{",
        f"  label={_dot_label(f'{fw.id} {fw.version}')};",
        "  labelloc=t;",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fillcolor="#eef3f8", fontname="Helvetica",'
        " fontsize=10];",
        '  edge [fontname="Helvetica", fontsize=8];',
    ]
    for g in fw.groups:
        out.append(f"  subgraph {_dot_id('cluster_' + g.id)} {{")
        out.append(f"    label={_dot_label(f'{g.id}. {g.title} (weight {g.weight:g})')};")
        for r in fw.requirements_in(g.id):
            label = _dot_label(r.id, _short(r.title), f"{r.tier} · {r.weight:g}")
            out.append(f"    {_dot_id(r.id)} [label={label}];")
        out.append("  }")
    for a in fw.aggregates:
        label = _dot_label(a, _short(fw.node_title(a)))
        out.append(f'  {_dot_id(a)} [label={label}, shape=ellipse, fillcolor="#ffffff"];')
    for p in fw.patterns:
        label = _dot_label(p.id, _short(p.title))
        out.append(
            f'  {_dot_id(p.id)} [label={label}, shape=octagon, fillcolor="#fbe9e7", '
            'color="#b22222"];'
        )
    for e in fw.edges:
        label = f"limits ({e.cap})" if e.kind == "limits" else e.kind
        out.append(
            f"  {_dot_id(e.source)} -> {_dot_id(e.target)} "
            f"[label={_dot_label(label)}, {_EDGE_STYLE[e.kind]}];"
        )
    out.append("}")
    return "\n".join(out) + "\n"
