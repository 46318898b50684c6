"""Writing a simulated past in bulk: logs, their events, assessments, decisions, assignments.

A year is about 825,000 logs and five million events, so rows go in with one multi-row INSERT
per table per batch, ids given explicitly from the table's current maximum (and PostgreSQL's
sequences moved past them afterwards, as the seed loader does). Each batch is one
transaction: a failure leaves whole batches or nothing. References take the next numbers of
their day, as a live log would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from wmp_tui.domain.chain import GENESIS, event_hash
from wmp_tui.domain.log import Series, format_reference
from wmp_tui.domain.simulation.history import HistoryLog
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


def _write(engine: Engine, chunk: list[HistoryLog], written: Written) -> None:
    with engine.begin() as connection:
        ids = _next_ids(connection)
        first_log = ids["log"]
        days = {log.day for log in chunk}
        last = _sequences(connection, days)
        before = dict(last)
        rows: dict[str, list[dict[str, Any]]] = {t.__tablename__: [] for t in _WITH_IDS}
        for log in chunk:
            log_id = ids["log"]
            ids["log"] += 1
            last[log.day] += 1
            seq = last[log.day]
            rows["log"].append(
                {
                    "id": log_id,
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
            )
            rows["contact"].append(
                {
                    "id": ids["contact"],
                    "log_id": log_id,
                    "caller_id": None,
                    "channel": log.channel,
                    "relationship": "",
                    "received_at": log.created_at,
                    "operator_id": None,
                }
            )
            ids["contact"] += 1
            assessment = ids["thrive_assessment"]
            ids["thrive_assessment"] += 1
            rows["thrive_assessment"].append(
                {
                    "id": assessment,
                    "log_id": log_id,
                    "facts": log.facts,
                    "rationales": log.rationales,
                    "answered": [],
                    "complete": True,
                    "recorded_at": log.graded_at,
                    "operator_id": None,
                }
            )
            decision = log.decision
            rows["grading_decision"].append(
                {
                    "id": ids["grading_decision"],
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
            )
            ids["grading_decision"] += 1
            previous = GENESIS
            for event in log.events:
                payload = event.payload
                if event.type == "thrive_recorded":
                    payload = {**payload, "assessment": assessment}
                elif event.type == "created":
                    payload = {**payload, "reference": format_reference(log.day, seq)}
                # Chained like every live event, so `wmp-tui db audit` verifies a simulated past.
                previous = event_hash(log_id, event.type.value, payload, None, event.at, previous)
                rows["log_event"].append(
                    {
                        "id": ids["log_event"],
                        "log_id": log_id,
                        "type": event.type.value,
                        "payload": payload,
                        "operator_id": None,
                        "at": event.at,
                        "hash": previous,
                    }
                )
                ids["log_event"] += 1
            for sent in log.assignments:
                rows["assignment"].append(
                    {
                        "id": ids["assignment"],
                        "log_id": log_id,
                        "call_sign": sent.call_sign,
                        "state": sent.state,
                        "eta_minutes": sent.eta_minutes,
                        "assigned_at": sent.assigned_at,
                        "arrived_at": sent.arrived_at,
                        "ended_at": sent.ended_at,
                        "operator_id": None,
                    }
                )
                ids["assignment"] += 1
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
