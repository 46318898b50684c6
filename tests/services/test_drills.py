"""Drills through the services, on both backends: training kept apart, scoring, import, shift."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from tests.services.conftest import SUPERVISOR, complete, policies
from wmp_tui.domain.drills import (
    MeasureName,
    Result,
    ScenarioError,
    ShiftPlan,
    parse_scenario,
    reference_assessment,
)
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.vocabulary import Grade
from wmp_tui.drills.reference import call_details, play_with_services
from wmp_tui.drills.shift import ShiftDriver
from wmp_tui.services import board, dispatch, drills, grading, intake, logbook
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.errors import Refused
from wmp_tui.services.room import Room
from wmp_tui.store.uow import Store

LIBRARY = Path(__file__).resolve().parents[2] / "data" / "drills"


@pytest.fixture
def training(store: Store, clock: ManualClock) -> Room:
    return Room(store=store, clock=clock, policies=policies(), training=True)


@pytest.fixture
def session(training: Room, store: Store, dispatcher: Operator) -> drills.DrillSession:
    """A drill on the test's own database: its scenarios may bring their own board."""
    return drills.DrillSession(training, store, dispatcher, own_board=True)


def test_training_logs_never_appear_on_live_lists_or_counts(
    room: Room, training: Room, session: drills.DrillSession, dispatcher: Operator
) -> None:
    """A drill's call shares the database with live work and never shows in it."""
    session.ring(drills.stored_scenario(room.store, "p2-older-man-harassed"))
    drilled = play_with_services(session, dispatcher)
    assert drilled.reference is not None and drilled.reference.startswith("T")
    live = intake.take_call(
        room.store,
        room.clock,
        dispatcher,
        CallDetails(channel="101", incident_type="asb", address="Heath Town Estate", npu="WV"),
    )
    live_refs = {line.reference for line in board.log_page(room).rows}
    assert live_refs == {live.reference}
    assert board.summary(room).open_logs == 1
    assert {line.reference for line in board.log_page(training).rows} == {drilled.reference}
    with room.store.unit_of_work(read_only=True) as uow:
        assert uow.logs.count_open() == 1
        assert [log.reference for log in uow.logs.open_logs()] == [live.reference]
        assert uow.logs.count_open(training=True) == 1
    earlier = intake.earlier_contacts(room.store, address="Heath Town Estate")
    assert [e.reference for e in earlier] == [live.reference]
    both = intake.earlier_contacts(room.store, address="Heath Town Estate", training=True)
    assert [e.reference for e in both] == [drilled.reference]


def test_a_drill_played_well_passes_and_is_stored(
    store: Store, session: drills.DrillSession, dispatcher: Operator, clock: ManualClock
) -> None:
    session.ring(drills.stored_scenario(store, "p1-knife-high-street"))
    clock.advance(seconds=40)
    call = play_with_services(session, dispatcher)
    clock.advance(seconds=30)
    assert call.reference is not None
    report = session.finish(call.reference)
    assert report.passed, report.measures
    assert report.score == 100
    resource = report.measure(MeasureName.RESOURCE)
    assert resource.actual == "BE-R90, BE-A90"
    history = drills.drill_runs(store, "Jade Thompson")
    assert [(r.scenario, r.report) for r in history] == [("p1-knife-high-street", report)]
    assert history[0].finished_at == clock.now()


