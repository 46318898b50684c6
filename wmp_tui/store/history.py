"""Writing a simulated past in bulk: logs, their events, assessments, decisions, assignments.

A year is about 825,000 logs and five million events, so rows go in with one multi-row INSERT
per table per batch, ids given explicitly from the table's current maximum (and PostgreSQL's
sequences moved past them afterwards, as the seed loader does). Each batch is one
transaction: a failure leaves whole batches or nothing. References take the next numbers of
their day, as a live log would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from wmp_tui.domain.chain import GENESIS, event_hash
from wmp_tui.domain.log import EventType, Series, format_reference
from wmp_tui.domain.simulation.history import (
    HistoryAssignment,
    HistoryEvent,
    HistoryLog,
    diverted,
)
from wmp_tui.domain.vocabulary import Grade, UnitStatus
from wmp_tui.store import measure_facts
from wmp_tui.store.tables import (
    AssignmentRow,
    ContactRow,
    GradingDecisionRow,
    LogEventRow,
    LogRow,
    LogSequenceRow,
    ThriveAssessmentRow,
    UnitRow,
)
from wmp_tui.store.uow import Store, UnitOfWork

_WITH_IDS = (
    LogRow,
    LogEventRow,
    ThriveAssessmentRow,
    GradingDecisionRow,
    AssignmentRow,
    ContactRow,
)


@dataclass(frozen=True, slots=True)
class UnitToAdd:
    call_sign: str
    type: str
    npu: str
    skills: str
    lat: float
    lon: float


@dataclass(slots=True)
class Written:
    logs: int = 0
    events: int = 0
    assignments: int = 0


def add_missing_units(engine: Engine, units: Sequence[UnitToAdd], at: datetime) -> int:
    """Add the simulation's units that the board lacks, off duty; returns how many."""
    with engine.begin() as connection:
        known = set(connection.scalars(select(UnitRow.call_sign)))
        rows = [
            {
                "call_sign": u.call_sign,
                "type": u.type,
                "npu": u.npu,
                "skills": u.skills,
                "status": 11,
                "status_since": at,
                "lat": u.lat,
                "lon": u.lon,
                "log_id": None,
                "current_grade": None,
                "version": 1,
            }
            for u in units
            if u.call_sign not in known
        ]
        if rows:
            connection.execute(insert(UnitRow), rows)
    return len(rows)


def write_logs(engine: Engine, logs: Iterable[HistoryLog], batch: int = 5000) -> Written:
    """Write every log, `batch` logs per transaction."""
    written = Written()
    chunk: list[HistoryLog] = []
    for log in logs:
        chunk.append(log)
        if len(chunk) >= batch:
            _write(engine, chunk, written)
            chunk = []
    if chunk:
        _write(engine, chunk, written)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            for table in _WITH_IDS:
                name = table.__tablename__
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
                )
    return written


def _next_ids(connection: Connection) -> dict[str, int]:
    return {
        t.__tablename__: int(connection.scalar(select(func.coalesce(func.max(t.id), 0))) or 0) + 1
        for t in _WITH_IDS
    }


def _sequences(connection: Connection, days: set[str]) -> dict[str, int]:
    rows = connection.execute(
        select(LogSequenceRow.day, LogSequenceRow.last).where(
            LogSequenceRow.day.in_(days), LogSequenceRow.series == Series.LIVE.value
        )
    )
    last = {day: 0 for day in days}
    last.update({day: value for day, value in rows})
    return last


