"""`npgap explain ID`: what a requirement (or deficiency pattern) asks, and why.

Why a command: a consultant reading a finding wants the test, the status rules, the
sources (with their verified flag) and the graph around it without opening the TOML.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from npgap.framework import Framework, Rule

__all__ = ["explain_text", "register"]

_WIDTH = 88


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `explain REQ-ID [--framework ID|PATH]`."""
    parser = sub.add_parser(
        "explain",
        help="explain a requirement: test, status rules, sources, graph",
        description="Explain a requirement (or a deficiency pattern) of a framework: its "
        "test, status rules, sources with their verified flag, what it requires and what "
        "limits it.",
    )
    parser.add_argument("id", metavar="REQ-ID", help="requirement id, e.g. NP-PRESUMED")
    parser.add_argument(
        "--framework",
        metavar="ID|PATH",
        default=None,
        help="framework id or TOML file path (default: mlp2020-art13)",
    )
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from npgap.framework import DEFAULT_FRAMEWORK, load_framework

    fw = load_framework(args.framework or DEFAULT_FRAMEWORK)
    sys.stdout.write(explain_text(fw, args.id))
    return 0


def _resolve_id(fw: Framework, wanted: str) -> str:
    import difflib

    from npgap.errors import FrameworkError

    ids: list[str] = [str(n) for n in fw.graph.nodes]
    if wanted in fw.graph:
        return wanted
    folded = {i.casefold(): i for i in ids}
    if wanted.casefold() in folded:
        return folded[wanted.casefold()]
    close = difflib.get_close_matches(wanted.upper(), sorted(ids), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise FrameworkError(f"{wanted!r} is not a requirement or pattern of {fw.id}{hint}")


def _para(label: str, text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(
        f"{label}{text}",
        width=_WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + "  ",
    )


def _describe_rule(rule: Rule, scope: str) -> str:
    parts = []
    if rule.all:
        parts.append("all of " + ", ".join(rule.all))
    if rule.any:
        parts.append("any of " + ", ".join(rule.any))
    if rule.none:
        parts.append("none of " + ", ".join(rule.none))
    cond = "; ".join(parts) or "any clause"
    return f"{rule.status} if a {rule.scope or scope} clause has {cond} — {rule.because}"


def _with_titles(fw: Framework, ids: tuple[str, ...] | list[str]) -> list[str]:
    return [f"{i} — {fw.node_title(i)}" for i in ids]


def explain_text(fw: Framework, wanted: str) -> str:
    """The explanation of one node of the framework, as plain text."""
    node = _resolve_id(fw, wanted)
    kind = fw.kind_of(node)
    if kind == "pattern":
        lines = _explain_pattern(fw, node)
    elif kind == "aggregate":
        lines = _explain_aggregate(fw, node)
    else:
        lines = _explain_requirement(fw, node)
    return "\n".join(lines) + "\n"


def _list_block(title: str, items: list[str]) -> list[str]:
    out = ["", f"{title}:"]
    if not items:
        return [*out, "  (none)"]
    for item in items:
        out += _para("- ", item, "  ")
    return out


def _explain_requirement(fw: Framework, rid: str) -> list[str]:
    r = fw.requirement(rid)
    group = fw.group(r.group)
    out = [
        f"{r.id} — {r.title}",
        f"{fw.id} {fw.version} · group {group.id} ({group.title}) · tier {r.tier} · "
        f"weight {r.weight:g} · severity {r.severity}",
        "",
    ]
    out += _para("Test: ", r.test)
    out += ["", "Status rules:"]
    for status in ("met", "partial", "missing"):
        out += _para(f"{status + ':':<9}", r.rules.text(status), "  ")
    sources = [
        f"{s.instrument}, {s.pinpoint} [{'verified' if s.verified else 'unverified pinpoint'}]"
        for s in r.sources
    ]
    out += _list_block("Sources", sources)
    out += _list_block("Requires", _with_titles(fw, list(fw.prerequisites(rid))))
    dependents = [e.source for e in fw.edges_to(rid, "requires")]
    out += _list_block("Required by", _with_titles(fw, dependents))
    out += _list_block(
        "Refines", _with_titles(fw, [e.target for e in fw.edges_from(rid, "refines")])
    )
    out += _list_block(
        "Refined by", _with_titles(fw, [e.source for e in fw.edges_to(rid, "refines")])
    )
    limits = [
        f"{p.id} — {p.title}: caps at {cap} (typical words: {p.words})"
        for p, cap in fw.limits_on(rid)
    ]
    out += _list_block("Limited by", limits)
    out += ["", f"How the matcher decides (scope: {r.detect.scope} clauses):"]
    for n, rule in enumerate(r.detect.rules, 1):
        out += _para(f"{n}. ", _describe_rule(rule, r.detect.scope), "  ")
    out += _para("otherwise ", f"{r.detect.default} — {r.detect.default_because}", "  ")
    out += [""]
    out += _para("Recommendation: ", r.recommendation)
    return out


def _explain_pattern(fw: Framework, pid: str) -> list[str]:
    p = fw.pattern(pid)
    det = p.detect
    out = [f"{p.id} — {p.title} (deficiency pattern)", f"{fw.id} {fw.version}", ""]
    out += _para("Typical words: ", p.words)
    parts = []
    if det.all:
        parts.append("all of " + ", ".join(det.all))
    if det.any:
        parts.append("any of " + ", ".join(det.any))
    if det.none:
        parts.append("none of " + ", ".join(det.none))
    out += [""]
    out += _para("Fires when ", f"a {det.scope} clause has " + "; ".join(parts))
    for c in det.unless:
        cond = "; ".join(
            f"{name} of {', '.join(feats)}"
            for name, feats in (("all", c.all), ("any", c.any), ("none", c.none))
            if feats
        )
        out += _para("unless ", f"some {c.scope} clause has {cond or 'any features'}", "  ")
    limits = [
        f"{e.target} — {fw.node_title(e.target)}: capped at {e.cap}"
        for e in fw.edges_from(pid, "limits")
    ]
    out += _list_block("Limits", limits)
    return out


def _explain_aggregate(fw: Framework, aid: str) -> list[str]:
    out = [f"{aid} — {fw.node_title(aid)} (aggregate node: not a requirement, no finding)"]
    out += _list_block(
        "Refined by", _with_titles(fw, [e.source for e in fw.edges_to(aid, "refines")])
    )
    return out
