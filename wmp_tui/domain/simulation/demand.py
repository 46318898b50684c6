"""The simulated demand: every log's arrival, call template, place, channel and grading time.

Drawn hour by hour from the 2019 volumes and the hourly profile before the clock starts, so
the run's randomness is spent in the same order whatever the force does with the logs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import cos, radians
from random import Random

from wmp_tui.domain.simulation.assumptions import DEMAND_BY_HOUR, NPU_SHARES, Assumptions
from wmp_tui.domain.simulation.calls import GradedTemplate, grade_volumes_2019, template_rates
from wmp_tui.domain.simulation.force import Place
from wmp_tui.domain.simulation.outcome import DAY, RESPONSE_GRADES, Logs
from wmp_tui.domain.vocabulary import Channel, Grade, Npu

CHANNEL_BY_GRADE: dict[Grade, tuple[float, float, float, float]] = {
    # 999, 101, livechat, online: emergencies come by 999, reports of the past by the others
    Grade.P1: (0.90, 0.09, 0.01, 0.0),
    Grade.P2: (0.60, 0.35, 0.04, 0.01),
    Grade.P3: (0.40, 0.50, 0.06, 0.04),
}
_OTHER_CHANNELS = (0.25, 0.55, 0.12, 0.08)
CHANNELS = (Channel.EMERGENCY, Channel.NON_EMERGENCY, Channel.LIVECHAT, Channel.ONLINE)


@dataclass(frozen=True)
class Places:
    """Where incidents happen: each NPU's places, weighted by its share of demand."""

    every: list[Place]
    cumulative: list[float]
    """Running weights of `every`, for `Random.choices`."""
    of_npu: dict[Npu, list[Place]]


def weighted_places(places: Sequence[Place], npus: list[Npu]) -> Places:
    by_npu = {n: [p for p in places if p.npu is n] for n in npus}
    weights = [NPU_SHARES[n] / len(by_npu[n]) for n in npus for _ in by_npu[n]]
    return Places([p for n in npus for p in by_npu[n]], cumulative(weights), by_npu)


@dataclass(frozen=True)
class Demand:
    logs: Logs
    waiting: list[tuple[float, int, int]]
    """The P1-P3 logs in the order drawn: (graded at, log, hour of the day)."""
    arrest_chance: float
    """Chance that the first unit at a log whose offender is there makes an arrest."""


def draw_demand(
    total_days: int,
    warmup_days: int,
    a: Assumptions,
    templates: Sequence[GradedTemplate],
    places: Places,
    rng: Random,
) -> Demand:
    """Every log's arrival, template, place and channel, hour by hour."""
    volumes = grade_volumes_2019()
    rates = template_rates([g.template for g in templates], volumes)
    cum = cumulative(rates)
    per_day = sum(rates) / 365.0
    profile = [h / sum(DEMAND_BY_HOUR) for h in DEMAND_BY_HOUR]
    jitter = a.place_jitter_km / 111.2
    jitter_lon = jitter / cos(radians(52.5))
    n_templates = range(len(templates))
    n_places = range(len(places.every))
    logs = Logs()
    waiting: list[tuple[float, int, int]] = []
    grading = a.grading_minutes
    for day in range(total_days):
        counted = day >= warmup_days
        for hour in range(24):
            start = day * DAY + hour * 60.0
            rate = per_day * profile[hour] / 60.0
            times: list[float] = []
            t = start + rng.expovariate(rate)
            while t < start + 60.0:
                times.append(t)
                t += rng.expovariate(rate)
            if not times:
                continue
            picks = rng.choices(n_templates, cum_weights=cum, k=len(times))
            spots = rng.choices(n_places, cum_weights=places.cumulative, k=len(times))
            for created, pick, spot in zip(times, picks, spots, strict=True):
                grade = templates[pick].grade
                place = places.every[spot]
                index = len(logs.grade)
                logs.template.append(pick)
                logs.grade.append(grade)
                weights = CHANNEL_BY_GRADE.get(grade, _OTHER_CHANNELS)
                logs.channel.append(rng.choices(CHANNELS, weights=weights)[0])
                logs.npu.append(place.npu)
                logs.lat.append(place.lat + rng.uniform(-jitter, jitter))
                logs.lon.append(place.lon + rng.uniform(-jitter_lon, jitter_lon))
                logs.created.append(created)
                graded = created + rng.uniform(0.3, 1.7) * grading
                logs.graded.append(graded)
                logs.counted.append(counted)
                acted, closed = _scheduled_work(grade, graded, a, rng)
                logs.arrived.append(None)
                logs.acted.append(acted)
                logs.closed.append(closed)
                if grade in RESPONSE_GRADES:
                    waiting.append((graded, index, hour if counted else -1))
    return Demand(logs, waiting, arrest_chance(templates, rates, a))


def _scheduled_work(
    grade: Grade, graded: float, a: Assumptions, rng: Random
) -> tuple[float | None, float]:
    """When P4-P9 work is booked, queued or allocated, and when the log closes."""
    if grade is Grade.P4:
        booked = graded + a.p4_book_minutes
        return booked, booked + rng.uniform(60.0, 2880.0)
    if grade is Grade.P5:
        queued = graded + rng.expovariate(1 / a.p5_queue_minutes)
        return queued, queued + rng.uniform(60.0, DAY)
    if grade is Grade.P6:
        allocated = graded + rng.expovariate(1 / a.p6_allocate_minutes)
        return allocated, allocated + rng.uniform(DAY, 7 * DAY)
    if grade is Grade.P9:
        return None, graded + 1.0
    return None, graded + rng.uniform(60.0, DAY)


def arrest_chance(
    templates: Sequence[GradedTemplate], rates: Sequence[float], assumptions: Assumptions
) -> float:
    """The chance that a log whose offender is there or detained ends in an arrest.

    The arrests made by response a year (`arrests_per_year` x `arrest_share_response`) over
    the yearly logs of the response grades whose facts put the offender at the scene.
    """
    at_scene = sum(
        rate
        for graded, rate in zip(templates, rates, strict=True)
        if graded.offender_at_scene and graded.grade in RESPONSE_GRADES
    )
    if at_scene <= 0:
        return 0.0
    arrests = assumptions.arrests_per_year * assumptions.arrest_share_response
    return min(1.0, arrests / at_scene)


def cumulative(weights: Sequence[float]) -> list[float]:
    total = 0.0
    out: list[float] = []
    for w in weights:
        total += w
        out.append(total)
    return out
