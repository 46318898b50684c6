"""The supervisor's room (DOMAIN.md §9): the backlog by risk, what is overdue, key decisions in
the National Decision Model, and the call-back list of abandoned and silent 999 calls.

Inspectors keep finding the same failures: backlogs with unknown risk inside them, "prompt"
calls left for hours, an abandoned 999 call left without a call-back. Everything here is pure:
the service reads the rows, these functions order and judge them at a `now` passed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import Field, field_validator

from wmp_tui.domain.facts import Strict
from wmp_tui.domain.vocabulary import Grade


class Overdue(StrEnum):
    """What a waiting log is late for, most urgent first."""

    NOT_RESOURCED = "not_resourced"
    THRIVE_TO_COMPLETE = "thrive_to_complete"
    DELAY_REASON_MISSING = "delay_reason_missing"
    RETHRIVE_DUE = "rethrive_due"


OVERDUE_LABELS = {
    Overdue.NOT_RESOURCED: "not resourced",
    Overdue.THRIVE_TO_COMPLETE: "THRIVE+ to complete",
    Overdue.DELAY_REASON_MISSING: "reason for delay missing",
    Overdue.RETHRIVE_DUE: "re-THRIVE due",
}


class Waiting(Strict):
    """An open log as the supervisor weighs it."""

    reference: str
    grade: Grade | None
    incident_type: str
    npu: str | None = None
    vulnerable: bool = False
    """Any vulnerability flag but `repeat_victim` on the latest THRIVE+."""
    repeat_victim: bool = False
    deadline: datetime | None = None
    """First grading + the grade's SLA; None where the grade has none."""
    met_at: datetime | None = None
    """When its promise was kept (a unit at scene for P1–P3, resourced for P4–P5)."""
    overdue: tuple[Overdue, ...] = ()


def past_sla(log: Waiting, now: datetime) -> timedelta | None:
    """How long the log is past its deadline (negative: time still left); a promise kept
    stops the clock, so a log kept in time is never past it and one kept late stays as late
    as it was."""
    if log.deadline is None:
        return None
    kept = log.met_at is not None and log.met_at <= now
    return (log.met_at if kept and log.met_at else now) - log.deadline


def risk_key(log: Waiting, now: datetime) -> tuple[int, bool, bool, float, str]:
    """The backlog's order: grade first (ungraded last), then the vulnerable, then repeat
    victims, then the longest past its SLA (a log without an SLA after those with one)."""
    past = past_sla(log, now)
    return (
        log.grade.rank if log.grade else 10,
        not log.vulnerable,
        not log.repeat_victim,
        -past.total_seconds() if past is not None else float("inf"),
        log.reference,
    )


def by_risk(logs: Iterable[Waiting], now: datetime) -> list[Waiting]:
    """The backlog ordered by what is at stake."""
    return sorted(logs, key=lambda log: risk_key(log, now))


# -- key decisions --------------------------------------------------------------------------


class DecisionStage(StrEnum):
    """The five stages of the College of Policing's National Decision Model, in order,
    around the Code of Ethics at its centre."""

    INFORMATION = "information"
    ASSESSMENT = "assessment"
    POWERS_AND_POLICY = "powers_and_policy"
    OPTIONS = "options"
    ACTION_AND_REVIEW = "action_and_review"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS = {
    DecisionStage.INFORMATION: "Gather information and intelligence",
    DecisionStage.ASSESSMENT: "Assess threat and risk and develop a working strategy",
    DecisionStage.POWERS_AND_POLICY: "Consider powers and policy",
    DecisionStage.OPTIONS: "Identify options and contingencies",
    DecisionStage.ACTION_AND_REVIEW: "Take action and review what happened",
}
CODE_OF_ETHICS = "Code of Ethics: at the centre of every decision"


class KeyDecision(Strict):
    """A supervisor's key decision on a log: what was decided and, for every stage of the
    model, why. The Code of Ethics is affirmed, not optional."""

    decision: str = Field(min_length=1, max_length=2000)
    rationales: dict[DecisionStage, str]
    ethics: str = Field(default="", max_length=2000)
    """How the decision meets the Code of Ethics (optional words beside the affirmation)."""

    @field_validator("decision", "ethics", mode="before")
    @classmethod
    def _trimmed(cls, value: object) -> object:
        """Trimmed before the length is checked: a decision of spaces is no decision."""
        return value.strip() if isinstance(value, str) else value

    @field_validator("rationales")
    @classmethod
    def _every_stage(cls, value: dict[DecisionStage, str]) -> dict[DecisionStage, str]:
        cleaned = {stage: text.strip() for stage, text in value.items()}
        missing = [stage.label for stage in DecisionStage if not cleaned.get(stage)]
        if missing:
            raise ValueError(f"write the rationale for: {'; '.join(missing)}")
        return {stage: cleaned[stage] for stage in DecisionStage}


# -- call-backs -------------------------------------------------------------------------------


class CallbackState(StrEnum):
    DUE = "due"
    LATE = "late"


class Callback(Strict):
    """An abandoned or silent 999 call waiting for its call-back."""

    reference: str
    received_at: datetime
    due_at: datetime
    phone: str = ""


def callback_due(received_at: datetime, minutes: int) -> datetime:
    """When the call-back is due: the policy's minutes after the call came in."""
    return received_at + timedelta(minutes=minutes)


def callback_state(callback: Callback, now: datetime) -> CallbackState:
    """Late once the due time has passed (at the minute itself it is still due)."""
    return CallbackState.LATE if now > callback.due_at else CallbackState.DUE
