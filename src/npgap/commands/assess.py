"""`npgap assess FILE...`: assess statutes and write one report in the chosen format.

Why bytes in and an atomic write out: the SHA-256 in the report is of the file's exact
bytes, and a report that is half-written when something fails would be mistaken for a
finished one, so the output appears only once complete. Why every file gets its
outcome: a consultant assessing forty laws wants the thirty-nine good reports and one
line about the bad file, not a stop at the first bad file.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import stat
import sys
import tempfile
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from npgap.errors import NpgapError
    from npgap.findings import Assessment
    from npgap.framework import Framework

__all__ = [
    "DEFAULT_MAX_SIZE",
    "Outcome",
    "add_common",
    "add_max_size",
    "assess_files",
    "assess_one",
    "parse_size",
    "read_input",
    "register",
    "report_error",
    "write_output",
]

#: Largest input file read by default (bytes); `--max-size` raises it.
DEFAULT_MAX_SIZE = 20 * 1024 * 1024

_SIZE = re.compile(r"(\d{1,15}(?:\.\d{1,6})?)\s?([kmg]i?b?|b)?", re.I)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}

_MULTI = (
    "Several files make one report: md, a comparison table then each report; json, an "
    "array of reports (one file: one object); sarif, one run with an artifact per file; "
    "html and csv, one document/table covering all. A file that cannot be read gets one "
    "error line on stderr and is left out; the others are still assessed and written. "
    "Exit code: 0 all assessed, 2 any file unreadable or bad usage (nothing is written "
    "when no file could be assessed, so an earlier report at -o stays as it was)."
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `assess FILE... [--framework ID|PATH] [--format FMT] [-o PATH] [--max-size N]`."""
    from npgap.render import FORMATS

    parser = sub.add_parser(
        "assess",
        help="assess statutes against a framework and write a report",
        description="Assess one or more statute text files against a requirement framework "
        "and write one report (Markdown by default). " + _MULTI,
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="statute text file(s)")
    add_common(parser, FORMATS)
    parser.set_defaults(func=_run)


def add_common(parser: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    """The options `assess` and `check` share: --framework, --format, -o, --max-size."""
    parser.add_argument(
        "--framework",
        metavar="ID|PATH",
        default=None,
        help="framework id or TOML file path (default: mlp2020-art13)",
    )
    parser.add_argument("--format", choices=tuple(formats), default="md", help="output format")
    parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        default=None,
        help="write to PATH (atomically: the file appears only when complete)",
    )
    add_max_size(parser)


def add_max_size(parser: argparse.ArgumentParser) -> None:
    """`--max-size N`: the largest input file accepted (bytes, or with K/M/G)."""
    parser.add_argument(
        "--max-size",
        metavar="SIZE",
        type=_size_arg,
        default=DEFAULT_MAX_SIZE,
        help=f"largest input file accepted, e.g. 50M (default {_human(DEFAULT_MAX_SIZE)})",
    )


def parse_size(text: str) -> int:
    """``"20M"`` → 20971520; plain numbers are bytes; K, M, G are powers of 1024."""
    m = _SIZE.fullmatch(text.strip())
    if m is None:
        raise ValueError(f"not a size: {text!r} (use e.g. 500K, 20M, 1G)")
    unit = (m.group(2) or "").lower()[:1]
    return int(float(m.group(1)) * _UNITS[unit])


