"""`wmp-tui assess` throughput over a folder of generated cases, process start included."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.grading_speed import cases


def measure(folder: Path, count: int = 10_000, runs: int = 3) -> dict[str, float]:
    target = folder / "cases"
    cases(target, count)
    command = [sys.executable, "-m", "wmp_tui", "assess", str(target)]
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - began)
        if done.returncode != 0 or done.stdout.count("\n") != count:
            raise RuntimeError(f"assess failed ({done.returncode}): {done.stderr[-500:]}")
    median = statistics.median(times)
    return {"seconds_median": median, "cases_per_s": count / median}
