"""One small statute per construct that product.md's "Parsing" section names.

Why: the property tests say *that* something breaks; these say *which* construct, with
an input short enough to read in a failure report. Every parse here is also checked
for losslessness and for segment text that matches its source.
"""

from __future__ import annotations

import pytest

import npgap
from npgap.tree import Document, Provision
from strategies import Node, check_lossless, check_spans, project_node


def parse(text: str) -> Document:
    doc = npgap.parse(text)
    check_lossless(doc, text)
    check_spans(doc)
    return doc


def shape(text: str) -> tuple[Node, ...]:
    return tuple(project_node(p) for p in parse(text).provisions)


def N(
    kind: str,
    num: str | None,
    intro: str = "",
    *children: Node,
    heading: str | None = None,
    wrapup: str = "",
) -> Node:
    return Node(kind, num, heading, intro, wrapup, tuple(children))


def own_words(p: Provision) -> str:
    """Everything a provision and its descendants say, in order."""
    parts = [p.heading or "", p.intro]
    parts += [own_words(c) for c in p.children]
    parts.append(p.wrapup)
    return " ".join(x for x in parts if x)


# --- Section headings ------------------------------------------------------------------

LEAF = "A person is not guilty of an offence."


@pytest.mark.parametrize(
    "text",
    [
        f"12. Defence for victims\n{LEAF}\n",
        f"12 Defence for victims\n{LEAF}\n",
        f"Section 12. Defence for victims\n{LEAF}\n",
        f"Defence for victims\n12\n{LEAF}\n",
        f"Defence for victims\n\n12\n\n{LEAF}\n",
    ],
    ids=["dot", "space", "section-word", "line-before", "line-before-blank"],
)
def test_section_heading_placements(text: str) -> None:
    assert shape(text) == (N("section", "12", LEAF, heading="Defence for victims"),)


def test_heading_on_the_line_after_a_bare_number() -> None:
    text = "12\nDefence for victims\n(1) A person is not guilty.\n(2) A child is not guilty.\n"
    assert shape(text) == (
        N(
            "section",
            "12",
            "",
            N("subsection", "1", "A person is not guilty."),
            N("subsection", "2", "A child is not guilty."),
            heading="Defence for victims",
        ),
    )


def test_heading_before_then_section_heading_before_next() -> None:
    text = (
        "Defence for victims\n45\n(1) A person is not guilty.\n"
        "Guidance\n46\nThe Secretary of State must issue guidance.\n"
    )
    assert shape(text) == (
        N(
            "section",
            "45",
            "",
            N("subsection", "1", "A person is not guilty."),
            heading="Defence for victims",
        ),
        N("section", "46", "The Secretary of State must issue guidance.", heading="Guidance"),
    )


def test_number_and_first_subsection_on_one_line() -> None:
    text = "22. (1) No victim shall be punished.\n(2) No victim shall be detained.\n"
    doc = parse(text)
    assert tuple(project_node(p) for p in doc.provisions) == (
        N(
            "section",
            "22",
            "",
            N("subsection", "1", "No victim shall be punished."),
            N("subsection", "2", "No victim shall be detained."),
        ),
    )
    assert doc.provisions[0].children[0].citation == "s. 22(1)"


# --- Numbers ---------------------------------------------------------------------------


def test_inserted_subsection_and_paragraph() -> None:
    text = (
        "5 Offences\n(1) The offences are—\n(a) theft;\n(aa) fraud;\n(b) forgery.\n"
        "(1A) Subsection (1) applies to attempts.\n(2) This is the end.\n"
    )
    doc = parse(text)
    assert tuple(project_node(p) for p in doc.provisions) == (
        N(
            "section",
            "5",
            "",
            N(
                "subsection",
                "1",
                "The offences are—",
                N("paragraph", "a", "theft;"),
                N("paragraph", "aa", "fraud;"),
                N("paragraph", "b", "forgery."),
            ),
            N("subsection", "1A", "Subsection (1) applies to attempts."),
            N("subsection", "2", "This is the end."),
            heading="Offences",
        ),
    )
    sub = doc.provisions[0].children[1]
    assert (sub.num, sub.num_value, sub.citation) == ("(1A)", "1A", "s. 5(1A)")
    assert sub.eid == "sec_5__subsec_1A"


_NINE = "".join(f"({c}) item {c};\n" for c in "abcdefgh")


