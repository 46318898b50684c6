"""The report's measures from logs written through the real services on a test clock, on
SQLite and PostgreSQL: exact numbers for attendance, medians, resolution, downgrades,
re-THRIVEs, unrecorded crimes and the tipping point."""

from __future__ import annotations

from datetime import date, timedelta

from tests.services.conftest import SUPERVISOR, TakeCall, complete
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.vocabulary import Grade, ResultCode, UnitStatus, UnitType
from wmp_tui.services import dispatch, grading, logbook
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.measures import report
from wmp_tui.services.room import Room

ASSAULT = {
    "threat": {"in_progress": True, "offender_present": "yes", "violence": "used"},
    "harm": {"injury": "minor", "harm_types": ["physical"]},
    "investigation": {"crime": True, "suspect": "described"},
}
NOISE = {"engagement": {"resolvable_by_advice": True}, "prevention": {"partner": "council"}}
DAMAGE = {"investigation": {"crime": True, "suspect": "described", "lines_of_enquiry": ["witness"]}}
DAY = date(2026, 11, 23)


def attend(room: Room, clock: ManualClock, who: Operator, reference: str, minutes: float) -> str:
    """Send the best unit now and have it arrive `minutes` after the log's grading time."""
    unit = dispatch.recommendations(room, reference)[0].unit_id
    dispatch.send(room, who, reference, unit)
    clock.advance(minutes=minutes)
    dispatch.update_status(room, who, unit, UnitStatus.AT_SCENE)
    return unit


def test_a_shift_counted_exactly(
    room: Room, dispatcher: Operator, graded_call: TakeCall, clock: ManualClock
) -> None:
    first = graded_call("violence", ASSAULT)  # 20:00, P1
    sent = [attend(room, clock, dispatcher, first.reference, 7)]  # 20:07: within 15 min
    clock.set(first.graded_at + timedelta(minutes=10))  # type: ignore[operator]
    late = graded_call("violence", ASSAULT)  # 20:10, P1
    sent.append(attend(room, clock, dispatcher, late.reference, 20))  # 20:30: 20 min, late
    exact = graded_call("violence", ASSAULT)  # 20:30, P1
    sent.append(attend(room, clock, dispatcher, exact.reference, 15))  # 20:45: exactly 15 min
    unattended = graded_call("violence", ASSAULT)  # 20:45, P1 never attended

    noise = graded_call("neighbour_dispute", NOISE)
    assert noise.grade == "P9"
    logbook.record_advice(room, dispatcher, noise.reference, [logbook.Advice.PARTNER_REFERRAL])
    logbook.close(room, dispatcher, noise.reference, ResultCode.ADVICE_GIVEN)

    damage = graded_call("criminal_damage", DAMAGE)
    assert damage.grade == "P5"
    clock.advance(minutes=30)
    logbook.queue_work(room, dispatcher, damage.reference)

    downgraded = graded_call("violence", ASSAULT)
    assert downgraded.grade == "P1"
    clock.advance(minutes=5)
    grading.record_thrive(room, dispatcher, downgraded.reference, complete(room, "violence", {}))
    grading.grade(
        room,
        dispatcher,
        downgraded.reference,
        chosen=Grade.P3,
        reason="caller says it is over",
        supervisor=SUPERVISOR,
    )

    so_far = report(room, DAY, DAY)  # the evening: the 23:00 tour has not started
    assert [t.at.hour for t in so_far.tipping_point] == [7, 15]
    clock.set(clock.now().replace(hour=23, minute=30))
    measured = report(room, DAY, DAY)
    p1 = measured.grades[Grade.P1]
    assert (p1.logs, p1.attended, p1.within_sla) == (4, 3, 2)
    assert p1.attainment == round(2 / 3, 4)
    assert p1.median_minutes == 15.0  # of 7, 15 and 20
    p3 = measured.grades[Grade.P3]
    assert (p3.logs, p3.attended, p3.median_minutes) == (1, 0, None)
    p5 = measured.grades[Grade.P5]
    assert (p5.logs, p5.attended, p5.within_sla, p5.attainment, p5.median_minutes) == (
        1,
        1,
        1,
        1.0,
        None,
    )
    p9 = measured.grades[Grade.P9]
    assert (p9.logs, p9.attended, p9.attainment) == (1, 0, None)
    assert measured.p9_share == round(1 / 7, 4)
    resolution = measured.first_contact_resolution
    assert (resolution.resolved, resolution.logs) == (1, 7)
    assert (measured.downgrades.count, measured.downgrades.authorised) == (1, 1)
    assert measured.downgrades.all_authorised
    assert measured.rethrive_on_time.rethrives == 1 and measured.rethrive_on_time.on_time == 1
    assert measured.channels["999"].contacts == 7  # type: ignore[index]
    assert measured.channels["999"].answered == 0  # type: ignore[index]
    assert unattended.reference
    # Tours start 07:00, 15:00 and 23:00 local (GMT in November): at 23:00 two P1s wait
    # (the unattended one and the one downgraded to P3), the others have units.
    tours = [(t.at.hour, t.open_logs) for t in measured.tipping_point]
    assert tours == [(7, 0), (15, 0), (23, 2)]
    with room.store.unit_of_work(read_only=True) as uow:
        response = [u for u in uow.units.by_call_signs(sent) if u.type is UnitType.RESPONSE]
    busy = measured.tipping_point[0].units - measured.tipping_point[2].units
    assert busy == len(response) > 0  # the response units sent are still at scene


def test_the_period_npu_and_a_closed_unrecorded_crime(
    room: Room, dispatcher: Operator, graded_call: TakeCall, clock: ManualClock
) -> None:
    theft = graded_call("theft", {"investigation": {"crime": True}}, npu="BW")
    assert theft.grade == "P9" and theft.crime_disclosed
    logbook.close(
        room,
        dispatcher,
        theft.reference,
        ResultCode.ADVICE_GIVEN,
        unrecorded_crime_reason="caller declined to give details",
        supervisor=SUPERVISOR,
    )
    graded_call("violence", ASSAULT, npu="SH")
    whole = report(room, DAY, DAY)
    assert whole.closed_with_crime_unrecorded == 1
    assert sum(g.logs for g in whole.grades.values()) == 2
    west = report(room, DAY, DAY, npu="BW")
    assert west.grades[Grade.P9].logs == 1 and west.grades[Grade.P1].logs == 0
    assert west.closed_with_crime_unrecorded == 1
    next_day = report(room, DAY + timedelta(days=1), DAY + timedelta(days=1))
    assert sum(g.logs for g in next_day.grades.values()) == 0
    assert next_day.closed_with_crime_unrecorded == 0
    online = report(room, DAY, DAY, channel="online")
    assert list(online.channels) == ["online"]
    assert sum(g.logs for g in online.grades.values()) == 0
