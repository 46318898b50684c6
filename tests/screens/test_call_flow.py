"""A call from intake to close through the real screens, by key presses, on a real database.

Each test drives the app as an operator would (keys only) and then reads the database: the log
row, its events, the THRIVE+ entries, the grading decisions, the units and the drafts. The
THRIVE+ answers of the worked examples are pressed from the case file's facts, question by
question, so the screen is checked against the same facts the policy's own tests use.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input

from tests.screens.conftest import SIZE, AppFactory
from wmp_tui.app import ControlRoomApp
from wmp_tui.domain.answering import Advice
from wmp_tui.domain.facts import Facts
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.log import EventType
from wmp_tui.domain.questions import AnswerKind
from wmp_tui.domain.thrive import Dimension, assessment_from_facts
from wmp_tui.domain.vocabulary import IncidentType, UnitStatus
from wmp_tui.screens.board import BoardScreen
from wmp_tui.screens.confirm_link import ConfirmLink
from wmp_tui.screens.dispatch import DispatchScreen
from wmp_tui.screens.grading import GradingScreen
from wmp_tui.screens.intake import IntakeScreen
from wmp_tui.screens.messages import (
    CallFinished,
    CallLogged,
    LogGraded,
    ThriveRecorded,
)
from wmp_tui.screens.supervisor import AuthoriseDowngrade
from wmp_tui.screens.thrive import ThriveScreen
from wmp_tui.services import dispatch, grading, intake, logbook
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.log_story import log_story
from wmp_tui.services.room import Room
from wmp_tui.services.signin import sign_in
from wmp_tui.store.tables import GradingDecisionRow, ThriveAssessmentRow, UnitRow
from wmp_tui.store.uow import Store
from wmp_tui.widgets.keyed_choice import KeyedChoice
from wmp_tui.widgets.question_row import MULTI_KEYS, QuestionRow
from wmp_tui.widgets.recommendation_list import RecommendationList
from wmp_tui.widgets.thrive_form import given_answer

CASES = Path(__file__).resolve().parents[1] / "cases" / "public"
PUBLIC_CASES = {
    "pub-001": {
        "call": {"channel": "101", "incident_type": "criminal_damage"},
        "facts": {
            "threat": {"in_progress": False, "offender_present": "no", "minutes_since": 90},
            "harm": {"injury": "none", "harm_types": ["property"]},
            "investigation": {
                "crime": True,
                "suspect": "described",
                "lines_of_enquiry": ["suspect"],
                "needs_attendance": False,
            },
        },
        "expected": {"grade": "P5"},
    },
    "pub-002": {
        "call": {"channel": "101", "incident_type": "asb"},
        "facts": {
            "threat": {"in_progress": False, "offender_present": "no", "minutes_since": 30},
            "harm": {"injury": "none", "harm_types": ["property", "psychological"]},
            "risk": {"escalation_likely": False},
            "prevention": {"problem_solving": True},
        },
        "expected": {"grade": "P6"},
    },
    "pub-003": {
        "call": {"channel": "101", "incident_type": "neighbour_dispute"},
        "facts": {
            "threat": {"in_progress": False},
            "engagement": {"resolvable_by_advice": True},
            "prevention": {"partner": "council"},
        },
        "expected": {"grade": "P9"},
    },
}
CHANNEL_KEYS = {"999": "1", "101": "2", "livechat": "3", "online": "4"}
ASSAULT = {
    "threat": {"in_progress": True, "offender_present": "yes", "violence": "used"},
    "harm": {"injury": "minor", "harm_types": ["physical"]},
    "investigation": {"crime": True, "suspect": "described"},
}
SUPERVISOR = ("Karen Whitehouse", "1234")
FLOW_MESSAGES = (CallLogged, ThriveRecorded, LogGraded, CallFinished)


def case(case_id: str) -> dict[str, Any]:
    """A public worked example: the shared file when it is there, else the copy above."""
    path = CASES / f"{case_id}.json"
    if path.exists():
        return dict(json.loads(path.read_text(encoding="utf-8")))
    return PUBLIC_CASES[case_id]


class Recorder:
    """Keeps every message the app's widgets post, to assert on what the screens said."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self._seen: set[int] = set()

    def __call__(self, message: Message) -> None:
        # A message that bubbles is seen by every node it passes: keep it once. (Kept messages
        # stay alive in the list, so their ids are never reused.)
        if isinstance(message, FLOW_MESSAGES) and id(message) not in self._seen:
            self._seen.add(id(message))
            self.messages.append(message)

    def of(self, kind: type[Message]) -> list[Any]:
        return [m for m in self.messages if isinstance(m, kind)]