def test_letter_i_after_h_is_a_paragraph() -> None:
    text = "7 Lists\n(1) The items are—\n" + _NINE + "(i) the ninth item; and\n(j) the tenth.\n"
    (sec,) = shape(text)
    paras = sec.children[0].children
    assert [p.num for p in paras] == list("abcdefghij")
    assert {p.kind for p in paras} == {"paragraph"}
    assert paras[8] == N("paragraph", "i", "the ninth item; and")


def test_roman_i_under_h_is_a_subparagraph() -> None:
    text = (
        "7 Lists\n(1) The items are—\n"
        + _NINE.replace("(h) item h;", "(h) item h, namely—")
        + "(i) first sub;\n(ii) second sub;\n(i) the ninth item.\n"
    )
    (sec,) = shape(text)
    paras = sec.children[0].children
    assert [p.num for p in paras] == list("abcdefghi")
    assert paras[7] == N(
        "paragraph",
        "h",
        "item h, namely—",
        N("subparagraph", "i", "first sub;"),
        N("subparagraph", "ii", "second sub;"),
    )
    assert paras[8] == N("paragraph", "i", "the ninth item.")


def test_roman_i_under_a_paragraph_and_clause() -> None:
    text = (
        "3 Scope\n(1) This applies—\n(a) to a person who—\n(i) is a victim; or\n"
        "(ii) is treated as a victim by—\n(A) a court; or\n(B) a prosecutor; and\n"
        "(b) to a child.\n"
    )
    doc = parse(text)
    (sec,) = (project_node(p) for p in doc.provisions)
    assert sec.children[0].children == (
        N(
            "paragraph",
            "a",
            "to a person who—",
            N("subparagraph", "i", "is a victim; or"),
            N(
                "subparagraph",
                "ii",
                "is treated as a victim by—",
                N("clause", "A", "a court; or"),
                N("clause", "B", "a prosecutor; and"),
            ),
        ),
        N("paragraph", "b", "to a child."),
    )
    deepest = doc.provisions[0].children[0].children[0].children[1].children[1]
    assert deepest.eid == "sec_3__subsec_1__para_a__subpara_ii__clause_B"
    assert deepest.citation == "s. 3(1)(a)(ii)(B)"


@pytest.mark.parametrize(
    ("line", "num", "num_value"),
    [
        ("Article 14 bis", "14 bis", "14bis"),
        ("Article 14bis", "14bis", "14bis"),
        ("Artículo 14 bis", "14 bis", "14bis"),
        ("Article 26-1", "26-1", "26-1"),
        ("ARTICULO 12º", "12º", "12"),
        ("Art. 12.", "12", "12"),
    ],
)
def test_article_numbers(line: str, num: str, num_value: str) -> None:
    doc = parse(f"{line}\nThe victim is not punishable.\n")
    (art,) = doc.provisions
    assert (art.kind, art.num_value, art.intro) == (
        "article",
        num_value,
        "The victim is not punishable.",
    )
    assert art.num is not None and art.num.replace("º", "") == num.replace("º", "")
    assert art.heading is None


def test_section_number_with_letter() -> None:
    doc = parse("45 Defence\n(1) A person is not guilty.\n45A Guidance\nGuidance may be issued.\n")
    assert [(p.num, p.num_value, p.sid) for p in doc.provisions] == [
        ("45", "45", "sec_45"),
        ("45A", "45A", "sec_45A"),
    ]
    assert doc.find_citation("section 45A") is doc.provisions[1]


def test_us_section_with_hyphenated_number() -> None:
    text = (
        "§ 12-405. Vacatur of convictions.\n(a) A court shall vacate a conviction if—\n"
        "(1) the defendant was a victim; and\n(2) the offence was a result of trafficking.\n"
    )
    doc = parse(text)
    assert tuple(project_node(p) for p in doc.provisions) == (
        N(
            "section",
            "12-405",
            "",
            N(
                "subsection",
                "a",
                "A court shall vacate a conviction if—",
                N("paragraph", "1", "the defendant was a victim; and"),
                N("paragraph", "2", "the offence was a result of trafficking."),
            ),
            heading="Vacatur of convictions",
        ),
    )
    assert doc.provisions[0].children[0].citation == "§ 12-405(a)"
    assert doc.find_citation("§ 12-405(a)(2)") is doc.provisions[0].children[0].children[1]


