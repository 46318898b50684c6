"""The tables, as SQLAlchemy 2 typed ORM classes.

They mirror the domain but are not the domain: repositories convert rows to domain objects at
the boundary, and no screen ever sees a row. The log is append-only: `log_event` rows are never
updated or deleted (database triggers refuse it); the `log` row holds the current state and is
changed only in the same transaction as the event that explains the change.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in and out, on SQLite (which keeps no zone) and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store: pass an aware UTC time")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class NpuRow(Base):
    __tablename__ = "npu"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(60))


class LocationRow(Base):
    """A gazetteer entry: a street, town centre, station or landmark."""

    __tablename__ = "location"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    search_name: Mapped[str] = mapped_column(String(120), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    npu: Mapped[str] = mapped_column(ForeignKey("npu.code"), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    hotgrid: Mapped[bool] = mapped_column(Boolean, default=False)


class UnitRow(Base):
    """A resource on the board. `version` makes a claim a conditional update."""

    __tablename__ = "unit"

    call_sign: Mapped[str] = mapped_column(String(16), primary_key=True)
    type: Mapped[str] = mapped_column(String(24), index=True)
    npu: Mapped[str] = mapped_column(ForeignKey("npu.code"), index=True)
    skills: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[int] = mapped_column(Integer, index=True)
    status_since: Mapped[datetime]
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    log_id: Mapped[int | None] = mapped_column(ForeignKey("log.id"), default=None)
    current_grade: Mapped[str | None] = mapped_column(String(2), default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)


class OperatorRow(Base):
    """Someone who signs in. The PIN is kept only as a hash (Argon2id; the seed's PBKDF2 until
    its operator next signs in); wrong PINs are counted here so a lockout survives a restart."""

    __tablename__ = "operator"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    pin_salt: Mapped[str] = mapped_column(String(64))
    pin_hash: Mapped[str] = mapped_column(String(128))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    pin_change_due: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(default=None)


class OperatorAuditRow(Base):
    """A change to an operator (added, PIN set, disabled) or a lockout. Append-only."""

    __tablename__ = "operator_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operator.id"), index=True)
    action: Mapped[str] = mapped_column(String(24))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    by_operator_id: Mapped[int | None] = mapped_column(ForeignKey("operator.id"), default=None)
    by_name: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime]


class CallerRow(Base):
    """A person who has contacted the force; phone is kept in digits only for look-ups."""

    __tablename__ = "caller"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    search_name: Mapped[str] = mapped_column(String(120), default="", index=True)
    phone: Mapped[str] = mapped_column(String(32), default="", index=True)


class LogSequenceRow(Base):
    """The last reference number given on a day, per series (live or training)."""

    __tablename__ = "log_sequence"

    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    series: Mapped[str] = mapped_column(String(8), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


MEASURES_GRADED = (
    "grade",
    "first_graded_at",
    "training",
    "npu",
    "channel",
    "state",
    "resourced_at",
    "closed_at",
    "first_arrived_at",
    "first_booked_at",
    "first_queued_at",
    "arrival_seconds",
    "booked_seconds",
    "queued_seconds",
)
MEASURES_ARRIVAL = (
    "grade",
    "arrival_seconds",
    "first_graded_at",
    "first_arrived_at",
    "training",
    "npu",
    "channel",
)
MEASURES_WAITED = ("training", "npu", "channel", "first_graded_at", "resourced_at", "closed_at")
MEASURES_CREATED = (
    "channel",
    "created_at",
    "training",
    "npu",
    "answered_seconds",
    "incident_type",
)
MEASURES_UNRECORDED = ("closed_at", "training", "npu", "channel", "result_code")
WAITED_UNTIL = text("coalesce(resourced_at, closed_at)")
"""Until when a log waited for a resource (the tipping point's backlog)."""
UNRECORDED = text("crime_disclosed AND NOT crime_recorded")


class LogRow(Base):
    """An incident: its current state. The history is in `log_event`."""

    __tablename__ = "log"
    __table_args__ = (
        UniqueConstraint("day", "series", "seq"),
        Index("ix_log_open_grade", "training", "state", "grade"),
        Index("ix_log_closed_at", "closed_at"),
        # The measures' reads (wmp_tui/store/measures.py), each a range of one covering index.
        Index("ix_log_measures_graded", *MEASURES_GRADED),
        Index("ix_log_measures_arrival", *MEASURES_ARRIVAL),
        Index("ix_log_measures_waited", "grade", WAITED_UNTIL, *MEASURES_WAITED),
        Index("ix_log_measures_created", *MEASURES_CREATED),
        Index(
            "ix_log_measures_unrecorded",
            *MEASURES_UNRECORDED,
            sqlite_where=UNRECORDED,
            postgresql_where=UNRECORDED,
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    day: Mapped[str] = mapped_column(String(8))
    series: Mapped[str] = mapped_column(String(8), default="live")
    seq: Mapped[int] = mapped_column(Integer)
    training: Mapped[bool] = mapped_column(Boolean, default=False)
    channel: Mapped[str] = mapped_column(String(10))
    incident_type: Mapped[str] = mapped_column(String(32))
    narrative: Mapped[str] = mapped_column(Text, default="")
    caller_id: Mapped[int | None] = mapped_column(ForeignKey("caller.id"), default=None)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id"), default=None)
    address: Mapped[str] = mapped_column(String(200), default="", index=True)
    npu: Mapped[str | None] = mapped_column(String(2), default=None)
    lat: Mapped[float | None] = mapped_column(Float, default=None)
    lon: Mapped[float | None] = mapped_column(Float, default=None)
    state: Mapped[str] = mapped_column(String(10), default="open")
    grade: Mapped[str | None] = mapped_column(String(2), default=None)
    graded_at: Mapped[datetime | None] = mapped_column(default=None)
    resourced_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime]
    last_update_at: Mapped[datetime]
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    result_code: Mapped[str | None] = mapped_column(String(24), default=None)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("log.id"), default=None)
    crime_disclosed: Mapped[bool] = mapped_column(Boolean, default=False)
    crime_recorded: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("operator.id"), default=None)
    deadline: Mapped[datetime | None] = mapped_column(default=None)
    breached_at: Mapped[datetime | None] = mapped_column(default=None)
    escalated_at: Mapped[datetime | None] = mapped_column(default=None)
    delay_reason: Mapped[str | None] = mapped_column(String(32), default=None)
    thrive_due_at: Mapped[datetime | None] = mapped_column(default=None)
    """While a P1 graded first has its THRIVE+ to complete: when it is due (else null)."""
    # The facts the measures count (DOMAIN.md §9), kept in columns by the store as the events
    # that carry them are appended (wmp_tui/store/measure_facts.py), so a year is counted
    # from the log table alone, without reading its events' JSON.
    first_graded_at: Mapped[datetime | None] = mapped_column(default=None)
    """The time of the log's `graded` event (a regrading leaves it)."""
    first_arrived_at: Mapped[datetime | None] = mapped_column(default=None)
    """The earliest arrival at scene of any of its assignments."""
    first_booked_at: Mapped[datetime | None] = mapped_column(default=None)
    first_queued_at: Mapped[datetime | None] = mapped_column(default=None)
    answered_seconds: Mapped[float | None] = mapped_column(Float, default=None)
    """The contact's time to answer, as noted on the `created` event."""
    arrival_seconds: Mapped[float | None] = mapped_column(Float, default=None)
    """Seconds from the first grading to the first arrival; likewise the next two."""
    booked_seconds: Mapped[float | None] = mapped_column(Float, default=None)
    queued_seconds: Mapped[float | None] = mapped_column(Float, default=None)


