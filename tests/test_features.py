"""Tests for npgap.features: what fires on which words, sentences, offsets, decoys.

Why: the worst error npgap can make is a false "met". These tests pin the phrases that
must and must not count as a protection, in English, Spanish and French, on inline
copies of real statutes (so they always run) and on the shared corpora when mounted.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from npgap.features import Hit, extract, sentences

CORPORA = Path("/work/shared/corpora")


def feats(text: str, lang: str = "en") -> set[str]:
    return {h.feature for h in extract(text, lang)}


def protections(text: str, lang: str = "en") -> set[str]:
    return {f for f in feats(text, lang) if f.startswith("protect.")}


def unclaimed_protections(text: str, lang: str = "en") -> list[tuple[int, str]]:
    """(sentence, feature) for every protect.* hit in a sentence no decoy claims."""
    hits = extract(text, lang)
    claimed = {h.sentence for h in hits if h.feature.startswith("decoy.")}
    return [
        (h.sentence, h.feature)
        for h in hits
        if h.feature.startswith("protect.") and h.sentence not in claimed
    ]


def sentence_with(text: str, phrase: str, lang: str = "en") -> set[str]:
    """Features of the sentence of text that contains phrase (whitespace-insensitive)."""
    flat = re.sub(r"\s+", " ", phrase)
    spans = sentences(text, lang)
    for index, (a, b) in enumerate(spans):
        if flat in re.sub(r"\s+", " ", text[a:b]):
            return {h.feature for h in extract(text, lang) if h.sentence == index}
    raise AssertionError(f"no sentence contains {phrase!r}")


# ----------------------------------------------------------------- the brief's examples

UK_45_1 = (
    "Defence for slavery or trafficking victims who commit an offence\n"
    "45\n(1) A person is not guilty of an offence if—\n"
    "(a) the person is aged 18 or over when the person does the act which constitutes the "
    "offence,\n(b) the person does that act because the person is compelled to do it,\n"
    "(c) the compulsion is attributable to slavery or to relevant exploitation, and\n"
    "(d) a reasonable person in the same situation as the person and having the person's "
    "relevant characteristics would have no realistic alternative to doing that act."
)
UK_45_2 = (
    "(2) A person may be compelled to do something by another person or by the person's "
    "circumstances."
)
UK_45_4A = "(a) the person is under the age of 18 when the person does the act"
UK_45_7 = "(7) Subsections (1) and (4) do not apply to an offence listed in Schedule 4."
FL = (
    "(2) Notwithstanding any other provision of law, the court of original jurisdiction over "
    "the crime sought to be expunged may order a criminal justice agency to expunge the "
    "criminal history record of a victim of human trafficking who complies with the "
    "requirements of this section. This section does not confer any right to the expunction "
    "of any criminal history record, and any request for expunction of a criminal history "
    "record may be denied at the discretion of the court.\n(3) A person who is a victim of "
    "human trafficking may petition for the expunction of any conviction for an offense "
    "committed while he or she was a victim of human trafficking, which offense was "
    "committed as a part of the human trafficking scheme of which he or she was a victim or "
    "at the direction of an operator of the scheme, including, but not limited to, "
    "violations under chapters 796 and 847. However, this section does not apply to any "
    "offense listed in s. 775.084(1)(b)1. Determination of the petition under this section "
    "should be by a preponderance of the evidence. A conviction expunged under this section "
    "is deemed to have been vacated due to a substantive defect in the underlying criminal "
    "proceedings."
)
NY = (
    "(i) The judgment is a conviction where the arresting charge was under\nsection 240.37 "
    "(loitering for the purpose of engaging in a prostitution\noffense, provided that the "
    "defendant was not alleged to be loitering for\nthe purpose of patronizing a prostitute "
    "or promoting prostitution) or\n230.00 (prostitution) of the penal law, and the "
    "defendant's partic-\nipation in the offense was a result of having been a victim of "
    "sex traf-\nficking under section 230.34 of the penal law; provided that\n(i) a motion "
    "under this paragraph shall be made with due diligence,\nafter the defendant has ceased "
    "to be a victim of such trafficking; and\n(ii) official documentation of the "
    "defendant's status as a victim of\nsex trafficking at the time of the offense from a "
    "federal, state or local government agency shall create a presump-\ntion that the "
    "defendant's participation in the offense was a result of\nhaving been a victim"
)
ZA = (
    "(1) When deciding whether to prosecute a victim of trafficking, the prosecutor must "
    "give due consideration to whether the offence was committed as a direct result of the "
    "person’s position as a victim of trafficking.\n"
    "(2) If, during a criminal prosecution of a person, the prosecutor on reasonable grounds "
    "suspects that that person is a victim of trafficking and that the offence was committed "
    "as a direct result of the person’s position as a victim of trafficking that prosecutor "
    "must—\n(a) apply to the court for a postponement; and\n"
    "(3) A letter of recognition that an adult person is a victim of trafficking serves as a "
    "ground for the withdrawal of the criminal prosecution.\n"
    "(4) No criminal prosecution may be instituted against a person referred to in "
    "subsection (1) or be proceeded with against a person referred to in subsection (2) "
    "without the written authorisation of the Director of Public Prosecutions having "
    "jurisdiction."
)
USC_7105 = (
    "(1) Protections while in custody Victims of severe forms of trafficking, while in the "
    "custody of the Federal Government and to the extent practicable, shall—\n"
    "(A) not be detained in facilities inappropriate to their status as crime victims;\n"
    "(B) receive necessary medical care and other assistance; and\n"
    "(C) be provided protection if a victim’s safety is at risk, including—\n"
    "(ii) ensuring that the names and identifying information of trafficked persons and "
    "their family members are not disclosed to the public.\n"
    "(3) (i) In general If a Federal law enforcement official files an application stating "
    "that an alien is a victim of a severe form of trafficking and may be a potential "
    "witness to such trafficking, the Secretary of Homeland Security may permit the alien "
    "to remain in the United States."
)
USC_GRANTS = (
    "(III) will be used to take affirmative measures to avoid arresting, charging, or "
    "prosecuting victims of human trafficking for any offense that is the direct result of "
    "their victimization; and"
)
AR_5 = (
    "ARTICULO 5º— No punibilidad. Las\n\nvíctimas de la trata de personas no son punibles "
    "por la comisión de\n\ncualquier delito que sea el resultado directo de haber sido "
    "objeto de\n\ntrata.\n\nTampoco les serán aplicables las sanciones o\n\nimpedimentos "
    "establecidos en la legislación migratoria cuando las\n\ninfracciones sean consecuencia "
    "de la actividad desplegada durante la\n\ncomisión del ilícito que las damnificara."
)
AR_7 = (
    "ARTICULO 7º— Alojamiento de las\n\nvíctimas. En ningún caso se alojará a las víctimas "
    "de la trata de\n\npersonas en cárceles, establecimientos penitenciarios, policiales o"
    "\n\ndestinados al alojamiento de personas detenidas, procesadas o\n\ncondenadas."
)
AR_2 = (
    "El consentimiento dado por la víctima de la trata y explotación de\n\npersonas no "
    "constituirá en ningún caso causal de eximición de\n\nresponsabilidad penal, civil o "
    "administrativa de los autores,\n\npartícipes, cooperadores o instigadores."
)


def test_identity_non_disclosure_is_no_protection() -> None:
    text = "The identity of a victim shall not be disclosed."
    assert "decoy.identity" in feats(text)
    assert protections(text) == set()


def test_ag_consent_decoy_claims_its_sentence() -> None:
    text = "No prosecution shall be instituted without the consent of the Attorney-General."
    assert "decoy.ag_consent" in feats(text)
    assert unclaimed_protections(text) == []


def test_consent_irrelevant_is_no_protection() -> None:
    text = "The consent of a victim is irrelevant."
    assert "decoy.consent_irrelevant" in feats(text)
    assert protections(text) == set()


def test_qualified_detention() -> None:
    text = "Victims shall not be detained in facilities inappropriate to their status."
    found = feats(text)
    assert "detention.qualified" in found
    if "protect.not_detained" in found:
        assert "detention.qualified" in found


def test_own_act_only() -> None:
    found = feats("A victim shall not be criminally liable for an offence under this Act.")
    assert {"scope.own_act", "protect.not_liable", "who.victim"} <= found
    assert "scope.any_offence" not in found


def test_not_guilty_is_a_defence() -> None:
    found = feats("A person is not guilty of an offence if the act was compelled.")
    assert {"protect.not_guilty", "force.mandatory", "scope.any_offence"} <= found


@pytest.mark.parametrize(
    "text",
    [
        "The prosecutor may decline to prosecute a victim of trafficking.",
        "Competent authorities are entitled not to prosecute victims of trafficking.",
        "The prosecutor must give due consideration to whether the offence was committed "
        "as a direct result of the person's position as a victim of trafficking.",
    ],
)
def test_discretion_is_permissive_and_never_a_bar(text: str) -> None:
    found = feats(text)
    assert {"protect.discretion", "force.permissive"} <= found
    assert not found & {"protect.not_prosecuted", "protect.not_punished", "protect.not_liable"}
    assert "force.mandatory" not in found


def test_argentina_inline() -> None:
    s1 = sentence_with(AR_5, "no son punibles", "es")
    assert "protect.not_liable" not in s1  # non-punishability is not a bar on proceedings
    assert {
        "protect.not_punished",
        "force.mandatory",
        "scope.any_offence",
        "kind.criminal",
        "cause.direct",
        "who.victim",
    } <= s1
    s2 = sentence_with(AR_5, "Tampoco les serán aplicables", "es")
    assert {"protect.not_punished", "kind.immigration", "immrelief.express"} <= s2
    s3 = sentence_with(AR_7, "En ningún caso se alojará", "es")
    assert {"protect.not_detained", "detention.named", "force.mandatory", "who.victim"} <= s3
    s4 = sentence_with(AR_2, "El consentimiento dado", "es")
    assert {"decoy.consent_irrelevant", "decoy.perpetrator"} <= s4
    assert unclaimed_protections(AR_2, "es") == []


def test_uk_inline() -> None:
    s1 = feats(UK_45_1)
    assert {"protect.not_guilty", "cause.duress", "cause.compelled", "who.adult"} <= s1
    assert "who.victim" in s1  # from the heading "trafficking victims"
    assert "cause.compulsion_broad" in feats(UK_45_2)
    assert "who.child" in feats(UK_45_4A)
    assert "scope.exclusion" in feats(UK_45_7)
    assert "scope.any_offence" not in feats(UK_45_7)
    assert "scope.closed_list" not in feats(UK_45_7)


def test_florida_inline() -> None:
    found = feats(FL)
    assert {
        "vacatur.expunge",
        "vacatur.discretionary",
        "scope.open_list",
        "scope.exclusion",
        "vacatur.vacate",
        "vacatur.motion",
    } <= found
    assert "scope.exclusion" in sentence_with(FL, "does not apply to any offense listed in s.")
    assert protections(FL) == set()


def test_new_york_inline() -> None:
    found = feats(NY)
    assert {
        "scope.status_offences",
        "cond.time_limit",
        "burden.evidential",
        "burden.documentation",
        "who.form_limited",
    } <= found
    # "where the arresting charge was under section 240.37" names the offence the
    # judgment was for; it clears no record
    assert "records.arrest" not in found
    assert protections(NY) == set()


def test_south_africa_inline() -> None:
    assert {"protect.discretion", "force.permissive"} <= sentence_with(ZA, "due consideration")
    assert "who.presumed" in sentence_with(ZA, "on reasonable grounds suspects")
    assert "cond.formal_id" in sentence_with(ZA, "letter of recognition")
    assert "decoy.ag_consent" in sentence_with(ZA, "No criminal prosecution may be instituted")
    # only the discretion of (1) and (3) stands; the bar in (4) is claimed by the decoy
    assert {f for _, f in unclaimed_protections(ZA)} == {"protect.discretion"}


def test_tvpa_near_miss_inline() -> None:
    found = feats(USC_7105)
    assert {"detention.qualified", "decoy.identity", "immrelief.partial"} <= found
    # the custody clause is one sentence with the non-disclosure item: claimed by a decoy
    assert unclaimed_protections(USC_7105) == []
    assert protections(USC_GRANTS) == set()


# ----------------------------------------------------------------- feature families

FAMILY_CASES: list[tuple[str, str, set[str], set[str]]] = [
    # (lang, text, must fire, must not fire)
    (
        "en",
        "Victims of trafficking shall not be prosecuted.",
        {"who.victim", "protect.not_prosecuted", "force.mandatory"},
        {"force.permissive"},
    ),
    (
        "en",
        "A trafficked person shall not be arrested, detained, charged or prosecuted.",
        {
            "protect.not_arrested",
            "protect.not_detained",
            "protect.not_prosecuted",
            "who.victim",
            "stage.arrest",
            "stage.charge",
            "stage.prosecution",
        },
        set(),
    ),
    (
        "en",
        "Victims shall not be punished or penalised for immigration offences.",
        {"protect.not_punished", "kind.immigration"},
        {"protect.not_prosecuted"},
    ),
    (
        "en",
        "The victim was prosecuted and punished for unlawful entry.",
        {"kind.immigration"},
        {"protect.not_prosecuted", "protect.not_punished"},
    ),
    (
        "en",
        "The prosecution of traffickers shall be a priority.",
        set(),
        {"protect.not_prosecuted"},
    ),
    (
        "en",
        "Victims are exempt from penalty even if found guilty.",
        {"protect.penalty_exempt", "stage.trial"},
        {"protect.not_prosecuted"},
    ),
    (
        "en",
        "Trafficking shall be a mitigating circumstance in sentencing.",
        {"protect.mitigation", "stage.sentencing"},
        set(),
    ),
    (
        "en",
        "Victims are not inappropriately incarcerated, fined, or otherwise penalized "
        "solely for unlawful acts.",
        {"protect.not_punished", "force.hedge", "protect.not_detained"},
        set(),
    ),
    (
        "en",
        "A child victim shall not be held criminally or administratively liable.",
        {"who.child", "protect.not_liable", "kind.criminal", "kind.administrative"},
        set(),
    ),
    (
        "en",
        "Victims are not liable to criminal, civil or administrative sanctions.",
        {"kind.any_liability", "kind.civil", "kind.administrative"},
        set(),
    ),
    (
        "en",
        "It applies to presumed victims, without formal identification.",
        {"who.presumed"},
        {"cond.formal_id"},
    ),
    (
        "en",
        "Only a person identified as a victim by the competent authority is covered.",
        {"cond.formal_id"},
        set(),
    ),
    ("en", "A conclusive grounds decision is required.", {"cond.formal_id"}, set()),
    (
        "en",
        "The protection applies irrespective of whether the victim cooperates with "
        "the authorities.",
        {"cond.no_cooperation"},
        {"cond.cooperation"},
    ),
    (
        "en",
        "The protection applies provided that the victim cooperates with the police.",
        {"cond.cooperation"},
        {"cond.no_cooperation"},
    ),
    (
        "en",
        "This is without prejudice to general defences available at law.",
        {"defence.preserved"},
        {"cause.duress"},
    ),
    (
        "en",
        "Victims held in administrative detention or closed shelters shall be released "
        "without delay.",
        {"detention.admin", "detention.named", "release.duty"},
        set(),
    ),
    ("en", "The victim may be released.", {"release.may"}, {"release.duty"}),
    (
        "en",
        "Offences such as the use of false documents, begging or prostitution.",
        {"scope.open_list", "scope.documents", "scope.status_offences"},
        set(),
    ),
    ("en", "an offence punishable by imprisonment for ten years or more", {"scope.gravity"}, set()),
    ("en", "the following offences:", {"scope.closed_list"}, set()),
    (
        "en",
        "victims of forced criminality and of any form of exploitation",
        {"who.all_forms"},
        {"who.form_limited"},
    ),
    (
        "en",
        "The Minister shall issue guidance to prosecutors.",
        {"guidance.duty"},
        {"guidance.may"},
    ),
    ("en", "The Minister may issue guidelines.", {"guidance.may"}, {"guidance.duty"}),
    (
        "en",
        "The agency shall provide training to police officers.",
        {"training.duty", "training.mention"},
        set(),
    ),
    ("en", "The court shall acquit the person.", {"trial.acquit"}, set()),
    ("en", "The application may be made at any time.", {"timebar.none"}, set()),
    (
        "en",
        "Victims shall have the right to compensation if they were wrongfully prosecuted.",
        {"remedy.express", "remedy.general"},
        set(),
    ),
    ("en", "Victims shall receive free legal aid.", {"legalaid.duty"}, set()),
    ("en", "The minister shall collect statistics on cases.", {"data.duty"}, set()),
    (
        "en",
        "No victim shall suffer deprivation of nationality or an entry ban.",
        {"penalties.other"},
        set(),
    ),
    ("en", "Police shall screen for indicators of trafficking.", {"screening.duty"}, set()),
    (
        "en",
        "The defendant must prove the defence on the balance of probabilities.",
        {"burden.reverse"},
        {"burden.evidential"},
    ),
    (
        "en",
        "Official documentation from a government agency shall create a presumption that "
        "the offence resulted from trafficking.",
        {"burden.documentation", "burden.evidential"},
        set(),
    ),
    (
        "en",
        "Relief is granted upon production of a certificate from the competent authority.",
        {"burden.documentation"},
        set(),
    ),
    (
        "en",
        "No official documentation shall be required; the defendant's account suffices.",
        {"burden.evidential"},
        {"burden.documentation"},
    ),
    (
        "es",
        "La documentación oficial de la condición de víctima constituirá presunción.",
        {"burden.documentation"},
        set(),
    ),
    (
        "fr",
        "L'attestation officielle de la qualité de victime vaut présomption.",
        {"burden.documentation"},
        set(),
    ),
    ("es", "Las víctimas no son punibles.", {"protect.not_punished"}, {"protect.not_liable"}),
    (
        "fr",
        "Les victimes ne sont pas punissables.",
        {"protect.not_punished"},
        {"protect.not_liable"},
    ),
    ("en", "A victim is not punishable.", {"protect.not_punished"}, {"protect.not_liable"}),
    (
        "en",
        "Applied without discrimination, including persons with disabilities.",
        {"nondiscrimination.express"},
        set(),
    ),
    ("en", "Foreign nationals and aliens may benefit.", {"who.foreign"}, set()),
    ("en", "the records of arrest shall be sealed", {"records.arrest", "vacatur.seal"}, set()),
    ("en", "the Governor may grant a pardon", {"vacatur.pardon"}, set()),
    ("en", "unless the public interest requires prosecution", {"cause.proportionality"}, set()),
    (
        "en",
        "the offence was committed as a direct consequence of being trafficked",
        {"cause.direct"},
        {"cause.duress", "cause.compelled"},
    ),
    # Spanish
    (
        "es",
        "La víctima no será penada por los delitos cometidos.",
        {"protect.not_punished", "force.mandatory", "who.victim", "kind.criminal"},
        set(),
    ),
    (
        "es",
        "Las víctimas no podrán ser detenidas, procesadas ni condenadas.",
        {"protect.not_detained", "protect.not_prosecuted", "protect.not_punished"},
        set(),
    ),
    (
        "es",
        "La víctima quedará exenta de pena por las infracciones penales que haya "
        "cometido, sin perjuicio de la aplicación de las reglas generales de este Código.",
        {"protect.penalty_exempt", "defence.preserved", "scope.any_offence"},
        {"protect.not_liable"},
    ),
    (
        "es",
        "siempre que exista una adecuada proporcionalidad entre dicha situación y el "
        "hecho criminal realizado",
        {"cause.proportionality"},
        set(),
    ),
    (
        "es",
        "La víctima fue procesada y condenada.",
        set(),
        {"protect.not_prosecuted", "protect.not_punished"},
    ),
    (
        "es",
        "El fiscal podrá abstenerse de ejercer la acción penal.",
        {"protect.discretion", "force.permissive"},
        {"protect.not_prosecuted"},
    ),
    ("es", "se garantiza la protección de su identidad", {"decoy.identity"}, set()),
    (
        "es",
        "Las víctimas menores de edad y las presuntas víctimas.",
        {"who.child", "who.presumed"},
        set(),
    ),
    # French
    (
        "fr",
        "Les victimes de la traite ne peuvent être poursuivies ni punies pour les "
        "infractions qu’elles ont été contraintes de commettre.",
        {"protect.not_prosecuted", "protect.not_punished", "cause.compelled", "who.victim"},
        set(),
    ),
    (
        "fr",
        "Les autorités ont le pouvoir de ne pas poursuivre les victimes.",
        {"protect.discretion", "force.permissive"},
        {"protect.not_prosecuted"},
    ),
    (
        "fr",
        "L’identité de la victime ne peut être divulguée.",
        {"decoy.identity"},
        {"protect.not_prosecuted", "protect.not_liable", "protect.not_punished"},
    ),
    ("fr", "La victime est exempte de peine.", {"protect.penalty_exempt"}, set()),
    (
        "fr",
        "Les victimes mineures ne sont pas pénalement responsables.",
        {"protect.not_liable", "who.child", "kind.criminal"},
        set(),
    ),
]


@pytest.mark.parametrize(("lang", "text", "present", "absent"), FAMILY_CASES)
def test_feature_families(lang: str, text: str, present: set[str], absent: set[str]) -> None:
    found = feats(text, lang)
    assert present <= found, f"missing {present - found}"
    assert not (absent & found), f"unexpected {absent & found}"


# ----------------------------------------------------------------- decoys

DECOYS: list[tuple[str, str, str]] = [
    (
        "en",
        "The consent of a victim of trafficking to the intended exploitation shall be irrelevant.",
        "decoy.consent_irrelevant",
    ),
    ("en", "It is not a defence that the victim consented to the act.", "decoy.consent_irrelevant"),
    (
        "en",
        "The name, address or identifying information of a victim shall not be "
        "disclosed or published.",
        "decoy.identity",
    ),
    (
        "en",
        "No proceedings shall be instituted for an offence under this Act except by or "
        "with the consent of the Director of Public Prosecutions.",
        "decoy.ag_consent",
    ),
    (
        "en",
        "No prosecution shall be instituted without the consent of the Attorney-General.",
        "decoy.ag_consent",
    ),
    (
        "en",
        "A court may grant immunity from prosecution to an offender who provides "
        "substantial cooperation in the investigation.",
        "decoy.cooperator_immunity",
    ),
    (
        "en",
        "A victim who is a witness shall be admitted to the witness protection "
        "programme and shall not be identified in the proceedings.",
        "decoy.witness",
    ),
    (
        "en",
        "Assistance and shelter for victims shall not be made conditional on their "
        "cooperation with the authorities.",
        "decoy.assistance",
    ),
    (
        "en",
        "Where there are reasonable grounds to believe that a person is a victim of "
        "trafficking, that person shall be provided with assistance and shelter.",
        "decoy.assistance",
    ),
    (
        "en",
        "Nothing in this section shall relieve the perpetrators and accomplices of "
        "criminal liability; the liability of the offender is not affected.",
        "decoy.perpetrator",
    ),
    (
        "es",
        "El consentimiento dado por la víctima no constituirá en ningún caso causal de "
        "eximición de responsabilidad penal de los autores.",
        "decoy.consent_irrelevant",
    ),
    (
        "es",
        "Recibir protección eficaz; podrá solicitar su incorporación al Programa "
        "Nacional de Protección de Testigos.",
        "decoy.witness",
    ),
    (
        "es",
        "Las víctimas tienen derecho a recibir asistencia psicológica y médica gratuitas.",
        "decoy.assistance",
    ),
    ("fr", "Le consentement de la victime est indifférent.", "decoy.consent_irrelevant"),
]


@pytest.mark.parametrize(("lang", "text", "decoy"), DECOYS)
def test_decoys_never_leave_a_protection(lang: str, text: str, decoy: str) -> None:
    hits = extract(text, lang)
    assert decoy in {h.feature for h in hits}
    assert unclaimed_protections(text, lang) == []


def test_every_catalogue_decoy_has_a_fixture() -> None:
    from npgap.lexicon import load_vocabulary

    decoys = {f for f in load_vocabulary() if f.startswith("decoy.")}
    assert decoys == {d for _, _, d in DECOYS}


def test_decoy_in_one_sentence_does_not_claim_the_next() -> None:
    text = (
        "The identity of a victim shall not be disclosed. A victim of trafficking shall "
        "not be prosecuted for any offence committed as a direct consequence of being "
        "trafficked."
    )
    assert unclaimed_protections(text) == [(1, "protect.not_prosecuted")]


# ----------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("See s. 45 of the Act. It applies.", 2),
        ("Under section 440.10 the court may act. The court shall.", 2),
        ("items: (a) one; (b) two; (c) three.", 1),
        ("A reasonable person ... would act. (2) A person may be compelled.", 2),
        ("It means “victim”. “Child” means a person under 18.", 2),
        ("Is it so? Yes! It is.", 3),
        ("per art. 5 and No. 7 of 2013, e.g. this, is one", 1),
        ("The end.", 1),
        ("", 0),
        ("   ", 0),
    ],
)
def test_sentence_splitting_en(text: str, count: int) -> None:
    spans = sentences(text, "en")
    assert len(spans) == count
    for a, b in spans:
        assert text[a:b] == text[a:b].strip() and b > a


def test_sentence_splitting_es_labels_and_abbreviations() -> None:
    text = "Conforme al art. 5 de la ley. a) Recibir asistencia; b) Ser oída. ¿Procede? Sí."
    pieces = [text[a:b] for a, b in sentences(text, "es")]
    assert pieces == [
        "Conforme al art. 5 de la ley.",
        "a) Recibir asistencia; b) Ser oída.",
        "¿Procede?",
        "Sí.",
    ]


def test_sentences_map_to_original_offsets() -> None:
    text = "ARTICULO 5º— No punibilidad. Las\n\nvíctimas no son\n\npunibles.\n\nTampoco."
    pieces = [text[a:b] for a, b in sentences(text, "es")]
    assert pieces == [
        "ARTICULO 5º— No punibilidad.",
        "Las\n\nvíctimas no son\n\npunibles.",
        "Tampoco.",
    ]


# ----------------------------------------------------------------- offsets


def test_hit_offsets_point_into_the_original_text() -> None:
    text = "Las\n\nvíctimas   de la trata no son\n\npunibles."
    by = {h.feature: text[h.start : h.end] for h in extract(text, "es")}
    assert by["protect.not_punished"] == "no son\n\npunibles"
    assert "protect.not_liable" not in by
    assert by["force.mandatory"].startswith("no son")
    assert by["who.victim"] == "víctimas"


def test_hyphenated_line_break_is_joined_for_matching() -> None:
    text = "a victim of sex traf-\nficking under the law"
    hit = next(h for h in extract(text) if h.feature == "who.form_limited")
    assert text[hit.start : hit.end] == "victim of sex traf-\nficking"


def test_typographic_variants_match_alike() -> None:
    plain = "The person's circumstances - victims shall not be prosecuted."
    fancy = "The person’s circumstances — victims shall not be prosecuted."
    assert [(h.feature, h.start, h.end) for h in extract(plain)] == [
        (h.feature, h.start, h.end) for h in extract(fancy)
    ]


def test_hits_sorted_and_unique() -> None:
    hits = extract(UK_45_1 + "\n" + UK_45_7)
    keys = [(h.start, h.feature) for h in hits]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    assert all(isinstance(h, Hit) for h in hits)


WORDS = [
    "victim",
    "victims",
    "of",
    "trafficking",
    "shall",
    "not",
    "be",
    "prosecuted",
    "no",
    "consent",
    "identity",
    "disclosed",
    "may",
    "decline",
    "to",
    "prosecute",
    "s.",
    "45",
    "440.10",
    "offence",
    "under",
    "this",
    "Act",
    "The",
    "A",
    "(a)",
    "(2)",
    "—",
    "’",
    "“",
    "”",
    ";",
    ",",
    ".",
    "?",
    "víctimas",
    "no",
    "son",
    "punibles",
    "\n",
    "\n\n",
    "traf-\n",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=80), st.sampled_from(["en", "es", "fr"]))
def test_extract_properties(words: list[str], lang: str) -> None:
    text = " ".join(words)
    hits = extract(text, lang)
    spans = sentences(text, lang)
    assert [(h.start, h.feature) for h in hits] == sorted((h.start, h.feature) for h in hits)
    for h in hits:
        assert 0 <= h.start < h.end <= len(text)
        assert 0 <= h.sentence < max(len(spans), 1)
        a, _ = spans[h.sentence]
        assert a <= h.start
        if h.sentence + 1 < len(spans):
            assert h.start < spans[h.sentence + 1][0]
    for (a1, b1), (a2, b2) in itertools.pairwise(spans):
        assert a1 < b1 <= a2 < b2


# ----------------------------------------------------------------- shared corpora

needs_corpora = pytest.mark.skipif(
    not CORPORA.is_dir(), reason="shared corpora not mounted (inline copies still tested)"
)


def _corpus(name: str) -> str:
    return (CORPORA / f"{name}.txt").read_text(encoding="utf-8")


@needs_corpora
def test_corpus_argentina() -> None:
    text = _corpus("AR_ley_26364_trata_de_personas")
    assert "protect.not_liable" not in sentence_with(text, "no son punibles", "es")
    assert {
        "protect.not_punished",
        "scope.any_offence",
        "cause.direct",
        "who.victim",
        "force.mandatory",
        "kind.criminal",
    } <= sentence_with(text, "no son punibles", "es")
    assert {"protect.not_punished", "kind.immigration", "immrelief.express"} <= sentence_with(
        text, "Tampoco les serán aplicables", "es"
    )
    assert {"protect.not_detained", "detention.named", "force.mandatory"} <= sentence_with(
        text, "En ningún caso se alojará", "es"
    )
    assert {"decoy.consent_irrelevant", "decoy.perpetrator"} <= sentence_with(
        text, "El consentimiento dado", "es"
    )


@needs_corpora
def test_corpus_uk() -> None:
    text = _corpus("GB-EAW_modern_slavery_act_2015")
    assert "cause.duress" in sentence_with(text, "would have no realistic alternative")
    assert "scope.exclusion" in sentence_with(text, "do not apply to an offence listed")
    assert "cause.compulsion_broad" in sentence_with(text, "by the person's circumstances")
    assert "who.child" in sentence_with(text, "under the age of 18 when")
    assert "who.adult" in sentence_with(text, "aged 18 or over")
    assert "protect.not_guilty" in sentence_with(text, "(4) A person is not guilty")


@needs_corpora
def test_corpus_us_states() -> None:
    fl = _corpus("US-FL_stat_943_0583_2013")
    found = feats(fl)
    assert {
        "vacatur.expunge",
        "vacatur.discretionary",
        "scope.open_list",
        "scope.exclusion",
        "vacatur.vacate",
    } <= found
    ny = _corpus("US-NY_cpl_440_10_chapter_332_2010")
    assert {
        "scope.status_offences",
        "cond.time_limit",
        "burden.evidential",
        "burden.documentation",
        "who.form_limited",
    } <= feats(ny)
    assert protections(fl) == set() and protections(ny) == set()


@needs_corpora
def test_corpus_south_africa_and_tvpa() -> None:
    za = _corpus("ZA_prevention_combating_trafficking_act_2013")
    assert "protect.discretion" in sentence_with(za, "must give due consideration to whether")
    assert "who.presumed" in sentence_with(za, "on reasonable grounds suspects")
    assert "cond.formal_id" in sentence_with(za, "letter of recognition")
    assert "decoy.ag_consent" in sentence_with(za, "No criminal prosecution may be instituted")
    assert {f for _, f in unclaimed_protections(za)} == {"protect.discretion"}
    us = _corpus("US_22_usc_7105_tvpa_victim_protections")
    assert {"detention.qualified", "decoy.identity", "immrelief.partial"} <= feats(us)
    assert unclaimed_protections(us) == []


@needs_corpora
def test_corpus_eu_directive_is_permissive() -> None:
    eu = _corpus("EU_directive_2011_36_art8_reference")
    found = feats(eu)
    assert {"protect.discretion", "force.permissive", "cause.compelled", "cause.direct"} <= found
    assert not found & {"protect.not_prosecuted", "protect.not_punished", "force.mandatory"}


# ----------------------------------------------------------------- fast path = reference

# Text built from the lexicons' own gate keys and start words, in random case, with the
# characters whose case folding is not one-to-one ("ſ", the Kelvin sign, "İ"), accents,
# folded quotes/dashes, odd spaces and line breaks: where the gate and the patterns meet.
_ODD = ["ſ", "\u212a", "İ", "ı", "é", "ñ", "’", "“", "—", "\u00a0", "\n", "  ", "-\n", "`"]


def _gate_words(lang: str) -> list[str]:
    from npgap.lexicon import load_lexicon

    lex = load_lexicon(lang)
    return sorted(set(lex.exact) | set(lex.prefix))


_WORDS_BY_LANG = {lang: _gate_words(lang) for lang in ("en", "es", "fr")}


@st.composite
def _gate_text(draw: st.DrawFn) -> tuple[str, str]:
    lang = draw(st.sampled_from(["en", "es", "fr"]))
    pieces = st.one_of(
        st.sampled_from(_WORDS_BY_LANG[lang]),
        st.sampled_from(WORDS),
        st.sampled_from(_ODD),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=6),
    )
    words = draw(st.lists(pieces, max_size=60))
    out = []
    for w in words:
        case = draw(st.sampled_from(["lower", "upper", "title", "keep"]))
        out.append(w.upper() if case == "upper" else w.title() if case == "title" else w)
        out.append(draw(st.sampled_from([" ", " ", "", ", ", ". ", "\n", "s ", "ing "])))
    return "".join(out), lang


def _reference_extract(text: str, lang: str) -> tuple[tuple[str, int, int, int], ...]:
    """The engine before the speed work: every \\w+ word, its gate entries looked up one by
    one, every pattern matched on its own; then sentences and offsets as `extract` does."""
    import bisect

    from npgap.features import _WORDS, _candidates, _prepare, _split
    from npgap.lexicon import load_lexicon

    lex = load_lexicon(lang)
    prepared = _prepare(text)
    folded = prepared.text
    best: dict[tuple[str, int], int] = {}
    for wm in _WORDS.finditer(folded):
        for entry in _candidates(lex, wm.group()):
            m = entry.pattern.match(folded, wm.start())
            if m is not None and m.end() > wm.start():
                key = (entry.feature, wm.start())
                best[key] = max(best.get(key, -1), m.end())
    for entry in lex.ungated:
        for m in entry.pattern.finditer(folded):
            if m.end() > m.start():
                key = (entry.feature, m.start())
                best[key] = max(best.get(key, -1), m.end())
    starts = [a for a, _ in _split(folded, lex)]
    hits = [
        (
            prepared.orig(s),
            f,
            prepared.orig_end(e),
            max(bisect.bisect_right(starts, s) - 1, 0),
        )
        for (f, s), e in best.items()
    ]
    hits.sort()
    return tuple((f, s, e, i) for s, f, e, i in hits)


@settings(max_examples=300, deadline=None)
@given(_gate_text())
def test_extract_equals_word_by_word_reference(case: tuple[str, str]) -> None:
    """The trie scanner and the per-key probes find exactly the hits that trying every
    gated pattern at every word start finds."""
    from npgap.features import _SQUEEZE, _extract
    from npgap.lexicon import fold, load_lexicon

    text, lang = case
    lex = load_lexicon(lang)
    # ASCII text takes the lower-cased, case-sensitive path: the same hits again; and
    # patterns tried one by one (short text) or by their key's probe (long text) agree
    ascii_text = text.encode("ascii", "ignore").decode("ascii")
    for t in (text, ascii_text):
        want = _reference_extract(t, lang)
        for probes in (False, True):
            hits = _extract(t, lex, (probes, {}, {}))
            assert tuple((h.feature, h.start, h.end, h.sentence) for h in hits) == want
        got = tuple((h.feature, h.start, h.end, h.sentence) for h in extract(t, lang))
        assert got == want
    folded = fold(text)
    if folded.isprintable() and "  " not in folded:  # `_prepare` skips the squeeze then
        assert _SQUEEZE.search(folded) is None


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_extract_equals_reference_on_corpora(lang: str) -> None:
    """The same on real statute text (the repository corpora, read in each language)."""
    root = Path(__file__).resolve().parent.parent / "corpora"
    for path in sorted(root.rglob("*.txt"))[:12]:
        text = path.read_text(encoding="utf-8")[:40000]
        got = tuple((h.feature, h.start, h.end, h.sentence) for h in extract(text, lang))
        assert got == _reference_extract(text, lang), path.name


@pytest.mark.parametrize(
    ("text", "gravity"),
    [
        ("“servitude” means a condition obtained through threats of serious harm;", False),
        ("coercion includes a threat of serious harm to any person;", False),
        ("This section does not apply to an offence causing serious harm.", True),
        ("other than an offence that resulted in serious bodily harm to another", True),
        ("does not apply to serious offences listed in Schedule 4", True),
    ],
)
def test_serious_harm_is_a_gravity_threshold_only_as_what_an_offence_caused(
    text: str, gravity: bool
) -> None:
    """'threats of serious harm' defines servitude or coercion and limits no offence (it
    capped NP-ALL-OFFENCES through a definitions section); harm an offence caused does."""
    assert ("scope.gravity" in {h.feature for h in extract(text)}) == gravity


def test_definition_of_servitude_does_not_cap_all_offences() -> None:
    from npgap.framework import load_framework
    from npgap.pipeline import assess

    head = (
        "1. Definitions\n\n“servitude” means a condition in which services are obtained "
        "through threats of serious harm to that person or another person;\n\n"
        "2. Non-liability\n\n(1) A victim of trafficking is not criminally liable for any "
        "offence committed as a direct result of being trafficked.\n"
    )
    fw = load_framework()
    for extra, capped in (
        ("", False),
        ("\n(2) Subsection (1) does not apply to an offence causing serious harm.\n", True),
    ):
        found = next(
            f for f in assess(head + extra, fw).findings if f.requirement == "NP-ALL-OFFENCES"
        )
        assert ("DP-GRAVITY-THRESHOLD" in found.patterns) == capped, found.rationale
