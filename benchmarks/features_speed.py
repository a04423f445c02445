"""How fast is npgap.features.extract? Prints chars/s per language on ~100 KB of statute text.

Why: extract runs on every clause of every statute; the contract is well under 0.2 s for
100 KB. The text is built from the shared corpora when they are mounted (real drafting),
else from a fixed synthetic paragraph, repeated to the target size.

Run: python benchmarks/features_speed.py [size_in_chars]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from npgap.features import extract, sentences
from npgap.lexicon import load_lexicon

CORPORA = Path("/work/shared/corpora")
FALLBACK = {
    "en": (
        "(1) A victim of trafficking shall not be detained, charged or prosecuted for any "
        "offence committed as a direct consequence of being trafficked, irrespective of "
        "whether the victim cooperates. (2) Subsection (1) does not apply to an offence "
        "listed in Schedule 4. The identity of a victim shall not be disclosed. "
    ),
    "es": (
        "Las víctimas de la trata de personas no son punibles por la comisión de cualquier "
        "delito que sea el resultado directo de haber sido objeto de trata. En ningún caso "
        "se alojará a las víctimas en cárceles. "
    ),
    "fr": (
        "Les victimes de la traite ne peuvent être poursuivies ni punies pour les "
        "infractions qu'elles ont été contraintes de commettre. L'identité de la victime "
        "ne peut être divulguée. "
    ),
}


def sample(lang: str, size: int) -> str:
    base = ""
    if CORPORA.is_dir():
        names = ["AR_"] if lang == "es" else (["GB-", "US", "ZA_", "EU_"] if lang == "en" else [])
        base = "\n\n".join(
            p.read_text(encoding="utf-8")
            for p in sorted(CORPORA.glob("*.txt"))
            if any(p.name.startswith(n) for n in names)
        )
    base = base or FALLBACK[lang]
    return (base * (size // len(base) + 1))[:size]


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    for lang in ("en", "es", "fr"):
        started = time.perf_counter()
        load_lexicon(lang)
        load_s = time.perf_counter() - started
        text = sample(lang, size)
        extract(text[:2000], lang)  # warm up
        best = float("inf")
        hits = 0
        for _ in range(5):
            started = time.perf_counter()
            hits = len(extract(text, lang))
            best = min(best, time.perf_counter() - started)
        started = time.perf_counter()
        n_sent = len(sentences(text, lang))
        sent_s = time.perf_counter() - started
        print(
            f"{lang}: {len(text):,} chars  extract {best * 1000:.1f} ms "
            f"({len(text) / best:,.0f} chars/s, {hits:,} hits)  "
            f"sentences {sent_s * 1000:.1f} ms ({n_sent:,})  lexicon load {load_s * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
