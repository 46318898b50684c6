"""The supervisor's room through the real services, on SQLite and PostgreSQL: the backlog in
the order of what is at stake, what is overdue, the shift's downgrades, the call-back list and
key decisions in the National Decision Model."""

from __future__ import annotations

import pytest

from tests.services.conftest import SUPERVISOR, TakeCall, complete
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.supervision import DecisionStage, Overdue
from wmp_tui.domain.vocabulary import Grade
from wmp_tui.services import grading, intake, supervision
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.errors import Refused
from wmp_tui.services.room import Room
from wmp_tui.services.signin import sign_in

ASSAULT = {"threat": {"in_progress": True, "offender_present": "yes", "violence": "used"}}
BURGLARY = {"investigation": {"crime": True}}
RATIONALES = {stage.value: f"{stage.label}: done." for stage in DecisionStage}


@pytest.fixture
def supervisor(room: Room) -> Operator:
    return sign_in(room.store, *SUPERVISOR)


def test_the_backlog_by_risk_and_what_is_overdue(
    room: Room, graded_call: TakeCall, clock: ManualClock, supervisor: Operator
) -> None:
    plain = graded_call("burglary_dwelling", BURGLARY)
    vulnerable = graded_call(
        "burglary_dwelling",
        {**BURGLARY, "vulnerability": {"flags": ["older_person"]}},
    )
    repeat = graded_call(
        "burglary_dwelling", {**BURGLARY, "vulnerability": {"flags": ["repeat_victim"]}}
    )
    assert {plain.grade, repeat.grade} == {"P3"} and vulnerable.grade in ("P2", "P3")
    clock.advance(minutes=1)
    urgent = graded_call("violence", ASSAULT)
    clock.advance(minutes=5)  # the P1 is now 5 min unresourced: past the 4-minute alert
    view = supervision.supervisor_view(room)
    order = [w.reference for w in view.backlog.rows]
    assert order[0] == urgent.reference
    p3s = [r for r in order if r in (plain.reference, repeat.reference, vulnerable.reference)]
    if vulnerable.grade == "P3":
        assert p3s == [vulnerable.reference, repeat.reference, plain.reference]
    else:
        assert p3s[-2:] == [repeat.reference, plain.reference]
    assert [w.reference for w in view.overdue[Overdue.NOT_RESOURCED]] == [urgent.reference]
    assert view.overdue[Overdue.DELAY_REASON_MISSING] == ()
    clock.advance(minutes=20)  # the P1's 15 minutes are gone: a breach with no reason
    view = supervision.supervisor_view(room)
    assert urgent.reference in [w.reference for w in view.overdue[Overdue.DELAY_REASON_MISSING]]
    assert view.tipping.open_logs == 4
    assert view.today[Grade.P1].logs == 1
    assert sum(hour.logs for hour in view.hours) == 4


def test_downgrades_of_the_shift(
    room: Room, dispatcher: Operator, graded_call: TakeCall, clock: ManualClock
) -> None:
    log = graded_call("violence", ASSAULT)
    grading.record_thrive(room, dispatcher, log.reference, complete(room, "violence", {}))
    grading.grade(
        room, dispatcher, log.reference, chosen=Grade.P3, reason="over", supervisor=SUPERVISOR
    )
    view = supervision.supervisor_view(room)
    assert [(d.reference, d.previous, d.grade, d.authorised_by) for d in view.downgrades] == [
        (log.reference, "P1", "P3", SUPERVISOR[0])
    ]


def test_an_abandoned_999_call_waits_for_its_call_back(
    room: Room, dispatcher: Operator, clock: ManualClock
) -> None:
    log = intake.take_call(
        room.store,
        room.clock,
        dispatcher,
        CallDetails(channel="999", incident_type="abandoned_call", phone="07700 900123"),
    )
    view = supervision.supervisor_view(room)
    [waiting] = view.callbacks
    assert waiting.reference == log.reference and waiting.phone == "07700900123"
    assert waiting.received_at == clock.now()
    assert (waiting.due_at - waiting.received_at).total_seconds() == 600
    supervision.record_callback(room, dispatcher, log.reference, "no reply, voicemail left")
    assert supervision.supervisor_view(room).callbacks == ()


def test_key_decisions_in_the_national_decision_model(
    room: Room, dispatcher: Operator, graded_call: TakeCall, supervisor: Operator
) -> None:
    log = graded_call("violence", ASSAULT)
    with pytest.raises(Refused, match="Only a supervisor"):
        supervision.record_decision(room, dispatcher, log.reference, "Hold", RATIONALES)
    partial = {**RATIONALES, DecisionStage.OPTIONS.value: " "}
    with pytest.raises(Refused, match="Identify options and contingencies"):
        supervision.record_decision(room, supervisor, log.reference, "Hold", partial)
    supervision.record_decision(
        room, supervisor, log.reference, "Send the ARV as well", RATIONALES, "Proportionate."
    )
    reference, entries = supervision.decisions(room, log.reference)
    assert reference == log.reference
    [entry] = entries
    assert entry.supervisor == SUPERVISOR[0]
    assert entry.decision.decision == "Send the ARV as well"
    assert list(entry.decision.rationales) == list(DecisionStage)
    assert entry.decision.ethics == "Proportionate."


def test_a_log_is_found_by_its_reference_as_typed(
    room: Room, graded_call: TakeCall, supervisor: Operator
) -> None:
    """Found by the QA walk: `wmp-tui log show 20261202-3` said "No log" though `:` in the
    app takes the short form."""
    from wmp_tui.services.log_story import log_story

    log = graded_call("violence", ASSAULT)
    day, seq = log.reference.split("-")
    typed = f" {day}-{int(seq)} "
    assert log_story(room, typed).detail.log.reference == log.reference
    supervision.record_decision(room, supervisor, log.reference, "Hold", RATIONALES)
    reference, entries = supervision.decisions(room, typed)
    assert reference == log.reference and len(entries) == 1