def test_us_levels_down_to_subclause() -> None:
    text = (
        "Sec. 7. Protections\n(a) Victims shall—\n(1) not be detained—\n(A) in a prison—\n"
        "(i) for any offence—\n(I) committed while trafficked; or\n(II) related to entry.\n"
    )
    (sec,) = shape(text)
    kinds = []
    node = sec
    while node.children:
        node = node.children[0]
        kinds.append((node.kind, node.num))
    assert kinds == [
        ("subsection", "a"),
        ("paragraph", "1"),
        ("subparagraph", "A"),
        ("clause", "i"),
        ("subclause", "I"),
    ]
    assert sec.heading == "Protections"


def test_us_letter_i_after_h() -> None:
    subsections = "".join(f"({c}) Rule {c}.\n" for c in "abcdefghi")
    (sec,) = shape("§ 3. Rules.\n" + subsections)
    assert [(c.kind, c.num) for c in sec.children] == [("subsection", c) for c in "abcdefghi"]


# --- Civil law -------------------------------------------------------------------------


def test_civil_numbered_paragraphs_and_points() -> None:
    text = (
        "Article 8 — Non-punishment\n1. Victims shall not be punished.\n"
        "2) The prosecutor may decline to prosecute where:\n"
        "a) the victim was compelled;\nb) the act was a direct consequence—\n"
        "i) of trafficking; or\nii) of exploitation.\n"
    )
    doc = parse(text)
    assert tuple(project_node(p) for p in doc.provisions) == (
        N(
            "article",
            "8",
            "",
            N("paragraph", "1", "Victims shall not be punished."),
            N(
                "paragraph",
                "2",
                "The prosecutor may decline to prosecute where:",
                N("point", "a", "the victim was compelled;"),
                N(
                    "point",
                    "b",
                    "the act was a direct consequence—",
                    N("subpoint", "i", "of trafficking; or"),
                    N("subpoint", "ii", "of exploitation."),
                ),
            ),
            heading="Non-punishment",
        ),
    )
    assert doc.provisions[0].children[0].citation == "art. 8(1)"


@pytest.mark.parametrize(
    "line",
    ["Artículo 5. No punibilidad.", "ARTICULO 5º— No punibilidad", "Article 5 - No punibilidad"],
)
def test_civil_rubric(line: str) -> None:
    (art,) = shape(f"{line}\nLas víctimas no son punibles.\n")
    assert art == N("article", "5", "Las víctimas no son punibles.", heading="No punibilidad")


def test_article_bis_citation() -> None:
    doc = parse("Article 26 bis\n1. First.\n2. Second.\n")
    second = doc.provisions[0].children[1]
    assert doc.find_citation("art. 26 bis(2)") is second
    assert doc.find_citation("article 26bis(2)") is second


# --- Containers ------------------------------------------------------------------------


def test_roman_and_arabic_containers_nest_by_first_appearance() -> None:
    text = (
        "PART II — Victims\nCHAPTER 3\nSupport for victims\n7 Assistance\nHelp is given.\n"
        "CHAPTER 4: Records\n8 Vacatur\nRecords are cleared.\n"
        "PART III\nGeneral\nCHAPTER 5\n9 Commencement\nThis Act comes into force.\n"
    )
    doc = parse(text)
    assert tuple(project_node(p) for p in doc.provisions) == (
        N(
            "part",
            "2",
            "",
            N(
                "chapter",
                "3",
                "",
                N("section", "7", "Help is given.", heading="Assistance"),
                heading="Support for victims",
            ),
            N(
                "chapter",
                "4",
                "",
                N("section", "8", "Records are cleared.", heading="Vacatur"),
                heading="Records",
            ),
            heading="Victims",
        ),
        N(
            "part",
            "3",
            "",
            N(
                "chapter",
                "5",
                "",
                N("section", "9", "This Act comes into force.", heading="Commencement"),
            ),
            heading="General",
        ),
    )
    assert doc.provisions[0].num == "II"
    sec = doc.provisions[0].children[0].children[0]
    assert sec.sid == "sec_7"
    assert sec.eid.startswith(doc.provisions[0].eid + "__") and sec.eid.endswith("__sec_7")


def test_part_with_arabic_number_eid() -> None:
    doc = parse("PART 5 — Protection of victims\n45 Defence\n(1) A person is not guilty.\n")
    sub = doc.provisions[0].children[0].children[0]
    assert (sub.eid, sub.sid, sub.citation) == (
        "part_5__sec_45__subsec_1",
        "sec_45__subsec_1",
        "s. 45(1)",
    )


