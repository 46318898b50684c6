"""Recommendation latency among 2,000 units, including the database read (SQLite).

Each measured call is the service the dispatch screen calls: read the log, its decision and
THRIVE+, every unit on duty, and rank them.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.calls import graded_p1s
from bench.force import add_units
from wmp_tui.files.policies import load_policies
from wmp_tui.services import dispatch
from wmp_tui.services.clock import SystemClock
from wmp_tui.services.room import Room
from wmp_tui.services.signin import sign_in
from wmp_tui.store.bootstrap import prepare


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(folder: Path, units: int = 2000, calls: int = 1000) -> dict[str, float]:
    store = prepare(f"sqlite:///{folder / 'recommend.db'}")
    try:
        add_units(store, units)
        room = Room(store=store, clock=SystemClock(), policies=load_policies())
        operator = sign_in(store, "Jade Thompson", "1234")
        logs = graded_p1s(room, operator, 20)
        for reference in logs:
            dispatch.recommendations(room, reference)  # warm up
        times = []
        for i in range(calls):
            start = time.perf_counter()
            options = dispatch.recommendations(room, logs[i % len(logs)])
            times.append((time.perf_counter() - start) * 1000)
            assert options
        return {"median_ms": percentile(times, 0.5), "p95_ms": percentile(times, 0.95)}
    finally:
        store.dispose()
