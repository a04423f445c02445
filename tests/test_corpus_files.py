"""Structure checks for corpora/: provenance, expected-findings files and real-text copies.

These tests check the corpus as data (every statute has its provenance and an answer key
that names every requirement once, with a reason for every status short of `met`); they
do not run the engine. Engine-against-corpus tests live elsewhere.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
SHARED_CORPORA = Path("/work/shared/corpora")
CATALOGUE = Path("/work/shared/spec/requirements-catalogue.md")

# Parse-style samples owned by another helper; they need provenance, not expected findings.
STYLES = CORPORA / "synthetic" / "styles"

# Catalogue order (shared/spec/requirements-catalogue.md, groups A-H).
REQUIREMENT_IDS = [
    "NP-PROVISION", "NP-MANDATORY", "NP-NONPROSECUTION",
    "NP-PRESUMED", "NP-CHILD", "NP-ALL-FORMS",
    "NP-CRIMINAL", "NP-ADMIN", "NP-CIVIL", "NP-IMMIGRATION", "NP-ALL-OFFENCES",
    "NP-CAUSATION", "NP-NO-COOPERATION", "NP-DEFENCES-PRESERVED",
    "NP-DETENTION", "NP-RELEASE", "NP-IMMIGRATION-RELIEF", "NP-STAGES",
    "NP-VACATUR", "NP-REMEDY",
    "NP-GUIDANCE", "NP-TRAINING", "NP-NONDISCRIMINATION",
    "NP-ALL-VICTIMS", "NP-DOCUMENTS", "NP-STATUS-OFFENCES", "NP-OPEN-LIST",
    "NP-NO-PROPORTIONALITY", "NP-COMPULSION-BROAD", "NP-BURDEN", "NP-NO-TIME-BAR",
    "NP-NO-PENALTY-AT-TRIAL", "NP-OTHER-PENALTIES", "NP-RECORDS", "NP-SCREENING",
    "NP-LEGAL-AID", "NP-DATA",
]  # fmt: skip

PATTERN_IDS = {
    "DP-MAY-DISCRETION", "DP-HEDGE", "DP-DEFENCE-ONLY", "DP-PENALTY-ONLY", "DP-FORMAL-ID",
    "DP-CHILD-SAME-TEST", "DP-CHILD-ONLY", "DP-FOREIGN-ONLY", "DP-FORM-LIMITED",
    "DP-CRIMINAL-ONLY", "DP-CLOSED-LIST", "DP-EXCLUSION-SCHEDULE", "DP-GRAVITY-THRESHOLD",
    "DP-PROPORTIONALITY", "DP-DURESS-TEST", "DP-COOPERATION", "DP-DEFENCES-EXCLUDED",
    "DP-DETENTION-QUALIFIED", "DP-TIME-LIMIT", "DP-SEALING-ONLY", "DP-OWN-ACT-ONLY",
}  # fmt: skip

# Catalogue general rule and docs/dev/status-rules-h.md: these need NP-PROVISION.
INDEPENDENT_OF_PROVISION = {
    "NP-PROVISION", "NP-VACATUR", "NP-REMEDY", "NP-GUIDANCE", "NP-TRAINING", "NP-RELEASE",
    "NP-IMMIGRATION-RELIEF", "NP-RECORDS", "NP-SCREENING", "NP-LEGAL-AID", "NP-DATA",
}  # fmt: skip

STATUSES = {"met", "partial", "missing"}

# `s. 45(4)(a)`, `s. 943.0583(3)`, `s. 12-405(b)`, `art. 14 bis(1)(c)`, `Sch. 4 para 3`,
# or a bare `(b)(2)(D)(i)(III)` for the US Code excerpt that starts below section level.
CITATION = re.compile(
    r"^(?:(?:s\.|art\.) [0-9][0-9A-Za-z.\-]*(?: (?:bis|ter|quater))?"
    r"|Sch\. [0-9]+[A-Z]?(?: para [0-9]+[A-Z]?)?)?"
    r"(?:\([0-9A-Za-z]+\))*$"
)


def _statutes() -> list[Path]:
    return sorted(CORPORA.rglob("*.txt"))


def _answered() -> list[Path]:
    return [p for p in _statutes() if STYLES not in p.parents]


def _real() -> list[Path]:
    return [p for p in _statutes() if "synthetic" not in p.relative_to(CORPORA).parts]


def _sidecar(txt: Path, suffix: str) -> Path:
    return txt.with_name(txt.stem + suffix)


def _load(txt: Path) -> dict[str, Any]:
    with _sidecar(txt, ".expected.toml").open("rb") as fh:
        return tomllib.load(fh)


def _id(p: Path) -> str:
    return str(p.relative_to(CORPORA))


def test_corpus_has_real_and_synthetic_statutes() -> None:
    assert len(_real()) >= 7
    bills = list((CORPORA / "synthetic" / "bills").glob("*.txt"))
    assert len(bills) >= 14


@pytest.mark.parametrize("txt", _statutes(), ids=_id)
def test_every_statute_has_provenance(txt: Path) -> None:
    source = _sidecar(txt, ".source.md")
    assert source.is_file(), f"{source} missing"
    text = source.read_text(encoding="utf-8")
    if "synthetic" in txt.relative_to(CORPORA).parts:
        assert "synthetic" in text.lower(), f"{source} must say the text is synthetic"
    else:
        for field in ("jurisdiction", "source", "licence"):
            assert re.search(rf"^- {field}: \S", text, re.MULTILINE), f"{source}: no {field}"


@pytest.mark.parametrize("txt", _answered(), ids=_id)
def test_expected_findings_cover_every_requirement(txt: Path) -> None:
    assert _sidecar(txt, ".expected.toml").is_file(), f"{txt} has no .expected.toml"
    data = _load(txt)
    assert data.get("statute") == txt.name
    assert data.get("framework") == "mlp2020-art13"
    findings = data["findings"]
    assert list(findings) == REQUIREMENT_IDS, "ids must be the catalogue's, once, in order"
    for rid, finding in findings.items():
        assert set(finding) == {"status", "why", "cites", "patterns"}, rid
        status, why = finding["status"], finding["why"]
        assert status in STATUSES, f"{rid}: {status!r}"
        assert isinstance(why, str), rid
        if status != "met":
            assert why.strip(), f"{rid}: a {status} status needs a reason"
        assert all(isinstance(c, str) and CITATION.match(c) for c in finding["cites"]), (
            f"{rid}: bad citation in {finding['cites']}"
        )
        assert set(finding["patterns"]) <= PATTERN_IDS, f"{rid}: {finding['patterns']}"
        if status == "met":
            assert not finding["patterns"], f"{rid}: met but limited by {finding['patterns']}"


@pytest.mark.parametrize("txt", _answered(), ids=_id)
def test_missing_provision_leaves_its_dependants_missing(txt: Path) -> None:
    findings = _load(txt)["findings"]
    if findings["NP-PROVISION"]["status"] != "missing":
        return
    better = [
        rid
        for rid, f in findings.items()
        if rid not in INDEPENDENT_OF_PROVISION and f["status"] != "missing"
    ]
    assert not better, f"prerequisite NP-PROVISION missing, yet {better}"


def test_citation_pattern_accepts_house_forms_only() -> None:
    good = ["s. 45(4)(a)", "s. 943.0583(3)", "art. 14 bis(1)(c)", "Sch. 4 para 3", "art. 2(a)"]
    good += ["s. 12-405(b)", "(b)(2)(D)(i)(III)", "s. 1"]
    bad = ["section 45(4)", "s.45", "Article 5", "", "s. 45 (4)"]
    assert all(CITATION.match(c) and c for c in good)
    assert not any(CITATION.match(c) and c for c in bad)


@pytest.mark.skipif(not CATALOGUE.is_file(), reason="shared catalogue not mounted")
def test_requirement_ids_match_the_catalogue() -> None:
    text = CATALOGUE.read_text(encoding="utf-8")
    ids = re.findall(r"^\| (NP-[A-Z-]+) \|", text, re.MULTILINE)
    assert ids == REQUIREMENT_IDS
    patterns = set(re.findall(r"^\| (DP-[A-Z-]+) \|", text, re.MULTILINE))
    assert patterns == PATTERN_IDS


@pytest.mark.skipif(not SHARED_CORPORA.is_dir(), reason="shared corpora not mounted")
def test_real_statutes_are_byte_identical_to_the_shared_copies() -> None:
    shared = sorted(SHARED_CORPORA.glob("*_*.txt"))
    assert shared
    for src in shared:
        jurisdiction, rest = src.stem.split("_", 1)
        for suffix in (".txt", ".source.md"):
            ours = CORPORA / jurisdiction / (rest + suffix)
            theirs = src.with_name(src.stem + suffix)
            assert ours.is_file(), f"{ours} missing"
            assert ours.read_bytes() == theirs.read_bytes(), f"{ours} differs from {theirs}"
    assert len(_real()) == len(shared)
