"""npgap: how far does a statute implement the non-punishment principle for victims of
trafficking in persons?

The public API is small and lazy: importing npgap costs almost nothing, and each
function loads its stage (parser, framework, matcher) the first time it is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Assessment",
    "Document",
    "Evidence",
    "Finding",
    "Framework",
    "FrameworkError",
    "InputEncodingWarning",
    "InputError",
    "Note",
    "NpgapError",
    "NpgapWarning",
    "ParseError",
    "Provision",
    "Segment",
    "Span",
    "__version__",
    "assess",
    "load_framework",
    "parse",
]

if TYPE_CHECKING:
    from npgap.api import assess, parse
    from npgap.errors import (
        FrameworkError,
        InputEncodingWarning,
        InputError,
        NpgapError,
        NpgapWarning,
        ParseError,
    )
    from npgap.findings import Assessment, Evidence, Finding
    from npgap.framework import Framework, load_framework
    from npgap.tree import Document, Note, Provision, Segment, Span

_WHERE = {
    "assess": "npgap.api",
    "parse": "npgap.api",
    "FrameworkError": "npgap.errors",
    "InputEncodingWarning": "npgap.errors",
    "InputError": "npgap.errors",
    "NpgapError": "npgap.errors",
    "NpgapWarning": "npgap.errors",
    "ParseError": "npgap.errors",
    "Assessment": "npgap.findings",
    "Evidence": "npgap.findings",
    "Finding": "npgap.findings",
    "Framework": "npgap.framework",
    "load_framework": "npgap.framework",
    "Document": "npgap.tree",
    "Note": "npgap.tree",
    "Provision": "npgap.tree",
    "Segment": "npgap.tree",
    "Span": "npgap.tree",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'npgap' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
