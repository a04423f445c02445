"""Properties of the engine (Hypothesis): what must not change a status, and which way
additions may move one.

Documents are built by hand (`test_engine.build`) from a pool of real-looking clauses —
protective, deficient, neutral and decoy — so the properties are tested on the matcher
and scorer themselves.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from npgap.pipeline import assess
from test_engine import DECOYS, N, build, sched

RANK = {"met": 0, "partial": 1, "missing": 2}

POOL = [
    "A person who is a victim of trafficking shall not be prosecuted for an offence "
    "committed as a direct consequence of the person being a victim of trafficking.",
    "A victim of trafficking is not guilty of an offence if the person was compelled to "
    "do the act and the compulsion is attributable to slavery.",
    "A child victim of trafficking shall not be punished for prostitution or begging.",
    "The prosecutor may decline to prosecute a victim of trafficking where appropriate.",
    "Subsection (1) does not apply to an offence listed in Schedule 2.",
    "Subsection (1) applies only if the victim cooperates with the authorities and "
    "testifies in the proceedings.",
    "A victim of trafficking shall not be detained in facilities inappropriate to their "
    "status, to the extent practicable.",
    "A court may vacate a conviction for prostitution of a victim of trafficking on a "
    "motion made with due diligence.",
    "The Minister may make regulations for the purposes of this Act.",
    *DECOYS,
]

COMPLIANT = [
    "A victim of trafficking shall not be arrested, detained, charged, prosecuted, or held "
    "criminally, civilly or administratively liable or punished, for any offence or other "
    "unlawful act, whatever its gravity, committed as a direct consequence of the person's "
    "situation as a victim of trafficking.",
    "This section applies as soon as there are reasonable grounds to believe that the "
    "person is a victim of trafficking, without formal identification, and at every stage, "
    "including investigation, prosecution, trial and sentencing.",
    "This section applies irrespective of whether the person cooperates with the "
    "authorities or gives evidence.",
]

DEFICIENCIES = [
    "This section does not apply to an offence listed in Schedule 2.",
    "This section applies only if the victim cooperates with the authorities and testifies.",
    "This section does not apply to an offence punishable by imprisonment for 10 years or more.",
    "This section applies only where the victim has been recognised as a victim by a final "
    "decision of the competent authority.",
]

sections = st.lists(st.lists(st.sampled_from(POOL), min_size=1, max_size=4), min_size=1, max_size=3)


def _doc(secs: list[list[str]], numbers: list[str] | None = None, extra: list[N] = ()) -> object:
    nums = numbers or [str(10 + i) for i in range(len(secs))]
    nodes = [
        N(
            "section",
            nums[i],
            "",
            tuple(N("subsection", str(j + 1), t) for j, t in enumerate(texts)),
            "Provision",
        )
        for i, texts in enumerate(secs)
    ]
    return build([*nodes, *extra, sched("2", "Murder.", "Rape.")])


def _statuses(doc: object) -> dict[str, str]:
    return assess(doc).statuses()  # type: ignore[arg-type]


WS = st.sampled_from([" ", "  ", "\t", "\n", "\r\n", " \n  "])


@settings(max_examples=50, deadline=None)
@given(secs=sections, data=st.data())
def test_whitespace_and_line_endings_do_not_change_statuses(
    secs: list[list[str]], data: st.DataObject
) -> None:
    def spread(text: str) -> str:
        words = text.split(" ")
        seps = data.draw(st.lists(WS, min_size=len(words) - 1, max_size=len(words) - 1))
        return words[0] + "".join(s + w for s, w in zip(seps, words[1:], strict=True))

    spaced = [[spread(t) for t in texts] for texts in secs]
    assert _statuses(_doc(spaced)) == _statuses(_doc(secs))


@settings(max_examples=50, deadline=None)
@given(secs=sections, offset=st.integers(1, 400), sched_no=st.integers(3, 40))
def test_renumbering_does_not_change_statuses(
    secs: list[list[str]], offset: int, sched_no: int
) -> None:
    before = _statuses(_doc(secs))
    nums = [f"{offset + i}{'A' if offset % 2 else ''}" for i in range(len(secs))]
    renumbered = [[re.sub(r"Schedule 2", f"Schedule {sched_no}", t) for t in s] for s in secs]
    nodes = [
        N(
            "section",
            nums[i],
            "",
            tuple(N("subsection", str(j + 1), t) for j, t in enumerate(texts)),
            "Provision",
        )
        for i, texts in enumerate(renumbered)
    ]
    after = _statuses(build([*nodes, sched(str(sched_no), "Murder.", "Rape.")]))
    assert after == before


@settings(max_examples=50, deadline=None)
@given(secs=sections)
def test_appending_a_compliant_provision_never_lowers_a_status(secs: list[list[str]]) -> None:
    before = _statuses(_doc(secs))
    compliant = N(
        "section",
        "99",
        "",
        tuple(N("subsection", str(j + 1), t) for j, t in enumerate(COMPLIANT)),
        "Non-punishment",
    )
    after = _statuses(_doc(secs, extra=[compliant]))
    for rid, st_before in before.items():
        assert RANK[after[rid]] <= RANK[st_before], (rid, st_before, after[rid])


@settings(max_examples=50, deadline=None)
@given(secs=sections, deficiency=st.sampled_from(DEFICIENCIES), where=st.integers(0, 2))
def test_appending_a_deficiency_never_raises_a_status(
    secs: list[list[str]], deficiency: str, where: int
) -> None:
    before = _statuses(_doc(secs))
    k = where % len(secs)
    worse = [list(s) for s in secs]
    worse[k].append(deficiency)
    after = _statuses(_doc(worse))
    for rid, st_before in before.items():
        assert RANK[after[rid]] >= RANK[st_before], (rid, st_before, after[rid])


# --------------------------------------------------------------------------------------
# The same properties on statute *text*, through the real parser (npgap.parse): what a
# user feeds the tool. A statute is drawn as Parts holding sections of subsections taken
# from the pools above, then rendered in one drafting style; each property changes the
# text the way a drafter or a copy would and compares the statuses.

TITLE = (
    "Victims of Trafficking Act 2025\n\nAn Act about the protection of victims of trafficking.\n"
)
HEADINGS = ["Protection of victims", "Miscellaneous", "Proceedings", "General provisions"]
SCHEDULE = "SCHEDULE {n}\nEXCLUDED OFFENCES\n1. Murder.\n2. Rape.\n"

#: Parts of sections of subsection texts.
statutes = st.lists(
    st.lists(st.lists(st.sampled_from(POOL), min_size=1, max_size=3), min_size=1, max_size=2),
    min_size=1,
    max_size=3,
)


def render(
    parts: list[list[list[str]]],
    *,
    first: int = 1,
    suffix: str = "",
    schedule: int = 2,
    eol: str = "\n",
) -> str:
    """Statute text: title, PART n / heading, `N. Heading` sections numbered from `first`
    (with `suffix`, e.g. 12A), `(k)` subsections, and the exclusion schedule."""
    out = [TITLE]
    number = first
    for p, sections in enumerate(parts, start=1):
        out.append(f"PART {p}\nPART HEADING {p}\n")
        for texts in sections:
            body = "\n".join(
                f"({k}) " + t.replace("Schedule 2", f"Schedule {schedule}")
                for k, t in enumerate(texts, start=1)
            )
            out.append(f"{number}{suffix}. {HEADINGS[number % len(HEADINGS)]}\n{body}\n")
            number += 1
    out.append(SCHEDULE.format(n=schedule))
    return eol.join("\n".join(out).split("\n"))


def _text_statuses(text: str) -> dict[str, str]:
    return assess(text).statuses()


@settings(max_examples=30, deadline=None)
@given(
    parts=statutes,
    first=st.integers(1, 300),
    suffix=st.sampled_from(["", "A", "B"]),
    schedule=st.integers(3, 40),
)
def test_text_renumbering_does_not_change_statuses(
    parts: list[list[list[str]]], first: int, suffix: str, schedule: int
) -> None:
    before = _text_statuses(render(parts))
    assert _text_statuses(render(parts, first=first, suffix=suffix, schedule=schedule)) == before


@settings(max_examples=30, deadline=None)
@given(parts=statutes, data=st.data())
def test_text_whitespace_and_line_endings_do_not_change_statuses(
    parts: list[list[list[str]]], data: st.DataObject
) -> None:
    text = render(parts)
    eol = data.draw(st.sampled_from(["\n", "\r\n"]))
    lines = []
    for line in text.split("\n"):
        spaced = line.replace(" ", data.draw(st.sampled_from([" ", "  ", " \t"])))
        words = spaced.split(" ")
        # wrap a long line before a lower-case word (never before a label such as "(2)")
        cut = data.draw(st.integers(0, max(len(words) - 1, 0)))
        if 0 < cut < len(words) and words[cut][:1].islower():
            spaced = " ".join(words[:cut]) + "\n   " + " ".join(words[cut:])
        lines.append(spaced + data.draw(st.sampled_from(["", " ", "\t"])))
    changed = eol.join("\n".join(lines).split("\n")) + eol
    assert _text_statuses(changed) == _text_statuses(text)


@settings(max_examples=30, deadline=None)
@given(parts=statutes, to=st.integers(0, 5))
def test_text_moving_the_protection_to_another_part_does_not_change_statuses(
    parts: list[list[list[str]]], to: int
) -> None:
    protection = [
        COMPLIANT[0],
        "Subsection (1) does not apply to an offence listed in Schedule 2.",
    ]
    own_part_first = [[protection], *parts]
    own_part_last = [*parts, [protection]]
    k = to % len(parts)
    in_part_k = [list(p) for p in parts]
    in_part_k[k] = [*in_part_k[k], protection]
    before = _text_statuses(render(own_part_first))
    assert _text_statuses(render(own_part_last)) == before
    assert _text_statuses(render(in_part_k)) == before


@settings(max_examples=30, deadline=None)
@given(parts=statutes)
def test_text_appending_a_compliant_provision_never_lowers_a_status(
    parts: list[list[list[str]]],
) -> None:
    before = _text_statuses(render(parts))
    after = _text_statuses(render([*parts, [COMPLIANT]]))
    for rid, st_before in before.items():
        assert RANK[after[rid]] <= RANK[st_before], (rid, st_before, after[rid])


@settings(max_examples=30, deadline=None)
@given(parts=statutes, deficiency=st.sampled_from(DEFICIENCIES), where=st.integers(0, 5))
def test_text_adding_a_deficiency_never_raises_a_status(
    parts: list[list[list[str]]], deficiency: str, where: int
) -> None:
    before = _text_statuses(render(parts))
    worse = [[list(s) for s in p] for p in parts]
    p = worse[where % len(worse)]
    p[where % len(p)].append(deficiency)
    after = _text_statuses(render(worse))
    for rid, st_before in before.items():
        assert RANK[after[rid]] >= RANK[st_before], (rid, st_before, after[rid])


@settings(max_examples=30, deadline=None)
@given(
    parts=statutes,
    decoys=st.lists(st.sampled_from(DECOYS), min_size=1, max_size=3),
    where=st.integers(0, 5),
)
def test_text_inserting_decoys_changes_nothing(
    parts: list[list[list[str]]], decoys: list[str], where: int
) -> None:
    base = [[COMPLIANT[:1], *p] for p in parts[:1]] + parts[1:]
    before = _text_statuses(render(base))
    with_decoys = [list(p) for p in base]
    k = where % len(with_decoys)
    with_decoys[k] = [*with_decoys[k], decoys]
    assert _text_statuses(render(with_decoys)) == before


@settings(max_examples=15, deadline=None)
@given(parts=statutes)
def test_text_json_is_byte_identical_across_runs(parts: list[list[list[str]]]) -> None:
    text = render(parts)
    first = assess(text, path="bill.txt").to_json()
    assert assess(text, path="bill.txt").to_json() == first
    assert assess(text.encode("utf-8"), path="bill.txt").to_json() == first
