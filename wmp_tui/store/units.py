"""Units on the board: the light rows a recommendation ranks, and their status changes."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from wmp_tui.domain.units import Unit
from wmp_tui.domain.vocabulary import Grade, Npu, Skill, UnitStatus, UnitType
from wmp_tui.store.connection import core
from wmp_tui.store.tables import (
    UnitRow,
)

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

    def regrade_on_log(self, log_id: int, grade: str) -> None:
        """The units on a log take its new grade (what a diversion and the board read); each
        one's version moves, so a claim made on the old grade is refused."""
        core(self.session).execute(
            update(UnitRow)
            .where(UnitRow.log_id == log_id, UnitRow.current_grade != grade)
            .values(current_grade=grade, version=UnitRow.version + 1)
        )

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
