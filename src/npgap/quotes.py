"""Evidence quotes: the sentence of a clause that holds a finding's words, with its labels.

Why its own module: a consultant hands a quote over as the statute's own words, so it must
be the sentence that says the thing found — with "(a)", "(b)" where the items are, the
items that say nothing about it left out with an ellipsis — short enough to read, and the
evidence's line span must hold exactly the words quoted. The work is bounded by the quote,
not the clause: a clause of 10 MB costs no more than one of 300 characters.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence

import attrs

from npgap.clauses import Clause, Piece
from npgap.features import Hit, sentences

__all__ = ["QUOTE_MAX", "Excerpt", "LabelOf", "excerpt"]

#: Longest quote (characters, ellipses included).
QUOTE_MAX = 300
#: How far (characters) from the first key word other key words and sentence starts are
#: looked for; keeps the work per quote bounded on one enormous clause.
_REACH = 1500
#: At most this many key words (one per feature) are kept in view.
_MAX_KEYS = 8
_GAP = " … "

#: A piece's label as printed, with the space that follows it when the file has one
#: ("(a) "), and the offset in the file where it stands; None when the piece gets none.
LabelOf = Callable[[Piece], "tuple[str, int] | None"]


@attrs.frozen(slots=True)
class Excerpt:
    """A quote, and where its words are: clause text [start, end) from the first word
    quoted to the last; `label_at` is the file offset of the label the quote opens with
    (the span then starts there), else None."""

    text: str
    start: int
    end: int
    label_at: int | None = None


@attrs.frozen(slots=True)
class _Part:
    """A stretch [start, end) of clause text to show, the piece it lies in, and the label
    printed before it."""

    start: int
    end: int
    piece: Piece
    label: tuple[str, int] | None


@attrs.frozen(slots=True)
class _Placed:
    """Where a part landed in the joined string: its label from `at`, its text from
    `text_at` to `end`."""

    at: int
    text_at: int
    end: int
    part: _Part


def _key_hits(hits: Sequence[Hit]) -> list[Hit]:
    """One hit per feature: those of the sentence holding most of the features (the
    earliest such), then the first hit of each other feature near it."""
    by_sentence: dict[int, dict[str, Hit]] = {}
    for h in hits:
        by_sentence.setdefault(h.sentence, {}).setdefault(h.feature, h)
    best = min(by_sentence, key=lambda s: (-len(by_sentence[s]), s))
    keys = dict(by_sentence[best])
    anchor = min(h.start for h in keys.values())
    for h in hits:
        if h.feature not in keys and abs(h.start - anchor) <= _REACH:
            keys[h.feature] = h
    ordered = sorted(keys.values(), key=lambda h: (h.start, h.end, h.feature))
    return ordered[:_MAX_KEYS]


def _piece_start(p: Piece) -> int:
    return p.start


def _pieces_between(pieces: Sequence[Piece], a: int, b: int) -> list[Piece]:
    """The pieces overlapping clause text [a, b), found by bisection."""
    i = max(bisect_right(pieces, a, key=_piece_start) - 1, 0)
    out = []
    while i < len(pieces) and pieces[i].start < b:
        if pieces[i].end > a:
            out.append(pieces[i])
        i += 1
    return out


def _width(part: _Part) -> int:
    """Characters a part takes in the quote (label, text, a separator)."""
    return part.end - part.start + (len(part.label[0]) if part.label else 0) + 1


def _parts(
    clause: Clause, keys: Sequence[Hit], lang: str, label_of: LabelOf, limit: int
) -> tuple[list[_Part], bool, bool]:
    """What to show: each sentence holding a key word, from its start (the lead-in that
    makes an item readable) and the pieces (items, closing words) that hold key words;
    then, while they fit whole, the sentence's other pieces in document order, so a
    lead-in is followed by its items. Also says whether words are left out before the
    first part or after the last."""
    text = clause.text
    lo = max(0, keys[0].start - _REACH)
    hi = min(len(text), max(h.end for h in keys) + _REACH)
    spans = [(a + lo, b + lo) for a, b in sentences(text[lo:hi], lang)]
    holding = [sp for sp in spans if any(sp[0] <= h.start < sp[1] for h in keys)]
    if not holding:  # key words in whitespace only: show them as they stand
        holding = [(keys[0].start, max(h.end for h in keys))]
    # the sentence with most key words; others only when they fit whole beside it
    best = max(holding, key=lambda sp: sum(1 for h in keys if sp[0] <= h.start < sp[1]))
    chosen = [best]
    used = best[1] - best[0]
    for sp in holding:
        if sp != best and used + sp[1] - sp[0] + len(_GAP) <= limit:
            chosen.append(sp)
            used += sp[1] - sp[0] + len(_GAP)
    chosen.sort()
    candidates: list[tuple[_Part, bool]] = []  # (part, holds a key word or opens a sentence)
    for sa, sb in chosen:
        for i, p in enumerate(_pieces_between(clause.pieces, sa, sb)):
            a, b = max(sa, p.start), min(sb, p.end)
            if b > a:
                core = i == 0 or any(a <= h.start < b for h in keys)
                candidates.append((_Part(a, b, p, label_of(p) if a == p.start else None), core))
    used = sum(_width(part) for part, core in candidates if core)
    parts: list[_Part] = []
    room = True
    for part, core in candidates:
        if core:
            parts.append(part)
        elif room and used + _width(part) <= limit:
            parts.append(part)
            used += _width(part)
        else:
            room = False  # no later piece jumps the gap: the reader sees an ellipsis
    cut_start = chosen[0][0] == lo and lo > 0
    cut_end = (chosen[-1][1] == hi and hi < len(text)) or bool(
        parts and text[parts[-1].end : chosen[-1][1]].strip()
    )
    return parts, cut_start, cut_end


def _whole_parts(clause: Clause, label_of: LabelOf, limit: int) -> tuple[list[_Part], bool]:
    """The clause from its start, piece by piece, until the quote is long enough; and
    whether words are left out after the last part."""
    parts: list[_Part] = []
    shown = 0
    for p in clause.pieces:
        if shown > limit:
            return parts, True
        part = _Part(p.start, p.end, p, label_of(p))
        parts.append(part)
        shown += _width(part)
    return parts, False


#: Farthest apart (characters) two pieces may stand in the file and still be joined
#: without an ellipsis (only whitespace may lie between them).
_ADJACENT = 200


def _adjacent(source: str, prev: _Part, part: _Part) -> bool:
    """Whether `part` follows `prev` in the file with only whitespace between (a label
    between them is printed, so it counts as shown)."""
    if prev.piece is part.piece:
        return True
    if prev.end != prev.piece.end or part.start != part.piece.start:
        return False
    a = prev.piece.segment.end
    b = part.label[1] if part.label else part.piece.segment.start
    return 0 <= b - a <= _ADJACENT and not source[a:b].strip()


def _assemble(text: str, parts: Sequence[_Part], source: str) -> tuple[str, list[_Placed]]:
    """Join the parts and say where each landed. Words left out between two parts — in
    the clause or in the file — become " … "; a part that stands in the file before the
    one shown ahead of it (a misread structure) is left out, so the quote keeps the
    file's order and its span runs forwards."""
    out: list[str] = []
    length = 0
    placed: list[_Placed] = []
    prev: _Part | None = None
    for part in parts:
        if prev is not None:
            if part.start < prev.end or part.piece.segment.start < prev.piece.segment.start:
                continue
            together = not text[prev.end : part.start].strip() and _adjacent(source, prev, part)
            sep = " " if together else _GAP
            out.append(sep)
            length += len(sep)
        at = length
        if part.label:
            out.append(part.label[0])
            length += len(part.label[0])
        chunk = text[part.start : part.end]
        out.append(chunk)
        placed.append(_Placed(at, length, length + len(chunk), part))
        length += len(chunk)
        prev = part
    return "".join(out), placed


