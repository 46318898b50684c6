"""The discrete-event simulation of a force's demand and response (DOMAIN.md §10).

Contacts arrive by hour; each log takes a call template, graded by the real engine (cached per
template); each P1-P3 is resourced by the real recommendation engine over the units on duty
near it (`force.UnitGrid` hands it the candidates); travel is the policy's ETA; a unit is
committed at scene for a time drawn around the grade's mean, then clears where it is and takes
the next waiting log. P4-P6 are booked, queued and allocated after stated delays; P7-P9 move
no response unit. Pure: the randomness comes in as a `random.Random`, times are minutes from
the start of the run, and the caller turns them into dates.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Sequence
from functools import partial
from random import Random

from wmp_tui.domain.allocation import DispatchRequest, recommend
from wmp_tui.domain.dispatch_policy import DispatchPolicy, Resource
from wmp_tui.domain.simulation.assumptions import (
    NPU_SHARES,
    Assumptions,
)
from wmp_tui.domain.simulation.calls import GradedTemplate
from wmp_tui.domain.simulation.demand import draw_demand, weighted_places
from wmp_tui.domain.simulation.force import (
    Place,
    SimUnit,
    UnitGrid,
    km_to,
    make_units,
    other_units_by_hour,
    response_units_by_hour,
    staff,
)
from wmp_tui.domain.simulation.outcome import (
    DAY,
    RESPONSE_GRADES,
    Assignment,
    Logs,
    Outcome,
    Progress,
    close_response_logs,
    contacts_over,
)
from wmp_tui.domain.vocabulary import Grade, Npu, UnitStatus, UnitType

_ARRIVE, _CLEAR, _DISPATCH, _HOUR, _CUSTODY, _WRITTEN = 0, 1, 2, 3, 4, 5
WRITING_UP = Grade.P8
"""The job a unit writing up is on: internal work the force generates for itself, so the
dispatch policy's diversion rule may take it to a P1 (and nothing else may)."""


def simulate(
    days: int,
    assumptions: Assumptions,
    templates: Sequence[GradedTemplate],
    dispatch: DispatchPolicy,
    places: Sequence[Place],
    rng: Random,
    *,
    warmup_days: int = 1,
    progress: Progress | None = None,
) -> Outcome:
    """Simulate `days` of demand after `warmup_days` that only load the force."""
    return _Run(days, assumptions, templates, dispatch, places, rng, warmup_days, progress).go()


