"""What the fast parse path promises besides speed (no timings here: those belong to
benchmarks/parse_speed.py, since a shared machine makes timed assertions flaky).

Why: `npgap.parse` runs its transformer inside Lark's LALR loop, feeds records as tokens,
caches the analysed grammar on disk and pauses the garbage collector; each of these
could break quietly (a grammar rule without a transformer method, a GC left disabled,
an error note pointing at the wrong line, a stale or misplaced cache).
"""

from __future__ import annotations

import gc
import importlib.util
import pickle
import re
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Token

import npgap
import npgap.lines as lines_module
import npgap.tree as tree_module
from npgap.build import Draft, DraftTransformer, new_provision, new_segment, new_span
from npgap.errors import InputError
from npgap.grammar_files import grammar_text
from npgap.lines import Piece, Rec, lex
from npgap.parser import _cache_path, _run_lalr, _structure, build_parser
from npgap.tree import Provision, Segment, Span, line_starts

ROOT = Path(__file__).resolve().parent.parent


def test_parser_is_built_once_per_process() -> None:
    assert build_parser() is build_parser()
    assert build_parser(strict=True) is build_parser(strict=True)


def test_every_named_rule_has_a_transformer_method() -> None:
    # Lark, running the transformer inline, makes a bare Tree for a rule without a
    # method; `finish` would then fail on it. Rules starting with "_" are inlined.
    rules = re.findall(r"(?m)^([a-z][a-z0-9_]*)\s*:", grammar_text("statute.lark"))
    assert "section" in rules and "start" in rules
    missing = [r for r in rules if not callable(getattr(DraftTransformer, r, None))]
    assert missing == []


