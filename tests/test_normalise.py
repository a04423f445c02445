"""Decoding and normalising text as it comes out of PDFs, Word and old Windows files.

Why: a consultant pastes whatever the official copy gave them; npgap must read it, say
which encoding it guessed, and still cite the lines of that very file.
"""

from __future__ import annotations

import codecs
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import npgap
from npgap.errors import InputError
from npgap.normalise import INVISIBLE, LIGATURES, decode, fold, needs_normalising, normalise

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "corpora" / "synthetic" / "bills" / "model_law_westminster.txt"
SAMPLE = "Section 5. Víctima — “not liable”\nsecond line\n"


@pytest.mark.parametrize(
    ("data", "warning"),
    [
        (SAMPLE.encode("utf-8"), None),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), None),
        (SAMPLE.encode("utf-16"), None),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), None),
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), None),
    ],
)
def test_unicode_encodings_decode_exactly(data: bytes, warning: str | None) -> None:
    assert decode(data) == (SAMPLE, warning)


def test_cp1252_is_named_in_the_warning() -> None:
    text, warning = decode(SAMPLE.encode("cp1252"))
    assert text == SAMPLE
    assert warning == "not UTF-8: decoded as cp1252 (Windows-1252)"


def test_latin1_where_cp1252_has_holes() -> None:
    data = "Art\xedculo 5\x81 v\xedctima\n".encode("latin-1")
    text, warning = decode(data)
    assert text == "Art\xedculo 5\x81 v\xedctima\n"
    assert warning == "not UTF-8: decoded as latin-1 (ISO-8859-1)"


def test_mostly_utf8_with_a_bad_byte_keeps_utf8_and_says_where() -> None:
    data = "línea uno — “sí”\n".encode() + b"l\xednea dos\n" + "tres é\n".encode()
    text, warning = decode(data, path="x.txt")
    assert text.splitlines() == ["línea uno — “sí”", "l\ufffdnea dos", "tres é"]
    assert warning is not None and "line 2" in warning and "1 undecodable byte" in warning


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Section 1\x00\x00\x01", "binary file (NUL bytes), not text"),
        ("Section 1. Text here.\n".encode("utf-16-le"), "looks like UTF-16 without a byte-order"),
        (bytes(range(1, 9)) * 200 + b"\xff", "binary file, not text"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "invalid UTF-16"),
    ],
)
def test_not_text_is_one_input_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        decode(data, path="in.txt")
    assert str(info.value).startswith("in.txt: " + message)
    assert "\n" not in str(info.value)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec=None)))
def test_normalise_is_same_length_and_keeps_line_numbers(text: str) -> None:
    out = normalise(text)
    assert len(out) == len(text)
    # lines as an editor counts them: LF, CRLF and a lone CR
    assert out.count("\n") == len(re.findall(r"\r\n|\r|\n", text))
    assert normalise(out) == out
    assert not needs_normalising(out) or out == normalise(out)
    out.encode("utf-8")  # no lone surrogate survives


def test_odd_characters_become_plain() -> None:
    text = "\fSection\u00a05\u200b.\x00A\tvictim\x07is\u2028not\x85liable\r\nnext\rlast\ud800"
    out = normalise(text)
    assert out == " Section 5\u200b. A victim is not liable \nnext\nlast\ufffd"


def test_invisible_characters_inside_words_stay_for_fold() -> None:
    text = "traf\u00adfick\u200bing vic\u2060tim"
    assert normalise(text) == text
    assert fold(normalise(text)) == "trafficking victim"


def test_soft_hyphen_at_line_end_joins_the_word() -> None:
    for eol in ("\n", "\r\n"):
        text = f"a traf\u00ad{eol}ficking victim"
        assert fold(normalise(text)) == "a trafficking victim"


def test_ligatures_read_as_letters() -> None:
    assert fold("oﬀence ﬁrst ﬂow eﬃcient baﬄe ﬅ") == "offence first flow efficient baffle st"
    assert set(LIGATURES) <= set(normalise("".join(LIGATURES)))  # kept: spans stay put


