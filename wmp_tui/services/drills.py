"""Drills as use cases: starting a drill, scoring it, the history (the scenario library is
`drill_library`).

A drill runs through the same services and screens as a live call, on a room whose
`training` flag gives its logs the training series (`T20261123-0001`), so they never appear
on a live board, count or report. The room a drill runs in may be a throwaway database of its
own (`wmp_tui.store.sandbox`): the scenario and the trainee's record are then kept in the
force's database (the *record* store) and only the call itself lives in the sandbox.

The trainee asks, the scripted caller answers (`DrillSession.answer`, which the THRIVE+
screen consults); when the trainee is done with the call, the log is read back, scored by
the pure domain and the report is stored in `drill_run.score`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from wmp_tui.domain.allocation import DispatchRequest, recommend
from wmp_tui.domain.drills import (
    Advice,
    CallerAnswer,
    DrillAttempt,
    DrillReport,
    Outcome,
    Scenario,
    ScriptedCaller,
    best_units,
    score_drill,
)
from wmp_tui.domain.events import AdviceGiven, UnitAssigned
from wmp_tui.domain.facts import Facts
from wmp_tui.domain.grading import Resource
from wmp_tui.domain.log import EventType, LogEvent
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.units import Unit
from wmp_tui.domain.vocabulary import Grade, IncidentType, UnitStatus
from wmp_tui.services import grading
from wmp_tui.services.drill_library import LIBRARY_IDS as LIBRARY_IDS
from wmp_tui.services.drill_library import StoredScenario as StoredScenario
from wmp_tui.services.drill_library import check_in_store as check_in_store
from wmp_tui.services.drill_library import import_scenario as import_scenario
from wmp_tui.services.drill_library import library_folder as library_folder
from wmp_tui.services.drill_library import library_id as library_id
from wmp_tui.services.drill_library import place_position as place_position
from wmp_tui.services.drill_library import read_library as read_library
from wmp_tui.services.drill_library import read_scenario_file as read_scenario_file
from wmp_tui.services.drill_library import stored_scenario as stored_scenario
from wmp_tui.services.drill_library import stored_scenarios as stored_scenarios
from wmp_tui.services.errors import Refused
from wmp_tui.services.grading import call_of
from wmp_tui.services.room import Room
from wmp_tui.store.units import UnitOnBoard
from wmp_tui.store.uow import Store

# -- a drill in progress --------------------------------------------------------------------


@dataclass
class CallInDrill:
    """One scenario's call in a drill: from ringing to scored."""

    stored: StoredScenario
    rang_at: datetime
    run_id: int
    caller: ScriptedCaller
    on_own_board: bool = False
    """The scenario's own units are the board: its expected unit is the one to send."""
    reference: str | None = None
    board: list[UnitOnBoard] = field(default_factory=list)
    """The board as it stood before the trainee sent anyone: the best recommendation's input."""
    report: DrillReport | None = None

    @property
    def scenario(self) -> Scenario:
        return self.stored.scenario


