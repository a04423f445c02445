"""`npgap assess FILE...`: assess statutes and write one report in the chosen format.

Why bytes in and an atomic write out: the SHA-256 in the report is of the file's exact
bytes, and a report that is half-written when something fails would be mistaken for a
finished one, so the output appears only once complete.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from npgap.findings import Assessment

__all__ = ["add_common", "assess_files", "read_input", "register", "write_output"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `assess FILE... [--framework ID|PATH] [--format FMT] [-o PATH]`."""
    from npgap.render import FORMATS

    parser = sub.add_parser(
        "assess",
        help="assess statutes against a framework and write a report",
        description="Assess one or more statute text files against a requirement framework "
        "and write one report (Markdown by default).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="statute text file(s)")
    add_common(parser, FORMATS)
    parser.set_defaults(func=_run)


def add_common(parser: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    """The options `assess` and `check` share: --framework, --format, -o."""
    parser.add_argument(
        "--framework",
        metavar="ID|PATH",
        default=None,
        help="framework id or TOML file path (default: mlp2020-art13)",
    )
    parser.add_argument("--format", choices=tuple(formats), default="md", help="output format")
    parser.add_argument("-o", "--output", metavar="PATH", default=None, help="write to PATH")


def read_input(path: str) -> bytes:
    """The bytes of a statute file, or an InputError naming the file."""
    from npgap.errors import InputError

    if os.path.isdir(path):
        raise InputError("is a directory, not a text file", path=path)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from None
    if not data.strip():
        raise InputError("the file is empty", path=path)
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes), not statute text", path=path)
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 (byte {exc.start} cannot be decoded)", path=path
        ) from None
    return data


def assess_files(paths: Sequence[str], framework: str | None) -> list[Assessment]:
    """Assess every file (read as bytes) against one framework."""
    from npgap.pipeline import assess
    from npgap.framework import DEFAULT_FRAMEWORK, load_framework

    fw = load_framework(framework or DEFAULT_FRAMEWORK)
    return [assess(read_input(p), fw, path=p) for p in paths]


def write_output(text: str, output: str | None) -> None:
    """Write to stdout, or to `output` atomically (temp file in the same folder, replace)."""
    from npgap.errors import InputError

    if output is None:
        sys.stdout.write(text)
        return
    folder = os.path.dirname(os.path.abspath(output))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".npgap-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", path=output) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, output)
    except OSError as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise InputError(f"cannot write: {exc.strerror or exc}", path=output) from None
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _run(args: argparse.Namespace) -> int:
    from npgap.render import render

    assessments = assess_files(args.files, args.framework)
    write_output(render(assessments, args.format), args.output)
    return 0