def _size_arg(text: str) -> int:
    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _human(size: int) -> str:
    for unit, factor in (("G", 1024**3), ("M", 1024**2), ("K", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + unit
    return f"{size} bytes"


def read_input(path: str, *, max_size: int = DEFAULT_MAX_SIZE) -> bytes:
    """The bytes of a statute file, or an InputError naming the file and what is wrong.

    Checks what can be checked before reading (a directory, a file over `max_size`), so
    a 4 GB log handed over by mistake is refused at once instead of filling memory.
    """
    from npgap.errors import InputError

    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory, not a text file", path=path)
    if stat.S_ISREG(info.st_mode) and info.st_size > max_size:
        raise InputError(_too_big(info.st_size, max_size), path=path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_size + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from None
    if len(data) > max_size:
        raise InputError(_too_big(len(data), max_size, at_least=True), path=path)
    if not data.strip():
        raise InputError("the file is empty", path=path)
    return data


def _too_big(size: int, limit: int, *, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    suggestion = _human(max(size * 2 if at_least else size, limit) + 1024**2 - 1)
    return (
        f"the file is {more}{_human(size)}, over the {_human(limit)} limit "
        f"(raise it with --max-size {suggestion})"
    )


@attrs.frozen(slots=True)
class Outcome:
    """What became of one input file: its assessment, or the error that stopped it."""

    path: str
    assessment: Assessment | None
    error: NpgapError | None


def assess_one(
    path: str, fw: Framework, *, max_size: int = DEFAULT_MAX_SIZE, warn: bool = True
) -> Assessment:
    """Read and assess one file; the document's notes (such as the encoding used when the
    file is not UTF-8) go to stderr as warnings. The SHA-256 is of the file's bytes."""
    from npgap.parser import MAX_CHARS
    from npgap.pipeline import assess

    data = read_input(path, max_size=max_size)
    a = assess(
        data,
        fw,
        path=path,
        max_chars=max(MAX_CHARS, max_size),
        warn=False,  # the notes below say it once, as one line per note
        allow_empty=False,
    )
    if warn:
        for note in a.document.notes:
            print(
                f"npgap: {path}:{note.line}:{note.column}: warning: {note.message}", file=sys.stderr
            )
    return a


def assess_files(
    paths: Sequence[str], framework: str | None, *, max_size: int = DEFAULT_MAX_SIZE
) -> list[Outcome]:
    """Assess every file against one framework; a bad file is an outcome, not a stop.

    Any `NpgapError` is kept as that file's outcome. Anything else is a bug in npgap:
    it is kept as an `InternalError` naming the file, so the other files still get their
    reports (set NPGAP_DEBUG=1 to see the traceback instead).
    """
    from npgap.errors import NpgapError
    from npgap.framework import DEFAULT_FRAMEWORK, load_framework

    fw = load_framework(framework or DEFAULT_FRAMEWORK)
    out: list[Outcome] = []
    for p in paths:
        try:
            out.append(Outcome(p, assess_one(p, fw, max_size=max_size), None))
        except NpgapError as exc:
            out.append(Outcome(p, None, exc))
        except Exception as exc:  # a bug: report it for this file, go on with the rest
            if os.environ.get("NPGAP_DEBUG"):
                raise
            out.append(Outcome(p, None, internal_error(exc, path=p)))
    return out


def internal_error(exc: BaseException, *, path: str | None = None) -> NpgapError:
    """A one-line `InternalError` for an exception that should never have escaped."""
    from npgap.errors import InternalError

    detail = " ".join(str(exc).split())[:200]
    return InternalError(
        f"internal error, please report it: {type(exc).__name__}"
        + (f": {detail}" if detail else ""),
        path=path,
    )


def report_error(err: NpgapError) -> None:
    """The one stderr line for a file that could not be assessed."""
    print(f"npgap: {err}", file=sys.stderr)


def write_output(text: str, output: str | None) -> None:
    """Write to stdout, or to `output` atomically (temp file in the same folder, replace).

    Text that cannot be encoded as UTF-8 (a lone surrogate from an undecodable file name)
    is written backslash-escaped rather than failing after the work is done.
    """
    from npgap.errors import InputError

    data = text.encode("utf-8", errors="backslashreplace")
    if output is None:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(data.decode("utf-8"))
        else:
            sys.stdout.flush()
            buffer.write(data)
            buffer.flush()
        return
    if os.path.isdir(output):
        raise InputError("is a directory; -o needs a file path", path=output)
    folder = os.path.dirname(os.path.abspath(output))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".npgap-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", path=output) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        _keep_mode(output, tmp)
        os.replace(tmp, output)
    except OSError as exc:
        _unlink(tmp)
        raise InputError(f"cannot write: {exc.strerror or exc}", path=output) from None
    except BaseException:
        _unlink(tmp)
        raise


def _keep_mode(output: str, tmp: str) -> None:
    """mkstemp makes 0600 files; give the report the mode a plain open() would have."""
    try:
        mode = stat.S_IMODE(os.stat(output).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _run(args: argparse.Namespace) -> int:
    from npgap.render import render

    outcomes = assess_files(args.files, args.framework, max_size=args.max_size)
    code = 0
    for o in outcomes:
        if o.error is not None:
            report_error(o.error)
            code = 2
    good = [o.assessment for o in outcomes if o.assessment is not None]
    if good:
        write_output(render(good, args.format), args.output)
    return code
