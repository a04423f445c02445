"""Peak memory of the whole pipeline (`npgap.pipeline.assess`: parse, match, score).

Why: issue 5 sets the bar at a peak below 10x the input plus 50 MB for the whole
pipeline, on acts up to 16 MB. Each size runs in a fresh interpreter, so one size's
caches and freed-but-kept arenas do not count towards the next.

What it runs: for each size, an act built by `parse_speed.build_act` from
``../shared/bench/sample_act.plain.txt`` (Chapters and sections renumbered, so it is one
valid act); the framework is loaded and the act encoded before tracing starts; then
`tracemalloc`'s peak over one `assess(bytes, framework)` call. MB means 10^6 bytes; the
input size is the act's UTF-8 bytes. With --stages it also prints the peak of `parse`
alone and of `match` on the parsed document (each traced on its own).

Run: python3 benchmarks/pipeline_memory.py [--sizes 1,4,16] [--stages] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_ACT = HERE.parent.parent / "shared" / "bench" / "sample_act.plain.txt"
MB = 1_000_000
LIMIT_X = 10
LIMIT_PLUS_MB = 50


def measure(size_mb: float, act: Path, stages: bool) -> dict[str, Any]:
    """Peak of one `assess` call on an act of about `size_mb` MB (run in this process)."""
    import tracemalloc

    sys.path.insert(0, str(HERE))
    from npgap.framework import load_framework
    from npgap.pipeline import assess
    from parse_speed import build_act

    fw = load_framework()
    data = build_act(act.read_text(encoding="utf-8"), int(size_mb * MB)).encode("utf-8")
    assess(data[:20_000], fw)  # imports, grammar tables and lexicons: not the act's cost
    tracemalloc.start()
    assess(data, fw)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    limit = LIMIT_X * len(data) + LIMIT_PLUS_MB * MB
    out: dict[str, Any] = {
        "size_mb": round(len(data) / MB, 3),
        "peak_mb": round(peak / MB, 1),
        "x_input": round(peak / len(data), 1),
        "limit_mb": round(limit / MB, 1),
        "ok": peak < limit,
    }
    if stages:
        from npgap.match import match
        from npgap.parser import parse

        text = data.decode("utf-8")
        tracemalloc.start()
        doc = parse(text)
        _, parse_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        tracemalloc.start()
        tracemalloc.reset_peak()
        m = match(doc)
        _, match_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del m
        out["parse_peak_mb"] = round(parse_peak / MB, 1)
        out["match_peak_mb"] = round(match_peak / MB, 1)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--sizes", default="1,4,16", help="act sizes in MB (default 1,4,16)")
    ap.add_argument("--act", type=Path, default=DEFAULT_ACT, help="the act to repeat")
    ap.add_argument("--stages", action="store_true", help="also parse and match alone")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--one", type=float, help=argparse.SUPPRESS)  # the child's job
    args = ap.parse_args(argv)

    if args.one is not None:
        print(json.dumps(measure(args.one, args.act, args.stages)))
        return 0
    rows = []
    for size in (float(s) for s in args.sizes.split(",") if s.strip()):
        cmd = [sys.executable, __file__, "--one", str(size), "--act", str(args.act)]
        if args.stages:
            cmd.append("--stages")
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.stderr.write(done.stderr)
            return 1
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"| act MB | peak MB | x input | limit MB ({LIMIT_X}x + {LIMIT_PLUS_MB} MB) | ok |")
    print("|---:|---:|---:|---:|---|")
    for r in rows:
        print(
            f"| {r['size_mb']} | {r['peak_mb']} | {r['x_input']} | {r['limit_mb']} | "
            f"{'yes' if r['ok'] else 'NO'} |"
        )
    if args.stages:
        print()
        for r in rows:
            print(
                f"{r['size_mb']} MB: parse alone {r['parse_peak_mb']} MB, "
                f"match alone {r['match_peak_mb']} MB (on top of the parsed tree)"
            )
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
