"""Every table round-trips on both backends, and the seed is idempotent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from wmp_tui.domain.log import Series
from wmp_tui.domain.vocabulary import OperatorRole, UnitStatus
from wmp_tui.store.seed import load_seed
from wmp_tui.store.tables import (
    AppointmentRow,
    AssignmentRow,
    Base,
    CallerRow,
    ContactRow,
    DraftCallRow,
    DrillRunRow,
    DrillScenarioRow,
    GradingDecisionRow,
    LocationRow,
    NpuRow,
    OperatorRow,
    ThriveAssessmentRow,
    UnitRow,
)
from wmp_tui.store.uow import Store

AT = datetime(2026, 11, 23, 21, 15, 30, 123000, tzinfo=UTC)


def test_every_entity_round_trips(store: Store) -> None:
    with store.unit_of_work() as uow:
        session = uow.session
        operator = uow.operators.add("Round Trip", OperatorRole.SUPERVISOR, "00" * 16, "ab" * 32)
        caller = uow.callers.find_or_add("Ann Smith", "07700 900123")
        location = LocationRow(
            name="Test Place",
            search_name="test place",
            kind="landmark",
            npu="BW",
            lat=52.48,
            lon=-1.9,
            hotgrid=True,
        )
        unit = UnitRow(
            call_sign="BW-Z99",
            type="response",
            npu="BW",
            skills="taser first_aid",
            status=2,
            status_since=AT,
            lat=52.47,
            lon=-1.91,
        )
        session.add_all([location, unit])
        session.flush()
        log = uow.logs.create(
            day="20261123",
            series=Series.LIVE,
            at=AT,
            operator_id=operator.id,
            fields={
                "channel": "999",
                "incident_type": "violence",
                "caller_id": caller.id,
                "location_id": location.id,
                "npu": "BW",
                "lat": 52.48,
                "lon": -1.9,
            },
        )
        assessment = ThriveAssessmentRow(
            log_id=log.id,
            facts={"threat": {"in_progress": True}},
            rationales={"threat": "fight now"},
            answered=["t1"],
            complete=False,
            recorded_at=AT,
            operator_id=operator.id,
        )
        session.add(assessment)
        session.flush()
        scenario = DrillScenarioRow(code="RT-1", title="Round trip", body={"steps": [1, 2]})
        session.add(scenario)
        session.flush()
        rows = [
            ContactRow(
                log_id=log.id,
                caller_id=caller.id,
                channel="999",
                relationship="victim",
                received_at=AT,
                operator_id=operator.id,
            ),
            GradingDecisionRow(
                log_id=log.id,
                assessment_id=assessment.id,
                proposed_grade="P1",
                grade="P1",
                category="immediate",
                resource="any",
                sla_minutes=15,
                policy_version="v1",
                reasons=["Violence is in progress."],
                decided_at=AT,
                operator_id=operator.id,
                authorised_by=operator.id,
                override_reason=None,
            ),
            AssignmentRow(
                log_id=log.id,
                call_sign="BW-Z99",
                eta_minutes=4.5,
                assigned_at=AT,
                operator_id=operator.id,
            ),
            AppointmentRow(
                log_id=log.id, call_sign="BW-Z99", starts_at=AT, ends_at=AT + timedelta(hours=1)
            ),
            DraftCallRow(operator_id=operator.id, body={"caller": "Ann"}, updated_at=AT),
            DrillRunRow(
                scenario_id=scenario.id,
                trainee_id=operator.id,
                log_id=log.id,
                started_at=AT,
                score={"grade": "exact"},
            ),
        ]
        session.add_all(rows)
        uow.commit()
        expected = {
            type(row): {c.key: getattr(row, c.key) for c in row.__table__.columns}
            for row in [location, unit, assessment, scenario, *rows]
        }
        caller_id, operator_id = caller.id, operator.id

    with store.unit_of_work(read_only=True) as uow:
        for table, values in expected.items():
            row = uow.session.get(table, values[table.__mapper__.primary_key[0].key])
            assert row is not None, table
            for key, value in values.items():
                assert getattr(row, key) == value, (table.__tablename__, key)
        caller_row = uow.session.get(CallerRow, caller_id)
        assert caller_row is not None and caller_row.phone == "07700900123"
        assert uow.callers.find_or_add("A. Smith", "07700-900-123").id == caller_id
        operator_row = uow.session.get(OperatorRow, operator_id)
        assert operator_row is not None and operator_row.role == "supervisor"
        log_row = uow.logs.by_reference("20261123-0001")
        assert log_row is not None and log_row.caller_id == caller_id
        assert {t.name for t in Base.metadata.sorted_tables} >= {"npu", "log", "log_event"}


def counts(store: Store) -> dict[str, int]:
    with store.unit_of_work(read_only=True) as uow:
        return {
            table.name: int(uow.session.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


def test_seed_is_complete_and_loading_it_again_adds_nothing(store: Store) -> None:
    before = counts(store)
    assert before["npu"] == 8
    assert before["location"] >= 300
    assert before["unit"] >= 400
    assert before["operator"] >= 4
    with store.unit_of_work(read_only=True) as uow:
        types = set(uow.session.scalars(select(UnitRow.type).distinct()))
        roles = set(uow.session.scalars(select(OperatorRow.role).distinct()))
        npus_with_places = set(uow.session.scalars(select(LocationRow.npu).distinct()))
        assert len(uow.session.scalars(select(NpuRow)).all()) == 8
    assert types >= {
        "response",
        "neighbourhood",
        "pcso",
        "fsu",
        "psi",
        "initial_investigation",
        "traffic",
        "arv",
        "dog",
    }
    assert roles == {role.value for role in OperatorRole}
    assert npus_with_places == {"BE", "BW", "CV", "DY", "SH", "SW", "WS", "WV"}
    load_seed(store.engine)
    assert counts(store) == before


def test_a_unit_can_be_claimed_once(store: Store) -> None:
    with store.unit_of_work() as uow:
        log = uow.logs.create(
            day="20261123",
            series=Series.LIVE,
            at=AT,
            operator_id=None,
            fields={"channel": "999", "incident_type": "violence"},
        )
        call_sign = uow.session.scalars(
            select(UnitRow.call_sign).where(UnitRow.status == 2).limit(1)
        ).one()
        uow.commit()
    with store.unit_of_work(read_only=True) as uow:
        version = uow.units.by_call_signs([call_sign])[0].version
    claims = []
    for _ in range(2):
        with store.unit_of_work() as uow:
            claims.append(
                uow.units.set_status(
                    call_sign,
                    status=UnitStatus.EN_ROUTE,
                    at=AT,
                    log_id=log.id,
                    grade="P1",
                    expected_version=version,
                )
            )
            uow.commit()
    assert claims == [True, False]
    with store.unit_of_work(read_only=True) as uow:
        unit = uow.units.by_call_signs([call_sign])[0]
        assert unit.status == UnitStatus.EN_ROUTE and unit.log_id == log.id
        assert unit.current_grade == "P1" and unit.version == version + 1
