"""Where the Lark grammars live, for both kinds of install.

Why: a wheel ships the grammars inside the package (``npgap/grammars``), while an
editable checkout keeps them in the repository's top-level ``grammars/``; every
grammar user goes through this one lookup so both work.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["grammar_text"]


def grammar_text(name: str) -> str:
    """The text of grammar file `name` (``refs.lark``), packaged copy first."""
    try:
        packaged = resources.files("npgap") / "grammars" / name
        if packaged.is_file():
            return packaged.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        pass
    checkout = Path(__file__).resolve().parents[2] / "grammars" / name
    if checkout.is_file():
        return checkout.read_text(encoding="utf-8")
    raise FileNotFoundError(f"grammar {name!r} not found in the package or in {checkout.parent}")
