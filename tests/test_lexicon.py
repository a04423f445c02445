"""Tests for npgap.lexicon: vocabulary coverage, validation messages, linear-time patterns.

Why: a lexicon is data edited by hand; the loader is the only thing standing between a
typo and a silently wrong assessment, so each kind of mistake must give a clear error.
"""

from __future__ import annotations

import random
import re
import sys
import time
from pathlib import Path

import pytest

from npgap.errors import NpgapError
from npgap.features import extract
from npgap.lexicon import (
    LANGUAGES,
    Lexicon,
    detect_language,
    fold,
    lexicon_from_toml,
    load_lexicon,
    load_vocabulary,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
CORPORA = Path("/work/shared/corpora")


def _engine_names() -> list[str]:
    """Feature names from the table in docs/engine.md (first column, backticked)."""
    text = (ROOT / "docs" / "engine.md").read_text(encoding="utf-8")
    section = text.split("## Features", 1)[1].split("## Detector rules", 1)[0]
    names: list[str] = []
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names.extend(re.findall(r"`([a-z_]+\.[a-z_]+)`", first_cell))
    return names


def _minimal(features: dict[str, list[str]] | None = None, extra: str = "") -> str:
    """A valid lexicon text with every vocabulary feature, optionally overridden."""
    feats: dict[str, list[str]] = {name: [] for name in load_vocabulary()}
    feats.update(features or {})
    lines = ['lang = "en"', extra, "[features]"]
    for name, pats in feats.items():
        body = ", ".join(f"'{p}'" for p in pats)
        lines.append(f'"{name}" = [{body}]')
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------- vocabulary coverage


def test_vocabulary_matches_engine_doc() -> None:
    assert list(load_vocabulary()) == _engine_names()


def test_vocabulary_copy_matches_framework_list() -> None:
    ours = tomllib.loads((ROOT / "src/npgap/lexicons/vocabulary.toml").read_text(encoding="utf-8"))[
        "feature"
    ]
    assert list(ours) == _engine_names()
    framework = ROOT / "src/npgap/frameworks/features.toml"
    if framework.is_file():
        theirs = tomllib.loads(framework.read_text(encoding="utf-8"))["feature"]
        assert list(theirs) == list(ours)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_vocabulary_name_is_a_key(lang: str) -> None:
    lex = load_lexicon(lang)
    assert lex.features == load_vocabulary()
    raw = tomllib.loads((ROOT / f"src/npgap/lexicons/{lang}.toml").read_text(encoding="utf-8"))[
        "features"
    ]
    assert set(raw) == set(load_vocabulary())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_core_features_have_patterns(lang: str) -> None:
    lex = load_lexicon(lang)
    core = [f for f in lex.features if f.split(".")[0] in ("who", "protect", "force", "decoy")]
    assert [f for f in core if not lex.patterns[f]] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_pattern_is_gated_by_a_word(lang: str) -> None:
    """Every shipped pattern starts with a known word, so extract never scans blindly."""
    lex = load_lexicon(lang)
    assert [(e.feature, e.pattern.pattern) for e in lex.ungated] == []
    assert lex.exact or lex.prefix


def test_load_is_cached_and_frozen() -> None:
    lex = load_lexicon("en")
    assert load_lexicon("en") is lex
    assert isinstance(lex, Lexicon)
    with pytest.raises(AttributeError):
        lex.lang = "xx"  # type: ignore[misc]
    with pytest.raises(TypeError):
        lex.patterns["who.victim"] = ()  # type: ignore[index]


def test_unknown_language_rejected() -> None:
    with pytest.raises(NpgapError, match="no lexicon for language 'de'"):
        load_lexicon("de")


# ----------------------------------------------------------------- validation


def test_minimal_lexicon_loads() -> None:
    lex = lexicon_from_toml(_minimal({"who.victim": [r"\bvictims?\b"]}), path="x.toml")
    assert lex.lang == "en"
    assert len(lex.patterns["who.victim"]) == 1
    assert lex.exact == {} and set(lex.prefix) == {"vict"}


def test_unknown_feature_named_with_line() -> None:
    text = _minimal() + "\"who.martian\" = ['x']\n"
    with pytest.raises(NpgapError) as info:
        lexicon_from_toml(text, path="bad.toml")
    err = info.value
    assert "unknown feature 'who.martian'" in str(err)
    assert err.path == "bad.toml"
    assert err.line == text.splitlines().index("\"who.martian\" = ['x']") + 1
    assert str(err).startswith(f"bad.toml:{err.line}: ")


def test_bad_regex_named_with_file_line_and_pattern() -> None:
    text = _minimal({"who.child": [r"\bchild(ren\b"]})
    with pytest.raises(NpgapError) as info:
        lexicon_from_toml(text, path="lex/en.toml")
    err = info.value
    msg = str(err)
    assert "bad regular expression" in msg
    assert "'who.child'" in msg and "child(ren" in msg
    assert err.line is not None
    assert "child(ren" in text.splitlines()[err.line - 1]


def test_missing_feature_rejected() -> None:
    text = _minimal().replace('"who.adult" = []\n', "")
    with pytest.raises(NpgapError, match=r"features missing .*who\.adult"):
        lexicon_from_toml(text, path="x.toml")


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"\b(?:\w+ )*victim", "nested unbounded"),
        (r"\bvictim(?:s+)+", "nested unbounded"),
        (r"\bvictim.*offence", "unbounded '.'"),
        (r"\bvictim.+?offence", "unbounded '.'"),
        (r"(?:victim)?", "empty string"),
    ],
)
def test_patterns_that_may_backtrack_are_rejected(pattern: str, why: str) -> None:
    with pytest.raises(NpgapError, match=re.escape(why)):
        lexicon_from_toml(_minimal({"who.victim": [pattern]}), path="x.toml")


