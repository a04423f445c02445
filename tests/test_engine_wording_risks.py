"""Wordings that used to give a false `met` or no protection at all.

Why: a false `met` is the worst error npgap can make. "Any penalty" is not every liability
(civil liability is not a penalty), a training clause that mentions indicators of
trafficking is no duty to screen, and "shall not incur criminal liability" is a
protection like "shall not be criminally liable". Each case is a real output of
`npgap.pipeline.assess` or `npgap.features.extract` on a short text, with decoys that must
change nothing.
"""

from __future__ import annotations

import pytest

from npgap.features import extract
from npgap.findings import Assessment
from npgap.pipeline import assess

CAUSE = "for acts committed as a direct result of being trafficked."
KINDS = ("NP-CRIMINAL", "NP-ADMIN", "NP-CIVIL")
DECOY_ALONE = (
    "Sec. 7. Confidentiality.\nThe identity of a victim of trafficking shall not be disclosed.\n"
)


def _en(words: str, cause: str = CAUSE) -> str:
    return f"Sec. 5. Non-punishment.\nA victim of trafficking {words} {cause}\n"


def _hits(text: str, lang: str, feature: str) -> list[str]:
    return [text[h.start : h.end] for h in extract(text, lang) if h.feature == feature]


def _status(a: Assessment, *rids: str) -> tuple[str, ...]:
    return tuple(a.finding(r).status for r in rids)


# ------------------------------------------------------ 1. "any penalty" is not every liability

ANY_PENALTY_OFFENCES = _en(
    "shall not be subject to any penalty",
    "for offences committed as a direct result of being trafficked.",
)
ANY_PENALTY_ACTS = _en("shall not be liable to any penalty")


def test_any_penalty_for_offences_is_no_civil_met() -> None:
    a = assess(ANY_PENALTY_OFFENCES)
    assert a.finding("NP-CIVIL").status != "met"
    # penalties for offences: criminal covered; administrative and civil not named
    assert _status(a, *KINDS) == ("met", "partial", "missing")
    assert "DP-CRIMINAL-ONLY" in a.finding("NP-ADMIN").patterns
    assert _status(a, "NP-PROVISION", "NP-CAUSATION", "NP-ALL-OFFENCES") == (
        "met",
        "met",
        "met",
    )


def test_any_penalty_for_acts_keeps_criminal_and_admin() -> None:
    a = assess(ANY_PENALTY_ACTS)
    # a bar on every penalty reaches criminal and administrative penalties, not civil
    # liability
    assert _status(a, *KINDS) == ("met", "met", "partial")
    assert _status(a, "NP-PROVISION", "NP-ALL-OFFENCES", "NP-OPEN-LIST") == (
        "met",
        "met",
        "met",
    )
    # other offences are reached only through the general words
    assert _status(a, "NP-IMMIGRATION", "NP-DOCUMENTS", "NP-STATUS-OFFENCES") == (
        "partial",
        "partial",
        "partial",
    )
    assert a.finding("NP-OTHER-PENALTIES").status == "partial"


@pytest.mark.parametrize(
    "words",
    [
        "shall not be subject to any penalty",
        "shall not be liable to any punishment",
        "shall not be subjected to any sanction",
        "shall not be subject to penalties of any kind",
        "shall not be subject to any form of punishment",
    ],
)
def test_penalty_words_are_a_general_penalty(words: str) -> None:
    text = _en(words)
    assert _hits(text, "en", "kind.general_penalty")
    assert _hits(text, "en", "kind.any_liability") == []
    assert assess(text).finding("NP-CIVIL").status == "partial"


