"""The public API: every name in `npgap.__all__` is what it says, however it is imported.

Why: a submodule named like a public function (`npgap.assess`) silently replaces the
function on the package once imported; this test catches that shadowing.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import npgap


def test_all_names_resolve() -> None:
    for name in npgap.__all__:
        assert getattr(npgap, name) is not None, name


def test_functions_are_callable_after_every_submodule_is_imported() -> None:
    for module in ("npgap.api", "npgap.pipeline", "npgap.parser", "npgap.cli"):
        importlib.import_module(module)
    from npgap import assess, load_framework, parse

    for fn in (assess, parse, load_framework):
        assert callable(fn), fn
    doc = parse("1. Short title\nThis Act is the Test Act.\n")
    assert doc.provisions[0].num == "1"
    result = assess(doc)
    assert result.findings, "assess returned no findings"


def test_from_import_in_a_fresh_process() -> None:
    code = (
        "from npgap import assess, parse\n"
        "a = assess('1. No victim shall be prosecuted.\\n')\n"
        "print(type(a).__name__, len(a.findings) > 0)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "Assessment True"
