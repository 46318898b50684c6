"""Writing a simulated past into the database, so the board, the log view and the reports can
be shown on a realistic history and `wmp-tui report` checked against the simulation's counts.

The units the simulation sent are added to the board off duty when it lacks them; the logs go
in through the store's bulk writer, whole batches at a time. Or a shift is played onto the live
board (`wmp-tui simulate --speed N`): each log's steps written one at a time as the clock
reaches them, by the store's stepped writer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from wmp_tui.domain.simulation.calls import GradedTemplate
from wmp_tui.domain.simulation.history import history
from wmp_tui.domain.simulation.outcome import Outcome
from wmp_tui.domain.simulation.playback import steps
from wmp_tui.services.clock import Clock
from wmp_tui.store.history import (
    LivePlayback,
    Played,
    UnitToAdd,
    Written,
    add_missing_units,
    write_logs,
)
from wmp_tui.store.uow import Store


def write_simulated_history(
    store: Store,
    outcome: Outcome,
    templates: Sequence[GradedTemplate],
    *,
    start: datetime,
    end: datetime,
    policy_version: str,
) -> Written:
    """Write the run's counted logs closed before `end`; minute 0 of its counted days is `start`."""
    add_missing_units(store.engine, _units(outcome), end)
    return write_logs(store.engine, history(outcome, templates, start, end, policy_version))


Sleep = Callable[[float], None]
Hourly = Callable[[int, Played], None]
"""Told each simulated hour as it passes (1, 2, ...) with what is written so far."""


@dataclass(frozen=True, slots=True)
class Playback:
    """How a played shift ended."""

    played: Played
    start: datetime
    speed: float
    reached: timedelta
    """Simulated time reached: the whole period, or where Ctrl+C stopped it."""
    stopped: bool
    """Stopped by Ctrl+C before the period's end."""


def play_simulated_history(
    store: Store,
    outcome: Outcome,
    templates: Sequence[GradedTemplate],
    *,
    speed: float,
    policy_version: str,
    clock: Clock,
    sleep: Sleep,
    hourly: Hourly | None = None,
    hours: float | None = None,
) -> Playback:
    """Play the run's counted days (or their first `hours`) onto the live board at `speed`
    times real time.

    Simulated minute 0 is `clock.now()` when this is called; each step of a log (created;
    graded; a unit sent, at scene, cleared; closed) is written when the clock reaches
    `start` + its simulated time / `speed`, and stamped with that time, so the board's
    clocks, ages and countdowns read it as live. The period ends at its last simulated
    minute; logs still open then stay open, as at a shift's end. Ctrl+C (KeyboardInterrupt,
    typically out of `sleep`) stops it: every step written so far is kept (each is one
    transaction), nothing half-written.
    """
    start = clock.now()
    period = timedelta(days=outcome.days)
    if hours is not None:
        period = min(period, timedelta(hours=hours))
    end = start + period / speed
    add_missing_units(store.engine, _units(outcome), start)
    logs = list(history(outcome, templates, start, end, policy_version, playing=True, speed=speed))
    plan = steps(logs, end)
    writer = LivePlayback(store)
    hours_told = 0
    hour = timedelta(hours=1) / speed

    def tell(upto: datetime) -> None:
        nonlocal hours_told
        while hourly is not None and start + hour * (hours_told + 1) <= upto:
            hours_told += 1
            hourly(hours_told, writer.played)

    reached = start
    try:
        for step in plan:
            _wait(clock, sleep, step.at)
            tell(step.at)
            writer.write(step.log, logs[step.log], step.events, opens=step.opens)
            reached = step.at
        _wait(clock, sleep, end)
        reached = end
        tell(end)
    except KeyboardInterrupt:
        reached = max(reached, min(clock.now(), end))
        return Playback(writer.played, start, speed, (reached - start) * speed, stopped=True)
    return Playback(writer.played, start, speed, period, stopped=False)


def _wait(clock: Clock, sleep: Sleep, until: datetime) -> None:
    """Sleep until the clock reads `until`; if it already does, `sleep(0)`, so that a
    playback running behind still notices a stop asked for (its sleep raises)."""
    sleep(0)
    while (left := (until - clock.now()).total_seconds()) > 0:
        sleep(left)


def _units(outcome: Outcome) -> list[UnitToAdd]:
    return [
        UnitToAdd(
            u.id,
            u.type.value,
            u.npu.value if u.npu else "BW",
            " ".join(s.value for s in u.skills),
            u.lat or 52.48,
            u.lon or -1.90,
        )
        for u in outcome.units
    ]
