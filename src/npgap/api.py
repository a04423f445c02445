"""The public functions: `parse` a statute, `assess` it against a framework.

Why a module of its own: `npgap/__init__.py` re-exports these lazily, so importing
npgap stays cheap and each stage loads only when first used.
"""

from __future__ import annotations

from npgap.parser import parse
from npgap.pipeline import assess

__all__ = ["assess", "parse"]