def test_zero_width_space_before_a_label_does_not_hide_it() -> None:
    doc = npgap.parse("Test Act\n\u200b1. Victims\n\u200b(1) A victim is not liable.\n")
    assert [p.citation for p in doc.provisions] == ["s. 1"]
    assert doc.provisions[0].span.start_line == 2


def _dirty(text: str, seed: int) -> str:
    """The same statute as a PDF or a web page gives it, line for line."""
    rnd = random.Random(seed)
    out: list[str] = []
    for line in text.split("\n"):
        line = line.replace("fi", "ﬁ").replace("ff", "ﬀ").replace("fl", "ﬂ")
        words = line.split(" ")
        for i, w in enumerate(words):
            if len(w) > 6 and rnd.random() < 0.3:
                cut = rnd.randrange(2, len(w) - 2)
                w = w[:cut] + rnd.choice(INVISIBLE[:5]) + w[cut:]
            words[i] = w
        line = "".join(
            w + (rnd.choice(["\u00a0", " ", "\u2009", " \x07", "\t"]) if k < len(words) - 1 else "")
            for k, w in enumerate(words)
        )
        if rnd.random() < 0.2:
            line = rnd.choice(["\f", "\u200b", "\x00", "\ufeff"]) + line
        out.append(line)
    return "\r\n".join(out)


def test_evidence_lines_point_at_the_dirty_file() -> None:
    clean = MODEL.read_text(encoding="utf-8")
    dirty = _dirty(clean, 7)
    assert dirty.count("\n") == clean.count("\n") and len(dirty) > len(clean)
    a, b = npgap.assess(clean), npgap.assess(dirty)
    assert a.statuses() == b.statuses()
    lines_a = [[(e.citation, e.line, e.end_line) for e in f.evidence] for f in a.findings]
    lines_b = [[(e.citation, e.line, e.end_line) for e in f.evidence] for f in b.findings]
    assert lines_a == lines_b
    assert [e.quote for f in a.findings for e in f.evidence] == [
        e.quote for f in b.findings for e in f.evidence
    ]
    assert sum(len(f.evidence) for f in b.findings) >= 5


def test_dirty_file_through_the_cli_cites_the_same_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from npgap.cli import main

    clean = MODEL.read_text(encoding="utf-8")
    f = tmp_path / "dirty.txt"
    # NUL bytes make a file binary, so the CLI copy has none
    f.write_bytes(_dirty(clean, 3).replace("\x00", "\x01").encode("utf-16"))
    assert main(["assess", str(f), "--format", "json"]) == 0
    import json

    got = json.loads(capsys.readouterr().out)
    want = json.loads(npgap.render.render_json(npgap.assess(clean)))
    assert [[(e["line"], e["end_line"]) for e in x["evidence"]] for x in got["findings"]] == [
        [(e["line"], e["end_line"]) for e in x["evidence"]] for x in want["findings"]
    ]


def test_empty_text_through_the_api_is_an_empty_result() -> None:
    for text in ("", "   \n\n", "\ufeff", "\u200b\u00a0\n"):
        doc = npgap.parse(text)
        assert doc.provisions == ()
        a = npgap.assess(text)
        assert {f.status for f in a.findings} == {"missing"}
    doc = npgap.parse(b"")
    assert doc.provisions == () and doc.notes == ()


def test_ligatures_alone_read_as_letters_everywhere() -> None:
    clean = MODEL.read_text(encoding="utf-8")
    dirty = clean.replace("ffi", "ﬃ").replace("fi", "ﬁ").replace("ff", "ﬀ").replace("fl", "ﬂ")
    assert dirty != clean and len(dirty.splitlines()) == len(clean.splitlines())
    doc = npgap.parse(dirty)
    for p in doc.walk():
        read = [p.heading or "", p.intro or "", p.wrapup or ""]
        read += [s.text for s in p.segments]
        assert not any(c in r for r in read for c in LIGATURES), p.citation
    a, b = npgap.assess(clean), npgap.assess(dirty)
    assert a.statuses() == b.statuses()
    assert [[e.line for e in f.evidence] for f in a.findings] == [
        [e.line for e in f.evidence] for f in b.findings
    ]
