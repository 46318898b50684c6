"""Committing a grade, choosing another one, and re-grading: the rules inspectors check.

The policy proposes; the operator commits. Choosing another grade needs a written reason, a
lower priority than proposed is a downgrade and needs a supervisor's authorisation, and a
re-grade needs a fresh THRIVE+ kept beside the old one (DOMAIN.md §3). Each refusal says what
is missing and how to put it right. Checking the supervisor's PIN is the service's job: here
`authorised_by` is the name it vouches for.
"""

from __future__ import annotations

from collections.abc import Iterable

from wmp_tui.domain.facts import Call, Strict
from wmp_tui.domain.grading import Decision, GradingPolicy
from wmp_tui.domain.thrive import AskedQuestion, Missing, ThriveAssessment
from wmp_tui.domain.vocabulary import Grade


class GradingRefused(ValueError):
    """A grade cannot be committed as asked; the message says what is missing and how to fix it."""

    def __init__(self, message: str, missing: Iterable[Missing] = ()) -> None:
        self.missing: tuple[Missing, ...] = tuple(missing)
        super().__init__(message)


class GradeChoice(Strict):
    """One grading of a log: the assessment it rests on, the proposal and what was committed."""

    assessment: ThriveAssessment
    decision: Decision
    grade: Grade
    reason: str | None = None
    authorised_by: str | None = None

    @property
    def overridden(self) -> bool:
        """True when the operator chose another grade than the policy proposed."""
        return self.grade is not self.decision.grade


class GradingHistory(Strict):
    """Every grading of a log in order; the last is current and none is ever edited."""

    entries: tuple[GradeChoice, ...]

    @property
    def current(self) -> GradeChoice:
        return self.entries[-1]


def require_complete(assessment: ThriveAssessment, asked: Iterable[AskedQuestion] = ()) -> None:
    """Refuse to grade while THRIVE+ is incomplete; the error lists exactly what is missing."""
    missing = assessment.missing(asked)
    if missing:
        lines = "\n".join(f"- {item}" for item in missing)
        raise GradingRefused(
            f"THRIVE+ is not complete; answer these before grading:\n{lines}", missing
        )


def propose(
    policy: GradingPolicy,
    call: Call,
    assessment: ThriveAssessment,
    asked: Iterable[AskedQuestion] = (),
) -> Decision:
    """The policy's proposal for a complete assessment (GradingRefused if it is not)."""
    asked = tuple(asked)
    require_complete(assessment, asked)
    return policy.decide(call, assessment.facts)


def downgraded_from(grade: Grade, proposed: Grade, current: Grade | None = None) -> Grade | None:
    """The grade that `grade` is a downgrade from, or None when it is no downgrade.

    A grading is a downgrade when it gives a lower priority than the policy proposed, or (a
    re-grade) than the log's current grade (DOMAIN.md §4): exactly the gradings that need a
    supervisor's authorisation, and so the ones the measures count as downgrades (§9). A P3
    re-graded P2 against a proposal of P1 is one: higher than it was, lower than proposed.
    The current grade is named first when both are above it.
    """
    for reference in (current, proposed):
        if reference is not None and grade.is_lower_priority_than(reference):
            return reference
    return None


def _choose(
    assessment: ThriveAssessment,
    decision: Decision,
    chosen: Grade | None,
    reason: str | None,
    authorised_by: str | None,
    below: Grade | None = None,
) -> GradeChoice:
    """The grade chosen on this decision, refused without the reason or authority it needs."""
    grade = chosen or decision.grade
    reason = (reason or "").strip() or None
    authorised_by = (authorised_by or "").strip() or None
    if grade is not decision.grade and reason is None:
        raise GradingRefused(
            f"The policy proposes {decision.grade} and you chose {grade}: "
            "write a reason for choosing another grade."
        )
    reference = downgraded_from(grade, decision.grade, below)
    if reference is not None and authorised_by is None:
        raise GradingRefused(
            f"{grade} is a lower priority than {reference}: a downgrade needs a "
            "supervisor's authorisation. Ask a supervisor to authorise it with their PIN."
        )
    return GradeChoice(
        assessment=assessment,
        decision=decision,
        grade=grade,
        reason=reason,
        authorised_by=authorised_by,
    )


def commit_grade(
    policy: GradingPolicy,
    call: Call,
    assessment: ThriveAssessment,
    chosen: Grade | None = None,
    reason: str | None = None,
    authorised_by: str | None = None,
    asked: Iterable[AskedQuestion] = (),
) -> GradingHistory:
    """Grade a log for the first time: the proposal, or another grade with its reason."""
    decision = propose(policy, call, assessment, asked)
    return GradingHistory(entries=(_choose(assessment, decision, chosen, reason, authorised_by),))


def regrade(
    history: GradingHistory,
    policy: GradingPolicy,
    call: Call,
    assessment: ThriveAssessment,
    chosen: Grade | None = None,
    reason: str | None = None,
    authorised_by: str | None = None,
    asked: Iterable[AskedQuestion] = (),
) -> GradingHistory:
    """Re-grade on a fresh THRIVE+ (a re-THRIVE), kept beside the earlier ones.

    A re-grade always says why; going below the current grade or below the new proposal is a
    downgrade and needs a supervisor's authorisation.
    """
    current = history.current
    if assessment == current.assessment:
        raise GradingRefused(
            f"A re-grade needs a fresh THRIVE+ (a re-THRIVE): the current grade {current.grade} "
            "was made on this assessment. Record a new assessment; the old one is kept."
        )
    decision = propose(policy, call, assessment, asked)
    if not (reason or "").strip():
        raise GradingRefused(
            f"Say why the log is re-graded (now {current.grade}, proposed {decision.grade})."
        )
    entry = _choose(assessment, decision, chosen, reason, authorised_by, below=current.grade)
    return GradingHistory(entries=(*history.entries, entry))
