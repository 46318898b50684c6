"""Three measures whose definitions the board, the supervisor's room and `wmp-tui report` must
share (DOMAIN.md §6, §9), through the real services on SQLite and PostgreSQL: resolution at
first contact, the reasons for delay missing, and the downgrades."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.services.conftest import SUPERVISOR, TakeCall, complete
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.supervision import Overdue
from wmp_tui.domain.vocabulary import Grade, ResultCode, UnitStatus
from wmp_tui.services import board, dispatch, grading, intake, log_clock, logbook, supervision
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.errors import Refused
from wmp_tui.services.measures import report
from wmp_tui.services.room import Room

ASSAULT = {
    "threat": {"in_progress": True, "offender_present": "yes", "violence": "used"},
    "harm": {"injury": "minor", "harm_types": ["physical"]},
    "investigation": {"crime": True, "suspect": "described"},
}
NOISE = {"engagement": {"resolvable_by_advice": True}, "prevention": {"partner": "council"}}
BURGLARY = {"investigation": {"crime": True}}
DAY = date(2026, 11, 23)


def test_only_a_log_closed_with_nobody_sent_is_resolved_at_first_contact(
    room: Room, dispatcher: Operator, graded_call: TakeCall, clock: ManualClock
) -> None:
    """Found driving the app: a P1 with two units sent (one arrived), closed with an arrest,
    was counted as resolved at first contact beside the P9 closed with advice."""
    p1 = graded_call("violence", ASSAULT)
    assert p1.grade == "P1"
    first, second = [r.unit_id for r in dispatch.recommendations(room, p1.reference)[:2]]
    dispatch.send(room, dispatcher, p1.reference, first)
    dispatch.send(room, dispatcher, p1.reference, second)
    clock.advance(minutes=6)
    dispatch.update_status(room, dispatcher, first, UnitStatus.AT_SCENE)
    clock.advance(minutes=30)
    dispatch.update_status(room, dispatcher, second, UnitStatus.ON_PATROL)  # stood down
    dispatch.update_status(room, dispatcher, first, UnitStatus.ON_PATROL)
    grading.record_thrive(room, dispatcher, p1.reference, complete(room, "violence", ASSAULT))
    logbook.record_crime(room, dispatcher, p1.reference, "20/123456/26")
    logbook.close(room, dispatcher, p1.reference, ResultCode.ARREST)

    noise = graded_call("neighbour_dispute", NOISE)
    assert noise.grade == "P9"
    logbook.record_advice(room, dispatcher, noise.reference, [logbook.Advice.PARTNER_REFERRAL])
    logbook.close(room, dispatcher, noise.reference, ResultCode.ADVICE_GIVEN)

    resolution = report(room, DAY, DAY).first_contact_resolution
    assert (resolution.resolved, resolution.logs) == (1, 2)


def test_a_log_whose_units_were_all_stood_down_is_not_resolved_at_first_contact(
    room: Room, dispatcher: Operator, graded_call: TakeCall, clock: ManualClock
) -> None:
    """A unit was sent and stood down before it arrived, then the log closed: the contact
    was not resolved without deployment, though the log ended with nobody on it."""
    p1 = graded_call("violence", ASSAULT)
    unit = dispatch.recommendations(room, p1.reference)[0].unit_id
    dispatch.send(room, dispatcher, p1.reference, unit)
    clock.advance(minutes=3)
    dispatch.update_status(room, dispatcher, unit, UnitStatus.ON_PATROL)  # stood down
    grading.record_thrive(room, dispatcher, p1.reference, complete(room, "violence", ASSAULT))
    logbook.record_crime(room, dispatcher, p1.reference, "20/123457/26")
    logbook.close(room, dispatcher, p1.reference, ResultCode.NO_TRACE)

    noise = graded_call("neighbour_dispute", NOISE)
    logbook.record_advice(room, dispatcher, noise.reference, [logbook.Advice.PARTNER_REFERRAL])
    logbook.close(room, dispatcher, noise.reference, ResultCode.ADVICE_GIVEN)

    resolution = report(room, DAY, DAY).first_contact_resolution
    assert (resolution.resolved, resolution.logs) == (1, 2)


def _missing_on_the_board(room: Room) -> tuple[int, set[str]]:
    summary = board.summary(room)
    flagged = {line.reference for line in board.log_page(room).rows if line.delay_reason_missing}
    return summary.delay_reason_missing, flagged


def _missing_in_the_supervisors_room(room: Room) -> set[str]:
    view = supervision.supervisor_view(room)
    return {w.reference for w in view.overdue[Overdue.DELAY_REASON_MISSING]}


def test_the_board_and_the_supervisors_room_agree_on_the_reasons_for_delay_missing(
    room: Room, dispatcher: Operator, graded_call: TakeCall, clock: ManualClock
) -> None:
    """Found driving the app: the board counted 1 reason for delay missing (the log nobody
    was sent to), the supervisor's room 2 (that one and a log with two units still en route
    when its deadline passed). Every passed deadline needs its reason (DOMAIN.md §6): the
    units on the way had not attended in time, and why is for the dispatcher to say."""
    nobody = graded_call("violence", ASSAULT)  # A: no unit by its deadline
    en_route = graded_call("violence", ASSAULT)  # B: two units on the way, none there
    for unit in [r.unit_id for r in dispatch.recommendations(room, en_route.reference)[:2]]:
        dispatch.send(room, dispatcher, en_route.reference, unit)
    kept = graded_call("violence", ASSAULT)  # attended in time: nothing to explain
    unit = dispatch.recommendations(room, kept.reference)[0].unit_id
    dispatch.send(room, dispatcher, kept.reference, unit)
    clock.advance(minutes=10)
    dispatch.update_status(room, dispatcher, unit, UnitStatus.AT_SCENE)

    clock.advance(minutes=10)  # 20 minutes after grading: the P1s' 15 minutes have passed
    expected = {nobody.reference, en_route.reference}
    assert log_clock.record_clocks(room) > 0  # the board's poll writes the breaches
    count, flagged = _missing_on_the_board(room)
    assert (count, flagged) == (len(expected), expected)
    assert _missing_in_the_supervisors_room(room) == expected

    log_clock.record_delay_reason(room, dispatcher, en_route.reference, "caller_unavailable")
    count, flagged = _missing_on_the_board(room)
    assert (count, flagged) == (1, {nobody.reference})
    assert _missing_in_the_supervisors_room(room) == {nobody.reference}


def test_a_grade_below_the_proposal_is_a_downgrade_for_the_measures(
    room: Room, dispatcher: Operator, graded_call: TakeCall, clock: ManualClock
) -> None:
    """Found driving the app: a P3 re-graded P2 against a proposal of P1 needed (and had) a
    supervisor's authorisation, yet the supervisor's room and the report counted no
    downgrade. The measures count the gradings that need that authorisation."""
    log = graded_call("burglary_dwelling", BURGLARY)
    assert log.grade == "P3"
    clock.advance(minutes=5)
    fresh = complete(room, "burglary_dwelling", {**BURGLARY, **ASSAULT})
    grading.record_thrive(room, dispatcher, log.reference, fresh)
    assert grading.proposal(room, log.reference).grade is Grade.P1
    with pytest.raises(Refused, match="downgrade needs a supervisor"):
        grading.grade(room, dispatcher, log.reference, chosen=Grade.P2, reason="one suspect")
    graded = grading.grade(
        room,
        dispatcher,
        log.reference,
        chosen=Grade.P2,
        reason="one suspect, left on foot",
        supervisor=SUPERVISOR,
    )
    assert graded.downgrade and graded.authorised_by == SUPERVISOR[0]

    view = supervision.supervisor_view(room)
    assert [(d.reference, d.previous, d.grade, d.authorised_by) for d in view.downgrades] == [
        (log.reference, "P1", "P2", SUPERVISOR[0])
    ]
    downgrades = report(room, DAY, DAY).downgrades
    assert (downgrades.count, downgrades.authorised, downgrades.all_authorised) == (1, 1, True)
    # The clock is the log's: P3 → P2 is a higher priority, so the deadline is the earlier
    # of the old one and the P2's 60 minutes from now, not 60 minutes from the first grading.
    after = intake.get_log(room.store, log.reference)
    assert after.deadline == clock.now() + timedelta(minutes=60)


def test_an_upgrade_that_follows_the_proposal_is_no_downgrade(
    room: Room, dispatcher: Operator, graded_call: TakeCall, clock: ManualClock
) -> None:
    log = graded_call("burglary_dwelling", BURGLARY)
    clock.advance(minutes=5)
    fresh = complete(room, "burglary_dwelling", {**BURGLARY, **ASSAULT})
    grading.record_thrive(room, dispatcher, log.reference, fresh)
    graded = grading.grade(room, dispatcher, log.reference, reason="knife seen now")
    assert graded.grade is Grade.P1 and not graded.downgrade
    assert supervision.supervisor_view(room).downgrades == ()
    assert report(room, DAY, DAY).downgrades.count == 0


def test_the_supervisors_room_writes_a_passed_deadline_it_is_first_to_see(
    room: Room, dispatcher: Operator, graded_call: TakeCall, clock: ManualClock
) -> None:
    """No board has polled since the deadline passed: the supervisor's room writes the breach
    on the log (as a board would) and the board's counts then say the same."""
    p1 = graded_call("violence", ASSAULT)
    clock.advance(minutes=16)
    assert _missing_in_the_supervisors_room(room) == {p1.reference}
    assert intake.get_log(room.store, p1.reference).breached_at == clock.now()
    assert _missing_on_the_board(room) == (1, {p1.reference})
