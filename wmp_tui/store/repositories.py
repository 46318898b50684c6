"""Repositories: the only code that writes SQL, converting rows to domain objects.

A log changes only through `LogRepository.record`, which appends the event and applies the
change in the same transaction: there is no other way to edit a log.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, false, func, insert, or_, select, update
from sqlalchemy.orm import Session

from wmp_tui.domain.chain import GENESIS, event_hash
from wmp_tui.domain.log import EventType, Log, LogEvent, LogState, Series, format_reference
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.places import Place
from wmp_tui.domain.units import Unit
from wmp_tui.domain.vocabulary import Grade, Npu, OperatorRole, Skill, UnitStatus, UnitType
from wmp_tui.store import measure_facts
from wmp_tui.store.tables import (
    CallerRow,
    DraftCallRow,
    GradingDecisionRow,
    LocationRow,
    LogEventRow,
    LogRow,
    LogSequenceRow,
    OperatorAuditRow,
    OperatorRow,
    ThriveAssessmentRow,
    UnitRow,
)

LOG_FIELDS = tuple(Log.model_fields)
JOURNAL_KEY = "journal_key"
"""Where a draft's body names the draft journal's key it was typed under (store/journal.py)."""

_DISPATCH_CONTEXT = (
    select(GradingDecisionRow.resource)
    .where(GradingDecisionRow.log_id == LogRow.id)
    .order_by(GradingDecisionRow.id.desc())
    .limit(1)
    .correlate(LogRow)
    .scalar_subquery()
    .label("resource"),
    select(ThriveAssessmentRow.facts)
    .join(GradingDecisionRow, GradingDecisionRow.assessment_id == ThriveAssessmentRow.id)
    .where(GradingDecisionRow.log_id == LogRow.id)
    .order_by(GradingDecisionRow.id.desc())
    .limit(1)
    .correlate(LogRow)
    .scalar_subquery()
    .label("facts"),
)
"""Who takes a log's latest grading, and the THRIVE+ facts it was made on, as two columns."""
_TYPES = {t.value: t for t in UnitType}
_STATUSES = {int(s): s for s in UnitStatus}
_GRADES = {g.value: g for g in Grade}
_NPUS = {n.value: n for n in Npu}
_SKILLS = {s.value: s for s in Skill}


@dataclass(frozen=True, slots=True)
class UnitOnBoard:
    """A unit as read for a recommendation or the board: cheap to build 2,000 times."""

    id: str
    type: UnitType
    status: UnitStatus
    lat: float
    lon: float
    skills: tuple[Skill, ...]
    npu: Npu | None
    current_grade: Grade | None
    status_since: datetime
    log_id: int | None
    version: int


@dataclass(frozen=True, slots=True)
class LogToSend:
    """A log locked for dispatch, with who takes its latest grading and the facts behind it."""

    log: Log
    resource: str | None
    facts: dict[str, Any] | None


UNIT_COLUMNS = (
    UnitRow.call_sign,
    UnitRow.type,
    UnitRow.status,
    UnitRow.lat,
    UnitRow.lon,
    UnitRow.skills,
    UnitRow.npu,
    UnitRow.current_grade,
    UnitRow.status_since,
    UnitRow.log_id,
    UnitRow.version,
)


def core(session: Session) -> Connection:
    """The session's connection, for a prepared Core statement on a hot path (a claim, an
    event): no ORM bookkeeping per statement. ORM changes still pending are written first."""
    if session.new or session.dirty or session.deleted:
        session.flush()
    return session.connection()


_APPEND = (
    insert(LogEventRow)
    .values(
        log_id=bindparam("event_log"),
        type=bindparam("event_type"),
        payload=bindparam("event_payload", type_=LogEventRow.payload.type),
        operator_id=bindparam("event_operator"),
        at=bindparam("event_at", type_=LogEventRow.at.type),
        hash=bindparam("event_hash"),
    )
    .returning(LogEventRow.id)
)
_LAST_HASH = (
    select(LogEventRow.hash)
    .where(LogEventRow.log_id == bindparam("event_log"))
    .order_by(LogEventRow.id.desc())
    .limit(1)
)
"""The hash the log's next event chains to: read after the log row is locked, so it is the
last committed one and no other transaction can append to this log before we commit."""
_UNITS_BY_CALL_SIGN = select(*UNIT_COLUMNS).where(
    UnitRow.call_sign.in_(bindparam("call_signs", expanding=True))
)
_SET_STATUS = (
    update(UnitRow)
    .where(UnitRow.call_sign == bindparam("unit"))
    .values(
        status=bindparam("new_status"),
        status_since=bindparam("since", type_=UnitRow.status_since.type),
        log_id=bindparam("job"),
        current_grade=bindparam("job_grade"),
        version=UnitRow.version + 1,
    )
)
_SET_STATUS_IF_UNCHANGED = _SET_STATUS.where(UnitRow.version == bindparam("expected_version"))


