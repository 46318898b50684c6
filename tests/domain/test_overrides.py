"""Committing, overriding and re-grading: refusals say what is missing and how to fix it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.domain.test_grading_rules import default_policy
from wmp_tui.domain.facts import Call, Facts
from wmp_tui.domain.overrides import (
    GradingRefused,
    commit_grade,
    propose,
    regrade,
    require_complete,
)
from wmp_tui.domain.thrive import Dimension, ThriveAssessment, assessment_from_facts
from wmp_tui.domain.vocabulary import Grade

CALL = Call(incident_type="shoplifting")
DETAINED = Facts.model_validate({"threat": {"offender_detained": True}})  # proposes P2
RATIONALES = {d: "Judged on the caller's account." for d in Dimension}


def assessed(facts: Facts = DETAINED, minute: int = 0) -> ThriveAssessment:
    return assessment_from_facts(
        facts,
        RATIONALES,
        recorded_at=datetime(2026, 11, 23, 14, minute, tzinfo=UTC),
        recorded_by="PS 1234 Khan",
    )


def test_grading_is_refused_while_thrive_is_incomplete() -> None:
    incomplete = assessment_from_facts(DETAINED, {Dimension.THREAT: "Detained, calm."})
    with pytest.raises(GradingRefused) as refused:
        require_complete(incomplete)
    assert len(refused.value.missing) == 6
    assert "Harm: no rationale" in str(refused.value)
    with pytest.raises(GradingRefused):
        commit_grade(default_policy(), CALL, incomplete)
    require_complete(assessed())


def test_the_proposal_is_committed_as_it_stands() -> None:
    history = commit_grade(default_policy(), CALL, assessed())
    assert history.current.grade is Grade.P2
    assert history.current.decision == propose(default_policy(), CALL, assessed())
    assert not history.current.overridden


def test_another_grade_needs_a_written_reason() -> None:
    with pytest.raises(GradingRefused, match="write a reason for choosing another grade"):
        commit_grade(default_policy(), CALL, assessed(), chosen=Grade.P1, reason="  ")
    history = commit_grade(
        default_policy(), CALL, assessed(), chosen=Grade.P1, reason="Crowd gathering outside."
    )
    assert history.current.grade is Grade.P1
    assert history.current.overridden
    assert history.current.authorised_by is None  # an upgrade needs no supervisor


def test_a_downgrade_needs_a_supervisors_authorisation() -> None:
    with pytest.raises(GradingRefused, match="supervisor's authorisation"):
        commit_grade(
            default_policy(), CALL, assessed(), chosen=Grade.P3, reason="Store will hold him."
        )
    history = commit_grade(
        default_policy(),
        CALL,
        assessed(),
        chosen=Grade.P3,
        reason="Store will hold him.",
        authorised_by="Sgt 4411 Patel",
    )
    assert (history.current.grade, history.current.authorised_by) == (Grade.P3, "Sgt 4411 Patel")


def test_a_regrade_needs_a_fresh_assessment_kept_beside_the_old_one() -> None:
    first = commit_grade(default_policy(), CALL, assessed())
    with pytest.raises(GradingRefused, match="fresh THRIVE"):
        regrade(first, default_policy(), CALL, assessed(), reason="Second look.")
    armed = Facts.model_validate({"threat": {"offender_detained": True, "weapon": "knife"}})
    second = regrade(
        first, default_policy(), CALL, assessed(armed, minute=5), reason="Knife found."
    )
    assert [e.grade for e in second.entries] == [Grade.P2, Grade.P1]
    assert second.entries[0] == first.current
    assert second.current.assessment.facts.threat.weapon == "knife"


def test_a_regrade_says_why() -> None:
    first = commit_grade(default_policy(), CALL, assessed())
    with pytest.raises(GradingRefused, match="Say why the log is re-graded"):
        regrade(first, default_policy(), CALL, assessed(minute=9))


def test_a_regrade_below_the_current_grade_is_a_downgrade() -> None:
    first = commit_grade(default_policy(), CALL, assessed())
    released = Facts.model_validate({"investigation": {"crime": True, "suspect": "named"}})
    with pytest.raises(GradingRefused, match="P5 is a lower priority than P2"):
        regrade(first, default_policy(), CALL, assessed(released, 20), reason="Released, named.")
    second = regrade(
        first,
        default_policy(),
        CALL,
        assessed(released, 20),
        reason="Released by store, suspect named.",
        authorised_by="Sgt 4411 Patel",
    )
    assert second.current.grade is Grade.P5
    assert second.current.authorised_by == "Sgt 4411 Patel"
