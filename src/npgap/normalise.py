"""Bytes → text, and text → a same-length normalised copy.

Why same length: every span the parser records is an offset into the normalised text,
and because normalisation replaces characters one for one (never inserts or deletes),
the same offsets, lines and columns point into the original file. What cannot be done
one for one (dropping a soft hyphen inside a word, spelling out a ligature) is done by
`fold`, which only makes the reading text of a span, never its position.
"""

from __future__ import annotations

import codecs
import re

from npgap.errors import InputError

__all__ = [
    "INVISIBLE",
    "LIGATURES",
    "READING_CHANGES",
    "decode",
    "fold",
    "needs_normalising",
    "normalise",
]

#: Characters that become a plain space (one for one).
_SPACE = (
    "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2008\u2009\u200a\u3000\u205f\u180e\t\f\v\x00\u2028\u2029"
)
#: Invisible in print: kept inside a word (`fold` drops them there), made a space next to
#: whitespace or a line end so that a label such as ``\u200bSection 5`` is still seen.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
#: Typographic ligatures from PDF extraction and what they read as (`fold` spells them out).
LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
#: Every character `fold` changes besides whitespace (for callers with a fast path).
READING_CHANGES = INVISIBLE + "".join(LIGATURES)

_TABLE: dict[int, int | str | None] = {ord(c): " " for c in _SPACE}
for _code in [*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)]:
    _TABLE[_code] = " "  # C0 and C1 controls (NEL included); \n and \r are handled apart
for _code in range(0xD800, 0xE000):
    _TABLE[_code] = "\ufffd"  # lone surrogates (possible in a Python str) cannot be written
for _c in INVISIBLE:
    _TABLE[ord(_c)] = _c  # identity here; `_INVISIBLE_RUN` decides (listed for fast paths)

#: Any character `normalise` may change; a search costs far less than a translate.
_ODD = re.compile(
    "["
    + "".join(re.escape(chr(c)) for c in sorted(_TABLE) if not 0xD800 <= c < 0xE000)
    + "\\r\ud800-\udfff]"
)
#: Invisible characters with whitespace, a line end or the text's end on either side.
_INVISIBLE_RUN = re.compile(f"[{INVISIBLE}]+")

_READING: dict[int, str | None] = {ord(c): None for c in INVISIBLE}
_READING.update({ord(k): v for k, v in LIGATURES.items()})


def decode(data: bytes, *, path: str | None = None) -> tuple[str, str | None]:
    """Decode file bytes; returns (text, warning or None).

    UTF-8 (BOM or not) and UTF-16 with a BOM are read as such; other bytes that are not
    UTF-8 are read as cp1252 (latin-1 where cp1252 has holes) with a warning that says so,
    unless the file is mostly UTF-8 with a few bad bytes, which become U+FFFD (one for
    one, so line numbers hold) with a warning naming the first. A UTF-8 BOM is dropped
    (editors do not count it as a column). Binary data is refused with an `InputError`.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _utf8(data[3:], path, claimed=True)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid UTF-16 at byte {exc.start}", path=path) from None
    head = data[:65536]
    if b"\x00" in head:
        if _utf16_without_bom(head):
            raise InputError(
                "looks like UTF-16 without a byte-order mark; save it as UTF-8 "
                "(or UTF-16 with a BOM)",
                path=path,
            )
        raise InputError("binary file (NUL bytes), not text", path=path)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    if _looks_binary(data):
        raise InputError("binary file, not text", path=path)
    return _utf8(data, path, claimed=False)


def _utf8(data: bytes, path: str | None, *, claimed: bool) -> tuple[str, str | None]:
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        first = exc.start + (3 if claimed else 0)
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    wide = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if claimed or wide > bad:
        where = data[: first - (3 if claimed else 0)].count(b"\n") + 1
        return text, (
            f"not valid UTF-8: {bad} undecodable byte(s), the first at byte {first} "
            f"(line {where}), read as U+FFFD"
        )
    try:
        return data.decode("cp1252"), "not UTF-8: decoded as cp1252 (Windows-1252)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8: decoded as latin-1 (ISO-8859-1)"


def _utf16_without_bom(head: bytes) -> bool:
    """Mostly ASCII text with every other byte NUL is UTF-16 that lost its BOM."""
    sample = head[:4096]
    if len(sample) < 4:
        return False
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even, odd) > 0.8 * half and min(even, odd) < 0.1 * half


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) // 100 + 2


def needs_normalising(text: str) -> bool:
    """Whether `normalise` would change anything (a cheap scan for a fast path)."""
    return _ODD.search(text) is not None


def normalise(text: str) -> str:
    """Same-length copy with odd spaces, controls and lone CRs made plain.

    CRLF keeps its CR as a space (so line numbers match the file); a lone CR (old Mac
    line ending) becomes a newline. Line and paragraph separators (U+2028/9) become
    spaces: editors and code-review tools number lines by LF and CR only. Lone
    surrogates become U+FFFD. Invisible characters (soft hyphen, zero-width spaces,
    word joiner, a stray BOM) stay inside a word; next to whitespace they become a space,
    except a soft hyphen that ends a line, which becomes ``-`` so that the word
    broken there is joined again by `fold`.
    """
    if _ODD.search(text) is None:
        return text
    out = text.translate(_TABLE)
    if "\r" in out:
        out = out.replace("\r\n", " \n").replace("\r", "\n")
    if any(c in out for c in INVISIBLE):
        out = _INVISIBLE_RUN.sub(lambda m: _invisible(out, m.start(), m.end()), out)
    return out


def _invisible(text: str, start: int, end: int) -> str:
    before = text[start - 1] if start > 0 else "\n"
    after = text[end] if end < len(text) else "\n"
    if after == " " and text.startswith(" \n", end):  # CRLF: its CR is a space by now
        after = "\n"
    run = text[start:end]
    if before.isspace() or after.isspace():
        if after == "\n" and run.endswith("\u00ad") and not before.isspace():
            return " " * (len(run) - 1) + "-"
        return " " * len(run)
    return run


def fold(raw: str) -> str:
    """Read a stretch of source as words: wrapped lines joined with one space.

    A line-final hyphen after a letter, followed by a lowercase letter, joins the word
    (``defend-`` / ``ant`` → ``defendant``). Invisible characters are dropped and
    ligatures spelled out (``ﬁ`` → ``fi``), so the words read as printed.
    """
    if "\n" not in raw:
        return " ".join(raw.translate(_READING).split())
    parts: list[str] = []
    for line in raw.split("\n"):
        words = line.translate(_READING).strip()
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
