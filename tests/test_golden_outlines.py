"""Golden outlines: `npgap parse FILE --format outline` for every statute we ship.

Why: the outline is what a consultant reads to check that npgap saw the statute the way
a lawyer would; each `<name>.outline` beside a `<name>.txt` was checked by eye against
the statute text, so any change in how the parser reads a real act shows up here as a
diff to re-check (regenerate one with `npgap parse FILE --format outline > FILE.outline`
only after reading it against the text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from npgap.cli import main

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
REAL = sorted(p for p in CORPORA.glob("*/*.txt") if p.parent.name != "synthetic")
STYLES = sorted((CORPORA / "synthetic" / "styles").glob("*.txt"))
STATUTES = REAL + STYLES


def test_every_real_statute_and_style_sample_has_a_golden() -> None:
    assert len(REAL) >= 7 and len(STYLES) >= 8
    missing = [str(p) for p in STATUTES if not p.with_suffix(".outline").is_file()]
    assert not missing, missing


@pytest.mark.parametrize("path", STATUTES, ids=[p.stem for p in STATUTES])
def test_outline_matches_golden(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(path), "--format", "outline"]) == 0
    out, err = capsys.readouterr()
    assert err == ""  # no "structure not recognised" notes on the shipped statutes
    assert out == path.with_suffix(".outline").read_text(encoding="utf-8")
