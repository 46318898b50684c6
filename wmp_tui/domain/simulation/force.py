"""The force on duty in the simulation: units, where they are, and how many each hour.

Units are light mutable rows that satisfy `UnitView`, so the real recommendation engine reads
them as it reads the store's rows. Only the few units that could be nearest an incident are
handed to the engine, which ranks them by the policy exactly as it would rank every unit.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from math import cos, radians, sqrt

from wmp_tui.domain.geo import haversine_km
from wmp_tui.domain.simulation.assumptions import SHIFT_PATTERNS, Assumptions
from wmp_tui.domain.vocabulary import Grade, Npu, Skill, UnitStatus, UnitType

_KM_PER_LAT = 111.19
_KM_PER_LON = 111.32 * cos(radians(52.5))


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer place the simulation puts incidents and units near."""

    npu: Npu
    lat: float
    lon: float


class SimUnit:
    """A unit in the simulation: what the recommendation reads, and what the clock needs."""

    __slots__ = (
        "assignment",
        "current_grade",
        "id",
        "index",
        "lat",
        "lead",
        "leaving",
        "log",
        "lon",
        "npu",
        "on_duty",
        "prisoner",
        "skills",
        "status",
        "token",
        "type",
        "writing",
    )

    def __init__(self, index: int, call_sign: str, kind: UnitType, npu: Npu) -> None:
        self.index = index
        self.id = call_sign
        self.type = kind
        self.npu: Npu | None = npu
        self.status = UnitStatus.OFF_DUTY
        self.lat = 0.0
        self.lon = 0.0
        self.skills: tuple[Skill, ...] = (Skill.FIREARMS,) if kind is UnitType.ARV else ()
        self.current_grade: Grade | None = None
        self.on_duty = False
        self.leaving = False
        self.token = 0
        self.log = -1
        self.assignment = -1
        self.lead = False
        """First at scene of its log: it writes the log up when it clears."""
        self.prisoner = False
        """It arrested someone at this scene and takes them to custody when it clears."""
        self.writing = False
        """Writing up a job after the scene (status 7, deployable to a P1 only)."""


class UnitGrid:
    """Units of one kind of availability (free, or divertible), by type.

    `nearest` hands the real engine only the units that could be nearest: a flat-projection
    distance (within a fraction of a per cent of the great circle at the force's size) with a
    margin, so the engine's own haversine ranking over the subset picks the unit it would
    pick over all of them. A few hundred units on duty make a tight scan faster than a grid.
    """

    def __init__(self) -> None:
        self.by_type: dict[UnitType, set[SimUnit]] = {}
        self.count = 0

    def add(self, unit: SimUnit) -> None:
        units = self.by_type.setdefault(unit.type, set())
        if unit not in units:
            units.add(unit)
            self.count += 1

    def remove(self, unit: SimUnit) -> None:
        units = self.by_type.get(unit.type)
        if units is not None and unit in units:
            units.discard(unit)
            self.count -= 1

    def __contains__(self, unit: SimUnit) -> bool:
        return unit in self.by_type.get(unit.type, ())

    def nearest(
        self,
        lat: float,
        lon: float,
        types: frozenset[UnitType],
        others: Iterable[UnitGrid] = (),
        count: int = 1,
        local: tuple[Npu, frozenset[UnitType]] | None = None,
    ) -> list[SimUnit]:
        """For each of `types`, the units of that type (here and in `others`) that could be
        among its `count` nearest: whatever order of types the policy prefers, its picks are
        among them. With `local` (an NPU and some types), units of those types count only
        if their home is that NPU."""
        found: dict[UnitType, list[tuple[float, SimUnit]]] = {}
        kx = _KM_PER_LON
        ky = _KM_PER_LAT
        for grid in (self, *others):
            for kind in types:
                units = grid.by_type.get(kind)
                if not units:
                    continue
                near = found.setdefault(kind, [])
                if local is not None and kind in local[1]:
                    units = {u for u in units if u.npu == local[0]}
                for unit in units:
                    dy = (unit.lat - lat) * ky
                    dx = (unit.lon - lon) * kx
                    near.append((dx * dx + dy * dy, unit))
        chosen: list[SimUnit] = []
        for near in found.values():
            if not near:
                continue
            if count == 1:
                best = min(km for km, _ in near)
            else:
                best = heapq.nsmallest(count, (km for km, _ in near))[-1]
            reach = (sqrt(best) * 1.01 + 0.05) ** 2
            chosen.extend(unit for km, unit in near if km <= reach)
        return chosen


