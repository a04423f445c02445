"""The `npgap` command line: argparse front door over the command modules.

Why a thin dispatcher: each command lives in `npgap.commands.<name>` with a
`register(subparsers)` function, so commands are added without touching this file's
logic, and any `NpgapError` becomes one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

__all__ = ["main"]

#: Command modules, in the order `npgap --help` lists them.
COMMANDS = ("parse", "assess", "check", "frameworks", "explain")


def build_parser() -> argparse.ArgumentParser:
    from npgap import __version__

    parser = argparse.ArgumentParser(
        prog="npgap",
        description="Assess how far legislation implements the non-punishment principle "
        "for victims of trafficking in persons.",
    )
    parser.add_argument("--version", action="version", version=f"npgap {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"npgap.commands.{name}")
        except ModuleNotFoundError as exc:  # a command still being written
            if exc.name != f"npgap.commands.{name}":
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 fine, 1 check failed, 2 bad usage or input).

    Whatever goes wrong ends as one line on stderr: an `NpgapError` says what and where;
    anything else is a bug, reported as "internal error" (NPGAP_DEBUG=1 re-raises it).
    """
    from npgap.errors import NpgapError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        code: int = args.func(args)
    except NpgapError as exc:
        print(f"npgap: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("npgap: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except MemoryError as exc:
        return _internal(exc, "out of memory; try a smaller file")
    except Exception as exc:  # a bug: one line, exit 2; NPGAP_DEBUG=1 shows the traceback
        return _internal(exc)
    return code


def _internal(exc: BaseException, message: str | None = None) -> int:
    import os

    if os.environ.get("NPGAP_DEBUG"):
        raise exc
    if message is not None:
        print(f"npgap: {message}", file=sys.stderr)
        return 2
    from npgap.commands.assess import internal_error

    print(f"npgap: {internal_error(exc)}", file=sys.stderr)
    return 2


def _quiet_stdout() -> None:
    """After a closed pipe (`npgap ... | head`), keep Python from complaining at exit."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