def test_under_grading_a_p1_through_the_services_fails(
    store: Store, training: Room, session: drills.DrillSession, dispatcher: Operator
) -> None:
    """The deliberate under-grade: P1 knife call committed as P3 with a supervisor's say-so."""
    stored = drills.stored_scenario(store, "p1-knife-high-street")
    session.ring(stored)
    session.answer_call()
    scenario = stored.scenario
    log = intake.take_call(
        store, training.clock, dispatcher, call_details(training, scenario), training=True
    )
    session.call_logged(log.reference)
    assessment = reference_assessment(scenario, training.policies.questions)
    grading.record_thrive(training, dispatcher, log.reference, assessment)
    grading.grade(
        training,
        dispatcher,
        log.reference,
        chosen=Grade.P3,
        reason="He has probably gone by now",
        supervisor=SUPERVISOR,
    )
    first = dispatch.recommendations(training, log.reference)[0]
    dispatch.send(training, dispatcher, log.reference, first.unit_id)
    report = session.finish(log.reference)
    assert not report.passed
    grade = report.measure(MeasureName.GRADE)
    assert grade.result is Result.FAIL
    assert grade.actual == "P3"
    assert report.summary.startswith("Failed (")


def test_a_call_left_at_thrive_is_scored_as_it_stands(
    store: Store, training: Room, session: drills.DrillSession, dispatcher: Operator
) -> None:
    session.ring(drills.stored_scenario(store, "p3-burglary-overnight"))
    session.answer_call()
    log = intake.take_call(
        store,
        training.clock,
        dispatcher,
        call_details(training, session.current.scenario),  # type: ignore[union-attr]
        training=True,
    )
    session.call_logged(log.reference)
    partial = complete(training, "burglary_dwelling", {}).model_copy(update={"rationales": {}})
    grading.record_thrive(training, dispatcher, log.reference, partial)
    report = session.finish(log.reference)
    assert report.measure(MeasureName.THRIVE).result is Result.FAIL
    assert report.measure(MeasureName.GRADE).sentence.startswith("The call was never graded")
    assert not report.passed


def test_the_session_is_the_caller(store: Store, session: drills.DrillSession) -> None:
    assert session.answer("threat.weapon").says == "(no caller on the line)"
    session.ring(drills.stored_scenario(store, "p2-domestic-dash-medium"))
    session.answer_call()
    assert session.opening.startswith("My ex came round last night")
    assert session.answer("threat.violence").says == "He said he'd kill me."
    assert session.answer("dash:dash.02").says == "Yes."
    assert session.answer("dash:dash.01").says == "No."


def test_import_checks_refuses_a_duplicate_and_replaces(store: Store, tmp_path: Path) -> None:
    data = json.loads((LIBRARY / "029-p5-damage-witnessed.json").read_text(encoding="utf-8"))
    data["code"] = "p5-my-own-damage"
    scenario = parse_scenario(data, "mine.json")
    stored = drills.import_scenario(store, policies(), scenario)
    assert stored.id > drills.LIBRARY_IDS
    with pytest.raises(Refused, match="already in the library"):
        drills.import_scenario(store, policies(), scenario)
    retitled = scenario.model_copy(update={"title": "Retitled"})
    assert drills.import_scenario(store, policies(), retitled, replace=True).id == stored.id
    assert drills.stored_scenario(store, "p5-my-own-damage").scenario.title == "Retitled"
    data["location"] = {"place": "Solihul High Street"}
    with pytest.raises(ScenarioError) as error:
        drills.import_scenario(store, policies(), parse_scenario(data, "mine.json"))
    assert str(error.value) == (
        "scenario: location.place: 'Solihul High Street' is not in the gazetteer "
        "(did you mean Solihull High Street?)"
    )


def test_seeded_library_is_the_shipped_files(store: Store) -> None:
    files = drills.read_library(policies())
    stored = {s.scenario.code: s for s in drills.stored_scenarios(store)}
    assert len(files) == len(stored) >= 60
    for path, scenario in files:
        assert stored[scenario.code].id == drills.library_id(path)
        assert stored[scenario.code].scenario == scenario
        assert drills.check_in_store(store, policies(), scenario) == []


def test_unknown_code_suggests_the_nearest(store: Store) -> None:
    with pytest.raises(Refused, match="did you mean p1-knife-high-street"):
        drills.stored_scenario(store, "p1-knife-high-st")


