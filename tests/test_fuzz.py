"""Fuzzing: any text, any bytes, any mangled statute ends in a result or one typed error.

Why: npgap is fed what consultants copy out of PDFs and what CI jobs find in a
repository. Through the API the outcome must be an `Assessment` (and every renderer
must cope with it) or an `NpgapError`; through the CLI an exit code of 0, 1 or 2 and
never a traceback. NPGAP_FUZZ_EXAMPLES raises the number of examples per test (the
long campaign, benchmarks/fuzz_campaign.py, runs these same tests with 100 000+).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import npgap
from npgap.cli import main
from npgap.errors import InputEncodingWarning, InternalError, NpgapError
from npgap.findings import Assessment
from npgap.render import FORMATS, assessments_from_json, render

ROOT = Path(__file__).resolve().parent.parent
CORPORA = sorted(p for p in (ROOT / "corpora").rglob("*.txt"))
EXAMPLES = int(os.environ.get("NPGAP_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FRAMEWORK = npgap.load_framework("mlp2020-art13")

# -- inputs --------------------------------------------------------------------------

_TOKENS = [
    "Section ", "SECTION ", "Article ", "Art. ", "§ ", "PART ", "Part I", "Chapter 2",
    "Schedule ", "SCHEDULE 4", "Annex", "Título I", "Artículo 5 bis", "1.", "2)", "3°",
    "14A", "26-1", "45(4)(a)", "(1)", "(1A)", "(a)", "(aa)", "(i)", "(ii)", "(h)", "(A)",
    "(", ")", "((", "))", "—", "–", "-", "---", ":", ";", ".", ",", "“", "”", '"', "'",
    "victim", " shall not be ", "prosecuted", " for any offence ", "committed as a direct",
    " consequence of being trafficked", "means", " includes ", "does not apply to ",
    "subsection (2)", " of this Act", "provided that", "\n", "\n\n", "\r\n", "\t", " ",
    "    ", "\u00a0", "\u00ad", "\u200b", "\ufeff", "\f", "\x00", "\x07", "ﬁ", "ﬀ",
    "\u2028", "\r", "\x85", "ï»¿", "\ufffd", "é", "ñ",
]  # fmt: skip


_BAD_LABELS = ["(", "((a)", "(a", "a)", "(zz)", "(ii)", "(1)(a)(i)", "§§", "Section", "1.1.1.1.",
               "(ⅰ)", "99999999."]  # fmt: skip


def statute_like() -> st.SearchStrategy[str]:
    """Text made of statute pieces: labels, keywords, punctuation and odd characters."""
    return st.lists(st.sampled_from(_TOKENS), max_size=300).map("".join)


def any_text() -> st.SearchStrategy[str]:
    return st.one_of(st.text(max_size=800), statute_like())


@st.composite
def mutated_statute(draw: st.DrawFn) -> str:
    """A real statute (a window of its lines) with lines dropped, duplicated, shuffled,
    labels corrupted and odd characters inserted."""
    path = draw(st.sampled_from(CORPORA))
    lines = path.read_text(encoding="utf-8").split("\n")
    start = draw(st.integers(0, max(len(lines) - 1, 0)))
    lines = lines[start : start + draw(st.integers(1, 120))]
    for _ in range(draw(st.integers(0, 12))):
        if not lines:
            break
        op = draw(st.sampled_from(["drop", "dup", "swap", "label", "insert", "cut", "join"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "label":
            bad = draw(st.sampled_from(_BAD_LABELS))
            lines[i] = bad + " " + lines[i].lstrip("()0123456789abcdefghijklmnopqrstuvwxyz. ")
        elif op == "insert":
            pos = draw(st.integers(0, len(lines[i])))
            junk = draw(st.sampled_from(_TOKENS))
            lines[i] = lines[i][:pos] + junk + lines[i][pos:]
        elif op == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif op == "join" and i + 1 < len(lines):
            lines[i : i + 2] = [lines[i] + " " + lines[i + 1]]
    return "\n".join(lines)


def encoded(text: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    """Text as file bytes in one of the encodings npgap reads (or cannot read)."""
    codecs = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "utf-16-le"])
    return st.tuples(text, codecs).map(lambda t: t[0].encode(t[1], errors="replace"))


def any_bytes() -> st.SearchStrategy[bytes]:
    return st.one_of(st.binary(max_size=2000), encoded(any_text()), encoded(mutated_statute()))


# -- checks --------------------------------------------------------------------------


def check_api(source: str | bytes) -> None:
    """parse → assess → every renderer → JSON round trip; only NpgapError may escape."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            doc = npgap.parse(source)
        except NpgapError as exc:
            assert not isinstance(exc, InternalError)
            assert isinstance(source, bytes), "text is never refused"
            assert str(exc) and "\n" not in str(exc)
            return
    assert isinstance(doc, npgap.Document)
    # bytes read other than as UTF-8 warn once, with the words of the document's first note
    warned = [str(w.message) for w in caught if issubclass(w.category, InputEncodingWarning)]
    assert len(warned) == len(caught) <= 1
    if warned:
        assert isinstance(source, bytes) and doc.notes[0].message == warned[0]
    for p in doc.walk():
        assert 1 <= p.span.start_line <= p.span.end_line <= len(doc.line_starts)
    a = npgap.assess(doc, FRAMEWORK)
    assert isinstance(a, Assessment)
    assert len(a.findings) == len(FRAMEWORK.requirements)
    assert 0 <= a.score <= 100
    for fmt in FORMATS:
        out = render([a], fmt)
        assert isinstance(out, str) and out
        out.encode("utf-8")
    back = assessments_from_json(render([a], "json"))
    assert render(list(back), "json") == render([a], "json")
    if isinstance(source, str):  # the one-call form gives the same findings
        assert npgap.assess(source, FRAMEWORK).findings == a.findings


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def check_cli_result(code: int, out: str, err: str, fmt: str) -> None:
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in err and "internal error" not in err, err
    if code == 2:
        lines = [x for x in err.splitlines() if x.strip()]
        assert len(lines) == 1 and lines[0].startswith("npgap: "), err
        assert out == ""
    else:
        assert out
        if fmt in ("json", "sarif"):
            json.loads(out)