def coverage(pattern: str) -> list[float]:
    """Share of the day's officers on duty in each hour under a named shift pattern."""
    shifts = SHIFT_PATTERNS[pattern]
    hours = [0.0] * 24
    for start, length, share in shifts:
        for offset in range(length):
            hours[(start + offset) % 24] += share
    total = sum(hours)
    return [h / total for h in hours]


def response_units_by_hour(assumptions: Assumptions) -> list[int]:
    """Deployable Force Response units on duty in each hour of the day.

    Officer hours a day (establishment x weekly hours / 7), spread over the hours by the
    shift pattern, less abstractions, times the deployable share, over officers per unit.
    """
    a = assumptions
    day_hours = a.officers * a.hours_per_officer_week / 7
    per_hour = coverage(a.shift_pattern)
    factor = (1 - a.abstraction_share) * a.deployable_share / a.officers_per_unit()
    return [max(0, round(day_hours * share * factor)) for share in per_hour]


def other_units_by_hour(assumptions: Assumptions) -> dict[UnitType, list[int]]:
    """Units of the other attending departments on duty each hour."""
    a = assumptions
    day = [a.neighbourhood_units if 7 <= h < 23 else 0 for h in range(24)]
    return {
        UnitType.NEIGHBOURHOOD: day,
        UnitType.TRAFFIC: [a.traffic_units] * 24,
        UnitType.ARV: [a.arv_units] * 24,
        UnitType.DOG: [a.dog_units] * 24,
    }


def make_units(
    peak: dict[UnitType, int], npus: Sequence[Npu], shares: Sequence[float]
) -> list[SimUnit]:
    """The pool of units, each with a home NPU in proportion to the NPUs' shares."""
    letters = {
        UnitType.RESPONSE: "R",
        UnitType.NEIGHBOURHOOD: "N",
        UnitType.TRAFFIC: "T",
        UnitType.ARV: "A",
        UnitType.DOG: "D",
    }
    units: list[SimUnit] = []
    for kind, count in peak.items():
        taken = [0.0] * len(npus)
        numbers = dict.fromkeys(npus, 0)
        for _ in range(count):
            # the NPU furthest below its share takes the next unit
            pick = min(range(len(npus)), key=lambda i: (taken[i] + 1) / (shares[i] or 1e-9))
            taken[pick] += 1
            npu = npus[pick]
            numbers[npu] += 1
            call_sign = f"S{npu}-{letters[kind]}{numbers[npu]:03d}"
            units.append(SimUnit(len(units), call_sign, kind, npu))
    return units


def staff(
    pool: Sequence[SimUnit],
    target: int,
    book_on: Callable[[SimUnit], None],
    book_off: Callable[[SimUnit], None],
) -> None:
    """Bring a pool's units on duty up or down to `target`: first back those about to leave,
    then book on; down, book off the free ones, then let busy ones leave when they clear."""
    on = [u for u in pool if u.on_duty and not u.leaving]
    if len(on) < target:
        need = target - len(on)
        for unit in pool:
            if need == 0:
                break
            if unit.on_duty and unit.leaving:
                unit.leaving = False
                need -= 1
        for unit in pool:
            if need == 0:
                break
            if not unit.on_duty:
                book_on(unit)
                need -= 1
    elif len(on) > target:
        excess = len(on) - target
        for unit in on:
            if excess == 0:
                break
            if unit.status in (UnitStatus.ON_PATROL,):
                book_off(unit)
                excess -= 1
        for unit in on:
            if excess == 0:
                break
            if unit.on_duty and not unit.leaving and unit.status != UnitStatus.ON_PATROL:
                unit.leaving = True
                excess -= 1


def km_to(lat: float, lon: float, unit: SimUnit) -> float:
    """How far the unit is from a place, as the crow flies."""
    return haversine_km(lat, lon, unit.lat, unit.lon)
