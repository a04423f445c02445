"""Generate docs/requirements.md from a framework file.

Why generated: the framework TOML is the single source of truth; a hand-written page
would drift. `python -m npgap.framework_doc > docs/requirements.md` rewrites the page,
and a test fails when the committed page differs from what this module renders.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from npgap.framework import Framework, Requirement

__all__ = ["main", "render"]

COMMAND = "python -m npgap.framework_doc > docs/requirements.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _features(all_: Sequence[str], any_: Sequence[str], none: Sequence[str]) -> str:
    parts = []
    if all_:
        parts.append("all: " + ", ".join(f"`{f}`" for f in all_))
    if any_:
        parts.append("any: " + ", ".join(f"`{f}`" for f in any_))
    if none:
        parts.append("none: " + ", ".join(f"`{f}`" for f in none))
    return "; ".join(parts) or "any clause"


def _requirement(fw: Framework, r: Requirement) -> list[str]:
    out = [
        f"### {r.id} — {r.title}",
        "",
        f"Tier **{r.tier}** · weight {r.weight:g} · severity {r.severity}",
        "",
        f"**Test.** {r.test}",
        "",
        "| status | rule |",
        "|---|---|",
        f"| met | {_cell(r.rules.met)} |",
        f"| partial | {_cell(r.rules.partial)} |",
        f"| missing | {_cell(r.rules.missing)} |",
        "",
        "**Sources.**",
        "",
    ]
    for s in r.sources:
        flag = "verified" if s.verified else "pinpoint unverified"
        out.append(f"- {s.instrument}, {s.pinpoint} ({flag})")
    out.append("")
    graph = []
    requires = fw.prerequisites(r.id)
    if requires:
        graph.append("requires " + ", ".join(requires))
    refines = [e.target for e in fw.edges_from(r.id, "refines")]
    if refines:
        graph.append("refines " + ", ".join(refines))
    limited = [f"{p.id} (cap {cap})" for p, cap in fw.limits_on(r.id)]
    if limited:
        graph.append("limited by " + ", ".join(limited))
    out += [f"**Graph.** {'; '.join(graph) if graph else 'stands on its own'}.", ""]
    out += [f"**Detector** (scope: {r.detect.scope}), first rule that holds wins:", ""]
    for n, rule in enumerate(r.detect.rules, 1):
        scope = f" [scope: {rule.scope}]" if rule.scope else ""
        feats = _features(rule.all, rule.any, rule.none)
        out.append(f"{n}. **{rule.status}**{scope} — {feats} — {rule.because}")
    out.append(
        f"{len(r.detect.rules) + 1}. otherwise **{r.detect.default}** — {r.detect.default_because}"
    )
    out += ["", f"**Recommendation.** {r.recommendation}", ""]
    return out


def render(fw: Framework) -> str:
    """The whole page for one framework, deterministic."""
    out = [
        f"<!-- Generated from the framework file by `{COMMAND}`. Do not edit by hand. -->",
        "",
        f"# Requirements — {fw.id} {fw.version}",
        "",
        fw.title,
        "",
    ]
    if fw.description:
        out += [fw.description, ""]
    values = ", ".join(f"{s} = {v:g}" for s, v in fw.scoring)
    out += [
        "Each requirement gets a status: `met`, `partial` or `missing`. The score (0–100) is "
        "the weighted mean, over the groups, of each group's weighted mean of status values "
        f"({values}), times 100. A requirement whose `requires` prerequisite is missing is "
        "missing too; a deficiency pattern that fires caps the requirements it limits. "
        "How to read the detector rules: docs/engine.md; how to write a framework: "
        "docs/frameworks.md.",
        "",
        "Sources marked *pinpoint unverified* cite a paragraph or article number that has "
        "not been checked against the instrument itself.",
        "",
        "## Groups",
        "",
        "| group | title | weight | requirements |",
        "|---|---|---|---|",
    ]
    for g in fw.groups:
        ids = ", ".join(r.id for r in fw.requirements_in(g.id))
        out.append(f"| {g.id} | {_cell(g.title)} | {g.weight:g} | {ids} |")
    out.append("")
    for g in fw.groups:
        out += [f"## {g.id}. {g.title}", ""]
        for r in fw.requirements_in(g.id):
            out += _requirement(fw, r)
    out += [
        "## Deficiency patterns",
        "",
        "A pattern that holds on a clause in its scope caps each requirement it limits. "
        "`unless`: the pattern does not fire when one of these conditions holds on some "
        "clause.",
        "",
        "| pattern | title | typical words | limits (cap) | detector |",
        "|---|---|---|---|---|",
    ]
    for p in fw.patterns:
        limits = ", ".join(f"{e.target} ({e.cap})" for e in fw.edges_from(p.id, "limits"))
        det = f"scope {p.detect.scope}; " + _features(p.detect.all, p.detect.any, p.detect.none)
        for c in p.detect.unless:
            det += f"; unless a {c.scope} clause has " + _features(c.all, c.any, c.none)
        out.append(f"| {p.id} | {_cell(p.title)} | {_cell(p.words)} | {limits} | {_cell(det)} |")
    if fw.aggregates:
        out += ["", "## Aggregate nodes", "", "Not requirements; they get no finding.", ""]
        for a in fw.aggregates:
            children = ", ".join(e.source for e in fw.edges_to(a, "refines"))
            out.append(f"- **{a}** — {fw.node_title(a)}; refined by {children}")
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the page for a framework (default mlp2020-art13; an id or path as argument)."""
    from npgap.errors import NpgapError
    from npgap.framework import DEFAULT_FRAMEWORK, load_framework

    args = list(sys.argv[1:] if argv is None else argv)
    try:
        fw = load_framework(args[0] if args else DEFAULT_FRAMEWORK)
    except NpgapError as exc:
        print(f"npgap: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(render(fw))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
