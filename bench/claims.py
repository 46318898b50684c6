"""Dispatch claims per second through the real service, and any unit on two logs at once.

Workers (each its own connection) send random free units to random P1 logs and clear each unit
they won, so the race never runs dry. Afterwards every unit's assign/clear events are replayed
in event order: a unit assigned while already on a log counts as a double assignment.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter, defaultdict

from sqlalchemy import select

from bench.calls import graded_p1s
from bench.force import add_units
from wmp_tui.domain.log import EventType
from wmp_tui.domain.vocabulary import UnitStatus
from wmp_tui.policies import load_policies
from wmp_tui.services import dispatch
from wmp_tui.services.clock import SystemClock
from wmp_tui.services.errors import Refused
from wmp_tui.services.room import Room
from wmp_tui.services.signin import sign_in
from wmp_tui.store.bootstrap import prepare
from wmp_tui.store.tables import LogEventRow, UnitRow

DISPATCHERS = ["Jade Thompson", "Ryan Walker", "Aisha Begum", "Tom Bennett"]


def double_assignments(room: Room) -> int:
    on_job: dict[str, int | None] = defaultdict(lambda: None)
    doubles = 0
    with room.store.unit_of_work(read_only=True) as uow:
        events = uow.session.execute(
            select(LogEventRow.type, LogEventRow.payload, LogEventRow.log_id)
            .where(LogEventRow.type.in_([EventType.UNIT_ASSIGNED, EventType.UNIT_CLEARED]))
            .order_by(LogEventRow.id)
        )
        for kind, payload, log_id in events:
            unit = payload["unit"]
            if kind == EventType.UNIT_ASSIGNED:
                doubles += on_job[unit] is not None
                on_job[unit] = log_id
            else:
                on_job[unit] = None
    return doubles


def measure(
    url: str, *, workers: int = 8, seconds: float = 10.0, units: int = 2000, logs: int = 100
) -> dict[str, float]:
    store = prepare(url)
    try:
        add_units(store, units)
        room = Room(store=store, clock=SystemClock(), policies=load_policies())
        operators = [sign_in(store, name, "1234") for name in DISPATCHERS]
        references = graded_p1s(room, operators[0], logs)
        with store.unit_of_work(read_only=True) as uow:
            free = list(
                uow.session.scalars(
                    select(UnitRow.call_sign).where(
                        UnitRow.status.in_([1, 2, 3]), UnitRow.type == "response"
                    )
                )
            )
        tally: Counter[str] = Counter()
        lock = threading.Lock()
        deadline = time.perf_counter() + seconds
        start = threading.Barrier(workers + 1)

        def worker(index: int) -> None:
            rng = random.Random(index)
            me = operators[index % len(operators)]
            mine: Counter[str] = Counter()
            start.wait()
            while time.perf_counter() < deadline:
                unit = rng.choice(free)
                try:
                    dispatch.send(room, me, rng.choice(references), unit)
                except Refused:
                    mine["refused"] += 1
                    continue
                mine["claimed"] += 1
                dispatch.update_status(room, me, unit, UnitStatus.ON_PATROL)
            with lock:
                tally.update(mine)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(workers)]
        for thread in threads:
            thread.start()
        start.wait()
        began = time.perf_counter()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
        attempts = tally["claimed"] + tally["refused"]
        return {
            "claims_per_s": attempts / elapsed,
            "claimed": tally["claimed"],
            "refused": tally["refused"],
            "double_assignments": double_assignments(room),
        }
    finally:
        store.dispose()