async def settle(pilot: Pilot[Any], rounds: int = 4) -> None:
    """Let service workers finish and their results reach the screen."""
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)


def app_of(pilot: Pilot[Any]) -> ControlRoomApp:
    assert isinstance(pilot.app, ControlRoomApp)
    return pilot.app


def room_of(pilot: Pilot[Any]) -> Room:
    return app_of(pilot).room


def events(room: Room, reference: str) -> list[Any]:
    return logbook.history(room, reference)[1]


def event_types(room: Room, reference: str) -> list[EventType]:
    return [event.type for event in events(room, reference)]


# -- driving the screens ------------------------------------------------------------------------


async def take_call(
    pilot: Pilot[Any],
    *,
    channel: str,
    incident_type: str,
    place: str = "touchwood",
    caller: str = "",
    phone: str = "",
    relationship: str = "",
    narrative: str = "",
) -> str:
    """Open a new call (Ctrl+N), fill it in by keys, Ctrl+S; returns the new log's reference."""
    await pilot.press("ctrl+n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, IntakeScreen)
    await pilot.press(CHANNEL_KEYS[channel])
    await type_text(pilot, caller)
    await pilot.press("enter")
    await type_text(pilot, phone)
    await pilot.press("enter")
    await pilot.press({"victim": "1", "witness": "2", "third_party": "3"}.get(relationship, "0"))
    await type_text(pilot, place)
    await settle(pilot)
    await pilot.press("enter")  # the first place found: it fills address, NPU, coordinates
    await settle(pilot)
    await type_text(pilot, incident_type.replace("_", " "))
    await pilot.press("enter")
    await type_text(pilot, narrative)
    await pilot.press("enter")  # Enter on the last field creates the log
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ThriveScreen), f"still on {type(screen).__name__}"
    return screen.reference


def keys_for(row: QuestionRow, question: Any, facts: Facts) -> list[str]:
    """The keys an operator presses to give this question the answer these facts hold."""
    value = given_answer(question, facts)
    if row.kind is AnswerKind.BOOL:
        return ["y" if value else "n"]
    if row.kind is AnswerKind.CHOICE:
        return ["0"] if value is None else [str(row.choices.index(value) + 1)]
    if row.kind is AnswerKind.NUMBER:
        return [*str(value), "enter"] if value is not None else ["enter"]
    return [MULTI_KEYS[row.choices.index(v)] for v in value] + ["enter"]


async def answer_thrive(
    pilot: Pilot[Any],
    facts: Facts,
    *,
    dash_yes: int = 0,
    raise_to: str = "",
    because: str = "",
) -> None:
    """Answer every question on the THRIVE+ screen from these facts, and write each rationale,
    moving as the screen moves (each answer goes on to the next question). On a risk screen,
    the first `dash_yes` answers are yes, and the level is raised to `raise_to` if given."""
    screen = pilot.app.screen
    assert isinstance(screen, ThriveScreen)
    for _ in range(200):
        focused = pilot.app.focused
        if isinstance(focused, QuestionRow) and focused.key in screen.questions:
            await pilot.press(*keys_for(focused, screen.questions[focused.key], facts))
        elif isinstance(focused, QuestionRow):  # a risk screen's yes/no
            await pilot.press("y" if dash_yes > 0 else "n")
            dash_yes -= 1
        elif isinstance(focused, KeyedChoice):  # raise the risk screen's level, or not
            levels = [value for value, _ in focused.options]
            await pilot.press(str(levels.index(raise_to) + 1) if raise_to else "0")
            if raise_to:
                await type_text(pilot, because)
                await pilot.press("enter")
        elif isinstance(focused, Input) and (focused.id or "").startswith("rationale-"):
            dimension = Dimension(focused.id.removeprefix("rationale-"))
            await type_text(pilot, f"{dimension.value[:4]} ok")
            await pilot.press("enter")
        elif isinstance(focused, Input):
            await pilot.press("enter")
        else:
            break


