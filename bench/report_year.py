"""`wmp-tui report` over a year of West Midlands volume, on SQLite and PostgreSQL.

A year is about 825,000 logs with their events, contacts and assignments: far too many to write
through the services in a benchmark, so the database writes them itself, from a numbers
sequence (a recursive CTE on SQLite, `generate_series` on PostgreSQL), in the shapes the live
services write: created (with the time to answer), THRIVE+ recorded, graded, for P1–P3 a unit
assigned, at scene and cleared, a P4 appointment, a P5/P6 queue, a few re-THRIVEs and
authorised downgrades, closed. Grade shares follow WMP 2019 (P1 24 %, P2 12 %, P9 43 % …).
The facts the measures count are then derived from those events as the live store keeps them
(`measure_facts.refresh`), the database analysed (and on PostgreSQL vacuumed), and the report
of the whole year is timed.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, text

from wmp_tui.files.policies import load_policies
from wmp_tui.services.clock import SystemClock
from wmp_tui.services.measures import report
from wmp_tui.services.room import Room
from wmp_tui.store import measure_facts
from wmp_tui.store.bootstrap import prepare

YEAR = 825_000
FIRST_DAY = date(2025, 1, 1)
BASE = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp())
# Buckets of a per-log hash out of 1000: the grade shares of WMP's 2019 demand.
GRADE = (
    "CASE WHEN h < 240 THEN 'P1' WHEN h < 363 THEN 'P2' WHEN h < 406 THEN 'P3' "
    "WHEN h < 494 THEN 'P4' WHEN h < 507 THEN 'P5' WHEN h < 555 THEN 'P6' "
    "WHEN h < 571 THEN 'P7' ELSE 'P9' END"
)
CHANNEL = (
    "CASE WHEN i % 20 < 9 THEN '999' WHEN i % 20 < 18 THEN '101' "
    "WHEN i % 20 = 18 THEN 'livechat' ELSE 'online' END"
)
NPU = "(ARRAY['BE','BW','CV','DY','SH','SW','WS','WV'])[i % 8 + 1]"
NPU_SQLITE = (
    "CASE i % 8 WHEN 0 THEN 'BE' WHEN 1 THEN 'BW' WHEN 2 THEN 'CV' WHEN 3 THEN 'DY' "
    "WHEN 4 THEN 'SH' WHEN 5 THEN 'SW' WHEN 6 THEN 'WS' ELSE 'WV' END"
)
# Minutes from grading to arrival: P1 5–24 (about half within 15), P2 20–68, P3 60–654.
ARRIVAL = (
    "CASE grade WHEN 'P1' THEN 5 + k % 20 WHEN 'P2' THEN 20 + (k % 100) * 0.5 "
    "ELSE 60 + (k % 100) * 6 END"
)


class Dialect:
    def __init__(self, name: str, offset: int, step: int, logs: int) -> None:
        self.name, self.offset, self.step, self.logs = name, offset, step, logs

    def at(self, seconds: str) -> str:
        """A stored time `seconds` after the base, in the column format of the backend."""
        if self.name == "sqlite":
            return (
                f"(strftime('%Y-%m-%d %H:%M:%S', {BASE} + ({seconds}), 'unixepoch') || '.000000')"
            )
        return f"to_timestamp({BASE} + ({seconds}))"

    def json(self, *pairs: str) -> str:
        name = "json_object" if self.name == "sqlite" else "json_build_object"
        return f"{name}({', '.join(pairs)})"

    def numbers(self) -> str:
        """`base` rows of (i, h, k, grade, created seconds), one per log."""
        if self.name == "sqlite":
            series = (
                f"WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq "
                f"WHERE i < {self.logs}) "
            )
            source = "seq"
        else:
            series = ""
            source = f"generate_series(1::bigint, {self.logs}) AS seq(i)"
        hashed = f"SELECT i, (i * 7919) % 1000 AS h, (i * 31) % 1000 AS k FROM {source}"
        return (
            f"{series}SELECT i, h, k, {GRADE} AS grade, i * {self.step} AS s "
            f"FROM ({hashed}) AS hashed"
        )

    @property
    def npu(self) -> str:
        return NPU_SQLITE if self.name == "sqlite" else NPU


def _insert(connection: Connection, d: Dialect) -> None:
    log_id = f"i + {d.offset}"
    numbers = d.numbers()
    arrival = f"s + 60 + 60 + ({ARRIVAL}) * 60"

    def run(sql: str) -> None:
        connection.execute(text(sql))

    run(
        "INSERT INTO log (id, reference, day, series, seq, training, channel, incident_type, "
        "narrative, address, npu, state, grade, graded_at, resourced_at, created_at, "
        "last_update_at, closed_at, result_code, crime_disclosed, crime_recorded) "
        f"SELECT {log_id}, 'Y' || i, 'bench', 'bench', i, false, {CHANNEL}, "
        "CASE WHEN grade = 'P9' AND i % 40 = 0 THEN 'abandoned_call' ELSE 'theft' END, '', '', "
        f"{d.npu}, 'closed', grade, {d.at('s + 60')}, "
        f"CASE WHEN grade IN ('P1','P2','P3') THEN {d.at('s + 120')} "
        f"WHEN grade IN ('P4','P5','P6') THEN {d.at('s + 300')} END, "
        f"{d.at('s')}, {d.at('s + 14400')}, {d.at('s + 14400')}, 'advice_given', "
        f"i % 10 = 0, i % 20 = 0 FROM ({numbers}) AS n"
    )
    run(
        "INSERT INTO contact (log_id, channel, relationship, received_at) "
        f"SELECT {log_id}, {CHANNEL}, 'victim', {d.at('s')} FROM ({numbers}) AS n"
    )
    event = "INSERT INTO log_event (log_id, type, payload, at) "
    created = d.json("'reference'", "'Y' || i", "'answered_seconds'", "(i * 13) % 30")
    graded = d.json(
        "'grade'", "grade", "'downgrade'", "i % 200 = 0", "'authorised_by'", "'Karen Whitehouse'"
    )
    unit, closed = d.json("'unit'", "'bench'"), d.json("'result'", "'advice_given'")
    run(f"{event} SELECT {log_id}, 'created', {created}, {d.at('s')} FROM ({numbers}) AS n")
    run(
        f"{event} SELECT {log_id}, 'thrive_recorded', {d.json()}, {d.at('s + 50')} "
        f"FROM ({numbers}) AS n"
    )
    run(f"{event} SELECT {log_id}, 'graded', {graded}, {d.at('s + 60')} FROM ({numbers}) AS n")
    run(
        f"{event} SELECT {log_id}, 'thrive_recorded', {d.json()}, {d.at('s + 3600')} "
        f"FROM ({numbers}) AS n WHERE i % 50 = 0"
    )
    units = "SELECT call_sign, row_number() OVER (ORDER BY call_sign) - 1 AS u FROM unit"
    count = "(SELECT count(*) FROM unit WHERE type = 'response')"
    attended = f"SELECT n.*, {log_id} AS log FROM ({numbers}) AS n WHERE grade IN ('P1','P2','P3')"
    run(
        "INSERT INTO assignment (log_id, call_sign, state, eta_minutes, assigned_at, "
        "arrived_at, ended_at) "
        f"SELECT a.log, r.call_sign, 'cleared', 5, {d.at('s + 120')}, {d.at(arrival)}, "
        f"{d.at(arrival + ' + 1800')} FROM ({attended}) AS a "
        f"JOIN ({units} WHERE type = 'response') AS r ON r.u = a.i % {count}"
    )
    for kind, at in (
        ("unit_assigned", "s + 120"),
        ("unit_at_scene", arrival),
        ("unit_cleared", arrival + " + 1800"),
    ):
        run(f"{event} SELECT log, '{kind}', {unit}, {d.at(at)} FROM ({attended}) AS a")
    run(
        f"{event} SELECT {log_id}, CASE WHEN grade = 'P4' THEN 'appointment_booked' "
        f"ELSE 'queued' END, {d.json()}, {d.at('s + 300')} "
        f"FROM ({numbers}) AS n WHERE grade IN ('P4','P5','P6')"
    )
    run(f"{event} SELECT {log_id}, 'closed', {closed}, {d.at('s + 14400')} FROM ({numbers}) AS n")


def generate(url: str, logs: int) -> float:
    """Write `logs` logs over 2025 into the database at `url`; returns the seconds taken."""
    began = time.perf_counter()
    store = prepare(url)
    try:
        with store.engine.begin() as connection:
            offset = int(connection.execute(text("SELECT coalesce(max(id), 0) FROM log")).scalar())
            step = (365 * 86400 - 4 * 3600) // logs
            _insert(connection, Dialect(store.engine.dialect.name, offset, step, logs))
            # What the store keeps for the measures as it appends events, for these logs.
            measure_facts.refresh(connection, offset + 1)
        # The statistics, and on PostgreSQL the visibility map and no dead rows left by the
        # bulk writing, as autovacuum leaves a database that has been in use for a year.
        sweep = "VACUUM ANALYZE" if store.engine.dialect.name == "postgresql" else "ANALYZE"
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text(sweep))
    finally:
        store.dispose()
    return time.perf_counter() - began


def measure(url: str, logs: int = YEAR) -> dict[str, Any]:
    """Generate a year, then time `report` over it (the best of two runs)."""
    generated = generate(url, logs)
    store = prepare(url, seed=False)
    try:
        room = Room(store=store, clock=SystemClock(), policies=load_policies())
        timings = []
        result = None
        for _ in range(2):
            began = time.perf_counter()
            result = report(room, FIRST_DAY, date(2025, 12, 31))
            timings.append(time.perf_counter() - began)
    finally:
        store.dispose()
    assert result is not None
    return {
        "seconds": min(timings),
        "first_run_s": timings[0],
        "generate_s": generated,
        "logs": sum(g.logs for g in result.grades.values()),
        "report": result,
    }


def main() -> None:
    """Only this piece of `make bench`: `python -m bench.report_year --logs 100000`."""
    import argparse
    import tempfile
    from pathlib import Path

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--logs", type=int, default=YEAR)
    parser.add_argument("--postgresql", action="store_true")
    args = parser.parse_args()
    if args.postgresql:
        from bench.run import _fresh
        from tests.support.postgres import ThrowawayPostgres

        server = ThrowawayPostgres()
        server.start()
        try:
            figures = measure(_fresh(server, "year"), args.logs)
        finally:
            server.stop()
    else:
        with tempfile.TemporaryDirectory(prefix="wmp-year-") as folder:
            figures = measure(f"sqlite:///{Path(folder) / 'year.db'}", args.logs)
    figures.pop("report")
    print({k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()})


if __name__ == "__main__":
    main()