class ContactRow(Base):
    """One contact (call, chat, online report) about a log."""

    __tablename__ = "contact"
    __table_args__ = (
        Index("ix_contact_received_at", "received_at"),
        Index("ix_contact_measures", "channel", "received_at", "log_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    log_id: Mapped[int] = mapped_column(ForeignKey("log.id"), index=True)
    caller_id: Mapped[int | None] = mapped_column(ForeignKey("caller.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    relationship: Mapped[str] = mapped_column(String(16), default="")
    received_at: Mapped[datetime]
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operator.id"), default=None)


class LogEventRow(Base):
    """One thing that happened to a log. Append-only; its id is the change feed's cursor.
    `hash` chains the log's events (wmp_tui/domain/chain.py)."""

    __tablename__ = "log_event"
    __table_args__ = (Index("ix_log_event_type_at", "type", "at", "log_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    log_id: Mapped[int] = mapped_column(ForeignKey("log.id"), index=True)
    type: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operator.id"), default=None)
    at: Mapped[datetime]
    hash: Mapped[str | None] = mapped_column(String(64), default=None)


class LogMarkRow(Base):
    """A rare event the measures count by its own time: a downgrade (`authorised` when a
    supervisor signed it) or a re-THRIVE (`gap_seconds` since the log's previous event).
    Written with the event, append-only like it."""

    __tablename__ = "log_mark"
    __table_args__ = (Index("ix_log_mark_kind_at", "kind", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    log_id: Mapped[int] = mapped_column(ForeignKey("log.id"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("log_event.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime]
    authorised: Mapped[bool | None] = mapped_column(Boolean, default=None)
    gap_seconds: Mapped[float | None] = mapped_column(Float, default=None)


class ThriveAssessmentRow(Base):
    """A THRIVE+ assessment as recorded. A re-THRIVE adds a row; none is overwritten."""

    __tablename__ = "thrive_assessment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    log_id: Mapped[int] = mapped_column(ForeignKey("log.id"), index=True)
    facts: Mapped[dict[str, Any]]
    rationales: Mapped[dict[str, Any]]
    answered: Mapped[list[Any]] = mapped_column(default=list)
    complete: Mapped[bool] = mapped_column(Boolean)
    recorded_at: Mapped[datetime]
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operator.id"), default=None)


class GradingDecisionRow(Base):
    """A grade given to a log, with what the policy proposed and why."""

    __tablename__ = "grading_decision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    log_id: Mapped[int] = mapped_column(ForeignKey("log.id"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("thrive_assessment.id"))
    proposed_grade: Mapped[str] = mapped_column(String(2))
    grade: Mapped[str] = mapped_column(String(2))
    category: Mapped[str] = mapped_column(String(40))
    resource: Mapped[str] = mapped_column(String(32))
    sla_minutes: Mapped[int | None] = mapped_column(Integer, default=None)
    policy_version: Mapped[str] = mapped_column(String(40))
    reasons: Mapped[list[Any]]
    fired: Mapped[list[Any]] = mapped_column(default=list)
    decision_group: Mapped[str] = mapped_column(String(16), default="")
    override_reason: Mapped[str | None] = mapped_column(Text, default=None)
    authorised_by: Mapped[int | None] = mapped_column(ForeignKey("operator.id"), default=None)
    decided_at: Mapped[datetime]
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operator.id"), default=None)


class AssignmentRow(Base):
    """A unit sent to a log, from dispatch to clear."""

    __tablename__ = "assignment"
    __table_args__ = (
        Index("ix_assignment_log_arrived", "log_id", "arrived_at"),
        Index("ix_assignment_ended_at", "ended_at"),
        Index("ix_assignment_measures_assigned", "assigned_at", "call_sign", "ended_at"),
        Index("ix_assignment_measures_ended", "ended_at", "call_sign", "assigned_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    log_id: Mapped[int] = mapped_column(ForeignKey("log.id"), index=True)
    call_sign: Mapped[str] = mapped_column(ForeignKey("unit.call_sign"), index=True)
    state: Mapped[str] = mapped_column(String(12), default="assigned")
    eta_minutes: Mapped[float | None] = mapped_column(Float, default=None)
    assigned_at: Mapped[datetime]
    arrived_at: Mapped[datetime | None] = mapped_column(default=None)
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operator.id"), default=None)


class AppointmentRow(Base):
    """A P4 appointment slot booked with a police staff investigator."""

    __tablename__ = "appointment"
    __table_args__ = (UniqueConstraint("call_sign", "starts_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    log_id: Mapped[int] = mapped_column(ForeignKey("log.id"), index=True)
    call_sign: Mapped[str] = mapped_column(ForeignKey("unit.call_sign"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]


class DraftCallRow(Base):
    """A call being taken, saved as it is typed so that a crash loses nothing."""

    __tablename__ = "draft_call"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operator.id"), index=True)
    training: Mapped[bool] = mapped_column(Boolean, default=False)
    body: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class DrillScenarioRow(Base):
    """A training scenario; `body` is the validated scenario document."""

    __tablename__ = "drill_scenario"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[dict[str, Any]]


class DrillRunRow(Base):
    """One trainee's attempt at a scenario, and its score."""

    __tablename__ = "drill_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("drill_scenario.id"), index=True)
    trainee_id: Mapped[int | None] = mapped_column(ForeignKey("operator.id"), index=True)
    log_id: Mapped[int | None] = mapped_column(ForeignKey("log.id"), default=None)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    score: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