async def record_thrive(pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


async def run_case(pilot: Pilot[Any], case_id: str, recorder: Recorder) -> str:
    """Intake, THRIVE+ from the case's facts, and the proposed grade accepted."""
    worked = case(case_id)
    reference = await take_call(
        pilot,
        channel=worked["call"]["channel"],
        incident_type=worked["call"]["incident_type"],
        caller="Ann Smith",
        phone="07700 900123",
        relationship="victim",
        narrative=worked["call"].get("narrative", "")[:24],
    )
    await settle(pilot)
    await answer_thrive(pilot, Facts.model_validate(worked.get("facts", {})))
    await record_thrive(pilot)
    assert [m.reference for m in recorder.of(ThriveRecorded)] == [reference]
    screen = pilot.app.screen
    assert isinstance(screen, GradingScreen)
    assert screen.decision is not None
    assert screen.decision.grade.value == worked["expected"]["grade"]
    await pilot.press("enter")  # accept the proposal
    await settle(pilot)
    assert [m.reference for m in recorder.of(LogGraded)] == [reference]
    assert isinstance(pilot.app.screen, DispatchScreen)
    return reference


# -- the worked examples --------------------------------------------------------------------------


async def test_pub_001_criminal_damage_is_queued_for_initial_investigation(
    make_app: AppFactory,
) -> None:
    recorder = Recorder()
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        reference = await run_case(pilot, "pub-001", recorder)
        await pilot.press("q")
        await settle(pilot)
        assert [m.reference for m in recorder.of(CallFinished)] == [reference]
        room = room_of(pilot)
        log = intake.get_log(room.store, reference)
        assert (log.grade, log.channel, log.incident_type) == ("P5", "101", "criminal_damage")
        assert log.location_id == 5001 and log.npu == "SH" and log.crime_disclosed
        assert event_types(room, reference) == [
            EventType.CREATED,
            EventType.THRIVE_RECORDED,
            EventType.GRADED,
            EventType.QUEUED,
        ]
        queued = events(room, reference)[-1]
        assert queued.payload["queue"] == "Force Initial Investigation team"
        with room.store.unit_of_work(read_only=True) as uow:
            row = uow.session.scalars(select(ThriveAssessmentRow)).one()
            assert row.complete
            assert row.facts["threat"]["minutes_since"] == 90
            assert row.facts["investigation"]["suspect"] == "described"
            assert set(row.rationales) == {d.value for d in Dimension}
        assert intake.unfinished_calls(room.store, app_of(pilot).operator) == []


async def test_pub_002_repeat_asb_goes_to_the_neighbourhood_team(make_app: AppFactory) -> None:
    recorder = Recorder()
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        reference = await run_case(pilot, "pub-002", recorder)
        screen = pilot.app.screen
        assert isinstance(screen, DispatchScreen)
        units = screen.query_one(RecommendationList)
        assert units.options, "a P6 recommends the NPU's neighbourhood officers"
        assert all(o.unit_id.startswith("SH-") for o in units.options)
        await pilot.press("q")
        await settle(pilot)
        room = room_of(pilot)
        log = intake.get_log(room.store, reference)
        assert log.grade == "P6" and log.resourced_at is not None
        last = events(room, reference)[-1]
        assert last.type is EventType.QUEUED and last.payload["queue"] == "SH neighbourhood team"
        facts = grading.latest_facts(room, reference)[0]
        assert facts.prevention.problem_solving
        assert {h.value for h in facts.harm.harm_types} == {"property", "psychological"}
        assert [m.reference for m in recorder.of(CallFinished)] == [reference]


async def test_pub_003_noisy_neighbours_are_advised_and_closed(make_app: AppFactory) -> None:
    recorder = Recorder()
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        reference = await run_case(pilot, "pub-003", recorder)
        await pilot.press("4", "2", "enter")  # referral to a partner, crime prevention
        await type_text(pilot, "council noise team")
        await pilot.press("ctrl+s")
        await settle(pilot)
        room = room_of(pilot)
        log = intake.get_log(room.store, reference)
        assert log.grade == "P9" and log.state == "closed"
        assert log.result_code == "referred_to_partner"
        advice, closed = events(room, reference)[-2:]
        assert advice.type is EventType.ADVICE_GIVEN
        assert advice.payload == {
            "advice": ["crime_prevention", "partner_referral"],
            "note": "council noise team",
        }
        assert closed.type is EventType.CLOSED
        assert [m.reference for m in recorder.of(CallFinished)] == [reference]


# -- grading, dispatch and closing paths ------------------------------------------------------


def graded_log(
    store: Store,
    clock: ManualClock,
    room: Room,
    incident_type: str,
    facts: dict[str, Any],
    **place: Any,
) -> str:
    """A log taken, assessed and graded through the services (set-up for a screen test)."""
    operator = sign_in(store, "Jade Thompson", "1234")
    log = intake.take_call(
        store,
        clock,
        operator,
        CallDetails.model_validate(
            {"channel": "999", "incident_type": incident_type, "location_id": 5001, **place}
        ),
    )
    asked = room.policies.questions.asked(IncidentType(incident_type))
    answered: dict[Dimension, list[str]] = {d: [] for d in Dimension}
    for question in asked:
        answered[question.dimension].append(question.id)
    assessment = assessment_from_facts(
        Facts.model_validate(facts), {d: "judged from the call" for d in Dimension}, answered
    )
    grading.record_thrive(room, operator, log.reference, assessment)
    grading.grade(room, operator, log.reference)
    return log.reference


async def test_a_p1_diverts_a_unit_from_a_p3_after_confirming(
    make_app: AppFactory, screen_store: Store, clock: ManualClock
) -> None:
    recorder = Recorder()
    app = make_app()
    room = app.room
    burglary = graded_log(
        screen_store, clock, room, "burglary_dwelling", {"investigation": {"crime": True}}
    )
    assert intake.get_log(screen_store, burglary).grade == "P3"
    dispatcher = sign_in(screen_store, "Jade Thompson", "1234")
    unit = dispatch.recommendations(room, burglary)[0].unit_id
    dispatch.send(room, dispatcher, burglary, unit)
    dispatch.update_status(room, dispatcher, unit, UnitStatus.AT_SCENE)
    dispatch.update_status(room, dispatcher, unit, UnitStatus.COMMITTED_DEPLOYABLE)
    with screen_store.unit_of_work() as uow:  # it is at the burglary, in the shopping centre
        uow.session.execute(
            update(UnitRow).where(UnitRow.call_sign == unit).values(lat=52.4128, lon=-1.7781)
        )
        uow.commit()
    clock.advance(minutes=20)

    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        reference = await take_call(
            pilot, channel="999", incident_type="violence", narrative="fight outside now"
        )
        await answer_thrive(pilot, Facts.model_validate(ASSAULT))
        await record_thrive(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, DispatchScreen)
        units = screen.query_one(RecommendationList)
        first = units.options[0]
        assert (first.unit_id, first.is_diversion) == (unit, True), "the diverted unit is nearest"
        await pilot.press("d")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "ConfirmDiversion"
        assert burglary in str(pilot.app.screen.cost)  # type: ignore[attr-defined]
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DispatchScreen)
        assert [s.call_sign for s in screen.sent] == [unit]
        await pilot.press("escape")
        await settle(pilot)

        old = intake.get_log(screen_store, burglary)
        assert old.resourced_at is None
        away = events(room, burglary)[-1]
        assert away.type is EventType.UNIT_DIVERTED_AWAY
        assert away.payload["to"] == reference and away.payload["back_to_queue"]
        assigned = events(room, reference)[-1]
        assert assigned.type is EventType.UNIT_ASSIGNED
        assert (assigned.payload["unit"], assigned.payload["diverted_from"]) == (unit, burglary)
        assert intake.get_log(screen_store, reference).grade == "P1"
        assert [m.reference for m in recorder.of(CallFinished)] == [reference]