def test_bounded_gap_is_accepted() -> None:
    lex = lexicon_from_toml(
        _minimal({"who.victim": [r"\bvictim(?:[^\w.]+\w+){0,6}?[^\w.]+trafficking"]}),
        path="x.toml",
    )
    assert lex.patterns["who.victim"][0].match("victim of the crime of trafficking")


def test_macros_expand_and_unknown_macro_is_reported() -> None:
    extra = "[macros]\ngap = ' (?:\\w+ ){0,2}?'\n"
    lex = lexicon_from_toml(
        _minimal({"who.victim": [r"\bvictim{{gap}}trafficking"]}, extra), path="x.toml"
    )
    assert lex.patterns["who.victim"][0].match("victim of human trafficking")
    with pytest.raises(NpgapError, match="undefined macro 'nope'"):
        lexicon_from_toml(_minimal({"who.victim": [r"\bvictim{{nope}}"]}), path="x.toml")


def test_wrong_lang_and_bad_toml_and_unknown_key() -> None:
    with pytest.raises(NpgapError, match="declares lang 'en' but was loaded as 'es'"):
        lexicon_from_toml(_minimal(), path="es.toml", lang="es")
    with pytest.raises(NpgapError, match="not valid TOML") as info:
        lexicon_from_toml('lang = "en"\n[features\n', path="broken.toml")
    assert info.value.path == "broken.toml"
    with pytest.raises(NpgapError, match="unknown top-level key 'colour'"):
        lexicon_from_toml(_minimal(extra='colour = "red"'), path="x.toml")
    with pytest.raises(NpgapError, match="must map to a list"):
        lexicon_from_toml(
            _minimal().replace('"who.adult" = []', '"who.adult" = "adult"'), path="x.toml"
        )


def test_patterns_are_folded_like_text() -> None:
    """A pattern written with accents or curly quotes matches folded text either way."""
    lex = lexicon_from_toml(_minimal({"who.victim": ["\\bvíctima’s\\b"]}), path="x.toml")
    assert lex.patterns["who.victim"][0].pattern == "\\bvictima's\\b"
    assert fold("Víctima’s — “x”") == 'Victima\'s - "x"'
    assert len(fold("ÀÉÎÕÜçñ")) == 7


