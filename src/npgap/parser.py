"""Text → `Document`: normalise, lex lines, parse with the LALR grammar, build the tree.

Why a custom Lark lexer: Lark's own lexer costs microseconds per token; handing it one
pre-classified token per logical line keeps parsing at several MB/s in pure Python.
The parser is built once per process (and Lark's grammar cache makes that cheap).
"""

from __future__ import annotations

import gc
import hashlib
import os
import sys
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from lark import Lark, Token
from lark.exceptions import LarkError
from lark.lexer import Lexer

from npgap.build import Draft, DraftTransformer, SpanMaker, finish, read_as_words
from npgap.errors import InputError
from npgap.lines import Rec, lex
from npgap.normalise import decode, normalise
from npgap.tree import Document, Note, Segment

__all__ = ["build_parser", "parse"]

#: Largest input accepted by default (characters); `max_chars` raises it.
MAX_CHARS = 50_000_000


class _RecordLexer(Lexer):
    """Names the token source for Lark: `npgap.lines` records (one per logical line).

    `parse` feeds the records to Lark's LALR loop itself (see `_run_lalr`), so this
    lexer only serves `Lark(...)` construction and a plain `Lark.parse(records)`.
    """

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any, parser_state: Any = None) -> Iterator[Token]:
        records: list[Rec] = data
        for r in records:
            yield Token(r.type, r.type, start_pos=r.start, line=r.line, column=r.column)


def _cache_path() -> str | bool:
    """Where Lark keeps the analysed grammar between processes (its `cache=` option):
    a private per-user directory, so a pickle is never read from a shared /tmp;
    no cache when that directory cannot be made."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "npgap")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return False
    if not os.access(folder, os.W_OK):
        return False
    from lark import __version__ as lark_version

    from npgap.grammar_files import grammar_text

    key = hashlib.sha256(grammar_text("statute.lark").encode("utf-8")).hexdigest()[:16]
    return os.path.join(
        folder,
        f"statute-{key}-lark{lark_version}-py{sys.version_info[0]}{sys.version_info[1]}.lark",
    )


@lru_cache(maxsize=2)
def build_parser(strict: bool = False) -> Lark:
    """The statute parser (LALR over line records), built once per process.

    Its transformer runs inside the parse, so no parse tree is built. Building the
    LALR tables costs about 0.4 s; Lark's `cache=` brings later processes to a few ms.
    """
    from npgap.grammar_files import grammar_text

    return Lark(
        grammar_text("statute.lark"),
        parser="lalr",
        lexer=_RecordLexer,
        strict=strict,
        transformer=DraftTransformer(),
        cache=False if strict else _cache_path(),
    )


def _line_starts(text: str) -> tuple[int, ...]:
    starts = [0]
    find = text.find
    i = find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return tuple(starts)


def _run_lalr(records: list[Rec]) -> tuple[list[Rec], list[Draft | Rec]]:
    """Run the LALR parse over the records, transforming as it reduces.

    The records go to Lark's parser state as tokens themselves: its loop reads only a
    token's ``type``, so no `Token` is made per line and no offset lookup is needed to
    find a token's record again. A parse error names its record (or ``$END``).
    """
    interactive = build_parser().parse_interactive()
    feed = interactive.parser_state.feed_token
    for r in records:
        feed(r)  # type: ignore[arg-type]
    result: tuple[list[Rec], list[Draft | Rec]] = feed(Token("$END", ""), True)
    return result


def _structure(records: list[Rec]) -> tuple[list[Rec], list[Draft | Rec], Note | None]:
    """Preamble records and top-level drafts; on a parse error, every record as
    preamble text and a note naming the line (the caller keeps no other reference to
    the records, so they are freed as the tree is built)."""
    try:
        pre, body = _run_lalr(records)
    except LarkError as exc:
        token = getattr(exc, "token", None)
        if isinstance(token, Rec):
            line = token.line
        elif records and getattr(token, "type", None) == "$END":
            line = records[-1].line
        else:
            line = 1
        note = Note(
            f"structure not recognised after this line ({type(exc).__name__}); kept as flat text",
            line,
            1,
        )
        return records, [], note  # keep every record as preamble text
    return pre, body, None


def parse(
    source: str | bytes,
    *,
    path: str | None = None,
    max_chars: int = MAX_CHARS,
) -> Document:
    """Parse statute text (or file bytes) into a `Document`.

    Never refuses text it cannot place: such text stays as content of the nearest node,
    and a note says so. Raises `InputError` only for bytes that are not text.

    The cyclic garbage collector is paused for the call: the parse allocates hundreds
    of thousands of small acyclic objects that it would otherwise rescan repeatedly
    (a third of the run time on a 2 MB act); it is restored even on error.
    """
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse(source, path=path, max_chars=max_chars)
    finally:
        if gc_was_enabled:
            gc.enable()


def _parse(source: str | bytes, *, path: str | None, max_chars: int) -> Document:
    notes: list[Note] = []
    if isinstance(source, bytes):
        raw, warning = decode(source, path=path)
        if warning:
            notes.append(Note(warning, 1, 1))
    else:
        raw = source
    if len(raw) > max_chars:
        raise InputError(
            f"input is {len(raw)} characters; the limit is {max_chars} (raise it with max_chars)",
            path=path,
        )
    text = normalise(raw)  # the same object when nothing needs changing
    line_starts = _line_starts(text)
    pre, body, note = _structure(lex(text))
    if note is not None:
        notes.append(note)
    provisions, orphans = finish(text, line_starts, body)
    span = SpanMaker(line_starts)
    words = read_as_words(text)
    preamble = [
        Segment("text", words(p.start, p.end), span(p.start, p.end)) for r in pre for p in r.pieces
    ]
    preamble += [Segment("text", words(s, e), span(s, e)) for s, e in orphans]
    title = preamble[0].text if preamble else None
    return Document(
        title=title,
        preamble=tuple(preamble),
        provisions=provisions,
        text=text,
        line_starts=line_starts,
        notes=tuple(notes),
        path=path,
        style=_style_name(text),
    )


def _style_name(text: str) -> str:
    from npgap.lines import detect_style

    return detect_style(text)
