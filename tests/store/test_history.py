"""A simulated past written in bulk, on both backends: the database holds what the run did."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from wmp_tui.domain.events import stored
from wmp_tui.domain.log import EventType
from wmp_tui.domain.simulation.assumptions import Assumptions
from wmp_tui.domain.simulation.study import Inputs, measure, run
from wmp_tui.domain.vocabulary import Grade
from wmp_tui.files.policies import load_policies
from wmp_tui.services.history import write_simulated_history
from wmp_tui.simulation.inputs import simulation_inputs
from wmp_tui.store.tables import AssignmentRow, LogEventRow, LogRow, LogSequenceRow
from wmp_tui.store.uow import Store

START = datetime(2019, 3, 4, tzinfo=UTC)
LATER = START + timedelta(days=60)
INPUTS: Inputs = simulation_inputs()
DISPATCH = load_policies().dispatch


def _write(store: Store, seed: int, end: datetime = LATER) -> object:
    outcome = run(1, Assumptions(), INPUTS, seed)
    written = write_simulated_history(
        store,
        outcome,
        INPUTS.templates,
        start=START,
        end=end,
        policy_version=DISPATCH.version,
    )
    return outcome, written


def test_the_written_logs_count_as_the_simulation_counts(store: Store) -> None:
    outcome, written = _write(store, 1)
    simulated = measure(outcome, DISPATCH)  # type: ignore[arg-type]
    with store.engine.connect() as db:
        per_grade = {
            g: n for g, n in db.execute(select(LogRow.grade, func.count()).group_by(LogRow.grade))
        }
        events = Counter(
            {
                t: n
                for t, n in db.execute(
                    select(LogEventRow.type, func.count()).group_by(LogEventRow.type)
                )
            }
        )
        assignments = db.scalar(select(func.count()).select_from(AssignmentRow))
        references = list(db.scalars(select(LogRow.reference).order_by(LogRow.id)))
        states = set(db.scalars(select(LogRow.state)))
        first_graded = db.scalar(select(func.min(LogRow.graded_at)))
    for grade in Grade:
        assert per_grade.get(grade.value, 0) == simulated[grade].logs
    total = sum(m.logs for m in simulated.values())
    assert written.logs == total  # type: ignore[attr-defined]
    assert events[EventType.CREATED.value] == events[EventType.GRADED.value] == total
    assert events[EventType.CLOSED.value] == total
    arrivals = sum(m.attended for g, m in simulated.items() if g in (Grade.P1, Grade.P2, Grade.P3))
    assert events[EventType.UNIT_AT_SCENE.value] >= arrivals
    assert assignments == written.assignments == events[EventType.UNIT_ASSIGNED.value]  # type: ignore[attr-defined]
    assert events[EventType.APPOINTMENT_BOOKED.value] == simulated[Grade.P4].attended
    assert states == {"closed"}
    assert len(set(references)) == len(references) == total
    assert references[0].startswith("20190304-")
    assert first_graded is not None and first_graded >= START


def test_the_first_arrival_on_the_log_is_the_simulated_one(store: Store) -> None:
    outcome, _ = _write(store, 2)
    simulated = measure(outcome, DISPATCH)  # type: ignore[arg-type]
    with store.engine.connect() as db:
        rows = db.execute(
            select(LogRow.graded_at, func.min(LogEventRow.at))
            .join(LogEventRow, LogEventRow.log_id == LogRow.id)
            .where(LogRow.grade == "P1", LogEventRow.type == EventType.UNIT_AT_SCENE.value)
            .group_by(LogRow.id, LogRow.graded_at)
        ).all()
    within = sum(1 for graded, arrived in rows if (arrived - graded) <= timedelta(minutes=15))
    assert len(rows) == simulated[Grade.P1].attended
    assert within == simulated[Grade.P1].within_sla


def test_a_second_past_takes_the_next_numbers_of_each_day(store: Store) -> None:
    _write(store, 3)
    with store.engine.connect() as db:
        before = {d: n for d, n in db.execute(select(LogSequenceRow.day, LogSequenceRow.last))}
        count = db.scalar(select(func.count()).select_from(LogRow))
    _write(store, 4)
    with store.engine.connect() as db:
        after = {d: n for d, n in db.execute(select(LogSequenceRow.day, LogSequenceRow.last))}
        total = db.scalar(select(func.count()).select_from(LogRow))
        references = list(db.scalars(select(LogRow.reference)))
    assert total and count and total > count
    assert len(set(references)) == total
    for day, last in before.items():
        assert after[day] > last


def test_only_logs_closed_before_the_end_are_written(store: Store) -> None:
    end = START + timedelta(days=1)
    outcome, written = _write(store, 5, end=end)
    with store.engine.connect() as db:
        latest = db.scalar(select(func.max(LogRow.closed_at)))
        latest_event = db.scalar(select(func.max(LogEventRow.at)))
    assert latest is not None and latest < end
    assert latest_event is not None and latest_event < end
    assert 0 < written.logs < sum(1 for c in outcome.logs.counted if c)  # type: ignore[attr-defined]


def test_a_simulated_past_passes_the_audit(store: Store) -> None:
    """Every written event is chained like a live one: the audit verifies it whole."""
    from wmp_tui.services.audit import chain_audit

    _write(store, 3)
    audit, _ = chain_audit(store)
    assert audit.events > 0
    assert audit.broken is None


def test_a_simulated_past_is_written_in_the_live_events_shapes(store: Store) -> None:
    # The bulk writer does not validate each of a year's events: the shapes it writes are
    # checked here instead, every event read through its model and stored as it would be live.
    _write(store, 4, START + timedelta(days=3))
    with store.engine.connect() as db:
        rows = db.execute(select(LogEventRow.type, LogEventRow.payload)).all()
    assert rows
    assert [(kind, stored(kind, payload)) for kind, payload in rows] == [
        (kind, payload) for kind, payload in rows
    ]