# ----------------------------------------------------------------- language detection


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("A victim of trafficking shall not be held liable for any offence.", "en"),
        (
            "Las víctimas de la trata de personas no son punibles por la comisión de "
            "cualquier delito.",
            "es",
        ),
        (
            "Les victimes de la traite ne peuvent être poursuivies pour les infractions "
            "qu'elles ont commises.",
            "fr",
        ),
        ("", "en"),
        ("12345 (a) (b)", "en"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not mounted")
def test_detect_language_on_corpora() -> None:
    for path in sorted(CORPORA.glob("*.txt")):
        expected = "es" if path.name.startswith("AR_") else "en"
        assert detect_language(path.read_text(encoding="utf-8")) == expected, path.name


# ----------------------------------------------------------------- linear time


def _adversarial(lex: Lexicon, size: int, seed: int) -> str:
    """Runs of letters, spaces, dashes, quotes, brackets and the lexicon's own start words."""
    rng = random.Random(seed)
    keys = sorted(set(lex.exact) | set(lex.prefix))
    parts: list[str] = []
    n = 0
    while n < size:
        r = rng.random()
        if r < 0.45:
            part = " ".join(rng.choice(keys) for _ in range(rng.randint(1, 40))) + " "
        elif r < 0.55:
            part = rng.choice("aeno") * rng.randint(1, 5000) + " "
        elif r < 0.62:
            part = " " * rng.randint(1, 3000)
        elif r < 0.7:
            part = rng.choice(["-", "—", "–"]) * rng.randint(1, 3000) + " "
        elif r < 0.76:
            part = "\"'“’”‘" * rng.randint(1, 500)
        elif r < 0.82:
            part = "(" * rng.randint(1, 1000) + ")" * rng.randint(1, 1000)
        elif r < 0.9:
            part = "not be " * rng.randint(1, 400) + "no " * rng.randint(1, 300)
        else:
            part = ("a, " * rng.randint(1, 500)) + "victim " * rng.randint(1, 50)
        parts.append(part)
        n += len(part)
    return "".join(parts)[:size]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_all_patterns_finish_on_adversarial_megabyte(lang: str) -> None:
    """extract tries every pattern wherever its start word occurs in 1 MB of hostile text,
    and every pattern also scans 64 KB of it ungated; a backtracking pattern would hang."""
    lex = load_lexicon(lang)
    text = _adversarial(lex, 1_000_000, seed=7)
    started = time.perf_counter()
    hits = extract(text, lang)
    scanned = 0
    for patterns in lex.patterns.values():
        for pattern in patterns:
            scanned += sum(1 for _ in pattern.finditer(text[:65536]))
    elapsed = time.perf_counter() - started
    assert all(0 <= h.start < h.end <= len(text) for h in hits)
    assert scanned >= 0
    assert elapsed < 30.0  # generous: a super-linear pattern takes minutes, not seconds


# ----------------------------------------------------------------- fast paths


def test_fold_fast_path_equals_translate() -> None:
    """`fold` translates only the runs that need it; the result is str.translate's."""
    from npgap.lexicon import _FOLD

    rng = random.Random(11)
    pool = "abc XYZ`'\"-\n\t" + "".join(chr(c) for c in _FOLD) + "ſ\u212aİ中\U0001f600\ud800"
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 40)))
        assert fold(text) == text.translate(_FOLD)
    assert fold("plain ascii text") == "plain ascii text"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_filter_scanner_finds_exactly_the_words_a_pattern_starts(lang: str) -> None:
    """The filtering scanner finds a word exactly when one of its gated patterns matches
    at the word's start: in text as it is and, lower-cased, in ASCII text."""
    lex = load_lexicon(lang)
    statutes = sorted((Path(__file__).resolve().parent.parent / "corpora").rglob("*.txt"))
    real = " ".join(p.read_text(encoding="utf-8") for p in statutes)
    text = fold(_adversarial(lex, 20000, seed=5)) + " " + " ".join(sorted(lex.exact))
    text = "".join(c.upper() if i % 4 == 0 else c for i, c in enumerate(text)) + fold(real)
    ascii_text = text.encode("ascii", "ignore").decode("ascii")
    cases = [(text, False), (ascii_text, False)]
    if lex.lower_scanner is not None:
        cases.append((ascii_text.lower(), True))
    for subject, lowered in cases:
        scanner = lex.filter_scanner(lowered)
        assert scanner is not None
        plain = lex.lower_scanner if lowered else lex.scanner
        assert plain is not None
        want = []
        for wm in plain.finditer(subject):
            low = wm.group().lower()
            keys = [lex.exact.get(low, ())]
            keys += [lex.prefix.get(low[:n], ()) for n in lex.prefix_lengths if n <= len(low)]
            if any(e.pattern.match(subject, wm.start()) for k in keys for e in k):
                want.append(wm.span())
        assert want, "the text should start some patterns"
        assert [m.span() for m in scanner.finditer(subject)] == want


@pytest.mark.parametrize("lang", LANGUAGES)
def test_probes_match_each_pattern_alone(lang: str) -> None:
    """A key's probe reports, for every pattern of the key, the match `pattern.match`
    gives at the same position (or none)."""
    lex = load_lexicon(lang)
    text = fold(_adversarial(lex, 20000, seed=3)) + " " + " ".join(sorted(lex.exact))
    text = text.encode("ascii", "ignore").decode("ascii")
    text = "".join(c.upper() if i % 3 == 0 else c for i, c in enumerate(text))
    starts = [m.start() for m in re.finditer(r"\b\w", text)]
    for table in (lex.exact_tests, lex.prefix_tests):
        for test in table.values():
            probe = test.probe
            for pos in starts[::7]:
                m = probe.match(text, pos)
                alone = [e.pattern.match(text, pos) for e in test.entries]
                assert (m is None) == all(a is None for a in alone)  # fails when none does
                if m is None:
                    continue
                for entry, a, (feature, group) in zip(test.entries, alone, test.slots, strict=True):
                    assert feature == entry.feature
                    assert m.span(group) == (a.span() if a else (-1, -1))
            # on ASCII text the case-sensitive probe over the lower-cased text agrees
            if lex.lower_scanner is not None and text.isascii():
                lower = text.lower()
                for pos in starts[::7]:
                    low, orig = test.lower_probe.match(lower, pos), probe.match(text, pos)
                    assert (low and low.regs) == (orig and orig.regs)
