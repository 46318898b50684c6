"""The board's filter (parsed by the domain) as WHERE clauses on the log and unit queries."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, or_, select

from wmp_tui.domain.board_filter import BoardFilter, incident_types
from wmp_tui.domain.vocabulary import UnitStatus
from wmp_tui.store.tables import LogRow, UnitRow

AnySelect = Select[*tuple[Any, ...]]
Q = TypeVar("Q", bound=AnySelect)


def on_logs(where: BoardFilter, query: Q) -> Q:
    """The open-log query narrowed by the filter (statuses and unit types do not apply)."""
    if where.grades:
        query = query.where(LogRow.grade.in_(sorted(where.grades)))
    if where.npus:
        query = query.where(LogRow.npu.in_(sorted(where.npus)))
    for word in where.words:
        on_unit = select(UnitRow.log_id).where(
            UnitRow.call_sign.contains(word.upper(), autoescape=True),
            UnitRow.log_id.is_not(None),
        )
        query = query.where(
            or_(
                LogRow.reference.contains(word.upper(), autoescape=True),
                LogRow.address.icontains(word, autoescape=True),
                LogRow.incident_type.in_(sorted(incident_types(word.lower()))),
                LogRow.id.in_(on_unit),
            )
        )
    return query


def on_units(where: BoardFilter, query: Q) -> Q:
    """The unit query (joined to the unit's log) narrowed by the filter."""
    if where.grades:
        query = query.where(UnitRow.current_grade.in_(sorted(where.grades)))
    if where.npus:
        query = query.where(UnitRow.npu.in_(sorted(where.npus)))
    if where.statuses:
        query = query.where(UnitRow.status.in_(sorted(where.statuses)))
    else:
        query = query.where(UnitRow.status != int(UnitStatus.OFF_DUTY))
    if where.unit_types:
        query = query.where(UnitRow.type.in_(sorted(where.unit_types)))
    for word in where.words:
        query = query.where(
            or_(
                UnitRow.call_sign.contains(word.upper(), autoescape=True),
                LogRow.reference.contains(word.upper(), autoescape=True),
                LogRow.incident_type.in_(sorted(incident_types(word.lower()))),
            )
        )
    return query