def test_spanish_title_and_chapter() -> None:
    text = (
        "TITULO I\nDISPOSICIONES GENERALES\nCapítulo II — De las víctimas\n"
        "Artículo 5. No punibilidad.\nLas víctimas no son punibles.\n"
    )
    (title,) = shape(text)
    assert title == N(
        "title",
        "1",
        "",
        N(
            "chapter",
            "2",
            "",
            N("article", "5", "Las víctimas no son punibles.", heading="No punibilidad"),
            heading="De las víctimas",
        ),
        heading="DISPOSICIONES GENERALES",
    )


# --- Definitions, Schedules ------------------------------------------------------------


def test_definitions_list_is_kept_in_its_section() -> None:
    text = (
        "56 Interpretation\nIn this Act—\n“victim” means a person who has been trafficked;\n"
        "“exploitation” includes forced labour and servitude.\n"
        "57 Extent\nThis Act extends to all.\n"
    )
    doc = parse(text)
    assert [p.num_value for p in doc.provisions] == ["56", "57"]
    interp = doc.provisions[0]
    assert interp.heading == "Interpretation"
    assert interp.intro.startswith("In this Act—")
    words = own_words(interp)
    assert words.count("“victim” means a person who has been trafficked;") == 1
    assert words.count("“exploitation” includes forced labour and servitude.") == 1
    assert doc.provisions[1].intro == "This Act extends to all."


def test_schedule_with_numbered_paragraphs() -> None:
    text = (
        "1 Exclusions\nSection 45 does not apply to an offence listed in Schedule 4.\n"
        "SCHEDULE 4\nOffences to which the defence does not apply\n"
        "1 An offence of murder.\n2 An offence of manslaughter.\n"
        "3 An offence under—\n(a) section 1 of the Theft Act;\n(b) section 2 of that Act.\n"
    )
    doc = parse(text)
    sec, sch = doc.provisions
    assert sec.kind == "section"
    assert (sch.kind, sch.num_value, sch.heading) == (
        "schedule",
        "4",
        "Offences to which the defence does not apply",
    )
    assert [(p.kind, p.num_value, p.intro) for p in sch.children] == [
        ("paragraph", "1", "An offence of murder."),
        ("paragraph", "2", "An offence of manslaughter."),
        ("paragraph", "3", "An offence under—"),
    ]
    assert [(p.num_value, p.intro) for p in sch.children[2].children] == [
        ("a", "section 1 of the Theft Act;"),
        ("b", "section 2 of that Act."),
    ]
    assert sch.children[2].citation == "Sch. 4 para 3"
    assert doc.find_citation("Schedule 4 paragraph 3") is sch.children[2]


def test_schedule_heading_on_same_line() -> None:
    doc = parse("Schedule 2 — Offences\n1. Murder.\n2. Torture.\n")
    (sch,) = doc.provisions
    assert (sch.kind, sch.num_value, sch.heading) == ("schedule", "2", "Offences")
    assert [p.citation for p in sch.children] == ["Sch. 2 para 1", "Sch. 2 para 2"]


# --- Text layout -----------------------------------------------------------------------


def test_wrapped_lines_and_dehyphenation() -> None:
    text = (
        "45 Defence\n(1) A person is not guilty of an offence if the person does\n"
        "that act because the person is a victim of traf-\nficking in persons.\n"
    )
    (sec,) = shape(text)
    assert sec.children[0].intro == (
        "A person is not guilty of an offence if the person does that act because the "
        "person is a victim of trafficking in persons."
    )


@pytest.mark.parametrize("lead", ["—", "-", ":", " -", " —"])
def test_lead_in_and_closing_words(lead: str) -> None:
    text = (
        f"45 Defence\n(1) A person is not guilty of an offence if{lead}\n"
        "(a) the person is a victim of trafficking,\n(b) the person was compelled, and\n"
        "(c) the act was unlawful,\ncommitted as a direct consequence of being a victim.\n"
        "(2) Subsection (1) applies to children.\n"
    )
    (sec,) = shape(text)
    assert sec.children == (
        N(
            "subsection",
            "1",
            f"A person is not guilty of an offence if{lead}",
            N("paragraph", "a", "the person is a victim of trafficking,"),
            N("paragraph", "b", "the person was compelled, and"),
            N("paragraph", "c", "the act was unlawful,"),
            wrapup="committed as a direct consequence of being a victim.",
        ),
        N("subsection", "2", "Subsection (1) applies to children."),
    )


