"""Does time grow linearly with input size? parse and parse+assess from 1 to 16 MB.

Why: a regex that backtracks or a lookup that scans the whole document per reference
is invisible on a 50 KB act and fatal on a 10 MB one. For each kind of input (a real act
repeated, and the hostile inputs of tests/test_hostile.py) this times parse and
parse+assess at 1, 2, 4, 8 and 16 MB, each in a fresh process with a time limit, and
reports the least-squares slope (seconds per MB) and t(16)/t(1): linear is about 16,
quadratic about 256. Times are CPU seconds of the measuring process (less sensitive to
other load on the machine than wall time); wall time is printed too.

`--regexes` audits every regular expression instead: each compiled pattern of the
npgap modules and of the lexicons is checked statically (no unbounded repeat inside
another, no unbounded `.`) and timed on text made of its own words and of label
characters at two sizes (search, finditer, and match at every word start as the
feature extractor does); a pattern whose time more than triples when the text doubles
is listed.

Run: python benchmarks/linearity.py [--sizes 1,2,4,8,16] [--kinds real_statute,...]
     [--timeout 600] [--json PATH]
     python benchmarks/linearity.py --regexes
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = (
    "real_statute",
    "one_line",
    "glued_labels",
    "label_lines",
    "paren_lines",
    "dashes_quotes",
    "long_words",
    "sections",
    "cross_references",
    "schedule_exclusions",
    "keyword_runs",
    "reference_lists",
    "dot_leaders",
)

_CHILD = """
import json, sys, time
sys.path.insert(0, {tests!r})
from test_hostile import hostile
import npgap
from npgap.render import render_json
text = hostile({kind!r}, {size!r})
npgap.parse("Section 1. Warm-up.")  # build the parser before timing
c0, w0 = time.process_time(), time.perf_counter()
doc = npgap.parse(text)
c1, w1 = time.process_time(), time.perf_counter()
render_json(npgap.assess(doc))
c2, w2 = time.process_time(), time.perf_counter()
print(json.dumps(dict(chars=len(text), parse=c1 - c0, total=c2 - c0,
                      parse_wall=w1 - w0, total_wall=w2 - w0)))
