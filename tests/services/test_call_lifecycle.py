"""A call from intake to close through the services, on SQLite and PostgreSQL.

Each test asserts on what was written: the log row, its events, the unit, the assignment.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.services.conftest import SUPERVISOR, TakeCall, complete
from wmp_tui.domain.answering import Advice
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.log import EventType, Log
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.vocabulary import Grade, ResultCode, UnitStatus, UnitType
from wmp_tui.services import dispatch, grading, intake, log_clock, logbook
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.errors import Refused
from wmp_tui.services.room import Room
from wmp_tui.services.signin import sign_in
from wmp_tui.store.tables import AssignmentRow, GradingDecisionRow, ThriveAssessmentRow

ASSAULT = {
    "threat": {"in_progress": True, "offender_present": "yes", "violence": "used"},
    "harm": {"injury": "minor", "harm_types": ["physical"]},
    "investigation": {"crime": True, "suspect": "described"},
}
NOISE = {"engagement": {"resolvable_by_advice": True}, "prevention": {"partner": "council"}}


def event_types(room: Room, reference: str) -> list[EventType]:
    return [event.type for event in logbook.history(room, reference)[1]]


def writing_up_on_a_p3(room: Room, dispatcher: Operator, graded_call: TakeCall) -> tuple[Log, str]:
    """A P3 burglary whose unit was sent, arrived and is writing up (status 7, divertible)."""
    burglary = graded_call("burglary_dwelling", {"investigation": {"crime": True}})
    assert burglary.grade == "P3"
    unit = dispatch.recommendations(room, burglary.reference)[0].unit_id
    dispatch.send(room, dispatcher, burglary.reference, unit)
    dispatch.update_status(room, dispatcher, unit, UnitStatus.AT_SCENE)
    dispatch.update_status(room, dispatcher, unit, UnitStatus.COMMITTED_DEPLOYABLE)
    return burglary, unit


def test_a_p1_from_intake_to_close(
    room: Room, dispatcher: Operator, graded_call: TakeCall, clock: ManualClock
) -> None:
    log = graded_call("violence", ASSAULT)
    assert log.grade == "P1" and log.crime_disclosed
    options = dispatch.recommendations(room, log.reference)
    assert options, "a P1 in Solihull town centre has units nearby"
    first = options[0]
    assert first.unit_type is not UnitType.PCSO  # violence: no PCSO
    assert first.status in (UnitStatus.ON_DUTY, UnitStatus.ON_PATROL, UnitStatus.AT_STATION)

    clock.advance(minutes=1)
    sent = dispatch.send(room, dispatcher, log.reference, first.unit_id)
    assert sent.call_sign == first.unit_id and sent.eta_minutes == first.eta_minutes
    with room.store.unit_of_work(read_only=True) as uow:
        unit = uow.units.by_call_signs([first.unit_id])[0]
        assert unit.status is UnitStatus.EN_ROUTE and unit.log_id == log.id
        assert unit.current_grade is Grade.P1
        stored = uow.logs.get(log.id)
        assert stored is not None and stored.resourced_at == clock.now()

    clock.advance(minutes=6)
    arrived = dispatch.update_status(room, dispatcher, first.unit_id, UnitStatus.AT_SCENE)
    with room.store.unit_of_work(read_only=True) as uow:
        # The unit the service answers with is the row it wrote, as the board reads it.
        assert arrived == uow.units.by_call_signs([first.unit_id])[0]
        assert arrived.status is UnitStatus.AT_SCENE and arrived.status_since == clock.now()
        assignment = uow.session.scalars(
            select(AssignmentRow).where(AssignmentRow.log_id == log.id)
        ).one()
        assert assignment.state == "at_scene" and assignment.arrived_at == clock.now()

    with pytest.raises(Refused, match="still on"):
        logbook.close(room, dispatcher, log.reference, ResultCode.ARREST)
    cleared = dispatch.update_status(room, dispatcher, first.unit_id, UnitStatus.ON_PATROL)
    assert (cleared.log_id, cleared.current_grade) == (None, None)
    assert cleared.version == unit.version + 2
    with room.store.unit_of_work(read_only=True) as uow:
        assert cleared == uow.units.by_call_signs([first.unit_id])[0]
    with pytest.raises(Refused, match="not recorded"):
        logbook.close(room, dispatcher, log.reference, ResultCode.ARREST)
    logbook.record_crime(room, dispatcher, log.reference, "20/123456/26")
    with pytest.raises(Refused, match="fresh THRIVE"):
        logbook.close(room, dispatcher, log.reference, ResultCode.ARREST)
    grading.record_thrive(room, dispatcher, log.reference, complete(room, "violence", ASSAULT))
    logbook.close(room, dispatcher, log.reference, ResultCode.ARREST, note="one arrested")

    closed = intake.get_log(room.store, log.reference)
    assert closed.state == "closed" and closed.result_code == "arrest"
    assert event_types(room, log.reference) == [
        EventType.CREATED,
        EventType.THRIVE_RECORDED,
        EventType.GRADED,
        EventType.UNIT_ASSIGNED,
        EventType.UNIT_AT_SCENE,
        EventType.UNIT_CLEARED,
        EventType.CRIME_RECORDED,
        EventType.THRIVE_RECORDED,
        EventType.CLOSED,
    ]
    with room.store.unit_of_work(read_only=True) as uow:
        freed = uow.units.by_call_signs([first.unit_id])[0]
        assert freed.status is UnitStatus.ON_PATROL and freed.log_id is None


def test_a_unit_stood_down_before_the_scene_leaves_the_log_unresourced_again(
    room: Room, dispatcher: Operator, graded_call: TakeCall, clock: ManualClock
) -> None:
    log = graded_call("violence", ASSAULT)
    unit = dispatch.recommendations(room, log.reference)[0].unit_id
    dispatch.send(room, dispatcher, log.reference, unit)
    clock.advance(minutes=2)
    dispatch.update_status(room, dispatcher, unit, UnitStatus.ON_PATROL)
    assert intake.get_log(room.store, log.reference).resourced_at is None
    clock.advance(minutes=3)
    assert log_clock.record_clocks(room) == 1
    assert EventType.ESCALATION_RAISED in event_types(room, log.reference)


def test_grading_is_refused_until_thrive_is_complete(room: Room, dispatcher: Operator) -> None:
    log = intake.take_call(
        room.store,
        room.clock,
        dispatcher,
        CallDetails(channel="101", incident_type="theft", address="Bull Street"),
    )
    with pytest.raises(Refused, match="THRIVE"):
        grading.grade(room, dispatcher, log.reference)
    partial = complete(room, "theft", {"investigation": {"crime": True}}).model_copy(
        update={"rationales": {}}
    )
    recorded = grading.record_thrive(room, dispatcher, log.reference, partial)
    assert len(recorded.missing) == 7  # a rationale per dimension
    with pytest.raises(Refused, match="rationale"):
        grading.grade(room, dispatcher, log.reference)
    assert intake.get_log(room.store, log.reference).grade is None


def test_a_downgrade_needs_a_reason_and_a_supervisor(
    room: Room, dispatcher: Operator, handler: Operator
) -> None:
    log = intake.take_call(
        room.store,
        room.clock,
        handler,
        CallDetails(channel="999", incident_type="violence", address="Broad Street"),
    )
    grading.record_thrive(room, handler, log.reference, complete(room, "violence", ASSAULT))
    with pytest.raises(Refused, match="reason"):
        grading.grade(room, handler, log.reference, chosen=Grade.P3)
    with pytest.raises(Refused, match="supervisor"):
        grading.grade(room, handler, log.reference, chosen=Grade.P3, reason="calmed down")
    with pytest.raises(Refused, match="not a supervisor"):
        grading.grade(
            room,
            handler,
            log.reference,
            chosen=Grade.P3,
            reason="calmed down",
            supervisor=("Jade Thompson", "1234"),
        )
    with pytest.raises(Refused, match="not recognised"):
        grading.grade(
            room,
            handler,
            log.reference,
            chosen=Grade.P3,
            reason="calmed down",
            supervisor=(SUPERVISOR[0], "9999"),
        )
    graded = grading.grade(
        room, handler, log.reference, chosen=Grade.P3, reason="calmed down", supervisor=SUPERVISOR
    )
    assert graded.grade is Grade.P3 and graded.proposed is Grade.P1 and graded.downgrade
    with room.store.unit_of_work(read_only=True) as uow:
        row = uow.session.scalars(select(GradingDecisionRow)).one()
        assert (row.grade, row.proposed_grade, row.override_reason) == ("P3", "P1", "calmed down")
        assert row.authorised_by is not None
    events = logbook.history(room, log.reference)[1]
    assert events[-1].payload["authorised_by"] == SUPERVISOR[0]


def test_a_regrade_needs_a_fresh_thrive_and_keeps_the_old_one(
    room: Room, dispatcher: Operator, graded_call: TakeCall
) -> None:
    log = graded_call("theft", {"investigation": {"crime": True}})
    assert log.grade == "P9"
    with pytest.raises(Refused, match="re-THRIVE"):
        grading.grade(room, dispatcher, log.reference, reason="new information")
    rethrive = complete(
        room,
        "theft",
        {"investigation": {"crime": True, "suspect": "named", "lines_of_enquiry": ["cctv"]}},
    )
    grading.record_thrive(room, dispatcher, log.reference, rethrive)
    with pytest.raises(Refused, match="why"):
        grading.grade(room, dispatcher, log.reference)
    regraded = grading.grade(room, dispatcher, log.reference, reason="CCTV found")
    assert regraded.grade is Grade.P5 and not regraded.downgrade
    with room.store.unit_of_work(read_only=True) as uow:
        assert len(uow.session.scalars(select(ThriveAssessmentRow)).all()) == 2
    assert event_types(room, log.reference)[-1] is EventType.REGRADED
    assert [h["grade"] for h in grading.grading_history(room, log.reference)] == ["P9", "P5"]


def test_a_regrade_moves_the_grade_of_the_units_on_the_log(
    room: Room, dispatcher: Operator, graded_call: TakeCall
) -> None:
    """A P3 whose unit is writing up at the scene is upgraded to a P1: the unit is now on a
    P1 (the grade the board's unit list reads), so another P1 may no longer divert it away."""
    burglary, unit = writing_up_on_a_p3(room, dispatcher, graded_call)
    grading.record_thrive(
        room, dispatcher, burglary.reference, complete(room, "burglary_dwelling", ASSAULT)
    )
    regraded = grading.grade(room, dispatcher, burglary.reference, reason="offender came back")
    assert regraded.grade is Grade.P1

    with room.store.unit_of_work(read_only=True) as uow:
        assert uow.units.by_call_signs([unit])[0].current_grade is Grade.P1
    urgent = graded_call("violence", ASSAULT)
    assert unit not in [r.unit_id for r in dispatch.recommendations(room, urgent.reference)]
    with pytest.raises(Refused, match="cannot take a P1"):
        dispatch.send(room, dispatcher, urgent.reference, unit, confirm_diversion=True)


def test_the_second_operator_to_claim_a_unit_is_told_and_offered_the_next(
    room: Room, dispatcher: Operator, graded_call: TakeCall
) -> None:
    first_log = graded_call("violence", ASSAULT)
    second_log = graded_call("violence", ASSAULT)
    best = dispatch.recommendations(room, first_log.reference)[0].unit_id
    colleague = sign_in(room.store, "Ryan Walker", "1234")
    dispatch.send(room, colleague, first_log.reference, best)
    with pytest.raises(Refused, match=r"just dispatched by another operator\. Next best: "):
        dispatch.send(room, dispatcher, second_log.reference, best)
    with room.store.unit_of_work(read_only=True) as uow:
        rows = uow.session.scalars(select(AssignmentRow).where(AssignmentRow.call_sign == best))
        assert [row.log_id for row in rows] == [first_log.id]


def test_a_diversion_needs_confirming_and_returns_the_old_log_to_the_queue(
    room: Room, dispatcher: Operator, graded_call: TakeCall
) -> None:
    burglary, unit = writing_up_on_a_p3(room, dispatcher, graded_call)

    urgent = graded_call("violence", ASSAULT)
    with pytest.raises(dispatch.DiversionNeedsConfirmation, match="unresourced"):
        dispatch.send(room, dispatcher, urgent.reference, unit)
    sent = dispatch.send(room, dispatcher, urgent.reference, unit, confirm_diversion=True)
    assert sent.diverted_from == burglary.reference

    left = intake.get_log(room.store, burglary.reference)
    assert left.resourced_at is None
    last = logbook.history(room, burglary.reference)[1][-1]
    assert last.type is EventType.UNIT_DIVERTED_AWAY and last.payload["back_to_queue"]


def test_a_unit_on_a_p2_is_never_diverted(
    room: Room, dispatcher: Operator, graded_call: TakeCall, clock: ManualClock
) -> None:
    p2 = graded_call(
        "shoplifting", {"threat": {"offender_detained": True}, "investigation": {"crime": True}}
    )
    assert p2.grade == "P2"
    unit = dispatch.recommendations(room, p2.reference)[0].unit_id
    dispatch.send(room, dispatcher, p2.reference, unit)
    dispatch.update_status(room, dispatcher, unit, UnitStatus.AT_SCENE)
    dispatch.update_status(room, dispatcher, unit, UnitStatus.COMMITTED_DEPLOYABLE)
    clock.advance(minutes=30)
    p1 = graded_call("violence", ASSAULT)
    assert unit not in [r.unit_id for r in dispatch.recommendations(room, p1.reference)]
    with pytest.raises(Refused, match="cannot take a P1"):
        dispatch.send(room, dispatcher, p1.reference, unit, confirm_diversion=True)


def test_call_handlers_grade_but_do_not_dispatch(
    room: Room, handler: Operator, graded_call: TakeCall
) -> None:
    log = graded_call("violence", ASSAULT)
    unit = dispatch.recommendations(room, log.reference)[0].unit_id
    with pytest.raises(Refused, match="call handler"):
        dispatch.send(room, handler, log.reference, unit)


def test_a_p9_is_closed_with_the_advice_recorded(
    room: Room, dispatcher: Operator, graded_call: TakeCall
) -> None:
    log = graded_call("neighbour_dispute", NOISE)
    assert log.grade == "P9"
    assert dispatch.recommendations(room, log.reference) == []
    with pytest.raises(Refused, match="Choose the advice"):
        logbook.record_advice(room, dispatcher, log.reference, [])
    logbook.record_advice(
        room,
        dispatcher,
        log.reference,
        [Advice.PARTNER_REFERRAL, Advice.CRIME_PREVENTION],
        "council ASB team",
    )
    logbook.close(room, dispatcher, log.reference, ResultCode.ADVICE_GIVEN)
    events = logbook.history(room, log.reference)[1]
    assert events[-2].payload["advice"] == ["partner_referral", "crime_prevention"]
    assert intake.get_log(room.store, log.reference).state == "closed"


def test_p5_to_p8_are_queued_and_p4_books_a_slot_once(
    room: Room, dispatcher: Operator, graded_call: TakeCall
) -> None:
    p5 = graded_call(
        "criminal_damage",
        {"investigation": {"crime": True, "suspect": "described", "lines_of_enquiry": ["witness"]}},
    )
    assert p5.grade == "P5"
    queued = logbook.queue_work(room, dispatcher, p5.reference)
    assert queued.payload["queue"] == "Force Initial Investigation team"

    p4 = graded_call(
        "theft", {"investigation": {"crime": True}, "engagement": {"accepts_appointment": True}}
    )
    assert p4.grade == "P4"
    with pytest.raises(Refused, match="P5 to P8"):
        logbook.queue_work(room, dispatcher, p4.reference)
    offers = logbook.appointment_offers(room, p4.reference)
    assert offers and offers == sorted(offers, key=lambda slot: slot.start)
    logbook.book_appointment(room, dispatcher, p4.reference, offers[0])
    other = graded_call(
        "theft", {"investigation": {"crime": True}, "engagement": {"accepts_appointment": True}}
    )
    with pytest.raises(Refused, match="just booked"):
        logbook.book_appointment(room, dispatcher, other.reference, offers[0])
    assert logbook.appointment_offers(room, other.reference)[0] != offers[0]


def test_a_repeat_caller_is_found_and_a_duplicate_is_linked(
    room: Room, dispatcher: Operator
) -> None:
    details = CallDetails(
        channel="999",
        incident_type="asb",
        caller_name="Ann Smith",
        phone="07700 900123",
        relationship="victim",
        address="12 Bull Street",
        narrative="youths at the window",
    )
    first = intake.take_call(room.store, room.clock, dispatcher, details)
    found = intake.earlier_contacts(room.store, phone="+44 7700 900123")
    assert [(c.reference, c.matched_on) for c in found] == [(first.reference, ("phone",))]
    by_address = intake.earlier_contacts(room.store, address="12 bull street")
    assert [c.reference for c in by_address] == [first.reference]
    assert intake.earlier_contacts(room.store, phone="0121 000 0000") == []

    linked = intake.link_duplicate(
        room.store,
        room.clock,
        dispatcher,
        first.reference,
        details.model_copy(update={"caller_name": "Bob Smith"}),
    )
    assert linked.id == first.id
    with room.store.unit_of_work(read_only=True) as uow:
        assert len(uow.logs.open_logs()) == 1
    assert event_types(room, first.reference)[-1] is EventType.DUPLICATE_LINKED


def test_a_half_taken_call_is_kept_until_it_is_logged(room: Room, dispatcher: Operator) -> None:
    draft = intake.save_draft(room.store, room.clock, dispatcher, None, {"caller": "Ann"})
    intake.save_draft(room.store, room.clock, dispatcher, draft, {"caller": "Ann Smith"})
    assert intake.unfinished_calls(room.store, dispatcher) == [(draft, {"caller": "Ann Smith"})]
    intake.take_call(
        room.store,
        room.clock,
        dispatcher,
        CallDetails(channel="101", incident_type="theft", address="Bull Street"),
        draft_id=draft,
    )
    assert intake.unfinished_calls(room.store, dispatcher) == []


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("phone", "07700 ABC", "only digits"),
        ("phone", "12", "3 to 15 digits"),
        ("lat", 51.5, "outside the force area"),
    ],
)
def test_bad_intake_fields_are_explained(field: str, value: object, says: str) -> None:
    values = {
        "channel": "999",
        "incident_type": "theft",
        "address": "x",
        "lat": 52.5,
        "lon": -1.9,
        field: value,
    }
    with pytest.raises(ValueError, match=says):
        CallDetails.model_validate(values)
