"""Feature extraction: find the vocabulary's features in a clause's text, with sentences.

Why this shape: the matcher needs to know not only *that* a protection verb occurs but in
*which sentence*, because a decoy ("without the consent of the Attorney-General") claims
the whole sentence it stands in. Offsets always refer to the text passed in, whatever
folding (quotes, accents, wrapped lines, hyphenated line breaks) happened before matching.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable

import attrs

from npgap.lexicon import GateEntry, GateTest, Lexicon, fold, load_lexicon

__all__ = ["Hit", "HitRow", "extract", "extract_many", "extractor", "row_extractor", "sentences"]

# Whitespace runs become one space; a hyphen that ends a line inside a word is dropped.
_SQUEEZE = re.compile(r"(?<=[^\W\d_])-[ \t]*\r?\n\s*(?=[a-z])|\s{2,}|[\t\n\r\f\v]")
_WORDS = re.compile(r"\w+")
# A terminator run, any closing quotes/brackets, then one space (text is squeezed); tried
# only where a run starts: a run that is not followed so fails from every one of its
# points, and trying each was quadratic in its length (dot leaders in a contents page).
_END = re.compile(r"(?<![.?!])[.?!]+[\"')\]]*(?= )")
_LABEL = re.compile(r"\(?(?:[0-9]{1,3}|[a-z]{1,4})[.)]\s")
_WORD_BEFORE = re.compile(r"[\w.]*$")


@attrs.frozen(slots=True)
class Hit:
    """One feature found: its name, its span in the text, and its sentence's index."""

    feature: str
    start: int
    end: int
    sentence: int


@attrs.frozen(slots=True)
class _Folded:
    """Text prepared for matching, with the map back to the caller's offsets."""

    text: str
    seg_starts: tuple[int, ...]  # folded offsets where a segment starts
    seg_deltas: tuple[int, ...]  # original offset minus folded offset in that segment

    def orig(self, pos: int) -> int:
        i = bisect.bisect_right(self.seg_starts, pos) - 1
        return pos + self.seg_deltas[i]

    def orig_end(self, end: int) -> int:
        return self.orig(end - 1) + 1 if end > 0 else 0


def _prepare(text: str) -> _Folded:
    folded = fold(text)
    if folded.isprintable() and "  " not in folded:
        # every whitespace character is a lone ' ' (the others are all non-printable), so
        # _SQUEEZE has nothing to do: clause text is squeezed when the clause is built
        return _Folded(folded, (0,), (0,))
    pieces: list[str] = []
    starts = [0]
    deltas = [0]
    last = 0
    out_len = 0
    for m in _SQUEEZE.finditer(folded):
        pieces.append(folded[last : m.start()])
        out_len += m.start() - last
        replacement = "" if m.group().startswith("-") else " "
        pieces.append(replacement)
        # the replacement char maps to the start of the run; the rest follows the run
        if replacement:
            starts.append(out_len)
            deltas.append(m.start() - out_len)
            out_len += 1
        starts.append(out_len)
        deltas.append(m.end() - out_len)
        last = m.end()
    pieces.append(folded[last:])
    return _Folded("".join(pieces), tuple(starts), tuple(deltas))


