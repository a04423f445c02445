"""Lexicons: per-language regular expressions for the engine's feature vocabulary, kept as data.

Why data: the words that signal a protection differ by language and statute family, and a
lawyer should be able to read and correct them without touching code. This module loads a
`lexicons/<lang>.toml` file, checks it against the vocabulary (docs/engine.md), rejects
patterns that could backtrack badly, and indexes every pattern by the word it starts with
so that `npgap.features.extract` tries a pattern only where it can match.
"""

from __future__ import annotations

import functools
import importlib
import importlib.resources
import re
import sys
import types
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from npgap.errors import NpgapError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

__all__ = [
    "LANGUAGES",
    "GateEntry",
    "Lexicon",
    "SentenceRules",
    "detect_language",
    "fold",
    "lexicon_from_toml",
    "load_lexicon",
    "load_vocabulary",
]

LANGUAGES: tuple[str, ...] = ("en", "es", "fr")

# The regex parser is private API; it is used only to lint patterns and find the words they
# start with. Falling back to "ungated" on anything unexpected keeps results correct.
_sre: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")

_FLAGS = re.IGNORECASE
_PREFIX_LEN = 4  # gate keys are at most this many word characters
_MAX_PREFIXES = 256
_MACRO = re.compile(r"\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}")
_TOP_KEYS = frozenset({"lang", "name", "sentences", "macros", "features"})


def _fold_table() -> Mapping[int, str]:
    """One-to-one character folding: typographic quotes and dashes to ASCII, spaces to ' ',
    and accented Latin letters to their base letter (so offsets never move)."""
    table: dict[int, str] = {}
    for ch in "‘’‚‛′`´":
        table[ord(ch)] = "'"
    for ch in "“”„‟″«»":
        table[ord(ch)] = '"'
    for ch in "‐‑‒–—―−﹘﹣－":
        table[ord(ch)] = "-"
    for code in (0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000):
        table[code] = " "
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii() and base.isalpha():
            table[code] = base
    return types.MappingProxyType(table)


_FOLD: Mapping[int, str] = _fold_table()
# The characters the table changes; statute text is mostly plain ASCII, so only the runs
# holding them are translated (str.translate on a whole text costs a lookup per char).
_FOLDABLE = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in sorted(_FOLD) if c < 0x80) + r"\x80-\U0010ffff]+"
)


def _fold_run(m: re.Match[str]) -> str:
    return m.group().translate(_FOLD)


def fold(text: str) -> str:
    """Fold quotes, dashes, odd spaces and accents; the result has exactly len(text) chars."""
    if text.isascii() and _FOLDABLE.search(text) is None:
        return text
    return _FOLDABLE.sub(_fold_run, text)


@attrs.frozen(slots=True)
class SentenceRules:
    """Where a sentence may end: after '.', '?' or '!' unless the word is an abbreviation."""

    abbreviations: frozenset[str]
    openers: str  # characters (besides capitals) that may open a new sentence


@attrs.frozen(slots=True)
class GateEntry:
    """One pattern of one feature, reachable from a gate key."""

    feature: str
    pattern: re.Pattern[str]


@attrs.frozen(slots=True)
class GateTest:
    """The patterns of one gate key, tried together by one regex.

    Why: a common start word ("the", "shall") gates dozens of patterns that rarely match;
    the probe holds each pattern as an optional lookahead with a capture group around it,
    and fails unless one of them matched, so one call in C tries them all at a position;
    `slots` says, per pattern (in `entries` order), which group holds its match:
    (feature, group). A key with one pattern uses that pattern (group 0). Probes are
    compiled on first use (a 100 KB bill meets a third of the keys), then cached.
    """

    entries: tuple[GateEntry, ...]
    source: str  # "" when the key has a single pattern
    slots: tuple[tuple[str, int], ...]

    @property
    def probe(self) -> re.Pattern[str]:
        if not self.source:
            return self.entries[0].pattern
        return _compile_probe(self.source, _FLAGS)

    @property
    def lower_probe(self) -> re.Pattern[str]:
        """The probe for lower-cased ASCII text (see `Lexicon.lower_scanner`): case-sensitive,
        except a lone pattern, which gives the same matches on such text as it is."""
        if not self.source:
            return self.entries[0].pattern
        return _compile_probe(self.source, 0)