async def test_a_unit_taken_by_another_operator_is_refused_and_the_list_refreshed(
    make_app: AppFactory, screen_store: Store, clock: ManualClock
) -> None:
    app = make_app()
    room = app.room
    reference = graded_log(screen_store, clock, room, "violence", ASSAULT)
    async with app.run_test(size=SIZE) as pilot:
        pilot.app.post_message(LogGraded(reference))
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, DispatchScreen)
        best = screen.query_one(RecommendationList).options[0].unit_id
        other = graded_log(screen_store, clock, room, "violence", ASSAULT)
        dispatch.send(room, sign_in(screen_store, "Ryan Walker", "1234"), other, best)
        await pilot.press("d")
        await settle(pilot)
        problem = str(screen.query_one("#dispatch-problem").render())
        assert "just dispatched by another operator" in problem and "Next best" in problem
        assert best not in [o.unit_id for o in screen.query_one(RecommendationList).options]
        assert intake.get_log(screen_store, reference).resourced_at is None


async def test_a_downgrade_needs_a_reason_and_a_supervisor(
    make_app: AppFactory, screen_store: Store, clock: ManualClock
) -> None:
    recorder = Recorder()
    app = make_app("Sam Patel")
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        reference = await take_call(
            pilot, channel="999", incident_type="violence", narrative="fight, now calmer"
        )
        await answer_thrive(pilot, Facts.model_validate(ASSAULT))
        await record_thrive(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, GradingScreen)
        assert screen.decision is not None and screen.decision.grade.value == "P1"
        await pilot.press("3")  # choose P3: the reason box is next
        await pilot.press("enter")
        assert "write a reason" in str(screen.query_one("#grading-problem").render())
        await type_text(pilot, "fight over, both parties calm")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AuthoriseDowngrade)
        await type_text(pilot, "Jade Thompson")  # a dispatcher cannot authorise
        await pilot.press("enter")
        await type_text(pilot, "1234")
        await pilot.press("enter")
        await settle(pilot)
        # Refused in the dialog: it stays open with the name to type again (all selected).
        dialog = pilot.app.screen
        assert isinstance(dialog, AuthoriseDowngrade)
        assert "not a supervisor" in str(dialog.query_one("#authorisation-problem").render())
        assert pilot.app.focused is dialog.query_one("#supervisor-name")
        assert intake.get_log(screen_store, reference).grade is None

        await type_text(pilot, SUPERVISOR[0])
        await pilot.press("enter")
        await type_text(pilot, SUPERVISOR[1])
        await pilot.press("enter")
        await settle(pilot)
        assert [m.reference for m in recorder.of(LogGraded)] == [reference]

    log = intake.get_log(screen_store, reference)
    assert log.grade == "P3"
    with screen_store.unit_of_work(read_only=True) as uow:
        row = uow.session.scalars(select(GradingDecisionRow)).one()
        assert (row.grade, row.proposed_grade) == ("P3", "P1")
        assert row.override_reason == "fight over, both parties calm"
        assert row.authorised_by is not None
    graded = next(e for e in events(app.room, reference) if e.type is EventType.GRADED)
    assert graded.payload["authorised_by"] == SUPERVISOR[0] and graded.payload["downgrade"]