def _split(folded: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Sentence spans in folded text (stripped, non-empty)."""
    rules = lex.sentence_rules
    cuts = [0]
    for m in _END.finditer(folded):
        nxt = m.end() + 1
        if nxt >= len(folded):
            continue
        ch = folded[nxt]
        if not (ch.isupper() or ch in rules.openers or _LABEL.match(folded, nxt)):
            continue
        run = m.group()
        if run.startswith("."):
            if run.startswith(".."):
                continue  # an ellipsis does not end a sentence
            before = _WORD_BEFORE.search(folded, max(0, m.start() - 24), m.start())
            word = before.group().lower().strip(".") if before else ""
            if word in rules.abbreviations:
                continue
        cuts.append(m.end())
    cuts.append(len(folded))
    spans: list[tuple[int, int]] = []
    for a, b in itertools.pairwise(cuts):
        while a < b and folded[a].isspace():
            a += 1
        while b > a and folded[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
    return spans


def sentences(text: str, lang: str = "en") -> tuple[tuple[int, int], ...]:
    """Sentence spans (start, end) in text: split after '.', '?', '!' before a capital,
    quote or label; abbreviations ("s.", "art."), numbers (440.10) and ';' never split."""
    prepared = _prepare(text)
    lex = load_lexicon(lang)
    return tuple((prepared.orig(a), prepared.orig_end(b)) for a, b in _split(prepared.text, lex))


def _candidates(lex: Lexicon, word: str) -> list[GateEntry]:
    low = word.lower()
    found: list[GateEntry] = list(lex.exact.get(low, ()))
    for n in lex.prefix_lengths:
        if n > len(low):
            break
        found.extend(lex.prefix.get(low[:n], ()))
    return found


def extract(text: str, lang: str = "en") -> tuple[Hit, ...]:
    """Every feature hit in text, sorted by (start, feature), each with its sentence index.

    A pattern is tried only at the start of a word it can begin with; one hit is kept per
    (feature, start), the longest.
    """
    return _extract(text, load_lexicon(lang), _memo(len(text)))


def extract_many(texts: Iterable[str], lang: str = "en") -> tuple[tuple[Hit, ...], ...]:
    """`extract` on each text, sharing the per-word pattern look-up between them (a
    statute repeats a few hundred words thousands of times)."""
    lex = load_lexicon(lang)
    all_texts = list(texts)
    memo = _memo(sum(map(len, all_texts)))
    return tuple(_extract(t, lex, memo) for t in all_texts)


def extractor(lang: str, size: int) -> Callable[[str], tuple[Hit, ...]]:
    """`extract` for texts given one at a time (about `size` characters in all), sharing
    the per-word look-up as `extract_many` does without holding every text at once."""
    lex = load_lexicon(lang)
    memo = _memo(size)

    def run(text: str) -> tuple[Hit, ...]:
        return _extract(text, lex, memo)

    return run


#: A hit as a plain row: (start, feature, end, sentence index).
HitRow = tuple[int, str, int, int]


def row_extractor(lang: str, size: int) -> Callable[[str, str], tuple[set[str], list[HitRow]]]:
    """A reader sharing `extractor`'s look-up that gives the names of the features a text
    has and, only when one of them starts with `prefix`, each hit as a row, in `extract`'s
    order. Why: a matcher reading a whole act needs only the names of most clauses, which
    cost neither sentences, offsets nor objects, and the hits of the few that protect."""
    lex = load_lexicon(lang)
    memo = _memo(size)

    def read(text: str, prefix: str) -> tuple[set[str], list[HitRow]]:
        prepared = _prepare(text)
        best = _best(prepared.text, lex, memo)
        names = {feature for feature, _ in best}
        if not any(name.startswith(prefix) for name in names):
            return names, []
        return names, _rows_of(prepared, best, lex)

    return read


#: From this much text on, a gate key's patterns are tried by its probe (one regex call);
#: below, one by one: a probe costs a compilation the first time a process meets its key,
#: which a short bill does not earn back. Both ways give the same hits.
_PROBE_MIN_CHARS = 300_000


def _memo(size: int) -> _Memo:
    return (size >= _PROBE_MIN_CHARS, {}, {})


#: a bound `match` (a key's probe, or one pattern) and the (feature, group) it reports
_Group = tuple[Callable[[str, int], "re.Match[str] | None"], tuple[tuple[str, int], ...]]
#: (use probes?, word -> groups for text as it is, the same for lower-cased ASCII text),
#: shared by the texts of one call
_Memo = tuple[bool, dict[str, tuple[_Group, ...]], dict[str, tuple[_Group, ...]]]


def _groups(lex: Lexicon, word: str, lowered: bool, probes: bool) -> tuple[_Group, ...]:
    """The gate keys of a word (the ones `_candidates` finds): each key's probe, or each
    of its patterns alone (which read lower-cased ASCII text as they read the original)."""
    low = word.lower()
    tests: list[GateTest] = []
    got = lex.exact_tests.get(low)
    if got is not None:
        tests.append(got)
    for n in lex.prefix_lengths:
        if n > len(low):
            break
        got = lex.prefix_tests.get(low[:n])
        if got is not None:
            tests.append(got)
    if not probes:
        return tuple((e.pattern.match, ((e.feature, 0),)) for t in tests for e in t.entries)
    if lowered:
        return tuple((t.lower_probe.match, t.slots) for t in tests)
    return tuple((t.probe.match, t.slots) for t in tests)


def _extract(text: str, lex: Lexicon, memo: _Memo) -> tuple[Hit, ...]:
    prepared = _prepare(text)
    rows = _rows_of(prepared, _best(prepared.text, lex, memo), lex)
    return tuple(Hit(feature, start, end, index) for start, feature, end, index in rows)


def _rows_of(prepared: _Folded, best: dict[tuple[str, int], int], lex: Lexicon) -> list[HitRow]:
    """The hits as rows, in the caller's offsets, with their sentences, sorted."""
    spans = _split(prepared.text, lex)
    sent_starts = [a for a, _ in spans]
    where = bisect.bisect_right
    found: list[HitRow] = []
    if prepared.seg_starts == (0,) and prepared.seg_deltas == (0,):
        # nothing was squeezed: offsets are the caller's already (every end is > 0)
        for (feature, start), end in best.items():
            found.append((start, feature, end, max(where(sent_starts, start) - 1, 0)))
    else:
        orig, orig_end = prepared.orig, prepared.orig_end
        for (feature, start), end in best.items():
            index = max(where(sent_starts, start) - 1, 0)
            found.append((orig(start), feature, orig_end(end), index))
    # sorted by (start, feature, end): one hit per (feature, start), so no two tie
    found.sort()
    return found


def _best(folded: str, lex: Lexicon, memo: _Memo) -> dict[tuple[str, int], int]:
    """(feature, start) -> the end of its longest match, in folded text."""
    best: dict[tuple[str, int], int] = {}
    get = best.get

    # the scanner yields, in C, only the words that start with a gate key; each key's
    # probe then tries all its patterns there in one call. ASCII text is lower-cased and
    # read case-sensitively (same matches, same offsets, less work for the regex engine).
    # On a big text the scanner also tries each key's patterns, so only words where one
    # matches come out (the same hits: a word it drops has no pattern matching there).
    probes = memo[0]
    lowered = lex.lower_scanner is not None and folded.isascii()
    subject = folded.lower() if lowered else folded
    scanner = (lex.filter_scanner(lowered) if probes else None) or (
        lex.lower_scanner if lowered else lex.scanner
    )
    words = (scanner or _WORDS).finditer(subject)
    seen = memo[2] if lowered else memo[1]
    seen_get = seen.get
    for wm in words:
        word = wm.group()
        groups = seen_get(word)
        if groups is None:
            groups = seen[word] = _groups(lex, word, lowered, probes)
        if not groups:
            continue
        pos = wm.start()
        for probe, slots in groups:
            m = probe(subject, pos)
            if m is None:
                continue  # none of the key's patterns matches here
            regs = m.regs
            for feature, g in slots:
                end = regs[g][1]
                if end > pos and end > get((feature, pos), -1):
                    best[feature, pos] = end
    for entry in lex.ungated:
        for m in entry.pattern.finditer(folded):
            start, end = m.span()
            if end > start and end > get((entry.feature, start), -1):
                best[entry.feature, start] = end
    return best
