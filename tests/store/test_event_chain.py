"""The log is tamper-evident: every event is chained by hash to the one before it on its log,
and the audit names the first event that does not verify, on both backends."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.conftest import Databases
from wmp_tui.domain.log import EventType, Series
from wmp_tui.services.audit import chain_audit
from wmp_tui.store.bootstrap import prepare
from wmp_tui.store.uow import Store

AT = datetime(2026, 11, 23, 21, 0, tzinfo=UTC)


def three_events(store: Store) -> list[int]:
    """A log with its `created` event and two more; their ids."""
    with store.unit_of_work() as uow:
        log = uow.logs.create(
            day="20261123",
            series=Series.LIVE,
            at=AT,
            operator_id=1,
            fields={"channel": "999", "incident_type": "violence"},
        )
        noted = uow.logs.record(
            log.id, EventType.NOTE_ADDED, {"note": "caller [age=14] says"}, operator_id=1, at=AT
        )
        assigned = uow.logs.record(
            log.id, EventType.UNIT_ASSIGNED, {"unit": "BE11", "eta": 7.5}, operator_id=8, at=AT
        )
        uow.commit()
        created = uow.logs.events(log.id)[0]
        return [created.id, noted.id, assigned.id]


def owner_url(url: str) -> str:
    """The same database as its owning role (the tables' owner may drop triggers)."""
    return (
        make_url(url).set(username="postgres", password=None).render_as_string(hide_password=False)
    )


def test_events_are_chained_and_the_audit_verifies_them(store: Store) -> None:
    three_events(store)
    audit, broken = chain_audit(store)
    assert broken is None and audit.events >= 3


def test_sqlite_refuses_insert_or_replace_on_an_event(sqlite_databases: Databases) -> None:
    url = sqlite_databases.seeded()
    store = prepare(url)
    try:
        first = three_events(store)[0]
    finally:
        store.dispose()
    with (
        sqlite3.connect(make_url(url).database or "") as raw,
        pytest.raises(sqlite3.IntegrityError, match="append-only"),
    ):
        raw.execute(
            "INSERT OR REPLACE INTO log_event (id, log_id, type, payload, operator_id, at) "
            "VALUES (?, 1, 'closed', '{\"result\": \"no_further_action\"}', 3, "
            "'2026-11-23 21:00:00.000000')",
            (first,),
        )


def test_an_event_replaced_with_the_triggers_dropped_is_named_by_the_audit(
    sqlite_databases: Databases, tmp_path: Path
) -> None:
    url = sqlite_databases.seeded()
    store = prepare(url)
    try:
        first, noted, _ = three_events(store)
    finally:
        store.dispose()
    with sqlite3.connect(make_url(url).database or "") as raw:
        for name in ("log_event_no_replace", "log_event_no_update", "log_event_no_delete"):
            raw.execute(f"DROP TRIGGER {name}")
        raw.execute(
            "INSERT OR REPLACE INTO log_event (id, log_id, type, payload, operator_id, at, hash) "
            'SELECT id, log_id, type, \'{"note": "nothing to see"}\', 3, at, hash '
            "FROM log_event WHERE id = ?",
            (noted,),
        )
    result = subprocess.run(
        [sys.executable, "-m", "wmp_tui", "db", "audit"],
        capture_output=True,
        text=True,
        env={**os.environ, "WMP_DATABASE_URL": url, "HOME": str(tmp_path)},
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert f"Log event {noted} (note_added on log 20261123-" in result.stdout
    assert "does not verify" in result.stdout
    assert f"Log event {first} " not in result.stdout


def test_a_payload_changed_on_postgresql_with_the_triggers_disabled_is_named(
    postgresql_databases: Databases,
) -> None:
    url = postgresql_databases.seeded()
    store = prepare(url)
    try:
        assigned = three_events(store)[2]
        address = make_url(owner_url(url))
        with psycopg.connect(
            host=address.host, port=address.port, user="postgres", dbname=address.database
        ) as owner:
            owner.execute("ALTER TABLE log_event DISABLE TRIGGER USER")
            owner.execute(
                'UPDATE log_event SET payload = \'{"unit": "BE12", "eta": 7.5}\' WHERE id = %s',
                (assigned,),
            )
            owner.execute("ALTER TABLE log_event ENABLE TRIGGER USER")
        audit, broken = chain_audit(store)
        assert broken is not None and f"Log event {assigned} (unit_assigned" in broken
        assert audit.broken is not None and audit.broken.id == assigned
    finally:
        store.dispose()
