"""A shift drill: several calls arriving on an accelerated clock while the board moves.

On top of each call's own score, a shift is judged like a real tour of duty: the share of
each grade whose promise (DOMAIN.md §4: attend a P1 within 15 minutes, a P2 within 60, ...)
was kept. WMP's aspirations are 90% for P1 and 70% for P2 (DOMAIN.md §4, 2019 figures); a
shift that misses the P1 aspiration fails, anything else short is talked through.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from pydantic import Field

from wmp_tui.domain.dispatch_policy import DispatchPolicy
from wmp_tui.domain.drills.scenario import Scenario
from wmp_tui.domain.drills.scoring import DrillReport, Result
from wmp_tui.domain.facts import Strict
from wmp_tui.domain.sla import ClockState, OpenLog, sla_clock
from wmp_tui.domain.vocabulary import Grade

ASPIRATION: Mapping[Grade, int] = {Grade.P1: 90, Grade.P2: 70}
"""Per cent of calls that should meet their SLA; other grades: every one."""


class Arrival(Strict):
    """One call of the shift: which scenario, and when it rings (drill minutes from the start)."""

    at_minute: float = Field(ge=0)
    scenario: str


class ShiftPlan(Strict):
    """The calls of a shift drill, in the order they arrive."""

    title: str = "Shift drill"
    speed: float = Field(default=4.0, gt=0)
    """How many drill minutes pass per real minute."""
    arrivals: tuple[Arrival, ...] = Field(min_length=1)
    busy_every_minutes: float = Field(default=3.0, gt=0)
    """Every so many drill minutes another unit becomes busy on work off the drill."""

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(a.scenario for a in self.arrivals)


def plan_shift(
    scenarios: Sequence[Scenario],
    *,
    calls: int = 6,
    spacing_minutes: float = 4.0,
    speed: float = 4.0,
    seed: int = 1,
) -> ShiftPlan:
    """A varied shift from a library: urgent and routine calls mixed, the same for a seed."""
    if not scenarios:
        raise ValueError("a shift needs at least one scenario")
    rng = random.Random(seed)
    by_grade: dict[Grade, list[Scenario]] = {}
    for scenario in sorted(scenarios, key=lambda s: s.code):
        by_grade.setdefault(scenario.expected.grade, []).append(scenario)
    for pool in by_grade.values():
        rng.shuffle(pool)
    order = sorted(by_grade)
    picked: list[Scenario] = []
    while len(picked) < min(calls, len(scenarios)):
        for grade in order:
            if by_grade[grade] and len(picked) < calls:
                picked.append(by_grade[grade].pop())
    rng.shuffle(picked)
    arrivals = tuple(
        Arrival(at_minute=round(i * spacing_minutes, 1), scenario=s.code)
        for i, s in enumerate(picked)
    )
    return ShiftPlan(speed=speed, arrivals=arrivals)


class ShiftCall(Strict):
    """One call of the shift as it stood at the end: its grade and when its promise was kept."""

    scenario: str
    reference: str | None = None
    grade: Grade | None = None
    graded_at: datetime | None = None
    met_at: datetime | None = None
    """Arrival (status 6) for P1–P3; the booking, queueing or closing for the others."""


class Attainment(Strict):
    """One grade's SLA attainment over the shift."""

    grade: Grade
    calls: int
    met: int
    missed: int
    running: int
    """Still inside their SLA when the shift ended: neither met nor missed."""
    result: Result
    sentence: str

    @property
    def percent(self) -> int | None:
        decided = self.met + self.missed
        return round(100 * self.met / decided) if decided else None


def sla_attainment(
    calls: Iterable[ShiftCall], now: datetime, policy: DispatchPolicy
) -> tuple[Attainment, ...]:
    """Per grade with an SLA: how many calls met it, missed it, or are still running."""
    counts: dict[Grade, list[int]] = {}
    for call in calls:
        if call.grade is None or call.graded_at is None:
            continue
        if policy.sla_minutes(call.grade) is None:
            continue
        log = OpenLog(
            reference=call.reference or call.scenario,
            grade=call.grade,
            graded_at=call.graded_at,
            last_update_at=call.graded_at,
            sla_met_at=call.met_at,
        )
        state = sla_clock(log, now, policy).state
        met, missed, running = counts.setdefault(call.grade, [0, 0, 0])
        if state is ClockState.MET:
            met += 1
        elif state is ClockState.RUNNING:
            running += 1
        else:
            missed += 1
        counts[call.grade] = [met, missed, running]
    return tuple(_attainment(grade, *counts[grade]) for grade in sorted(counts))


def _attainment(grade: Grade, met: int, missed: int, running: int) -> Attainment:
    total = met + missed + running
    aspiration = ASPIRATION.get(grade, 100)
    decided = met + missed
    percent = round(100 * met / decided) if decided else None
    if percent is None:
        result = Result.NOT_SCORED
        sentence = f"{grade}: {total} call{'s' if total != 1 else ''}, all still within the SLA."
    else:
        ok = percent >= aspiration
        result = Result.PASS if ok else (Result.FAIL if grade is Grade.P1 else Result.SHORT)
        sentence = (
            f"{grade}: {met} of {decided} met the SLA ({percent}%, aspiration {aspiration}%)"
            + (f", {running} still running" if running else "")
            + "."
        )
    return Attainment(
        grade=grade,
        calls=total,
        met=met,
        missed=missed,
        running=running,
        result=result,
        sentence=sentence,
    )


class ShiftReport(Strict):
    """A shift drill's result: each call's report and the SLA attainment per grade."""

    title: str
    trainee: str | None = None
    started_at: datetime
    finished_at: datetime
    reports: tuple[DrillReport, ...]
    attainment: tuple[Attainment, ...]

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.reports) and not any(
            a.result is Result.FAIL for a in self.attainment
        )

    @property
    def summary(self) -> str:
        calls = len(self.reports)
        passed = sum(1 for r in self.reports if r.passed)
        verdict = "Passed" if self.passed else "Failed"
        return f"{verdict}: {passed} of {calls} calls passed."
