"""The clock of a log on both databases: the deadline kept from the first grading, a breach
and an escalation recorded exactly once, an upgrade due at the earlier deadline, an authorised
downgrade from the first grading, and the reason for delay by a dispatcher only."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.screens.board_data import ASSAULT, BURGLARY
from tests.services.conftest import TakeCall, complete
from wmp_tui.domain.log import EventType
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.vocabulary import Grade
from wmp_tui.services import grading, intake, log_clock, logbook
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.errors import Refused
from wmp_tui.services.room import Room


def kinds(room: Room, reference: str) -> list[EventType]:
    return [e.type for e in logbook.history(room, reference)[1]]


def test_a_breach_and_an_escalation_are_recorded_once_and_survive_a_regrade(
    room: Room, clock: ManualClock, dispatcher: Operator, graded_call: TakeCall
) -> None:
    p1 = graded_call("violence", ASSAULT)
    deadline = clock.now() + timedelta(minutes=15)
    assert p1.deadline == deadline
    clock.advance(minutes=16)
    assert log_clock.record_clocks(room) == 2
    assert log_clock.record_clocks(room) == 0
    grading.record_thrive(room, dispatcher, p1.reference, complete(room, "violence", ASSAULT))
    grading.grade(room, dispatcher, p1.reference, reason="caller rang again")
    log = intake.get_log(room.store, p1.reference)
    assert log.deadline == deadline and log.breached_at is not None
    assert kinds(room, p1.reference).count(EventType.DEADLINE_BREACHED) == 1
    assert kinds(room, p1.reference).count(EventType.ESCALATION_RAISED) == 1


def test_an_upgrade_is_due_at_the_earlier_deadline(
    room: Room, clock: ManualClock, dispatcher: Operator, graded_call: TakeCall
) -> None:
    p3 = graded_call("burglary_dwelling", BURGLARY)
    clock.advance(hours=2)
    grading.record_thrive(
        room, dispatcher, p3.reference, complete(room, "burglary_dwelling", BURGLARY)
    )
    grading.grade(room, dispatcher, p3.reference, chosen=Grade.P1, reason="offender back")
    assert intake.get_log(room.store, p3.reference).deadline == clock.now() + timedelta(minutes=15)


def test_the_reason_for_delay_is_a_dispatchers_and_needs_a_breach(
    room: Room, clock: ManualClock, dispatcher: Operator, handler: Operator, graded_call: TakeCall
) -> None:
    p1 = graded_call("violence", ASSAULT)
    with pytest.raises(Refused, match="has not passed its deadline"):
        log_clock.record_delay_reason(room, dispatcher, p1.reference, "no_unit_available")
    clock.advance(minutes=16)
    with pytest.raises(Refused, match="call handler"):
        log_clock.record_delay_reason(room, handler, p1.reference, "no_unit_available")
    with pytest.raises(Refused, match="in words"):
        log_clock.record_delay_reason(room, dispatcher, p1.reference, "other")
    event = log_clock.record_delay_reason(room, dispatcher, p1.reference, "other", "road shut")
    assert event.payload == {"reason": "other", "label": "Other (say why)", "words": "road shut"}
    log = intake.get_log(room.store, p1.reference)
    assert log.delay_reason == "other" and log.breached_at is not None