def test_text_before_the_first_section_is_preamble() -> None:
    text = (
        "Victims Protection Act 2024\n\nAn Act to protect victims of trafficking.\n\n"
        "1 Short title\nThis Act may be cited as the Victims Protection Act 2024.\n"
    )
    doc = parse(text)
    assert " ".join(s.text for s in doc.preamble) == (
        "Victims Protection Act 2024 An Act to protect victims of trafficking."
    )
    assert doc.title is not None and doc.title.startswith("Victims Protection Act 2024")
    assert [p.num_value for p in doc.provisions] == ["1"]
    assert doc.provisions[0].heading == "Short title"


@pytest.mark.parametrize(
    "odd",
    ["[a] an item in square brackets;", "• a bulleted item;", "*** Text omitted ***"],
)
def test_unknown_numbering_is_kept_as_text(odd: str) -> None:
    text = f"12 Heading\n(1) A person is protected—\n{odd}\n(2) Nothing else changes.\n"
    doc = parse(text)
    (sec,) = doc.provisions
    assert [c.num_value for c in sec.children] == ["1", "2"]
    assert odd in sec.children[0].text
    assert sec.children[1].intro == "Nothing else changes."


# --- Regressions found by the round trip and the corpus (issue 2) ----------------------


def test_run_together_heading_and_first_subsection() -> None:
    text = (
        "3. Non-liability.—(1) A victim is not liable.\n(2) Subsection (1) applies to all.\n"
        "4. Short title.—This Act is the Victims Act.\n"
        "5.—(1) The Director may discontinue.\n(2) The Director shall consider.\n"
        "6.Records.—A conviction shall be set aside.\n"
    )
    doc = parse(text)
    assert tuple(project_node(p) for p in doc.provisions) == (
        N(
            "section",
            "3",
            "",
            N("subsection", "1", "A victim is not liable."),
            N("subsection", "2", "Subsection (1) applies to all."),
            heading="Non-liability",
        ),
        N("section", "4", "This Act is the Victims Act.", heading="Short title"),
        N(
            "section",
            "5",
            "",
            N("subsection", "1", "The Director may discontinue."),
            N("subsection", "2", "The Director shall consider."),
        ),
        N("section", "6", "A conviction shall be set aside.", heading="Records"),
    )


def test_wrap_up_after_a_wrapped_last_item() -> None:
    text = (
        "4 Offences\n(1) A victim is not liable for—\n(a) unlawful entry; or\n"
        "(b) the use of false travel\ndocuments,\nwhere the act was connected with trafficking.\n"
        "(2) This applies to children.\n"
    )
    (sec,) = shape(text)
    assert sec.children[0] == N(
        "subsection",
        "1",
        "A victim is not liable for—",
        N("paragraph", "a", "unlawful entry; or"),
        N("paragraph", "b", "the use of false travel documents,"),
        wrapup="where the act was connected with trafficking.",
    )


def test_comma_at_a_line_end_inside_an_item_is_not_a_wrap_up() -> None:
    # the next label is the item's successor, so the list goes on
    text = "4 Offences\n(1) A victim is not liable for—\n(a) entry,\nwhere unlawful;\n(b) stay.\n"
    (sec,) = shape(text)
    assert [c.intro for c in sec.children[0].children] == ["entry, where unlawful;", "stay."]
    assert sec.children[0].wrapup == ""


def test_structure_after_an_item_ending_in_and() -> None:
    text = (
        "Article 1 — Scope\n1. It applies—\na) to victims; and\nArticle 2 — Effect\nNo penalty.\n"
    )
    assert [p.num_value for p in parse(text).provisions] == ["1", "2"]
    text = "§ 5. Defence.\n(a) It applies—\n(1) to victims;\nand\n§ 6. Effect.\nNo penalty.\n"
    doc = parse(text)
    assert [p.num_value for p in doc.provisions] == ["5", "6"]
    assert doc.provisions[0].children[0].children[0].intro == "to victims; and"


def test_heading_line_after_an_item_ending_in_a_comma() -> None:
    text = "Defence\n2\n(1) It applies—\n(a) to victims,\nRecords\n3\nNo penalty.\n"
    doc = parse(text)
    assert [(p.num_value, p.heading) for p in doc.provisions] == [
        ("2", "Defence"),
        ("3", "Records"),
    ]