# -- API -----------------------------------------------------------------------------


@FUZZ
@given(any_text())
def test_api_any_text(text: str) -> None:
    check_api(text)


@FUZZ
@given(any_bytes())
def test_api_any_bytes(data: bytes) -> None:
    check_api(data)


@FUZZ
@given(mutated_statute())
def test_api_mutated_statutes(text: str) -> None:
    check_api(text)


# -- CLI, in process ---------------------------------------------------------------


@FUZZ
@given(
    data=any_bytes(),
    fmt=st.sampled_from(["md", "json", "sarif"]),
    command=st.sampled_from(["assess", "check", "parse"]),
)
def test_cli_any_file(data: bytes, fmt: str, command: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "in.txt")
        with open(path, "wb") as fh:
            fh.write(data)
        if command == "parse":
            argv = ["parse", path, "--format", "json" if fmt == "json" else "outline"]
        elif command == "check":
            argv = ["check", path, "--fail-on", "missing", "--format", fmt]
        else:
            argv = ["assess", path, "--format", fmt]
        code, out, err = run_cli(argv)
        check_cli_result(code, out, err, "md" if command == "parse" and fmt == "sarif" else fmt)
        if command == "assess":
            assert code in (0, 2)


@FUZZ
@given(st.lists(st.one_of(st.none(), encoded(mutated_statute())), min_size=1, max_size=4))
def test_cli_batch_of_files(files: list[bytes | None]) -> None:
    """None is a file that does not exist: every file gets its outcome, worst code wins."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, data in enumerate(files):
            p = os.path.join(tmp, f"f{i}.txt")
            if data is not None:
                with open(p, "wb") as fh:
                    fh.write(data)
            paths.append(p)
        out_path = os.path.join(tmp, "report.json")
        code, _out, err = run_cli(["assess", *paths, "--format", "json", "-o", out_path])
        assert code in (0, 2) and "Traceback" not in err and "internal error" not in err
        errors = [x for x in err.splitlines() if x.startswith("npgap: ") and "warning" not in x]
        assert (code == 2) == bool(errors)
        good = len(files) - len(errors)
        assert len(errors) >= files.count(None)
        if good:
            with open(out_path, encoding="utf-8") as fh:
                data = json.load(fh)
            assert len(data if isinstance(data, list) else [data]) == good
        else:
            assert not os.path.exists(out_path)
        assert sorted(os.listdir(tmp)) == sorted(
            [f"f{i}.txt" for i, d in enumerate(files) if d is not None]
            + (["report.json"] if good else [])
        )


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["assess"],
        ["nonsense"],
        ["assess", "--format", "pdf", "x"],
        ["check", "--fail-under", "many", "x"],
        ["explain", "NP-NOPE"],
        ["frameworks", "show", "no-such-framework"],
        ["assess", "x.txt", "--framework", "/nonexistent.toml"],
    ],
)
def test_cli_bad_usage_is_one_line(argv: list[str]) -> None:
    code, out, err = run_cli(argv)
    assert code == 2 and "Traceback" not in err and "internal error" not in err
    assert err.strip() and out == ""


# -- CLI, real processes -------------------------------------------------------------


@settings(max_examples=3, deadline=None, database=None)
@given(any_bytes())
def test_cli_subprocess(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "in.txt")
        with open(path, "wb") as fh:
            fh.write(data)
        proc = subprocess.run(
            [sys.executable, "-m", "npgap", "assess", path, "--format", "json"],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONIOENCODING": "ascii"},
        )
        check_cli_result(proc.returncode, proc.stdout, proc.stderr, "json")


def test_api_text_with_a_lone_surrogate() -> None:
    check_api("Section 1. A victim \ud800 is not liable.")


@pytest.mark.parametrize(
    "text",
    [
        '<?xml version="1.0"?><akomaNtoso><act><body><section eId="sec_1"><num>1</num>'
        "<content><p>A victim is not liable for<",  # malformed, truncated Akoma Ntoso
        "<html><body><p>Section 1. A victim &amp; &bogus; is not</p></table>",
        "§§§ 1.a.i.- ¶ 3.b.ii.- A.1.α) ⅰ) ① Ⅳ. 一、 (一) 第1条 victim not liable\n" * 50,
        "x" * 300_000,  # one enormous line, no newline at the end
        "\n" * 200_000,
    ],
    ids=["akn-truncated", "html", "unknown-numbering", "enormous-line", "newlines"],
)
def test_odd_documents_through_the_cli(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "odd.txt")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        for fmt in ("json", "sarif", "md"):
            code, out, err = run_cli(["assess", path, "--format", fmt])
            check_cli_result(code, out, err, fmt)
            assert (code == 2) == (not text.strip())
