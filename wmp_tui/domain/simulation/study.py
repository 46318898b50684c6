"""Runs of the simulation and what they are compared with: the seeds' 2019 figures.

`measure` turns one run into the report's per-grade measures; `compare` sets them beside the
seeds, saying which figure was fitted and which are predictions, and how far each lands;
`spread` repeats a run over several seeds so a what-if shows its noise beside its effect.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from random import Random
from statistics import mean, pstdev

from wmp_tui.domain.dispatch_policy import DispatchPolicy
from wmp_tui.domain.simulation.assumptions import Assumptions
from wmp_tui.domain.simulation.calls import GradedTemplate
from wmp_tui.domain.simulation.engine import simulate
from wmp_tui.domain.simulation.force import Place
from wmp_tui.domain.simulation.measures import GradeMeasures, grade_measures
from wmp_tui.domain.simulation.outcome import RESPONSE_GRADES, Outcome, Progress
from wmp_tui.domain.vocabulary import Grade


@dataclass(frozen=True, slots=True)
class Inputs:
    """What every run shares: the graded call templates, the dispatch policy, the places."""

    templates: Sequence[GradedTemplate]
    dispatch: DispatchPolicy
    places: Sequence[Place]


@dataclass(frozen=True, slots=True)
class SeedFigure:
    """A 2019 figure from the seeds and the simulation's value of it."""

    measure: str
    seed: float
    simulated: float | None
    kind: str
    """`fitted` (the one figure the free parameter was fitted on) or `predicted`."""
    tolerance: float
    relative: bool
    """True: the goal is within ±tolerance of the seed's value as a share; False: in points."""

    @property
    def difference(self) -> float | None:
        if self.simulated is None:
            return None
        return self.simulated - self.seed

    @property
    def met(self) -> bool | None:
        gap = self.difference
        if gap is None:
            return None
        allowed = self.tolerance * self.seed if self.relative else self.tolerance
        return abs(gap) <= allowed + 1e-9

    def as_dict(self) -> dict[str, object]:
        gap = self.difference
        return {
            "measure": self.measure,
            "seed": self.seed,
            "simulated": None if self.simulated is None else round(self.simulated, 4),
            "difference": None if gap is None else round(gap, 4),
            "kind": self.kind,
            "goal": f"±{self.tolerance:.0%}"
            if self.relative
            else f"±{self.tolerance * 100:.0f} points",
            "met": self.met,
        }


P1_ATTAINMENT_2019 = 0.59
SEED_FIGURES: tuple[tuple[str, Grade, str, float, str, float, bool], ...] = (
    ("P1 attended within 15 min", Grade.P1, "attainment", 0.59, "fitted", 0.05, False),
    ("P2 attended within 60 min", Grade.P2, "attainment", 0.39, "predicted", 0.05, False),
    ("P1 median minutes to arrival", Grade.P1, "median", 12 + 55 / 60, "predicted", 0.15, True),
    ("P2 median minutes to arrival", Grade.P2, "median", 100.0, "predicted", 0.15, True),
    ("P3 median minutes to arrival", Grade.P3, "median", 159.0, "predicted", 0.15, True),
)
"""Seed 002, chapter 3B: the figures the simulation is checked against."""


def measure(outcome: Outcome, dispatch: DispatchPolicy) -> dict[Grade, GradeMeasures]:
    """The report's per-grade measures of the counted days of one run."""
    logs = outcome.logs
    acted = [
        arrived if grade in RESPONSE_GRADES else done
        for grade, arrived, done in zip(logs.grade, logs.arrived, logs.acted, strict=True)
    ]
    return grade_measures(logs.grade, logs.graded, acted, logs.counted, dispatch.sla_minutes)


def run(
    days: int,
    assumptions: Assumptions,
    inputs: Inputs,
    seed: int,
    progress: Progress | None = None,
) -> Outcome:
    """One seeded run."""
    return simulate(
        days,
        assumptions,
        inputs.templates,
        inputs.dispatch,
        inputs.places,
        Random(seed),
        progress=progress,
    )


def figure(measures: Mapping[Grade, GradeMeasures], grade: Grade, what: str) -> float | None:
    m = measures[grade]
    return m.attainment if what == "attainment" else m.median_minutes


def compare(runs: Sequence[Mapping[Grade, GradeMeasures]]) -> list[SeedFigure]:
    """The seeds' figures beside the mean over the runs."""
    out: list[SeedFigure] = []
    for name, grade, what, seed, kind, tolerance, relative in SEED_FIGURES:
        values = [v for r in runs if (v := figure(r, grade, what)) is not None]
        out.append(
            SeedFigure(name, seed, mean(values) if values else None, kind, tolerance, relative)
        )
    return out


@dataclass(frozen=True, slots=True)
class Spread:
    """A figure over several seeds: its mean and its spread."""

    mean: float | None
    sd: float | None
    low: float | None
    high: float | None

    def as_dict(self) -> dict[str, float | None]:
        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 4)

        return {"mean": r(self.mean), "sd": r(self.sd), "low": r(self.low), "high": r(self.high)}


def spread_of(runs: Sequence[Mapping[Grade, GradeMeasures]], grade: Grade, what: str) -> Spread:
    values = [v for r in runs if (v := figure(r, grade, what)) is not None]
    if not values:
        return Spread(None, None, None, None)
    return Spread(mean(values), pstdev(values), min(values), max(values))


def fit_deployable_share(
    attainment_of: Callable[[float], float],
    target: float = P1_ATTAINMENT_2019,
    low: float = 0.2,
    high: float = 1.0,
    steps: int = 10,
) -> float:
    """The deployable share whose P1 attainment is `target`, by bisection.

    More deployable officers can only raise attainment (noise aside: the caller holds the
    seed fixed), so bisection on this single parameter converges.
    """
    for _ in range(steps):
        middle = (low + high) / 2
        if attainment_of(middle) < target:
            low = middle
        else:
            high = middle
    return round((low + high) / 2, 3)