async def test_grading_waits_until_thrive_is_complete(make_app: AppFactory) -> None:
    recorder = Recorder()
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        reference = await take_call(pilot, channel="101", incident_type="theft")
        await pilot.press("n", "2")  # two answers, then record
        await record_thrive(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ThriveScreen) and not recorder.of(ThriveRecorded)
        missing = screen.assessment.missing(screen.asked)
        assert missing and "7 dimensions" in str(screen.query_one("#thrive-count").render())
        room = room_of(pilot)
        with room.store.unit_of_work(read_only=True) as uow:
            row = uow.session.scalars(select(ThriveAssessmentRow)).one()
            assert not row.complete  # kept, incomplete, so nothing typed is lost
        assert intake.get_log(room.store, reference).grade is None
        # The rest, then record again: now grading comes next.
        await answer_thrive(pilot, Facts.model_validate({"investigation": {"crime": True}}))
        await record_thrive(pilot)
        assert [m.reference for m in recorder.of(ThriveRecorded)] == [reference]
        assert isinstance(pilot.app.screen, GradingScreen)


async def test_a_p9_with_a_crime_is_recorded_and_closed_with_advice(
    make_app: AppFactory,
) -> None:
    recorder = Recorder()
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        reference = await take_call(pilot, channel="101", incident_type="theft")
        await answer_thrive(pilot, Facts.model_validate({"investigation": {"crime": True}}))
        await record_thrive(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, DispatchScreen)
        await pilot.press("ctrl+s")  # nothing ticked: refused on screen
        assert "Tick the advice" in str(screen.query_one("#dispatch-problem").render())
        await pilot.press("2", "enter")  # crime prevention
        await type_text(pilot, "lock the shed")
        await pilot.press("ctrl+s")  # a crime was disclosed: a number or a supervisor
        await settle(pilot)
        assert "crime number" in str(screen.query_one("#dispatch-problem").render())
        assert intake.get_log(room_of(pilot).store, reference).state == "open"
        assert pilot.app.focused is screen.query_one("#crime-number")  # taken to it
        await type_text(pilot, "20/445566/26")
        await pilot.press("ctrl+s")
        await settle(pilot)
        room = room_of(pilot)
        log = intake.get_log(room.store, reference)
        assert (log.grade, log.state, log.result_code) == ("P9", "closed", "advice_given")
        assert log.crime_recorded
        assert event_types(room, reference)[-3:] == [
            EventType.CRIME_RECORDED,
            EventType.ADVICE_GIVEN,
            EventType.CLOSED,
        ]
        assert events(room, reference)[-2].payload["advice"] == ["crime_prevention"]
        assert [m.reference for m in recorder.of(CallFinished)] == [reference]


