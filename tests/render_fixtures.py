"""Hand-built assessments for the renderer tests: awkward text on purpose.

Why hand-built: the renderers must be tested without the parser or the matcher, on
quotes holding quotes, `<`, `&`, non-ASCII and line breaks, and on every status.
"""

from __future__ import annotations

from npgap.findings import (
    Assessment,
    DocumentInfo,
    Evidence,
    Finding,
    GroupScore,
    Note,
    SourceRef,
)

__all__ = ["bill_assessment", "clean_assessment", "tricky_assessment"]

MLP = SourceRef("UNODC Model Legislative Provisions (2020)", "art. 13(1)", True)
SR = SourceRef("A/HRC/47/34", "para. 58 (b)", False)


def tricky_assessment() -> Assessment:
    """Three statuses, limits with patterns, nasty characters, multi-line quotes, evidence
    left out of a finding, and a note on how the document was read."""
    provision = Finding(
        requirement="NP-PROVISION",
        title="A specific non-punishment provision",
        status="met",
        severity="critical",
        group="A",
        evidence=(
            Evidence(
                role="supports",
                citation="s. 45(1)",
                eid="sec_45__subsec_1",
                line=12,
                end_line=14,
                column=5,
                end_column=40,
                quote='A person is not guilty of an offence if—\n(a) the person is a "victim" '
                "of slavery & <exploitation>, and",
            ),
        ),
        rationale="Section 45 bars liability for victims — adults and children.",
        recommendation=None,
        sources=(MLP,),
    )
    all_offences = Finding(
        requirement="NP-ALL-OFFENCES",
        title="Every offence, whatever its gravity",
        status="partial",
        severity="high",
        group="C",
        evidence=(
            Evidence(
                role="supports",
                citation="s. 45(1)",
                eid="sec_45__subsec_1",
                line=12,
                end_line=12,
                column=1,
                end_column=42,
                quote="A person is not guilty of an offence if—",
            ),
            Evidence(
                role="limits",
                citation="s. 45(7)",
                eid="sec_45__subsec_7",
                line=33,
                end_line=33,
                column=3,
                end_column=70,
                quote="Subsections (1) and (4) do not apply to an offence listed in Schedule 4.",
                pattern="DP-EXCLUSION-SCHEDULE",
            ),
        ),
        rationale='Excludes the offences of Schedule 4 ("serious" ones) — < 40 of them & more.',
        recommendation="Delete subsection (7), as MLP art. 13 admits no exclusion list.",
        sources=(MLP, SR),
        patterns=("DP-EXCLUSION-SCHEDULE",),
        omitted_supports=1,
        omitted_limits=38,
    )
    presumed = Finding(
        requirement="NP-PRESUMED",
        title="Presumed victims — sans identification formelle",
        status="missing",
        severity="high",
        group="B",
        evidence=(),
        rationale="Nothing in the Act protects a person before a conclusive finding.\n\n"
        "Second paragraph: São Tomé | pipes | and ‘quotes’.",
        recommendation='Add: "reasonable grounds to believe the person is a victim".',
        sources=(SR,),
    )
    return Assessment(
        npgap_version="0.1.0",
        document=DocumentInfo(
            path="corpora/uk/Modern Slavery Act & co.txt",
            sha256="ab" * 32,
            title="Modern Slavery Act 2015 <c. 30>",
            notes=(Note("not UTF-8: decoded as cp1252 (Windows-1252)", 1, 1),),
        ),
        framework_id="mlp2020-art13",
        framework_version="1.0",
        score=57.14285,
        groups=(
            GroupScore(
                "A", "Existence and force", 100.0, (("met", 1), ("partial", 0), ("missing", 0))
            ),
            GroupScore("B", "Whom it protects", 0.0, (("met", 0), ("partial", 0), ("missing", 1))),
            GroupScore("C", "What it covers", 50.04, (("met", 0), ("partial", 1), ("missing", 0))),
        ),
        findings=(provision, presumed, all_offences),
    )


def clean_assessment() -> Assessment:
    """A second document of the same framework, for comparisons; no path, default columns."""
    t = tricky_assessment()
    findings = tuple(
        Finding(
            requirement=f.requirement,
            title=f.title,
            status="met" if f.requirement != "NP-PRESUMED" else "partial",
            severity=f.severity,
            group=f.group,
            evidence=(
                Evidence("supports", "art. 26 bis(2)", "art_26bis__para_2", 7, 8, "Ne peut être…"),
            ),
            rationale="Article 26 bis covers it.",
            recommendation=None if f.requirement != "NP-PRESUMED" else "Say “presumed”.",
            sources=f.sources,
        )
        for f in t.findings
    )
    return Assessment(
        npgap_version="0.1.0",
        document=DocumentInfo(path=None, sha256="cd" * 32, title="Loi n° 2010-12"),
        framework_id="mlp2020-art13",
        framework_version="1.0",
        score=91.66,
        groups=t.groups,
        findings=findings,
    )


def bill_assessment(path: str = "/abs/bills/draft bill.txt") -> Assessment:
    """An absolute path and an evidence-less partial, for SARIF locations."""
    t = tricky_assessment()
    return Assessment(
        npgap_version="0.1.0",
        document=DocumentInfo(path=path, sha256="ef" * 32, title=None),
        framework_id="mlp2020-art13",
        framework_version="1.0",
        score=0.0,
        groups=(),
        findings=tuple(
            Finding(
                f.requirement,
                f.title,
                "partial",
                f.severity,
                f.group,
                (),
                "Unclear.",
                "Clarify.",
                (),
            )
            for f in t.findings
        ),
    )
