"""Logs, units and alarms for the board and log-view tests, made through the real services
(or, for the 2,000-row board, inserted in bulk with the same columns the services write)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update

from tests.services.conftest import complete
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.log import Log, reference_day
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.vocabulary import Grade, IncidentType, Npu, UnitType
from wmp_tui.services import grading, intake
from wmp_tui.services.room import Room
from wmp_tui.store.tables import LogEventRow, LogRow, UnitRow
from wmp_tui.store.uow import Store

ASSAULT = {
    "threat": {"in_progress": True, "offender_present": "yes", "violence": "used"},
    "harm": {"injury": "minor", "harm_types": ["physical"]},
    "investigation": {"crime": True, "suspect": "described"},
}
"""P1: violence used, happening now, offender there; a crime is disclosed."""
ASSAULT_EARLIER = {
    "threat": {"offender_present": "no", "violence": "used", "minutes_since": 30},
    "harm": {"injury": "minor", "harm_types": ["physical"]},
    "investigation": {"crime": True, "suspect": "described"},
}
"""P2: violence within the hour, offender gone."""
BURGLARY = {
    "threat": {"offender_present": "no", "minutes_since": 600},
    "harm": {"harm_types": ["property"]},
    "investigation": {"crime": True, "lines_of_enquiry": ["forensic"], "needs_attendance": True},
}
"""P3: a dwelling burglary with a forensic line of enquiry."""
NOISE = {"engagement": {"resolvable_by_advice": True}, "prevention": {"partner": "council"}}
"""P9: advice and signposting to the council."""


def graded(
    room: Room,
    operator: Operator,
    incident_type: str,
    facts: dict[str, Any],
    *,
    address: str = "Touchwood",
    npu: str = "SH",
    lat: float = 52.4128,
    lon: float = -1.7781,
    narrative: str = "",
) -> Log:
    """A call taken, THRIVE+ recorded and graded at the room's clock."""
    log = intake.take_call(
        room.store,
        room.clock,
        operator,
        CallDetails(
            channel="999",
            incident_type=incident_type,
            address=address,
            npu=npu,
            lat=lat,
            lon=lon,
            narrative=narrative,
        ),
        training=room.training,
    )
    grading.record_thrive(room, operator, log.reference, complete(room, incident_type, facts))
    grading.grade(room, operator, log.reference)
    return intake.get_log(room.store, log.reference)


def burglary_to_grade(room: Room, operator: Operator) -> Log:
    """A dwelling burglary taken and its complete THRIVE+ recorded, not yet graded (a P3)."""
    log = intake.take_call(
        room.store,
        room.clock,
        operator,
        CallDetails(
            channel="101", incident_type="burglary_dwelling", address="Touchwood", npu="SH"
        ),
    )
    grading.record_thrive(
        room, operator, log.reference, complete(room, "burglary_dwelling", BURGLARY)
    )
    return log


def fix_unit_clocks(store: Store, at: datetime) -> None:
    """Seeded units start 'now' by the wall clock; tests and snapshots need a fixed time."""
    with store.unit_of_work() as uow:
        uow.session.execute(update(UnitRow).values(status_since=at))
        uow.commit()


def bulk_board(store: Store, at: datetime, *, logs: int = 2000, units: int = 2000) -> None:
    """Replace the seeded units with `units` units and add `logs` open graded logs, each with
    its `created` and `graded` events, in a few bulk statements."""
    npus = [n.value for n in Npu]
    kinds = [t.value for t in UnitType]
    incident_types = [t.value for t in IncidentType]
    grades = [g.value for g in Grade]
    day = reference_day(at - timedelta(days=1))  # a day of its own: no clash with today's logs
    with store.unit_of_work() as uow:
        session = uow.session
        session.execute(update(UnitRow).values(log_id=None))
        session.execute(delete(UnitRow))
        session.execute(
            insert(UnitRow),
            [
                {
                    "call_sign": f"{npus[i % 8]}-X{i:04d}",
                    "type": kinds[i % len(kinds)],
                    "npu": npus[i % 8],
                    "skills": "",
                    "status": 1 + i % 10,
                    "status_since": at - timedelta(minutes=i % 300),
                    "lat": 52.35 + (i % 35) / 100,
                    "lon": -2.25 + (i % 85) / 100,
                    "version": 1,
                }
                for i in range(units)
            ],
        )
        session.execute(
            insert(LogRow),
            [
                {
                    "reference": f"{day}-{i + 1:04d}",
                    "day": day,
                    "series": "live",
                    "seq": i + 1,
                    "training": False,
                    "channel": "999",
                    "incident_type": incident_types[i % len(incident_types)],
                    "address": f"{i} High Street",
                    "npu": npus[i % 8],
                    "state": "open",
                    "grade": grades[i % 9],
                    "graded_at": at - timedelta(minutes=i % 240),
                    "created_at": at - timedelta(minutes=i % 240, seconds=30),
                    "last_update_at": at - timedelta(minutes=i % 240),
                }
                for i in range(logs)
            ],
        )
        ids = session.scalars(select(LogRow.id).where(LogRow.day == day)).all()
        session.execute(
            insert(LogEventRow),
            [
                {"log_id": log_id, "type": kind, "payload": {}, "operator_id": None, "at": at}
                for log_id in ids
                for kind in ("created", "graded")
            ],
        )
        uow.commit()


def rethrived(room: Room, operator: Operator, log: Log, facts: dict[str, Any]) -> None:
    """A complete re-THRIVE on the log at the room's clock: what a close needs (DOMAIN.md §3)."""
    grading.record_thrive(room, operator, log.reference, complete(room, log.incident_type, facts))
