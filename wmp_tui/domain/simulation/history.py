"""A simulated past as the log records it: logs, their events and the units sent.

The events are the ones the live services write, with the same payload shapes (created,
thrive_recorded, graded, unit_assigned, unit_en_route, unit_at_scene, unit_cleared,
unit_diverted_away, appointment_booked, queued, advice_given, closed), so that the board, the
log view and `wmp-tui report` read a simulated past exactly as they read a real one. Only
logs closed before `end` are kept: history, not work in progress; or, for a shift played onto
the live board (`playing`), every log created before `end`, its times divided by the speed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from wmp_tui.domain.grading import Decision
from wmp_tui.domain.log import EventType, reference_day
from wmp_tui.domain.simulation.calls import GradedTemplate
from wmp_tui.domain.simulation.outcome import Assignment, Outcome
from wmp_tui.domain.thrive import Dimension
from wmp_tui.domain.units import status_label
from wmp_tui.domain.vocabulary import Channel, Grade, ResultCode, UnitStatus

ANSWERING: dict[Channel, tuple[float, float]] = {
    Channel.EMERGENCY: (5.0, 0.55),
    Channel.NON_EMERGENCY: (90.0, 1.0),
    Channel.LIVECHAT: (60.0, 0.9),
    Channel.ONLINE: (120.0, 1.0),
}
"""How long a contact waits to be answered, per channel: a log-normal time, (median seconds,
spread). Illustrative, not measured: about 9 in 10 999 calls within the 10 s standard, and
three in four 101 calls, nine in ten chats and two in three online reports within 3 min."""
ANSWER_SEED = 2019
"""The times to answer are drawn in the run's order of logs from this seed: each log keeps
its time however far the history is written."""
LONGEST_ANSWER = 3600


def answer_seconds(draw: random.Random, channel: Channel) -> int:
    """A contact's time to answer, in whole seconds (1 s to an hour)."""
    median, spread = ANSWERING[channel]
    seconds = draw.lognormvariate(math.log(median), spread)
    return max(1, min(LONGEST_ANSWER, round(seconds)))


QUEUE_OWNERS = {
    Grade.P5: "Force Initial Investigation team",
    Grade.P7: "Force Support Unit",
}


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    type: EventType
    at: datetime
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class HistoryAssignment:
    call_sign: str
    eta_minutes: float
    assigned_at: datetime
    arrived_at: datetime | None
    ended_at: datetime | None
    state: str
    """`cleared`, or `diverted` when the unit was taken off to a P1."""


@dataclass(frozen=True, slots=True)
class HistoryLog:
    """One closed log of the simulated past, with everything the store writes for it."""

    day: str
    channel: str
    incident_type: str
    narrative: str
    npu: str
    lat: float
    lon: float
    grade: Grade
    template: int
    created_at: datetime
    graded_at: datetime
    resourced_at: datetime | None
    closed_at: datetime
    result_code: str
    crime_disclosed: bool
    facts: dict[str, Any]
    """The THRIVE+ facts as the assessment row keeps them (shared by a template's logs)."""
    rationales: dict[str, str]
    decision: Decision
    events: list[HistoryEvent] = field(default_factory=list)
    assignments: list[HistoryAssignment] = field(default_factory=list)
    answered_seconds: int | None = None
    """How long the contact waited to be answered (also on its `created` event)."""
    deadline: datetime | None = None
    """Graded plus the grade's SLA (divided by the speed of a played shift), if it has one."""


