"""Sending units: recommendation, the atomic claim, diversion, and the unit's status after.

Two operators may pick the same unit in the same second. The claim is one conditional UPDATE
whose row count says who won; the loser is told plainly and offered the next recommendation.
A diverted unit's former log goes back to the queue with an event that says why.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from pydantic import BaseModel

from wmp_tui.domain.allocation import (
    DispatchRequest,
    Recommendation,
    eta_minutes,
    may_take,
    recommend,
)
from wmp_tui.domain.dispatch_policy import DispatchPolicy, Resource
from wmp_tui.domain.events import UnitAssigned, UnitDivertedAway, UnitStatusChanged
from wmp_tui.domain.facts import Facts
from wmp_tui.domain.log import EventType, Log, LogState
from wmp_tui.domain.operators import Action, Operator
from wmp_tui.domain.units import check_status_change, marks_arrival, status_label
from wmp_tui.domain.vocabulary import Grade, IncidentType, Npu, UnitStatus
from wmp_tui.services.errors import Refused
from wmp_tui.services.permissions import require
from wmp_tui.services.room import Room
from wmp_tui.store.claim import Claim, claim
from wmp_tui.store.retry import retry_transient
from wmp_tui.store.units import UnitOnBoard
from wmp_tui.store.uow import UnitOfWork

JUST_NOW = timedelta(minutes=2)


class DiversionNeedsConfirmation(Refused):
    """The unit is on a lower-grade job: the operator must confirm the cost of diverting it."""


class Dispatched(BaseModel):
    reference: str
    call_sign: str
    eta_minutes: float | None
    diverted_from: str | None = None


def _unit_named(uow: UnitOfWork, call_sign: str) -> UnitOnBoard:
    """The unit with this call sign (as typed); Refused naming it when there is none."""
    units = uow.units.by_call_signs([call_sign.strip().upper()])
    if not units:
        raise Refused(f"No unit {call_sign.strip()}: check the call sign.")
    return units[0]


def _open_log(uow: UnitOfWork, reference: str) -> Log:
    return _checked_open(uow.logs.by_reference(reference), reference)


def _checked_open(log: Log | None, reference: str) -> Log:
    if log is None:
        raise Refused(f"No log {reference.strip()}: check the reference.")
    if log.state != LogState.OPEN:
        raise Refused(f"Log {log.reference} is closed.")
    return log


def _graded(log: Log) -> Grade:
    if log.grade is None:
        raise Refused(f"Log {log.reference} is not graded yet: complete THRIVE+ and grade it.")
    return Grade(log.grade)


def _request(uow: UnitOfWork, log: Log, grade: Grade) -> DispatchRequest:
    return _request_from(log, grade, *uow.logs.dispatch_context(log.id))


def _request_from(
    log: Log, grade: Grade, resource: str | None, facts_json: dict[str, Any] | None
) -> DispatchRequest:
    """What the recommendation needs: the grade, who takes it, where, and any weapon."""
    facts = Facts.model_validate(facts_json) if facts_json else Facts()
    incident = log.incident_type
    return DispatchRequest(
        grade=grade,
        resource=Resource(resource) if resource else None,
        lat=log.lat,
        lon=log.lon,
        npu=Npu(log.npu) if log.npu else None,
        incident_type=(
            IncidentType(incident) if incident in IncidentType._value2member_map_ else None
        ),
        weapon=facts.threat.weapon,
        violence=facts.threat.violence,
    )


def recommendations(
    room: Room, reference: str, *, another_arv: bool = False
) -> list[Recommendation]:
    """The units to send to this log, best first, each with its ETA and why. Once an ARV
    is on the log no further ARV is suggested, unless the operator asks (`another_arv`)."""
    with room.store.unit_of_work(read_only=True) as uow:
        return recommendations_for(uow, room, _open_log(uow, reference), another_arv=another_arv)


def recommendations_for(
    uow: UnitOfWork, room: Room, log: Log, *, another_arv: bool = False
) -> list[Recommendation]:
    """`recommendations` for an open log, inside a unit of work the caller holds."""
    log = _checked_open(log, log.reference)
    arv_on_log = uow.units.arv_on_log(log.id, room.policies.dispatch.arv.type)
    request = _request(uow, log, _graded(log)).model_copy(
        update={"arv_on_log": arv_on_log, "arv_asked": another_arv}
    )
    policy = room.policies.dispatch
    return recommend(request, uow.units.candidates(_candidate_statuses(policy)), policy)


def _candidate_statuses(policy: DispatchPolicy) -> list[int]:
    """Statuses a recommendation can ever pick from: deployable, or divertible."""
    return sorted({*map(int, policy.statuses.deployable), int(policy.diversion.status)})


class _Unavailable(Exception):
    """The unit cannot go; raised inside the transaction, explained after it has ended."""


def send(
    room: Room,
    operator: Operator,
    reference: str,
    call_sign: str,
    *,
    confirm_diversion: bool = False,
) -> Dispatched:
    """Assign a unit to a log, atomically; refuses plainly if it is no longer free, and
    offers the best unit that is (looked up after the transaction, so no lock waits on it)."""
    try:
        return _claim(room, operator, reference, call_sign, confirm_diversion)
    except _Unavailable as unavailable:
        options = recommendations(room, reference)
        if options:
            best = options[0]
            raise Refused(f"{unavailable}. Next best: {best.unit_id}, {best.why}") from None
        raise Refused(f"{unavailable}, and no other suitable unit is free.") from None


@retry_transient
def _claim(
    room: Room, operator: Operator, reference: str, call_sign: str, confirm_diversion: bool
) -> Dispatched:
    require(operator, Action.DISPATCH)
    policy = room.policies.dispatch
    at = room.clock.now()
    with room.store.unit_of_work() as uow:
        unit = _unit_named(uow, call_sign)
        committed = unit.status == UnitStatus.COMMITTED_DEPLOYABLE
        # Logs first, in id order, then the unit: the one lock order every service keeps. The
        # log, the unit's current job (a diversion) and what dispatch needs come in one read.
        locked = uow.logs.lock_for_dispatch(reference, also=unit.log_id if committed else None)
        wanted = reference.strip().upper()
        target = next((row for row in locked if row.log.reference == wanted), None)
        log = _checked_open(target.log if target else None, reference)
        grade = _graded(log)
        if unit.log_id == log.id:
            raise Refused(f"{unit.id} is already on {log.reference}.")
        if not may_take(unit, grade, policy):
            raise _Unavailable(_why_unavailable(room, uow, grade, unit, operator))
        diverted_from = next((row.log for row in locked if row.log.id != log.id), None)
        if diverted_from is not None and not confirm_diversion:
            raise DiversionNeedsConfirmation(
                f"{unit.id} is on {diverted_from.reference} ({diverted_from.grade}): diverting "
                f"it leaves that log unresourced. Confirm to divert it to this {grade.value}."
            )
        assert target is not None  # _checked_open has refused a missing log
        request = _request_from(log, grade, target.resource, target.facts)
        eta = _eta(request, unit, room)
        if diverted_from is not None:  # its old log's event comes first, as it happened
            _divert_away(uow, diverted_from, unit.id, log, operator, at)
        won = claim(
            uow.units,
            uow.logs,
            Claim(
                call_sign=unit.id,
                expected_version=unit.version,
                status=int(UnitStatus.EN_ROUTE),
                log_id=log.id,
                grade=grade.value,
                eta_minutes=eta,
                operator_id=operator.id,
                at=at,
                payload=UnitAssigned(
                    unit=unit.id,
                    eta_minutes=eta,
                    diverted_from=diverted_from.reference if diverted_from else None,
                    policy_version=policy.version,
                ),
                resourced=not log.resourced_at,
            ),
        )
        if not won:
            raise _Unavailable(f"{unit.id} was just dispatched by another operator")
        uow.commit()
        return Dispatched(
            reference=log.reference,
            call_sign=unit.id,
            eta_minutes=eta,
            diverted_from=diverted_from.reference if diverted_from else None,
        )


def _eta(request: DispatchRequest, unit: UnitOnBoard, room: Room) -> float | None:
    """Every unit sent has its ETA recorded: an ARV too, which `recommend` lists only beside
    an attending unit."""
    return eta_minutes(request, unit, room.policies.dispatch)


def _divert_away(
    uow: UnitOfWork, former: Log, call_sign: str, to: Log, operator: Operator, at: Any
) -> None:
    """End the unit's old assignment; the old log goes back to the queue if now unresourced."""
    uow.assignments.divert(former.id, call_sign, at)
    still_resourced = uow.assignments.anyone_on(former.id, except_unit=call_sign)
    uow.logs.record(
        former.id,
        EventType.UNIT_DIVERTED_AWAY,
        UnitDivertedAway(
            unit=call_sign,
            to=to.reference,
            to_grade=to.grade,
            why=f"{call_sign} diverted to {to.grade} {to.reference}",
            back_to_queue=not still_resourced,
        ),
        operator_id=operator.id,
        at=at,
        changes={} if still_resourced else {"resourced_at": None},
    )


