"""PostgreSQL stopped under the app (a crash, a failover) and started again.

The log view stayed on "Reading the log…" for ever after an outage. Now it says once, in a
sentence, that the database cannot be reached, and reads the log by itself when it is back.
Runs on a PostgreSQL cluster of its own, so stopping it disturbs no other test.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import psycopg
import pytest

from tests.screens.conftest import SIZE, policies
from tests.screens.test_errors_in_words import popups
from tests.support.postgres import PostgresUnavailable, ThrowawayPostgres
from wmp_tui.app import build_app
from wmp_tui.config import Settings
from wmp_tui.domain.intake import CallDetails
from wmp_tui.screens.log_view import LogScreen
from wmp_tui.services import intake
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.signin import sign_in
from wmp_tui.store.bootstrap import prepare
from wmp_tui.store.failures import UNREACHABLE
from wmp_tui.widgets.log_summary import LogSummary


@pytest.fixture
def own_postgres() -> Iterator[ThrowawayPostgres]:
    try:
        server = ThrowawayPostgres()
        server.start()
    except PostgresUnavailable as problem:
        pytest.skip(f"PostgreSQL not available: {problem}")
    try:
        yield server
    finally:
        server.stop()


async def test_the_log_view_reads_the_log_when_the_database_is_back(
    own_postgres: ThrowawayPostgres,
) -> None:
    with psycopg.connect(
        own_postgres.url("postgres").replace("+psycopg", ""), autocommit=True
    ) as db:
        db.execute("CREATE DATABASE wmp")
    store = prepare(own_postgres.url("wmp"))
    try:
        clock = ManualClock(datetime(2026, 11, 23, 20, 0, tzinfo=UTC))
        operator = sign_in(store, "Jade Thompson", "1234")
        details = CallDetails(channel="101", incident_type="theft", address="Broad Street")
        log = intake.take_call(store, clock, operator, details)
        settings = Settings(database_url="sqlite://", animations=False, poll_seconds=0.2)
        app = build_app(store, settings, clock, policies=policies(), operator=operator)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.5)
            own_postgres.pause()
            await pilot.app.push_screen(LogScreen(log.reference))
            for _ in range(100):
                await pilot.pause(0.1)
                if popups(pilot):
                    break
            screen = pilot.app.screen
            assert isinstance(screen, LogScreen) and screen.detail is None
            assert "Reading the log" in str(screen.query_one(LogSummary).render())
            await pilot.pause(1.0)
            assert popups(pilot) == [UNREACHABLE]  # once, not once a retry
            own_postgres.resume()
            for _ in range(200):
                await pilot.pause(0.1)
                if screen.detail is not None:
                    break
            assert screen.detail is not None
            assert log.reference in str(screen.query_one(LogSummary).render())
    finally:
        store.dispose()
