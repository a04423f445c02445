"""Same input and framework → byte-identical reports, in any process, under any hash seed.

Why: a CI job diffs today's report with yesterday's, and a pipeline caches by hash; a
report that changes with PYTHONHASHSEED (set iteration, dict order from a set) would
show changes that are not there.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import npgap
from npgap.render import FORMATS, render

ROOT = Path(__file__).resolve().parent.parent
BILLS = ROOT / "corpora" / "synthetic" / "bills"
FILES = [
    BILLS / "model_law_westminster.txt",
    BILLS / "exclusion_schedule.txt",
    BILLS / "ley_modelo_no_punibilidad.txt",
    ROOT / "corpora" / "GB-EAW" / "modern_slavery_act_2015.txt",
]

#: Runs the CLI three times in one process and prints the SHA-256 of each report.
_SCRIPT = """
import hashlib, json, os, sys
from npgap.cli import main
files, out = sys.argv[1:-1], sys.argv[-1]
digests = {}
for fmt in ("json", "sarif", "md"):
    path = os.path.join(out, "report." + fmt)
    assert main(["assess", *files, "--format", fmt, "-o", path]) == 0
    with open(path, "rb") as fh:
        digests[fmt] = hashlib.sha256(fh.read()).hexdigest()
print(json.dumps(digests))
"""


def _digests(seed: str, tmp: Path) -> dict[str, str]:
    out = tmp / f"seed{seed}"
    out.mkdir()
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *map(str, FILES), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": seed},
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, str] = json.loads(proc.stdout)
    return result


def test_reports_are_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    runs = {seed: _digests(seed, tmp_path) for seed in ("0", "1", "4242")}
    assert runs["0"] == runs["1"] == runs["4242"], runs
    # and the same bytes as this process (whatever its seed) writes
    from npgap.cli import main

    for fmt in ("json", "sarif", "md"):
        path = tmp_path / f"here.{fmt}"
        assert main(["assess", *map(str, FILES), "--format", fmt, "-o", str(path)]) == 0
        assert hashlib.sha256(path.read_bytes()).hexdigest() == runs["0"][fmt], fmt
    data = json.loads((tmp_path / "seed0" / "report.json").read_text(encoding="utf-8"))
    assert [d["document"]["path"] for d in data] == [str(f) for f in FILES]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_same_input_twice_in_one_process(path: Path) -> None:
    data = path.read_bytes()
    first = npgap.assess(data, path=str(path))
    second = npgap.assess(bytes(data), path=str(path))
    for fmt in FORMATS:
        assert render([first], fmt) == render([second], fmt), fmt
    assert first == second


def test_report_bytes_do_not_depend_on_text_or_bytes_input() -> None:
    path = FILES[0]
    from_bytes = npgap.assess(path.read_bytes(), path=str(path))
    from_text = npgap.assess(path.read_text(encoding="utf-8"), path=str(path))
    assert render([from_bytes], "json") == render([from_text], "json")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert from_bytes.document.sha256 == digest