def _log_values(log: HistoryLog, seq: int, *, closed: bool) -> dict[str, Any]:
    """The log row: as it ends (`closed`), or as it opens, before it is graded."""
    values: dict[str, Any] = {
        "reference": format_reference(log.day, seq),
        "day": log.day,
        "series": Series.LIVE.value,
        "seq": seq,
        "training": False,
        "channel": log.channel,
        "incident_type": log.incident_type,
        "narrative": log.narrative,
        "caller_id": None,
        "location_id": None,
        "address": "",
        "npu": log.npu,
        "lat": log.lat,
        "lon": log.lon,
        "answered_seconds": log.answered_seconds,
        "state": "closed",
        "grade": log.grade.value,
        "graded_at": log.graded_at,
        "resourced_at": log.resourced_at,
        "created_at": log.created_at,
        "last_update_at": log.closed_at,
        "closed_at": log.closed_at,
        "result_code": log.result_code,
        "duplicate_of": None,
        "crime_disclosed": log.crime_disclosed,
        "crime_recorded": log.crime_disclosed,
        "created_by": None,
    }
    if not closed:
        values.update(
            state="open",
            grade=None,
            graded_at=None,
            resourced_at=None,
            last_update_at=log.created_at,
            closed_at=None,
            result_code=None,
            crime_recorded=False,
        )
    return values


def _contact_values(log: HistoryLog, log_id: int) -> dict[str, Any]:
    return {
        "log_id": log_id,
        "caller_id": None,
        "channel": log.channel,
        "relationship": "",
        "received_at": log.created_at,
        "operator_id": None,
    }


def _assessment_values(log: HistoryLog, log_id: int) -> dict[str, Any]:
    return {
        "log_id": log_id,
        "facts": log.facts,
        "rationales": log.rationales,
        "answered": [],
        "complete": True,
        "recorded_at": log.graded_at,
        "operator_id": None,
    }


def _decision_values(log: HistoryLog, log_id: int, assessment: int) -> dict[str, Any]:
    decision = log.decision
    return {
        "log_id": log_id,
        "assessment_id": assessment,
        "proposed_grade": decision.grade.value,
        "grade": log.grade.value,
        "category": decision.category.value,
        "resource": decision.resource.value,
        "sla_minutes": decision.sla_minutes,
        "policy_version": decision.policy_version,
        "reasons": list(decision.reasons),
        "fired": list(decision.fired),
        "decision_group": decision.group,
        "override_reason": None,
        "authorised_by": None,
        "decided_at": log.graded_at,
        "operator_id": None,
    }


def _payload(event: HistoryEvent, reference: str, assessment: int | None) -> dict[str, Any]:
    """The event's payload as stored: the log's reference and assessment filled in."""
    if event.type is EventType.THRIVE_RECORDED:
        return {**event.payload, "assessment": assessment}
    if event.type is EventType.CREATED:
        return {**event.payload, "reference": reference}
    return event.payload


def _assignment_values(log_id: int, sent: HistoryAssignment) -> dict[str, Any]:
    return {
        "log_id": log_id,
        "call_sign": sent.call_sign,
        "state": sent.state,
        "eta_minutes": sent.eta_minutes,
        "assigned_at": sent.assigned_at,
        "arrived_at": sent.arrived_at,
        "ended_at": sent.ended_at,
        "operator_id": None,
    }


def _write(engine: Engine, chunk: list[HistoryLog], written: Written) -> None:
    with engine.begin() as connection:
        ids = _next_ids(connection)
        first_log = ids["log"]
        days = {log.day for log in chunk}
        last = _sequences(connection, days)
        before = dict(last)
        rows: dict[str, list[dict[str, Any]]] = {t.__tablename__: [] for t in _WITH_IDS}

        def add(table: str, values: dict[str, Any]) -> int:
            given = ids[table]
            ids[table] += 1
            rows[table].append({"id": given, **values})
            return given

        for log in chunk:
            last[log.day] += 1
            seq = last[log.day]
            values = _log_values(log, seq, closed=True)
            log_id = add("log", values)
            add("contact", _contact_values(log, log_id))
            assessment = add("thrive_assessment", _assessment_values(log, log_id))
            add("grading_decision", _decision_values(log, log_id, assessment))
            previous = GENESIS
            for event in log.events:
                payload = _payload(event, values["reference"], assessment)
                # Chained like every live event, so `wmp-tui db audit` verifies a simulated past.
                previous = event_hash(log_id, event.type.value, payload, None, event.at, previous)
                add(
                    "log_event",
                    {
                        "log_id": log_id,
                        "type": event.type.value,
                        "payload": payload,
                        "operator_id": None,
                        "at": event.at,
                        "hash": previous,
                    },
                )
            for sent in log.assignments:
                add("assignment", _assignment_values(log_id, sent))
        for table in _WITH_IDS:
            batch = rows[table.__tablename__]
            if batch:
                connection.execute(insert(table), batch)
        # The measures' columns and marks, derived from the events as the live store keeps them.
        measure_facts.refresh(connection, first_log, ids["log"] - 1)
        _store_sequences(connection, before, last)
        written.logs += len(chunk)
        written.events += len(rows["log_event"])
        written.assignments += len(rows["assignment"])