def test_shift_rings_on_time_moves_units_and_scores_sla(
    store: Store,
    training: Room,
    session: drills.DrillSession,
    dispatcher: Operator,
    clock: ManualClock,
) -> None:
    library = {s.scenario.code: s for s in drills.stored_scenarios(store)}
    plan = ShiftPlan.model_validate(
        {
            "arrivals": [
                {"at_minute": 0, "scenario": "p2-shoplifter-detained"},
                {"at_minute": 3, "scenario": "p1-missing-child-park"},
                {"at_minute": 6, "scenario": "p5-damage-witnessed"},
            ],
            "busy_every_minutes": 2,
        }
    )
    driver = ShiftDriver(session, plan, library, dispatcher)
    assert [c.scenario.code for c in driver.tick()] == ["p2-shoplifter-detained"]
    first = play_with_services(session, dispatcher)
    clock.advance(minutes=3)
    assert [c.scenario.code for c in driver.tick()] == ["p1-missing-child-park"]
    second = play_with_services(session, dispatcher)
    clock.advance(minutes=3)
    driver.tick()
    third = play_with_services(session, dispatcher)
    for _ in range(6):
        clock.advance(minutes=5)
        driver.tick()
    for call in (first, second, third):
        assert call.reference is not None
        session.finish(call.reference)
    assert driver.done
    assert second.reference is not None
    events = [e.type.value for e in logbook.history(training, second.reference)[1]]
    assert "unit_at_scene" in events and "unit_cleared" in events
    report = driver.report()
    assert report.passed, [r.summary for r in report.reports]
    assert [(a.grade, a.met, a.missed) for a in report.attainment] == [
        (Grade.P1, 1, 0),
        (Grade.P2, 1, 0),
        (Grade.P5, 1, 0),
    ]
    assert report.finished_at - report.started_at == timedelta(minutes=36)


def test_drill_advice_words_are_the_logbooks() -> None:
    """The scenario format and the logbook record advice in the same words: one vocabulary."""
    from wmp_tui.domain.answering import Advice as LogbookAdvice
    from wmp_tui.domain.drills import Advice as ScenarioAdvice
    from wmp_tui.services import logbook

    assert ScenarioAdvice is LogbookAdvice is logbook.Advice


# -- a trainer's own files (issue 14): any name, every check of a file at once, plain words ----

LIBRARY = Path(__file__).resolve().parents[2] / "data" / "drills"


def _own_scenario(folder: Path, name: str, **changes: object) -> Path:
    data = json.loads((LIBRARY / "029-p5-damage-witnessed.json").read_text(encoding="utf-8"))
    data.update(changes)
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_trainers_folder_may_name_its_files_as_it_likes(tmp_path: Path) -> None:
    _own_scenario(tmp_path, "my-scenario.json", code="p5-my-damage")
    _own_scenario(tmp_path, "another one.json", code="p5-my-other-damage")
    found = drills.read_library(policies(), tmp_path)
    assert [s.code for _, s in found] == ["p5-my-other-damage", "p5-my-damage"]
    with pytest.raises(ScenarioError, match=r"NNN-code\.json"):
        drills.read_library(policies(), tmp_path, numbered=True)


def test_a_bad_code_is_said_in_a_trainers_words_beside_the_files_other_checks(
    tmp_path: Path,
) -> None:
    data = json.loads((LIBRARY / "029-p5-damage-witnessed.json").read_text(encoding="utf-8"))
    script = {**data["script"], "threat.wepon": "none"}
    path = _own_scenario(tmp_path, "bad.json", code="P5 Mine!", script=script)
    with pytest.raises(ScenarioError) as refused:
        drills.read_scenario_file(path, policies())
    said = [str(p) for p in refused.value.problems]
    assert said[0] == (
        f"{path}: code: use 3–40 lower-case letters, digits and dashes, starting with a "
        "letter or digit"
    )
    assert any("script.threat.wepon: no question threat.wepon" in line for line in said)
    assert not any("^[a-z0-9]" in line for line in said)