@pytest.mark.parametrize("enabled", [True, False])
def test_parse_and_assess_restore_the_garbage_collector(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        npgap.parse("1 First\n(1) Text.\n")
        assert gc.isenabled() is enabled
        with pytest.raises(InputError):
            npgap.parse(b"\x00\x01binary\x00")
        assert gc.isenabled() is enabled
        # assess pauses it too (around a parse that pauses it again), and restores it
        assert npgap.assess("1 First\n(1) Text.\n").findings
        assert gc.isenabled() is enabled
        with pytest.raises(InputError):
            npgap.assess(" \n", allow_empty=False)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def _shape(value: object) -> object:
    if isinstance(value, Draft):
        return ("draft", [_shape(item) for item in value.items])
    if isinstance(value, (list, tuple)):
        return [_shape(item) for item in value]
    return id(value)  # a record: the very object the lexer made


def test_own_lalr_loop_groups_records_as_lark_does() -> None:
    text = (
        "An Act.\nPART 1\nCHAPTER 1\n1 First\n(1) Lead-in—\n(a) one;\n(b) two,\n"
        "closing words.\n(2) Text.\n2 Second\nText.\nCHAPTER 2\n3 Third\n(a) x\n"
        "(i) y\nPART 2\n4 Fourth\nSCHEDULE 1\n1. Murder.\n"
    )
    records = lex(text)
    interactive = build_parser().parse_interactive()
    for record in records:
        interactive.parser_state.feed_token(record)  # type: ignore[arg-type]
    theirs = interactive.parser_state.feed_token(Token("$END", ""), True)
    assert _shape(_run_lalr(records)) == _shape(theirs)


def _rec(type_: str, start: int, end: int, line: int, **kw: str) -> Rec:
    return Rec(type_, start, line, 1, pieces=(Piece(kw.pop("role", "label"), start, end),), **kw)


def test_a_token_the_grammar_rejects_is_named_by_its_line() -> None:
    records = [
        _rec("SECTION", 0, 7, 1, kind="section", num="1", num_value="1"),
        _rec("PRE", 8, 12, 2, role="text"),  # preamble text cannot follow a section
    ]
    pre, body, note = _structure(records)
    assert note is not None and note.line == 2
    assert "structure not recognised" in note.message
    assert pre == records and body == []


def test_input_that_ends_too_soon_is_named_by_its_last_line() -> None:
    records = [_rec("HEADING", 0, 7, 3, role="heading")]  # a heading with no section
    pre, body, note = _structure(records)
    assert note is not None and note.line == 3
    assert pre == records and body == []


def test_repeated_numbers_get_numbered_ids_in_order() -> None:
    doc = npgap.parse("1 First\nText.\n1 Again\nText.\n1 Third\nText.\n2 Other\nText.\n")
    assert [p.eid for p in doc.walk()] == ["sec_1", "sec_1_2", "sec_1_3", "sec_2"]


@pytest.mark.parametrize(
    ("start", "end"), [(0, 1), (0, 5), (3, 9), (5, 6), (6, 12), (11, 12), (12, 12), (4, 4)]
)
def test_spans_count_lines_and_columns_as_a_direct_count(start: int, end: int) -> None:
    # a parser-made span works line and column out from the line starts on demand
    text = "ab\ncd\n\nefgh\nij"
    starts = line_starts(text)
    assert list(starts) == [0, 3, 6, 7, 12]
    last = max(start, end - 1)
    line = text.count("\n", 0, start) + 1
    end_line = text.count("\n", 0, last) + 1
    want = Span(
        start,
        end,
        line,
        start - starts[line - 1] + 1,
        end_line,
        last - starts[end_line - 1] + 1,
    )
    got = new_span(starts, start, end)
    assert got == want and hash(got) == hash(want) and repr(got) == repr(want)
    assert (got.start_line, got.start_col, got.end_line, got.end_col) == (
        want.start_line,
        want.start_col,
        want.end_line,
        want.end_col,
    )
    assert pickle.loads(pickle.dumps(got)) == want


def test_fast_constructors_make_the_same_frozen_objects() -> None:
    # build.py bypasses attrs' __init__ for speed; the objects must be indistinguishable
    starts = line_starts("0123456789\n0123456789\n0123456789\n")
    span = new_span(starts, 12, 25)
    assert span == Span(12, 25, 2, 2, 3, 3) and hash(span) == hash(Span(12, 25, 2, 2, 3, 3))
    assert span != Span(12, 25, 2, 2, 3, 4)
    seg = new_segment("intro", "Words.", starts, 12, 25)
    assert seg == Segment("intro", "Words.", span) and seg.span == span
    assert hash(seg) == hash(Segment("intro", "Words.", Span(12, 25, 2, 2, 3, 3)))
    assert repr(seg) == repr(Segment("intro", "Words.", Span(12, 25, 2, 2, 3, 3)))
    assert pickle.loads(pickle.dumps(seg)) == seg
    values = ("section", "1", "1", "Head", "Words.", "", (), span, (seg,))
    eid = "part_2__sec_1"
    prov = new_provision(*values, eid, 8, "s. 1")
    made = Provision(*values, eid, "sec_1", "s. 1")
    assert prov == made and repr(prov) == repr(made) and hash(prov) == hash(made)
    assert (prov.sid, made.sid, made.sid_at) == ("sec_1", "sec_1", 8)
    assert "sid='sec_1'" in repr(made)
    # evolve keeps the sid; a sid that is not the end of the eid is refused
    assert attrs.evolve(made, intro="Other.").sid == "sec_1"
    assert Provision(*values, "sec_1", "sec_1", "s. 1").sid_at == 0
    with pytest.raises(ValueError, match="not 'part_2__sec_1'"):
        Provision(*values, eid, "ec_1", "s. 1")
    assert pickle.loads(pickle.dumps(made)) == made
    for obj, field in ((span, "start"), (seg, "text"), (prov, "eid")):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(obj, field, None)


def test_grammar_cache_lives_in_the_user_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = _cache_path()
    assert isinstance(path, str)
    assert Path(path).parent == tmp_path / "npgap"
    # the name changes with the grammar text, Lark's version and Python's
    assert f"py{sys.version_info[0]}{sys.version_info[1]}" in Path(path).name
    blocked = tmp_path / "file"
    blocked.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert _cache_path() is False  # no cache rather than an error


def test_benchmark_builds_one_valid_act() -> None:
    spec = importlib.util.spec_from_file_location(
        "parse_speed", ROOT / "benchmarks" / "parse_speed.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    sample = (
        "An Act.\n\nCHAPTER 1\nGENERAL\n\n1. Definitions\n\n(1) Text.\n\n2A. Scope\n\nText.\n\n"
        "CHAPTER 2\nMORE\n\n3. Offences\n\nText.\n\nSCHEDULE 1\n\n1. Murder.\n"
    )
    act = bench.build_act(sample, 3 * len(sample.encode("utf-8")))
    doc = npgap.parse(act)
    sections = [p for p in doc.walk() if p.kind == "section"]
    copies = len(sections) // 3
    assert copies >= 3 and len(sections) == 3 * copies
    assert [p.num for p in sections] == [
        f"{3 * k + i}{suffix}" for k in range(copies) for i, suffix in ((1, ""), (2, "A"), (3, ""))
    ]
    assert [p.citation for p in doc.provisions][-2:] == [f"Chapter {2 * copies}", "Sch. 1"]
    eids = [p.eid for p in doc.walk()]
    deduplicated = [e for e in eids if re.fullmatch(r"[a-z]+_[^_]+_\d+", e.split("__")[-1])]
    assert len(eids) == len(set(eids)) and deduplicated == []
    assert len(bench.baseline(act)) == sum(1 for line in act.splitlines() if line.strip())


_WORDISH = (
    st.lists(
        st.sampled_from(list("abnorstuc-_ ,;:(’'\"“—.9AOSé"))
        | st.sampled_from(
            ["section", "Sections", "sub-paragraph", "paragraphs", "Article", "of", "under", "an"]
        ),
        min_size=1,
        max_size=12,
    )
    .map("".join)
    .map(lambda s: s.strip() or "x")
)


@settings(max_examples=500, deadline=None)
@given(_WORDISH)
def test_line_end_tests_agree_with_the_regexes_they_replace(line: str) -> None:
    # the lexer tests a line's last character and last word instead of searching the
    # line with these regexes (a search tries every position: a fifth of lexing time)
    open_end = re.compile(r"[\w,\-(’'\"“]$")
    ref_end = re.compile(
        r"\b(?:sections?|subsections?|paragraphs?|sub-paragraphs?|articles?|of|under|in|and|or"
        r"|to|the|by|with|a|an)$",
        re.I,
    )
    ref_noun = re.compile(
        r"\b(?:sections?|subsections?|paragraphs?|sub-paragraphs?|articles?|of|under)$", re.I
    )
    last = line[-1]
    assert (last.isalnum() or last in lines_module._OPEN_END_CHARS) == bool(open_end.search(line))
    word = lines_module._last_word(line)
    assert (word in lines_module._REF_ENDS) == bool(ref_end.search(line))
    assert (word in lines_module._REF_NOUNS) == bool(ref_noun.search(line))


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*"0123456789()-abAB .ré\t", "para", "paragraph", "1er", "2re", "ss", "Sch"]
        ),
        max_size=12,
    ).map("".join)
)
def test_citation_squash_fast_path_agrees_with_the_patterns(text: str) -> None:
    # `_squash` skips its three substitutions when none can change the text
    slow = tree_module._CITE_SQUASH.sub(
        "", tree_module._CITE_PARA.sub("p", tree_module._CITE_FIRST.sub("", text))
    ).lower()
    assert tree_module._squash(text) == slow
