"""What a drill is scored in: the trainee's attempt as the log records it, each measure with
the sentence the trainee reads, and the report that sums them (`scoring` does the scoring).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from wmp_tui.domain.answering import Advice, Outcome
from wmp_tui.domain.facts import Strict
from wmp_tui.domain.vocabulary import Grade, VulnerabilityFlag


class Result(StrEnum):
    """How one measure went."""

    PASS = "pass"
    SHORT = "short"
    """Short of the standard: talked through with the trainer, the drill still passes."""
    FAIL = "fail"
    NOT_SCORED = "not_scored"


class MeasureName(StrEnum):
    GRADE = "grade"
    THRIVE = "thrive"
    MUST_ASK = "must_ask"
    VULNERABILITY = "vulnerability"
    RESOURCE = "resource"
    TIME_TO_GRADE = "time_to_grade"
    TIME_TO_DISPATCH = "time_to_dispatch"
    ADVICE = "advice"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    MeasureName.GRADE: "Grade",
    MeasureName.THRIVE: "THRIVE+ complete",
    MeasureName.MUST_ASK: "Questions that decide the call",
    MeasureName.VULNERABILITY: "Vulnerability spotted",
    MeasureName.RESOURCE: "Resource",
    MeasureName.TIME_TO_GRADE: "Time to grade",
    MeasureName.TIME_TO_DISPATCH: "Time to resource",
    MeasureName.ADVICE: "Advice recorded",
}


class Measure(Strict):
    """One measure of a drill, with the sentence the trainee reads."""

    name: MeasureName
    result: Result
    sentence: str
    expected: str | None = None
    actual: str | None = None


class DrillAttempt(Strict):
    """What the trainee did on the call, as the log records it."""

    reference: str | None = None
    started_at: datetime
    """When the call was answered: the drill's clock starts here."""
    answered: tuple[str, ...] = ()
    """Ids of the questions and risk screens answered on the latest THRIVE+."""
    missing: tuple[str, ...] = ()
    """What the latest THRIVE+ still lacked, in the assessment's words."""
    thrive_recorded: bool = False
    flags: tuple[VulnerabilityFlag, ...] = ()
    grade: Grade | None = None
    graded_at: datetime | None = None
    outcome: Outcome | None = None
    resourced_at: datetime | None = None
    """When a unit was sent, the work queued, the appointment booked or the log closed."""
    units: tuple[str, ...] = ()
    """Call signs sent, in the order they were sent."""
    best_unit: str | None = None
    """The first unit the recommendation offered when the trainee dispatched."""
    best_arv: str | None = None
    best_eta_minutes: float | None = None
    sent_eta_minutes: float | None = None
    advice: tuple[Advice, ...] = ()
    may_dispatch: bool = True
    """False for a call handler: sending units is not theirs to score."""
    on_own_board: bool = False
    """The scenario's own units were the board, so its expected unit is the one to send."""


class DrillReport(Strict):
    """The result of one drill: pass or fail, a score, and every measure in a sentence."""

    scenario: str
    title: str
    trainee: str | None = None
    reference: str | None = None
    started_at: datetime
    finished_at: datetime | None = None
    passed: bool
    score: int = Field(ge=0, le=100)
    """Per cent: a pass counts 1, a shortfall a half, a fail nothing; unscored ones are left out."""
    measures: tuple[Measure, ...]

    @property
    def summary(self) -> str:
        """One sentence: passed or failed, and why."""
        failed = [m.name.label.lower() for m in self.measures if m.result is Result.FAIL]
        if not failed:
            short = sum(1 for m in self.measures if m.result is Result.SHORT)
            extra = f", {short} point{'s' if short != 1 else ''} to work on" if short else ""
            return f"Passed ({self.score}%){extra}."
        return f"Failed ({self.score}%): {', '.join(failed)}."

    def measure(self, name: MeasureName) -> Measure:
        return next(m for m in self.measures if m.name is name)
