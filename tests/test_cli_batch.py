"""CLI batches: every file's outcome is reported, the worst exit code wins, no work is lost.

Why: a consultant runs `npgap assess laws/*.txt`; one unreadable file must cost one
line on stderr, not the thirty-nine other reports, and a run that fails must leave the
last good report where it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import npgap.render
from npgap.cli import main

ROOT = Path(__file__).resolve().parent.parent
BILLS = ROOT / "corpora" / "synthetic" / "bills"
MODEL = BILLS / "model_law_westminster.txt"
DECOY = BILLS / "decoy_only.txt"
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"


def _binary(tmp_path: Path) -> Path:
    bad = tmp_path / "scan.pdf.txt"
    bad.write_bytes(b"%PDF-1.7\x00\x01\x02\xff" * 50)
    return bad


def _lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


@pytest.mark.parametrize("fmt", ["json", "sarif", "md", "csv", "html"])
def test_assess_reports_every_good_file_and_exits_2(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _binary(tmp_path)
    missing = tmp_path / "missing.txt"
    out = tmp_path / f"report.{fmt}"
    argv = ["assess", str(MODEL), str(bad), str(missing), str(DECOY), "--format", fmt]
    assert main([*argv, "-o", str(out)]) == 2
    err = _lines(capsys.readouterr().err)
    assert len(err) == 2, err
    assert err[0].startswith(f"npgap: {bad}: ") and "binary" in err[0]
    assert err[1] == f"npgap: {missing}: no such file"
    text = out.read_text(encoding="utf-8")
    assert str(MODEL) in text and str(DECOY) in text
    assert str(bad) not in text and str(missing) not in text
    if fmt == "json":
        data = json.loads(text)
        assert [d["document"]["path"] for d in data] == [str(MODEL), str(DECOY)]
    if fmt == "sarif":
        log = json.loads(text)
        jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
        assert len(log["runs"]) == 1
        uris = [a["location"]["uri"] for a in log["runs"][0]["artifacts"]]
        assert len(uris) == 2 and uris[0].endswith("model_law_westminster.txt")


def test_assess_all_good_exits_0_and_same_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["assess", str(DECOY), str(MODEL), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["document"]["path"] for d in data] == [str(DECOY), str(MODEL)]


def test_no_readable_file_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.json"
    out.write_text("last week's report", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["assess", str(empty), str(tmp_path), "-o", str(out), "--format", "json"]) == 2
    err = _lines(capsys.readouterr().err)
    assert err == [
        f"npgap: {empty}: the file is empty",
        f"npgap: {tmp_path}: is a directory, not a text file",
    ]
    assert out.read_text(encoding="utf-8") == "last week's report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "report.json"]


def test_failure_while_rendering_keeps_previous_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.md"
    out.write_text("previous", encoding="utf-8")

    def broken(assessments: object, fmt: str) -> str:
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(npgap.render, "render", broken)
    assert main(["assess", str(MODEL), "-o", str(out)]) == 2
    err = _lines(capsys.readouterr().err)
    assert len(err) == 1 and "internal error" in err[0] and "RuntimeError" in err[0]
    assert "Traceback" not in err[0]
    assert out.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_failure_while_writing_leaves_no_temp_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.json"
    out.write_text("previous", encoding="utf-8")

    def no_space(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", no_space)
    assert main(["assess", str(MODEL), "--format", "json", "-o", str(out)]) == 2
    err = _lines(capsys.readouterr().err)
    assert err == [f"npgap: {out}: cannot write: No space left on device"]
    assert out.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_output_into_a_directory_is_one_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["assess", str(MODEL), "-o", str(tmp_path)]) == 2
    err = _lines(capsys.readouterr().err)
    assert err == [f"npgap: {tmp_path}: is a directory; -o needs a file path"]
    assert list(tmp_path.iterdir()) == []


def test_output_replaces_and_keeps_mode(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o644)
    assert main(["assess", str(MODEL), "--format", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["document"]["path"] == str(MODEL)
    assert out.stat().st_mode & 0o777 == 0o644


def test_check_several_files_worst_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "gate.json"
    argv = ["check", str(MODEL), str(DECOY)]
    gate = ["--require", "NP-PROVISION", "--format", "json", "-o", str(out)]
    assert main([*argv, *gate]) == 1
    err = _lines(capsys.readouterr().err)
    assert err[0].startswith(f"npgap check: {MODEL}: passed")
    assert err[1].startswith(f"npgap check: {DECOY}: FAILED: required NP-PROVISION is missing")
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 2

    bad = _binary(tmp_path)
    assert main([*argv, str(bad), *gate]) == 2
    err = _lines(capsys.readouterr().err)
    assert len(err) == 3 and err[2].startswith(f"npgap: {bad}: ")
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 2


def test_check_all_pass_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(MODEL), str(MODEL), "--fail-under", "10"]) == 0
    err = _lines(capsys.readouterr().err)
    assert len(err) == 2 and all("passed" in line for line in err)


def test_help_documents_several_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "an array of reports" in text and "one run with an artifact per file" in text
    assert "--max-size" in text
