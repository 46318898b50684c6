"""The THRIVE+ question bank: plain words mapped to facts, context modules and the DASH screen."""

from __future__ import annotations

import pytest

from wmp_tui.domain.facts import Facts
from wmp_tui.domain.policy_file import PolicyError
from wmp_tui.domain.questions import (
    AnswerKind,
    AnswerRefused,
    QuestionBank,
    answer,
    apply_answer,
    apply_screen,
)
from wmp_tui.domain.rules import FACTS
from wmp_tui.domain.thrive import Dimension, ThriveAssessment
from wmp_tui.domain.vocabulary import DashRisk, IncidentType, Injury, VulnerabilityFlag
from wmp_tui.files.resources import policy_path

TEXT = policy_path("questions.toml").read_text(encoding="utf-8")
BANK = QuestionBank.from_toml(TEXT)


def edited(old: str, new: str) -> str:
    assert TEXT.count(old) == 1, old
    return TEXT.replace(old, new)


def refused(text: str) -> tuple[str, ...]:
    with pytest.raises(PolicyError) as error:
        QuestionBank.from_toml(text)
    return error.value.problems


def dash() -> object:
    (screen,) = BANK.screens_for(IncidentType.DOMESTIC_ABUSE)
    return screen


def test_every_dimension_has_core_questions_that_set_real_facts() -> None:
    assert {q.dimension for q in BANK.questions} == set(Dimension)
    for question in BANK.questions:
        assert question.sets in FACTS
        assert question.ask.strip()
        if question.kind in (AnswerKind.CHOICE, AnswerKind.MULTI):
            assert set(question.choices) <= set(FACTS[question.sets].choices)


def test_modules_are_chosen_by_incident_type() -> None:
    def module_ids(kind: IncidentType) -> list[str]:
        return [m.id for m in BANK.modules_for(kind)]

    assert module_ids(IncidentType.DOMESTIC_ABUSE) == ["domestic_abuse"]
    assert module_ids(IncidentType.MISSING_PERSON) == ["missing_person"]
    assert module_ids(IncidentType.MENTAL_HEALTH) == ["mental_health"]
    assert module_ids(IncidentType.ASB) == ["asb"]
    assert module_ids(IncidentType.RTC) == ["rtc"]
    assert module_ids(IncidentType.THEFT) == []
    rtc = {q.sets for q in BANK.for_call(IncidentType.RTC)} - {q.sets for q in BANK.questions}
    assert rtc == {"risk.road_blocked"}
    missing = [q for q in BANK.for_call(IncidentType.MISSING_PERSON) if q.module]
    # 2026.2 (DOMAIN.md §3): the APP's first questions come before the risk level.
    assert missing[-1].sets == "risk.missing_risk"
    assert missing[-1].choices == ("none", "low", "medium", "high")


def test_the_dash_screen_has_the_27_published_questions() -> None:
    screen = dash()
    assert len(screen.questions) == 27  # type: ignore[attr-defined]
    assert screen.sets == "risk.dash_risk"  # type: ignore[attr-defined]
    assert screen.levels == ("standard", "medium", "high")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("yes", "level"),
    [(0, "standard"), (9, "standard"), (10, "medium"), (13, "medium"), (14, "high"), (27, "high")],
)
def test_dash_is_scored_by_the_published_bands(yes: int, level: str) -> None:
    screen = dash()
    ids = [q.id for q in screen.questions]  # type: ignore[attr-defined]
    answers = {qid: i < yes for i, qid in enumerate(ids)}
    result = screen.score(answers)  # type: ignore[attr-defined]
    assert (result.yes, result.scored, result.level) == (yes, level, level)


def test_professional_judgement_may_raise_dash_with_a_reason_never_lower_it() -> None:
    screen = dash()
    answers = {"dash.17": True, "dash.18": True}
    raised = screen.score(answers, raise_to="high", because="Strangulation and threats to kill.")  # type: ignore[attr-defined]
    assert (raised.scored, raised.level) == ("standard", "high")
    assert raised.raised_because == "Strangulation and threats to kill."
    with pytest.raises(AnswerRefused, match="say why"):
        screen.score(answers, raise_to="medium")  # type: ignore[attr-defined]
    many = {q.id: True for q in screen.questions[:14]}  # type: ignore[attr-defined]
    with pytest.raises(AnswerRefused, match="never lower"):
        screen.score(many, raise_to="medium", because="seems calmer")  # type: ignore[attr-defined]
    with pytest.raises(AnswerRefused, match="no such question"):
        screen.score({"dash.99": True})  # type: ignore[attr-defined]


def test_a_dash_result_sets_the_fact_and_counts_as_answered() -> None:
    answers = {f"dash.{i:02d}": i <= 10 for i in range(1, 28)}
    result = dash().score(answers)  # type: ignore[attr-defined]
    assessment = apply_screen(ThriveAssessment(), result)
    assert assessment.facts.risk.dash_risk is DashRisk.MEDIUM
    assert assessment.answered[Dimension.RISK] == ("dash",)


