"""The public functions: `parse` a statute, `assess` it against a framework.

Why a module of its own: `npgap/__init__.py` re-exports these lazily, so importing
npgap stays cheap and each stage loads only when first used.
"""

from __future__ import annotations

from npgap.parser import MAX_CHARS
from npgap.pipeline import assess, encoding_warning, read_source
from npgap.tree import Document

__all__ = ["assess", "parse"]


def parse(source: str | bytes, *, path: str | None = None, max_chars: int = MAX_CHARS) -> Document:
    """Parse statute text (or file bytes) into a `Document`.

    Bytes that are not UTF-8 are decoded as cp1252 / latin-1 (or as UTF-8 with the bad
    bytes replaced) with an `npgap.InputEncodingWarning` naming the encoding used; the
    document's first note says the same. Raises `InputError` for bytes that are not text
    or text over `max_chars` characters.
    """
    doc, warning = read_source(source, path=path, max_chars=max_chars)
    if warning is not None:
        encoding_warning(warning, path, stacklevel=2)
    return doc
