"""The grammars and data files are found from a built wheel and from a bare checkout.

Why: the grammars live in the repository's top-level `grammars/` and are copied into the
wheel as `npgap/grammars`; a package that parses in the checkout but not when installed
(or the reverse) is the classic packaging bug. Each case runs in a fresh interpreter with
only that copy of npgap on the path.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATUTE = ROOT / "corpora" / "GB-EAW" / "modern_slavery_act_2015.txt"

_PROBE = (
    "import sys, npgap, npgap.grammar_files as g\n"
    "doc = npgap.parse(open(sys.argv[1], 'rb').read())\n"
    "a = npgap.assess(doc)\n"
    "print(npgap.__file__)\n"
    "print(len(list(doc.walk())), a.finding('NP-PROVISION').status)\n"
)


def _run_with_path(entry: Path) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(entry), PYTHONDONTWRITEBYTECODE="1")
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(STATUTE)],
        capture_output=True,
        text=True,
        env=env,
        cwd=str(entry.parent),
        timeout=120,
        check=True,
    )
    return out.stdout.splitlines()


def test_wheel_ships_grammars_and_data_and_parses(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("npgap-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "npgap/grammars/statute.lark",
        "npgap/grammars/refs.lark",
        "npgap/frameworks/mlp2020-art13.toml",
        "npgap/lexicons/en.toml",
        "npgap/py.typed",
    ):
        assert needed in names, needed
    # a zip on sys.path is how a wheel's files look to importlib.resources: no checkout
    module_file, summary = _run_with_path(wheel)
    assert module_file.startswith(str(wheel)), module_file
    count, status = summary.split()
    assert int(count) > 10
    assert status in {"met", "partial", "missing"}


def test_checkout_finds_top_level_grammars() -> None:
    module_file, summary = _run_with_path(ROOT / "src")
    assert module_file == str(ROOT / "src" / "npgap" / "__init__.py")
    assert not (ROOT / "src" / "npgap" / "grammars").exists()
    count, _status = summary.split()
    assert int(count) > 10
