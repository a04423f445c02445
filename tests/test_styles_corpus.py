"""Key facts of each synthetic style sample under corpora/synthetic/styles/.

Why: the real corpus has no US-Code, French, Spanish-bis or run-together text; these
invented samples stand in for them, and each test pins what a reader of the sample
would say is there (how many sections, what a citation says), plus no text lost.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import npgap
from npgap.tree import Document, Provision
from strategies import check_lossless, check_spans, project_node

STYLES_DIR = Path(__file__).resolve().parents[1] / "corpora" / "synthetic" / "styles"
SAMPLES = sorted(p.stem for p in STYLES_DIR.glob("*.txt"))


def load(name: str) -> tuple[Document, str]:
    text = (STYLES_DIR / f"{name}.txt").read_text(encoding="utf-8")
    return npgap.parse(text, path=f"{name}.txt"), text


def cited(doc: Document, citation: str) -> Provision:
    p = doc.find_citation(citation)
    assert p is not None, f"{citation} not found; have {[q.citation for q in doc.walk()]}"
    return p


def sections(doc: Document) -> list[str | None]:
    return [p.num_value for p in doc.walk() if p.kind in ("section", "article")]


def words(p: Provision) -> str:
    parts = [p.heading or "", p.intro, *(words(c) for c in p.children), p.wrapup]
    return " ".join(x for x in parts if x)


def test_every_sample_has_provenance() -> None:
    assert len(SAMPLES) >= 5
    for name in SAMPLES:
        source = (STYLES_DIR / f"{name}.source.md").read_text(encoding="utf-8")
        assert "synthetic" in source.lower()


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_is_lossless(name: str) -> None:
    doc, text = load(name)
    check_lossless(doc, text)
    check_spans(doc)
    assert doc.path == f"{name}.txt"


def test_us_code_sections() -> None:
    doc, _ = load("us_code_sections")
    assert doc.style == "us"
    assert sections(doc) == ["41-101", "41-102", "41-103", "41-104"]
    (chapter,) = doc.provisions
    assert (chapter.kind, chapter.num_value) == ("chapter", "41")
    assert chapter.heading == "RELIEF FOR TRAFFICKING SURVIVORS"
    assert cited(doc, "§ 41-102").heading == "Protection from prosecution"
    deepest = cited(doc, "§ 41-102(a)(2)(C)(ii)(I)")
    assert deepest.kind == "subclause"
    assert deepest.intro == "the survivor was recruited by force, fraud, or coercion; or"
    clause = cited(doc, "§ 41-102(a)(2)(C)(i)")
    assert (clause.kind, clause.intro) == ("clause", "identified the survivor as a victim; or")
    assert [c.num_value for c in cited(doc, "§ 41-102").children] == ["a", "b", "c"]
    assert cited(doc, "§ 41-103(b)(1)").intro.startswith("shall be made with due diligence")
    leaf = cited(doc, "§ 41-104")
    assert leaf.children == () and leaf.intro.startswith("Upon vacatur under section 41-103,")
    assert cited(doc, "§ 41-101(b)").intro == '"Covered offense" means an offense that—'


def test_french_articles() -> None:
    doc, _ = load("fr_articles")
    assert doc.style == "civil"
    assert sections(doc) == ["1", "2", "3", "4"]
    assert [(p.kind, project_node(p).num, p.heading) for p in doc.provisions] == [
        ("chapter", "1", "Définitions"),
        ("chapter", "2", "Absence de sanction"),
    ]
    # "1er" is printed and cited as such; its value is 1
    first = cited(doc, "art. 1er")
    assert (first.num, first.num_value, first.eid) == ("1er", "1", "chp_1__art_1")
    assert first.intro == "Au sens de la présente loi, on entend par :"
    # the 1°/2°/3° items are the article's numbered paragraphs
    assert [(c.kind, c.num, c.num_value) for c in first.children] == [
        ("paragraph", "1°", "1"),
        ("paragraph", "2°", "2"),
        ("paragraph", "3°", "3"),
    ]
    assert cited(doc, "art. 1er(2)").intro.startswith("« infraction liée »")
    said = words(first)
    for definition in (
        "« victime de la traite », toute personne recrutée, transportée ou hébergée en vue "
        "de son exploitation ;",
        "« infraction liée », toute infraction commise par la victime pendant la durée de "
        "son exploitation ;",
        "« autorité compétente », le procureur de la République et le juge d'instruction.",
    ):
        assert said.count(definition) == 1, definition
    art2 = cited(doc, "art. 2")
    assert art2.heading == "Non-sanction des victimes"
    assert [c.num_value for c in art2.children] == ["1", "2", "3"]
    assert cited(doc, "art. 2(1)").intro == (
        "Une victime de la traite n'encourt aucune peine pour une infraction liée qu'elle "
        "a été contrainte de commettre."
    )
    point = cited(doc, "art. 2(2)(b)")
    assert (point.kind, point.intro) == (
        "point",
        "l'infraction est la conséquence directe de la traite ;",
    )
    art3 = cited(doc, "art. 3")
    assert art3.heading is None
    assert art3.intro.startswith("La victime ne peut faire l'objet")
    assert cited(doc, "art. 4").heading == "Effacement des condamnations"


def test_spanish_articles_with_bis() -> None:
    doc, _ = load("es_articulos_bis")
    assert doc.style == "civil"
    assert sections(doc) == ["1", "2", "14", "14bis", "15"]
    (title,) = doc.provisions
    assert (title.kind, project_node(title).num, title.heading) == (
        "title",
        "1",
        "DISPOSICIONES GENERALES",
    )
    assert [(c.kind, project_node(c).num, c.heading) for c in title.children] == [
        ("chapter", "1", "Objeto y definiciones"),
        ("chapter", "2", "De la no punibilidad"),
    ]
    assert cited(doc, "art. 1").heading == "Objeto"
    assert cited(doc, "art. 2(b)").intro.startswith("hecho vinculado: toda infracción")
    bis = cited(doc, "art. 14 bis")
    assert (bis.num, bis.num_value, bis.heading) == ("14 bis", "14bis", "Medidas de protección")
    assert cited(doc, "art. 14 bis(2)").intro == (
        "La autoridad judicial podrá disponer el archivo de las actuaciones en cualquier "
        "estado del proceso."
    )
    assert cited(doc, "art. 14(2)(b)").intro == "la posesión o el uso de documentación falsa."
    assert cited(doc, "art. 15").intro.startswith("Los antecedentes derivados")


def test_westminster_parts_and_schedule() -> None:
    doc, _ = load("westminster_parts")
    assert doc.style == "commonwealth"
    assert sections(doc) == ["1", "45", "45A", "46", "47"]
    assert doc.title is not None and doc.title.startswith("Victims of Trafficking")
    parts = [p for p in doc.provisions if p.kind == "part"]
    assert [(project_node(p).num, p.heading) for p in parts] == [
        ("1", "PRELIMINARY"),
        ("2", "PROTECTION FROM PUNISHMENT"),
        ("3", "GENERAL"),
    ]
    assert [(c.kind, c.num_value, c.heading) for c in parts[1].children] == [
        ("chapter", "1", "DEFENCE"),
        ("chapter", "2", "RECORDS"),
    ]
    s45 = cited(doc, "s. 45")
    assert s45.heading == "Defence for victims of trafficking"
    assert [c.num_value for c in s45.children] == ["1", "1A", "2", "3"]
    sub1 = cited(doc, "s. 45(1)")
    assert [c.num_value for c in sub1.children] == ["a", "b", "c"]
    assert sub1.wrapup == "whether or not the person has been formally identified as a victim."
    assert cited(doc, "s. 45(1A)").intro.startswith("A person under the age of 18")
    assert cited(doc, "s. 45A").heading == "Guidance on the defence"
    assert s45.sid == "sec_45" and s45.eid.endswith("__sec_45")
    assert cited(doc, "s. 47").intro.startswith("In this Act—")
    assert words(cited(doc, "s. 47")).count("“child” means a person under the age of 18;") == 1
    schedules = [p for p in doc.provisions if p.kind == "schedule"]
    assert len(schedules) == 1
    (sch,) = schedules
    assert (sch.num_value, sch.heading) == ("2", "OFFENCES EXCLUDED FROM THE DEFENCE")
    assert [(c.kind, c.num_value) for c in sch.children] == [
        ("paragraph", "1"),
        ("paragraph", "2"),
        ("paragraph", "3"),
        ("paragraph", "4"),
    ]
    assert cited(doc, "Sch. 2 para 1").intro == "Murder."
    para3 = cited(doc, "Sch. 2 para 3")
    assert [(c.num_value, c.intro) for c in para3.children] == [
        ("a", "section 1 (rape);"),
        ("b", "section 2 (assault by penetration)."),
    ]
    assert cited(doc, "Sch. 2 para 4").intro.startswith("In this Schedule “offence” includes")


def test_run_together_layout() -> None:
    doc, _ = load("run_together")
    assert doc.style == "commonwealth"
    assert sections(doc) == ["1", "2", "3", "4", "5", "6"]
    assert [(p.kind, project_node(p).num, p.heading) for p in doc.provisions] == [
        ("part", "1", "PRELIMINARY"),
        ("part", "2", "NON-PUNISHMENT"),
    ]
    s1 = cited(doc, "s. 1")
    assert (s1.heading, s1.intro) == (
        "Short title",
        "This Ordinance may be cited as the Trafficking Victims (Protection) Ordinance.",
    )
    assert cited(doc, "s. 2").heading == "Interpretation"
    assert cited(doc, "s. 2").intro.startswith("In this Ordinance—")
    s3 = cited(doc, "s. 3")
    assert s3.heading == "Non-liability of victims"
    assert [c.num_value for c in s3.children] == ["1", "2", "3"]
    assert cited(doc, "s. 3(1)").intro.startswith("A victim is not criminally liable")
    s4 = cited(doc, "s. 4")
    assert s4.heading == "Immigration offences"
    assert [c.num_value for c in s4.children] == ["a", "b", "c"]
    assert s4.wrapup == "where the act was connected with the trafficking."
    s5 = cited(doc, "s. 5")
    assert s5.heading is None
    assert [c.num_value for c in s5.children] == ["1", "2"]
    assert cited(doc, "s. 5(2)(b)").intro == "the age of the person; and"
    s6 = cited(doc, "s. 6")
    assert s6.heading == "Records"
    assert s6.intro.startswith("A conviction of a victim")


def test_australian_divisions_and_inserted_numbers() -> None:
    doc, _ = load("au_divisions")
    assert doc.style == "commonwealth"
    assert sections(doc) == ["1", "2", "12", "12A", "13", "14"]
    assert doc.title == "Criminal Code Amendment (Victims of Trafficking) Act 2026"
    part2 = doc.provisions[1]
    assert (part2.kind, part2.num_value, part2.heading) == ("part", "2", "Protection of victims")
    assert [(c.kind, c.num_value, c.heading) for c in part2.children] == [
        ("division", "1", "Defence"),
        ("division", "2", "Prosecution and records"),
    ]
    s12 = cited(doc, "s. 12")
    assert s12.eid == "part_2__dvs_1__sec_12" and s12.sid == "sec_12"
    assert [c.num_value for c in s12.children] == ["1", "1A", "2"]
    assert cited(doc, "s. 12(1A)").intro.startswith("Subsection (1) applies whether or not")
    assert cited(doc, "s. 12A").heading == "Children"
    s13_1 = cited(doc, "s. 13(1)")
    assert [(c.kind, c.num_value) for c in s13_1.children] == [
        ("paragraph", "a"),
        ("paragraph", "b"),
        ("paragraph", "ba"),
        ("paragraph", "c"),
    ]
    assert [c.num_value for c in cited(doc, "s. 13(1)(b)").children] == ["i", "ii"]
    assert cited(doc, "s. 13(1)(ba)").intro == (
        "the person has been referred to the support program; or"
    )
    assert cited(doc, "s. 13(2)").intro == (
        "In this section: support program means the Support for Trafficked People Program."
    )


def test_us_state_code_with_compound_label() -> None:
    doc, _ = load("us_state_code")
    assert doc.style == "us"
    assert sections(doc) == ["12-405", "12-406", "12-407"]
    (title,) = doc.provisions
    assert (title.kind, title.num_value, title.heading) == ("title", "12", "CRIMINAL PROCEDURE")
    (chapter,) = title.children
    assert (chapter.kind, chapter.num_value) == ("chapter", "4")
    assert chapter.heading == "RELIEF FOR VICTIMS OF HUMAN TRAFFICKING"
    assert cited(doc, "§ 12-405").heading == "Definitions"
    clause = cited(doc, "§ 12-407(a)(2)(A)(ii)")
    assert (clause.kind, clause.intro) == ("clause", "a victim services organization; or")
    c = cited(doc, "§ 12-407(c)")
    assert (c.kind, c.intro) == ("subsection", "")
    assert [(p.kind, p.num_value) for p in c.children] == [("paragraph", "1"), ("paragraph", "2")]
    assert cited(doc, "§ 12-407(c)(1)").intro.startswith("If the court grants the motion")
    assert cited(doc, "§ 12-407(b)").intro == "The motion shall be made with due diligence."


def test_spanish_ley_with_titulo_preliminar() -> None:
    doc, _ = load("es_ley")
    assert doc.style == "civil"
    assert sections(doc) == ["1", "2", "14", "14bis", "15"]
    prelim, title1 = doc.provisions
    assert (prelim.kind, prelim.num, prelim.heading) == (
        "title",
        "PRELIMINAR",
        "Disposiciones generales",
    )
    assert (title1.num_value, title1.heading) == ("1", "De la exención de responsabilidad")
    assert [(c.kind, c.heading) for c in title1.children] == [("chapter", "Disposiciones comunes")]
    art14 = cited(doc, "art. 14")
    assert art14.heading == "Exención de pena"
    assert [c.num_value for c in art14.children] == ["1", "2"]
    assert [c.num_value for c in cited(doc, "art. 14(1)").children] == ["a", "b"]
    bis = cited(doc, "art. 14 bis")
    assert (bis.num_value, bis.heading) == ("14bis", "Archivo de actuaciones")
    assert bis.intro.startswith("El Ministerio Fiscal podrá solicitar")
    assert cited(doc, "art. 2(b)").intro.startswith("Infracción conexa:")


def test_canadian_sections_without_a_full_stop_under_headings() -> None:
    doc, _ = load("canada_federal")
    assert doc.style == "commonwealth"
    assert sections(doc) == ["1", "2", "3", "4"]
    assert [p.heading for p in doc.provisions] == [
        "Short title",
        "Interpretation",
        "Non-punishment",
        "Guidance",
    ]
    assert cited(doc, "s. 1").intro.startswith("This Act may be cited as")
    s2 = cited(doc, "s. 2")
    assert s2.intro == "" and [c.num_value for c in s2.children] == ["1", "2"]
    # unlabelled definition lines stay in the words of the subsection they follow
    assert "victim means a person who has been subjected" in cited(doc, "s. 2(1)").intro
    assert [c.num_value for c in cited(doc, "s. 3(1)").children] == ["a", "b"]
    assert [c.num_value for c in cited(doc, "s. 3(1)(b)").children] == ["i", "ii"]
    assert cited(doc, "s. 3(1)(b)(i)").intro.endswith("subjected to trafficking in persons, and")
    assert cited(doc, "s. 4").intro.startswith("The Minister must issue guidance")


def test_irish_sections_numbered_with_a_dash() -> None:
    doc, _ = load("ireland_dash")
    assert doc.title == "PROTECTION OF TRAFFICKED PERSONS ACT"
    assert [(p.kind, p.num_value, p.heading) for p in doc.provisions] == [
        ("part", "1", "Preliminary and General"),
        ("part", "2", "Non-punishment"),
    ]
    assert sections(doc) == ["1", "2", "3", "4"]
    s1 = cited(doc, "s. 1")
    assert s1.eid == "part_1__sec_1" and s1.intro.startswith("This Act may be cited")
    assert [c.num_value for c in cited(doc, "s. 2").children] == ["1", "2"]
    assert cited(doc, "s. 2(1)").intro.startswith("In this Act— “child” means")
    s3_2 = cited(doc, "s. 3(2)")
    assert [c.num_value for c in s3_2.children] == ["a", "b"]
    assert s3_2.wrapup == "and whether or not the victim is a child."
    assert cited(doc, "s. 4").intro.startswith("The Director of Public Prosecutions")


def test_philippine_sections_with_spaced_hyphen_and_letter_suffix() -> None:
    doc, _ = load("philippines_sections")
    assert doc.title == "REPUBLIC ACT NO. 0000"
    assert len(doc.preamble) == 3  # number, long title, enacting clause
    assert sections(doc) == ["1", "2", "17", "17-A", "18"]
    s1 = cited(doc, "s. 1")
    assert (s1.heading, s1.intro) == (
        "Title",
        "This Act shall be known as the Protection of Trafficked Persons Act.",
    )
    assert [g.role for g in s1.segments] == ["label", "heading", "punct", "intro"]
    s17 = cited(doc, "s. 17")
    assert s17.heading == "Legal Protection to Trafficked Persons"
    assert s17.intro.startswith("Trafficked persons shall be recognized as victims")
    assert s17.intro.endswith("the intended exploitation shall be irrelevant.")
    s17a = cited(doc, "s. 17-A")
    assert (s17a.eid, s17a.heading) == ("sec_17-A", "Temporary Custody of Trafficked Victims")
    assert [c.citation for c in s17a.children] == ["s. 17-A(a)", "s. 17-A(b)"]
    assert cited(doc, "s. 18").heading == "Effectivity"
