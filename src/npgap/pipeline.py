"""`assess`: parse (if needed), match and score one statute against a framework.

Why a thin function: every stage is a pure function (parse → clauses → features →
detectors → statuses), so the same input always gives byte-identical output and the
function keeps no state between calls.
"""

from __future__ import annotations

import hashlib
import os

from npgap.findings import Assessment
from npgap.framework import DEFAULT_FRAMEWORK, Framework, load_framework
from npgap.tree import Document

__all__ = ["assess"]


def assess(
    text_or_document: str | bytes | Document,
    framework: str | os.PathLike[str] | Framework = DEFAULT_FRAMEWORK,
    *,
    path: str | None = None,
) -> Assessment:
    """Assess a statute (text, bytes or parsed Document) against a framework.

    The document's SHA-256 is taken over the input bytes (UTF-8 of the text when a str or
    Document is given). `path` is recorded as given.
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
        from npgap.api import parse

        data = (
            text_or_document
            if isinstance(text_or_document, bytes)
            # a str may hold lone surrogates (parse reads them as U+FFFD); hash them as-is
            else text_or_document.encode("utf-8", "surrogatepass")
        )
        doc = parse(text_or_document, path=path)
    digest = hashlib.sha256(data).hexdigest()
    return assessment(match(doc), fw, path=path, sha256=digest, version=__version__)
