"""The statute grammar is conflict-free LALR and loads from the checkout and the wheel."""

from __future__ import annotations

from lark import Lark

from npgap.grammar_files import grammar_text
from npgap.parser import _RecordLexer, build_parser


def test_statute_grammar_builds_under_strict_mode() -> None:
    # strict=True turns any shift/reduce conflict into an error instead of a silent choice
    parser = Lark(grammar_text("statute.lark"), parser="lalr", lexer=_RecordLexer, strict=True)
    assert parser.options.parser == "lalr"


def test_section_after_a_sub_container_belongs_to_it() -> None:
    # the old grammar let a SECTION after "Part 1 / Chapter 1" close the chapter or stay
    # in it (a silent LALR shift); now a container holds its sections, then sub-containers
    import npgap

    doc = npgap.parse(
        "PART 1\nCHAPTER 1\n1 First\nText one.\n2 Second\nText two.\n"
        "PART 2\n3 Third\n(1) Text three.\nSCHEDULE 1\n1 Murder.\n"
    )
    assert [(p.citation, p.eid) for p in doc.walk()] == [
        ("Part 1", "part_1"),
        ("Chapter 1", "part_1__chp_1"),
        ("s. 1", "part_1__chp_1__sec_1"),
        ("s. 2", "part_1__chp_1__sec_2"),
        ("Part 2", "part_2"),
        ("s. 3", "part_2__sec_3"),
        ("s. 3(1)", "part_2__sec_3__subsec_1"),
        ("Sch. 1", "sch_1"),
        ("Sch. 1 para 1", "sch_1__para_1"),
    ]
    assert doc.notes == ()


def test_parser_is_built_once_per_process() -> None:
    assert build_parser() is build_parser()


def test_installed_package_parses_a_real_statute() -> None:
    import npgap

    doc = npgap.parse(b"Part 5 \xe2\x80\x94 Protection\n\n45\n\n(1) A person is not guilty.\n")
    assert [p.citation for p in doc.walk()] == ["Part 5", "s. 45", "s. 45(1)"]
