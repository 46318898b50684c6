"""`make bench`: every performance budget measured in one run, one table, `var/bench.json`.

Data is generated at the scale of ARCHITECTURE.md (a force the size of West Midlands Police:
2,000 units on duty, 2,000 open logs, 10,000 cases), never hand-written. `--tiny` runs the
same code on a small scale, which is what the test suite does to keep this code working.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import assess_speed, claims, grading_speed, recommend, report_year
from tests.support.postgres import ThrowawayPostgres

OUTPUT = Path("var/bench.json")


@dataclass(frozen=True)
class Scale:
    units: int
    cases: int
    decisions: int
    recommend_calls: int
    claim_seconds: float
    claim_logs: int
    board_logs: int
    presses: int
    startup_runs: int
    simulate_days: int
    report_logs: int
    p1_runs: int


FULL = Scale(2000, 10_000, 20_000, 1000, 10.0, 100, 2000, 60, 5, 365, report_year.YEAR, 3)
TINY = Scale(600, 200, 500, 30, 1.0, 5, 50, 5, 1, 2, 2000, 1)


@dataclass(frozen=True)
class Budget:
    key: str
    what: str
    goal: str
    met: Callable[[float], bool]


BUDGETS = [
    Budget(
        "startup_ratio",
        "launch to interactive board / bare Textual app",
        "<= 1.3",
        lambda v: v <= 1.3,
    ),
    Budget(
        "signin_ratio",
        "launch to interactive sign-in / bare Textual app",
        "<= 1.3",
        lambda v: v <= 1.3,
    ),
    Budget(
        "board_after_pin_ms",
        "PIN Enter to the board painted, median (ms)",
        "<= 150",
        lambda v: v <= 150,
    ),
    Budget(
        "board_keypress_p95_ms", "board key press to repaint, p95 (ms)", "<= 50", lambda v: v <= 50
    ),
    Budget("grade_p99_ms", "one grading decision, p99 (ms)", "<= 1", lambda v: v <= 1),
    Budget(
        "recommend_p95_ms",
        "recommendation among 2,000 units + DB read, p95 (ms)",
        "<= 10",
        lambda v: v <= 10,
    ),
    Budget(
        "assess_cases_per_s",
        "wmp-tui assess over 10,000 cases (cases/s)",
        ">= 5,000",
        lambda v: v >= 5000,
    ),
    Budget(
        "claims_per_s_sqlite", "dispatch claims per second, SQLite", ">= 500", lambda v: v >= 500
    ),
    Budget(
        "claims_per_s_postgresql",
        "dispatch claims per second, PostgreSQL, 8 connections",
        ">= 1,000",
        lambda v: v >= 1000,
    ),
    Budget(
        "simulate_year_s",
        "wmp-tui simulate: a WMP year, ~825,000 logs (s; tiny: scaled from 2 days)",
        "<= 60",
        lambda v: v <= 60,
    ),
    Budget("simulate_day_s", "a simulated day, inputs read (s)", "<= 1", lambda v: v <= 1),
    Budget(
        "simulate_peak_mb",
        "peak memory of the year's simulation (MB)",
        "<= 2,048",
        lambda v: v <= 2048,
    ),
    Budget(
        "report_year_s_sqlite",
        "wmp-tui report over a year (~825,000 logs), SQLite (s)",
        "<= 5",
        lambda v: v <= 5,
    ),
    Budget(
        "report_year_s_postgresql",
        "wmp-tui report over a year (~825,000 logs), PostgreSQL (s)",
        "<= 5",
        lambda v: v <= 5,
    ),
    Budget(
        "double_assignments", "units assigned to two logs (PostgreSQL run)", "0", lambda v: v == 0
    ),
    Budget(
        "p1_keys",
        "keys from Ctrl+N to the knife P1's first unit sent (a text field = 1)",
        "<= 25",
        lambda v: v <= 25,
    ),
    Budget(
        "p1_seconds_in_app",
        "the app's own seconds for that sequence, no pauses between keys",
        "<= 2",
        lambda v: v <= 2,
    ),
]


def measure(scale: Scale, folder: Path) -> dict[str, float | None]:
    figures: dict[str, float | None] = {b.key: None for b in BUDGETS}
    timings: dict[str, Any] = {}

    def step(name: str, action: Callable[[], Any]) -> Any:
        began = time.perf_counter()
        print(f"… {name}", flush=True)
        result = action()
        timings[name] = round(time.perf_counter() - began, 1)
        return result

    from bench import board_keypress, p1_keys, signin, startup

    first_frame = step("sign-in first", lambda: signin.measure(folder, runs=scale.startup_runs))
    figures["signin_ratio"] = first_frame["ratio"]
    figures["board_after_pin_ms"] = first_frame["board_after_pin_ms"]

    figures["startup_ratio"] = step(
        "start-up", lambda: startup.measure(folder, runs=scale.startup_runs)["ratio"]
    )
    figures["board_keypress_p95_ms"] = step(
        "board key presses",
        lambda: board_keypress.measure(
            folder, units=scale.units, logs=scale.board_logs, presses=scale.presses
        )["p95_ms"],
    )
    p1 = step("a P1 in seconds", lambda: p1_keys.measure(folder, runs=scale.p1_runs))
    figures["p1_keys"] = p1["p1_keys"]
    figures["p1_seconds_in_app"] = p1["p1_seconds_in_app"]
    grading = step("grading", lambda: grading_speed.latency(scale.decisions))
    figures["grade_p99_ms"] = grading["p99_us"] / 1000
    figures["recommend_p95_ms"] = step(
        "recommendation",
        lambda: recommend.measure(folder, units=scale.units, calls=scale.recommend_calls)["p95_ms"],
    )
    figures["assess_cases_per_s"] = step(
        "assess", lambda: assess_speed.measure(folder, count=scale.cases)["cases_per_s"]
    )
    from bench import simulate

    day = step("a simulated day", lambda: simulate.measure(1))
    figures["simulate_day_s"] = day["seconds"]
    year = step("a simulated year", lambda: simulate.measure(scale.simulate_days))
    figures["simulate_year_s"] = year["seconds"] * 365 / scale.simulate_days
    figures["simulate_peak_mb"] = year["peak_mb"]
    figures["claims_per_s_sqlite"] = step(
        "claims on SQLite",
        lambda: claims.measure(
            f"sqlite:///{folder / 'claims.db'}",
            workers=8,
            seconds=scale.claim_seconds,
            units=scale.units,
            logs=scale.claim_logs,
        )["claims_per_s"],
    )
    figures["report_year_s_sqlite"] = step(
        "report over a year on SQLite",
        lambda: report_year.measure(f"sqlite:///{folder / 'year.db'}", scale.report_logs)[
            "seconds"
        ],
    )
    server = ThrowawayPostgres()
    url = server.start()
    try:
        on_postgres = step(
            "claims on PostgreSQL",
            lambda: claims.measure(
                url,
                workers=8,
                seconds=scale.claim_seconds,
                units=scale.units,
                logs=scale.claim_logs,
            ),
        )
        figures["report_year_s_postgresql"] = step(
            "report over a year on PostgreSQL",
            lambda: report_year.measure(_fresh(server, "year"), scale.report_logs)["seconds"],
        )
    finally:
        server.stop()
    figures["claims_per_s_postgresql"] = on_postgres["claims_per_s"]
    figures["double_assignments"] = on_postgres["double_assignments"]
    print("step seconds:", timings)
    return figures


def _fresh(server: ThrowawayPostgres, name: str) -> str:
    """A new empty database on the bench's PostgreSQL server."""
    import psycopg

    with psycopg.connect(
        host="127.0.0.1", port=server.port, user="postgres", dbname="postgres", autocommit=True
    ) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return server.url(name)


def table(figures: dict[str, float | None]) -> str:
    lines = [f"{'budget':<26} {'measured':>12}  {'goal':>9}  met   what", "-" * 100]
    for budget in BUDGETS:
        value = figures.get(budget.key)
        shown = "n/a" if value is None else f"{value:,.2f}"
        met = "?" if value is None else ("yes" if budget.met(value) else "NO")
        lines.append(f"{budget.key:<26} {shown:>12}  {budget.goal:>9}  {met:<4}  {budget.what}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tiny", action="store_true", help="small scale (for tests)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wmp-bench-") as folder:
        figures = measure(TINY if args.tiny else FULL, Path(folder))
    print(table(figures))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