def to_unit_on_board(row: Any) -> UnitOnBoard:
    call_sign, kind, status, lat, lon, skills, npu, grade, since, log_id, version = row
    return UnitOnBoard(
        call_sign,
        _TYPES[kind],
        _STATUSES[status],
        lat,
        lon,
        tuple(_SKILLS[s] for s in skills.split()) if skills else (),
        _NPUS.get(npu),
        _GRADES.get(grade) if grade else None,
        since,
        log_id,
        version,
    )


@dataclass(frozen=True, slots=True)
class Candidate:
    """A unit as the recommendation reads it: only what ranking needs, nothing to convert."""

    id: str
    type: UnitType
    status: UnitStatus
    lat: float
    lon: float
    skills: tuple[Skill, ...]
    npu: Npu | None
    current_grade: Grade | None


CANDIDATE_COLUMNS = UNIT_COLUMNS[:8]


@functools.cache
def skills_of(text: str) -> tuple[Skill, ...]:
    """The skills column, parsed once per distinct value (there are only a few)."""
    return tuple(_SKILLS[s] for s in text.split())


def to_log(row: LogRow) -> Log:
    return Log.model_validate({name: getattr(row, name) for name in LOG_FIELDS})


def to_event(row: LogEventRow) -> LogEvent:
    return LogEvent(
        id=row.id,
        log_id=row.log_id,
        type=EventType(row.type),
        payload=row.payload,
        operator_id=row.operator_id,
        at=row.at,
    )


class LogRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def next_sequence(self, day: str, series: Series) -> int:
        """Take the next number of the day. The row stays locked until commit, and a rollback
        gives the number back, so numbers are unique and without gaps under any load."""
        if self.session.get_bind().dialect.name == "postgresql":
            from sqlalchemy.dialects import postgresql as dialect
        else:
            from sqlalchemy.dialects import sqlite as dialect  # type: ignore[no-redef]
        statement = (
            dialect.insert(LogSequenceRow)
            .values(day=day, series=series.value, last=1)
            .on_conflict_do_update(
                index_elements=["day", "series"], set_={"last": LogSequenceRow.last + 1}
            )
            .returning(LogSequenceRow.last)
        )
        return int(self.session.execute(statement).scalar_one())

    def create(
        self,
        *,
        day: str,
        series: Series,
        at: datetime,
        operator_id: int | None,
        fields: dict[str, Any],
        noted: dict[str, Any] | None = None,
    ) -> Log:
        """A new log with the next reference of the day, and its `created` event; `noted`
        goes on that event only (facts of the contact that are not the log's state)."""
        seq = self.next_sequence(day, series)
        noted = noted or {}
        row = LogRow(
            reference=format_reference(day, seq, series),
            day=day,
            series=series.value,
            seq=seq,
            training=series is Series.TRAINING,
            created_at=at,
            last_update_at=at,
            created_by=operator_id,
            answered_seconds=measure_facts.answered_seconds({**fields, **noted}),
            **fields,
        )
        self.session.add(row)
        self.session.flush()
        self._append(
            row.id,
            EventType.CREATED,
            {"reference": row.reference, **fields, **noted},
            operator_id,
            at,
            previous=GENESIS,
        )
        return to_log(row)

    def record(
        self,
        log_id: int,
        event: EventType,
        payload: dict[str, Any],
        *,
        operator_id: int | None,
        at: datetime,
        changes: dict[str, Any] | None = None,
    ) -> LogEvent:
        """Append an event and apply the state change it explains, together.

        Two statements and no read: the UPDATE locks the log row until commit (so events of
        one log are appended in order); a copy of the log already in the session is expired,
        so it is read afresh when next used.
        """
        values = dict(changes or {})
        for name in values:
            if name not in LOG_FIELDS or name in {"id", "reference", "created_at"}:
                raise ValueError(f"{name!r} is not a field a log event may change")
        values["last_update_at"] = at
        values.update(measure_facts.log_changes(self.session.get_bind().dialect.name, event, at))
        updated = core(self.session).execute(
            update(LogRow).where(LogRow.id == log_id).values(**values)
        )
        if updated.rowcount != 1:
            raise LookupError(f"log {log_id} does not exist")
        held = self.session.identity_map.get(self.session.identity_key(LogRow, log_id))
        if held is not None:
            self.session.expire(held)
        return self._append(log_id, event, payload, operator_id, at)

    def record_once(
        self,
        log_id: int,
        event: EventType,
        payload: dict[str, Any],
        *,
        stamp: str,
        operator_id: int | None,
        at: datetime,
    ) -> LogEvent | None:
        """Append an event that may happen to a log only once (a deadline passed, an
        escalation raised): the log's `stamp` column is set by a conditional UPDATE, so of two
        operators' boards seeing it at the same moment exactly one writes it. None when it
        was already recorded. The log's last update is left alone: the clock is not news."""
        if stamp not in {"breached_at", "escalated_at"}:
            raise ValueError(f"{stamp!r} is not a once-only stamp of a log")
        column = getattr(LogRow, stamp)
        updated = core(self.session).execute(
            update(LogRow).where(LogRow.id == log_id, column.is_(None)).values({stamp: at})
        )
        if updated.rowcount != 1:
            return None
        held = self.session.identity_map.get(self.session.identity_key(LogRow, log_id))
        if held is not None:
            self.session.expire(held)
        return self._append(log_id, event, payload, operator_id, at)

    def _append(
        self,
        log_id: int,
        event: EventType,
        payload: dict[str, Any],
        operator_id: int | None,
        at: datetime,
        *,
        previous: str | None = None,
    ) -> LogEvent:
        """Append one event chained to the log's last (the caller holds the log row's lock)."""
        connection = core(self.session)
        if previous is None:
            previous = connection.execute(_LAST_HASH, {"event_log": log_id}).scalar() or GENESIS
        values = {
            "event_log": log_id,
            "event_type": event.value,
            "event_payload": payload,
            "event_operator": operator_id,
            "event_at": at,
            "event_hash": event_hash(log_id, event.value, payload, operator_id, at, previous),
        }
        marks = measure_facts.marks_before(connection, log_id, event, payload, at)
        event_id = connection.execute(_APPEND, values).scalar_one()
        measure_facts.write_marks(connection, log_id, event_id, marks)
        return LogEvent(
            id=event_id, log_id=log_id, type=event, payload=payload, operator_id=operator_id, at=at
        )

    def dispatch_context(self, log_id: int) -> tuple[str | None, dict[str, Any] | None]:
        """The resource of the log's latest grading and the facts it was made on, in one read."""
        row = self.session.execute(select(*_DISPATCH_CONTEXT).where(LogRow.id == log_id)).first()
        return (row[0], row[1]) if row else (None, None)

    def lock_for_dispatch(self, reference: str, *, also: int | None = None) -> list[LogToSend]:
        """The log with this reference (and the log `also`, a unit's current job), locked for
        this transaction in id order, each with its dispatch context: one round trip."""
        wanted = LogRow.reference == reference.strip().upper()
        if also is not None:
            wanted = or_(wanted, LogRow.id == also)
        rows = self.session.execute(
            select(LogRow, *_DISPATCH_CONTEXT)
            .where(wanted)
            .order_by(LogRow.id)
            .with_for_update(of=LogRow)
        )
        return [LogToSend(to_log(row), resource, facts) for row, resource, facts in rows]

    def lock(self, log_ids: Iterable[int]) -> None:
        """Lock logs for this transaction, always in id order, so that two transactions
        touching the same logs queue instead of deadlocking (PostgreSQL; SQLite's write
        transactions are already one at a time)."""
        ids = sorted(set(log_ids))
        if ids:
            self.session.execute(
                select(LogRow.id).where(LogRow.id.in_(ids)).order_by(LogRow.id).with_for_update()
            ).all()

    def get(self, log_id: int) -> Log | None:
        row = self.session.get(LogRow, log_id)
        return to_log(row) if row else None

    def by_reference(self, reference: str) -> Log | None:
        row = self.session.scalars(
            select(LogRow).where(LogRow.reference == reference.strip().upper())
        ).first()
        return to_log(row) if row else None

    def events(self, log_id: int) -> list[LogEvent]:
        rows = self.session.scalars(
            select(LogEventRow).where(LogEventRow.log_id == log_id).order_by(LogEventRow.id)
        )
        return [to_event(row) for row in rows]

    def events_after(self, event_id: int, limit: int = 500) -> list[LogEvent]:
        """The change feed: every event after `event_id`, oldest first."""
        rows = self.session.scalars(
            select(LogEventRow)
            .where(LogEventRow.id > event_id)
            .order_by(LogEventRow.id)
            .limit(limit)
        )
        return [to_event(row) for row in rows]

    def last_event_id(self) -> int:
        return int(self.session.scalar(select(func.coalesce(func.max(LogEventRow.id), 0))) or 0)

    def open_logs(self, *, training: bool = False, offset: int = 0, limit: int = 100) -> list[Log]:
        """Open logs, most urgent grade first (ungraded first of all), oldest first within."""
        rows = self.session.scalars(
            select(LogRow)
            .where(LogRow.training == training, LogRow.state == LogState.OPEN.value)
            .order_by(LogRow.grade.is_not(None), LogRow.grade, LogRow.created_at, LogRow.id)
            .offset(offset)
            .limit(limit)
        )
        return [to_log(row) for row in rows]

    def count_open(self, *, training: bool = False) -> int:
        return int(
            self.session.scalar(
                select(func.count())
                .select_from(LogRow)
                .where(LogRow.training == training, LogRow.state == LogState.OPEN.value)
            )
            or 0
        )


class UnitRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def candidates(self, statuses: Iterable[int]) -> list[Candidate]:
        """Units in these statuses, for a recommendation: a Core query (no ORM identity map,
        no datetime conversion), because it runs on every call against 2,000 units."""
        query = select(*CANDIDATE_COLUMNS).where(UnitRow.status.in_(list(statuses)))
        types, statuses_, grades, npus = _TYPES, _STATUSES, _GRADES, _NPUS
        return [
            Candidate(
                call_sign,
                types[kind],
                statuses_[status],
                lat,
                lon,
                skills_of(skills) if skills else (),
                npus.get(npu),
                grades.get(grade) if grade else None,
            )
            for call_sign, kind, status, lat, lon, skills, npu, grade in (
                self.session.connection().execute(query)
            )
        ]

    def on_board(self, types: Iterable[str] | None = None) -> list[UnitOnBoard]:
        """Every unit not off duty, as light rows (the recommendation's input)."""
        query = select(*UNIT_COLUMNS).where(UnitRow.status != int(UnitStatus.OFF_DUTY))
        if types is not None:
            query = query.where(UnitRow.type.in_(list(types)))
        return [to_unit_on_board(row) for row in self.session.execute(query)]

    def by_call_signs(self, call_signs: Iterable[str]) -> list[UnitOnBoard]:
        rows = core(self.session).execute(_UNITS_BY_CALL_SIGN, {"call_signs": list(call_signs)})
        return [to_unit_on_board(row) for row in rows]

    def arv_on_log(self, log_id: int, arv_type: str) -> bool:
        """Whether a unit of the ARV type is on the log now (sent and not cleared)."""
        found = self.session.scalars(
            select(UnitRow.call_sign)
            .where(UnitRow.log_id == log_id, UnitRow.type == str(arv_type))
            .limit(1)
        ).first()
        return found is not None

    def count(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(UnitRow)) or 0)

    def call_signs(self, *, of_type: UnitType | None = None, on_duty: bool = False) -> list[str]:
        """Every unit's call sign; only of one type, or only those not off duty, if asked."""
        query = select(UnitRow.call_sign)
        if of_type is not None:
            query = query.where(UnitRow.type == of_type.value)
        if on_duty:
            query = query.where(UnitRow.status != int(UnitStatus.OFF_DUTY))
        return list(self.session.scalars(query))

    def place(self, unit: Unit, at: datetime) -> None:
        """Put a unit on the board as described (added if new): its type, NPU, skills,
        position, status and grade, with no job."""
        row = self.session.get(UnitRow, unit.id)
        if row is None:
            row = UnitRow(call_sign=unit.id, version=1, status=int(unit.status), status_since=at)
            self.session.add(row)
        row.type = unit.type.value
        row.npu = (unit.npu or Npu.BW).value
        row.skills = " ".join(s.value for s in unit.skills)
        row.lat, row.lon = unit.lat, unit.lon
        self.session.flush()
        self.set_status(
            unit.id,
            status=int(unit.status),
            at=at,
            grade=unit.current_grade.value if unit.current_grade else None,
        )
        self.session.expire(row)  # the status was set by a statement: read it afresh

    def set_status(
        self,
        call_sign: str,
        *,
        status: int,
        at: datetime,
        log_id: int | None = None,
        grade: str | None = None,
        expected_version: int | None = None,
    ) -> bool:
        """Change a unit's status (and job); with `expected_version`, only if unchanged."""
        values = {
            "unit": call_sign,
            "new_status": status,
            "since": at,
            "job": log_id,
            "job_grade": grade,
        }
        if expected_version is None:
            result = core(self.session).execute(_SET_STATUS, values)
        else:
            result = core(self.session).execute(
                _SET_STATUS_IF_UNCHANGED, {**values, "expected_version": expected_version}
            )
        return result.rowcount == 1


class OperatorRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_name(self, name: str) -> OperatorRow | None:
        return self.session.scalars(
            select(OperatorRow).where(func.lower(OperatorRow.name) == name.strip().lower())
        ).first()

    def everyone(self) -> list[OperatorRow]:
        return list(self.session.scalars(select(OperatorRow).order_by(OperatorRow.name)))

    def add(
        self,
        name: str,
        role: OperatorRole,
        pin_salt: str,
        pin_hash: str,
        *,
        pin_change_due: bool = True,
    ) -> Operator:
        row = OperatorRow(
            name=name,
            role=role.value,
            pin_salt=pin_salt,
            pin_hash=pin_hash,
            pin_change_due=pin_change_due,
        )
        self.session.add(row)
        self.session.flush()
        return Operator(id=row.id, name=row.name, role=role, pin_change_due=pin_change_due)

    def set_pin(self, operator_id: int, pin_salt: str, pin_hash: str, *, change_due: bool) -> None:
        """A new PIN hash; any count of wrong PINs and any lock end with it."""
        self._change(
            operator_id,
            pin_salt=pin_salt,
            pin_hash=pin_hash,
            pin_change_due=change_due,
            failed_attempts=0,
            locked_until=None,
        )

    def set_active(self, operator_id: int, active: bool) -> None:
        self._change(operator_id, active=active)

    def count_wrong_pin(self, operator_id: int) -> int:
        """One more wrong PIN, counted in one statement (two desks guessing at once both
        count): the count after it."""
        return int(
            self.session.execute(
                update(OperatorRow)
                .where(OperatorRow.id == operator_id)
                .values(failed_attempts=OperatorRow.failed_attempts + 1)
                .returning(OperatorRow.failed_attempts)
            ).scalar_one()
        )

    def record_attempts(
        self, operator_id: int, failed_attempts: int, locked_until: datetime | None
    ) -> None:
        self._change(operator_id, failed_attempts=failed_attempts, locked_until=locked_until)

    def _change(self, operator_id: int, **values: Any) -> None:
        core(self.session).execute(
            update(OperatorRow).where(OperatorRow.id == operator_id).values(**values)
        )
        held = self.session.identity_map.get(self.session.identity_key(OperatorRow, operator_id))
        if held is not None:
            self.session.expire(held)

    def audit(
        self,
        operator_id: int,
        action: str,
        *,
        by: Operator | None,
        by_name: str,
        at: datetime,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Append one entry to the operator audit."""
        self.session.add(
            OperatorAuditRow(
                operator_id=operator_id,
                action=action,
                detail=detail or {},
                by_operator_id=by.id if by else None,
                by_name=by.name if by else by_name,
                at=at,
            )
        )
        self.session.flush()

    def audit_of(self, operator_id: int) -> list[OperatorAuditRow]:
        return list(
            self.session.scalars(
                select(OperatorAuditRow)
                .where(OperatorAuditRow.operator_id == operator_id)
                .order_by(OperatorAuditRow.id)
            )
        )


class CallerRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def find_or_add(self, name: str, phone: str) -> CallerRow:
        """The caller with this phone (or, with no phone, this name), else a new one."""
        digits = "".join(ch for ch in phone if ch.isdigit())
        search = name.strip().lower()
        query = select(CallerRow)
        if digits:
            query = query.where(CallerRow.phone == digits)
        elif search:
            query = query.where(CallerRow.search_name == search)
        else:
            query = query.where(CallerRow.id == -1)
        row = self.session.scalars(query.limit(1)).first()
        if row is None:
            row = CallerRow(name=name.strip(), search_name=search, phone=digits)
            self.session.add(row)
            self.session.flush()
        return row

    def phone_and_name(self, caller_id: int) -> tuple[str, str] | None:
        """The caller's phone (digits) and name as recorded, or None for no such caller."""
        row = self.session.get(CallerRow, caller_id)
        return (row.phone, row.name) if row is not None else None


def to_place(row: LocationRow) -> Place:
    return Place(
        id=row.id,
        name=row.name,
        kind=row.kind,
        npu=row.npu,
        lat=row.lat,
        lon=row.lon,
        hotgrid=bool(row.hotgrid),
    )


class LocationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def search(self, text: str, limit: int = 10) -> list[Place]:
        """Gazetteer entries whose name contains the typed words, best matches first."""
        words = [w for w in text.lower().split() if w]
        if not words:
            return []
        query = select(LocationRow)
        for word in words:
            query = query.where(LocationRow.search_name.contains(word, autoescape=True))
        query = query.order_by(
            LocationRow.search_name.startswith(words[0], autoescape=True).desc(),
            func.length(LocationRow.search_name),
            LocationRow.name,
        )
        return [to_place(row) for row in self.session.scalars(query.limit(limit))]

    def get(self, location_id: int) -> Place | None:
        row = self.session.get(LocationRow, location_id)
        return to_place(row) if row is not None else None

    def named(self, name: str) -> Place | None:
        """The gazetteer entry with exactly this name, whatever its case."""
        row = self.session.scalars(
            select(LocationRow).where(LocationRow.search_name == name.strip().lower())
        ).first()
        return to_place(row) if row is not None else None

    def names(self) -> list[str]:
        """Every place's name (to suggest the nearest to a name not found)."""
        return list(self.session.scalars(select(LocationRow.name)))

    def nearest(self, lat: float, lon: float) -> LocationRow | None:
        """The gazetteer entry nearest a point (a flat-earth distance is enough to rank a few
        km; a degree of longitude here is about 0.61 of a degree of latitude)."""
        d_lat = LocationRow.lat - lat
        d_lon = (LocationRow.lon - lon) * 0.61
        return self.session.scalars(
            select(LocationRow).order_by(d_lat * d_lat + d_lon * d_lon, LocationRow.id).limit(1)
        ).first()


class DraftRepository:
    """Calls being taken, saved as typed: the half-taken call that must never be lost."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def save(
        self,
        draft_id: int | None,
        operator_id: int | None,
        body: dict[str, Any],
        at: datetime,
        *,
        training: bool = False,
    ) -> int:
        row = self.session.get(DraftCallRow, draft_id) if draft_id else None
        if row is None:
            row = DraftCallRow(operator_id=operator_id, body=body, updated_at=at, training=training)
            self.session.add(row)
        else:
            row.body = body
            row.updated_at = at
        self.session.flush()
        return row.id

    def unfinished(self, operator_id: int | None, *, training: bool = False) -> list[DraftCallRow]:
        return list(
            self.session.scalars(
                select(DraftCallRow)
                .where(DraftCallRow.operator_id == operator_id, DraftCallRow.training == training)
                .order_by(DraftCallRow.updated_at.desc())
            )
        )

    def discard(self, draft_id: int) -> None:
        row = self.session.get(DraftCallRow, draft_id)
        if row is not None:
            self.session.delete(row)

    def exists(self, draft_id: int) -> bool:
        return self.session.get(DraftCallRow, draft_id) is not None

    def kept_as(self, operator_id: int | None, key: str, *, training: bool = False) -> int | None:
        """The draft the journal key `key` was saved under, if the database has it."""
        for row in self.unfinished(operator_id, training=training):
            if isinstance(row.body, dict) and row.body.get(JOURNAL_KEY) == key:
                return row.id
        return None

    def probe(self) -> None:
        """A write that changes nothing: refused by a read-only or unreachable database."""
        self.session.execute(update(DraftCallRow).where(false()).values(training=False))