@functools.cache
def _compile_probe(source: str, flags: int) -> re.Pattern[str]:
    return re.compile(source, flags)


@attrs.frozen(slots=True)
class Lexicon:
    """The compiled lexicon of one language.

    `patterns` maps every vocabulary feature to its compiled patterns. `exact` and `prefix`
    map a lower-case word (or word prefix of length in `prefix_lengths`) to the patterns
    that can start there; `ungated` holds patterns that must be scanned everywhere.
    `scanner` finds, in C, every word that starts with a gate key (a superset of the words
    `exact`/`prefix` gate, which are then looked up as before); None when a key is not
    ASCII (case folding of other scripts is not one-to-one), and the caller visits every
    word. `exact_tests`/`prefix_tests` hold each key's patterns with their joint test.
    `lower_scanner`, set when every pattern is written in lower-case ASCII with no inline
    flags, is the scanner for lower-cased ASCII text, case-sensitive: on ASCII text,
    ignoring case is comparing lower-case forms, and the engine runs faster without it.
    """

    lang: str
    name: str
    path: str
    patterns: Mapping[str, tuple[re.Pattern[str], ...]]
    sentence_rules: SentenceRules
    exact: Mapping[str, tuple[GateEntry, ...]]
    prefix: Mapping[str, tuple[GateEntry, ...]]
    prefix_lengths: tuple[int, ...]
    ungated: tuple[GateEntry, ...]
    scanner: re.Pattern[str] | None = None
    lower_scanner: re.Pattern[str] | None = None
    exact_tests: Mapping[str, GateTest] = types.MappingProxyType({})
    prefix_tests: Mapping[str, GateTest] = types.MappingProxyType({})
    filter_source: str = ""

    @property
    def features(self) -> tuple[str, ...]:
        return tuple(self.patterns)

    def filter_scanner(self, lowered: bool) -> re.Pattern[str] | None:
        """The scanner that finds only the words where some pattern matches (see
        `_filter_source`), for lower-cased ASCII text or for text as it is; compiled on
        first use, since only a big text earns its compilation back."""
        if not self.filter_source or (lowered and self.lower_scanner is None):
            return None
        return _compile_probe(self.filter_source, 0 if lowered else _FLAGS)


# --------------------------------------------------------------------------- vocabulary


def _names_from_toml(data: Mapping[str, Any]) -> tuple[str, ...]:
    """Read feature names from the shapes a vocabulary file may take."""
    for key in ("feature", "features", "vocabulary", "names"):
        value = data.get(key)
        if isinstance(value, Mapping):
            return tuple(str(k) for k in value)
        if isinstance(value, list):
            names: list[str] = []
            for item in value:
                if isinstance(item, str):
                    names.append(item)
                elif isinstance(item, Mapping) and isinstance(item.get("name"), str):
                    names.append(item["name"])
            return tuple(names)
    return ()


