"""The shift drill's driver: calls ring at their times while the board lives.

It feeds the plan's scenarios to the drill session at their arrival times on the drill's
clock (a `ScaledClock` runs it faster than real time), and moves the board as a real shift
would: a unit sent arrives when its ETA has passed (status 6, which is what keeps a P1–P3's
promise), stays at the scene a while and clears; and now and then a free response unit gets
busy on work outside the drill, so the best unit at one minute is not the best at the next.
Everything goes through the same services as a dispatcher's keys.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from wmp_tui.domain.answering import meets_sla
from wmp_tui.domain.drills import ShiftCall, ShiftPlan, ShiftReport, sla_attainment
from wmp_tui.domain.log import EventType
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.vocabulary import Grade, UnitStatus, UnitType
from wmp_tui.services import dispatch
from wmp_tui.services.drills import CallInDrill, DrillSession, StoredScenario
from wmp_tui.services.errors import Refused

AT_SCENE_MINUTES = {Grade.P1: 20, Grade.P2: 30, Grade.P3: 45}
"""*Default* time a unit spends at the scene before it clears, by the log's grade."""
OTHER_AT_SCENE_MINUTES = 30
BUSY_MINUTES = (30, 60)
"""How long a unit taken by work outside the drill stays busy (drill minutes, at random)."""


@dataclass
class ShiftDriver:
    """Rings the plan's calls on time and moves the board; `tick` is called about once a
    second (by the drill app's timer, or by a test with a manual clock)."""

    session: DrillSession
    plan: ShiftPlan
    library: dict[str, StoredScenario]
    operator: Operator
    """Who records the units' status changes in the training room (the trainee there)."""
    seed: int = 1
    started_at: datetime = field(init=False)
    _next: int = field(default=0, init=False)
    _busy_until: dict[str, datetime] = field(default_factory=dict, init=False)
    _next_busy: datetime = field(init=False)
    _rng: random.Random = field(init=False)
    _ticking: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        missing = [code for code in self.plan.codes if code not in self.library]
        if missing:
            raise Refused(f"No drill scenario {', '.join(missing)}: check the shift plan.")
        self.started_at = self.session.room.clock.now()
        self._next_busy = self.started_at + timedelta(minutes=self.plan.busy_every_minutes)
        self._rng = random.Random(self.seed)

    @property
    def now(self) -> datetime:
        return self.session.room.clock.now()

    @property
    def done(self) -> bool:
        """Every call has rung and has been scored."""
        return self._next >= len(self.plan.arrivals) and all(
            c.report is not None for c in self.session.calls
        )

    def tick(self) -> list[CallInDrill]:
        """Ring what is due, move the board; returns the calls that started ringing.

        A tick still running when the next is due (a slow database) makes the next one a
        no-op: two ticks at once would ring the same call twice.
        """
        if not self._ticking.acquire(blocking=False):
            return []
        try:
            return self._tick()
        finally:
            self._ticking.release()

    def _tick(self) -> list[CallInDrill]:
        now = self.now
        rung: list[CallInDrill] = []
        arrivals = self.plan.arrivals
        while self._next < len(arrivals):
            arrival = arrivals[self._next]
            if self.started_at + timedelta(minutes=arrival.at_minute) > now:
                break
            rung.append(self.session.ring(self.library[arrival.scenario]))
            self._next += 1
        self._move_units(now)
        self._busy_units(now)
        self.session.snapshot_board()
        return rung

    # -- the board lives --

    def _move_units(self, now: datetime) -> None:
        """Units sent on the drill's calls arrive at their ETA and clear after a while."""
        room = self.session.room
        with room.store.unit_of_work(read_only=True) as uow:
            rows = uow.assignments.on_the_job()
        for unit in rows:
            sent_for = timedelta(minutes=unit.eta_minutes or 0)
            if unit.state == "assigned" and unit.assigned_at + sent_for <= now:
                self._status(unit.call_sign, UnitStatus.AT_SCENE)
            elif unit.state == "at_scene" and unit.arrived_at is not None:
                grade = unit.grade
                stay = AT_SCENE_MINUTES.get(Grade(grade), OTHER_AT_SCENE_MINUTES) if grade else 30
                if unit.arrived_at + timedelta(minutes=stay) <= now:
                    self._status(unit.call_sign, UnitStatus.ON_PATROL)

    def _busy_units(self, now: datetime) -> None:
        """Now and then a free response unit is taken by work outside the drill."""
        for call_sign, until in list(self._busy_until.items()):
            if until <= now:
                self._status(call_sign, UnitStatus.ON_PATROL)
                del self._busy_until[call_sign]
        if now < self._next_busy:
            return
        self._next_busy = now + timedelta(minutes=self.plan.busy_every_minutes)
        room = self.session.room
        with room.store.unit_of_work(read_only=True) as uow:
            free = sorted(
                unit.id
                for unit in uow.units.on_board([UnitType.RESPONSE.value])
                if unit.status in room.policies.dispatch.statuses.deployable and unit.log_id is None
            )
        if not free:
            return
        call_sign = self._rng.choice(free)
        if self._status(call_sign, UnitStatus.COMMITTED_NOT_DEPLOYABLE):
            self._busy_until[call_sign] = now + timedelta(minutes=self._rng.randint(*BUSY_MINUTES))

    def _status(self, call_sign: str, status: UnitStatus) -> bool:
        try:
            dispatch.update_status(self.session.room, self.operator, call_sign, status)
        except Refused:
            return False  # the trainee changed it a moment ago: look again next tick
        return True

    # -- the end of the shift --

    def report(self) -> ShiftReport:
        """Each call's report and the SLA attainment per grade, as of now."""
        now = self.now
        calls = [self._shift_call(call) for call in self.session.calls]
        return ShiftReport(
            title=self.plan.title,
            trainee=self.session.trainee.name,
            started_at=self.started_at,
            finished_at=now,
            reports=tuple(c.report for c in self.session.calls if c.report is not None),
            attainment=sla_attainment(calls, now, self.session.room.policies.dispatch),
        )

    def _shift_call(self, call: CallInDrill) -> ShiftCall:
        code = call.scenario.code
        if call.reference is None:
            return ShiftCall(scenario=code)
        with self.session.room.store.unit_of_work(read_only=True) as uow:
            log = uow.logs.by_reference(call.reference)
            if log is None or log.grade is None:
                return ShiftCall(scenario=code, reference=call.reference)
            events = uow.logs.events(log.id)
        grade = Grade(log.grade)
        graded = next((e.at for e in events if e.type is EventType.GRADED), log.graded_at)
        kinds = meets_sla(grade)
        met = next((e.at for e in events if e.type in kinds), None)
        return ShiftCall(
            scenario=code, reference=call.reference, grade=grade, graded_at=graded, met_at=met
        )