async def test_a_duplicate_call_is_linked_to_the_earlier_log(
    make_app: AppFactory, screen_store: Store, clock: ManualClock
) -> None:
    dispatcher = sign_in(screen_store, "Jade Thompson", "1234")
    first = intake.take_call(
        screen_store,
        clock,
        dispatcher,
        CallDetails(
            channel="999",
            incident_type="asb",
            caller_name="Ann Smith",
            phone="07700900123",
            relationship="victim",
            location_id=5001,
            narrative="youths at the window",
        ),
    )
    clock.advance(minutes=10)
    recorder = Recorder()
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("1")
        await type_text(pilot, "Bob Smith")
        await pilot.press("enter")
        await type_text(pilot, "+44 7700 900123")
        await pilot.press("tab")
        await pilot.pause(0.6)
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, IntakeScreen)
        panel = screen.earlier
        assert [(c.reference, c.matched_on) for c in panel.contacts] == [
            (first.reference, ("phone",))
        ]
        assert "repeat victim" in str(panel.option_list.get_option_at_index(0).prompt)
        await pilot.press("ctrl+r", "l")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmLink)  # asked first, nothing linked yet
        assert not recorder.of(CallFinished)
        await pilot.press("y")
        await settle(pilot)
        assert [m.reference for m in recorder.of(CallFinished)] == [first.reference]
        assert not recorder.of(CallLogged)

    with screen_store.unit_of_work(read_only=True) as uow:
        assert len(uow.logs.open_logs()) == 1
    linked = events(app.room, first.reference)[-1]
    assert linked.type is EventType.DUPLICATE_LINKED
    assert linked.payload["caller"] == "Bob Smith" and linked.payload["phone"] == "07700900123"
    story = log_story(app.room, first.reference)
    assert [(c.name, c.phone) for c in story.contacts] == [
        ("Ann Smith", "07700900123"),
        ("Bob Smith", "07700900123"),
    ]
    assert intake.unfinished_calls(screen_store, dispatcher) == []


async def test_an_unfinished_call_is_offered_back_exactly_after_the_app_stops(
    make_app: AppFactory, screen_store: Store, clock: ManualClock
) -> None:
    first_app = make_app()
    async with first_app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("2")  # 101
        await type_text(pilot, "Ann Smith")
        await pilot.press("enter")
        await type_text(pilot, "07700 900123")
        await pilot.press("enter", "3")  # third party
        await type_text(pilot, "touchwood")
        await settle(pilot)
        await pilot.press("enter")  # the place fills address, NPU, coordinates: on to the type
        await settle(pilot)
        await pilot.press("shift+tab", "shift+tab", "shift+tab")  # back to the address
        await pilot.press("ctrl+u")
        await type_text(pilot, "Unit 4, the mall")
        await pilot.press("tab", "5")  # NPU 5 is SH; choosing it goes on to the coordinates
        await pilot.press("ctrl+u")
        await type_text(pilot, "52.4128, -1.7781")
        await pilot.press("tab")
        await type_text(pilot, "shopl")
        await pilot.press("tab")
        await type_text(pilot, "security have a man in the office")
        await pilot.pause(0.6)
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, IntakeScreen)
        typed = screen.body()
        assert screen.draft_id is not None
    # The app is gone, as if the machine died: a new app on the same database.
    assert typed["incident_type"] == "shoplifting"  # written out in full on leaving the box
    recorder = Recorder()
    second_app = make_app()
    async with second_app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "RecoverCall"
        assert "Ann Smith" in str(pilot.app.screen.query_one("#draft-summary").render())
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, IntakeScreen)
        assert screen.body() == typed
        assert screen.place.place is not None and screen.place.place.id == 5001
        assert screen.query_one("#caller-name", Input).value == "Ann Smith"
        await pilot.press("ctrl+s")
        await settle(pilot)
        (logged,) = recorder.of(CallLogged)
    log = intake.get_log(screen_store, logged.reference)
    assert (log.channel, log.incident_type, log.address, log.npu) == (
        "101",
        "shoplifting",
        "Unit 4, the mall",
        "SH",
    )
    assert (log.lat, log.lon, log.location_id) == (52.4128, -1.7781, 5001)
    assert (
        intake.unfinished_calls(screen_store, sign_in(screen_store, "Jade Thompson", "1234")) == []
    )


