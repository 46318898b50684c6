"""PostgreSQL stopped under the app (a crash, a failover) and started again.

The log view stayed on "Reading the log…" for ever after an outage, and answers typed while
the database was away were gone although a pop-up said nothing was lost. Now the app says once,
in a banner, that the database cannot be reached; what is typed goes to the draft journal on
this machine's disk first; when the database is back the journal is written through and every
waiting screen reads again by itself. Runs on a PostgreSQL cluster of its own, so stopping it
disturbs no other test.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from tests.screens.conftest import SIZE, policies
from tests.screens.test_errors_in_words import banner, popups
from tests.support.postgres import PostgresUnavailable, ThrowawayPostgres
from wmp_tui.app import DATABASE_BACK, build_app
from wmp_tui.config import Settings
from wmp_tui.domain.intake import CallDetails
from wmp_tui.screens.intake import IntakeScreen
from wmp_tui.screens.log_view import LogScreen
from wmp_tui.services import intake
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.signin import sign_in
from wmp_tui.store.bootstrap import prepare
from wmp_tui.store.failures import UNREACHABLE
from wmp_tui.store.journal import DraftJournal, read_unsettled
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
                if banner(pilot):
                    break
            screen = pilot.app.screen
            assert isinstance(screen, LogScreen) and screen.detail is None
            assert "Reading the log" in str(screen.query_one(LogSummary).render())
            await pilot.pause(1.0)
            assert (banner(pilot) or "").startswith(UNREACHABLE)
            assert popups(pilot) == []  # the banner says it once, never a pop-up a retry
            own_postgres.resume()
            for _ in range(200):
                await pilot.pause(0.1)
                if screen.detail is not None:
                    break
            assert screen.detail is not None
            assert log.reference in str(screen.query_one(LogSummary).render())
    finally:
        store.dispose()


async def test_what_is_typed_while_the_database_is_away_is_in_it_when_it_is_back(
    own_postgres: ThrowawayPostgres, tmp_path: Path
) -> None:
    with psycopg.connect(
        own_postgres.url("postgres").replace("+psycopg", ""), autocommit=True
    ) as db:
        db.execute("CREATE DATABASE wmp")
    store = prepare(own_postgres.url("wmp"))
    journal = DraftJournal(tmp_path / "journal")
    try:
        clock = ManualClock(datetime(2026, 11, 23, 20, 0, tzinfo=UTC))
        operator = sign_in(store, "Jade Thompson", "1234")
        settings = Settings(database_url="sqlite://", animations=False, poll_seconds=0.2)
        app = build_app(
            store, settings, clock, policies=policies(), operator=operator, journal=journal
        )
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("ctrl+n")
            await pilot.pause(0.5)
            assert isinstance(app.screen, IntakeScreen)
            await pilot.press("1", "tab", *"07700900123")
            await pilot.pause(0.5)
            own_postgres.pause()
            app.screen.query_one("#caller-name").focus()
            await pilot.press(*"Jo [dob=01/02/1990]")
            for _ in range(150):
                await pilot.pause(0.1)
                if banner(pilot):
                    break
            assert (banner(pilot) or "").startswith(UNREACHABLE)
            # Already on this machine's disk, though the database has not seen it.
            assert any(
                kept.body.get("caller_name") == "Jo [dob=01/02/1990]"
                for kept in read_unsettled(journal.path)
            )
            own_postgres.resume()
            for _ in range(300):
                await pilot.pause(0.1)
                if banner(pilot) is None:
                    break
            assert banner(pilot) is None
            # Said once as the banner goes. The pop-up is a message the app handles after the
            # banner has gone, so wait for it (not long: it expires after 6 s, and the database
            # may take longer than that to show the draft on a loaded machine).
            for _ in range(30):
                if popups(pilot):
                    break
                await pilot.pause(0.1)
            assert popups(pilot)[-1:] == [DATABASE_BACK]
            for _ in range(100):
                saved = intake.unfinished_calls(store, operator)
                if saved and saved[0][1].get("caller_name") == "Jo [dob=01/02/1990]":
                    break
                await pilot.pause(0.1)
            assert len(saved) == 1  # written through once, into the call's one draft
            assert saved[0][1]["phone"] == "07700900123"
            assert saved[0][1]["caller_name"] == "Jo [dob=01/02/1990]"
            assert journal.unsettled() == []
    finally:
        journal.close()
        store.dispose()
