"""What each event of a log records: one model per event type, told apart by the type.

The store keeps a payload as JSON without its type (the type has its own column): `stored`
validates a payload through its model before it is appended, and gives back exactly what is
kept (and hashed); `details_of` reads a stored payload back as its model. Reading is lenient,
so rows written before a field existed still read: every field has a default, and a key no
model names (an older or newer field) is kept, not refused.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, TypeAdapter

from wmp_tui.domain.vocabulary import Channel, Grade, IncidentType

IsoTime = Annotated[datetime, PlainSerializer(lambda at: at.isoformat(), when_used="json")]
"""A time as the payload keeps it: `datetime.isoformat()`, as the writers always wrote it."""


class EventDetails(BaseModel):
    """What every event's model shares: immutable, and keeping keys it does not name."""

    model_config = ConfigDict(extra="allow", frozen=True)


class Created(EventDetails):
    """The log was created from a call: its first state, and facts of the contact."""

    type: Literal["created"] = "created"
    reference: str = ""
    channel: Channel | None = None
    incident_type: IncidentType | None = None
    narrative: str = ""
    caller_id: int | None = None
    location_id: int | None = None
    address: str = ""
    npu: str | None = None
    lat: float | None = None
    lon: float | None = None
    answered_seconds: float | None = None


class ContactAdded(EventDetails):
    type: Literal["contact_added"] = "contact_added"
    note: str = ""


class ThriveRecorded(EventDetails):
    """A THRIVE+ assessment was entered (complete, or with what is missing)."""

    type: Literal["thrive_recorded"] = "thrive_recorded"
    assessment: int | None = None
    complete: bool = False
    missing: tuple[str, ...] = ()
    p1_first: bool = False
    """Entered when an immediate P1 was graded before THRIVE+ was complete."""
    thrive_due_at: IsoTime | None = None
    completes_p1_first: bool = False
    """The THRIVE+ that completes a P1 graded first."""
    late: bool = False
    """… and it was completed after it was due."""


class Graded(EventDetails):
    """The log was graded (or re-graded): the grade given, the one proposed, and why."""

    type: Literal["graded", "regraded"] = "graded"
    grade: Grade | None = None
    proposed: Grade | None = None
    previous: Grade | None = None
    reasons: tuple[str, ...] = ()
    policy_version: str | None = None
    reason: str | None = None
    """The operator's reason for a grade other than the one proposed (or for a re-grade)."""
    authorised_by: str | None = None
    downgrade: bool = False
    deadline: IsoTime | None = None
    p1_first: bool = False
    thrive_due_at: IsoTime | None = None


class UnitAssigned(EventDetails):
    type: Literal["unit_assigned"] = "unit_assigned"
    unit: str = ""
    eta_minutes: float | None = None
    diverted_from: str | None = None
    """The reference of the log the unit was diverted from."""
    policy_version: str | None = None


class UnitDivertedAway(EventDetails):
    type: Literal["unit_diverted_away"] = "unit_diverted_away"
    unit: str = ""
    to: str | None = None
    to_grade: Grade | None = None
    why: str = ""
    back_to_queue: bool = False


class UnitStatusChanged(EventDetails):
    """A unit on the log changed status (en route, at scene, cleared, or another status as a
    note); a note without a unit is an operator's note."""

    type: Literal["unit_en_route", "unit_at_scene", "unit_cleared", "note_added"]
    unit: str = ""
    status: int | None = None
    label: str = ""
    note: str = ""


class AppointmentBooked(EventDetails):
    type: Literal["appointment_booked"] = "appointment_booked"
    psi: str | None = None
    starts_at: IsoTime | None = None
    ends_at: IsoTime | None = None


class Queued(EventDetails):
    type: Literal["queued"] = "queued"
    queue: str = ""
    resource: str | None = None


class AdviceGiven(EventDetails):
    type: Literal["advice_given"] = "advice_given"
    advice: tuple[str, ...] = ()
    note: str = ""


class CrimeRecorded(EventDetails):
    type: Literal["crime_recorded"] = "crime_recorded"
    crime_number: str = ""


class DuplicateLinked(EventDetails):
    """Another contact about the same incident was linked to the log."""

    type: Literal["duplicate_linked"] = "duplicate_linked"
    channel: Channel | None = None
    caller: str = ""
    phone: str = ""
    narrative: str = ""


class Closed(EventDetails):
    type: Literal["closed"] = "closed"
    result: str = ""
    note: str = ""
    duplicate_of: str | None = None
    """The reference of the log this one duplicates."""
    unrecorded_crime_reason: str | None = None
    authorised_by: str | None = None


class UpdateAdded(EventDetails):
    type: Literal["update_added"] = "update_added"
    text: str = ""


class DeadlineBreached(EventDetails):
    type: Literal["deadline_breached"] = "deadline_breached"
    grade: Grade | None = None
    deadline: IsoTime | None = None
    resourced: bool = False


class EscalationRaised(EventDetails):
    type: Literal["escalation_raised"] = "escalation_raised"
    grade: Grade | None = None
    kind: str = ""
    why: str = ""
    to: str | None = None


class DelayReasonRecorded(EventDetails):
    type: Literal["delay_reason_recorded"] = "delay_reason_recorded"
    reason: str = ""
    """The reason's code."""
    label: str = ""
    words: str | None = None


class Reopened(EventDetails):
    type: Literal["reopened"] = "reopened"
    reason: str = ""
    was: str | None = None
    """The result code the log was closed with."""


class DecisionRecorded(EventDetails):
    """A supervisor's key decision (NDM), as `supervision.KeyDecision` checked it."""

    type: Literal["decision_recorded"] = "decision_recorded"
    decision: str = ""
    rationales: dict[str, str] = Field(default_factory=dict)
    ethics: str = ""


class CallbackRecorded(EventDetails):
    type: Literal["callback_recorded"] = "callback_recorded"
    note: str = ""


class ReferralRecorded(EventDetails):
    type: Literal["referral_recorded"] = "referral_recorded"
    referral: str = ""
    screen: str | None = None
    reason: str | None = None
    caller_told_police_will_not_attend: bool | None = None
    health_accepted: bool | None = None


AnyDetails = Annotated[
    Created
    | ContactAdded
    | ThriveRecorded
    | Graded
    | UnitAssigned
    | UnitDivertedAway
    | UnitStatusChanged
    | AppointmentBooked
    | Queued
    | AdviceGiven
    | CrimeRecorded
    | DuplicateLinked
    | Closed
    | UpdateAdded
    | DeadlineBreached
    | EscalationRaised
    | DelayReasonRecorded
    | Reopened
    | DecisionRecorded
    | CallbackRecorded
    | ReferralRecorded,
    Field(discriminator="type"),
]
_DETAILS: TypeAdapter[AnyDetails] = TypeAdapter(AnyDetails)


def details_of(kind: str, payload: dict[str, Any]) -> AnyDetails:
    """A stored payload of an event of this type, as its model (ValueError when it is not
    one: a value of the wrong type or out of its vocabulary)."""
    return _DETAILS.validate_python({**payload, "type": str(kind)})


def stored(kind: str, payload: dict[str, Any] | EventDetails) -> dict[str, Any]:
    """What the store keeps of an event's payload: validated through its model, as JSON, with
    the keys the writer gave (no defaults added) and without the type (it has its column)."""
    details = payload if isinstance(payload, EventDetails) else details_of(kind, payload)
    if getattr(details, "type", kind) != str(kind):
        raise ValueError(f"a {getattr(details, 'type', '?')} payload given for a {kind} event")
    return details.model_dump(mode="json", exclude_unset=True, exclude={"type"})
