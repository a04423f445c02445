"""Evidence a consultant can hand over: few items per finding, quotes that are the statute's
own sentence with its labels, and line spans that hold exactly the words quoted.

Why these tests: on a 100,000-section act every finding used to carry every clause (and
the JSON ran to tens of MB); and a quote is only worth handing over if it reads as the law
and can be found in the file at the place the report names.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import npgap.score
from npgap.clauses import Clause, Piece
from npgap.features import Hit
from npgap.findings import Assessment, Evidence
from npgap.framework import load_framework
from npgap.normalise import INVISIBLE, READING_CHANGES
from npgap.pipeline import assess
from npgap.quotes import QUOTE_MAX, excerpt
from npgap.score import EVIDENCE_PER_ROLE
from npgap.tree import Segment, Span
from test_fuzz import mutated_statute

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
FILES = sorted(p for p in CORPORA.rglob("*.txt"))
MSA = CORPORA / "GB-EAW" / "modern_slavery_act_2015.txt"
FW = load_framework()

_SPACE = re.compile(r"\s+")
_INVISIBLE = {ord(c): None for c in INVISIBLE}


def _flat(text: str) -> str:
    """Whitespace collapsed, words hyphenated across a line break joined (the reading
    text joins them: 'partic-\\nipation' is quoted as 'participation'), ligatures and
    other compatibility characters spelled out (the reading text reads 'ﬁ' as 'fi')."""
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE))
    return re.sub(r"-\s+", "", _SPACE.sub(" ", text).strip()).replace("-", "")


def _span_text(text: str, ev: Evidence) -> str:
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    a = starts[ev.line - 1] + ev.column - 1
    b = starts[ev.end_line - 1] + ev.end_column  # end_column is inclusive
    return text[a:b]


def act(n: int, schedule: int = 12) -> str:
    """n sections that each protect victims and exclude the offences of Schedule 1."""
    parts = ["Trafficking Victims Act\n"]
    for i in range(1, n + 1):
        parts.append(
            f"{i}. Protection of victims\n"
            "(1) A victim of trafficking shall not be prosecuted or punished for any offence "
            "committed as a direct consequence of having been trafficked.\n"
            "(2) Subsection (1) does not apply to an offence listed in Schedule 1.\n"
        )
    parts.append("SCHEDULE 1\n")
    parts += [f"{j} Offence number {j}.\n" for j in range(1, schedule + 1)]
    return "".join(parts)


@pytest.fixture(scope="module")
def corpus() -> list[tuple[Path, str, Assessment]]:
    out = []
    for p in FILES:
        data = p.read_bytes()
        out.append((p, data.decode("utf-8-sig"), assess(data, FW, path=str(p))))
    return out


# -- quotes ---------------------------------------------------------------------------


def test_every_quote_is_the_file_words_at_its_span(
    corpus: list[tuple[Path, str, Assessment]],
) -> None:
    """On every corpus file: each stretch of a quote (between ellipses) stands in the
    file, the span starts with the quote's first words and ends with its last, and no
    quote is longer than QUOTE_MAX."""
    checked = 0
    for path, text, a in corpus:
        flat = _flat(text)
        for f in a.findings:
            for ev in f.evidence:
                assert 0 < len(ev.quote) <= QUOTE_MAX, (path.name, ev)
                frags = [_flat(x) for x in ev.quote.split("…") if _flat(x)]
                assert frags, (path.name, ev)
                for fr in frags:
                    assert fr in flat, (path.name, f.requirement, fr)
                span = _flat(_span_text(text, ev))
                assert span.startswith(frags[0][:25]), (path.name, f.requirement, span[:60])
                assert span.endswith(frags[-1][-15:]), (path.name, f.requirement, span[-60:])
                checked += 1
    assert checked > 1000


def test_quotes_keep_item_labels_and_follow_the_requirement(
    corpus: list[tuple[Path, str, Assessment]],
) -> None:
    (a,) = [a for p, _t, a in corpus if p == MSA]
    causation = next(e for e in a.finding("NP-CAUSATION").evidence if e.citation == "s. 45(1)")
    # the duress words are in (b) and (d): both shown with their labels, (a) and (c) cut
    assert causation.quote.startswith("A person is not guilty of an offence if— … (b) ")
    assert "(b) the person does that act because the person is compelled to do it" in (
        causation.quote
    )
    assert "(d) a reasonable person in the same situation" in causation.quote
    assert "(a) " not in causation.quote and "(c) " not in causation.quote
    assert (causation.line, causation.end_line) == (7, 15)
    # a lead-in alone is not readable: the items follow it while they fit
    provision = a.finding("NP-PROVISION").evidence[0]
    assert provision.quote.startswith(
        "A person is not guilty of an offence if— (a) the person is aged 18 or over"
    )
    assert provision.quote.endswith("…")
    # the same clause is quoted differently for different requirements
    quotes = {e.quote for f in a.findings for e in f.evidence if e.citation == "s. 45(1)"}
    assert len(quotes) >= 2
    # the exclusion and what it excludes
    limits = [e for e in a.finding("NP-ALL-OFFENCES").evidence if e.role == "limits"]
    assert (
        limits[0].quote
        == "Subsections (1) and (4) do not apply to an offence listed in Schedule 4."
    )
    assert any(e.citation.startswith("Sch. 4") for e in limits)


def test_quote_of_one_enormous_sentence_is_bounded_and_fast() -> None:
    """A 1 MB clause with no sentence break: the quote is a window around the words,
    found without reading the whole clause."""
    filler = "and the person did a thing " * 40_000
    text = filler + "a victim of trafficking shall not be prosecuted " + filler
    span = Span(0, len(text), 1, 1, 1, len(text))
    piece = Piece(0, len(text), "sec_1", "s. 1", Segment("intro", text, span))
    clause = Clause("sec_1", "s. 1", text, (piece,), "sec_1")
    at = clause.text.index("shall not be prosecuted")
    hits = (Hit("protect.not_prosecuted", at, at + len("shall not be prosecuted"), 0),)
    start = time.perf_counter()
    ex = excerpt(clause, hits, "en", lambda _p: None, text)
    elapsed = time.perf_counter() - start
    assert len(ex.text) <= QUOTE_MAX
    assert ex.text.startswith("…") and ex.text.endswith("…")
    assert "shall not be prosecuted" in ex.text
    assert ex.start <= at < at + 10 < ex.end
    assert elapsed < 0.5, elapsed


# -- how many items -------------------------------------------------------------------


def test_evidence_is_capped_and_the_rest_counted() -> None:
    n = 40
    a = assess(act(n), FW)
    provision = a.finding("NP-PROVISION")
    assert len(provision.evidence) == EVIDENCE_PER_ROLE
    assert provision.omitted_supports == n - EVIDENCE_PER_ROLE
    # equal strength: document order
    assert [e.citation for e in provision.evidence] == [f"s. {i}(1)" for i in range(1, 6)]
    assert f"The evidence lists the strongest 5 of {n} supporting clauses." in (provision.rationale)
    offences = a.finding("NP-ALL-OFFENCES")
    assert offences.status == "partial"
    limits = [e for e in offences.evidence if e.role == "limits"]
    assert len(limits) == EVIDENCE_PER_ROLE
    # the exclusions (n) and the schedule paragraphs they name (12): listed or counted
    assert offences.omitted_limits == n + 12 - EVIDENCE_PER_ROLE
    # the clause that caps the status and what it excludes are both shown
    assert limits[0].citation == "s. 1(2)" and "Schedule 1" in limits[0].quote
    assert any(e.citation.startswith("Sch. 1") and "Offence number 1" in e.quote for e in limits)
    data = json.loads(a.to_json())
    found = next(f for f in data["findings"] if f["requirement"] == "NP-ALL-OFFENCES")
    assert found["evidence_omitted"] == {"supports": n - 5, "limits": n + 12 - 5}


def test_every_pattern_that_caps_a_finding_is_cited(
    corpus: list[tuple[Path, str, Assessment]],
) -> None:
    """Never drop the evidence that determines the status: each deficiency pattern
    named by a finding has a limit of its own in the evidence."""
    assessments = [a for _p, _t, a in corpus] + [assess(act(30), FW)]
    seen = 0
    for a in assessments:
        for f in a.findings:
            limits = [e for e in f.evidence if e.role == "limits"]
            for pattern in f.patterns:
                assert any(e.pattern == pattern for e in limits), (f.requirement, pattern)
                seen += 1
            supports = [e for e in f.evidence if e.role == "supports"]
            assert len(supports) <= EVIDENCE_PER_ROLE
            assert len(limits) <= max(EVIDENCE_PER_ROLE, 2 * len(f.patterns))
    assert seen > 50


def test_quotes_made_do_not_grow_with_the_act(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the listed items are built: twice the sections, the same number of quotes."""
    calls = []
    real = npgap.score.excerpt

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(npgap.score, "excerpt", counting)
    made = []
    for n in (20, 80):
        calls.clear()
        assess(act(n), FW)
        made.append(len(calls))
    assert made[0] == made[1]
    assert made[0] <= 2 * EVIDENCE_PER_ROLE * len(FW.requirements)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_statute())
def test_quotes_of_mutated_statutes_stand_at_their_spans(text: str) -> None:
    """Lines dropped, duplicated, shuffled, labels corrupted: every quote is still the
    document's own words (between ellipses) at the span it names, within QUOTE_MAX.

    Where the text holds characters the reading text drops or spells out (soft hyphens,
    zero-width spaces, ligatures), `Clause.locate` places offsets proportionally, so only
    the words are checked there, not the span's exact ends."""
    from npgap.api import parse

    doc = parse(text)
    a = assess(doc, FW)
    flat = _flat(doc.text)
    for f in a.findings:
        for ev in f.evidence:
            assert len(ev.quote) <= QUOTE_MAX
            frags = [_flat(x) for x in ev.quote.split("…") if _flat(x)]
            for fr in frags:
                assert fr in flat, (f.requirement, fr)
            if frags and not any(c in doc.text for c in READING_CHANGES):
                span = _flat(_span_text(doc.text, ev))
                assert span.startswith(frags[0][:25]), (f.requirement, span[:60], frags[0])
                assert span.endswith(frags[-1][-15:]), (f.requirement, span[-60:], frags[-1])