"""


def measure(kind: str, mb: float, timeout: float) -> dict[str, float] | None:
    """One run in a fresh process; None when it did not finish within `timeout`."""
    code = _CHILD.format(tests=str(ROOT / "tests"), kind=kind, size=int(mb * 1_000_000))
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} {mb} MB failed:\n{proc.stderr[-2000:]}")
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _cell(run: dict[str, float] | None, stage: str, timeout: float) -> str:
    return f"{run[stage]:>10.2f}" if run is not None else f"{'>' + str(int(timeout)):>10}"


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of time against size (seconds per MB)."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Every compiled regex reachable from npgap's modules and lexicons, with a name."""
    import importlib
    import pkgutil

    import npgap
    from npgap.lexicon import load_lexicon

    found: dict[int, tuple[str, re.Pattern[str]]] = {}

    def add(name: str, value: object, depth: int = 0) -> None:
        if isinstance(value, re.Pattern):
            found.setdefault(id(value), (name, value))
        elif depth < 3 and isinstance(value, (tuple, list)):
            for i, v in enumerate(value):
                add(f"{name}[{i}]", v, depth + 1)
        elif depth < 3 and isinstance(value, dict):
            for k, v in value.items():
                add(f"{name}[{k!r}]", v, depth + 1)
        elif depth < 3 and hasattr(value, "__attrs_attrs__"):
            for a in value.__attrs_attrs__:
                add(f"{name}.{a.name}", getattr(value, a.name), depth + 1)

    for info in pkgutil.walk_packages(npgap.__path__, "npgap."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for attr, value in vars(module).items():
            add(f"{info.name}.{attr}", value)
    for lang in ("en", "es", "fr"):
        lex = load_lexicon(lang)
        for feature, pats in lex.patterns.items():
            for i, pat in enumerate(pats):
                add(f"lexicon[{lang}].{feature}[{i}]", pat)
    return sorted(found.values(), key=lambda t: t[0])


def _static(pattern: re.Pattern[str]) -> str | None:
    """Why a pattern may backtrack super-linearly (nested unbounded repeats), or None."""
    try:
        from re import _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10
        import sre_parse
    from re import _constants as sre  # type: ignore[attr-defined]

    def walk(items: object, inside: bool) -> str | None:
        for op, av in items:  # type: ignore[attr-defined]
            name = str(op)
            if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                _lo, hi, sub = av
                unbounded = hi == sre.MAXREPEAT
                if unbounded and inside:
                    return "nested unbounded repetition"
                why = walk(sub, inside or unbounded)
                if why:
                    return why
            elif name == "BRANCH":
                for alt in av[1]:
                    why = walk(alt, inside)
                    if why:
                        return why
            elif name == "SUBPATTERN":
                why = walk(av[-1], inside)
                if why:
                    return why
            elif name in ("ASSERT", "ASSERT_NOT"):
                why = walk(av[1], inside)
                if why:
                    return why
        return None

    return walk(sre_parse.parse(pattern.pattern, pattern.flags), False)


_GENERIC = (" ", "a", "(a)", "1.", "—", ".", "\n", "section ")
_WORD = re.compile(r"\w+")


def _exercise(pattern: re.Pattern[str], text: str) -> float:
    t0 = time.perf_counter()
    pattern.search(text)
    for _ in pattern.finditer(text):
        pass
    match = pattern.match
    for m in _WORD.finditer(text):
        match(text, m.start())
    return time.perf_counter() - t0


def audit_regexes(size: int = 3000) -> int:
    """Static and doubling check of every regex; returns the number of suspects."""
    patterns = _patterns()
    suspects = 0
    for name, pattern in patterns:
        why = _static(pattern)
        words = re.findall(r"[A-Za-z]{3,}", pattern.pattern)[:3]
        units = [*_GENERIC, *(w + " " for w in words), " ".join(words) + " "]
        worst = (0.0, 0.0, "")
        for unit in units:
            small = (unit * (size // len(unit) + 1))[:size]
            t1 = _exercise(pattern, small)
            t2 = _exercise(pattern, small + small)
            if t2 > 0.005 and t2 / max(t1, 1e-6) > worst[1] / max(worst[0], 1e-6):
                worst = (t1, t2, unit)
        t1, t2, unit = worst
        slow = t2 > 0.02 and t2 / max(t1, 1e-6) > 3.0
        if slow:  # confirm at four times the size before accusing it
            text = (unit * (4 * size // len(unit) + 1))[: 4 * size]
            t4 = _exercise(pattern, text)
            slow = t4 / max(t2, 1e-6) > 3.0
        if why or slow:
            suspects += 1
            print(f"{name}: {why or ''}{'; ' if why and slow else ''}"
                  f"{f'time x{t2 / max(t1, 1e-6):.1f} when {unit!r}-text doubles' if slow else ''}"
                  f"\n    {pattern.pattern[:160]!r}", flush=True)  # fmt: skip
    print(f"# {len(patterns)} patterns audited, {suspects} suspect(s)")
    return suspects


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regexes", action="store_true", help="audit every regex instead")
    ap.add_argument("--sizes", default="1,2,4,8,16", help="sizes in MB, comma-separated")
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per run")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = ap.parse_args(argv)
    if args.regexes:
        return 1 if audit_regexes() else 0
    sizes = [float(s) for s in args.sizes.split(",")]
    print(f"# {platform.python_implementation()} {platform.python_version()} on "
          f"{platform.machine()} {platform.system()}; CPU seconds")  # fmt: skip
    header = "kind               stage    " + "".join(f"{s:>8g}MB" for s in sizes)
    print(header + "   s/MB  t(max)/t(min)")
    results: dict[str, dict[str, object]] = {}
    for kind in args.kinds.split(","):
        runs: dict[float, dict[str, float] | None] = {}
        for mb in sizes:
            runs[mb] = measure(kind, mb, args.timeout)
            if runs[mb] is None:  # larger sizes would only take longer
                break
        results[kind] = {"runs": {str(k): v for k, v in runs.items()}}
        for stage in ("parse", "total"):
            pts = [(mb, r[stage]) for mb, r in runs.items() if r is not None]
            cells = "".join(_cell(runs.get(mb), stage, args.timeout) for mb in sizes if mb in runs)
            fit = slope(pts) if len(pts) >= 2 else float("nan")
            ratio = pts[-1][1] / pts[0][1] if len(pts) >= 2 and pts[0][1] > 0 else float("nan")
            complete = len(pts) == len(sizes)
            results[kind][stage] = {
                "slope_s_per_mb": round(fit, 3),
                "ratio_last_first": round(ratio, 1),
                "complete": complete,
            }
            note = "" if complete else "  (stopped: over the time limit)"
            name = "parse" if stage == "parse" else "parse+assess"
            print(f"{kind:<18} {name:<12}{cells}  {fit:6.2f}  {ratio:8.1f}{note}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
