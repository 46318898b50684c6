"""The real app on a real (SQLite) database, with a clock the test sets and no animation.

Screens are driven with Textual's Pilot by real key presses; tests then read the database to
check what was written, not only what the screen shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from tests.conftest import Databases
from wmp_tui.app import ControlRoomApp, build_app
from wmp_tui.config import Settings
from wmp_tui.domain.operators import AccessRules, Operator
from wmp_tui.files.policies import Policies, load_policies
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.signin import sign_in
from wmp_tui.store.bootstrap import prepare
from wmp_tui.store.uow import Store

SIZE = (120, 40)
RULES = AccessRules()
START = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
_POLICIES: list[Policies] = []


def policies() -> Policies:
    if not _POLICIES:
        _POLICIES.append(load_policies())
    return _POLICIES[0]


@pytest.fixture
def screen_store(sqlite_databases: Databases) -> Iterator[Store]:
    store = prepare(sqlite_databases.seeded())
    try:
        yield store
    finally:
        store.dispose()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


AppFactory = Callable[..., ControlRoomApp]


@pytest.fixture
def make_app(screen_store: Store, clock: ManualClock) -> AppFactory:
    """`make_app(operator="Jade Thompson", training=False)`: the app, signed in or not."""

    def make(
        operator: str | None = "Jade Thompson",
        *,
        training: bool = False,
        idle_lock_minutes: float = 12 * 60,
    ) -> ControlRoomApp:
        signed: Operator | None = sign_in(screen_store, operator, "1234") if operator else None
        # Tests move the clock by many minutes: the desk locks itself only where a test asks.
        settings = Settings(
            database_url="sqlite://",
            animations=False,
            poll_seconds=0.2,
            idle_lock_minutes=idle_lock_minutes,
        )
        return build_app(
            screen_store, settings, clock, policies=policies(), operator=signed, training=training
        )

    return make