class DrillSession:
    """A trainee's drill: the calls that ring, the caller who answers, the scores.

    `room` is where the call is taken (a training room, usually a sandbox); `record` is the
    database that keeps the library and the trainee's history (the same store, or the force's
    own). `trainee` is the operator as `record` knows them. The session is the `caller` the
    THRIVE+ screen consults: it answers for the call being taken.
    """

    def __init__(
        self,
        room: Room,
        record: Store,
        trainee: Operator,
        *,
        own_board: bool = False,
    ) -> None:
        if not room.training:
            raise ValueError("a drill runs only in a training room")
        self.room = room
        self.record = record
        self.trainee = trainee
        self.own_board = own_board
        """Whether a scenario with its own board may replace the room's board: only in a room
        of the drill's own (a sandbox), never on a board other people use."""
        self.ringing: deque[CallInDrill] = deque()
        self.calls: list[CallInDrill] = []
        self.current: CallInDrill | None = None

    # -- the caller, as the THRIVE+ screen sees it --

    @property
    def opening(self) -> str:
        call = self.current or (self.ringing[0] if self.ringing else None)
        return call.caller.opening if call else ""

    def answer(self, question_id: str) -> CallerAnswer:
        """The current caller's words for a question (a risk-screen question too)."""
        if self.current is None:
            return CallerAnswer(question_id, "(no caller on the line)", False, None)
        return self.current.caller.answer(question_id.split(":")[-1])

    # -- calls --

    def ring(self, stored: StoredScenario) -> CallInDrill:
        """A scenario's call rings now: its run is recorded and it waits to be answered."""
        scenario = stored.scenario
        board = scenario.own_board
        on_own_board = board is not None and self.own_board
        if board is not None and on_own_board:
            place_units(self.room, board)
        at = self.room.clock.now()
        with self.record.unit_of_work() as uow:
            run_id = uow.drills.start_run(stored.id, self.trainee.id, at)
            uow.commit()
        call = CallInDrill(
            stored=stored,
            rang_at=at,
            run_id=run_id,
            caller=ScriptedCaller(scenario, self.room.policies.questions),
            on_own_board=on_own_board,
            board=units_on_board(self.room),
        )
        self.ringing.append(call)
        self.calls.append(call)
        return call

    def answer_call(self) -> CallInDrill | None:
        """The trainee picks up the next ringing call (None when nothing rings)."""
        if self.current is not None and self.current.reference is None:
            return self.current
        self.current = self.ringing.popleft() if self.ringing else None
        return self.current

    def call_logged(self, reference: str) -> None:
        """The trainee created the log of the call they are taking."""
        if self.current is not None and self.current.reference is None:
            self.current.reference = reference

    def snapshot_board(self) -> None:
        """Keep the board as it is now for every call not yet graded (the shift moves units)."""
        waiting = [c for c in self.calls if c.report is None and not _graded(self.room, c)]
        if waiting:
            board = units_on_board(self.room)
            for call in waiting:
                call.board = board

    def call_for(self, reference: str) -> CallInDrill | None:
        return next((c for c in self.calls if c.reference == reference), None)

    def finish(self, reference: str) -> DrillReport:
        """Score the call of this log and store the report with the trainee's run."""
        call = self.call_for(reference)
        if call is None:
            raise Refused(f"{reference} is not a call of this drill.")
        if self.current is call:
            self.current = None
        report = score_call(self.room, call, self.trainee)
        call.report = report
        with self.record.unit_of_work() as uow:
            on_log = self.record is self.room.store
            log = uow.logs.by_reference(reference) if on_log else None
            uow.drills.finish_run(
                call.run_id,
                finished_at=report.finished_at,
                score=report.model_dump(mode="json"),
                log_id=log.id if log else None,
                on_log=on_log,
            )
            uow.commit()
        return report


def _graded(room: Room, call: CallInDrill) -> bool:
    if call.reference is None:
        return False
    with room.store.unit_of_work(read_only=True) as uow:
        log = uow.logs.by_reference(call.reference)
        return log is not None and log.grade is not None


def units_on_board(room: Room) -> list[UnitOnBoard]:
    with room.store.unit_of_work(read_only=True) as uow:
        return uow.units.on_board()


def place_units(room: Room, units: Iterable[Unit]) -> None:
    """Make the scenario's units the whole board: every other unit books off duty.

    Only for a room of its own (a sandbox): on a shared database it would take real units off.
    """
    at = room.clock.now()
    listed = {unit.id: unit for unit in units}
    with room.store.unit_of_work() as uow:
        for call_sign in uow.units.call_signs():
            if call_sign not in listed:
                uow.units.set_status(call_sign, status=int(UnitStatus.OFF_DUTY), at=at)
        for unit in listed.values():
            uow.units.place(unit, at)
        uow.commit()


# -- scoring --------------------------------------------------------------------------------


def score_call(room: Room, call: CallInDrill, trainee: Operator) -> DrillReport:
    """Read the drill's log back and score it against the scenario."""
    attempt = attempt_of(room, call, trainee)
    limits = room.policies.dispatch.escalation.not_resourced_minutes
    return score_drill(
        call.scenario,
        attempt,
        room.policies.questions,
        dispatch_limits=limits,
        trainee=trainee.name,
        finished_at=room.clock.now(),
    )


