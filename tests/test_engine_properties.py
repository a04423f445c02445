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