def _store_sequences(connection: Connection, before: dict[str, int], last: dict[str, int]) -> None:
    for day, value in last.items():
        if value == before[day]:
            continue
        if before[day] == 0:
            exists = connection.scalar(
                select(func.count())
                .select_from(LogSequenceRow)
                .where(LogSequenceRow.day == day, LogSequenceRow.series == Series.LIVE.value)
            )
            if not exists:
                connection.execute(
                    insert(LogSequenceRow).values(day=day, series=Series.LIVE.value, last=value)
                )
                continue
        connection.execute(
            update(LogSequenceRow)
            .where(LogSequenceRow.day == day, LogSequenceRow.series == Series.LIVE.value)
            .values(last=value)
        )


# -- a shift played onto the live board, a step at a time -------------------------------------


@dataclass(frozen=True, slots=True)
class _Playing:
    """A played log as the database has it so far."""

    log_id: int
    reference: str
    assessment: int | None = None
    resourced: bool = False


@dataclass(slots=True)
class Played:
    """What a played shift has written so far."""

    logs: int = 0
    events: int = 0
    assignments: int = 0
    closed: int = 0
    """Played logs closed by their `closed` event."""
    taken_over: int = 0
    """Played logs an operator closed first: the rest of their steps are left out."""

    @property
    def open(self) -> int:
        return self.logs - self.closed - self.taken_over