def _merge(s: str, spans: Sequence[Sequence[int]]) -> list[list[int]]:
    """Join spans that touch or are separated by whitespace only."""
    out: list[list[int]] = []
    for a, b in spans:
        if out and not s[out[-1][1] : a].strip():
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return out


def _render(s: str, spans: Sequence[Sequence[int]], cut_start: bool, cut_end: bool) -> str:
    merged = _merge(s, spans)
    head = "…" if merged[0][0] > 0 or cut_start else ""
    # a span may begin or end on the ellipsis of a gap between parts: never print two
    pieces = [t for t in (s[a:b].strip(" …") for a, b in merged) if t]
    body = head + _GAP.join(pieces)
    return _ellipsis_after(body) if merged[-1][1] < len(s) or cut_end else body


def _widen(s: str, span: Sequence[int], side: int) -> list[int] | None:
    """The span with one more word on the left (side 0) or right (side 1), or None."""
    a, b = span
    if side == 0:
        return None if a <= 0 else [s.rfind(" ", 0, max(a - 1, 0)) + 1, b]
    if b >= len(s):
        return None
    nxt = s.find(" ", b + 1)
    return [a, len(s) if nxt < 0 else nxt]


def _fit(
    s: str,
    keys: Sequence[tuple[int, int]],
    limit: int,
    cut_start: bool,
    cut_end: bool,
    labels: Sequence[tuple[int, int]] = (),
) -> tuple[str, list[list[int]]]:
    """Trim `s` to `limit` characters around the key words (joined-string spans): start
    from the key words that fit, then widen each by a word at a time, left then right,
    until the quote is full; cut stretches become ellipses, and no stretch ends on a
    label (`labels`: where the printed labels stand) whose words it leaves out. Returns
    the quote and the spans of `s` it shows."""
    whole = [[0, len(s)]]
    if len(_render(s, whole, cut_start, cut_end)) <= limit:
        return _render(s, whole, cut_start, cut_end), whole
    spans: list[list[int]] = []
    # from the start of the sentence to the last key word, when that fits: the reader
    # sees who is protected before what, and no sentence is entered in the middle
    opening = [[0, max(b for _, b in keys)]]
    if len(_render(s, opening, cut_start, cut_end)) <= limit:
        spans = opening
    for a, b in keys:
        trial = _merge(s, [*spans, [a, b]])
        if len(_render(s, trial, cut_start, cut_end)) > limit:
            break
        spans = trial
    if not spans:  # one key word longer than the quote: show its start
        a = keys[0][0]
        b = a + limit - 2
        return ("…" if a > 0 or cut_start else "") + s[a:b] + "…", [[a, b]]
    grew = True
    while grew:
        grew = False
        i = 0
        while i < len(spans):
            for side in (0, 1):
                if i >= len(spans):
                    break
                new = _widen(s, spans[i], side)
                if new is None:
                    continue
                trial = [*spans[:i], new, *spans[i + 1 :]]
                if len(_render(s, trial, cut_start, cut_end)) <= limit:
                    spans = _merge(s, trial)
                    grew = True
            i += 1
    for span in spans:
        for at, text_at in labels:
            if at < span[1] <= text_at and at > span[0]:
                span[1] = at
    return _render(s, spans, cut_start, cut_end), spans


