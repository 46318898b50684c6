"""Sixteen connections racing to dispatch the same few units, 10,000 times in all.

Every attempt goes through the real dispatch service: it either sends the unit or is refused
with a message, and a worker that wins clears the unit straight away so the race goes on.
Afterwards each unit's history, read from the append-only events in id order, must alternate
assigned / cleared: a unit is never on two logs at once.
"""

from __future__ import annotations

import random
import threading
from collections import Counter, defaultdict

import pytest
from sqlalchemy import select

from tests.services.conftest import TakeCall
from tests.services.test_call_lifecycle import ASSAULT
from wmp_tui.domain.log import EventType
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.vocabulary import UnitStatus
from wmp_tui.services import dispatch
from wmp_tui.services.errors import Refused
from wmp_tui.services.room import Room
from wmp_tui.services.signin import sign_in
from wmp_tui.store.tables import LogEventRow

WORKERS = 16
ATTEMPTS = 10_000
LOGS = 24
UNITS = 5
DISPATCHERS = [
    "Jade Thompson",
    "Ryan Walker",
    "Aisha Begum",
    "Tom Bennett",
    "Karen Whitehouse",
    "Imran Akhtar",
    "Gareth Davies",
    "Helen Price",
]


@pytest.mark.slow
def test_no_unit_is_ever_on_two_logs(room: Room, graded_call: TakeCall) -> None:
    logs = [graded_call("violence", ASSAULT).reference for _ in range(LOGS)]
    units = [r.unit_id for r in dispatch.recommendations(room, logs[0])][:UNITS]
    assert len(units) == UNITS
    operators: list[Operator] = [sign_in(room.store, name, "1234") for name in DISPATCHERS]
    outcomes: Counter[str] = Counter()
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(WORKERS)

    def worker(index: int) -> None:
        rng = random.Random(index)
        me = operators[index % len(operators)]
        tally: Counter[str] = Counter()
        try:
            start.wait()
            for _ in range(ATTEMPTS // WORKERS):
                unit = rng.choice(units)
                try:
                    dispatch.send(room, me, rng.choice(logs), unit, confirm_diversion=True)
                except Refused as refusal:
                    assert str(refusal), "a refusal always says why"
                    tally["refused"] += 1
                    continue
                tally["sent"] += 1
                dispatch.update_status(room, me, unit, UnitStatus.ON_PATROL)
        except BaseException as error:  # re-raised in the main thread
            errors.append(error)
        with lock:
            outcomes.update(tally)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, repr(errors[0])
    assert outcomes["sent"] + outcomes["refused"] == ATTEMPTS
    assert outcomes["sent"] > 0 and outcomes["refused"] > 0

    on_job: dict[str, int | None] = defaultdict(lambda: None)
    assignments = 0
    with room.store.unit_of_work(read_only=True) as uow:
        events = uow.session.execute(
            select(LogEventRow.type, LogEventRow.payload, LogEventRow.log_id)
            .where(LogEventRow.type.in_([EventType.UNIT_ASSIGNED, EventType.UNIT_CLEARED]))
            .order_by(LogEventRow.id)
        )
        for kind, payload, log_id in events:
            unit = payload["unit"]
            if kind == EventType.UNIT_ASSIGNED:
                assert on_job[unit] is None, f"{unit} assigned while still on log {on_job[unit]}"
                on_job[unit] = log_id
                assignments += 1
            else:
                assert on_job[unit] == log_id
                on_job[unit] = None
    assert assignments == outcomes["sent"]
