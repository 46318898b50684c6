"""The grade the answers so far give, and a P1 graded before THRIVE+ is complete."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.domain.test_grading_rules import default_policy
from wmp_tui.domain.facts import Call, Facts
from wmp_tui.domain.overrides import GradingRefused
from wmp_tui.domain.p1_first import grade_p1_first, grade_so_far, thrive_due_at, thrive_late
from wmp_tui.domain.thrive import Dimension, ThriveAssessment
from wmp_tui.domain.vocabulary import Grade

CALL = Call(incident_type="weapons")
KNIFE = Facts.model_validate({"threat": {"in_progress": True, "weapon": "knife"}})
ONLY_THREAT = ThriveAssessment(
    facts=KNIFE, answered={Dimension.THREAT: ("threat.now", "threat.weapon")}
)


def test_the_answers_so_far_are_graded_by_the_same_policy() -> None:
    so_far = grade_so_far(default_policy(), CALL, ONLY_THREAT)
    assert so_far.decision == default_policy().decide(CALL, KNIFE)
    assert so_far.immediate and not so_far.complete
    assert any(m.dimension is Dimension.HARM for m in so_far.missing)


def test_nothing_answered_yet_is_not_an_immediate_p1() -> None:
    so_far = grade_so_far(default_policy(), CALL, ThriveAssessment())
    assert not so_far.immediate and so_far.decision.grade is not Grade.P1


def test_a_p1_is_graded_on_an_incomplete_thrive_only_when_a_p1_rule_holds() -> None:
    history = grade_p1_first(default_policy(), CALL, ONLY_THREAT)
    assert history.current.grade is Grade.P1 and history.current.decision.group == "P1"
    calm = ONLY_THREAT.model_copy(update={"facts": Facts()})
    with pytest.raises(GradingRefused, match="not an immediate P1: complete THRIVE"):
        grade_p1_first(default_policy(), CALL, calm)


def test_the_thrive_to_complete_is_late_at_its_minute() -> None:
    graded = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
    due = thrive_due_at(graded, 10)
    assert due == graded + timedelta(minutes=10)
    assert not thrive_late(due, due - timedelta(seconds=1))
    assert thrive_late(due, due)
    assert not thrive_late(None, due)
