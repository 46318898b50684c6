"""SLA clocks, escalation at the exact minute, stale units, the alarm, the tipping point."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from wmp_tui.domain.dispatch_policy import dispatch_policy_from_toml
from wmp_tui.domain.sla import (
    Alert,
    AlertKind,
    ClockState,
    OpenLog,
    TippingLevel,
    board_alerts,
    is_stale,
    log_alerts,
    sla_clock,
    tipping_point,
    tipping_point_now,
    unit_alert,
)
from wmp_tui.domain.units import Unit
from wmp_tui.domain.vocabulary import Grade, UnitStatus, UnitType
from wmp_tui.files.resources import policy_path

POLICY = dispatch_policy_from_toml(policy_path("dispatch.toml").read_text(encoding="utf-8"))
GRADED = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def after(minutes: float = 0, seconds: float = 0) -> datetime:
    return GRADED + timedelta(minutes=minutes, seconds=seconds)


def log(grade: str = "P1", **changes: object) -> OpenLog:
    fields: dict[str, object] = {
        "reference": "20261123-0042",
        "grade": grade,
        "graded_at": GRADED,
        "last_update_at": GRADED,
    }
    return OpenLog.model_validate(fields | changes)


def kinds(alerts: list[Alert]) -> list[AlertKind]:
    return [a.kind for a in alerts]


# ---- SLA clocks


@pytest.mark.parametrize(
    ("grade", "minutes"),
    [("P1", 15), ("P2", 60), ("P3", 480), ("P4", 2880), ("P5", 1440), ("P6", 10080)],
)
def test_each_grade_runs_to_its_sla(grade: str, minutes: int) -> None:
    clock = sla_clock(log(grade), after(1), POLICY)
    assert clock.deadline == after(minutes)
    assert clock.time_left == timedelta(minutes=minutes - 1)
    assert clock.state is ClockState.RUNNING


@pytest.mark.parametrize("grade", ["P7", "P8", "P9"])
def test_p7_to_p9_have_no_sla(grade: str) -> None:
    clock = sla_clock(log(grade), after(9999), POLICY)
    assert (clock.deadline, clock.time_left, clock.state) == (None, None, ClockState.NO_SLA)


def test_a_p1_is_in_time_at_15_00_and_breached_a_second_later() -> None:
    assert sla_clock(log(), after(15), POLICY).state is ClockState.RUNNING
    late = sla_clock(log(), after(15, 1), POLICY)
    assert late.state is ClockState.BREACHED
    assert late.time_left == timedelta(seconds=-1)


def test_a_kept_promise_stops_the_clock() -> None:
    on_time = sla_clock(log(sla_met_at=after(12)), after(30), POLICY)
    assert (on_time.state, on_time.time_left) == (ClockState.MET, timedelta(minutes=3))
    late = sla_clock(log(sla_met_at=after(20)), after(30), POLICY)
    assert (late.state, late.time_left) == (ClockState.MET_LATE, timedelta(minutes=-5))


def test_an_arrival_after_now_has_not_happened_yet() -> None:
    assert sla_clock(log(sla_met_at=after(20)), after(10), POLICY).state is ClockState.RUNNING


# ---- escalation, at the exact threshold


@pytest.mark.parametrize(("grade", "minutes"), [("P1", 4), ("P2", 40)])
def test_not_resourced_alerts_at_the_threshold_not_a_second_before(
    grade: str, minutes: int
) -> None:
    assert log_alerts(log(grade), after(minutes, -1), POLICY) == []
    [alert] = log_alerts(log(grade), after(minutes), POLICY)
    assert alert.kind is AlertKind.NOT_RESOURCED
    assert alert.since == after(minutes)
    assert alert.subject == "20261123-0042"
    assert f"{grade} log 20261123-0042 not resourced {minutes} min after grading" in alert.message


def test_a_p1_at_3_59_does_not_alert_and_at_4_00_does() -> None:
    assert log_alerts(log("P1"), after(3, 59), POLICY) == []
    assert kinds(log_alerts(log("P1"), after(4), POLICY)) == [AlertKind.NOT_RESOURCED]


def test_a_resourced_log_does_not_alert() -> None:
    assert log_alerts(log("P1", resourced_at=after(3)), after(10), POLICY) == []
    # Resourced late: once it is resourced the alert clears.
    assert log_alerts(log("P1", resourced_at=after(6)), after(7), POLICY) == []
    # Resourced in the future of `now` (a replay): not yet.
    assert kinds(log_alerts(log("P1", resourced_at=after(6)), after(5), POLICY)) == [
        AlertKind.NOT_RESOURCED
    ]


@pytest.mark.parametrize("grade", ["P3", "P4", "P6"])
def test_other_grades_have_no_not_resourced_alert(grade: str) -> None:
    assert log_alerts(log(grade), after(200), POLICY) == []


def test_a_log_without_update_for_three_and_a_half_hours_is_due_a_rethrive() -> None:
    quiet = log("P3", resourced_at=after(1), last_update_at=after(10))
    assert log_alerts(quiet, after(10 + 209, 59), POLICY) == []
    [alert] = log_alerts(quiet, after(10 + 210), POLICY)
    assert alert.kind is AlertKind.RETHRIVE_DUE
    assert alert.since == after(220)
    assert "no update for 3 h 30 min: a re-THRIVE is due" in alert.message


# ---- units: stale and the alarm


def test_a_unit_en_route_for_30_minutes_is_stale_not_at_29_59() -> None:
    since = GRADED
    assert not is_stale(UnitStatus.EN_ROUTE, since, after(29, 59), POLICY)
    assert is_stale(UnitStatus.EN_ROUTE, since, after(30), POLICY)
    alert = unit_alert("SH-R11", UnitStatus.EN_ROUTE, since, after(30), POLICY)
    assert alert is not None
    assert alert.kind is AlertKind.UNIT_STALE
    assert alert.message == "SH-R11 has been en route for 30 min (limit 30 min): check on it"


def test_off_duty_is_never_stale() -> None:
    assert unit_alert("SH-R11", UnitStatus.OFF_DUTY, GRADED, after(60 * 24), POLICY) is None


def test_status_zero_alarms_at_once() -> None:
    alert = unit_alert("SH-R11", UnitStatus.EMERGENCY, GRADED, GRADED, POLICY)
    assert alert is not None
    assert alert.kind is AlertKind.OFFICER_NEEDS_HELP
    assert "officer needs help" in alert.message


def test_the_board_puts_the_alarm_first_then_the_oldest() -> None:
    logs = [
        log("P2", reference="L-2"),
        log("P1", reference="L-1", graded_at=after(30), last_update_at=after(30)),
    ]
    units = [
        ("SH-R01", UnitStatus.REFRESHMENTS, after(-30)),
        ("SH-R02", UnitStatus.EMERGENCY, after(44)),
        ("SH-R03", UnitStatus.ON_PATROL, after(0)),
    ]
    alerts = board_alerts(logs, units, after(45), POLICY)
    assert [(a.kind, a.subject) for a in alerts] == [
        (AlertKind.OFFICER_NEEDS_HELP, "SH-R02"),
        (AlertKind.NOT_RESOURCED, "L-1"),
        (AlertKind.NOT_RESOURCED, "L-2"),
        (AlertKind.UNIT_STALE, "SH-R01"),
    ]


# ---- tipping point


@pytest.mark.parametrize(
    ("logs", "units", "level"),
    [
        (0, 10, TippingLevel.GREEN),
        (9, 10, TippingLevel.GREEN),
        (10, 10, TippingLevel.AMBER),
        (19, 10, TippingLevel.AMBER),
        (20, 10, TippingLevel.RED),
        (0, 0, TippingLevel.GREEN),
        (1, 0, TippingLevel.RED),
    ],
)
def test_tipping_point_levels(logs: int, units: int, level: TippingLevel) -> None:
    point = tipping_point(logs, units, POLICY)
    assert point.level is level
    assert point.ratio == (logs / units if units else None)


def test_tipping_point_counts_unresourced_p1_to_p3_and_free_response_units() -> None:
    logs = [
        log("P1"),
        log("P2"),
        log("P3"),
        log("P4"),  # not counted: grade
        log("P1", resourced_at=after(1)),  # not counted: resourced
    ]

    def response(status: int, kind: UnitType = UnitType.RESPONSE) -> Unit:
        return Unit(id=f"U{status}{kind}", type=kind, status=UnitStatus(status), lat=52, lon=-2)

    units = [
        response(1),
        response(2),
        response(7),  # committed: not deployable to the backlog
        response(4),
        response(2, UnitType.NEIGHBOURHOOD),
    ]
    point = tipping_point_now(logs, units, after(5), POLICY)
    assert (point.open_logs, point.units, point.ratio, point.level) == (
        3,
        2,
        1.5,
        TippingLevel.AMBER,
    )


def test_grade_words_are_checked() -> None:
    with pytest.raises(ValueError, match="grade"):
        log("P0")
    assert log("P1").grade is Grade.P1