def attempt_of(room: Room, call: CallInDrill, trainee: Operator) -> DrillAttempt:
    """What the trainee did on the call, as the log records it."""
    base: dict[str, Any] = {
        "reference": call.reference,
        "started_at": call.rang_at,
        "may_dispatch": trainee.may_dispatch,
        "on_own_board": call.on_own_board,
    }
    if call.reference is None:
        return DrillAttempt(**base)
    with room.store.unit_of_work(read_only=True) as uow:
        log = uow.logs.by_reference(call.reference)
        if log is None:
            return DrillAttempt(**base)
        events = uow.logs.events(log.id)
        decision = uow.gradings.latest_decision(log.id)
        resource = decision.resource if decision else None
        call_facts = call_of(log)
    assessment = grading.latest_assessment(room, call.reference)
    asked = room.policies.questions.asked(IncidentType(log.incident_type))
    graded = _first(events, EventType.GRADED)
    outcome, resourced = _outcome(events)
    sent = [d for e in events if isinstance(d := e.details, UnitAssigned)]
    advice = [
        Advice(a) for e in events if isinstance(d := e.details, AdviceGiven) for a in d.advice
    ]
    facts = assessment.facts if assessment else Facts()
    grade = Grade(log.grade) if log.grade else None
    best_unit = best_arv = None
    best_eta = None
    if grade is not None and resource is not None and call.board:
        request = DispatchRequest.for_call(grade, call_facts, facts, resource=Resource(resource))
        recommended = recommend(request, call.board, room.policies.dispatch)
        best_unit, best_arv = best_units(recommended)
        best_eta = next((r.eta_minutes for r in recommended if r.unit_id == best_unit), None)
    return DrillAttempt(
        **base,
        answered=tuple(
            q for ids in (assessment.answered.values() if assessment else ()) for q in ids
        ),
        missing=tuple(str(m) for m in assessment.missing(asked)) if assessment else (),
        thrive_recorded=assessment is not None,
        flags=facts.vulnerability.flags,
        grade=grade,
        graded_at=graded.at if graded else None,
        outcome=outcome,
        resourced_at=resourced,
        units=tuple(d.unit for d in sent),
        best_unit=best_unit,
        best_arv=best_arv,
        best_eta_minutes=best_eta,
        sent_eta_minutes=sent[0].eta_minutes if sent else None,
        advice=tuple(dict.fromkeys(advice)),
    )


def _first(events: list[LogEvent], kind: EventType) -> LogEvent | None:
    return next((e for e in events if e.type is kind), None)


_OUTCOMES = {
    EventType.UNIT_ASSIGNED: Outcome.DISPATCHED,
    EventType.APPOINTMENT_BOOKED: Outcome.APPOINTMENT,
    EventType.QUEUED: Outcome.QUEUED,
    EventType.CLOSED: Outcome.CLOSED,
}


def _outcome(events: list[LogEvent]) -> tuple[Outcome | None, datetime | None]:
    """What happened to the log after grading: the first unit sent, booking or queueing, else
    its closing."""
    for event in events:
        if event.type in _OUTCOMES and event.type is not EventType.CLOSED:
            return _OUTCOMES[event.type], event.at
    closed = _first(events, EventType.CLOSED)
    return (Outcome.CLOSED, closed.at) if closed else (None, None)


# -- history --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunRecord:
    """One finished (or abandoned) drill run, for the trainee's history."""

    run_id: int
    scenario: str
    title: str
    trainee: str | None
    started_at: datetime
    finished_at: datetime | None
    report: DrillReport | None


def drill_runs(store: Store, trainee: str | None = None) -> list[RunRecord]:
    """Drill runs, oldest first, for one trainee (by name) or everyone."""
    with store.unit_of_work(read_only=True) as uow:
        trainee_id = None
        if trainee:
            found = uow.operators.by_name(trainee)
            if found is None:
                raise Refused(f"No operator {trainee}: check the name.")
            trainee_id = found.id
        return [
            RunRecord(
                run_id=run.id,
                scenario=run.code,
                title=run.title,
                trainee=run.trainee,
                started_at=run.started_at,
                finished_at=run.finished_at,
                report=DrillReport.model_validate(run.score) if run.score else None,
            )
            for run in uow.drills.runs(trainee_id)
        ]
