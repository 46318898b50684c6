"""THRIVE+ completeness: a grade waits until every dimension has its answers and a rationale."""

from __future__ import annotations

from wmp_tui.domain.facts import Facts
from wmp_tui.domain.questions import QuestionBank
from wmp_tui.domain.thrive import (
    Dimension,
    Missing,
    ThriveAssessment,
    assessment_from_facts,
    facts_of,
)
from wmp_tui.domain.vocabulary import IncidentType
from wmp_tui.files.resources import policy_path

RATIONALES = {d: f"{d.label}: judged on what the caller said." for d in Dimension}


def test_the_seven_dimensions_in_order() -> None:
    assert [d.value for d in Dimension] == [
        "threat",
        "harm",
        "risk",
        "investigation",
        "vulnerability",
        "engagement",
        "prevention",
    ]
    assert Dimension.PREVENTION.label == "Prevention and intervention"
    assert all(d.prompt.endswith("?") for d in Dimension)


def test_an_empty_assessment_misses_answers_and_a_rationale_everywhere() -> None:
    missing = ThriveAssessment().missing()
    assert len(missing) == 14
    assert missing[0] == Missing(dimension=Dimension.THREAT, what="no answers yet")
    assert str(missing[1]) == "Threat: no rationale: say briefly why you judged so"
    assert {m.dimension for m in missing} == set(Dimension)


def test_facts_given_whole_with_every_rationale_are_complete() -> None:
    assessment = assessment_from_facts(Facts(), RATIONALES)
    assert assessment.is_complete()
    assert assessment.answered[Dimension.RISK] == facts_of(Dimension.RISK)
    assert "risk.dash_risk" in facts_of(Dimension.RISK)


def test_exactly_the_missing_rationale_is_named() -> None:
    rationales = {**RATIONALES, Dimension.HARM: "   "}
    del rationales[Dimension.ENGAGEMENT]
    missing = assessment_from_facts(Facts(), rationales).missing()
    assert [(m.dimension, m.what.split(":")[0]) for m in missing] == [
        (Dimension.HARM, "no rationale"),
        (Dimension.ENGAGEMENT, "no rationale"),
    ]


def test_rationales_may_be_keyed_by_plain_words() -> None:
    words = {d.value: text for d, text in RATIONALES.items()}
    assert assessment_from_facts(Facts(), words).is_complete()


def test_with_the_questions_asked_each_unanswered_one_is_named() -> None:
    bank = QuestionBank.from_toml(policy_path("questions.toml").read_text(encoding="utf-8"))
    asked = bank.asked(IncidentType.RTC)
    answered = {d: [q.id for q in asked if q.dimension is d] for d in Dimension}
    answered[Dimension.RISK].remove("rtc.blocked")
    assessment = assessment_from_facts(Facts(), RATIONALES, answered)
    assert assessment.missing(asked) == (
        Missing(dimension=Dimension.RISK, what="no answer to: Is the road blocked?"),
    )
    answered[Dimension.RISK].append("rtc.blocked")
    assert assessment_from_facts(Facts(), RATIONALES, answered).is_complete(asked)


def test_an_optional_question_may_be_skipped() -> None:
    bank = QuestionBank.from_toml(policy_path("questions.toml").read_text(encoding="utf-8"))
    asked = bank.asked(IncidentType.THEFT)
    assert "engagement.reassurance" not in {q.id for q in asked}
    assert "engagement.reassurance" in {q.id for q in bank.for_call(IncidentType.THEFT)}
