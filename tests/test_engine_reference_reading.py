"""What the matcher reads through references and definitions, both ways.

Why: relief that names its victims only by reference ("a conviction for an act covered by
article 2", "if the ground in subsection (1) is established, the court shall— (b) order
the expungement …") and a definition of the protected victim whose term runs on
("se entiende por víctima de la trata de personas toda persona, …") were missed, so the
engine said less than the law; the reference or definition must be the reason, so the
same words without it must not move the status.
"""

from __future__ import annotations

from npgap.features import extract
from npgap.framework import load_framework
from npgap.pipeline import assess

_FW = load_framework()

_RELIEF = """AN ACT concerning relief from convictions.

Section 1. Motion to vacate.
(1) A person convicted of any offense may move the court to vacate the conviction on the
ground that the person's participation in the offense was a direct result of having been
a victim of human trafficking.
(2) If the court finds that the ground in subsection (1) is established, the court
shall—
(a) vacate the conviction; and
(b) order the expungement of all records of the arrest, charge, and conviction.
"""


def _status(text: str, rid: str) -> str:
    return assess(text, _FW).finding(rid).status


def test_relief_naming_victims_by_reference_clears_records() -> None:
    assert _status(_RELIEF, "NP-VACATUR") == "met"


def test_relief_without_the_reference_names_no_victim() -> None:
    # the clearing clause no longer points at the victims' motion: it is relief for
    # anyone, and only the motion (no record clearing) is relief for victims
    text = _RELIEF.replace("the ground in subsection (1) is established", "it is just")
    assert _status(text, "NP-VACATUR") == "partial"


def test_discretionary_relief_by_reference_stays_partial() -> None:
    text = _RELIEF.replace("the court\nshall—", "the court\nmay, at its discretion—")
    assert _status(text, "NP-VACATUR") != "met"


_LEY = """LEY DE PROTECCIÓN DE LAS VÍCTIMAS

Artículo 1. Definición.
A los efectos de esta ley se entiende por {term} toda persona, mayor o menor de edad, que haya
sido objeto de trata con fines de cualquier forma de explotación, incluida la explotación
para la realización de actividades delictivas.

Artículo 2. No punibilidad.
1. Las víctimas de la trata de personas no serán penalmente responsables por cualquier
delito que sea consecuencia directa de su situación de víctimas de trata.
"""


def test_definition_of_the_protected_victim_is_related() -> None:
    text = _LEY.format(term="víctima de la trata de personas")
    assert _status(text, "NP-ALL-FORMS") == "met"


def test_definition_of_another_term_is_not_related() -> None:
    text = _LEY.format(term="persona explotada")
    assert _status(text, "NP-ALL-FORMS") == "partial"


def test_no_documentation_required_however_long_the_object() -> None:
    text = (
        "No official documentation of the person's status as a victim of human "
        "trafficking is required to grant the motion."
    )
    assert "burden.evidential" in {h.feature for h in extract(text, "en")}
    # a duty to produce documentation is not the evidential burden
    text = "Official documentation of the person's status as a victim is required."
    assert "burden.evidential" not in {h.feature for h in extract(text, "en")}


def _feats(text: str) -> set[str]:
    return {h.feature for h in extract(text, "en")}


def test_identity_kept_confidential_is_no_sealing() -> None:
    identity = "The name and identity of a victim shall be kept confidential by the court."
    assert "vacatur.seal" not in _feats(identity)
    assert "decoy.identity" in _feats(identity)
    records = "All records of the arrest and charge shall be kept confidential."
    assert "vacatur.seal" in _feats(records)


def test_may_of_possibility_is_not_permission() -> None:
    text = "concerns for the safety of other victims that may be jeopardized by the motion"
    assert "force.permissive" not in _feats(text)
    assert "force.permissive" in _feats("the court may vacate the conviction")


