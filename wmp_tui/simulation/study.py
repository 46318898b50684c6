"""The study `wmp-tui simulate` runs: the period asked for, the seeds' figures beside it, and
the what-ifs (the uplift, a P1 reserve) over several seeds.

The result is plain data in the JSON shape the command prints; `table.py` renders it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from wmp_tui.domain.simulation.assumptions import (
    UPLIFT_OFFICERS,
    Assumptions,
    explain,
)
from wmp_tui.domain.simulation.measures import GradeMeasures, as_json
from wmp_tui.domain.simulation.outcome import Outcome
from wmp_tui.domain.simulation.study import (
    Inputs,
    compare,
    fit_deployable_share,
    measure,
    run,
    spread_of,
)
from wmp_tui.domain.vocabulary import Grade

Progress = Callable[[str, float], None]
"""Told what is running and how far it has gone (0-1)."""

ASPIRATIONS = {Grade.P1: 0.90, Grade.P2: 0.70}
"""The uplift's aims (seed 002): 90% of P1 within 15 minutes, 70% of P2 within 60."""


@dataclass(frozen=True, slots=True)
class StudyRequest:
    days: int
    assumptions: Assumptions
    seed: int = 2019
    seeds: int = 1
    year: int | None = None
    what_if_days: int = 0
    """Days of each what-if run (0: no what-ifs)."""
    what_if_seeds: int = 5


def _quiet(_: str, __: float) -> None:
    return None


def _told(progress: Progress, label: str) -> Callable[[float], None]:
    """The engine's progress (a fraction) told to `progress` under `label`."""

    def report(fraction: float) -> None:
        progress(label, fraction)

    return report


def run_period(
    request: StudyRequest, inputs: Inputs, progress: Progress = _quiet
) -> tuple[list[Outcome], list[dict[Grade, GradeMeasures]]]:
    """The period asked for, once per seed."""
    outcomes: list[Outcome] = []
    runs: list[dict[Grade, GradeMeasures]] = []
    for k in range(request.seeds):
        label = f"simulating {request.days} days (seed {request.seed + k})"
        outcome = run(
            request.days,
            request.assumptions,
            inputs,
            request.seed + k,
            _told(progress, label),
        )
        outcomes.append(outcome)
        runs.append(measure(outcome, inputs.dispatch))
    return outcomes, runs


def study(request: StudyRequest, inputs: Inputs, progress: Progress = _quiet) -> dict[str, object]:
    """Everything the command prints, as JSON-ready data."""
    began = time.perf_counter()
    outcomes, runs = run_period(request, inputs, progress)
    return summary(request, inputs, outcomes, runs, time.perf_counter() - began, progress)


def summary(
    request: StudyRequest,
    inputs: Inputs,
    outcomes: list[Outcome],
    runs: list[dict[Grade, GradeMeasures]],
    seconds: float,
    progress: Progress = _quiet,
) -> dict[str, object]:
    """The period's result beside the seeds, then the what-ifs if asked for."""
    first = outcomes[0]
    result: dict[str, object] = {
        "period": {
            "year": request.year,
            "days": request.days,
            "seeds": [request.seed + k for k in range(request.seeds)],
            "logs": sum(1 for c in first.logs.counted if c),
        },
        "grades": as_json(runs[0]),
        "spread": {
            g.value: {
                "attainment": spread_of(runs, g, "attainment").as_dict(),
                "median_minutes": spread_of(runs, g, "median").as_dict(),
            }
            for g in (Grade.P1, Grade.P2, Grade.P3)
        },
        "channels": {
            name: {
                "contacts": count,
                "answered": None,
                "answered_within_standard": None,
                "abandoned": None,
                "within_standard_share": None,
            }
            for name, count in first.contacts.items()
        },
        "seeds": [f.as_dict() for f in compare(runs)],
        "fitted": [fitted_entry(request.assumptions)],
        "assumptions": assumptions_json(request.assumptions),
        "hourly": {
            "p1_p3_logs": first.demand_by_hour,
            "response_units_on_duty": [round(v, 1) for v in first.units_by_hour],
            "response_units_free": [round(v, 1) for v in first.free_by_hour],
        },
        "seconds": round(seconds, 2),
    }
    if request.what_if_days > 0:
        result["what_if"] = what_if(request, inputs, progress)
    return result


def fitted_entry(assumptions: Assumptions) -> dict[str, object]:
    return {
        "name": "deployable_share",
        "value": assumptions.deployable_share,
        "fitted_on": "P1 attended within 15 minutes, 2019: 59% (seed 002, chapter 3B)",
        "option": "--deployable-share",
    }


def assumptions_json(assumptions: Assumptions) -> list[dict[str, object]]:
    return [
        {
            "name": e.name,
            "value": e.value,
            "meaning": e.meaning,
            "source": e.source,
            "option": e.option,
        }
        for e in explain(assumptions)
    ]


def what_if(request: StudyRequest, inputs: Inputs, progress: Progress) -> dict[str, object]:
    """As asked, with the uplift, and with a P1 reserve: each over the same seeds."""
    base = request.assumptions
    uplift = base.officers + UPLIFT_OFFICERS
    other = "reserve" if base.dispatch == "nearest" else "nearest"
    scenarios = (
        ("as asked", base),
        (f"uplift +{UPLIFT_OFFICERS} officers ({uplift})", base.with_changes(officers=uplift)),
        (f"dispatch {other}", base.with_changes(dispatch=other)),
    )
    seeds = [request.seed + 100 + k for k in range(request.what_if_seeds)]
    out: list[dict[str, object]] = []
    for name, assumptions in scenarios:
        runs = []
        for seed in seeds:
            label = f"what if: {name} (seed {seed})"
            outcome = run(
                request.what_if_days,
                assumptions,
                inputs,
                seed,
                _told(progress, label),
            )
            runs.append(measure(outcome, inputs.dispatch))
        entry: dict[str, object] = {
            "scenario": name,
            "officers": assumptions.officers,
            "dispatch": assumptions.dispatch,
        }
        for grade in (Grade.P1, Grade.P2, Grade.P3):
            entry[grade.value] = {
                "attainment": spread_of(runs, grade, "attainment").as_dict(),
                "median_minutes": spread_of(runs, grade, "median").as_dict(),
            }
        out.append(entry)
    return {
        "days": request.what_if_days,
        "seeds": seeds,
        "aspirations": {g.value: v for g, v in ASPIRATIONS.items()},
        "scenarios": out,
    }


def fit(
    assumptions: Assumptions, inputs: Inputs, days: int, seed: int, progress: Progress = _quiet
) -> float:
    """Fit the deployable share on P1 attainment alone (the seeds' 59%), over `days`."""

    def attainment(share: float) -> float:
        label = f"fitting: deployable share {share:.3f}"
        outcome = run(
            days,
            assumptions.with_changes(deployable_share=share),
            inputs,
            seed,
            lambda f: progress(label, f),
        )
        value = measure(outcome, inputs.dispatch)[Grade.P1].attainment
        return value or 0.0

    return fit_deployable_share(attainment)
