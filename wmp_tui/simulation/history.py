"""`wmp-tui simulate --into URL` and `wmp-tui db seed --history DAYS`: a simulated past, written.

A year (`--year 2019`) starts at local midnight on 1 January; any other period is the last
DAYS days ending at local midnight this morning, and only logs closed before now are written.
With `--speed N` the period is played onto the live board instead, from now, N times real time.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from wmp_tui.domain.log import FORCE_TIMEZONE
from wmp_tui.domain.simulation.study import Inputs
from wmp_tui.simulation.study import Progress, StudyRequest, run_period, summary
from wmp_tui.store.uow import Store

if TYPE_CHECKING:
    from wmp_tui.services.clock import Clock
    from wmp_tui.services.history import Hourly, Playback, Sleep


def period_start(request: StudyRequest, now: datetime) -> datetime:
    """Minute 0 of the simulated days, as an aware time."""
    if request.year is not None:
        return datetime(request.year, 1, 1, tzinfo=FORCE_TIMEZONE)
    today = now.astimezone(FORCE_TIMEZONE).replace(hour=0, minute=0, second=0, microsecond=0)
    return today - timedelta(days=request.days)


def simulate_into(
    store: Store, request: StudyRequest, inputs: Inputs, now: datetime, progress: Progress
) -> dict[str, object]:
    """Run the period (first seed written), write it, and return the result with the counts."""
    from wmp_tui.services.history import write_simulated_history

    began = time.perf_counter()
    outcomes, runs = run_period(request, inputs, progress)
    result = summary(request, inputs, outcomes, runs, time.perf_counter() - began, progress)
    start = period_start(request, now)
    end = min(now, start + timedelta(days=request.days + 30))
    progress("writing into the database", 0.0)
    written = write_simulated_history(
        store,
        outcomes[0],
        inputs.templates,
        start=start,
        end=end,
        policy_version=inputs.dispatch.version,
    )
    progress("writing into the database", 1.0)
    result["written"] = {
        "logs": written.logs,
        "events": written.events,
        "assignments": written.assignments,
        "from": start.isoformat(),
        "closed_before": end.isoformat(),
    }
    return result


def play_into(
    store: Store,
    request: StudyRequest,
    inputs: Inputs,
    *,
    speed: float,
    clock: Clock,
    sleep: Sleep,
    hourly: Hourly | None = None,
    hours: float | None = None,
) -> Playback:
    """`--speed N --into URL`: run the period (its first seed), then play it onto the live
    board from now at N times real time (see `play_simulated_history`)."""
    from wmp_tui.services.history import play_simulated_history

    outcomes, _ = run_period(replace(request, seeds=1), inputs)
    return play_simulated_history(
        store,
        outcomes[0],
        inputs.templates,
        speed=speed,
        policy_version=inputs.dispatch.version,
        clock=clock,
        sleep=sleep,
        hourly=hourly,
        hours=hours,
    )
