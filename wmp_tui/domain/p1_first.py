"""P1 first: the grade the answers so far give, and an immediate P1 sent before THRIVE+ is done.

A grade waits for a complete THRIVE+, except an immediate P1: as soon as the answers given
satisfy a P1 rule, seconds matter more than the form (DOMAIN.md §3). The same policy that
grades a complete assessment reads the partial one, so what the operator sees while answering
is exactly what grading would say. A P1 graded first keeps its THRIVE+ open *to complete*, due
a policy-set number of minutes after the grading; until then the log is neither downgraded
nor closed (the services refuse both).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from wmp_tui.domain.facts import Call, Strict
from wmp_tui.domain.grading import Decision, GradingPolicy
from wmp_tui.domain.overrides import GradeChoice, GradingHistory, GradingRefused
from wmp_tui.domain.thrive import AskedQuestion, Missing, ThriveAssessment
from wmp_tui.domain.vocabulary import Grade


class GradeSoFar(Strict):
    """What the answers given so far make of the call, and what is still missing."""

    decision: Decision
    missing: tuple[Missing, ...]

    @property
    def complete(self) -> bool:
        """True when THRIVE+ is complete: the grade is the one grading will propose."""
        return not self.missing

    @property
    def immediate(self) -> bool:
        """True when a P1 rule holds on the answers so far: the call may be graded P1 now."""
        return self.decision.grade is Grade.P1


def grade_so_far(
    policy: GradingPolicy,
    call: Call,
    assessment: ThriveAssessment,
    asked: Iterable[AskedQuestion] = (),
) -> GradeSoFar:
    """The policy's grade on the answers given so far (a question not answered yet counts as
    its default: false, none or unknown), beside what THRIVE+ still lacks."""
    return GradeSoFar(
        decision=policy.decide(call, assessment.facts), missing=assessment.missing(asked)
    )


def grade_p1_first(
    policy: GradingPolicy,
    call: Call,
    assessment: ThriveAssessment,
    asked: Iterable[AskedQuestion] = (),
) -> GradingHistory:
    """Grade P1 on an assessment that may be incomplete, refused unless a P1 rule holds."""
    so_far = grade_so_far(policy, call, assessment, asked)
    if not so_far.immediate:
        raise GradingRefused(
            f"The answers so far give {so_far.decision.grade}, not an immediate P1: complete "
            "THRIVE+ before grading.",
            so_far.missing,
        )
    return GradingHistory(
        entries=(GradeChoice(assessment=assessment, decision=so_far.decision, grade=Grade.P1),)
    )


def thrive_due_at(graded_at: datetime, minutes: int) -> datetime:
    """When the THRIVE+ of a P1 graded first must be complete."""
    return graded_at + timedelta(minutes=minutes)


def thrive_late(due_at: datetime | None, now: datetime) -> bool:
    """Whether a THRIVE+ to complete is late at `now` (at the minute, as every alert)."""
    return due_at is not None and now >= due_at
