"""The claim writes the same rows and the same event on both backends, or nothing at all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from wmp_tui.domain.log import EventType, Series
from wmp_tui.domain.vocabulary import UnitStatus
from wmp_tui.store.claim import Claim, claim
from wmp_tui.store.tables import AssignmentRow, LogEventRow, LogRow, UnitRow
from wmp_tui.store.uow import Store

NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def _log(store: Store) -> int:
    with store.unit_of_work() as uow:
        log = uow.logs.create(
            day="20261123",
            series=Series.LIVE,
            at=NOON,
            operator_id=None,
            fields={"channel": "999", "incident_type": "violence"},
        )
        uow.commit()
        return log.id


def _free_unit(store: Store) -> tuple[str, int]:
    with store.unit_of_work(read_only=True) as uow:
        row = uow.session.scalars(
            select(UnitRow).where(UnitRow.status == 2, UnitRow.type == "response").limit(1)
        ).one()
        return row.call_sign, row.version


def _claim(store: Store, log_id: int, unit: str, version: int, at: datetime) -> bool:
    wanted = Claim(
        call_sign=unit,
        expected_version=version,
        status=int(UnitStatus.EN_ROUTE),
        log_id=log_id,
        grade="P1",
        eta_minutes=4.5,
        operator_id=None,
        at=at,
        payload={"unit": unit, "eta_minutes": 4.5, "diverted_from": None, "policy_version": "t"},
        resourced=True,
    )
    with store.unit_of_work() as uow:
        won = claim(uow.units, uow.logs, wanted)
        uow.commit()
        return won


def test_a_claim_assigns_the_unit_records_the_event_and_resources_the_log(store: Store) -> None:
    log_id = _log(store)
    unit, version = _free_unit(store)
    at = NOON + timedelta(minutes=1)
    assert _claim(store, log_id, unit, version, at)
    with store.unit_of_work(read_only=True) as uow:
        row = uow.session.get(UnitRow, unit)
        assert row is not None
        assert (row.status, row.log_id, row.current_grade, row.version) == (
            int(UnitStatus.EN_ROUTE),
            log_id,
            "P1",
            version + 1,
        )
        assert row.status_since == at
        assignment = uow.session.scalars(select(AssignmentRow)).one()
        assert (assignment.log_id, assignment.call_sign, assignment.state) == (
            log_id,
            unit,
            "assigned",
        )
        assert (assignment.eta_minutes, assignment.assigned_at) == (4.5, at)
        log = uow.session.get(LogRow, log_id)
        assert log is not None and log.resourced_at == at and log.last_update_at == at
        event = uow.session.scalars(
            select(LogEventRow).order_by(LogEventRow.id.desc()).limit(1)
        ).one()
        assert (event.log_id, event.type, event.at) == (log_id, EventType.UNIT_ASSIGNED, at)
        assert event.payload == {
            "unit": unit,
            "eta_minutes": 4.5,
            "diverted_from": None,
            "policy_version": "t",
        }


def test_a_claim_on_a_unit_changed_since_it_was_read_writes_nothing(store: Store) -> None:
    log_id = _log(store)
    unit, version = _free_unit(store)
    assert not _claim(store, log_id, unit, version - 1, NOON)
    with store.unit_of_work(read_only=True) as uow:
        row = uow.session.get(UnitRow, unit)
        assert row is not None and row.log_id is None and row.version == version
        assert uow.session.scalars(select(AssignmentRow)).first() is None
        types = uow.session.scalars(select(LogEventRow.type).where(LogEventRow.log_id == log_id))
        assert EventType.UNIT_ASSIGNED not in list(types)
        log = uow.session.get(LogRow, log_id)
        assert log is not None and log.resourced_at is None
