"""A P1 graded first, on both backends: what is written, and what is refused until THRIVE+
is complete (DOMAIN.md §3)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.services.conftest import SUPERVISOR, complete
from wmp_tui.domain.facts import Facts
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.log import EventType
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.thrive import Dimension, ThriveAssessment
from wmp_tui.domain.vocabulary import Grade, ResultCode
from wmp_tui.services import board, grading, intake, logbook
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.errors import Refused
from wmp_tui.services.room import Room

KNIFE = {"threat": {"in_progress": True, "offender_present": "yes", "weapon": "knife"}}


def knife_call(room: Room, operator: Operator) -> str:
    log = intake.take_call(
        room.store,
        room.clock,
        operator,
        CallDetails(channel="999", incident_type="weapons", address="Touchwood", npu="SH"),
    )
    return log.reference


def first_answers() -> ThriveAssessment:
    return ThriveAssessment(
        facts=Facts.model_validate(KNIFE),
        answered={Dimension.THREAT: ("threat.now", "threat.offender_there", "threat.weapon")},
    )


def test_a_p1_graded_first_is_held_until_its_thrive_is_complete(
    room: Room, dispatcher: Operator, clock: ManualClock
) -> None:
    reference = knife_call(room, dispatcher)
    graded = grading.grade_p1_first(room, dispatcher, reference, first_answers())
    assert graded.grade is Grade.P1
    log = intake.get_log(room.store, reference)
    assert log.grade == "P1" and log.thrive_due_at == clock.now() + timedelta(minutes=10)

    clock.advance(minutes=10)
    line = next(line for line in board.log_page(room).rows if line.reference == reference)
    assert "thrive_late" in [str(kind) for kind in line.alerts]

    with pytest.raises(Refused, match="before closing it"):
        logbook.close(room, dispatcher, reference, ResultCode.NO_TRACE, supervisor=SUPERVISOR)
    with pytest.raises(Refused, match="before re-grading it"):
        grading.grade(
            room, dispatcher, reference, chosen=Grade.P3, reason="calm", supervisor=SUPERVISOR
        )
    with pytest.raises(Refused, match="before re-grading it"):
        grading.proposal(room, reference)

    recorded = grading.record_thrive(room, dispatcher, reference, complete(room, "weapons", KNIFE))
    assert recorded.completed_p1_first and not recorded.missing
    log = intake.get_log(room.store, reference)
    assert log.thrive_due_at is None and log.grade == "P1"
    last = logbook.history(room, reference)[1][-1]
    assert last.type is EventType.THRIVE_RECORDED
    assert last.payload["completes_p1_first"] and last.payload["late"]
    assert grading.proposal(room, reference).grade is Grade.P1


def test_a_call_with_no_p1_rule_is_not_graded_first(room: Room, dispatcher: Operator) -> None:
    reference = knife_call(room, dispatcher)
    calm = ThriveAssessment(answered={Dimension.THREAT: ("threat.now",)})
    with pytest.raises(Refused, match="not an immediate P1"):
        grading.grade_p1_first(room, dispatcher, reference, calm)
    assert intake.get_log(room.store, reference).grade is None
    assert [e.type for e in logbook.history(room, reference)[1]] == [EventType.CREATED]
