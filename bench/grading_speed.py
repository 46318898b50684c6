"""How fast grading is: per-decision latency, and cases to feed `wmp-tui assess` for throughput.

    .venv/bin/python bench/grading_speed.py latency
    .venv/bin/python bench/grading_speed.py cases /tmp/cases10k 10000
    time .venv/bin/wmp-tui assess /tmp/cases10k > /dev/null

Goals (issue 3): a decision within 1 ms at the 99th percentile; `assess` at 5,000 cases/s or
more over 10,000 cases, process start included.
"""

from __future__ import annotations

import json
import random
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Any

from wmp_tui.domain import vocabulary as v
from wmp_tui.domain.facts import Call, Facts
from wmp_tui.services.assessment import read_policy

rng = random.Random(7)


def pick(enum: type[Enum], common: Any = None, weight: int = 0) -> Any:
    words = [m.value for m in enum]
    return rng.choice([common] * weight + words) if weight else rng.choice(words)


def several(enum: type[Enum]) -> list[str]:
    return rng.sample([m.value for m in enum], rng.randint(0, 3))


def chance(p: float) -> bool:
    return rng.random() < p


def case(i: int) -> dict[str, Any]:
    """A random but valid case, weighted so every grade turns up."""
    return {
        "id": f"gen-{i:05d}",
        "call": {"incident_type": pick(v.IncidentType), "channel": pick(v.Channel)},
        "facts": {
            "threat": {
                "in_progress": chance(0.2),
                "offender_present": pick(v.OffenderPresent),
                "offender_detained": chance(0.1),
                "minutes_since": rng.choice([None, rng.randint(0, 3000)]),
                "weapon": pick(v.Weapon, "none", 8),
                "violence": pick(v.Violence, "none", 4),
                "threat_to_life": chance(0.05),
            },
            "harm": {"injury": pick(v.Injury, "none", 5), "harm_types": several(v.HarmType)},
            "risk": {
                "escalation_likely": chance(0.2),
                "evidence_at_risk": chance(0.1),
                "road_blocked": chance(0.1),
                "missing_risk": pick(v.MissingRisk, "none", 6),
                "dash_risk": pick(v.DashRisk, None, 6),
            },
            "investigation": {
                "crime": chance(0.5),
                "suspect": pick(v.Suspect),
                "lines_of_enquiry": several(v.LineOfEnquiry),
                "needs_attendance": chance(0.3),
            },
            "vulnerability": {"flags": several(v.VulnerabilityFlag) if chance(0.25) else []},
            "engagement": {
                "accepts_appointment": chance(0.3),
                "resolvable_by_advice": chance(0.4),
            },
            "prevention": {
                "problem_solving": chance(0.2),
                "partner": pick(v.Partner, None, 3),
                "support_request": chance(0.05),
                "internal_task": chance(0.05),
            },
        },
    }


def latency(count: int = 20_000) -> dict[str, float]:
    """Per-decision grading latency in µs: median and 99th percentile over `count` calls."""
    policy = read_policy()
    inputs = [
        (Call.model_validate(c["call"]), Facts.model_validate(c["facts"]))
        for c in (case(i) for i in range(count))
    ]
    for call, facts in inputs[:2000]:
        policy.decide(call, facts)  # warm up
    times: list[int] = []
    grades: dict[str, int] = {}
    for call, facts in inputs:
        start = time.perf_counter_ns()
        decision = policy.decide(call, facts)
        times.append(time.perf_counter_ns() - start)
        grades[decision.grade] = grades.get(decision.grade, 0) + 1
    times.sort()

    def at(q: float) -> float:
        return times[int(q * (len(times) - 1))] / 1000

    print(f"{count} decisions: median {at(0.5):.1f} µs, p99 {at(0.99):.1f} µs, max {at(1):.1f} µs")
    print("grades:", {str(g): n for g, n in sorted(grades.items())})
    return {"median_us": at(0.5), "p99_us": at(0.99)}


def cases(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"gen-{i:05d}.json").write_text(json.dumps(case(i)), encoding="utf-8")
    print(f"{count} cases written to {folder}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["cases"]:
        cases(Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 10_000)
    else:
        latency()
