"""A penalty barred in general terms ("fined, or otherwise penalized") and referral on suspicion.

Why: `kind.general_penalty` reaches every penalty but names no liability, so it may make
NP-ADMIN `met` (catalogue: "every liability/penalty in general terms") but NP-CIVIL and
NP-OTHER-PENALTIES only `partial`; reusing `kind.any_liability` would make NP-CIVIL a false
`met`. `screening.referral` (refer a suspected victim for assessment) is NP-SCREENING
`partial`: nobody is required to look for indicators. Real outputs of `npgap.assess`.
"""

from __future__ import annotations

import pytest

from npgap.features import extract
from npgap.findings import Assessment
from npgap.pipeline import assess

KINDS = ("NP-ADMIN", "NP-CIVIL", "NP-OTHER-PENALTIES")
CAUSE = "for unlawful acts committed as a direct result of being trafficked."
S201 = (
    "Sec. 201. Treatment of victims.\n"
    "A victim of trafficking in persons shall not be inappropriately incarcerated, fined, or\n"
    "otherwise penalized solely for unlawful acts committed as a direct result of being\n"
    "trafficked.\n"
)
DECOY = (
    "Sec. 7. Confidentiality.\n"
    "The identity of a victim of trafficking shall not be disclosed, and a person who\n"
    "discloses it shall be fined or otherwise penalised.\n"
)
DECOY_ALONE = (
    "Sec. 7. Confidentiality.\nThe identity of a victim of trafficking shall not be disclosed.\n"
)


def _en(words: str) -> str:
    return f"Sec. 201. Treatment of victims.\nA victim of trafficking in persons {words} {CAUSE}\n"


def _general(text: str, lang: str) -> list[str]:
    hits = extract(text, lang)
    return [text[h.start : h.end] for h in hits if h.feature == "kind.general_penalty"]


def _kinds(a: Assessment) -> tuple[str, ...]:
    return tuple(a.finding(r).status for r in KINDS)


def test_section_201_wording() -> None:
    a = assess(S201)
    assert _kinds(a) == ("met", "partial", "partial")
    for rid in KINDS:
        finding = a.finding(rid)
        assert [e.citation for e in finding.evidence if e.role == "supports"] == ["s. 201"]
        assert "otherwise penalised" in finding.rationale
    # what the bill's other findings say is untouched by the new wording
    assert a.finding("NP-PROVISION").status == "met"
    assert a.finding("NP-MANDATORY").status == "partial"
    assert a.finding("NP-CRIMINAL").status == "met"


@pytest.mark.parametrize(
    "text",
    [
        _en("shall not be detained, fined or otherwise penalised"),
        _en("shall not be punished, nor otherwise sanctioned,"),
        _en("shall not be imprisoned or subjected to any other penalty"),
        "Artículo 5. Las víctimas de la trata de personas no serán detenidas, multadas ni "
        "sancionadas de otro modo por los actos ilícitos cometidos como resultado directo de "
        "haber sido objeto de trata.\n",
        "Article 5. Les victimes de la traite des êtres humains ne peuvent être détenues, "
        "condamnées à une amende ou autrement sanctionnées pour les activités illicites "
        "commises en conséquence directe de la traite.\n",
    ],
    ids=["otherwise-penalised", "nor-otherwise-sanctioned", "any-other-penalty", "es", "fr"],
)
def test_general_penalty_wording(text: str) -> None:
    assert _kinds(assess(text)) == ("met", "partial", "partial")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("shall not be inappropriately incarcerated, fined, or otherwise penalized", "en"),
        ("shall not be imprisoned or subjected to any other penalty", "en"),
        ("no serán multadas ni sancionadas de otro modo", "es"),
        ("ne peuvent être condamnées ou autrement sanctionnées", "fr"),
    ],
)
def test_feature_hits_the_general_words(text: str, lang: str) -> None:
    hits = _general(text, lang)
    assert hits
    assert all("fined" not in h and "multadas" not in h for h in hits)


def test_fined_alone_keeps_its_statuses() -> None:
    assert _kinds(assess(_en("shall not be fined"))) == ("partial", "missing", "missing")
    assert _general("shall not be fined", "en") == []


def test_any_liability_keeps_its_statuses() -> None:
    plain = assess(_en("is exempt from any liability"))
    assert _kinds(plain) == ("met", "met", "missing")
    # general penalty words add only the partial bar on other penalties
    both = assess(
        _en("is exempt from any liability, and shall not be fined or otherwise penalised,")
    )
    assert _kinds(both) == ("met", "met", "partial")


def test_criminal_offences_only_is_never_met() -> None:
    text = (
        "Sec. 201. Treatment of victims.\nA victim of trafficking in persons shall not be "
        "prosecuted, fined or otherwise penalised for any offence committed as a direct result "
        "of being trafficked.\n"
    )
    a = assess(text)
    assert _kinds(a) == ("partial", "missing", "partial")
    assert "DP-CRIMINAL-ONLY" in a.finding("NP-ADMIN").patterns


def test_decoy_changes_nothing() -> None:
    alone = assess(DECOY_ALONE)
    assert assess(DECOY).statuses() == alone.statuses()
    assert _kinds(assess(DECOY)) == ("missing", "missing", "missing")
    assert assess(S201 + "\n" + DECOY).statuses() == assess(S201).statuses()


SUSPECT = (
    "Sec. 22. Criminal prosecution of victim of trafficking.\n"
    "(2) If, during a criminal prosecution of a person, the prosecutor on reasonable grounds "
    "suspects that that person is a victim of trafficking, that prosecutor must—\n"
    "(a) apply to the court for a postponement; and\n"
    "(b) refer that person to the provincial department of social development, which must "
    "conduct an assessment.\n"
)


def test_referral_on_suspicion_is_screening_partial() -> None:
    finding = assess(SUSPECT).finding("NP-SCREENING")
    assert finding.status == "partial"
    assert [e.citation for e in finding.evidence if e.role == "supports"] == ["s. 22(2)"]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # reasonable grounds trigger assistance only (decoy): nothing on screening
        (
            "Sec. 11. Assistance.\n(1) Where there are reasonable grounds to believe that a "
            "person is a victim of trafficking, the Department shall provide the person with "
            "accommodation.\n",
            "missing",
        ),
        # a referral for a needs assessment with no suspicion of victimhood is not screening
        (
            "Sec. 11. Assistance.\n(1) The Department shall refer the victim to a shelter for "
            "an assessment of the victim's needs.\n",
            "missing",
        ),
        (
            "Sec. 202. Screening.\nBefore charging any person with an offense, a law enforcement "
            "officer shall screen the person for indicators of trafficking.\n",
            "met",
        ),
    ],
)
def test_screening_neighbours(text: str, status: str) -> None:
    assert assess(text).finding("NP-SCREENING").status == status
