"""CLI `assess` and `check`: exit codes, gates, atomic output, SARIF validity.

Why through `npgap.cli.main`: the exit code and the one-line error are the contract a CI
pipeline relies on, so they are tested exactly as a shell would see them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from npgap.cli import main

ROOT = Path(__file__).resolve().parent.parent
BILLS = ROOT / "corpora" / "synthetic" / "bills"
MODEL = BILLS / "model_law_westminster.txt"
DECOY = BILLS / "decoy_only.txt"  # every requirement missing, NP-PROVISION included
OWN_ACT = BILLS / "own_act_only.txt"
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"


def test_assess_json_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", str(MODEL), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["document"]["path"] == str(MODEL)
    assert data["findings"][0]["requirement"] == "NP-PROVISION"


def test_assess_several_files_one_report(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    assert main(["assess", str(MODEL), str(DECOY), "--format", "json", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert str(MODEL) in text and str(DECOY) in text
    assert not [p for p in tmp_path.iterdir() if p.name != "r.json"]  # no temp file left


@pytest.mark.parametrize("fmt", ["md", "html", "csv"])
def test_assess_other_formats(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"r.{fmt}"
    assert main(["assess", str(OWN_ACT), "--format", fmt, "-o", str(out)]) == 0
    assert "NP-PROVISION" in out.read_text(encoding="utf-8")


def test_sarif_validates_against_schema(tmp_path: Path) -> None:
    out = tmp_path / "r.sarif"
    assert main(["assess", str(MODEL), str(OWN_ACT), "--format", "sarif", "-o", str(out)]) == 0
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    log = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    assert log["runs"][0]["results"]


def test_check_fails_a_bill_missing_the_provision(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(DECOY), "--require", "NP-PROVISION", "--format", "json"])
    assert code == 1
    err = capsys.readouterr().err
    assert "NP-PROVISION" in err and "missing" in err


def test_check_fail_under_reports_score(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(OWN_ACT), "--fail-under", "50"]) == 1
    err = capsys.readouterr().err
    assert "below --fail-under 50" in err


def test_check_fail_on_missing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(DECOY), "--fail-on", "missing"]) == 1
    assert "missing or worse" in capsys.readouterr().err


def test_check_passes_the_model_bill(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(MODEL), "--fail-under", "70", "--require", "NP-PROVISION"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "passed" in captured.err


def test_check_unknown_requirement_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(MODEL), "--require", "NP-NOPE"]) == 2
    assert "NP-NOPE" in capsys.readouterr().err


@pytest.mark.parametrize(
    "kind", ["missing", "directory", "binary", "empty", "utf16-no-bom", "bom-only", "too-big"]
)
def test_unreadable_input_exits_2_and_writes_nothing(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "in.txt"
    if kind == "directory":
        bad.mkdir()
    elif kind == "binary":
        bad.write_bytes(b"Section 1\x00\x01\x02")
    elif kind == "empty":
        bad.write_bytes(b"  \n")
    elif kind == "utf16-no-bom":
        bad.write_bytes("Section 1. A victim is not liable.\n".encode("utf-16-le"))
    elif kind == "bom-only":
        bad.write_bytes(b"\xef\xbb\xbf \xc2\xa0\n")
    elif kind == "too-big":
        bad.write_bytes(b"Section 1. Text.\n" * 200)
    out = tmp_path / "out.json"
    argv = ["assess", str(bad), "--format", "json", "-o", str(out)]
    assert main([*argv, "--max-size", "1K"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("npgap: ") and str(bad) in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == (["in.txt"] if kind != "missing" else [])


def test_failed_run_keeps_the_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("previous", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 10)
    assert main(["assess", str(tmp_path / "nope.txt"), str(bad), "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "out.json"]


def test_too_big_says_how_to_raise_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(MODEL.read_bytes() * 4)
    assert main(["assess", str(big), "--max-size", "10K"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "over the 10K limit" in err and "--max-size" in err
    assert main(["assess", str(big), "--max-size", "1M", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["document"]["path"] == str(big)


def test_bad_max_size_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", str(MODEL), "--max-size", "lots"]) == 2
    assert "not a size" in capsys.readouterr().err


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_encoding_is_read_with_a_warning(
    encoding: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = MODEL.read_text(encoding="utf-8").replace("victim", "víctima")
    f = tmp_path / "legacy.txt"
    f.write_bytes(text.encode(encoding, errors="replace"))
    assert main(["assess", str(f), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "warning: not UTF-8: decoded as cp1252" in captured.err
    assert captured.err.count("\n") == 1
    data = json.loads(captured.out)
    assert "víctima" in json.dumps(data, ensure_ascii=False)


def test_bom_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + MODEL.read_bytes())
    assert main(["assess", str(f), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["score"] > 0


def test_bad_usage_exits_2() -> None:
    assert main(["assess"]) == 2
    assert main(["check", str(MODEL), "--fail-on", "sometimes"]) == 2


def test_cli_assesses_through_the_pipeline_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One pipeline call and one parse per file, with the size limit passed on; the
    report is byte for byte what the API gives for the same bytes and path."""
    import npgap
    import npgap.parser
    import npgap.pipeline

    calls: list[dict[str, object]] = []
    parses: list[int] = []
    real_assess, real_parse = npgap.pipeline.assess, npgap.parser.parse

    def spy_assess(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real_assess(*args, **kwargs)

    def spy_parse(*args: Any, **kwargs: Any) -> Any:
        parses.append(1)
        return real_parse(*args, **kwargs)

    data = MODEL.read_text(encoding="utf-8").replace("victim", "víctima").encode("cp1252")
    f = tmp_path / "legacy.txt"
    f.write_bytes(data)
    monkeypatch.setattr(npgap.pipeline, "assess", spy_assess)
    monkeypatch.setattr(npgap.parser, "parse", spy_parse)
    assert main(["assess", str(f), "--format", "json", "--max-size", "60M"]) == 0
    captured = capsys.readouterr()
    assert len(calls) == 1 and len(parses) == 1
    assert calls[0]["max_chars"] == 60 * 1024 * 1024  # above the parser's own 50M
    assert calls[0]["allow_empty"] is False and calls[0]["warn"] is False
    assert captured.err.count("warning: not UTF-8: decoded as cp1252") == 1
    monkeypatch.undo()
    with pytest.warns(npgap.InputEncodingWarning):
        api = npgap.assess(data, path=str(f))
    assert captured.out == api.to_json()