def test_i_after_a_lead_in_h_is_a_subparagraph_even_without_ii() -> None:
    text = (
        "7 Lists\n(1) The items are—\n"
        + _NINE.replace("(h) item h;", "(h) item h, namely—")
        + "(i) first sub—\n(A) a clause;\n(ii) second sub;\n(2) End.\n"
    )
    (sec,) = shape(text)
    h = sec.children[0].children[7]
    assert [(c.kind, c.num) for c in h.children] == [("subparagraph", "i"), ("subparagraph", "ii")]
    assert h.children[0].children == (N("clause", "A", "a clause;"),)


def test_us_i_after_a_lead_in_capital_is_a_clause() -> None:
    text = (
        "§ 2. Defence.\n"
        + "".join(f"({c}) Rule {c};\n" for c in "abcdefg")
        + "(h) Rule h—\n(1) a paragraph—\n(A) first;\n(B) second—\n(i) a clause.\n"
    )
    (sec,) = shape(text)
    b = sec.children[7].children[0].children[1]
    assert b.children == (N("clause", "i", "a clause."),)


def test_civil_container_heading_before_an_article() -> None:
    (title,) = shape("TITULO I\nCHAPTER I\nDefence\nArticle 1\nCooperation status.\n")
    chapter = title.children[0]
    assert (chapter.heading, chapter.intro) == ("Defence", "")


def test_decimal_section_number_keeps_its_dot() -> None:
    doc = parse("943.0583 Expunction.\n(1) A person may petition.\n")
    (sec,) = doc.provisions
    assert (sec.num, sec.num_value, sec.eid, sec.citation) == (
        "943.0583",
        "943.0583",
        "sec_943-0583",
        "s. 943.0583",
    )


def test_a_sentence_starting_with_a_section_reference_is_text() -> None:
    doc = parse("1 Exclusions\nSection 45 does not apply to murder.\n")
    (sec,) = doc.provisions
    assert (sec.num_value, sec.heading, sec.intro) == (
        "1",
        "Exclusions",
        "Section 45 does not apply to murder.",
    )


def test_repeal_note_is_not_a_rubric_and_brackets_run_on() -> None:
    text = (
        "ARTICULO 3º— (Artículo derogado por art. 2° de la[Ley\n\n"
        "N° 26.842](http://example.org/ley)B.O. 27/12/2012)\n\n"
        "TITULO II\n\nGarantías\n\nmínimas para las víctimas\n\n"
        "ARTICULO 6º— El Estado garantiza derechos.\n"
    )
    art3, title = parse(text).provisions
    assert art3.heading is None
    assert art3.intro == (
        "(Artículo derogado por art. 2° de la[Ley N° 26.842](http://example.org/ley)"
        "B.O. 27/12/2012)"
    )
    assert title.heading == "Garantías mínimas para las víctimas"


def test_schedule_crossheading_over_bare_paragraph_numbers() -> None:
    text = (
        "SCHEDULE 4\n\nCommon law offences\n\n1\n\nFalse imprisonment.\n\n2\n\nKidnapping.\n\n"
        "Theft Act 1968 (c. 60)\n\n3\n\nAn offence under section 8 (robbery).\n"
    )
    (sch,) = parse(text).provisions
    assert [(p.num_value, p.heading, p.intro) for p in sch.children] == [
        ("1", None, "False imprisonment."),
        ("2", None, "Kidnapping."),
        ("3", None, "An offence under section 8 (robbery)."),
    ]
    heads = [[s.text for s in p.segments if s.role == "crossheading"] for p in sch.children]
    assert heads == [["Common law offences"], [], ["Theft Act 1968 (c. 60)"]]


def test_us_section_with_heading_on_the_line_before_is_cited_with_section_sign() -> None:
    doc = parse("Vacatur of convictions\n§ 5\n(a) A court shall vacate.\n")
    assert [p.citation for p in doc.walk()] == ["§ 5", "§ 5(a)"]


US_RUN_IN = """§ 7105. Protection and assistance for victims of trafficking

(c) Trafficking victim regulations Not later than 180 days after enactment, the Attorney
General shall promulgate regulations.

(1) Protections while in custody Victims of severe forms of trafficking shall not be
detained in facilities inappropriate to their status.

(2) In general If a Federal law enforcement official files an application, the victim may remain.

(3) Construction Nothing in subsection (c) shall be construed as creating a private cause of action.

(4) Federal Government officials shall receive training.

(5) The Secretary of State shall report.

(6) Any person who knowingly provides Federal funds commits an offense.

(7) In the case of Federal funds, the grant lapses.

(8) Victims who are provided Federal assistance shall be notified.

(9) Not later than October 28, 2000, the Attorney General shall report.
"""