class LivePlayback:
    """Writes a played shift's steps, each step one transaction of the live repositories: the
    first step of a log takes the day's next reference and opens the log (state `open`, not
    graded), the later ones append their events and move the log, its assignments and the
    simulated units on (`record`, `arrive`, `clear`, `divert`, `set_status`), as dispatch
    does. The rows are built by the same pieces as the bulk writer's, the events are the
    domain's (`domain/simulation/history.py`), so a played log ends as a written one would.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.played = Played()
        self._logs: dict[int, _Playing] = {}
        self._left: set[int] = set()

    def log_id(self, key: int) -> int | None:
        """The database id of the played log `key`, once opened."""
        playing = self._logs.get(key)
        return playing.log_id if playing else None

    def write(
        self, key: int, log: HistoryLog, events: Sequence[HistoryEvent], *, opens: bool
    ) -> None:
        """Write one step of the log `key` (its index in the shift): all of it or nothing."""
        if key in self._left:
            return
        counts = Played()
        with self.store.unit_of_work() as uow:
            session = uow.session
            if opens:
                values = _log_values(
                    log, uow.logs.next_sequence(log.day, Series.LIVE), closed=False
                )
                log_id = session.execute(insert(LogRow).values(values).returning(LogRow.id))
                playing = _Playing(int(log_id.scalar_one()), values["reference"])
                session.execute(insert(ContactRow).values(_contact_values(log, playing.log_id)))
                counts.logs = 1
            else:
                playing = self._logs[key]
                state = session.scalar(select(LogRow.state).where(LogRow.id == playing.log_id))
                if state != "open":  # an operator closed it on the board: it is theirs now
                    self._left.add(key)
                    self.played.taken_over += 1
                    return
            for event in events:
                playing, changes = _step(uow, log, playing, event, counts)
                payload = _payload(event, playing.reference, playing.assessment)
                uow.logs.record(
                    playing.log_id,
                    event.type,
                    payload,
                    operator_id=None,
                    at=event.at,
                    changes=changes,
                )
                counts.events += 1
            uow.commit()
        self._logs[key] = playing
        self.played.logs += counts.logs
        self.played.events += counts.events
        self.played.assignments += counts.assignments
        self.played.closed += counts.closed


def _step(
    uow: UnitOfWork, log: HistoryLog, playing: _Playing, event: HistoryEvent, counts: Played
) -> tuple[_Playing, dict[str, Any]]:
    """The rows one event of a played log writes besides itself, and the log's changes."""
    session, at, kind = uow.session, event.at, event.type
    changes: dict[str, Any] = {}
    unit = str(event.payload.get("unit") or "")
    if kind is EventType.THRIVE_RECORDED:
        values = _assessment_values(log, playing.log_id)
        made = session.execute(
            insert(ThriveAssessmentRow).values(values).returning(ThriveAssessmentRow.id)
        )
        playing = replace(playing, assessment=int(made.scalar_one()))
    elif kind is EventType.GRADED:
        assessment = playing.assessment or 0
        session.execute(
            insert(GradingDecisionRow).values(_decision_values(log, playing.log_id, assessment))
        )
        changes = {"grade": log.grade.value, "graded_at": at, "deadline": log.deadline}
    elif kind is EventType.UNIT_ASSIGNED:
        _free(uow, unit, playing.log_id, log.grade, at)
        sent = HistoryAssignment(
            unit, float(event.payload["eta_minutes"]), at, None, None, "assigned"
        )
        session.execute(insert(AssignmentRow).values(_assignment_values(playing.log_id, sent)))
        counts.assignments += 1
        _on_log(uow, unit, UnitStatus.EN_ROUTE, at, playing.log_id, log.grade)
    elif kind is EventType.UNIT_AT_SCENE:
        uow.assignments.arrive(playing.log_id, unit, at)
        _on_log(uow, unit, UnitStatus.AT_SCENE, at, playing.log_id, log.grade)
    elif kind is EventType.UNIT_CLEARED:
        uow.assignments.clear(playing.log_id, unit, at)
        # not already sent on (a tie in time) or taken by the board
        if _job(uow, unit) == playing.log_id:
            uow.units.set_status(unit, status=int(UnitStatus.ON_PATROL), at=at)
    elif kind is EventType.UNIT_DIVERTED_AWAY:
        uow.assignments.divert(playing.log_id, unit, at)  # its next assignment moves the unit
    elif kind is EventType.CLOSED:
        changes = {
            "state": "closed",
            "closed_at": at,
            "result_code": log.result_code,
            "crime_recorded": log.crime_disclosed,
        }
        counts.closed += 1
    if kind in _RESOURCING and not playing.resourced:
        changes["resourced_at"] = at
        playing = replace(playing, resourced=True)
    return playing, changes


def _on_log(
    uow: UnitOfWork, unit: str, status: UnitStatus, at: datetime, log_id: int, grade: Grade
) -> None:
    """The unit moves to `status` on the played log (en route, at scene)."""
    uow.units.set_status(unit, status=int(status), at=at, log_id=log_id, grade=grade.value)


def _job(uow: UnitOfWork, unit: str) -> int | None:
    """The log the unit is on as the board has it, if any."""
    return uow.session.scalar(select(UnitRow.log_id).where(UnitRow.call_sign == unit))


def _free(uow: UnitOfWork, unit: str, log_id: int, grade: Grade, at: datetime) -> None:
    """A unit the simulation sends while the board has it on another log (left there by an
    earlier playback stopped or ended with that log open, or sent by an operator) is diverted
    away from that log first, as dispatch would: no unit is ever on two logs."""
    job = _job(uow, unit)
    if job is None or job == log_id or unit not in uow.assignments.units_on(job):
        return
    uow.assignments.divert(job, unit, at)
    event = diverted(unit, at, grade, f"{unit} taken for a simulated {grade.value}")
    uow.logs.record(job, event.type, event.payload, operator_id=None, at=at)


_RESOURCING = frozenset({EventType.UNIT_ASSIGNED, EventType.QUEUED, EventType.APPOINTMENT_BOOKED})
"""The events that resource a log: its first one is the log's `resourced_at`."""
