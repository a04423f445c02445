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