class _Run:
    def __init__(
        self,
        days: int,
        assumptions: Assumptions,
        templates: Sequence[GradedTemplate],
        dispatch: DispatchPolicy,
        places: Sequence[Place],
        rng: Random,
        warmup_days: int,
        progress: Progress | None,
    ) -> None:
        self.days = days
        self.a = assumptions
        self.templates = templates

        def recommending(units: int) -> DispatchPolicy:  # the policy, naming this many units
            return dispatch.model_copy(update={"max_recommended": max(1, units)})

        self.policy = recommending(1)
        self.p1_policy = recommending(assumptions.units_per_p1)
        self.p1_backed_policy = recommending(assumptions.units_per_p1 + assumptions.p1_backup_units)
        self.armed_or_violent = dispatch.armed_or_violent
        self.places = places
        self.rng = rng
        self.warmup = warmup_days
        self.progress = progress
        self.logs = Logs()
        self.assignments: list[Assignment] = []
        self.heap: list[tuple[float, int, int, int, int]] = []
        self.seq = 0
        self.pending = 0
        self.queues: dict[Grade, deque[int]] = {g: deque() for g in RESPONSE_GRADES}
        self.free = UnitGrid()
        self.divertible = UnitGrid()
        self.free_response = 0
        self.free_in: dict[Npu | None, int] = {}
        """Free Force Response units per home NPU."""
        self.own_npu = assumptions.p2_p3_area == "npu"
        response = self.policy.resources[self._taker(Grade.P2)]
        self.response_types = frozenset(response.types)
        self.fallback_types = frozenset(response.fallback_types)
        # Types that count as response for an incident type (traffic for a collision), in
        # dispatch policies that have them.
        self.also_types: dict[str, frozenset[UnitType]] = {
            str(kind): frozenset(extra)
            for kind, extra in getattr(response, "also_types", {}).items()
        }
        self.p1_types = frozenset(self.policy.resources[self._taker(Grade.P1)].types)
        self.arv_type = self.policy.arv.type
        self.from_grades = frozenset(self.policy.diversion.from_grades)
        self.minutes_per_km = {
            g: self.policy.eta.minutes_per_km(self.policy.grades[g].blue_lights)
            for g in RESPONSE_GRADES
        }
        self.arrests = 0
        self.arrest_chance = 0.0
        """Chance that the first unit at a log whose offender is there makes an arrest."""
        self.demand_by_hour = [0] * 24
        self.units_by_hour = [0.0] * 24
        self.free_by_hour = [0.0] * 24

    def _taker(self, grade: Grade) -> Resource:
        return self.policy.grades[grade].resource

    # -- set up --

    def go(self) -> Outcome:
        total_days = self.days + self.warmup
        targets = {UnitType.RESPONSE: response_units_by_hour(self.a)}
        targets.update(other_units_by_hour(self.a))
        npus = [Npu(n) for n in NPU_SHARES]
        shares = [NPU_SHARES[n] for n in NPU_SHARES]
        self.units = make_units({k: max(v) for k, v in targets.items()}, npus, shares)
        self.pool = {k: [u for u in self.units if u.type is k] for k in targets}
        self.targets = targets
        self.places_drawn = weighted_places(self.places, npus)
        demand = draw_demand(
            total_days, self.warmup, self.a, self.templates, self.places_drawn, self.rng
        )
        self.logs, self.arrest_chance = demand.logs, demand.arrest_chance
        for graded, index, hour in demand.waiting:
            self._push(graded, _DISPATCH, index, 0)
            if hour >= 0:
                self.demand_by_hour[hour] += 1
        for hour in range(int(total_days * 24) + 24 * 30):
            self._push(hour * 60.0, _HOUR, hour, 0)
        self._loop(total_days * DAY)
        close_response_logs(self.logs, self.assignments)
        contacts = contacts_over(self.days)
        counted_hours = max(1, self.days)
        return Outcome(
            self.days,
            self.warmup,
            self.logs,
            self.assignments,
            self.units,
            contacts,
            self.demand_by_hour,
            [v / counted_hours for v in self.units_by_hour],
            [v / counted_hours for v in self.free_by_hour],
            self.arrests,
        )

    # -- the clock --

    def _push(self, time: float, kind: int, a: int, b: int) -> None:
        self.seq += 1
        if kind != _HOUR:
            self.pending += 1
        heapq.heappush(self.heap, (time, self.seq, kind, a, b))

    def _loop(self, end: float) -> None:
        heap = self.heap
        step = DAY
        next_report = step
        while heap:
            time, _, kind, a, b = heapq.heappop(heap)
            if kind != _HOUR:
                self.pending -= 1
            if kind == _HOUR:
                if time >= end and not self._busy():
                    break
                self._hour(time, a)
            elif kind == _DISPATCH:
                self._dispatch(time, a)
            elif kind == _ARRIVE:
                self._arrive(time, a, b)
            elif kind == _CLEAR:
                self._clear(time, a, b)
            elif kind == _CUSTODY:
                self._custody_done(time, a, b)
            else:
                self._written(time, a, b)
            if self.progress is not None and time >= next_report:
                next_report += step
                self.progress(min(1.0, time / end))
        if self.progress is not None:
            self.progress(1.0)

    def _busy(self) -> bool:
        return self.pending > 0 or any(self.queues.values())

    def _hour(self, time: float, hour: int) -> None:
        hod = hour % 24
        for kind, targets in self.targets.items():
            self._staff(time, kind, targets[hod])
        if self.warmup * 24 <= hour < (self.warmup + self.days) * 24:
            on = sum(1 for u in self.pool[UnitType.RESPONSE] if u.on_duty and not u.leaving)
            self.units_by_hour[hod] += on
            self.free_by_hour[hod] += self.free_response

    def _staff(self, time: float, kind: UnitType, target: int) -> None:
        staff(self.pool[kind], target, partial(self._book_on, time), self._book_off)

    def _book_on(self, time: float, unit: SimUnit) -> None:
        home = self.places_drawn.of_npu[unit.npu] if unit.npu else self.places_drawn.every
        place = home[self.rng.randrange(len(home))]
        unit.lat, unit.lon = place.lat, place.lon
        unit.on_duty = True
        unit.leaving = False
        self._set_free(time, unit)

    def _book_off(self, unit: SimUnit) -> None:
        self.free.remove(unit)
        if unit.type is UnitType.RESPONSE:
            self._count_free(unit, -1)
        unit.status = UnitStatus.OFF_DUTY
        unit.on_duty = False
        unit.leaving = False

    def _set_free(self, time: float, unit: SimUnit) -> None:
        """The unit is free where it is: it takes the next waiting log it may, or patrols."""
        unit.status = UnitStatus.ON_PATROL
        unit.current_grade = None
        unit.log = -1
        unit.assignment = -1
        if unit.leaving:
            unit.status = UnitStatus.OFF_DUTY
            unit.on_duty = False
            unit.leaving = False
            return
        if self._take_waiting(time, unit):
            return
        self.free.add(unit)
        if unit.type is UnitType.RESPONSE:
            self._count_free(unit, 1)

    def _count_free(self, unit: SimUnit, change: int) -> None:
        self.free_response += change
        self.free_in[unit.npu] = self.free_in.get(unit.npu, 0) + change

    # -- dispatch --

    def _request(self, log: int) -> DispatchRequest:
        logs = self.logs
        template = self.templates[logs.template[log]]
        return DispatchRequest(
            grade=logs.grade[log],
            resource=template.decision.resource,
            lat=logs.lat[log],
            lon=logs.lon[log],
            npu=logs.npu[log],
            weapon=template.weapon,
            violence=template.violence,
            incident_type=template.template.incident_type,  # a collision's traffic units
        )

    def _held_for_p1(self, grade: Grade, npu: Npu | None, spare: int = 0) -> bool:
        """A P2/P3 waits while only the P1 reserve is free: the force's under `--dispatch
        reserve`, or the last `npu_reserve_units` free response units of the NPU."""
        if grade is Grade.P1:
            return False
        keep = self.a.npu_reserve_units
        if keep > 0 and self.free_in.get(npu, 0) - spare <= keep:
            return True
        if self.a.dispatch != "reserve":
            return False
        return self.free_response - spare <= self.a.reserve_units

    def _dispatch(self, time: float, log: int) -> None:
        logs = self.logs
        grade = logs.grade[log]
        lat, lon = logs.lat[log], logs.lon[log]
        if grade is Grade.P1:
            request = self._request(log)
            backed = self._needs_backup(request)
            count = self.a.units_per_p1 + (self.a.p1_backup_units if backed else 0)
            policy = self.p1_backed_policy if backed else self.p1_policy
            candidates = self.free.nearest(lat, lon, self.p1_types, (self.divertible,), count=count)
            if request.weapon in self.policy.arv.weapons:
                candidates += self.free.nearest(lat, lon, frozenset({self.arv_type}))
        else:
            npu = logs.npu[log]
            if self._held_for_p1(grade, npu):
                self.queues[grade].append(log)
                return
            kind = self.templates[logs.template[log]].template.incident_type
            usual = self.response_types | self.also_types.get(str(kind), frozenset())
            # under `--p2-p3-area npu` only the NPU's own response units are candidates
            local = (npu, self.response_types) if self.own_npu else None
            candidates = self.free.nearest(lat, lon, usual, local=local)
            best = min(
                (km_to(lat, lon, u) * self.minutes_per_km[grade] for u in candidates), default=None
            )
            sla = self.policy.grades[grade].sla_minutes
            if best is None or (sla is not None and best > sla):
                candidates += self.free.nearest(lat, lon, self.fallback_types)
            if not candidates:
                self.queues[grade].append(log)
                return
            request = self._request(log)
        if grade is not Grade.P1:
            policy = self.policy
        chosen = recommend(request, candidates, policy) if candidates else []
        if not chosen:
            self.queues[grade].append(log)
            return
        by_id = {u.id: u for u in candidates}
        for recommendation in chosen:
            unit = by_id[recommendation.unit_id]
            self._send(
                time,
                unit,
                log,
                recommendation.eta_minutes or 0.0,
                recommendation.is_diversion,
                recommendation.is_fallback,
            )

    def _needs_backup(self, request: DispatchRequest) -> bool:
        """Violence or a weapon at a P1 and the first unit single-crewed (a draw at the
        double-crewed share): back-up goes with it, as nobody faces violence alone."""
        rule = self.armed_or_violent
        if request.weapon not in rule.weapons and request.violence not in rule.violence:
            return False
        return self.rng.random() >= self.a.double_crewed_share

    def _take_waiting(self, time: float, unit: SimUnit) -> bool:
        """A unit just free takes the nearest of the oldest waiting logs of the top grade."""
        for grade in RESPONSE_GRADES:
            queue = self.queues[grade]
            if not queue:
                continue
            if grade is Grade.P1:
                if unit.type not in self.p1_types:
                    continue
            elif not self._may_answer_p2_p3(unit.type):
                continue
            response = unit.type is UnitType.RESPONSE
            if response and self._held_for_p1(grade, unit.npu, spare=-1):
                continue
            logs = self.logs
            if grade is not Grade.P1 and response and self.own_npu:
                oldest = self._oldest_of(queue, unit.npu)
                if not oldest:
                    continue
            else:
                oldest = list(range(min(len(queue), self.a.queue_window)))
            pick = min(oldest, key=lambda i: km_to(logs.lat[queue[i]], logs.lon[queue[i]], unit))
            log = queue[pick]
            chosen = recommend(self._request(log), [unit], self.policy)
            if not chosen:
                continue
            del queue[pick]
            first = chosen[0]
            self._send(time, unit, log, first.eta_minutes or 0.0, False, first.is_fallback)
            return True
        return False

    def _oldest_of(self, queue: deque[int], npu: Npu | None) -> list[int]:
        """Positions in `queue` of its oldest `queue_window` logs in `npu`."""
        window = self.a.queue_window
        found: list[int] = []
        npus = self.logs.npu
        for position, log in enumerate(queue):
            if npus[log] == npu:
                found.append(position)
                if len(found) == window:
                    break
        return found

    def _may_answer_p2_p3(self, kind: UnitType) -> bool:
        """Response, a fall-back type, or a type counting as response for some incidents."""
        if kind in self.response_types or kind in self.fallback_types:
            return True
        return any(kind in extra for extra in self.also_types.values())

    def _send(
        self, time: float, unit: SimUnit, log: int, eta: float, diverted: bool, fallback: bool
    ) -> None:
        from_write_up = diverted and unit.writing
        if diverted:
            self.divertible.remove(unit)
            if unit.writing:
                unit.writing = False  # the write-up waits; the job itself is done
            else:
                old = self.assignments[unit.assignment]
                old.cleared = time
                old.left_for_p1 = True
        elif unit in self.free:
            self.free.remove(unit)
            if unit.type is UnitType.RESPONSE:
                self._count_free(unit, -1)
        grade = self.logs.grade[log]
        unit.token += 1
        unit.lead = unit.prisoner = False
        unit.status = UnitStatus.EN_ROUTE
        unit.current_grade = grade
        unit.log = log
        unit.assignment = len(self.assignments)
        self.assignments.append(
            Assignment(
                log,
                unit.index,
                time,
                eta,
                diverted=diverted,
                fallback=fallback,
                from_write_up=from_write_up,
            )
        )
        moving = self.a.dispatch_minutes(grade) * self.rng.uniform(0.5, 1.5)
        self._push(time + moving + eta, _ARRIVE, unit.index, unit.token)

    def _arrive(self, time: float, index: int, token: int) -> None:
        unit = self.units[index]
        if unit.token != token:
            return
        log = unit.log
        logs = self.logs
        self.assignments[unit.assignment].arrived = time
        unit.lat, unit.lon = logs.lat[log], logs.lon[log]
        if logs.arrived[log] is None:
            logs.arrived[log] = time
            unit.lead = True
            template = self.templates[logs.template[log]]
            if template.offender_at_scene and self.rng.random() < self.arrest_chance:
                unit.prisoner = True
        grade = logs.grade[log]
        unit.status = UnitStatus.COMMITTED_DEPLOYABLE
        if grade in self.from_grades:
            self.divertible.add(unit)
        mean = self.a.scene_minutes(grade)
        self._push(time + self.rng.gammavariate(2.0, mean / 2.0), _CLEAR, index, token)

    def _clear(self, time: float, index: int, token: int) -> None:
        unit = self.units[index]
        if unit.token != token:
            return
        self.divertible.remove(unit)
        self.assignments[unit.assignment].cleared = time
        if unit.prisoner:
            # status 9: not deployable until the prisoner is handed over in custody
            unit.prisoner = False
            self.arrests += 1
            unit.status = UnitStatus.PRISONER_ESCORT
            unit.current_grade = self.logs.grade[unit.log]
            mean = self.a.custody_minutes
            self._push(time + self.rng.gammavariate(2.0, mean / 2.0), _CUSTODY, index, token)
        elif unit.lead:
            self._write_up(time, unit)
        else:
            self._set_free(time, unit)

    def _custody_done(self, time: float, index: int, token: int) -> None:
        unit = self.units[index]
        if unit.token == token:
            self._write_up(time, unit)

    def _write_up(self, time: float, unit: SimUnit) -> None:
        """The first unit at a scene writes the job up: status 7, deployable to a P1 only."""
        unit.lead = False
        mean = self.a.write_up_minutes
        if mean <= 0:
            self._set_free(time, unit)
            return
        unit.writing = True
        unit.status = UnitStatus.COMMITTED_DEPLOYABLE
        unit.current_grade = WRITING_UP
        self.divertible.add(unit)
        self._push(time + self.rng.gammavariate(2.0, mean / 2.0), _WRITTEN, unit.index, unit.token)

    def _written(self, time: float, index: int, token: int) -> None:
        unit = self.units[index]
        if unit.token != token:
            return
        self.divertible.remove(unit)
        unit.writing = False
        self._set_free(time, unit)
