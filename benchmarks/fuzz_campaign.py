"""A long fuzzing campaign: the Hypothesis tests of tests/test_fuzz.py with many examples.

Why a script: CI runs those tests with a few dozen examples each; once in a while (and
before a release) the same properties deserve 100 000+ examples. The script runs them
in parallel pytest processes with different seeds, reads Hypothesis's statistics, and
prints how many examples ran, how long it took and what failed.

Run: python benchmarks/fuzz_campaign.py [--examples 100000] [--workers 2] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = (
    "test_api_any_text",
    "test_api_any_bytes",
    "test_api_mutated_statutes",
    "test_cli_any_file",
    "test_cli_batch_of_files",
)
_TEST = re.compile(r"^tests/test_fuzz\.py::(\w+):", re.M)
_PASSING = re.compile(r"(\d+) passing examples?, (\d+) failing examples?, (\d+) invalid")
_PHASE = re.compile(r"during (\w+) phase \(([\d.]+) seconds\)")


def run_worker(seed: int, per_test: int, log: Path) -> subprocess.Popen[bytes]:
    """One pytest process running every fuzz test with `per_test` examples."""
    env = {**os.environ, "NPGAP_FUZZ_EXAMPLES": str(per_test)}
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        str(ROOT / "tests" / "test_fuzz.py"),
        "-k",
        " or ".join(TESTS),
        f"--hypothesis-seed={seed}",
        "--hypothesis-show-statistics",
    ]
    fh = log.open("wb")
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)


def statistics(text: str) -> dict[str, dict[str, float]]:
    """Per test: passing, failing, invalid examples and seconds, from pytest's output."""
    out: dict[str, dict[str, float]] = {}
    blocks = _TEST.split(text)
    for name, body in zip(blocks[1::2], blocks[2::2], strict=True):
        s = out.setdefault(name, {"passing": 0, "failing": 0, "invalid": 0, "seconds": 0.0})
        for phase, body_line in zip(_PHASE.findall(body), body.split("- during")[1:], strict=False):
            m = _PASSING.search(body_line)
            if m:
                s["passing"] += int(m.group(1))
                s["failing"] += int(m.group(2))
                s["invalid"] += int(m.group(3))
            s["seconds"] += float(phase[1])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=100_000, help="total examples, all tests")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--logs", type=Path, default=Path("/tmp/npgap-fuzz"))
    ap.add_argument("--json", type=Path, default=None, help="also write the summary here")
    args = ap.parse_args(argv)
    per_test = -(-args.examples // (args.workers * len(TESTS)))
    args.logs.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    procs = []
    for w in range(args.workers):
        log = args.logs / f"worker{w}.log"
        procs.append((log, run_worker(args.seed + w, per_test, log)))
    codes = [p.wait() for _, p in procs]
    wall = time.perf_counter() - t0
    totals = {"passing": 0, "failing": 0, "invalid": 0}
    per: dict[str, dict[str, float]] = {}
    failures: list[str] = []
    for log, _ in procs:
        text = log.read_text(encoding="utf-8", errors="replace")
        for name, s in statistics(text).items():
            acc = per.setdefault(name, {"passing": 0, "failing": 0, "invalid": 0, "seconds": 0.0})
            for k in acc:
                acc[k] += s[k]
        failures += re.findall(r"^FAILED .*$", text, re.M)
    for s in per.values():
        for k in totals:
            totals[k] += int(s[k])
    summary = {
        "examples_per_test_per_worker": per_test,
        "workers": args.workers,
        "wall_seconds": round(wall, 1),
        "examples_run": totals["passing"] + totals["failing"],
        "invalid_examples": totals["invalid"],
        "failing_examples": totals["failing"],
        "pytest_exit_codes": codes,
        "failed_tests": failures,
        "per_test": {k: {kk: round(v, 1) for kk, v in s.items()} for k, s in sorted(per.items())},
        "logs": [str(log) for log, _ in procs],
    }
    text = json.dumps(summary, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0 if not failures and all(c == 0 for c in codes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
