"""Bytes → text, and text → a same-length normalised copy.

Why same length: every span the parser records is an offset into the normalised text,
and because normalisation replaces characters one for one (never inserts or deletes),
the same offsets, lines and columns point into the original file.
"""

from __future__ import annotations

import codecs

from npgap.errors import InputError

__all__ = ["decode", "fold", "normalise"]

#: Characters that become a plain space (one for one).
_SPACE = (
    "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2008\u2009\u200a\u3000\ufeff\t\f\v\x00"
)
_TABLE = {ord(c): " " for c in _SPACE}
for _code in [*range(0x01, 0x09), 0x0E, 0x0F, *range(0x10, 0x20), 0x7F]:
    _TABLE[_code] = " "
_TABLE[0x85] = " "
_TABLE[0x2028] = "\n"
_TABLE[0x2029] = "\n"

#: Characters dropped when reading a span as words (they are invisible in print).
_INVISIBLE = {ord("\u00ad"): None, ord("\u200b"): None, ord("\u200c"): None, ord("\u200d"): None}


def decode(data: bytes, *, path: str | None = None) -> tuple[str, str | None]:
    """Decode file bytes; returns (text, warning or None).

    UTF-8 (BOM or not) and UTF-16 with a BOM are read as such; other bytes that are not
    UTF-8 are read as cp1252 (latin-1 where cp1252 has holes) with a warning that says so.
    Binary data (NUL bytes outside UTF-16) is refused.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return "\ufeff" + data[3:].decode("utf-8"), None
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid UTF-8 at byte {exc.start}", path=path) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid UTF-16 at byte {exc.start}", path=path) from None
    if b"\x00" in data[:65536]:
        raise InputError("binary file (NUL bytes), not text", path=path)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    if _looks_binary(data):
        raise InputError("binary file, not text", path=path)
    try:
        return data.decode("cp1252"), "not UTF-8: decoded as cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8: decoded as latin-1"


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) // 100 + 2


def normalise(text: str) -> str:
    """Same-length copy with odd spaces, controls and lone CRs made plain.

    CRLF keeps its CR as a space (so line numbers match the file); a lone CR (old Mac
    line ending) becomes a newline.
    """
    out = text.translate(_TABLE)
    if "\r" in out:
        out = out.replace("\r\n", " \n").replace("\r", "\n")
    return out


def fold(raw: str) -> str:
    """Read a stretch of source as words: wrapped lines joined with one space.

    A line-final hyphen after a letter, followed by a lowercase letter, joins the word
    (``defend-`` / ``ant`` → ``defendant``).
    """
    if "\n" not in raw:
        return " ".join(raw.translate(_INVISIBLE).split())
    parts: list[str] = []
    for line in raw.split("\n"):
        words = line.translate(_INVISIBLE).strip()
        if not words:
            continue
        if (
            parts
            and parts[-1].endswith("-")
            and len(parts[-1]) > 1
            and parts[-1][-2].isalpha()
            and words[0].islower()
        ):
            parts[-1] = parts[-1][:-1] + words
        else:
            parts.append(words)
    return " ".join(" ".join(parts).split())
