"""A force the size of West Midlands Police, generated: up to 2,000 units on duty.

The seed has a few hundred real call signs; the benchmarks need the scale of ARCHITECTURE.md
(2,000 units, 2,000 open logs), so this adds generated units with the seed's mix of types
and statuses, spread over the force area.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import func, insert, select

from wmp_tui.domain.intake import FORCE_AREA
from wmp_tui.domain.vocabulary import Npu, UnitType
from wmp_tui.store.tables import UnitRow
from wmp_tui.store.uow import Store

T = TypeVar("T")

TYPE_MIX = [
    (UnitType.RESPONSE, 45),
    (UnitType.NEIGHBOURHOOD, 20),
    (UnitType.PCSO, 10),
    (UnitType.PSI, 5),
    (UnitType.INITIAL_INVESTIGATION, 5),
    (UnitType.TRAFFIC, 4),
    (UnitType.FSU, 4),
    (UnitType.ARV, 4),
    (UnitType.DOG, 3),
]
STATUS_MIX = [(1, 15), (2, 30), (3, 12), (4, 6), (5, 8), (6, 10), (7, 5), (8, 6), (9, 2), (10, 1)]


def weighted(rng: random.Random, mix: Sequence[tuple[T, int]]) -> T:
    return rng.choices([item for item, _ in mix], weights=[w for _, w in mix])[0]


def add_units(store: Store, total: int, seed: int = 2026) -> int:
    """Add generated units until `total` are on duty; returns how many were added."""
    rng = random.Random(seed)
    (lat_lo, lat_hi), (lon_lo, lon_hi) = FORCE_AREA["lat"], FORCE_AREA["lon"]
    now = datetime.now(UTC)
    with store.unit_of_work() as uow:
        on_duty = uow.session.scalar(
            select(func.count()).select_from(UnitRow).where(UnitRow.status != 11)
        )
        missing = max(0, total - int(on_duty or 0))
        rows = []
        for i in range(missing):
            kind = weighted(rng, TYPE_MIX)
            assert isinstance(kind, UnitType)
            rows.append(
                {
                    "call_sign": f"GX-{kind.value[0].upper()}{i:04d}",
                    "type": kind.value,
                    "npu": rng.choice(list(Npu)).value,
                    "skills": "taser first_aid" if kind is UnitType.RESPONSE else "first_aid",
                    "status": weighted(rng, STATUS_MIX),
                    "status_since": now,
                    "lat": rng.uniform(lat_lo, lat_hi),
                    "lon": rng.uniform(lon_lo, lon_hi),
                    "version": 1,
                }
            )
        if rows:
            uow.session.execute(insert(UnitRow), rows)
        uow.commit()
    return missing