def test_us_code_headings_run_on_into_the_text_are_split_from_it() -> None:
    # the US Code prints a heading and its text on one line with only a space between;
    # a sentence starting with a name, an article or a verb phrase keeps its words
    doc = parse(US_RUN_IN)
    got = {p.citation: (p.heading, " ".join(p.intro.split()[:2])) for p in doc.walk()}
    assert got == {
        "§ 7105": ("Protection and assistance for victims of trafficking", ""),
        "§ 7105(c)": ("Trafficking victim regulations", "Not later"),
        "§ 7105(c)(1)": ("Protections while in custody", "Victims of"),
        "§ 7105(c)(2)": ("In general", "If a"),
        "§ 7105(c)(3)": ("Construction", "Nothing in"),
        "§ 7105(c)(4)": (None, "Federal Government"),
        "§ 7105(c)(5)": (None, "The Secretary"),
        "§ 7105(c)(6)": (None, "Any person"),
        "§ 7105(c)(7)": (None, "In the"),
        "§ 7105(c)(8)": (None, "Victims who"),
        "§ 7105(c)(9)": (None, "Not later"),
    }
    check_lossless(doc, US_RUN_IN)
    # Commonwealth text keeps such words: the split is for the US Code's layout only
    cw = parse("12. Offences\n(1) Protections while in custody Victims shall not be detained.\n")
    assert [p.heading for p in cw.walk()] == ["Offences", None]


def test_schedule_paragraph_subdivisions_use_schedule_terms() -> None:
    # in a Schedule, "2" is a paragraph, "2(1)" a sub-paragraph, "2(1)(a)" a paragraph
    doc = parse(
        "1. Short title.\n\nSCHEDULE 3\nEXCLUDED OFFENCES\n\n1. Murder.\n"
        "2. (1) An offence under section 4 of the Firearms Act.\n"
        "(2) An offence under section 5 of that Act—\n(a) possession of a firearm;\n"
        "(b) sale of a firearm.\n"
    )
    got = [(p.eid, p.kind, p.citation) for p in doc.walk()][2:]
    assert got == [
        ("sch_3__para_1", "paragraph", "Sch. 3 para 1"),
        ("sch_3__para_2", "paragraph", "Sch. 3 para 2"),
        ("sch_3__para_2__subpara_1", "subparagraph", "Sch. 3 para 2(1)"),
        ("sch_3__para_2__subpara_2", "subparagraph", "Sch. 3 para 2(2)"),
        ("sch_3__para_2__subpara_2__para_a", "paragraph", "Sch. 3 para 2(2)(a)"),
        ("sch_3__para_2__subpara_2__para_b", "paragraph", "Sch. 3 para 2(2)(b)"),
    ]
    assert doc.find_citation("Sch. 3 para 2(2)(b)") is doc.find("sch_3__para_2__subpara_2__para_b")


def test_french_first_article_is_found_as_article_1() -> None:
    doc = parse("Article 1er\nLa présente loi.\nArticle 2\n1° Le texte.\n")
    first = doc.provisions[0]
    assert first.citation == "art. 1er" and first.eid == "art_1"
    assert doc.find_citation("article 1") is first
    assert doc.find_citation("art. 1er") is first
    assert doc.find_citation("article 12") is None


def test_article_title_on_the_line_under_its_number() -> None:
    # EU / civil-law layout: "Article 8", its title, then the text
    doc = parse(
        "Article 1\nSubject matter\n\nThis Directive establishes minimum rules.\n\n"
        "Article 8\nNon-prosecution of victims\nMember States shall take measures.\n\n"
        "Article 9\nMember States shall ensure that the\nfollowing applies.\n\n"
        "Article 10\nRepealed\n\nArticle 11\nText.\n"
    )
    got = [(p.citation, p.heading, p.intro) for p in doc.provisions]
    assert got == [
        ("art. 1", "Subject matter", "This Directive establishes minimum rules."),
        ("art. 8", "Non-prosecution of victims", "Member States shall take measures."),
        ("art. 9", None, "Member States shall ensure that the following applies."),
        ("art. 10", None, "Repealed"),
        ("art. 11", None, "Text."),
    ]
