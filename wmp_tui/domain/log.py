"""The incident log: its reference, its events and its life from creation to close.

A log's history is its events: nothing about a log changes without one. The reference is the
local date and a sequence that restarts at 1 each day (`20261123-0042`); training logs have
a series of their own (`T20261123-0003`) so they never take a live number.
"""

from __future__ import annotations

import builtins
import re
from datetime import datetime
from enum import StrEnum
from functools import cached_property
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from pydantic import Field

from wmp_tui.domain.events import AnyDetails, EventDetails, details_of
from wmp_tui.domain.facts import Strict
from wmp_tui.domain.vocabulary import Channel, Grade, IncidentType

FORCE_TIMEZONE = ZoneInfo("Europe/London")


DetailsT = TypeVar("DetailsT", bound=EventDetails)


class Series(StrEnum):
    """Which numbering a log takes its reference from."""

    LIVE = "live"
    TRAINING = "training"


class EventType(StrEnum):
    """Everything that can happen to a log, in the past tense."""

    CREATED = "created"
    CONTACT_ADDED = "contact_added"
    THRIVE_RECORDED = "thrive_recorded"
    GRADED = "graded"
    REGRADED = "regraded"
    UNIT_ASSIGNED = "unit_assigned"
    UNIT_DIVERTED_AWAY = "unit_diverted_away"
    UNIT_EN_ROUTE = "unit_en_route"
    UNIT_AT_SCENE = "unit_at_scene"
    UNIT_CLEARED = "unit_cleared"
    APPOINTMENT_BOOKED = "appointment_booked"
    QUEUED = "queued"
    ADVICE_GIVEN = "advice_given"
    CRIME_RECORDED = "crime_recorded"
    DUPLICATE_LINKED = "duplicate_linked"
    NOTE_ADDED = "note_added"
    CLOSED = "closed"
    # Wave 2: the live incident, P1 first, supervision (each gets its typed payload where it
    # is built).
    UPDATE_ADDED = "update_added"
    DEADLINE_BREACHED = "deadline_breached"
    ESCALATION_RAISED = "escalation_raised"
    DELAY_REASON_RECORDED = "delay_reason_recorded"
    REOPENED = "reopened"
    DECISION_RECORDED = "decision_recorded"
    CALLBACK_RECORDED = "callback_recorded"
    # Policy 2026.2: a referral THRIVE+ leads to (DASH high: Marac; Right Care Right Person:
    # health), recorded on the log.
    REFERRAL_RECORDED = "referral_recorded"


def reference_day(at: datetime) -> str:
    """The force's local date of an aware time, as `YYYYMMDD`."""
    if at.tzinfo is None:
        raise ValueError("reference_day needs an aware datetime")
    return at.astimezone(FORCE_TIMEZONE).strftime("%Y%m%d")


def format_reference(day: str, seq: int, series: Series = Series.LIVE) -> str:
    """`20261123-0042`; training logs are prefixed `T`."""
    prefix = "T" if series is Series.TRAINING else ""
    return f"{prefix}{day}-{seq:04d}"


class LogEvent(Strict):
    """One entry of a log's history: `payload` as the store keeps it, `details` the same read
    as the event type's model (domain/events.py)."""

    id: int
    log_id: int
    type: EventType
    payload: dict[str, Any] = Field(default_factory=dict)
    operator_id: int | None = None
    at: datetime

    @cached_property
    def details(self) -> AnyDetails:
        return details_of(self.type.value, self.payload)

    def details_as(self, kind: builtins.type[DetailsT]) -> DetailsT:
        """The details as the model the caller knows this event has (a service's own event)."""
        details = self.details
        if not isinstance(details, kind):
            raise TypeError(f"a {self.type.value} event has no {kind.__name__} details")
        return details


class LogState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Log(Strict):
    """A log's current state, derived from its events and kept beside them."""

    id: int
    reference: str
    training: bool = False
    channel: Channel
    incident_type: IncidentType
    narrative: str = ""
    caller_id: int | None = None
    location_id: int | None = None
    address: str = ""
    npu: str | None = None
    lat: float | None = None
    lon: float | None = None
    state: LogState = LogState.OPEN
    grade: Grade | None = None
    graded_at: datetime | None = None
    resourced_at: datetime | None = None
    created_at: datetime
    last_update_at: datetime
    closed_at: datetime | None = None
    result_code: str | None = None
    duplicate_of: int | None = None
    crime_disclosed: bool = False
    crime_recorded: bool = False
    created_by: int | None = None
    deadline: datetime | None = None
    """The SLA deadline as DOMAIN.md §6 keeps it: set at the first grading, never moved later
    by a re-grade (see `sla.deadline_after`)."""
    breached_at: datetime | None = None
    """When the passed deadline was recorded (`deadline_breached`): once breached, always."""
    escalated_at: datetime | None = None
    """When the not-resourced escalation was recorded (`escalation_raised`)."""
    delay_reason: str | None = None
    """The reason for delay's code, once a dispatcher or supervisor recorded one."""
    thrive_due_at: datetime | None = None
    """Set while the THRIVE+ of a P1 graded first is still to complete: when it is due."""


_TYPED_REFERENCE = re.compile(r"^T?\d{8}-\d{1,6}$")


def normalise_reference(text: str) -> str | None:
    """A reference as typed, `20261123-42` → `20261123-0042` (`T…` a training one); None when
    it is not a reference."""
    cleaned = text.strip().upper()
    if not _TYPED_REFERENCE.match(cleaned):
        return None
    day, seq = cleaned.split("-")
    return f"{day}-{int(seq):04d}"
