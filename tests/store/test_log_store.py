"""The log store on both backends: references, append-only events, the change feed."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.exc import DBAPIError

from wmp_tui.domain.log import EventType, Series
from wmp_tui.store.tables import LogEventRow
from wmp_tui.store.uow import Store

NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def new_log(store: Store, at: datetime = NOON, series: Series = Series.LIVE) -> str:
    with store.unit_of_work() as uow:
        log = uow.logs.create(
            day=at.strftime("%Y%m%d"),
            series=series,
            at=at,
            operator_id=None,
            fields={"channel": "999", "incident_type": "violence", "narrative": "fight"},
        )
        uow.commit()
        return log.reference


def test_references_restart_each_day_and_training_has_its_own_series(store: Store) -> None:
    assert new_log(store) == "20261123-0001"
    assert new_log(store) == "20261123-0002"
    assert new_log(store, series=Series.TRAINING) == "T20261123-0001"
    assert new_log(store, at=NOON + timedelta(days=1)) == "20261124-0001"
    assert new_log(store) == "20261123-0003"


def test_a_rolled_back_log_gives_its_number_back(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.logs.create(
            day="20261123",
            series=Series.LIVE,
            at=NOON,
            operator_id=None,
            fields={"channel": "101", "incident_type": "theft"},
        )
        # no commit: the unit of work rolls back
    assert new_log(store) == "20261123-0001"


def test_sixteen_connections_creating_a_thousand_logs_leave_no_duplicate_and_no_gap(
    store: Store,
) -> None:
    per_worker = [63] * 8 + [62] * 8  # 1,000 in all
    references: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(len(per_worker))

    def worker(count: int) -> None:
        try:
            start.wait()
            for _ in range(count):
                reference = new_log(store)
                with lock:
                    references.append(reference)
        except BaseException as error:  # collected and re-raised in the main thread
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in per_worker]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[0]
    assert len(references) == 1000
    assert len(set(references)) == 1000
    numbers = sorted(int(reference.split("-")[1]) for reference in references)
    assert numbers == list(range(1, 1001))


def test_every_change_is_an_event_and_events_cannot_be_edited(store: Store) -> None:
    reference = new_log(store)
    with store.unit_of_work() as uow:
        log = uow.logs.by_reference(reference)
        assert log is not None
        uow.logs.record(
            log.id,
            EventType.GRADED,
            {"grade": "P1"},
            operator_id=None,
            at=NOON + timedelta(minutes=1),
            changes={"grade": "P1", "graded_at": NOON},
        )
        uow.commit()
    with store.unit_of_work() as uow:
        log = uow.logs.by_reference(reference)
        assert log is not None and log.grade == "P1"
        assert log.last_update_at == NOON + timedelta(minutes=1)
        events = uow.logs.events(log.id)
        assert [event.type for event in events] == [EventType.CREATED, EventType.GRADED]
        with pytest.raises(ValueError, match="may change"):
            uow.logs.record(
                log.id,
                EventType.NOTE_ADDED,
                {},
                operator_id=None,
                at=NOON,
                changes={"reference": "X"},
            )
    for statement in (
        update(LogEventRow).values(type="tampered"),
        delete(LogEventRow),
    ):
        # SQLite's triggers refuse it; on PostgreSQL the app's role may not even try.
        with (
            store.unit_of_work() as uow,
            pytest.raises(DBAPIError, match=r"append-only|permission denied for table log_event"),
        ):
            uow.session.execute(statement)
    with store.unit_of_work() as uow:
        assert len(uow.logs.events(log.id)) == 2


def test_change_feed_gives_every_event_after_a_cursor_in_order(store: Store) -> None:
    with store.unit_of_work(read_only=True) as uow:
        cursor = uow.logs.last_event_id()
    first = new_log(store)
    second = new_log(store)
    with store.unit_of_work(read_only=True) as uow:
        feed = uow.logs.events_after(cursor)
        assert [event.payload["reference"] for event in feed] == [first, second]
        assert [event.id for event in feed] == sorted(event.id for event in feed)
        assert uow.logs.events_after(feed[-1].id) == []
        assert uow.logs.last_event_id() == feed[-1].id


def test_times_come_back_aware_and_in_utc(store: Store) -> None:
    reference = new_log(store)
    with store.unit_of_work() as uow:
        log = uow.logs.by_reference(reference)
        assert log is not None
        assert log.created_at == NOON and log.created_at.tzinfo is not None
        assert uow.session.execute(text("SELECT 1")).scalar() == 1
