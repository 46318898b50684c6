"""The measures' facts as the live store keeps them, event by event, are what `refresh`
derives from the events for logs written in bulk and for a database migrated to them: a shift
written through the services reports the same before and after its facts are thrown away
and derived again."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select, update

from tests.services.conftest import SUPERVISOR, TakeCall, complete
from tests.services.test_measures import ASSAULT, DAMAGE, DAY, attend
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.vocabulary import Grade
from wmp_tui.services import grading, logbook
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.measures import report
from wmp_tui.services.room import Room
from wmp_tui.store import measure_facts
from wmp_tui.store.tables import LogMarkRow, LogRow

FACTS = (
    "first_graded_at",
    "first_arrived_at",
    "first_booked_at",
    "first_queued_at",
    "answered_seconds",
    "arrival_seconds",
    "booked_seconds",
    "queued_seconds",
)


def test_the_live_facts_are_the_derived_ones(
    room: Room, dispatcher: Operator, graded_call: TakeCall, clock: ManualClock
) -> None:
    first = graded_call("violence", ASSAULT)
    attend(room, clock, dispatcher, first.reference, 7)
    clock.set(first.graded_at + timedelta(minutes=10))  # type: ignore[operator]
    late = graded_call("violence", ASSAULT)
    attend(room, clock, dispatcher, late.reference, 20)
    graded_call("violence", ASSAULT)  # never attended
    damage = graded_call("criminal_damage", DAMAGE)
    clock.advance(minutes=30)
    logbook.queue_work(room, dispatcher, damage.reference)
    downgraded = graded_call("violence", ASSAULT)
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
    clock.set(clock.now().replace(hour=23, minute=30))
    live = report(room, DAY, DAY)
    assert live.downgrades.count == 1 and live.rethrive_on_time.rethrives == 1

    engine = room.store.engine  # type: ignore[attr-defined]
    with engine.begin() as connection:
        connection.execute(update(LogRow).values(dict.fromkeys(FACTS)))
        connection.execute(delete(LogMarkRow))
    forgotten = report(room, DAY, DAY)
    assert forgotten.grades[Grade.P1].logs == 0 and forgotten.downgrades.count == 0
    with engine.begin() as connection:
        measure_facts.refresh(connection)
        marks = connection.scalar(select(func.count()).select_from(LogMarkRow))
    assert marks == 2
    assert report(room, DAY, DAY) == live
