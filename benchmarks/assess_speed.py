"""How fast is npgap end to end? Parse + assess throughput, peak memory, `npgap check` wall time.

Why: the product's quality bars (docs/performance.md) are >= 2 MB/s for parse + assess and
`npgap check` on a 100 KB bill in < 0.5 s including interpreter start-up. Each number is
measured against a baseline taken in the same run on the same machine, so a slow machine
shows up in the baseline rather than as a regression:

- throughput: a naive keyword scan (lower-case the text, find a dozen words with `re`)
  over the same text;
- memory: tracemalloc peak divided by the input size (UTF-8 bytes);
- wall time: `python3 -c pass` (bare interpreter start-up) and `python3 -c "import npgap"`.

The inputs are the shared sample act (/work/shared/bench/sample_act.plain.txt, a real
158 KB statute), 1 MB and 4 MB acts built by repeating it, and a ~100 KB bill cut from it
at a line boundary. Run: python3 benchmarks/assess_speed.py [--json] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from npgap.framework import load_framework
from npgap.pipeline import assess

SAMPLE = Path("/work/shared/bench/sample_act.plain.txt")
MB = 1_000_000
TARGET_MBPS = 2.0
TARGET_CHECK_S = 0.5
_NAIVE = re.compile(
    r"\b(?:victim|trafficking|shall not|prosecut\w*|liable|punish\w*|detain\w*|offence|"
    r"offense|child|schedule|section)\b"
)


def _repeat(text: str, size: int) -> str:
    """The act repeated until it reaches `size` characters (whole copies, then a cut at a
    line boundary), so the structure stays that of a real statute."""
    out = (text.rstrip("\n") + "\n\n") * (size // len(text) + 1)
    cut = out.rfind("\n", 0, size)
    return out[: cut + 1 if cut > 0 else size]


def _best(fn: object, runs: int) -> float:
    """Best wall time of `runs` calls (the least disturbed by other load)."""
    assert callable(fn)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def throughput(text: str, runs: int) -> dict[str, float]:
    fw = load_framework()
    data = text.encode("utf-8")
    mb = len(data) / MB
    engine = _best(lambda: assess(data, fw), runs)
    naive = _best(lambda: sum(1 for _ in _NAIVE.finditer(text.lower())), runs)
    return {
        "mb": round(mb, 3),
        "seconds": round(engine, 3),
        "mb_per_s": round(mb / engine, 2),
        "naive_mb_per_s": round(mb / naive, 1),
    }


def peak_memory(text: str) -> dict[str, float]:
    fw = load_framework()
    data = text.encode("utf-8")
    tracemalloc.start()
    try:
        assess(data, fw)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {
        "mb": round(len(data) / MB, 3),
        "peak_mb": round(peak / MB, 1),
        "ratio": round(peak / len(data), 1),
    }


def _wall(cmd: list[str], runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system of the child) of `runs` runs:
    on a loaded machine the CPU time shows what the run itself costs."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def check_wall(text: str, runs: int) -> dict[str, float]:
    bill = (
        _repeat(text, 100_000) if len(text) < 100_000 else text[: text.rfind("\n", 0, 100_000) + 1]
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bill.txt"
        path.write_text(bill, encoding="utf-8")
        py = sys.executable
        check, check_cpu = _wall([py, "-m", "npgap", "check", str(path)], runs)
        bare, bare_cpu = _wall([py, "-c", "pass"], runs)
        imp, imp_cpu = _wall([py, "-c", "import npgap"], runs)
    return {
        "kb": round(len(bill.encode("utf-8")) / 1000, 1),
        "check_s": round(check, 3),
        "check_cpu_s": round(check_cpu, 3),
        "python_startup_cpu_s": round(bare_cpu, 3),
        "import_npgap_cpu_s": round(imp_cpu, 3),
        "python_startup_s": round(bare, 3),
        "import_npgap_s": round(imp, 3),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    ap.add_argument("--quick", action="store_true", help="skip the 4 MB act")
    args = ap.parse_args(argv)

    text = SAMPLE.read_text(encoding="utf-8")
    sizes = [("sample act", text, 3), ("1 MB act", _repeat(text, MB), 2)]
    if not args.quick:
        sizes.append(("4 MB act", _repeat(text, 4 * MB), 1))
    rows = {name: throughput(t, runs) for name, t, runs in sizes}
    memory = peak_memory(_repeat(text, MB))
    wall = check_wall(text, 5)
    result = {
        "throughput": rows,
        "memory": memory,
        "check": wall,
        "targets": {"mb_per_s": TARGET_MBPS, "check_s": TARGET_CHECK_S},
    }
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
        return 0

    print("| input | size (MB) | parse + assess (s) | MB/s | naive scan MB/s | target |")
    print("|---|---:|---:|---:|---:|---|")
    for name, r in rows.items():
        ok = "ok" if r["mb_per_s"] >= TARGET_MBPS else "BELOW"
        print(
            f"| {name} | {r['mb']} | {r['seconds']} | {r['mb_per_s']} | "
            f"{r['naive_mb_per_s']} | >= {TARGET_MBPS} MB/s {ok} |"
        )
    print()
    print("| measure | value |")
    print("|---|---:|")
    print(
        f"| peak memory, 1 MB act (tracemalloc) | {memory['peak_mb']} MB "
        f"({memory['ratio']}x input) |"
    )
    ok = "ok" if wall["check_s"] < TARGET_CHECK_S else "ABOVE"
    print(
        f"| `npgap check` on a {wall['kb']} KB bill, wall incl. start-up (median of 5) | "
        f"{wall['check_s']} s (target < {TARGET_CHECK_S} s: {ok}); CPU {wall['check_cpu_s']} s |"
    )
    print(
        f"| baseline: `python3 -c pass` (median of 5) | {wall['python_startup_s']} s; "
        f"CPU {wall['python_startup_cpu_s']} s |"
    )
    print(
        f'| baseline: `python3 -c "import npgap"` (median of 5) | {wall["import_npgap_s"]} s; '
        f"CPU {wall['import_npgap_cpu_s']} s |"
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"| machine: {os.cpu_count()} CPUs, 1-minute load average {load:.1f} | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
