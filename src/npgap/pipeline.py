"""`assess`: parse (if needed), match and score one statute against a framework.

Why a thin function: every stage is a pure function (parse → clauses → features →
detectors → statuses), so the same input always gives byte-identical output and the
function keeps no state between calls. The CLI calls it too (with its size limit and
its own way of showing warnings), so the API and the CLI cannot drift apart.
"""

from __future__ import annotations

import hashlib
import os
import warnings

import attrs

from npgap.errors import InputEncodingWarning, InputError
from npgap.findings import Assessment
from npgap.framework import DEFAULT_FRAMEWORK, Framework, load_framework
from npgap.gcpause import paused
from npgap.parser import MAX_CHARS
from npgap.tree import Document, Note

__all__ = ["assess", "read_source"]


def read_source(
    source: str | bytes, *, path: str | None = None, max_chars: int = MAX_CHARS
) -> tuple[Document, str | None]:
    """Parse text or file bytes; with the decoding warning for bytes that are not UTF-8
    (which the document's notes also hold, first, at line 1), else None."""
    from npgap.normalise import decode
    from npgap.parser import parse

    if not isinstance(source, bytes):
        return parse(source, path=path, max_chars=max_chars), None
    text, warning = decode(source, path=path)
    doc = parse(text, path=path, max_chars=max_chars)
    if warning is None:
        return doc, None
    return attrs.evolve(doc, notes=(Note(warning, 1, 1), *doc.notes)), warning


def encoding_warning(warning: str, path: str | None, *, stacklevel: int) -> None:
    """`warnings.warn` an `InputEncodingWarning` naming the file (when known) and the
    encoding used; `stacklevel` counts from the caller of this function."""
    where = f"{path}: " if path else ""
    warnings.warn(InputEncodingWarning(where + warning), stacklevel=stacklevel + 1)


def assess(
    text_or_document: str | bytes | Document,
    framework: str | os.PathLike[str] | Framework = DEFAULT_FRAMEWORK,
    *,
    path: str | None = None,
    max_chars: int = MAX_CHARS,
    warn: bool = True,
    allow_empty: bool = True,
) -> Assessment:
    """Assess a statute (text, bytes or parsed Document) against a framework.

    The document's SHA-256 is taken over the input bytes (UTF-8 of the text when a str or
    Document is given). `path` is recorded as given. `max_chars` is the largest text
    accepted (an `InputError` beyond it). Bytes that are not UTF-8 are decoded with an
    `InputEncodingWarning` (unless `warn` is False: the CLI prints the document's notes
    instead) and the assessment's `document.notes` say so. With `allow_empty` False, text
    that is empty once decoded is an `InputError` instead of an empty assessment.
    """
    from npgap import __version__
    from npgap.match import match
    from npgap.score import assessment

    fw = framework if isinstance(framework, Framework) else load_framework(framework)
    if isinstance(text_or_document, Document):
        doc = text_or_document
        data = doc.text.encode("utf-8", "surrogatepass")
        path = path if path is not None else doc.path
    else:
        data = (
            text_or_document
            if isinstance(text_or_document, bytes)
            # a str may hold lone surrogates (parse reads them as U+FFFD); hash them as-is
            else text_or_document.encode("utf-8", "surrogatepass")
        )
        doc, warning = read_source(text_or_document, path=path, max_chars=max_chars)
        if warning is not None and warn:
            encoding_warning(warning, path, stacklevel=2)
    if not allow_empty and not doc.text.strip():
        raise InputError("the file is empty (no text after decoding)", path=path)
    digest = hashlib.sha256(data).hexdigest()
    with paused():  # see npgap.gcpause: the engine's objects hold no cycles either
        return assessment(match(doc), fw, path=path, sha256=digest, version=__version__)
