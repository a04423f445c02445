"""`npgap frameworks` and `npgap explain` through the CLI entry point."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from npgap.cli import main
from npgap.framework import load_framework

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "examples" / "eu2011-art8.toml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_frameworks_lists_shipped(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "frameworks")
    assert code == 0 and err == ""
    header, row = out.splitlines()
    assert header.split()[:4] == ["id", "version", "requirements", "patterns"]
    assert row.split()[:4] == ["mlp2020-art13", "1.0.0", "37", "21"]
    assert run(capsys, "frameworks", "list")[1] == out


def test_show_markdown_lists_every_requirement(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "frameworks", "show", "mlp2020-art13")
    assert code == 0
    fw = load_framework()
    for r in fw.requirements:
        assert f"| {r.id} | {r.group} | {r.tier} |" in out
    assert "| DP-OWN-ACT-ONLY | NP-PROVISION (missing) |" in out
    assert "| NP-LIABILITY-KINDS | NP-CRIMINAL, NP-ADMIN, NP-CIVIL, NP-IMMIGRATION" in out


def test_show_json_has_everything_and_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "frameworks", "show", "mlp2020-art13", "--format", "json")
    assert code == 0
    assert run(capsys, "frameworks", "show", "mlp2020-art13", "--format", "json")[1] == out
    data = json.loads(out)
    fw = load_framework()
    assert data["framework"]["id"] == "mlp2020-art13"
    assert [r["id"] for r in data["requirements"]] == [r.id for r in fw.requirements]
    assert len(data["edges"]) == len(fw.edges)
    presumed = next(r for r in data["requirements"] if r["id"] == "NP-PRESUMED")
    assert presumed["requires"] == ["NP-PROVISION"]
    assert presumed["limited_by"] == [{"pattern": "DP-FORMAL-ID", "cap": "missing"}]
    assert all(isinstance(s["verified"], bool) for s in presumed["sources"])
    assert set(presumed["rules"]) == {"met", "partial", "missing"}
    assert presumed["detect"]["default"] == "partial"
    assert {p["id"] for p in data["patterns"]} == {p.id for p in fw.patterns}


def test_show_dot_has_every_node_and_edge(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "frameworks", "show", "mlp2020-art13", "--format", "dot")
    assert code == 0
    assert out.startswith('digraph "mlp2020-art13" {') and out.rstrip().endswith("}")
    fw = load_framework()
    for e in fw.edges:
        assert f'"{e.source}" -> "{e.target}"' in out
    assert out.count(" -> ") == len(fw.edges)
    assert out.count("{") == out.count("}")
    assert run(capsys, "frameworks", "graph")[1] == out


def test_dot_renders_with_graphviz(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    dot = shutil.which("dot")
    if dot is None:
        pytest.skip("Graphviz `dot` is not installed")
    _, out, _ = run(capsys, "frameworks", "show", "mlp2020-art13", "--format", "dot")
    source = tmp_path / "graph.dot"
    source.write_text(out, encoding="utf-8")
    done = subprocess.run([dot, "-Tsvg", str(source)], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert b"<svg" in done.stdout and b"PROVISION" in done.stdout


def test_show_by_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "frameworks", "show", str(EXAMPLE))
    assert code == 0
    assert "# eu2011-art8 0.1.0" in out and "| EU8-ENTITLED | A | core |" in out


def test_show_errors_are_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "frameworks", "show", "nope")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "unknown framework 'nope'" in err
    broken = tmp_path / "broken.toml"
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        'weight = 2.0\nseverity = "error"', 'severity = "error"'
    )
    broken.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "frameworks", "show", str(broken))
    assert code == 2 and out == ""
    line = text.splitlines().index('id = "EU8-ENTITLED"') + 1
    assert err == f"npgap: {broken.resolve()}:{line}: requirement EU8-ENTITLED has no weight\n"
    assert run(capsys, "frameworks", "show", "mlp2020-art13", "--format", "xml")[0] == 2


def test_explain_requirement(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "explain", "NP-PRESUMED")
    assert code == 0 and err == ""
    fw = load_framework()
    r = fw.requirement("NP-PRESUMED")
    flat = " ".join(out.split())
    assert out.startswith(f"NP-PRESUMED — {r.title}\n")
    assert " ".join(r.test.split()) in flat
    for status in ("met", "partial", "missing"):
        assert " ".join(r.rules.text(status).split()) in flat
    assert "[verified]" in out
    assert "DP-FORMAL-ID — Conditional on formal identification: caps at missing" in flat
    assert "Requires: - NP-PROVISION" in flat
    assert " ".join(r.recommendation.split()) in flat
    # case-insensitive, same text
    assert run(capsys, "explain", "np-presumed")[1] == out


def test_explain_shows_unverified_pinpoints_and_dependents(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "explain", "NP-PROVISION")
    assert code == 0
    flat = " ".join(out.split())
    assert "art. 13(1) [unverified pinpoint]" in flat
    assert "Required by: - NP-MANDATORY" in flat
    assert "DP-OWN-ACT-ONLY" in flat and "caps at missing" in flat


def test_explain_pattern_aggregate_and_other_framework(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "DP-CHILD-ONLY")
    assert code == 0
    assert "NP-ALL-VICTIMS — Every category of victim: capped at partial" in out
    assert "unless some protection clause" in out
    code, out, _ = run(capsys, "explain", "NP-LIABILITY-KINDS")
    assert code == 0 and "aggregate node" in out and "NP-CIVIL" in out
    code, out, _ = run(capsys, "explain", "EU8-ENTITLED", "--framework", str(EXAMPLE))
    assert code == 0 and out.startswith("EU8-ENTITLED — ")


def test_explain_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "explain", "NP-PRESUMD")
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert "'NP-PRESUMD' is not a requirement or pattern of mlp2020-art13" in err
    assert "did you mean NP-PRESUMED" in err
