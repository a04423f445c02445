"""Text → `Document`: normalise, lex lines, parse with the LALR grammar, build the tree.

Why a custom Lark lexer: Lark's own lexer costs microseconds per token; handing it one
pre-classified token per logical line keeps parsing at several MB/s in pure Python.
Lark builds the LALR table from ``grammars/statute.lark`` once per process (its `cache=`
makes that a few ms after the first run); a short shift/reduce loop here walks that
table with the records as tokens and runs the transformer at each reduction, so no
parse tree is built. See benchmarks/parse_speed.py for the measured speed and memory.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from lark import Lark, Token
from lark.exceptions import LarkError, UnexpectedToken
from lark.lexer import Lexer

from npgap.build import Draft, DraftTransformer, finish, new_segment, read_as_words
from npgap.errors import InputError
from npgap.gcpause import paused
from npgap.lines import Rec, detect_style, lex
from npgap.normalise import decode, normalise
from npgap.tree import Document, Note
from npgap.tree import line_starts as _line_starts

__all__ = ["build_parser", "parse"]

#: Largest input accepted by default (characters); `max_chars` raises it.
MAX_CHARS = 50_000_000


class _RecordLexer(Lexer):
    """Names the token source for Lark: `npgap.lines` records (one per logical line).

    `parse` walks Lark's table itself (see `_run_lalr`), so this lexer only serves
    `Lark(...)` construction and a plain `Lark.parse(records)`.
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


class _Inlined(list[Any]):
    """The items of an inlined rule (``_in1``, Lark's ``__c1_star_4``…), waiting to be
    spliced into the items of the named rule above them, as Lark does."""

    __slots__ = ()


#: Per LALR state, per token or rule name: (True, next state) to shift, or
#: (False, (length, rule name, transformer method or None when inlined)) to reduce.
_Row = dict[str, tuple[bool, Any]]


@lru_cache(maxsize=2)
def _tables(strict: bool = False) -> tuple[dict[Any, _Row], Any, Any]:
    """Lark's LALR table for the statute grammar, as plain tuples for `_run_lalr`."""
    from lark.parsers.lalr_analysis import Shift

    lark = build_parser(strict)
    table = lark.parser.parser.parser.parse_table
    transformer = lark.options.transformer
    rows: dict[Any, _Row] = {}
    for state, actions in table.states.items():
        row: _Row = {}
        for symbol, (action, arg) in actions.items():
            if action is Shift:
                row[symbol] = (True, arg)
            else:
                if arg.alias or arg.options.expand1 or arg.options.keep_all_tokens:
                    raise TypeError(f"rule {arg} needs Lark's own tree builder")
                name = arg.origin.name
                method = None if name.startswith("_") else getattr(transformer, name)
                row[symbol] = (False, (len(arg.expansion), name, method))
        rows[state] = row
    return rows, table.start_states["start"], table.end_states["start"]


def _run_lalr(records: list[Rec]) -> tuple[list[Rec], list[Draft | Rec]]:
    """Run the LALR parse over the records, transforming as it reduces.

    The loop is Lark's (shift, reduce, go to) over Lark's own table for the grammar,
    with the records themselves as tokens and the transformer called per reduction;
    without Lark's per-token and per-rule wrappers it takes about a third less time.
    A token the table has no action for raises Lark's `UnexpectedToken` naming it.
    """
    rows, start, end = _tables()
    states = [start]
    values: list[Any] = []
    tokens: list[Any] = [*records, Token("$END", "")]
    for tok in tokens:
        typ = tok.type
        while True:
            try:
                shift, arg = rows[states[-1]][typ]
            except KeyError:
                expected = {s for s in rows[states[-1]] if s.isupper()}
                raise UnexpectedToken(tok, expected) from None  # type: ignore[no-untyped-call]
            if shift:
                states.append(arg)
                values.append(tok)
                break
            size, name, method = arg
            if size:
                items = values[-size:]
                del values[-size:]
                del states[-size:]
            else:
                items = []
            flat: list[Any] | None = None
            for i, item in enumerate(items):
                if item.__class__ is _Inlined:
                    if flat is None:
                        flat = item if i == 0 else _Inlined(items[:i])
                        if i:
                            flat.extend(item)
                    else:
                        flat.extend(item)
                elif flat is not None:
                    flat.append(item)
            if flat is None:
                flat = items
            value: Any
            if method is None:
                value = flat if flat.__class__ is _Inlined else _Inlined(flat)
            else:
                value = method(flat)
            goto = rows[states[-1]][name][1]
            states.append(goto)
            values.append(value)
            if typ == "$END" and goto == end:
                result: tuple[list[Rec], list[Draft | Rec]] = value
                return result
    raise AssertionError("unreachable: $END either completes the parse or raises")


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
    with paused():
        return _parse(source, path=path, max_chars=max_chars)


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
    style = detect_style(text)
    pre, body, note = _structure(lex(text, line_starts, style))
    if note is not None:
        notes.append(note)
    provisions, orphans = finish(text, line_starts, body)
    words = read_as_words(text)
    preamble = [
        new_segment("text", words(p.start, p.end), line_starts, p.start, p.end)
        for r in pre
        for p in r.pieces
    ]
    preamble += [new_segment("text", words(s, e), line_starts, s, e) for s, e in orphans]
    title = preamble[0].text if preamble else None
    return Document(
        title=title,
        preamble=tuple(preamble),
        provisions=provisions,
        text=text,
        line_starts=line_starts,
        notes=tuple(notes),
        path=path,
        style=style,
    )
