"""`npgap check FILE`: a CI gate — exit 1 when the score or statuses fall short.

Why a separate command: `assess` always succeeds when it can read the file; a pipeline
needs a yes/no with the reason on stderr, while the report can still go to `-o`.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from npgap.findings import Assessment

__all__ = ["gate_failures", "register"]

_FORMATS = ("md", "json", "sarif")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `check FILE [--fail-under SCORE] [--fail-on partial|missing] [--require ID ...]`."""
    from npgap.commands.assess import add_common

    parser = sub.add_parser(
        "check",
        help="CI gate: exit 1 when the statute falls short",
        description="Assess one statute and exit 1 when the gate fails: score below "
        "--fail-under, any requirement at or below --fail-on, or a --require requirement "
        "not met. Reasons go to stderr; the report to stdout or -o.",
    )
    parser.add_argument("file", metavar="FILE", help="statute text file")
    parser.add_argument(
        "--fail-under", type=float, default=None, metavar="SCORE", help="minimum score 0-100"
    )
    parser.add_argument(
        "--fail-on",
        choices=("partial", "missing"),
        default=None,
        help="fail when any requirement is this status or worse",
    )
    parser.add_argument(
        "--require",
        action="append",
        default=[],
        metavar="ID",
        help="a requirement that must be met (repeatable)",
    )
    add_common(parser, _FORMATS)
    parser.set_defaults(func=_run)


def gate_failures(
    a: Assessment,
    *,
    fail_under: float | None,
    fail_on: str | None,
    require: list[str],
) -> list[str]:
    """Why the gate fails (empty when it passes)."""
    from npgap.errors import InputError
    from npgap.findings import STATUSES

    reasons: list[str] = []
    if fail_under is not None and a.score < fail_under:
        reasons.append(f"score {a.score:g} is below --fail-under {fail_under:g}")
    if fail_on is not None:
        bad = STATUSES[STATUSES.index(fail_on) :]
        hit = [f"{f.requirement} ({f.status})" for f in a.findings if f.status in bad]
        if hit:
            reasons.append(f"{len(hit)} requirement(s) {fail_on} or worse: " + ", ".join(hit))
    statuses = a.statuses()
    for rid in require:
        if rid not in statuses:
            raise InputError(f"--require {rid}: not a requirement of {a.framework_id}")
        if statuses[rid] != "met":
            reasons.append(f"required {rid} is {statuses[rid]}, not met")
    return reasons


def _run(args: argparse.Namespace) -> int:
    from npgap.commands.assess import assess_files, write_output
    from npgap.render import render

    (a,) = assess_files([args.file], args.framework)
    reasons = gate_failures(
        a, fail_under=args.fail_under, fail_on=args.fail_on, require=list(args.require)
    )
    write_output(render([a], args.format), args.output)
    if reasons:
        for r in reasons:
            print(f"npgap check: {args.file}: FAILED: {r}", file=sys.stderr)
        return 1
    print(f"npgap check: {args.file}: passed (score {a.score:g})", file=sys.stderr)
    return 0
