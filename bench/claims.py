"""Dispatch claims per second through the real service, and any unit on two logs at once.

Workers (each its own connection) send random free units to random P1 logs and clear each unit
they won, so the race never runs dry. Afterwards the assignment audit replays every unit's
events in order: a unit assigned while already on a log counts as a double assignment.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections import Counter

from sqlalchemy import select

from bench.calls import graded_p1s
from bench.force import add_units
from wmp_tui.domain.vocabulary import UnitStatus
from wmp_tui.files.policies import load_policies
from wmp_tui.services import dispatch
from wmp_tui.services.audit import assignment_audit
from wmp_tui.services.clock import SystemClock
from wmp_tui.services.errors import Refused
from wmp_tui.services.room import Room
from wmp_tui.services.signin import sign_in
from wmp_tui.store.bootstrap import prepare
from wmp_tui.store.tables import UnitRow

DISPATCHERS = ["Jade Thompson", "Ryan Walker", "Aisha Begum", "Tom Bennett"]


def _worker(
    url: str, index: int, seconds: float, references: list[str], free: list[str]
) -> Counter[str]:
    """One dispatcher at one connection, in its own process (its own engine and GIL)."""
    store = prepare(url, seed=False)
    try:
        room = Room(store=store, clock=SystemClock(), policies=load_policies())
        me = sign_in(store, DISPATCHERS[index % len(DISPATCHERS)], "1234")
        rng = random.Random(index)
        tally: Counter[str] = Counter()
        deadline = time.perf_counter() + seconds
        claiming = 0.0
        while time.perf_counter() < deadline:
            unit = rng.choice(free)
            began = time.perf_counter()
            try:
                dispatch.send(room, me, rng.choice(references), unit)
            except Refused:
                tally["refused"] += 1
                continue
            finally:
                claiming += time.perf_counter() - began
            tally["claimed"] += 1
            dispatch.update_status(room, me, unit, UnitStatus.ON_PATROL)
        tally["claiming_us"] = int(claiming * 1_000_000)
        return tally
    finally:
        store.dispose()


def measure(
    url: str, *, workers: int = 8, seconds: float = 10.0, units: int = 2000, logs: int = 100
) -> dict[str, float]:
    """Claims per second by `workers` processes racing for the same free units."""
    store = prepare(url)
    try:
        add_units(store, units)
        room = Room(store=store, clock=SystemClock(), policies=load_policies())
        references = graded_p1s(room, sign_in(store, DISPATCHERS[0], "1234"), logs)
        with store.unit_of_work(read_only=True) as uow:
            free = list(
                uow.session.scalars(
                    select(UnitRow.call_sign).where(
                        UnitRow.status.in_([1, 2, 3]), UnitRow.type == "response"
                    )
                )
            )
    finally:
        store.dispose()
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        tallies = pool.starmap(
            _worker, [(url, i, seconds, references, free) for i in range(workers)]
        )
    total: Counter[str] = sum(tallies, Counter())
    store = prepare(url, seed=False)
    try:
        audit = assignment_audit(store)
    finally:
        store.dispose()
    attempts = total["claimed"] + total["refused"]
    # Each claimed unit is also cleared straight away (a second transaction, racing with the
    # other workers' claims) so the race never runs dry; the rate counts claim attempts over
    # the time the workers spent claiming, i.e. attempts / (mean claiming time per worker).
    claiming_s = total["claiming_us"] / 1_000_000 / workers
    return {
        "claims_per_s": attempts / claiming_s if claiming_s else 0.0,
        "claimed": total["claimed"],
        "refused": total["refused"],
        "double_assignments": len(audit.doubles),
    }