@functools.lru_cache(maxsize=1)
def load_vocabulary() -> tuple[str, ...]:
    """The feature names lexicons must cover: the framework's list, else our own copy."""
    package = importlib.resources.files("npgap")
    for rel in (("frameworks", "features.toml"), ("lexicons", "vocabulary.toml")):
        resource = package.joinpath(rel[0]).joinpath(rel[1])
        if resource.is_file():
            path = "src/npgap/" + "/".join(rel)
            try:
                data = tomllib.loads(resource.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise NpgapError(f"vocabulary file is not valid TOML: {exc}", path=path) from exc
            names = _names_from_toml(data)
            if names:
                return names
    raise NpgapError("no feature vocabulary found (frameworks/features.toml or vocabulary.toml)")


# --------------------------------------------------------------------------- loading


def _line_of(raw_lines: Sequence[str], needle: str, start: int = 0) -> int | None:
    """1-based line of the first occurrence of needle at or after line index start."""
    for i in range(start, len(raw_lines)):
        if needle in raw_lines[i]:
            return i + 1
    return None


def _expand(pattern: str, macros: Mapping[str, str]) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in macros:
            raise KeyError(name)
        return macros[name]

    return _MACRO.sub(sub, pattern)


def _opname(op: Any) -> str:
    return str(getattr(op, "name", op))


def _lint(parsed: Any) -> str | None:
    """Return why a parsed pattern may backtrack super-linearly, or None if it looks safe.

    Rules: no unbounded repeat inside another unbounded repeat, and no unbounded `.`.
    """
    maxrepeat = _sre.MAXREPEAT

    def walk(items: Iterable[Any], in_unbounded: bool) -> str | None:
        for op, av in items:
            name = _opname(op)
            if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                _lo, hi, sub = av
                unbounded = hi == maxrepeat
                if unbounded and in_unbounded:
                    return "nested unbounded repetition (e.g. (a+)* ); bound the outer one"
                if unbounded and any(_opname(o) == "ANY" for o, _ in sub):
                    return "unbounded '.' repetition; use a bounded word gap instead"
                why = walk(sub, in_unbounded or unbounded)
                if why:
                    return why
            elif name == "BRANCH":
                for alt in av[1]:
                    why = walk(alt, in_unbounded)
                    if why:
                        return why
            elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
                why = walk(av[-1] if name == "SUBPATTERN" else av, in_unbounded)
                if why:
                    return why
            elif name in ("ASSERT", "ASSERT_NOT"):
                why = walk(av[1], in_unbounded)
                if why:
                    return why
        return None

    return walk(parsed, False)


def _prefixes(items: list[Any], k: int) -> set[str]:
    """Lower-case strings every match starts with (truncated to k); '' means 'anything'."""
    if k == 0 or not items:
        return {""}
    (op, av), rest = items[0], items[1:]
    name = _opname(op)
    if name in ("AT", "ASSERT", "ASSERT_NOT"):
        return _prefixes(rest, k)
    if name == "LITERAL":
        ch = chr(av).lower()
        return {ch + s for s in _prefixes(rest, k - 1)}
    if name == "IN":
        chars: set[str] = set()
        for iop, iav in av:
            iname = _opname(iop)
            if iname == "LITERAL":
                chars.add(chr(iav).lower())
            elif iname == "RANGE" and iav[1] - iav[0] < 8:
                chars.update(chr(c).lower() for c in range(iav[0], iav[1] + 1))
            else:
                return {""}
        tails = _prefixes(rest, k - 1)
        return {c + s for c in chars for s in tails}
    if name == "BRANCH":
        out: set[str] = set()
        for alt in av[1]:
            out |= _prefixes(list(alt) + rest, k)
        return out
    if name == "SUBPATTERN":
        return _prefixes(list(av[-1]) + rest, k)
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        lo, hi, sub = av
        body = list(sub) + (rest if hi == 1 else [(_sre.ANY, None)])
        out = _prefixes(body, k)
        if lo == 0:
            out |= _prefixes(rest, k)
        return out
    return {""}


def _word_key(prefix: str) -> tuple[str, bool] | None:
    """The gate key of a prefix: its leading word characters, and whether the word ends there."""
    n = 0
    while n < len(prefix) and (prefix[n].isalnum() or prefix[n] == "_"):
        n += 1
    if n == 0:
        return None
    return prefix[:n], n < len(prefix)


def _trie_source(ends: Iterable[tuple[str, str]]) -> str:
    r"""One regex alternation of keys, factored as a trie so the engine tries one branch
    per character instead of one per key; each (key, tail) in `ends` says what must follow
    the key where it ends (tried after the longer keys)."""
    trie: dict[str, Any] = {}
    for key, tail in ends:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node.setdefault("", {})[tail] = None

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        tails = node.get("", {})
        alts.extend([""] if "" in tails else tails)  # "" accepts what any other tail does
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(trie)


#: the gate keys of a lexicon: key -> the patterns it gates
_Gates = Mapping[str, Sequence[GateEntry]]


def _key_ends(
    exact: _Gates, prefix: _Gates, test: Callable[[Sequence[GateEntry], str], str] | None = None
) -> list[tuple[str, str]]:
    r"""The trie's ends for gate keys: an exact key must end its word (`(?!\w)`), a prefix
    key accepts wherever it ends; `test(patterns, key)`, when given, follows either."""

    def tail(table: _Gates, key: str) -> str:
        return test(table[key], key) if test is not None else ""

    return [(k, r"(?!\w)" + tail(exact, k)) for k in sorted(exact)] + [
        (k, tail(prefix, k)) for k in sorted(prefix)
    ]


def _filter_source(
    exact: Mapping[str, Sequence[GateEntry]], prefix: Mapping[str, Sequence[GateEntry]]
) -> str:
    r"""The scanner's trie with each key's patterns attached where the key ends: a word is
    found only when one of its keys' patterns matches at its start ("" when the keys are not
    all ASCII, as for the scanner).

    Why: most words a key gates ("the", "of", "in") start none of its patterns; finding
    that in the engine, instead of one probe call per word, leaves a sixth of the words to
    visit on a big act. At a key's end, `(?<=(?=P|Q)(?s:.){n})` steps back over the key's
    n characters to the word's start and tries the patterns there.
    """
    if not (exact or prefix) or not all(k.isascii() for k in (*exact, *prefix)):
        return ""

    def test(entries: Sequence[GateEntry], key: str) -> str:
        sources = dict.fromkeys(f"(?:{e.pattern.pattern})" for e in entries)
        return f"(?<=(?={'|'.join(sources)})(?s:.){{{len(key)}}})"

    return rf"(?<!\w){_trie_source(_key_ends(exact, prefix, test))}\w*"


def _scanner(
    exact: Mapping[str, Sequence[GateEntry]], prefix: Mapping[str, Sequence[GateEntry]]
) -> re.Pattern[str] | None:
    r"""A regex whose matches are the words (whole \w+ runs) that begin with a gate key.

    Every word the gate selects is found: for an ASCII key, a word whose lower-case form
    equals or starts with the key matches it case-insensitively (the Kelvin sign, the one
    non-ASCII letter that lower-cases to ASCII, is matched by IGNORECASE too)."""
    keys = set(exact) | set(prefix)
    if not keys or not all(k.isascii() for k in keys):
        return None
    body = _trie_source(_key_ends(exact, prefix))
    return re.compile(rf"(?<!\w)(?:{body})\w*", _FLAGS)


_INLINE_FLAGS = re.compile(r"\(\?-?[aiLmsux]")


def _lower_scanner(
    exact: Mapping[str, Sequence[GateEntry]], prefix: Mapping[str, Sequence[GateEntry]]
) -> re.Pattern[str] | None:
    """The scanner for lower-cased ASCII text, when every pattern can run case-sensitively
    on it: lower-case ASCII source (so no \\S, \\W, \\B… and no upper-case letter) and no
    inline flags."""
    keys = set(exact) | set(prefix)
    sources = {e.pattern.pattern for table in (exact, prefix) for v in table.values() for e in v}
    if not keys or not all(k.isascii() and k == k.lower() for k in keys):
        return None
    if not all(s.isascii() and s == s.lower() and not _INLINE_FLAGS.search(s) for s in sources):
        return None
    body = _trie_source(_key_ends(exact, prefix))
    return re.compile(rf"(?<!\w)(?:{body})\w*")


def _gate_test(entries: Sequence[GateEntry]) -> GateTest:
    """Patterns are self-contained (no backreferences, named groups or global flags), so
    `(?:(?=(P))|)` matches P exactly as `P.match` would at the same position, or nothing;
    a pattern shared by two entries is tried once."""
    if len({e.pattern.pattern for e in entries}) == 1:
        return GateTest(tuple(entries), "", tuple((e.feature, 0) for e in entries))
    group: dict[str, int] = {}
    parts: list[str] = []
    next_group = 1
    for e in entries:
        source = e.pattern.pattern
        if source not in group:
            group[source] = next_group
            parts.append(f"(?:(?=({source}))|)")
            next_group += 1 + e.pattern.groups
    # then fail unless some pattern's group took part: (?(1)|(?(5)|…(?!)))
    check = "(?!)"
    for g in sorted(group.values(), reverse=True):
        check = f"(?({g})|{check})"
    slots = tuple((e.feature, group[e.pattern.pattern]) for e in entries)
    return GateTest(tuple(entries), "".join(parts) + check, slots)


def _tests(table: Mapping[str, Sequence[GateEntry]]) -> Mapping[str, GateTest]:
    return types.MappingProxyType({key: _gate_test(entries) for key, entries in table.items()})


def lexicon_from_toml(text: str, *, path: str, lang: str | None = None) -> Lexicon:
    """Build a Lexicon from the text of a lexicon file; every problem is an NpgapError."""
    raw_lines = text.splitlines()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise NpgapError(f"lexicon is not valid TOML: {exc}", path=path) from exc

    unknown_top = sorted(set(data) - _TOP_KEYS)
    if unknown_top:
        line = _line_of(raw_lines, unknown_top[0])
        raise NpgapError(
            f"unknown top-level key {unknown_top[0]!r} (allowed: {', '.join(sorted(_TOP_KEYS))})",
            path=path,
            line=line,
        )
    file_lang = data.get("lang")
    if not isinstance(file_lang, str) or not file_lang:
        raise NpgapError(
            "lexicon needs a string 'lang'", path=path, line=_line_of(raw_lines, "lang")
        )
    if lang is not None and file_lang != lang:
        raise NpgapError(
            f"lexicon declares lang {file_lang!r} but was loaded as {lang!r}",
            path=path,
            line=_line_of(raw_lines, "lang"),
        )

    sent = data.get("sentences", {})
    if not isinstance(sent, Mapping):
        raise NpgapError("'sentences' must be a table", path=path)
    abbrevs = sent.get("abbreviations", [])
    openers = sent.get("openers", "\"'([")
    if not isinstance(abbrevs, list) or not all(isinstance(a, str) for a in abbrevs):
        raise NpgapError(
            "'sentences.abbreviations' must be a list of strings",
            path=path,
            line=_line_of(raw_lines, "abbreviations"),
        )
    if not isinstance(openers, str):
        raise NpgapError("'sentences.openers' must be a string", path=path)
    rules = SentenceRules(
        abbreviations=frozenset(fold(a).lower().rstrip(".") for a in abbrevs),
        openers=fold(openers),
    )

    macros_raw = data.get("macros", {})
    if not isinstance(macros_raw, Mapping) or not all(
        isinstance(v, str) for v in macros_raw.values()
    ):
        raise NpgapError("'macros' must be a table of strings", path=path)
    macros: dict[str, str] = {}
    for mname, mvalue in macros_raw.items():  # a macro may use the macros defined before it
        try:
            macros[mname] = _expand(mvalue, macros)
        except KeyError as exc:
            raise NpgapError(
                f"macro {mname!r} uses undefined macro {exc.args[0]!r}",
                path=path,
                line=_line_of(raw_lines, mname),
            ) from None

    feats = data.get("features")
    if not isinstance(feats, Mapping):
        raise NpgapError("lexicon needs a [features] table", path=path)
    vocabulary = load_vocabulary()
    known = set(vocabulary)
    features_line = next((i for i, ln in enumerate(raw_lines) if ln.strip() == "[features]"), 0)

    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    exact: dict[str, list[GateEntry]] = {}
    prefix: dict[str, list[GateEntry]] = {}
    ungated: list[GateEntry] = []
    for feature, plist in feats.items():
        key_line = _line_of(raw_lines, f'"{feature}"', features_line) or _line_of(
            raw_lines, feature, features_line
        )
        if feature not in known:
            raise NpgapError(
                f"unknown feature {feature!r}: not in the engine vocabulary (docs/engine.md)",
                path=path,
                line=key_line,
            )
        if not isinstance(plist, list) or not all(isinstance(p, str) for p in plist):
            raise NpgapError(
                f"feature {feature!r} must map to a list of pattern strings",
                path=path,
                line=key_line,
            )
        pats: list[re.Pattern[str]] = []
        for source in plist:
            line = _line_of(raw_lines, source, (key_line or 1) - 1) or key_line

            def fail(
                why: str, source: str = source, line: int | None = line, feature: str = feature
            ) -> NpgapError:
                return NpgapError(
                    f"feature {feature!r}: pattern {source!r}: {why}", path=path, line=line
                )

            try:
                expanded = fold(_expand(source, macros))
            except KeyError as exc:
                raise fail(f"undefined macro {exc.args[0]!r}") from None
            try:
                pattern = re.compile(expanded, _FLAGS)
                parsed = _sre.parse(expanded, _FLAGS)
            except re.error as exc:
                raise fail(f"bad regular expression: {exc}") from None
            if parsed.getwidth()[0] == 0:
                raise fail("can match the empty string")
            why = _lint(parsed.data)
            if why:
                raise fail(f"may not run in linear time: {why}")
            pats.append(pattern)
            entry = GateEntry(feature, pattern)
            starts = _prefixes(list(parsed.data), _PREFIX_LEN)
            keys = [_word_key(s) for s in starts] if len(starts) <= _MAX_PREFIXES else [None]
            if any(k is None for k in keys):
                ungated.append(entry)
                continue
            for word, whole in {k for k in keys if k is not None}:
                (exact if whole else prefix).setdefault(word, []).append(entry)
        compiled[feature] = tuple(pats)

    missing = [f for f in vocabulary if f not in compiled]
    if missing:
        raise NpgapError(
            f"features missing from the lexicon (use an empty list if none apply): "
            f"{', '.join(missing)}",
            path=path,
            line=features_line + 1,
        )

    name = data.get("name", file_lang)
    exact_t = {k: tuple(v) for k, v in exact.items()}
    prefix_t = {k: tuple(v) for k, v in prefix.items()}
    return Lexicon(
        lang=file_lang,
        name=str(name),
        path=path,
        patterns=types.MappingProxyType({f: compiled[f] for f in vocabulary}),
        sentence_rules=rules,
        exact=types.MappingProxyType(exact_t),
        prefix=types.MappingProxyType(prefix_t),
        prefix_lengths=tuple(sorted({len(k) for k in prefix})),
        ungated=tuple(ungated),
        scanner=_scanner(exact_t, prefix_t),
        lower_scanner=_lower_scanner(exact_t, prefix_t),
        exact_tests=_tests(exact_t),
        prefix_tests=_tests(prefix_t),
        filter_source=_filter_source(exact_t, prefix_t),
    )


@functools.cache
def load_lexicon(lang: str) -> Lexicon:
    """Load and compile the packaged lexicon for lang ("en", "es", "fr"); cached."""
    if lang not in LANGUAGES:
        raise NpgapError(f"no lexicon for language {lang!r} (have: {', '.join(LANGUAGES)})")
    resource = importlib.resources.files("npgap").joinpath("lexicons").joinpath(f"{lang}.toml")
    path = f"src/npgap/lexicons/{lang}.toml"
    try:
        text = resource.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise NpgapError(f"cannot read lexicon: {exc}", path=path) from exc
    return lexicon_from_toml(text, path=path, lang=lang)


# --------------------------------------------------------------------------- language


_STOPWORDS: Mapping[str, frozenset[str]] = types.MappingProxyType(
    {
        "en": frozenset(
            {
                "the",
                "of",
                "and",
                "shall",
                "to",
                "is",
                "be",
                "any",
                "or",
                "by",
                "that",
                "which",
                "this",
                "for",
                "with",
                "under",
                "not",
                "an",
                "are",
                "may",
                "person",
                "section",
            }
        ),
        "es": frozenset(
            {
                "el",
                "los",
                "las",
                "del",
                "y",
                "por",
                "una",
                "con",
                "para",
                "sus",
                "que",
                "se",
                "su",
                "al",
                "ser",
                "cualquier",
                "como",
                "articulo",
                "ley",
                "sera",
            }
        ),
        "fr": frozenset(
            {
                "le",
                "les",
                "des",
                "du",
                "et",
                "est",
                "une",
                "pour",
                "dans",
                "aux",
                "sont",
                "qui",
                "ne",
                "pas",
                "au",
                "sur",
                "peut",
                "ou",
                "par",
                "cette",
                "article",
            }
        ),
    }
)
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """Guess "en", "es" or "fr" from stop-word counts in the first 20,000 characters."""
    counts = dict.fromkeys(LANGUAGES, 0)
    for m in _WORD.finditer(fold(text[:20000]).lower()):
        word = m.group()
        for lang in LANGUAGES:
            if word in _STOPWORDS[lang]:
                counts[lang] += 1
    best = max(LANGUAGES, key=lambda lg: (counts[lg], lg == "en"))
    return best if counts[best] > 0 else "en"