def _why_unavailable(
    room: Room, uow: UnitOfWork, grade: Grade, unit: UnitOnBoard, operator: Operator
) -> str:
    """Why this unit cannot take this grade now, in the words the operator needs."""
    latest = uow.assignments.last_of(unit.id)
    just_taken = (
        latest is not None
        and latest.log_id == unit.log_id
        and latest.operator_id != operator.id
        and room.clock.now() - latest.assigned_at <= JUST_NOW
    )
    if just_taken:
        return f"{unit.id} was just dispatched by another operator"
    if unit.log_id is not None and unit.current_grade is not None:
        return (
            f"{unit.id} is {status_label(unit.status)} on a {unit.current_grade.value} and "
            f"cannot take a {grade.value}"
        )
    return f"{unit.id} is {status_label(unit.status)} and cannot take a {grade.value}"


@retry_transient
def update_status(
    room: Room, operator: Operator, call_sign: str, status: UnitStatus
) -> UnitOnBoard:
    """A unit's status change: 6 records arrival on its log; 1–3 clear it from its log.

    Dispatchers and supervisors change a unit's status; anyone may relay a status 0 (an
    officer needs help now). In a training room the drill moves the board as the trainee.
    A unit leaving an open log that then has no unit leaves it unresourced again at once,
    so its escalation flag comes back (an open log is resourced or closed).
    """
    if status != UnitStatus.EMERGENCY and not room.training:
        require(operator, Action.CHANGE_UNIT_STATUS)
    at = room.clock.now()
    with room.store.unit_of_work() as uow:
        unit = _unit_named(uow, call_sign)
        try:
            check_status_change(unit.status, status)
        except ValueError as problem:
            raise Refused(f"{unit.id}: {problem}.") from None
        if unit.log_id is not None:
            uow.logs.lock([unit.log_id])
        clears = status in (UnitStatus.ON_DUTY, UnitStatus.ON_PATROL, UnitStatus.AT_STATION)
        log_id = None if clears or status == UnitStatus.OFF_DUTY else unit.log_id
        grade = unit.current_grade.value if unit.current_grade and log_id else None
        if not uow.units.set_status(
            unit.id,
            status=int(status),
            at=at,
            log_id=log_id,
            grade=grade,
            expected_version=unit.version,
        ):
            raise Refused(f"{unit.id} changed a moment ago: look again and retry.")
        if unit.log_id is not None:
            _status_on_log(uow, unit, status, log_id is None, operator, at)
        uow.commit()
    # What the UPDATE wrote, without reading the row back (a second transaction).
    return replace(
        unit,
        status=status,
        status_since=at,
        log_id=log_id,
        current_grade=Grade(grade) if grade else None,
        version=unit.version + 1,
    )


def _status_on_log(
    uow: UnitOfWork,
    unit: UnitOnBoard,
    status: UnitStatus,
    cleared: bool,
    operator: Operator,
    at: Any,
) -> None:
    assert unit.log_id is not None
    changes: dict[str, Any] = {}
    if cleared:
        event = EventType.UNIT_CLEARED
        uow.assignments.clear(unit.log_id, unit.id, at)
        if not uow.assignments.anyone_on(unit.log_id):
            changes["resourced_at"] = None
    elif marks_arrival(status):
        event = EventType.UNIT_AT_SCENE
        uow.assignments.arrive(unit.log_id, unit.id, at)
    elif status == UnitStatus.EN_ROUTE:
        event = EventType.UNIT_EN_ROUTE
    else:
        event = EventType.NOTE_ADDED
    uow.logs.record(
        unit.log_id,
        event,
        UnitStatusChanged(type=event, unit=unit.id, status=int(status), label=status_label(status)),
        operator_id=operator.id,
        at=at,
        changes=changes,
    )
