"""Sixteen connections racing to dispatch the same few units, 10,000 times in all.

Every attempt goes through the real dispatch service: it either sends the unit or is refused
with a message, and a worker that wins clears the unit straight away so the race goes on (unless
another worker has diverted it to its own log and cleared it first: that clear is refused).
Afterwards the audit replays each unit's history from the append-only events in id order: it
must alternate assigned / cleared, so a unit is never on two logs at once.
"""

from __future__ import annotations

import random
import threading
from collections import Counter

import pytest

from tests.services.conftest import TakeCall
from tests.services.test_call_lifecycle import ASSAULT
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.vocabulary import UnitStatus
from wmp_tui.services import dispatch
from wmp_tui.services.audit import assignment_audit
from wmp_tui.services.errors import Refused
from wmp_tui.services.room import Room
from wmp_tui.services.signin import sign_in

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
                try:
                    dispatch.update_status(room, me, unit, UnitStatus.ON_PATROL)
                except Refused as refusal:
                    # Another worker diverted the unit to its own log and cleared it first.
                    assert "cannot go from 2 on patrol to 2 on patrol" in str(refusal)
                    tally["already cleared"] += 1
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

    audit = assignment_audit(room.store)
    assert audit.faults == ()
    assert audit.assignments == outcomes["sent"]