async def test_domestic_abuse_asks_the_dash_screen_and_a_raise_needs_a_reason(
    make_app: AppFactory,
) -> None:
    recorder = Recorder()
    app = make_app()
    facts = {
        "threat": {"in_progress": False, "offender_present": "no", "minutes_since": 1440},
        "investigation": {"crime": True, "suspect": "named"},
        "vulnerability": {"flags": ["domestic_abuse"]},
        "engagement": {"accepts_appointment": True},
    }
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        reference = await take_call(pilot, channel="101", incident_type="domestic_abuse")
        screen = pilot.app.screen
        assert isinstance(screen, ThriveScreen)
        assert len(screen.query("RiskScreenPanel QuestionRow")) == 27
        await answer_thrive(
            pilot,
            Facts.model_validate(facts),
            dash_yes=10,
            raise_to="high",
            because="threats to kill last week",
        )
        assert screen.assessment.facts.risk.dash_risk is not None
        assert screen.assessment.facts.risk.dash_risk.value == "high"
        score = str(screen.query_one("#dash-score").render())
        assert "10 yes, 17 no, 0 don't know, 0 not asked of 27" in score
        assert "judged from medium" in score and "Marac referral" in score
        missing = screen.assessment.missing(screen.asked)
        await record_thrive(pilot)
        grading_screen = pilot.app.screen
        assert isinstance(grading_screen, GradingScreen), missing
        assert grading_screen.decision is not None
        assert grading_screen.decision.grade.value == "P2"
    facts_recorded = grading.latest_facts(app.room, reference)[0]
    assert facts_recorded.risk.dash_risk is not None
    assert facts_recorded.risk.dash_risk.value == "high"
    assert "domestic_abuse" in {f.value for f in facts_recorded.vulnerability.flags}
    assessment = grading.latest_assessment(app.room, reference)
    assert assessment is not None and "dash" in assessment.answered[Dimension.RISK]
    # DOMAIN.md §3 (2026.2): "A high result records a Marac referral on the log and alerts the
    # supervisor."
    history = events(app.room, reference)
    referral = next(e for e in history if e.type is EventType.REFERRAL_RECORDED)
    assert referral.payload["referral"] == "Marac referral"
    alert = next(e for e in history if e.type is EventType.ESCALATION_RAISED)
    assert alert.payload["to"] == "supervisor"


async def test_a_regrade_after_a_rethrive_always_needs_a_reason(
    make_app: AppFactory, screen_store: Store, clock: ManualClock
) -> None:
    recorder = Recorder()
    app = make_app()
    room = app.room
    reference = graded_log(screen_store, clock, room, "theft", {"investigation": {"crime": True}})
    assert intake.get_log(screen_store, reference).grade == "P9"
    rethrive = {"investigation": {"crime": True, "suspect": "named", "lines_of_enquiry": ["cctv"]}}
    asked = room.policies.questions.asked(IncidentType.THEFT)
    answered: dict[Dimension, list[str]] = {d: [] for d in Dimension}
    for question in asked:
        answered[question.dimension].append(question.id)
    grading.record_thrive(
        room,
        sign_in(screen_store, "Jade Thompson", "1234"),
        reference,
        assessment_from_facts(
            Facts.model_validate(rethrive), {d: "CCTV found" for d in Dimension}, answered
        ),
    )
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        pilot.app.post_message(ThriveRecorded(reference))
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, GradingScreen)
        assert "Re-grade: the log is P9" in str(screen.query_one("#current-grade").render())
        await pilot.press("enter")  # the proposal, but a re-grade says why
        await settle(pilot)
        assert "re-graded" in str(screen.query_one("#grading-problem").render())
        await type_text(pilot, "CCTV found")
        await pilot.press("enter")
        await settle(pilot)
        assert [m.reference for m in recorder.of(LogGraded)] == [reference]
    regraded = events(room, reference)[-1]
    assert regraded.type is EventType.REGRADED
    assert (regraded.payload["grade"], regraded.payload["previous"]) == ("P5", "P9")
    assert regraded.payload["reason"] == "CCTV found"