def test_it_is_a_defence_binds_and_a_burden_on_the_accused_is_reverse() -> None:
    text = (
        "In proceedings for an offence, it is a defence for the accused to prove that the "
        "accused is a victim of trafficking, and the burden of proving the matters in "
        "paragraphs (a) and (b) lies on the accused, on the balance of probabilities."
    )
    found = _feats(text)
    assert {"force.mandatory", "protect.not_guilty", "burden.reverse"} <= found
    assert "burden.reverse" not in _feats("the burden of proof lies on the prosecution")
    assert "force.mandatory" not in _feats("the defence of duress may be raised")


def test_removal_not_based_on_the_act_is_express_immigration_relief() -> None:
    text = (
        "No order for the removal of a foreign national referred to in paragraph 1 shall "
        "be based on an act referred to in that paragraph."
    )
    assert "immrelief.express" in _feats(text)
    assert "immrelief.express" not in _feats(
        "An order for the removal of a foreign national may be made."
    )


def test_penalised_is_the_penalty_stage() -> None:
    assert "stage.sentencing" in _feats("shall not be prosecuted, fined or otherwise penalised")
    assert "stage.sentencing" not in _feats("shall not be prosecuted")


def test_child_limb_without_the_adult_coercion_dispenses_with_means() -> None:
    text = (
        "“Victim of human trafficking” means a person subjected to coercion, as defined in "
        "s. 787.06, for the purpose of being used in human trafficking, a child under 18 "
        "years of age subjected to human trafficking, or an individual subjected to human "
        "trafficking as defined by federal law."
    )
    assert "cause.no_means" in _feats(text)
    same_test = text.replace("age subjected to human trafficking", "age subjected to coercion")
    assert "cause.no_means" not in _feats(same_test)


_DURESS = """Criminal Justice (Trafficked Persons) Act 2019

9A Defence of compulsion for trafficked persons
(1) A person who is a victim of trafficking is not guilty of an offence if the person was
compelled to do the act which constitutes the offence.
(2) Subsection (1) applies to a person under the age of 18 as it applies to a person aged
18 or over.
"""


def test_children_brought_under_the_compulsion_test_by_reference() -> None:
    found = assess(_DURESS, _FW).finding("NP-CHILD")
    assert found.status == "partial"
    assert "DP-CHILD-SAME-TEST" in found.patterns


def test_children_dispensed_from_the_test_are_not_capped_by_it() -> None:
    text = _DURESS.replace(
        "as it applies to a person aged\n18 or over",
        "and it is not necessary to show that the child was compelled",
    )
    assert "DP-CHILD-SAME-TEST" not in assess(text, _FW).finding("NP-CHILD").patterns


def test_may_become_a_witness_is_no_discretion() -> None:
    text = "A victim shall not be criminally liable but may become a witness in the case."
    assert "force.permissive" not in _feats(text)


def test_removal_and_discretion_words_in_spanish_and_french() -> None:
    es = "Ninguna orden de expulsión de una víctima de trata podrá fundarse en esos hechos."
    fr = "Aucune décision d'éloignement d'une victime ne peut être fondée sur ces faits."
    assert "immrelief.express" in {h.feature for h in extract(es, "es")}
    assert "immrelief.express" in {h.feature for h in extract(fr, "fr")}
    es_may = "El juez podrá, a su discreción, anular la condena."
    fr_may = "Le juge peut, à sa discrétion, ordonner l'effacement."
    assert "vacatur.discretionary" in {h.feature for h in extract(es_may, "es")}
    assert "vacatur.discretionary" in {h.feature for h in extract(fr_may, "fr")}


def test_gravity_threshold_is_no_exclusion_list() -> None:
    gravity = "other than an offence punishable by imprisonment for 10 years or more"
    assert "scope.exclusion" not in _feats(gravity)
    assert "scope.gravity" in _feats(gravity)
    assert "scope.exclusion" in _feats("other than an offence listed in Schedule 4")


def test_relief_for_named_convictions_is_a_closed_list() -> None:
    named = "A person convicted of prostitution or of loitering may petition the court."
    assert "scope.closed_list" in _feats(named)
    assert "scope.closed_list" not in _feats("A person convicted of any offense may petition.")
