"""The supervisor's rules without a database: the backlog's order, key decisions, call-back
clocks, tours of duty and the measures' arithmetic."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from pydantic import ValidationError

from wmp_tui.domain.log import FORCE_TIMEZONE
from wmp_tui.domain.measures import grade_measures, period_bounds, share, tour_starts
from wmp_tui.domain.supervision import (
    Callback,
    CallbackState,
    DecisionStage,
    KeyDecision,
    Waiting,
    by_risk,
    callback_due,
    callback_state,
)
from wmp_tui.domain.vocabulary import Grade

NOW = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)


def waiting(ref: str, grade: Grade | None, **kw: object) -> Waiting:
    return Waiting(reference=ref, grade=grade, incident_type="theft", **kw)  # type: ignore[arg-type]


def test_the_backlog_is_ordered_by_what_is_at_stake() -> None:
    logs = [
        waiting("ungraded", None),
        waiting("p3-late", Grade.P3, deadline=NOW - timedelta(hours=2)),
        waiting("p3-later", Grade.P3, deadline=NOW - timedelta(hours=3)),
        waiting("p3-repeat", Grade.P3, repeat_victim=True, deadline=NOW + timedelta(hours=1)),
        waiting("p3-vulnerable", Grade.P3, vulnerable=True, deadline=NOW + timedelta(hours=2)),
        waiting("p1", Grade.P1, deadline=NOW + timedelta(minutes=10)),
        waiting("p7", Grade.P7),
    ]
    assert [w.reference for w in by_risk(logs, NOW)] == [
        "p1",
        "p3-vulnerable",
        "p3-repeat",
        "p3-later",
        "p3-late",
        "p7",
        "ungraded",
    ]


def test_a_key_decision_needs_every_stage() -> None:
    rationales = {stage: "because" for stage in DecisionStage}
    decision = KeyDecision(decision=" Hold ", rationales=rationales)
    assert decision.decision == "Hold" and list(decision.rationales) == list(DecisionStage)
    with pytest.raises(ValidationError, match="Consider powers and policy"):
        KeyDecision(
            decision="Hold", rationales={**rationales, DecisionStage.POWERS_AND_POLICY: " "}
        )
    with pytest.raises(ValidationError):
        KeyDecision(decision=" ", rationales=rationales)


def test_a_call_back_is_late_only_after_its_minutes() -> None:
    call = Callback(reference="x", received_at=NOW, due_at=callback_due(NOW, 10))
    assert callback_state(call, NOW + timedelta(minutes=10)) is CallbackState.DUE
    assert callback_state(call, NOW + timedelta(minutes=10, seconds=1)) is CallbackState.LATE


def test_tours_of_duty_are_local_times_across_the_clock_change() -> None:
    start, end = period_bounds(date(2026, 3, 29), date(2026, 3, 29), FORCE_TIMEZONE)
    tours = tour_starts(start, end, (time(23), time(7)), FORCE_TIMEZONE)
    assert [t.astimezone(UTC).hour for t in tours] == [6, 22]  # BST from 01:00 that day
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=23)


def test_the_measures_arithmetic() -> None:
    assert share(1, 3) == 0.3333 and share(0, 0) is None
    p1 = grade_measures(Grade.P1, 10, 4, 3, 750.0, 15)
    assert (p1.attainment, p1.median_minutes) == (0.75, 12.5)
    p5 = grade_measures(Grade.P5, 10, 4, 3, 750.0, 1440)
    assert p5.median_minutes is None and p5.attainment == 0.75
    p7 = grade_measures(Grade.P7, 10, 0, 0, None, None)
    assert p7.attainment is None
    with pytest.raises(ValueError):
        period_bounds(date(2026, 1, 2), date(2026, 1, 1), FORCE_TIMEZONE)


def test_a_log_whose_promise_was_kept_is_not_past_its_sla() -> None:
    """Found by the QA walk: a P1 attended a minute after grading was listed 16 minutes
    'past SLA' in the supervisor's backlog; a promise kept late stays as late as it was."""
    from datetime import UTC, datetime, timedelta

    from wmp_tui.domain.supervision import Waiting, past_sla
    from wmp_tui.domain.vocabulary import Grade

    deadline = datetime(2026, 11, 23, 14, 15, tzinfo=UTC)
    now = deadline + timedelta(minutes=16)
    kept = Waiting(
        reference="A", grade=Grade.P1, incident_type="weapons", deadline=deadline,
        met_at=deadline - timedelta(minutes=14),
    )  # fmt: skip
    late = kept.model_copy(update={"met_at": deadline + timedelta(minutes=3)})
    waiting = kept.model_copy(update={"met_at": None})
    assert past_sla(kept, now) == timedelta(minutes=-14)
    assert past_sla(late, now) == timedelta(minutes=3)
    assert past_sla(waiting, now) == timedelta(minutes=16)