@pytest.mark.parametrize(
    "words",
    [
        "is exempt from any liability",
        "is exempt from all forms of liability",
        "shall not be held criminally, civilly or administratively liable",
        "shall not be liable to criminal, civil or administrative sanctions",
        "is exempt from liability of any kind",
    ],
)
def test_liability_words_stay_any_liability(words: str) -> None:
    text = _en(words)
    assert _hits(text, "en", "kind.any_liability")
    assert _status(assess(text), *KINDS) == ("met", "met", "met")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Artículo 5. Las víctimas de la trata de personas no serán sancionadas ni se les "
            "impondrá cualquier pena por los actos cometidos como resultado directo de haber "
            "sido objeto de trata.\n",
            "es",
        ),
        (
            "Artículo 5. Las víctimas de la trata de personas quedarán exentas de toda pena "
            "por los actos cometidos como resultado directo de haber sido objeto de trata.\n",
            "es",
        ),
        (
            "Article 5. Les victimes de la traite des êtres humains sont exemptes de toute peine "
            "pour les actes commis en conséquence directe de la traite.\n",
            "fr",
        ),
    ],
    ids=["es-cualquier", "es-toda", "fr-toute"],
)
def test_es_fr_penalty_words_are_no_civil_met(text: str, lang: str) -> None:
    assert _hits(text, lang, "kind.general_penalty")
    assert _hits(text, lang, "kind.any_liability") == []
    a = assess(text)
    assert a.finding("NP-PROVISION").status == "met"
    assert a.finding("NP-CIVIL").status == "partial"
    assert a.finding("NP-ADMIN").status == "met"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("no incurrirán en cualquier responsabilidad", "es"),
        ("exentas de toda responsabilidad", "es"),
        ("exonérées de toute responsabilité", "fr"),
    ],
)
def test_es_fr_liability_words_stay_any_liability(text: str, lang: str) -> None:
    assert _hits(text, lang, "kind.any_liability")
    assert _hits(text, lang, "kind.general_penalty") == []


@pytest.mark.parametrize(
    ("words", "cause", "expected"),
    [
        # every penalty, for every act: criminal, every offence, no list
        ("shall not be detained, fined or otherwise penalised", CAUSE, ("met", "met", "met")),
        # every penalty, but only for some offences: never met
        (
            "shall not be subject to any penalty",
            "for prostitution or begging committed as a direct result of being trafficked.",
            ("partial", "partial", "partial"),
        ),
        (
            "shall not be subject to any penalty",
            "for acts committed as a direct result of being trafficked, other than an offence "
            "listed in Schedule 4.",
            ("partial", "partial", "met"),
        ),
    ],
    ids=["otherwise-penalised", "status-offences-only", "exclusion"],
)
def test_general_penalty_coverage(words: str, cause: str, expected: tuple[str, ...]) -> None:
    a = assess(_en(words, cause))
    assert _status(a, "NP-CRIMINAL", "NP-ALL-OFFENCES", "NP-OPEN-LIST") == expected


PENALTY_DECOY = (
    "Sec. 7. Confidentiality.\nThe identity of a victim of trafficking shall not be disclosed, "
    "and a person who discloses it is liable to any penalty.\n"
)


def test_penalty_decoy_changes_nothing() -> None:
    alone = assess(DECOY_ALONE)
    assert assess(PENALTY_DECOY).statuses() == alone.statuses()
    assert _status(assess(PENALTY_DECOY), *KINDS) == ("missing", "missing", "missing")
    both = assess(ANY_PENALTY_ACTS + "\n" + PENALTY_DECOY)
    assert both.statuses() == assess(ANY_PENALTY_ACTS).statuses()


# ------------------------------------------------ 2. screening needs a duty, not a mention


def _screening(text: str) -> str:
    return assess(text).finding("NP-SCREENING").status


@pytest.mark.parametrize(
    "text",
    [
        "Sec. 9. Training.\nOfficers shall receive training on the indicators of trafficking.\n",
        "Sec. 9. Training.\nThe Academy shall train officers on screening for indicators of "
        "trafficking.\n",
        "Sec. 9. Training.\nOfficers shall receive training on how to screen for indicators of "
        "trafficking.\n",
        "Sec. 9. Assistance.\nThe Department shall assess the needs of victims of trafficking.\n",
        "Sec. 9. Research.\nThe Commission shall publish a study of the indicators of human "
        "exploitation.\n",
        "Artículo 9. Los agentes recibirán capacitación sobre los indicadores de trata de "
        "personas.\n",
        "Article 9. Les agents reçoivent une formation sur les indicateurs de la traite et la "
        "détection des victimes.\n",
    ],
    ids=["training", "training-screening", "training-how-to", "needs", "study", "es", "fr"],
)
def test_a_mention_of_indicators_is_no_screening_duty(text: str) -> None:
    lang = "es" if text.startswith("Artículo") else "fr" if text.startswith("Article") else "en"
    assert _hits(text, lang, "screening.duty") == []
    assert _screening(text) == "missing"


