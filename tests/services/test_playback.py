"""A simulated shift played onto the live board, on SQLite, with a fake clock and sleep: the
logs land when their time comes, in order, and Ctrl+C keeps what was written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import cache

import pytest
from sqlalchemy import func, select

from tests.conftest import Databases
from wmp_tui.domain.chain import GENESIS, event_hash
from wmp_tui.domain.log import EventType
from wmp_tui.domain.simulation.assumptions import Assumptions
from wmp_tui.domain.simulation.history import history
from wmp_tui.domain.simulation.outcome import Outcome
from wmp_tui.domain.simulation.playback import steps
from wmp_tui.domain.simulation.study import Inputs, run
from wmp_tui.services.audit import assignment_audit, chain_audit
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.history import Playback, play_simulated_history
from wmp_tui.simulation.inputs import simulation_inputs
from wmp_tui.store.bootstrap import prepare
from wmp_tui.store.history import LivePlayback, Played
from wmp_tui.store.tables import AssignmentRow, LogEventRow, LogRow, UnitRow
from wmp_tui.store.uow import Store

START = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)
SPEED = 3600.0
"""A simulated hour a second: the day in 24 (fake) seconds."""


@cache
def _inputs() -> Inputs:
    return simulation_inputs()


@cache
def _outcome() -> Outcome:
    return run(1, Assumptions(), _inputs(), 7)


@pytest.fixture
def store(sqlite_databases: Databases) -> Iterator[Store]:
    opened = prepare(sqlite_databases.seeded())
    try:
        yield opened
    finally:
        opened.dispose()


class FakeTime:
    """A clock that moves only when slept on; Ctrl+C once it reaches `interrupt_at`."""

    def __init__(self, interrupt_at: datetime | None = None) -> None:
        self.clock = ManualClock(START)
        self.slept: list[float] = []
        self.interrupt_at = interrupt_at

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        if seconds == 0:  # the playback's yield point between steps: a stop is noticed here
            return
        self.slept.append(seconds)
        self.clock.advance(seconds=seconds)
        if self.interrupt_at is not None and self.clock.now() >= self.interrupt_at:
            raise KeyboardInterrupt


HOURS = 6
"""The shift played: the first six simulated hours of the day."""


def _play(store: Store, time: FakeTime, told: list[int] | None = None) -> Playback:
    def hourly(hour: int, played: Played) -> None:
        if told is not None:
            told.append(hour)

    return play_simulated_history(
        store,
        _outcome(),
        _inputs().templates,
        speed=SPEED,
        policy_version=_inputs().dispatch.version,
        clock=time.clock,
        sleep=time.sleep,
        hourly=hourly,
        hours=HOURS,
    )


def _counted_created_minutes(hours: float = HOURS) -> list[float]:
    """When the played logs were created, in simulated minutes since minute 0."""
    logs = _outcome().logs
    warmup = _outcome().warmup_days * 24 * 60
    return sorted(
        logs.created[i] - warmup
        for i in range(len(logs))
        if logs.counted[i] and logs.created[i] - warmup < hours * 60
    )


def _events(store: Store) -> dict[int, list[tuple[int, str, datetime, dict[str, object], str]]]:
    by_log: dict[int, list[tuple[int, str, datetime, dict[str, object], str]]] = {}
    with store.engine.connect() as db:
        rows = db.execute(
            select(
                LogEventRow.id,
                LogEventRow.log_id,
                LogEventRow.type,
                LogEventRow.at,
                LogEventRow.payload,
                LogEventRow.hash,
            ).order_by(LogEventRow.id)
        )
        for event_id, log_id, kind, at, payload, digest in rows:
            by_log.setdefault(log_id, []).append((event_id, kind, _aware(at), payload, digest))
    return by_log


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _logs(store: Store) -> list[tuple[int, str, datetime, datetime | None, str | None]]:
    with store.engine.connect() as db:
        return [
            (i, state, _aware(created), closed and _aware(closed), grade)
            for i, state, created, closed, grade in db.execute(
                select(LogRow.id, LogRow.state, LogRow.created_at, LogRow.closed_at, LogRow.grade)
                .where(LogRow.narrative.like("Simulated:%"))
                .order_by(LogRow.id)
            )
        ]


def test_a_played_shift_lands_log_by_log_in_time_order(store: Store) -> None:
    time, told = FakeTime(), list[int]()
    played = _play(store, time, told)
    end = START + timedelta(hours=HOURS) / SPEED

    assert not played.stopped and played.reached == timedelta(hours=HOURS)
    assert time.clock.now() == end  # it waited out the period, never ran ahead of it
    assert told == list(range(1, HOURS + 1))  # one line per simulated hour
    created = _counted_created_minutes()
    logs = _logs(store)
    assert played.played.logs == len(logs) == len(created) > 100
    # Logs land in time order, each at its simulated time / speed after the start.
    assert [c for _, _, c, _, _ in logs] == sorted(c for _, _, c, _, _ in logs)
    first = logs[0][2] - START
    assert abs(first.total_seconds() - created[0] * 60 / SPEED) < 1e-3
    assert all(c < end for _, _, c, _, _ in logs)
    events = _events(store)
    closed = 0
    for log_id, state, created_at, closed_at, grade in logs:
        log_events = events[log_id]
        kinds = [kind for _, kind, _, _, _ in log_events]
        times = [at for _, _, at, _, _ in log_events]
        assert kinds[0] == EventType.CREATED.value and times[0] == created_at
        assert times == sorted(times)
        # Chained as live events are, in the order written.
        previous = GENESIS
        for _, kind, at, payload, digest in log_events:
            previous = event_hash(log_id, kind, payload, None, at, previous)
            assert digest == previous
        if state == "closed":
            closed += 1
            assert kinds[-1] == EventType.CLOSED.value and times[-1] == closed_at
            assert grade is not None
        else:
            assert EventType.CLOSED.value not in kinds and closed_at is None
    assert closed == played.played.closed
    assert played.played.open == len(logs) - closed > 0  # the last logs are still being worked
    assert played.played.events == sum(len(v) for v in events.values())
    # The deadline on the board's clock: the grade's SLA divided by N (P1 15 min: 0.25 s).
    with store.engine.connect() as db:
        clocks = db.execute(
            select(LogRow.grade, LogRow.graded_at, LogRow.deadline).where(
                LogRow.grade.in_(("P1", "P2"))
            )
        ).all()
    assert {g for g, _, _ in clocks} == {"P1", "P2"}
    for grade, graded, deadline in clocks:
        sla = {"P1": 15, "P2": 60}[grade]
        assert abs((deadline - graded).total_seconds() - sla * 60 / SPEED) < 1e-3
    # `wmp-tui db audit`: every chain verifies, and no unit was ever on two logs at once (a
    # unit cleared and sent on at the same simulated instant leaves before it is sent).
    assert chain_audit(store)[1] is None
    audit = assignment_audit(store)
    assert audit.faults == () and audit.assignments == played.played.assignments > 0


def test_the_units_sent_are_on_the_board_while_on_a_log(store: Store) -> None:
    _play(store, FakeTime(interrupt_at=START + timedelta(hours=2) / SPEED))
    with store.engine.connect() as db:
        on_job = db.execute(
            select(AssignmentRow.call_sign, AssignmentRow.log_id, UnitRow.log_id, UnitRow.status)
            .join(UnitRow, UnitRow.call_sign == AssignmentRow.call_sign)
            .where(AssignmentRow.state.in_(("assigned", "at_scene")))
        ).all()
        states = {s for (s,) in db.execute(select(AssignmentRow.state).distinct())}
    assert on_job and states <= {"assigned", "at_scene", "cleared", "diverted"}
    for _, log_id, unit_job, status in on_job:
        assert status in (5, 6) and unit_job == log_id


def test_ctrl_c_stops_it_and_keeps_what_was_written(store: Store) -> None:
    stop = START + timedelta(hours=2) / SPEED
    time = FakeTime(interrupt_at=stop)
    played = _play(store, time)

    assert played.stopped
    assert abs((played.reached - timedelta(hours=2)).total_seconds()) < 60
    logs = _logs(store)
    created = _counted_created_minutes(2)
    assert played.played.logs == len(logs) == len(created) > 0
    events = _events(store)
    assert all(at <= stop for v in events.values() for _, _, at, _, _ in v)
    still_open = [log for log in logs if log[1] == "open"]
    assert len(still_open) == played.played.open > 0
    for log_id, *_ in still_open:
        assert EventType.CLOSED.value not in [kind for _, kind, _, _, _ in events[log_id]]


def test_a_log_an_operator_closed_is_left_to_them(store: Store) -> None:
    logs = list(
        history(
            _outcome(),
            _inputs().templates,
            START,
            START + timedelta(days=1) / SPEED,
            _inputs().dispatch.version,
            playing=True,
            speed=SPEED,
        )
    )
    key = next(i for i, log in enumerate(logs) if log.assignments)
    first, *later = [s for s in steps(logs[key : key + 1], START + timedelta(days=1))]
    writer = LivePlayback(store)
    writer.write(key, logs[key], first.events, opens=True)
    log_id = writer.log_id(key)
    with store.unit_of_work() as uow:  # closed on the board before the simulation closes it
        uow.logs.record(
            log_id or 0,
            EventType.CLOSED,
            {"result": "advice_given"},
            operator_id=None,
            at=first.at,
            changes={"state": "closed", "closed_at": first.at},
        )
        uow.commit()
    for step in later:
        writer.write(key, logs[key], step.events, opens=False)
    assert writer.played.taken_over == 1 and writer.played.open == 0
    assert writer.played.events == len(first.events)
    assert len(_events(store)[log_id or 0]) == len(first.events) + 1


def test_a_second_playback_takes_the_units_an_earlier_one_left_on_its_open_logs(
    store: Store,
) -> None:
    time = FakeTime(interrupt_at=START + timedelta(hours=2) / SPEED)
    first = _play(store, time)
    assert first.stopped and first.played.open > 0
    time.interrupt_at = time.clock.now() + timedelta(hours=2) / SPEED
    _play(store, time)  # the same units again, from a later minute 0
    audit = assignment_audit(store)
    assert audit.faults == ()
    with store.engine.connect() as db:
        taken = db.scalar(
            select(func.count()).where(
                LogEventRow.type == EventType.UNIT_DIVERTED_AWAY.value,
                LogEventRow.payload["why"].as_string().like("%taken for a simulated%"),
            )
        )
    assert taken and taken > 0
