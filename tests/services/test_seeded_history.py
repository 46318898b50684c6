"""The example history `wmp-tui db seed --history DAYS` writes: a supervisor's report over it
shows every measure, the time to answer each channel's contacts among them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import cache

import pytest

from tests.conftest import Databases
from tests.services.conftest import policies
from wmp_tui.domain.log import FORCE_TIMEZONE, EventType
from wmp_tui.domain.simulation.assumptions import Assumptions
from wmp_tui.domain.simulation.history import history
from wmp_tui.domain.simulation.outcome import Outcome
from wmp_tui.domain.simulation.study import Inputs, run
from wmp_tui.domain.vocabulary import Channel
from wmp_tui.services import measures
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.history import write_simulated_history
from wmp_tui.services.room import Room
from wmp_tui.simulation.inputs import simulation_inputs
from wmp_tui.store.bootstrap import prepare
from wmp_tui.store.uow import Store

START = datetime(2026, 3, 4, 0, 0, tzinfo=FORCE_TIMEZONE)


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


def test_the_seeded_history_has_times_to_answer_and_the_report_measures_them(
    store: Store,
) -> None:
    """The QA walk found the seeded history's report with no answer-time measure at all."""
    end = START + timedelta(days=1)
    write_simulated_history(
        store,
        _outcome(),
        _inputs().templates,
        start=START,
        end=end,
        policy_version=_inputs().dispatch.version,
    )
    room = Room(store=store, clock=ManualClock(end.astimezone(UTC)), policies=policies())
    report = measures.report(room, START.date(), START.date())
    emergency = report.channels[Channel.EMERGENCY]
    assert emergency.contacts > 50 and emergency.answered == emergency.contacts
    share = emergency.within_standard_share
    assert share is not None and 0.8 <= share < 1.0  # most 999 calls within 10 s, not all
    for channel in (Channel.NON_EMERGENCY, Channel.LIVECHAT, Channel.ONLINE):
        counts = report.channels[channel]
        if counts.contacts:
            assert counts.answered == counts.contacts
            assert counts.within_standard_share is not None
            assert 0.4 <= counts.within_standard_share < 1.0


def test_a_logs_time_to_answer_is_the_same_however_far_the_history_runs() -> None:
    def answers(days: float) -> dict[tuple[datetime, float, float], float]:
        logs = history(
            _outcome(),
            _inputs().templates,
            START,
            START + timedelta(days=days),
            _inputs().dispatch.version,
        )
        return {
            (log.created_at, log.lat, log.lon): log.events[0].payload["answered_seconds"]
            for log in logs
            if log.events[0].type is EventType.CREATED
        }

    half, whole = answers(0.5), answers(1)
    assert half and all(whole[at] == seconds for at, seconds in half.items())
    assert all(isinstance(s, int) and 1 <= s <= 3600 for s in whole.values())
