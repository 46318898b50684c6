"""Drill scenarios and scoring: the format, the library against the policy, each scoring rule."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from wmp_tui.domain.drills import (
    DONT_KNOW,
    DrillAttempt,
    MeasureName,
    Outcome,
    Result,
    Scenario,
    ScenarioError,
    ScriptedCaller,
    ShiftCall,
    check_scenario,
    parse_scenario,
    plan_shift,
    reference_assessment,
    reference_decision,
    score_drill,
    sla_attainment,
)
from wmp_tui.domain.vocabulary import Grade, IncidentType, VulnerabilityFlag
from wmp_tui.files.policies import Policies, load_policies

LIBRARY = Path(__file__).resolve().parents[2] / "data" / "drills"
FILES = sorted(LIBRARY.glob("*.json"))
START = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)


@cache
def policies() -> Policies:
    return load_policies()


def raw(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((LIBRARY / name).read_text(encoding="utf-8"))
    return data


def scenario(name: str = "001-p1-knife-high-street.json", **changes: Any) -> Scenario:
    return parse_scenario({**raw(name), **changes}, name)


def problems(data: dict[str, Any]) -> list[str]:
    p = policies()
    try:
        parsed = parse_scenario(data, "test.json")
    except ScenarioError as error:
        return [str(problem) for problem in error.problems]
    found = check_scenario(parsed, p.questions, p.grading, p.dispatch, "test.json")
    return [str(problem) for problem in found]


# -- the library ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_library_scenario_reaches_its_expected_grade(path: Path) -> None:
    """Answering every question from the script gives the expected (or an acceptable) grade."""
    p = policies()
    parsed = parse_scenario(path.read_bytes(), str(path))
    assert check_scenario(parsed, p.questions, p.grading, p.dispatch, str(path)) == []
    decision = reference_decision(parsed, p.questions, p.grading)
    assert decision.grade in parsed.expected.grades, decision.reasons
    assert path.name.split("-", 1)[1] == f"{parsed.code}.json"
    assessment = reference_assessment(parsed, p.questions)
    assert assessment.is_complete(p.questions.asked(parsed.incident_type))


def test_library_covers_every_grade_module_and_channel() -> None:
    scenarios = [parse_scenario(f.read_bytes(), str(f)) for f in FILES]
    assert len(scenarios) >= 60
    assert {s.expected.grade for s in scenarios} == set(Grade)
    assert {s.channel.value for s in scenarios} == {"999", "101", "livechat"}
    bank = policies().questions
    for module in bank.modules:
        channels = {
            s.channel.value
            for s in scenarios
            if bank.modules_for(s.incident_type) and module in bank.modules_for(s.incident_type)
        }
        assert channels == {"999", "101", "livechat"}, module.id
    for grade in Grade:
        assert len({s.channel for s in scenarios if s.expected.grade is grade}) == 3, grade
    assert len({s.code for s in scenarios}) == len(scenarios)


# -- the format -------------------------------------------------------------------------------


def test_unknown_question_id_is_named_with_a_suggestion() -> None:
    data = raw("001-p1-knife-high-street.json")
    data["script"]["threat.wepon"] = "knife"
    assert problems(data) == [
        "test.json: script.threat.wepon: no question threat.wepon in the question bank 2026.2 "
        "(did you mean threat.weapon?)"
    ]


def test_question_of_another_module_is_refused() -> None:
    data = raw("001-p1-knife-high-street.json")
    data["script"]["da.flag"] = True
    assert problems(data) == [
        "test.json: script.da.flag: the question bank does not ask da.flag on a weapons call"
    ]


def test_every_required_question_needs_an_answer() -> None:
    data = raw("001-p1-knife-high-street.json")
    del data["script"]["threat.weapon"]
    assert problems(data) == [
        "test.json: script: no answer to threat.weapon "
        "(Has anyone got a weapon, or might they have? What is it?)"
    ]


def test_answer_must_fit_its_question_kind() -> None:
    data = raw("001-p1-knife-high-street.json")
    data["script"]["threat.weapon"] = "sword"
    data["script"]["threat.now"] = "yes"
    data["script"]["threat.when"] = -3
    found = problems(data)
    assert len(found) == 3
    assert any(
        f.startswith("test.json: script.threat.weapon: answer:") and "knife" in f for f in found
    )
    assert any("script.threat.now" in f and "yes or no" in f for f in found)
    assert any("script.threat.when" in f and "whole number" in f for f in found)


def test_unknown_marker_records_not_known() -> None:
    parsed = scenario()
    assert (
        parse_scenario({**raw("001-p1-knife-high-street.json")}, "x")
        .script["threat.detained"]
        .unknown
        is False
    )
    data = raw("001-p1-knife-high-street.json")
    data["script"]["threat.when"] = DONT_KNOW
    data["script"]["threat.offender_there"] = {"answer": DONT_KNOW, "says": "I can't see him"}
    changed = parse_scenario(data, "x")
    assert changed.script["threat.when"].unknown
    facts = reference_assessment(changed, policies().questions).facts
    assert facts.threat.minutes_since is None
    assert facts.threat.offender_present.value == "unknown"
    caller = ScriptedCaller(changed, policies().questions)
    assert caller.answer("threat.offender_there").says == "I can't see him"
    assert caller.answer("threat.offender_there").known is False
    assert caller.answer("threat.when").says == "I don't know."
    assert parsed.script["threat.when"].answer == 0


def test_online_channel_does_not_speak() -> None:
    found = problems({**raw("001-p1-knife-high-street.json"), "channel": "online"})
    assert found == [
        "test.json: channel: an online report does not speak: use 999, 101 or livechat"
    ]


def test_unknown_field_and_vocabulary_named() -> None:
    data = raw("003-p1-missing-child-park.json")
    data["vulnerability"] = ["child", "toddler"]
    data["expected"]["colour"] = "red"
    found = problems(data)
    assert "test.json: expected.colour: unknown field" in found
    assert any(f.startswith("test.json: vulnerability.1:") for f in found)


def test_expected_grade_must_be_what_the_policy_gives() -> None:
    data = raw("001-p1-knife-high-street.json")
    data["expected"]["grade"] = "P3"
    found = problems(data)
    assert len(found) == 1
    assert found[0].startswith("test.json: expected.grade: the script's answers give P1")
    assert "P1.4" in found[0]


def test_vulnerability_must_follow_from_the_answers() -> None:
    found = problems({**raw("001-p1-knife-high-street.json"), "vulnerability": ["older_person"]})
    assert found == [
        "test.json: vulnerability.0: older_person: the script's answers never record it "
        "(they record: no flags)"
    ]


def test_must_ask_names_a_question_asked_on_the_call() -> None:
    found = problems({**raw("001-p1-knife-high-street.json"), "must_ask": ["missing.risk"]})
    assert found == ["test.json: must_ask.0: missing.risk is not asked on a weapons call"]


def test_own_board_expected_unit_is_the_recommendation() -> None:
    data = raw("001-p1-knife-high-street.json")
    data["expected"]["unit"] = "BE-R91"
    found = problems(data)
    assert found == ["test.json: expected.unit: the dispatch policy recommends BE-R90 first"]


def test_expected_unit_needs_an_own_board() -> None:
    data = raw("003-p1-missing-child-park.json")
    data["expected"]["unit"] = "BE-R01"
    found = problems(data)
    assert len(found) == 1 and found[0].startswith("test.json: expected.unit: name a unit only")


def test_not_json_is_named() -> None:
    with pytest.raises(ScenarioError) as error:
        parse_scenario("{nope", "bad.json")
    assert str(error.value).startswith("bad.json: not JSON:")


def test_scripted_caller_gives_words_for_plain_answers() -> None:
    caller = ScriptedCaller(scenario(), policies().questions)
    assert caller.opening.startswith("There's a man outside the bookies")
    assert caller.answer("threat.weapon").says == "A big kitchen knife."
    assert caller.answer("threat.detained").says == "No."
    assert caller.answer("no.such").says == "I don't know."


# -- scoring ----------------------------------------------------------------------------------


def good_attempt(parsed: Scenario, **changes: Any) -> DrillAttempt:
    """What a good operator does on the call: the reference answers, on time."""
    assessment = reference_assessment(parsed, policies().questions)
    ids = tuple(i for group in assessment.answered.values() for i in group)
    values: dict[str, Any] = {
        "reference": "T20261123-0001",
        "started_at": START,
        "answered": ids,
        "thrive_recorded": True,
        "flags": assessment.facts.vulnerability.flags,
        "grade": parsed.expected.grade,
        "graded_at": START + timedelta(seconds=90),
        "outcome": parsed.expected.end,
        "resourced_at": START + timedelta(seconds=150),
        "units": tuple(u for u in (parsed.expected.unit, parsed.expected.arv) if u),
        "on_own_board": parsed.own_board is not None,
        "advice": parsed.advice,
    }
    values.update(changes)
    return DrillAttempt(**values)


def score(parsed: Scenario, attempt: DrillAttempt) -> Any:
    limits = policies().dispatch.escalation.not_resourced_minutes
    return score_drill(parsed, attempt, policies().questions, dispatch_limits=limits)


def test_a_good_attempt_passes_every_measure() -> None:
    parsed = scenario()
    report = score(parsed, good_attempt(parsed))
    assert report.passed
    assert report.score == 100
    assert all(m.result is Result.PASS for m in report.measures), report.measures
    assert report.summary == "Passed (100%)."


def test_under_grading_a_p1_fails_the_drill() -> None:
    parsed = scenario()
    report = score(parsed, good_attempt(parsed, grade=Grade.P3, outcome=Outcome.DISPATCHED))
    grade = report.measure(MeasureName.GRADE)
    assert grade.result is Result.FAIL
    assert grade.sentence.startswith("Under-graded: P3 where P1 is expected")
    assert "Under-grading a P1 or P2 fails the drill." in grade.sentence
    assert not report.passed
    assert report.summary.startswith("Failed (")


def test_under_grading_a_p2_fails_but_an_acceptable_grade_passes() -> None:
    parsed = scenario("014-p2-shed-evidence-melting.json")
    assert score(parsed, good_attempt(parsed, grade=Grade.P3)).passed
    report = score(parsed, good_attempt(parsed, grade=Grade.P4, outcome=Outcome.APPOINTMENT))
    assert report.measure(MeasureName.GRADE).result is Result.FAIL


def test_under_grading_below_p2_falls_short_without_failing() -> None:
    parsed = scenario("036-p6-stones-at-window.json")
    report = score(parsed, good_attempt(parsed, grade=Grade.P9, outcome=Outcome.CLOSED))
    assert report.measure(MeasureName.GRADE).result is Result.SHORT
    assert report.passed


def test_over_grading_falls_short() -> None:
    parsed = scenario("029-p5-damage-witnessed.json")
    report = score(
        parsed,
        good_attempt(
            parsed,
            grade=Grade.P2,
            outcome=Outcome.DISPATCHED,
            units=("SH-R01",),
            best_unit="SH-R01",
        ),
    )
    measure = report.measure(MeasureName.GRADE)
    assert measure.result is Result.SHORT
    assert measure.sentence.startswith("Over-graded: P2 where P5 is expected")
    assert report.measure(MeasureName.RESOURCE).result is Result.PASS


def test_never_graded_fails() -> None:
    parsed = scenario()
    report = score(
        parsed,
        good_attempt(parsed, grade=None, graded_at=None, outcome=None, resourced_at=None, units=()),
    )
    assert report.measure(MeasureName.GRADE).result is Result.FAIL
    assert report.measure(MeasureName.TIME_TO_GRADE).result is Result.NOT_SCORED


def test_incomplete_thrive_fails() -> None:
    parsed = scenario()
    report = score(parsed, good_attempt(parsed, missing=("Harm: no rationale",)))
    measure = report.measure(MeasureName.THRIVE)
    assert measure.result is Result.FAIL
    assert measure.sentence == "THRIVE+ was left incomplete: Harm: no rationale."
    assert (
        score(parsed, good_attempt(parsed, thrive_recorded=False))
        .measure(MeasureName.THRIVE)
        .result
        is Result.FAIL
    )


def test_a_must_ask_question_not_asked_fails_naming_it() -> None:
    parsed = scenario()
    answered = tuple(q for q in good_attempt(parsed).answered if q != "threat.weapon")
    measure = score(parsed, good_attempt(parsed, answered=answered)).measure(MeasureName.MUST_ASK)
    assert measure.result is Result.FAIL
    assert measure.sentence == (
        "Not asked: “Has anyone got a weapon, or might they have? What is it?”"
    )


def test_missed_vulnerability_fails() -> None:
    parsed = scenario("002-p1-domestic-in-progress.json")
    attempt = good_attempt(parsed, flags=(VulnerabilityFlag.DOMESTIC_ABUSE,))
    measure = score(parsed, attempt).measure(MeasureName.VULNERABILITY)
    assert measure.result is Result.FAIL
    assert measure.sentence == "Missed the vulnerability: child (recorded: domestic abuse)."


def test_resource_not_the_best_falls_short_and_a_missing_arv_fails() -> None:
    parsed = scenario()
    other = score(
        parsed,
        good_attempt(
            parsed, units=("BE-R91", "BE-A90"), sent_eta_minutes=6.0, best_eta_minutes=1.4
        ),
    )
    measure = other.measure(MeasureName.RESOURCE)
    assert measure.result is Result.SHORT
    assert measure.sentence == (
        "Sent BE-R91; the best recommendation was BE-R90 (6.0 min away against 1.4)."
    )
    no_arv = score(parsed, good_attempt(parsed, units=("BE-R90",))).measure(MeasureName.RESOURCE)
    assert no_arv.result is Result.FAIL
    assert "armed response vehicle BE-A90" in no_arv.sentence


def test_seeded_board_compares_with_the_recommendation_at_the_time() -> None:
    parsed = scenario("003-p1-missing-child-park.json")
    attempt = good_attempt(parsed, units=("BE-N03",), best_unit="BE-R07")
    assert score(parsed, attempt).measure(MeasureName.RESOURCE).result is Result.SHORT
    attempt = good_attempt(parsed, units=("BE-R07",), best_unit="BE-R07")
    assert score(parsed, attempt).measure(MeasureName.RESOURCE).result is Result.PASS


def test_wrong_kind_of_response_fails() -> None:
    parsed = scenario("029-p5-damage-witnessed.json")
    report = score(parsed, good_attempt(parsed, outcome=Outcome.CLOSED))
    measure = report.measure(MeasureName.RESOURCE)
    assert measure.result is Result.FAIL
    assert measure.sentence == (
        "A P5 needs the work queued for its owner; here: resolved on the call and closed."
    )


def test_a_call_handler_is_not_scored_on_sending_units() -> None:
    parsed = scenario()
    attempt = good_attempt(parsed, may_dispatch=False, outcome=None, units=(), resourced_at=None)
    report = score(parsed, attempt)
    assert report.measure(MeasureName.RESOURCE).result is Result.NOT_SCORED
    assert report.passed


def test_time_to_grade_over_target_falls_short() -> None:
    parsed = scenario()
    late = good_attempt(
        parsed, graded_at=START + timedelta(minutes=5), resourced_at=START + timedelta(minutes=6)
    )
    measure = score(parsed, late).measure(MeasureName.TIME_TO_GRADE)
    assert measure.result is Result.SHORT
    assert measure.sentence == "Graded 5 min after answering (over the 3 min target)."
    ontime = score(parsed, good_attempt(parsed)).measure(MeasureName.TIME_TO_GRADE)
    assert ontime.sentence == "Graded 1 min 30 s after answering (within the 3 min target)."


def test_time_to_dispatch_uses_the_supervisor_alert_of_the_grade() -> None:
    parsed = scenario()
    slow = good_attempt(parsed, resourced_at=START + timedelta(seconds=90 + 4 * 60))
    measure = score(parsed, slow).measure(MeasureName.TIME_TO_DISPATCH)
    assert measure.result is Result.SHORT
    assert measure.sentence.startswith("Unit sent 4 min after grading (5 min 30 s after answering)")
    fast = score(parsed, good_attempt(parsed)).measure(MeasureName.TIME_TO_DISPATCH)
    assert fast.result is Result.PASS


def test_advice_not_recorded_fails() -> None:
    parsed = scenario("015-p3-burglary-overnight.json")
    attempt = good_attempt(parsed, advice=(parsed.advice[0],))
    measure = score(parsed, attempt).measure(MeasureName.ADVICE)
    assert measure.result is Result.FAIL
    assert measure.sentence == (
        "Advice not recorded: crime prevention (recorded: scene preservation)."
    )


def test_report_round_trips_as_json() -> None:
    parsed = scenario()
    report = score(parsed, good_attempt(parsed, grade=Grade.P2, outcome=Outcome.DISPATCHED))
    again = type(report).model_validate(json.loads(report.model_dump_json()))
    assert again == report


# -- the shift --------------------------------------------------------------------------------


def test_sla_attainment_per_grade() -> None:
    policy = policies().dispatch
    calls = [
        ShiftCall(
            scenario="a", grade=Grade.P1, graded_at=START, met_at=START + timedelta(minutes=9)
        ),
        ShiftCall(
            scenario="b", grade=Grade.P1, graded_at=START, met_at=START + timedelta(minutes=16)
        ),
        ShiftCall(scenario="c", grade=Grade.P2, graded_at=START),
        ShiftCall(scenario="d", grade=Grade.P9, graded_at=START),
        ShiftCall(scenario="e", grade=None),
    ]
    attainment = sla_attainment(calls, START + timedelta(minutes=30), policy)
    assert [a.grade for a in attainment] == [Grade.P1, Grade.P2]
    p1, p2 = attainment
    assert (p1.met, p1.missed, p1.percent, p1.result) == (1, 1, 50, Result.FAIL)
    assert p1.sentence == "P1: 1 of 2 met the SLA (50%, aspiration 90%)."
    assert (p2.running, p2.result) == (1, Result.NOT_SCORED)


def test_plan_shift_mixes_grades_and_is_repeatable() -> None:
    scenarios = [parse_scenario(f.read_bytes(), str(f)) for f in FILES]
    plan = plan_shift(scenarios, calls=6, spacing_minutes=5, seed=3)
    assert plan == plan_shift(scenarios, calls=6, spacing_minutes=5, seed=3)
    assert len(plan.arrivals) == 6
    assert [a.at_minute for a in plan.arrivals] == [0, 5, 10, 15, 20, 25]
    graded = {s.code: s.expected.grade for s in scenarios}
    assert len({graded[code] for code in plan.codes}) == 6
    assert IncidentType  # the vocabulary import is used by other tests


def test_an_unknown_answer_that_leaves_no_fact_needs_a_record() -> None:
    data = raw("001-p1-knife-high-street.json")
    data["script"]["harm.injury"] = DONT_KNOW
    (found,) = problems(data)
    assert found.startswith(
        "test.json: script.harm.injury: the caller does not know: add record, what a good "
        "operator records then"
    )
    data["script"]["harm.injury"] = {"answer": DONT_KNOW, "record": "none"}
    assert problems(data) == []


def test_format_errors_are_said_in_a_trainers_words_and_the_rest_is_still_read() -> None:
    from wmp_tui.domain.drills.scenario import ScenarioError, parse_scenario

    data = json.loads((LIBRARY / "029-p5-damage-witnessed.json").read_text(encoding="utf-8"))
    data.update(code="My Scenario", channel="fax", title="")
    with pytest.raises(ScenarioError) as refused:
        parse_scenario(data, "mine.json")
    assert [str(p) for p in refused.value.problems] == [
        "mine.json: code: use 3–40 lower-case letters, digits and dashes, starting with a "
        "letter or digit",
        "mine.json: title: give a title of 1 to 200 characters",
        "mine.json: channel: 'fax' is not one of 999, 101, livechat",
    ]
    salvaged = refused.value.salvaged
    assert (
        salvaged is not None
        and salvaged.script
        == parse_scenario(
            json.loads((LIBRARY / "029-p5-damage-witnessed.json").read_text(encoding="utf-8"))
        ).script
    )