def history(
    outcome: Outcome,
    templates: Sequence[GradedTemplate],
    start: datetime,
    end: datetime,
    policy_version: str,
    *,
    playing: bool = False,
    speed: float = 1.0,
) -> Iterator[HistoryLog]:
    """The counted logs of a run that closed before `end`, the run starting at `start`.

    `start` is the (aware) time of minute 0 of the counted days; the warm-up day before it
    loads the force and is never written. With `playing`, the logs created before `end`
    instead, closed or not (a shift played live stops at its end); every time is `start` plus
    the simulated minutes since minute 0 divided by `speed`, so a log played at ×60 lives a
    minute for each simulated hour, on the board's own clock.
    """
    if speed <= 0:
        raise ValueError("the speed must be more than 0")
    logs = outcome.logs
    warmup = outcome.warmup_days * 24 * 60
    sent: dict[int, list[Assignment]] = {}
    for assignment in outcome.assignments:
        sent.setdefault(assignment.log, []).append(assignment)
    units = outcome.units
    facts = [t.template.facts.model_dump(mode="json") for t in templates]
    rationales = [
        {dimension.value: f"Simulated call: {t.template.name}." for dimension in Dimension}
        for t in templates
    ]

    def at(minutes: float) -> datetime:
        return start + timedelta(minutes=(minutes - warmup) / speed)

    answers = random.Random(ANSWER_SEED)
    for index in range(len(logs)):
        answered = answer_seconds(answers, logs.channel[index])  # drawn for every log
        if not logs.counted[index]:
            continue
        closed = at(logs.closed[index])
        if (at(logs.created[index]) if playing else closed) >= end:
            continue
        graded_template = templates[logs.template[index]]
        template = graded_template.template
        decision = graded_template.decision
        grade = logs.grade[index]
        created = at(logs.created[index])
        graded = at(logs.graded[index])
        crime = template.facts.investigation.crime
        channel = logs.channel[index].value
        narrative = f"Simulated: {template.name}"
        lat = round(logs.lat[index], 5)
        lon = round(logs.lon[index], 5)
        fields: dict[str, Any] = {
            "channel": channel,
            "incident_type": template.incident_type.value,
            "narrative": narrative,
            "caller_id": None,
            "npu": logs.npu[index].value,
            "lat": lat,
            "lon": lon,
        }
        events = [
            HistoryEvent(EventType.CREATED, created, {**fields, "answered_seconds": answered}),
            HistoryEvent(
                EventType.THRIVE_RECORDED,
                graded,
                {"assessment": None, "complete": True, "missing": []},
            ),
            HistoryEvent(
                EventType.GRADED,
                graded,
                {
                    "grade": grade.value,
                    "proposed": decision.grade.value,
                    "previous": None,
                    "reasons": list(decision.reasons),
                    "policy_version": decision.policy_version,
                    "reason": None,
                    "authorised_by": None,
                    "downgrade": False,
                },
            ),
        ]
        assignments: list[HistoryAssignment] = []
        resourced: datetime | None = None
        for assignment in sent.get(index, []):
            unit = units[assignment.unit].id
            assigned = at(assignment.assigned)
            resourced = resourced or assigned
            events.append(
                HistoryEvent(
                    EventType.UNIT_ASSIGNED,
                    assigned,
                    {
                        "unit": unit,
                        "eta_minutes": assignment.eta_minutes,
                        "diverted_from": None,
                        "policy_version": policy_version,
                    },
                )
            )
            events.append(_status(EventType.UNIT_EN_ROUTE, assigned, unit, UnitStatus.EN_ROUTE))
            arrived = None if assignment.arrived is None else at(assignment.arrived)
            ended = None if assignment.cleared is None else at(assignment.cleared)
            if arrived is not None:
                events.append(_status(EventType.UNIT_AT_SCENE, arrived, unit, UnitStatus.AT_SCENE))
            state = "cleared"
            if ended is not None and assignment.left_for_p1:
                state = "diverted"
                events.append(diverted(unit, ended, Grade.P1, f"{unit} diverted to a P1"))
            elif ended is not None:
                events.append(_status(EventType.UNIT_CLEARED, ended, unit, UnitStatus.ON_PATROL))
            assignments.append(
                HistoryAssignment(unit, assignment.eta_minutes, assigned, arrived, ended, state)
            )
        acted = logs.acted[index]
        if acted is not None:
            when = at(acted)
            resourced = resourced or when
            events.append(
                _acted(grade, when, closed, logs.npu[index].value, decision.resource.value, speed)
            )
        if grade is Grade.P7:
            resourced = resourced or graded
            events.append(
                HistoryEvent(
                    EventType.QUEUED,
                    graded,
                    {"queue": QUEUE_OWNERS[Grade.P7], "resource": decision.resource.value},
                )
            )
        if grade is Grade.P9:
            events.append(
                HistoryEvent(EventType.ADVICE_GIVEN, closed, {"advice": ["crime_prevention"]})
            )
        result = ResultCode.CRIME_RECORDED if crime else ResultCode.ADVICE_GIVEN
        events.append(
            HistoryEvent(
                EventType.CLOSED,
                closed,
                {
                    "result": result.value,
                    "note": "simulated",
                    "duplicate_of": None,
                    "unrecorded_crime_reason": None,
                    "authorised_by": None,
                },
            )
        )
        events.sort(key=lambda e: e.at)
        yield HistoryLog(
            day=reference_day(created),
            channel=channel,
            incident_type=template.incident_type.value,
            narrative=narrative,
            npu=logs.npu[index].value,
            lat=lat,
            lon=lon,
            grade=grade,
            template=logs.template[index],
            created_at=created,
            graded_at=graded,
            resourced_at=resourced,
            closed_at=closed,
            result_code=result.value,
            crime_disclosed=crime,
            facts=facts[logs.template[index]],
            rationales=rationales[logs.template[index]],
            decision=decision,
            events=events,
            assignments=assignments,
            answered_seconds=answered,
            deadline=None
            if decision.sla_minutes is None
            else graded + timedelta(minutes=decision.sla_minutes / speed),
        )


def diverted(unit: str, at: datetime, to_grade: Grade, why: str) -> HistoryEvent:
    """The unit taken off its log for another job."""
    return HistoryEvent(
        EventType.UNIT_DIVERTED_AWAY,
        at,
        {"unit": unit, "to": None, "to_grade": to_grade.value, "why": why, "back_to_queue": False},
    )


def _status(kind: EventType, at: datetime, unit: str, status: UnitStatus) -> HistoryEvent:
    return HistoryEvent(
        kind, at, {"unit": unit, "status": int(status), "label": status_label(status)}
    )


def _acted(
    grade: Grade, at: datetime, closed: datetime, npu: str, resource: str, speed: float
) -> HistoryEvent:
    if grade is Grade.P4:
        # The appointment is the (simulated) hour before the log closes.
        starts = closed - timedelta(hours=1) / speed
        return HistoryEvent(
            EventType.APPOINTMENT_BOOKED,
            at,
            {"psi": None, "starts_at": starts.isoformat(), "ends_at": closed.isoformat()},
        )
    owner = QUEUE_OWNERS.get(grade, f"{npu} neighbourhood team")
    return HistoryEvent(EventType.QUEUED, at, {"queue": owner, "resource": resource})