async def test_a_p4_books_the_appointment_the_caller_chooses(
    make_app: AppFactory, screen_store: Store, clock: ManualClock
) -> None:
    app = make_app()
    room = app.room
    reference = graded_log(
        screen_store,
        clock,
        room,
        "theft",
        {"investigation": {"crime": True}, "engagement": {"accepts_appointment": True}},
    )
    offers = logbook.appointment_offers(room, reference)
    async with app.run_test(size=SIZE) as pilot:
        pilot.app.post_message(LogGraded(reference))
        await settle(pilot)
        await pilot.press("down", "enter")  # the second slot suits the caller
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "BoardScreen"
    booked = events(room, reference)[-1]
    assert booked.type is EventType.APPOINTMENT_BOOKED
    assert booked.payload["psi"] == offers[1].psi_id
    assert booked.payload["starts_at"] == offers[1].start.isoformat()
    assert intake.get_log(screen_store, reference).resourced_at is not None


async def test_a_p8_asks_for_the_team_that_owns_it(
    make_app: AppFactory, screen_store: Store, clock: ManualClock
) -> None:
    app = make_app()
    room = app.room
    reference = graded_log(
        screen_store, clock, room, "internal_task", {"prevention": {"internal_task": True}}
    )
    assert intake.get_log(screen_store, reference).grade == "P8"
    async with app.run_test(size=SIZE) as pilot:
        pilot.app.post_message(LogGraded(reference))
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, DispatchScreen)
        await pilot.press("enter")  # no team named yet
        await settle(pilot)
        assert "Name the team" in str(screen.query_one("#dispatch-problem").render())
        await type_text(pilot, "Custody office")
        await pilot.press("enter")
        await settle(pilot)
    queued = events(room, reference)[-1]
    assert queued.type is EventType.QUEUED and queued.payload["queue"] == "Custody office"


async def test_a_health_referral_is_recorded_and_closed_as_referred(
    make_app: AppFactory, screen_store: Store, clock: ManualClock
) -> None:
    app = make_app()
    room = app.room
    reference = graded_log(
        screen_store,
        clock,
        room,
        "mental_health",
        {
            "vulnerability": {"flags": ["mental_health"]},
            "engagement": {"resolvable_by_advice": True},
            "prevention": {"partner": "health"},
        },
    )
    assert intake.get_log(screen_store, reference).grade == "P9"
    async with app.run_test(size=SIZE) as pilot:
        pilot.app.post_message(LogGraded(reference))
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, DispatchScreen)
        assert screen.advice == [Advice.PARTNER_REFERRAL]  # ticked for a health referral
        await pilot.press("ctrl+s")
        await settle(pilot)
    log = intake.get_log(screen_store, reference)
    assert (log.state, log.result_code) == ("closed", "referred_to_partner")
    advice = events(room, reference)[-2]
    assert advice.type is EventType.ADVICE_GIVEN
    assert advice.payload["advice"] == ["partner_referral"]
    assert "Right Care Right Person" in advice.payload["note"]


async def test_leaving_an_ungraded_thrive_never_says_done(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reference = await take_call(pilot, channel="101", incident_type="theft", narrative="bike")
        await pilot.press("escape")  # nothing answered: straight back to the board
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        said = [n.message for n in app._notifications]
        assert f"{reference} done." not in said
        assert f"{reference} left ungraded on the board: its THRIVE+ is still to finish." in said


async def test_leaving_a_regrade_says_the_log_keeps_its_grade(
    make_app: AppFactory, screen_store: Store, clock: ManualClock
) -> None:
    """Found by the QA walk: Esc on the grading screen of a re-THRIVE asked "Leave … ungraded?"
    though the log stays graded."""
    from wmp_tui.screens.confirm_leave import ConfirmLeave

    app = make_app()
    room = app.room
    reference = graded_log(screen_store, clock, room, "theft", {"investigation": {"crime": True}})
    async with app.run_test(size=SIZE) as pilot:
        pilot.app.post_message(ThriveRecorded(reference))
        await settle(pilot)
        assert isinstance(pilot.app.screen, GradingScreen)
        await pilot.press("escape")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmLeave)
        words = " ".join(str(w.render()) for w in dialog.query("Static"))
        assert "ungraded" not in words
        assert f"Leave {reference} as P9?" in words
        await pilot.press("y")
        await settle(pilot)
        said = [n.message for n in pilot.app._notifications]
        assert f"{reference} stays P9 on the board." in said
    assert intake.get_log(screen_store, reference).grade == "P9"