@pytest.mark.parametrize(
    "text",
    [
        "Sec. 202. Screening.\nBefore charging any person with an offense, a law enforcement "
        "officer shall screen the person for indicators of trafficking.\n",
        "Sec. 2. Screening.\n(3) A police officer shall, before arresting or charging a person, "
        "screen the person for indicators of trafficking.\n",
        "Sec. 2. Screening.\n(3) Every person arrested for prostitution shall be screened for "
        "indicators of human trafficking.\n",
        "Sec. 2. Screening.\n(3) Before charging a person, the prosecutor must assess whether "
        "the person is a victim of trafficking.\n",
        "Artículo 2. Antes de detener o imputar a una persona, la policía y la fiscalía deberán "
        "examinar si existen indicios de que es víctima de trata.\n",
        "Article 2. Avant toute interpellation, les services de police doivent rechercher les "
        "indices de traite des êtres humains.\n",
    ],
    ids=["screen", "shall-comma-screen", "passive", "assess-whether", "es", "fr"],
)
def test_a_duty_to_screen_is_met(text: str) -> None:
    assert _screening(text) == "met"


# ------------------------------------------- 3. "shall not incur liability" is a protection


@pytest.mark.parametrize(
    ("words", "feature", "kinds"),
    [
        ("shall not incur any liability", "protect.not_liable", ("met", "met", "met")),
        # criminal only, as "shall not be held criminally liable" (DP-CRIMINAL-ONLY)
        ("shall not incur criminal liability", "protect.not_liable", ("met", "missing", "missing")),
        (
            "does not incur criminal or civil liability",
            "protect.not_liable",
            ("met", "missing", "met"),
        ),
        ("incurs no liability", "protect.not_liable", ("missing", "partial", "partial")),
        ("incurs no liability of any kind", "protect.not_liable", ("met", "met", "met")),
        ("is not subject to any liability", "protect.not_liable", ("met", "met", "met")),
        (
            "is not subject to criminal liability",
            "protect.not_liable",
            ("met", "missing", "missing"),
        ),
        (
            "shall not be subject to any form of liability",
            "protect.not_liable",
            ("met", "met", "met"),
        ),
        (
            "shall not be subject to prosecution or penalty",
            "protect.not_punished",
            ("partial", "partial", "missing"),
        ),
        (
            "shall not be liable to arrest, detention or punishment",
            "protect.not_punished",
            ("missing", "partial", "partial"),
        ),
    ],
)
def test_unread_protections_are_read(words: str, feature: str, kinds: tuple[str, ...]) -> None:
    text = _en(words)
    assert _hits(text, "en", feature)
    a = assess(text)
    assert _status(a, "NP-PROVISION", "NP-MANDATORY", "NP-CAUSATION") == ("met", "met", "met")
    assert _status(a, *KINDS) == kinds


def test_incur_liability_bars_proceedings() -> None:
    # non-liability bars proceedings, as "shall not be criminally liable" does
    a = assess(_en("shall not incur criminal liability"))
    assert a.finding("NP-NONPROSECUTION").status == "met"
    assert "DP-CRIMINAL-ONLY" in a.finding("NP-ADMIN").patterns


@pytest.mark.parametrize(
    "text",
    [
        "Sec. 7. Confidentiality.\nThe identity of a victim of trafficking shall not be "
        "disclosed, and a person who discloses it shall incur criminal liability.\n",
        "Sec. 7. Offences.\nA person who employs a victim of trafficking shall incur criminal "
        "liability and is subject to prosecution or penalty.\n",
    ],
    ids=["identity", "employer"],
)
def test_incurring_liability_is_no_protection(text: str) -> None:
    assert _hits(text, "en", "protect.not_liable") == []
    assert _hits(text, "en", "protect.not_punished") == []
    assert assess(text).statuses() == assess(DECOY_ALONE).statuses()


