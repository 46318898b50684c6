"""The benchmark code keeps working: `bench.run --tiny` writes every key of var/bench.json.

This is not a timed test: it checks only that each measurement runs and reports a number at
a small scale; `make bench` measures at a force's scale.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

KEYS = {
    "startup_ratio",
    "signin_ratio",
    "board_after_pin_ms",
    "board_keypress_p95_ms",
    "grade_p99_ms",
    "recommend_p95_ms",
    "assess_cases_per_s",
    "claims_per_s_sqlite",
    "claims_per_s_postgresql",
    "double_assignments",
    "simulate_year_s",
    "simulate_day_s",
    "simulate_peak_mb",
    "report_year_s_sqlite",
    "report_year_s_postgresql",
    "p1_keys",
    "p1_seconds_in_app",
}


@pytest.mark.slow
def test_the_benchmark_runs_at_a_tiny_scale_and_writes_every_figure(
    tmp_path: Path, postgres: object
) -> None:
    output = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--tiny", "--output", str(output)],
        capture_output=True,
        text=True,
        # Every step at its smallest, beside the rest of the suite on two cores: generous, since
        # this checks that the bench runs and writes every figure, not how fast.
        timeout=1500,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(output.read_text())
    assert set(figures) == KEYS
    assert all(isinstance(value, int | float) for value in figures.values())
    assert figures["double_assignments"] == 0
    assert "startup_ratio" in done.stdout  # the table was printed
