"""`wmp-tui db …` as an administrator runs it: a real process, real databases."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import Databases
from wmp_tui.domain.log import EventType, Series
from wmp_tui.store.bootstrap import prepare
from wmp_tui.store.schema import HEAD


def run(*args: str, url: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WMP_DATABASE_URL": url, "HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "wmp_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_upgrade_then_seed_twice(databases: Databases, tmp_path: Path) -> None:
    url = databases.empty()
    upgraded = run("db", "upgrade", url=url, home=tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"revision {HEAD}" in upgraded.stdout
    for _ in range(2):
        seeded = run("db", "seed", url=url, home=tmp_path)
        assert seeded.returncode == 0, seeded.stderr


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("nonsense", "is not a database URL"),
        ("postgresql+psycopg://nobody@127.0.0.1:1/none", "server is running"),
        ("oracle://scott@localhost/orcl", "does not support"),
    ],
)
def test_bad_databases_end_in_one_sentence_and_exit_2(url: str, says: str, tmp_path: Path) -> None:
    result = run("db", "upgrade", url=url, home=tmp_path)
    assert result.returncode == 2
    assert says in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _assign(url: str, events: list[tuple[EventType, str, int]]) -> None:
    """Two logs, then these unit events (log 1 or 2) appended as the services would."""
    store = prepare(url)
    at = datetime(2026, 11, 23, 21, 0, tzinfo=UTC)
    try:
        with store.unit_of_work() as uow:
            fields = {"channel": "999", "incident_type": "violence"}
            ids = [
                uow.logs.create(
                    day="20261123", series=Series.LIVE, at=at, operator_id=None, fields=fields
                ).id
                for _ in range(2)
            ]
            for kind, unit, log in events:
                uow.logs.record(ids[log - 1], kind, {"unit": unit}, operator_id=None, at=at)
            uow.commit()
    finally:
        store.dispose()


def test_audit_replays_assignments_and_names_a_unit_on_two_logs(
    sqlite_databases: Databases, tmp_path: Path
) -> None:
    assigned, cleared = EventType.UNIT_ASSIGNED, EventType.UNIT_CLEARED
    clean = sqlite_databases.seeded()
    _assign(clean, [(assigned, "BE11", 1), (cleared, "BE11", 1), (assigned, "BE11", 2)])
    result = run("db", "audit", url=clean, home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("events verified, 2 assignments replayed, 0 faults.")

    forged = sqlite_databases.seeded()
    _assign(forged, [(assigned, "BE11", 1), (assigned, "BE11", 2)])
    result = run("db", "audit", url=forged, home=tmp_path)
    assert result.returncode == 1
    assert "BE11 assigned to log" in result.stdout and "while still on log" in result.stdout
    assert "2 assignments replayed, 1 fault." in result.stdout
