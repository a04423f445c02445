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
    """Add `check FILE... [--fail-under SCORE] [--fail-on partial|missing] [--require ID]`."""
    from npgap.commands.assess import add_common

    parser = sub.add_parser(
        "check",
        help="CI gate: exit 1 when the statute falls short",
        description="Assess statutes and exit 1 when the gate fails for any of them: score "
        "below --fail-under, any requirement at or below --fail-on, or a --require "
        "requirement not met. One line per file goes to stderr (passed, FAILED with the "
        "reasons, or the error); the report of every file that could be read goes to "
        "stdout or -o (several files: one report, as for `assess`). Exit code: the worst "
        "file's: 0 all passed, 1 some failed the gate, 2 some could not be read or bad "
        "usage (nothing is written when no file could be assessed).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="statute text file(s)")
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
    from npgap.commands.assess import assess_files, report_error, write_output
    from npgap.render import render

    outcomes = assess_files(args.files, args.framework, max_size=args.max_size)
    # an unknown --require id raises here, before anything is written
    verdicts = [
        None
        if o.assessment is None
        else gate_failures(
            o.assessment,
            fail_under=args.fail_under,
            fail_on=args.fail_on,
            require=list(args.require),
        )
        for o in outcomes
    ]
    good = [o.assessment for o in outcomes if o.assessment is not None]
    if good:
        write_output(render(good, args.format), args.output)
    code = 0
    for o, reasons in zip(outcomes, verdicts, strict=True):
        if o.assessment is None or reasons is None:
            if o.error is not None:
                report_error(o.error)
            code = 2
        elif reasons:
            for r in reasons:
                print(f"npgap check: {o.path}: FAILED: {r}", file=sys.stderr)
            code = max(code, 1)
        else:
            print(f"npgap check: {o.path}: passed (score {o.assessment.score:g})", file=sys.stderr)
    return code