def test_answers_set_facts() -> None:
    weapon = BANK.question("threat.weapon")
    facts = apply_answer(Facts(), weapon, "knife")
    assert facts.threat.weapon == "knife"
    assert apply_answer(facts, BANK.question("threat.when"), 12).threat.minutes_since == 12
    assert apply_answer(facts, BANK.question("threat.when"), None).threat.minutes_since is None
    kinds = apply_answer(facts, BANK.question("harm.kinds"), ["physical", "sexual"])
    assert kinds.harm.harm_types == ("physical", "sexual")
    assert apply_answer(facts, BANK.question("prevention.partner"), None).prevention.partner is None


def test_a_yes_adds_a_flag_or_sets_a_value_and_a_no_leaves_the_fact() -> None:
    child = BANK.question("missing.child")
    facts = apply_answer(Facts(), child, True)
    facts = apply_answer(facts, BANK.question("missing.exploitation"), True)
    assert facts.vulnerability.flags == (VulnerabilityFlag.CHILD, VulnerabilityFlag.EXPLOITATION)
    assert apply_answer(facts, child, True) == facts
    assert apply_answer(facts, child, False) == facts
    both = apply_answer(Facts(), BANK.question("asb.disorder"), True)
    assert apply_answer(both, BANK.question("asb.targeted"), False).prevention.problem_solving


def test_an_answer_that_does_not_fit_is_refused_in_plain_words() -> None:
    with pytest.raises(AnswerRefused, match="choose one of none, suspected"):
        apply_answer(Facts(), BANK.question("threat.weapon"), "sword")
    with pytest.raises(AnswerRefused, match="answer yes or no"):
        apply_answer(Facts(), BANK.question("threat.now"), "yes")
    with pytest.raises(AnswerRefused, match="whole number"):
        apply_answer(Facts(), BANK.question("threat.when"), -5)
    with pytest.raises(AnswerRefused, match="choose any of"):
        apply_answer(Facts(), BANK.question("harm.kinds"), ["emotional"])


def test_answering_marks_the_question_under_its_dimension() -> None:
    assessment = answer(ThriveAssessment(), BANK.question("threat.life"), True)
    assessment = answer(assessment, BANK.question("threat.now"), False)
    assert assessment.facts.threat.threat_to_life
    assert assessment.answered == {Dimension.THREAT: ("threat.life", "threat.now")}


def test_a_force_may_reword_and_add_questions() -> None:
    text = edited('ask = "Is the road blocked?"', 'ask = "Can traffic get past?"')
    text += """
[[question]]
id = "engagement.interpreter"
ask = "Does the caller need an interpreter?"
sets = "vulnerability.flags"
kind = "bool"
when_yes = "language"
"""
    bank = QuestionBank.from_toml(text)
    assert bank.question("rtc.blocked").ask == "Can traffic get past?"
    assert bank.question("engagement.interpreter").dimension is Dimension.VULNERABILITY


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'sets = "threat.in_progress"',
            'sets = "threat.in_progres"',
            "question threat.now: sets: threat.in_progres: no such fact",
        ),
        (
            'choices = ["none", "suspected", "knife", "firearm", "other"]',
            'choices = ["none", "sword"]',
            "question threat.weapon: choices: threat.weapon: 'sword' is not one of none, suspected",
        ),
        (
            'when_yes = "repeat_victim"',
            'when_yes = "repeat_caller"',
            "question asb.reported_before: when_yes: vulnerability.flags: 'repeat_caller' is not",
        ),
        (
            'incident_types = ["rtc"]',
            'incident_types = ["car_crash"]',
            "module rtc: incident_types: 'car_crash' is not one of",
        ),
        (
            '{ at_least = 14, level = "high" }',
            '{ at_least = 14, level = "very_high" }',
            "screen dash: bands: risk.dash_risk: 'very_high' is not one of standard, medium, high",
        ),
        (
            'sets = "threat.minutes_since"\nkind = "number"',
            'sets = "threat.minutes_since"\nkind = "bool"',
            "question threat.when: kind: threat.minutes_since is answered as number",
        ),
        (
            'id = "rtc.blocked"',
            'id = "rtc.injury"',
            "question rtc.injury: this id is used twice",
        ),
        (
            'sets = "risk.escalation_likely"',
            'sets = "call.incident_type"',
            "question risk.escalation: sets: call.incident_type is not a THRIVE+ fact",
        ),
    ],
)
def test_a_mistake_in_the_bank_is_refused_naming_the_question_and_field(
    old: str, new: str, expected: str
) -> None:
    found = refused(edited(old, new))
    assert any(p.startswith(expected) for p in found), found


# -- 2026.2: the question bank beside the protocols it follows (DOMAIN.md §3) ----------------


def _all_27(yes: int, dont_know: int = 0) -> dict[str, object]:
    ids = [f"dash.{i:02d}" for i in range(1, 28)]
    return {
        qid: True if i < yes else "dont_know" if i < yes + dont_know else False
        for i, qid in enumerate(ids)
    }


