"""The read model of the supervisor's room: the open logs with what their risk depends on,
the shift's downgrades, the call-back list and the demand per hour.

The open-log set is bounded (a force the size of WMP has about 2,000 open at once), so it is
read in one query with its latest THRIVE+ and whether its reason for delay is missing;
history is counted in SQL, never walked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from wmp_tui.domain.events import Graded, details_of
from wmp_tui.domain.log import EventType, LogState
from wmp_tui.domain.vocabulary import Channel, IncidentType
from wmp_tui.store.log_clocks import delay_reason_missing
from wmp_tui.store.tables import (
    AssignmentRow,
    CallerRow,
    LogEventRow,
    LogRow,
    ThriveAssessmentRow,
)

E = LogEventRow
L = LogRow


@dataclass(frozen=True)
class OpenLogRow:
    id: int
    reference: str
    grade: str | None
    incident_type: str
    npu: str | None
    first_graded_at: datetime | None
    graded_at: datetime | None
    resourced_at: datetime | None
    last_update_at: datetime
    arrived_at: datetime | None
    flags: tuple[str, ...]
    thrive_complete: bool | None
    """The latest THRIVE+ entry's completeness; None when there is none."""
    delay_reason_missing: bool
    """Its deadline passed and no reason for delay is recorded yet (the board's definition,
    `log_clocks.delay_reason_missing`)."""
    delay_reason: bool
    """A reason for delay is recorded on the log."""
    deadline: datetime | None = None
    """The deadline kept on the log (a re-grade never moves it later); None: from the SLA."""
    breached_at: datetime | None = None
    thrive_due_at: datetime | None = None
    escalated_at: datetime | None = None


def _has(kind: EventType) -> Any:
    return exists().where(E.log_id == L.id, E.type == kind.value)


def open_logs(session: Session, *, training: bool = False) -> list[OpenLogRow]:
    """Every open log with what the backlog's order and the overdue lists need."""
    latest = (
        select(ThriveAssessmentRow.log_id, func.max(ThriveAssessmentRow.id).label("id"))
        .join(L, L.id == ThriveAssessmentRow.log_id)
        .where(L.state == LogState.OPEN.value, L.training == training)
        .group_by(ThriveAssessmentRow.log_id)
        .subquery("latest")
    )
    first_graded = (
        select(func.min(E.at))
        .where(E.log_id == L.id, E.type == EventType.GRADED.value)
        .correlate(L)
        .scalar_subquery()
    )
    arrived = (
        select(func.min(AssignmentRow.arrived_at))
        .where(AssignmentRow.log_id == L.id)
        .correlate(L)
        .scalar_subquery()
    )
    query = (
        select(
            L.id,
            L.reference,
            L.grade,
            L.incident_type,
            L.npu,
            first_graded,
            L.graded_at,
            L.resourced_at,
            L.last_update_at,
            arrived,
            ThriveAssessmentRow.facts,
            ThriveAssessmentRow.complete,
            delay_reason_missing(),
            _has(EventType.DELAY_REASON_RECORDED),
            L.deadline,
            L.breached_at,
            L.thrive_due_at,
            L.escalated_at,
        )
        .outerjoin(latest, latest.c.log_id == L.id)
        .outerjoin(ThriveAssessmentRow, ThriveAssessmentRow.id == latest.c.id)
        .where(L.state == LogState.OPEN.value, L.training == training)
        .order_by(L.id)
    )
    rows = []
    for row in session.execute(query):
        facts = row[10] or {}
        flags = tuple((facts.get("vulnerability") or {}).get("flags") or ())
        rows.append(
            OpenLogRow(
                *row[:10],
                flags=flags,
                thrive_complete=row[11],
                delay_reason_missing=bool(row[12]),
                delay_reason=bool(row[13]),
                deadline=row[14],
                breached_at=row[15],
                thrive_due_at=row[16],
                escalated_at=row[17],
            )
        )
    return rows


@dataclass(frozen=True)
class DowngradeRow:
    reference: str
    at: datetime
    grade: str
    previous: str | None
    proposed: str | None
    authorised_by: str | None


def downgrades_since(
    session: Session, since: datetime, *, training: bool = False
) -> list[DowngradeRow]:
    """Gradings since `since` that lowered the priority, newest first."""
    rows = session.execute(
        select(L.reference, E.at, E.type, E.payload)
        .join(L, L.id == E.log_id)
        .where(
            E.type.in_((EventType.GRADED.value, EventType.REGRADED.value)),
            E.at >= since,
            L.training == training,
        )
        .order_by(E.at.desc(), E.id.desc())
    )
    gradings = ((reference, at, details_of(kind, payload)) for reference, at, kind, payload in rows)
    return [
        DowngradeRow(reference, at, str(d.grade), d.previous, d.proposed, d.authorised_by)
        for reference, at, d in gradings
        if isinstance(d, Graded) and d.downgrade
    ]


@dataclass(frozen=True)
class CallbackRow:
    reference: str
    created_at: datetime
    phone: str


def _awaiting_callback(training: bool) -> list[Any]:
    return [
        L.state == LogState.OPEN.value,
        L.training == training,
        L.channel == Channel.EMERGENCY.value,
        L.incident_type == IncidentType.ABANDONED_CALL.value,
        ~_has(EventType.CALLBACK_RECORDED),
    ]


def callbacks_waiting(session: Session, *, training: bool = False) -> list[CallbackRow]:
    """Open 999 logs of an abandoned or silent call with no call-back recorded, oldest
    first."""
    rows = session.execute(
        select(L.reference, L.created_at, func.coalesce(CallerRow.phone, ""))
        .outerjoin(CallerRow, CallerRow.id == L.caller_id)
        .where(*_awaiting_callback(training))
        .order_by(L.created_at, L.id)
    )
    return [CallbackRow(*row) for row in rows]


def callbacks_count(session: Session, *, training: bool = False) -> int:
    """How many abandoned or silent 999 calls wait for a call-back (the board's count)."""
    found = session.scalar(select(func.count()).where(*_awaiting_callback(training)))
    return int(found or 0)


def hourly_demand(
    session: Session, start: datetime, end: datetime, *, training: bool = False
) -> dict[str, int]:
    """Logs created per UTC hour in [start, end), keyed `YYYY-MM-DD HH`."""
    if session.get_bind().dialect.name == "sqlite":
        hour = func.strftime("%Y-%m-%d %H", L.created_at)
    else:
        hour = func.to_char(func.timezone("UTC", L.created_at), "YYYY-MM-DD HH24")
    rows = session.execute(
        select(hour, func.count())
        .where(and_(L.created_at >= start, L.created_at < end), L.training == training)
        .group_by(hour)
    )
    return {str(key): int(count) for key, count in rows}
