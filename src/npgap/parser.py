"""Text → `Document`: normalise, lex lines, parse with the LALR grammar, build the tree.

Why a custom Lark lexer: Lark's own lexer costs microseconds per token; handing it one
pre-classified token per logical line keeps parsing at several MB/s in pure Python.
The parser is built once per process (and Lark's grammar cache makes that cheap).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from lark import Lark, Token
from lark.exceptions import LarkError
from lark.lexer import Lexer

from npgap.build import DraftTransformer, finish, make_span
from npgap.errors import InputError
from npgap.lines import Rec, lex
from npgap.normalise import decode, fold, normalise
from npgap.tree import Document, Note, Segment

__all__ = ["build_parser", "parse"]

#: Largest input accepted by default (characters); `max_chars` raises it.
MAX_CHARS = 50_000_000


class _RecordLexer(Lexer):
    """Feeds Lark the records prepared by `npgap.lines` (one token per logical line)."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any, parser_state: Any = None) -> Iterator[Token]:
        records: list[Rec] = data
        for r in records:
            yield Token(r.type, r.type, start_pos=r.start, line=r.line, column=r.column)


@lru_cache(maxsize=2)
def build_parser(strict: bool = False) -> Lark:
    """The statute parser (LALR over line records), built once per process."""
    from npgap.grammar_files import grammar_text

    return Lark(
        grammar_text("statute.lark"),
        parser="lalr",
        lexer=_RecordLexer,
        strict=strict,
    )


def _line_starts(text: str) -> tuple[int, ...]:
    starts = [0]
    find = text.find
    i = find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return tuple(starts)


def parse(
    source: str | bytes,
    *,
    path: str | None = None,
    max_chars: int = MAX_CHARS,
) -> Document:
    """Parse statute text (or file bytes) into a `Document`.

    Never refuses text it cannot place: such text stays as content of the nearest node,
    and a note says so. Raises `InputError` only for bytes that are not text.
    """
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
    text = normalise(raw)
    line_starts = _line_starts(text)
    records = lex(text)
    by_pos = {r.start: r for r in records}
    try:
        tree = build_parser().parse(records)
        pre, body = DraftTransformer(by_pos).transform(tree)
    except LarkError as exc:
        pos = getattr(exc, "pos_in_stream", None) or 0
        line = by_pos[pos].line if pos in by_pos else 1
        notes.append(
            Note(
                f"structure not recognised after this line ({type(exc).__name__}); "
                "kept as flat text",
                line,
                1,
            )
        )
        pre, body = records, []  # keep every record as preamble text
    provisions, orphans = finish(text, line_starts, body)
    preamble = [
        Segment("text", fold(text[p.start : p.end]), make_span(text, line_starts, p.start, p.end))
        for r in pre
        for p in r.pieces
    ] + [Segment("text", fold(text[s:e]), make_span(text, line_starts, s, e)) for s, e in orphans]
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