@pytest.mark.parametrize(
    "text",
    [
        "Artículo 5. Las víctimas de la trata de personas no incurrirán en responsabilidad penal "
        "por los actos cometidos como resultado directo de haber sido objeto de trata.\n",
        "Article 5. Les victimes de la traite des êtres humains n'encourent aucune "
        "responsabilité pénale pour les actes commis en conséquence directe de la traite.\n",
    ],
    ids=["es", "fr"],
)
def test_es_fr_incur_no_liability_is_a_protection(text: str) -> None:
    a = assess(text)
    assert _status(a, "NP-PROVISION", "NP-CRIMINAL") == ("met", "met")


# ------------------------------------ "not liable to any penalty" is non-punishment only


@pytest.mark.parametrize(
    ("words", "feature", "nonprosecution"),
    [
        # not liable to a penalty: not punishable, which does not bar arrest or prosecution
        ("shall not be liable to any penalty", "protect.not_punished", "partial"),
        ("shall not be liable to imprisonment", "protect.not_detained", "partial"),
        # not liable: no liability, which bars proceedings
        ("shall not be liable", "protect.not_liable", "met"),
        ("shall not be criminally liable", "protect.not_liable", "met"),
    ],
)
def test_liable_to_a_penalty_is_not_non_liability(
    words: str, feature: str, nonprosecution: str
) -> None:
    text = _en(words)
    assert _hits(text, "en", feature)
    if feature != "protect.not_liable":
        assert _hits(text, "en", "protect.not_liable") == []
    assert assess(text).finding("NP-NONPROSECUTION").status == nonprosecution


# --- "offences committed" narrowed by the word before (or, in French, after) ---------


@pytest.mark.parametrize(
    ("words", "general"),
    [
        ("shall not be liable for immigration offences committed", False),
        ("shall not be liable for document offences committed", False),
        ("shall not be liable for offences committed", True),
        ("shall not be liable for criminal offences committed", True),
        ("shall not be liable for the offences committed", True),
    ],
)
def test_offences_committed_is_any_offence_only_unqualified(words: str, general: bool) -> None:
    text = _en(words, cause="as a direct result of being trafficked.")
    assert bool(_hits(text, "en", "scope.any_offence")) == general
    a = assess(text)
    got = _status(a, "NP-ALL-OFFENCES", "NP-CRIMINAL", "NP-OPEN-LIST")
    if general:
        assert got == ("met", "met", "met")
    else:  # only some offences: never a false met
        assert "met" not in got


@pytest.mark.parametrize(
    ("text", "general"),
    [
        ("n'est pas punissable pour les infractions commises en matière d'immigration", False),
        ("n'est pas punissable pour les infractions commises à cette occasion", True),
    ],
)
def test_fr_infractions_commises_narrowed_after(text: str, general: bool) -> None:
    assert bool(_hits(f"La victime {text}.", "fr", "scope.any_offence")) == general


@pytest.mark.parametrize(
    ("words", "criminal"),
    [
        ("shall not be prosecuted for drug offences committed", "partial"),
        ("shall not be prosecuted for property offences committed", "partial"),
        ("shall not be prosecuted for offences of theft committed", "partial"),
        ("shall not be prosecuted for any offence, including drug offences,", "met"),
        ("shall not be prosecuted for offences committed", "met"),
    ],
)
def test_a_type_of_offence_is_no_criminal_met(words: str, criminal: str) -> None:
    # catalogue: NP-CRIMINAL is partial when only a closed set of offences is covered
    a = assess(_en(words, cause="as a direct result of being trafficked."))
    assert a.finding("NP-CRIMINAL").status == criminal
    assert a.finding("NP-PROVISION").status == "met"


def test_minor_offences_are_no_children() -> None:
    text = _en("shall not be prosecuted for minor offences committed", cause="as a result.")
    assert _hits(text, "en", "who.child") == []
    assert _hits("A minor shall not be prosecuted.", "en", "who.child") == ["minor"]
    assert assess(text).finding("NP-CRIMINAL").status == "partial"