def _cut(
    s: str, limit: int, more: bool, lang: str, labels: Sequence[tuple[int, int]] = ()
) -> tuple[str, list[list[int]]]:
    """The start of `s`: whole when it fits, else its first sentences that fit (or, when
    even the first does not, cut at a word boundary), with an ellipsis when words are
    left out (`more` says words follow that are not in `s`)."""
    end = len(s.rstrip())
    if end <= limit and not more:
        return s[:end], [[0, end]]
    if end < limit:
        return _ellipsis_after(s[:end]), [[0, end]]
    window = s[: limit + 1]
    ends = [b for _a, b in sentences(window, lang)[:-1] if b < limit]
    if ends and ends[-1] >= limit // 3:
        end = ends[-1]
    else:
        at = s.rfind(" ", 0, limit - 1)
        end = at if at > limit // 2 else limit - 1
    for label_at, text_at in labels:  # never end on a label whose words are cut
        if 0 < label_at < end <= text_at:
            end = label_at
    return _ellipsis_after(s[:end].rstrip()), [[0, end]]


def _ellipsis_after(text: str) -> str:
    """`text` then an ellipsis, set apart after a full stop ("section. …")."""
    return text + (" …" if text.endswith((".", ";", ":")) else "…")


def _locate(s: str, placed: Sequence[_Placed], spans: Sequence[Sequence[int]]) -> Excerpt:
    """Clause offsets of the first and last words the spans of the joined string show."""
    first, last = spans[0][0], spans[-1][1]
    while first < last and s[first].isspace():
        first += 1
    while last > first and s[last - 1].isspace():
        last -= 1
    label_at: int | None = None
    start = placed[0].part.start
    for p in placed:  # the first part that ends after `first`
        if p.end > first:
            if first < p.text_at and p.part.label is not None and first >= p.at:
                label_at = p.part.label[1]
            start = p.part.start + max(first - p.text_at, 0)
            break
    end = placed[-1].part.end
    for p in reversed(placed):  # the last part that starts before `last`
        if p.at < last:
            end = p.part.start + max(min(last, p.end) - p.text_at, 1)
            break
    return Excerpt("", start, max(end, start + 1), label_at)


def excerpt(
    clause: Clause,
    hits: Sequence[Hit],
    lang: str,
    label_of: LabelOf,
    source: str,
    limit: int = QUOTE_MAX,
) -> Excerpt:
    """The quote for `hits` (a finding's words) in `clause` of a document whose text is
    `source`: the sentence(s) that hold them, with the items' labels, at most `limit`
    characters, and where its words stand. Without hits, the clause from its start."""
    text = clause.text
    if not clause.pieces or not text.strip():
        return Excerpt("", 0, max(len(text), 1))
    if not hits:
        parts, more = _whole_parts(clause, label_of, limit)
        joined, placed = _assemble(text, parts, source)
        more = more or bool(text[parts[-1].end :].strip())
        labels = [(p.at, p.text_at) for p in placed if p.text_at > p.at]
        quote, spans = _cut(joined, limit, more, lang, labels)
    else:
        keys = _key_hits(hits)
        parts, cut_start, cut_end = _parts(clause, keys, lang, label_of, limit)
        joined, placed = _assemble(text, parts, source)
        spots: list[tuple[int, int]] = []
        for h in keys:
            for p in placed:
                if p.part.start <= h.start < p.part.end:
                    base = p.text_at - p.part.start
                    spots.append((h.start + base, min(h.end, p.part.end) + base))
        if not spots:  # cannot happen (every key word lies in a part); keep the words
            spots = [(0, min(len(joined), limit))]
        labels = [(p.at, p.text_at) for p in placed if p.text_at > p.at]
        quote, spans = _fit(joined, spots, limit, cut_start, cut_end, labels)
    where = _locate(joined, placed, spans)
    return attrs.evolve(where, text=quote)
