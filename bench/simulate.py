"""How fast the simulation is: a WMP year (about 825,000 logs) and a day, wall and peak memory.

    .venv/bin/python -m bench.simulate 365

Goals (issue 17): a year within 60 s on the 2-core machine, memory within 2 GB; a day within
1 s (inputs read and templates graded included).
"""

from __future__ import annotations

import resource
import sys
import time

from wmp_tui.domain.simulation.assumptions import Assumptions
from wmp_tui.domain.simulation.study import run
from wmp_tui.simulation.inputs import simulation_inputs


def measure(days: int) -> dict[str, float]:
    """Seconds for `days` of simulation from a cold start of the inputs, and peak MB so far."""
    began = time.perf_counter()
    inputs = simulation_inputs()
    outcome = run(days, Assumptions(), inputs, 2019)
    seconds = time.perf_counter() - began
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "logs": float(len(outcome.logs)), "peak_mb": peak_mb}


if __name__ == "__main__":
    figures = measure(int(sys.argv[1]) if len(sys.argv) > 1 else 365)
    print({k: round(v, 2) for k, v in figures.items()})
