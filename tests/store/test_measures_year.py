"""The report's SQL against arithmetic: the benchmark's generated year (at a small scale) on
SQLite and PostgreSQL, every count checked against the generator's own formulas. The two
backends must agree to the second, medians included (percentile_cont against a window)."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date

from bench.report_year import FIRST_DAY, generate
from wmp_tui.domain.vocabulary import Grade
from wmp_tui.files.policies import load_policies
from wmp_tui.services.clock import SystemClock
from wmp_tui.services.measures import report
from wmp_tui.services.room import Room
from wmp_tui.store.bootstrap import prepare

LOGS = 2000
SLA = {"P1": 15, "P2": 60, "P3": 480, "P4": 2880, "P5": 1440, "P6": 10080}


def grade_of(i: int) -> str:
    h = (i * 7919) % 1000
    for limit, grade in ((240, "P1"), (363, "P2"), (406, "P3"), (494, "P4"), (507, "P5")):
        if h < limit:
            return grade
    return "P6" if h < 555 else "P7" if h < 571 else "P9"


def arrival_seconds(i: int, grade: str) -> float:
    k = (i * 31) % 1000
    minutes = {"P1": 5 + k % 20, "P2": 20 + (k % 100) * 0.5, "P3": 60 + (k % 100) * 6}[grade]
    return 60 + minutes * 60  # graded a minute after the call, the unit sent a minute later


def channel_of(i: int) -> str:
    return (
        "999" if i % 20 < 9 else "101" if i % 20 < 18 else "livechat" if i % 20 == 18 else "online"
    )


def test_a_generated_year_counted_exactly(databases: object) -> None:
    url = databases.empty()  # type: ignore[attr-defined]
    generate(url, LOGS)
    store = prepare(url, seed=False)
    try:
        room = Room(store=store, clock=SystemClock(), policies=load_policies())
        measured = report(room, FIRST_DAY, date(2025, 12, 31))
    finally:
        store.dispose()
    grades = {i: grade_of(i) for i in range(1, LOGS + 1)}
    logs = Counter(grades.values())
    for grade in Grade:
        m = measured.grades[grade]
        assert m.logs == logs.get(grade.value, 0), grade
        if grade.value in ("P1", "P2", "P3"):
            times = [arrival_seconds(i, g) for i, g in grades.items() if g == grade.value]
            within = sum(t <= SLA[grade.value] * 60 for t in times)
            assert (m.attended, m.within_sla) == (len(times), within), grade
            assert m.median_minutes == round(statistics.median(times) / 60, 2), grade
        elif grade.value in SLA:
            assert m.attended == m.within_sla == logs[grade.value]
        else:
            assert m.attended == 0 and m.attainment is None
    assert measured.p9_share == round(logs["P9"] / LOGS, 4)
    assert measured.first_contact_resolution.resolved == logs["P7"] + logs["P9"]
    assert measured.downgrades.count == measured.downgrades.authorised == LOGS // 200
    assert measured.rethrive_on_time.rethrives == measured.rethrive_on_time.on_time == LOGS // 50
    assert measured.closed_with_crime_unrecorded == LOGS // 10 - LOGS // 20
    channels = Counter(channel_of(i) for i in grades)
    quick = sum((i * 13) % 30 <= 10 for i in grades if channel_of(i) == "999")
    abandoned = sum(g == "P9" and i % 40 == 0 for i, g in grades.items() if channel_of(i) == "999")
    c999 = measured.channels["999"]  # type: ignore[index]
    assert (c999.contacts, c999.answered, c999.answered_within_standard) == (
        channels["999"],
        channels["999"],
        quick,
    )
    assert c999.abandoned == abandoned
    assert measured.channels["101"].within_standard_share == 1.0  # type: ignore[index]
    assert len(measured.tipping_point) == 365 * 3