def test_dash_not_asked_no_and_dont_know_are_three_answers() -> None:
    screen = dash()
    result = screen.score(_all_27(9, dont_know=5))  # type: ignore[attr-defined]
    assert (result.yes, result.dont_know, result.not_asked) == (9, 5, 0)
    assert result.level == "standard"
    # "don't know" is never a yes: 13 yes and 14 don't know stays medium
    assert screen.score(_all_27(13, dont_know=14)).level == "medium"  # type: ignore[attr-defined]
    with pytest.raises(AnswerRefused, match="yes, no or dont_know"):
        screen.score({"dash.01": "maybe"})  # type: ignore[attr-defined]


def test_a_dash_screen_with_questions_not_asked_gives_no_level_until_judged() -> None:
    screen = dash()
    partial = {f"dash.{i:02d}": False for i in range(1, 6)}
    result = screen.score(partial)  # type: ignore[attr-defined]
    assert (result.level, result.not_asked) == (None, 22)
    assessment = apply_screen(ThriveAssessment(), result)
    assert assessment.facts.risk.dash_risk is None
    assert "dash" not in assessment.answered.get(Dimension.RISK, ())
    with pytest.raises(AnswerRefused, match="22 questions not asked: say why"):
        screen.score(partial, raise_to="standard")  # type: ignore[attr-defined]
    judged = screen.score(
        partial, raise_to="standard", because="She ended the call; calm, no threats."
    )  # type: ignore[attr-defined]
    assert judged.level == "standard"
    assert apply_screen(ThriveAssessment(), judged).facts.risk.dash_risk is DashRisk.STANDARD


def test_dash_high_on_potential_escalation_or_a_repeat_referral_with_a_marac_referral() -> None:
    screen = dash()
    assert screen.escalation.incidents == 3 and screen.escalation.months == 12  # type: ignore[attr-defined]
    two = screen.score(_all_27(2), earlier_incidents=2)  # type: ignore[attr-defined]
    assert (two.level, two.referral) == ("standard", None)
    three = screen.score(_all_27(2), earlier_incidents=3)  # type: ignore[attr-defined]
    assert three.level == "high"
    assert three.escalation is not None and "3 incidents" in three.escalation
    assert three.referral == "Marac referral"
    repeat = screen.score(_all_27(0), repeat_referral=True)  # type: ignore[attr-defined]
    assert repeat.level == "high"
    with pytest.raises(AnswerRefused, match="never lower"):
        screen.score(_all_27(0), "medium", "calmer now", earlier_incidents=4)  # type: ignore[attr-defined]
    assert screen.score(_all_27(14)).referral == "Marac referral"  # type: ignore[attr-defined]


def test_the_domestic_abuse_safety_questions_come_first() -> None:
    asked = BANK.for_call(IncidentType.DOMESTIC_ABUSE)
    assert [q.id for q in asked[:4]] == [
        "da.safe_to_talk",
        "da.safe_number",
        "da.abuser_where",
        "da.children_where",
    ]
    assert [q.id for q in BANK.asked_first(IncidentType.DOMESTIC_ABUSE)] == [
        q.id for q in asked[:4]
    ]
    assert BANK.asked_first(IncidentType.THEFT) == ()


def test_the_missing_person_module_asks_the_app_first_questions_and_exploitation_apart() -> None:
    ids = [q.id for q in BANK.for_call(IncidentType.MISSING_PERSON) if q.module]
    for first in (
        "missing.why_worried",
        "missing.traced",
        "missing.out_of_character",
        "missing.before",
        "missing.medical",
        "missing.victim",
        "missing.exploitation",
    ):
        assert ids.index(first) < ids.index("missing.risk")
    out_of_character = apply_answer(Facts(), BANK.question("missing.out_of_character"), True)
    assert out_of_character.vulnerability.flags == ()  # out of character, not exploited
    assert out_of_character.risk.missing_factors == ("out_of_character",)
    help_text = BANK.question("missing.risk").help
    for words in (
        "no apparent risk",
        "possible but minimal",
        "likely but not serious",
        "very likely",
    ):
        assert words in help_text


def test_the_rcrp_serious_harm_answer_sets_serious_harm_not_injury() -> None:
    harmed = apply_answer(Facts(), BANK.question("rcrp.harm"), True)
    assert harmed.risk.serious_harm is True
    assert harmed.harm.injury is Injury.NONE
    told = apply_answer(Facts(), BANK.question("rcrp.told"), True)
    assert told.engagement.told_police_will_not_attend
    assert apply_answer(Facts(), BANK.question("rcrp.accepted"), True).prevention.referral_accepted


def test_a_persistent_civil_matter_is_signposted_and_happened_before_alone_sets_neither() -> None:
    civil = apply_answer(Facts(), BANK.question("asb.civil"), True)
    assert civil.prevention.partner == "council"
    assert civil.prevention.problem_solving is False
    ids = {q.id for q in BANK.for_call(IncidentType.NEIGHBOUR_DISPUTE)}
    assert "asb.persistent" not in ids
    assert {"asb.targeted", "asb.disorder", "asb.civil"} <= ids
    problem = BANK.question("prevention.problem")
    assert "aimed at a person or a place" in problem.ask
    assert "civil matter" in problem.help
