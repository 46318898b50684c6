"""The clock of DOMAIN.md §6 never hides a breach: the deadline from the first grading, a
re-grade never moving it later, an authorised downgrade from the first grading, and a breach
once recorded staying a breach."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from wmp_tui.domain.dispatch_policy import dispatch_policy_from_toml
from wmp_tui.domain.sla import ClockState, OpenLog, breach_due, deadline_after, sla_clock
from wmp_tui.domain.vocabulary import Grade
from wmp_tui.files.resources import policy_path

POLICY = dispatch_policy_from_toml(policy_path("dispatch.toml").read_text(encoding="utf-8"))
AT_8 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def at(hours: float = 0, minutes: float = 0) -> datetime:
    return AT_8 + timedelta(hours=hours, minutes=minutes)


def test_the_first_grading_starts_the_clock() -> None:
    assert deadline_after(Grade.P1, AT_8, POLICY) == at(minutes=15)
    assert deadline_after(Grade.P9, AT_8, POLICY) is None


def test_an_upgrade_is_due_at_the_earlier_of_the_old_deadline_and_the_new_sla() -> None:
    p3 = deadline_after(Grade.P3, AT_8, POLICY)  # 16:00
    upgraded = deadline_after(Grade.P1, at(2), POLICY, first_graded_at=AT_8, deadline=p3)
    assert upgraded == at(2, 15)  # 10:15, earlier than 16:00
    late = deadline_after(Grade.P1, at(7, 50), POLICY, first_graded_at=AT_8, deadline=p3)
    assert late == at(8)  # 16:00, earlier than 16:05


def test_a_regrade_to_the_same_grade_never_moves_the_deadline_later() -> None:
    p1 = deadline_after(Grade.P1, AT_8, POLICY)
    again = deadline_after(Grade.P1, at(minutes=20), POLICY, first_graded_at=AT_8, deadline=p1)
    assert again == at(minutes=15)


def test_an_authorised_downgrade_takes_the_new_sla_from_the_first_grading() -> None:
    p1 = deadline_after(Grade.P1, AT_8, POLICY)
    down = deadline_after(
        Grade.P3, at(minutes=30), POLICY, first_graded_at=AT_8, deadline=p1, downgrade=True
    )
    assert down == at(8)


def test_once_breached_always_breached() -> None:
    graded = OpenLog(
        reference="20261123-0001",
        grade=Grade.P3,
        graded_at=AT_8,
        last_update_at=AT_8,
        deadline=at(8),
        breached_at=at(minutes=16),
    )
    clock = sla_clock(graded, at(minutes=30), POLICY)
    assert clock.state is ClockState.BREACHED  # the deadline is later now; the breach stays
    assert not breach_due(graded, at(9), POLICY)  # recorded once only
    no_sla = graded.model_copy(update={"grade": Grade.P7, "deadline": None})
    assert sla_clock(no_sla, at(1), POLICY).state is ClockState.BREACHED


def test_a_breach_is_due_once_the_deadline_passed_unmet() -> None:
    graded = OpenLog(
        reference="20261123-0001",
        grade=Grade.P1,
        graded_at=AT_8,
        last_update_at=AT_8,
        deadline=at(minutes=15),
    )
    assert not breach_due(graded, at(minutes=15), POLICY)
    assert breach_due(graded, at(minutes=16), POLICY)
    arrived = graded.model_copy(update={"sla_met_at": at(minutes=14)})
    assert not breach_due(arrived, at(minutes=30), POLICY)


def test_the_reasons_for_delay_are_policy_data() -> None:
    assert set(POLICY.delay_reasons) == {
        "no_unit_available",
        "unit_diverted",
        "caller_unavailable",
        "awaiting_specialist",
        "other",
    }
