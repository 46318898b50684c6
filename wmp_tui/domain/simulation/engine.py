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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from math import cos, radians
from random import Random

from wmp_tui.domain.allocation import DispatchRequest, recommend
from wmp_tui.domain.dispatch_policy import DispatchPolicy, Resource
from wmp_tui.domain.geo import haversine_km
from wmp_tui.domain.simulation.assumptions import (
    CHANNELS_2019,
    DEMAND_BY_HOUR,
    NPU_SHARES,
    Assumptions,
)
from wmp_tui.domain.simulation.calls import GradedTemplate, grade_volumes_2019, template_rates
from wmp_tui.domain.simulation.force import (
    Place,
    SimUnit,
    UnitGrid,
    make_units,
    other_units_by_hour,
    response_units_by_hour,
)
from wmp_tui.domain.vocabulary import Channel, Grade, Npu, UnitStatus, UnitType

DAY = 1440.0
RESPONSE_GRADES = (Grade.P1, Grade.P2, Grade.P3)
CHANNEL_BY_GRADE: dict[Grade, tuple[float, float, float, float]] = {
    # 999, 101, livechat, online: emergencies come by 999, reports of the past by the others
    Grade.P1: (0.90, 0.09, 0.01, 0.0),
    Grade.P2: (0.60, 0.35, 0.04, 0.01),
    Grade.P3: (0.40, 0.50, 0.06, 0.04),
}
_OTHER_CHANNELS = (0.25, 0.55, 0.12, 0.08)
CHANNELS = (Channel.EMERGENCY, Channel.NON_EMERGENCY, Channel.LIVECHAT, Channel.ONLINE)

_ARRIVE, _CLEAR, _DISPATCH, _HOUR, _CUSTODY, _WRITTEN = 0, 1, 2, 3, 4, 5
WRITING_UP = Grade.P8
"""The job a unit writing up is on: internal work the force generates for itself, so the
dispatch policy's diversion rule may take it to a P1 (and nothing else may)."""
_KNOWS_INCIDENT = "incident_type" in DispatchRequest.model_fields
"""Dispatch requests that carry the incident type (a collision's traffic units) get it."""


@dataclass(slots=True)
class Logs:
    """The simulated logs, one entry per log in each list (column-wise, to keep a year small)."""

    template: list[int] = field(default_factory=list)
    grade: list[Grade] = field(default_factory=list)
    channel: list[Channel] = field(default_factory=list)
    npu: list[Npu] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    created: list[float] = field(default_factory=list)
    graded: list[float] = field(default_factory=list)
    arrived: list[float | None] = field(default_factory=list)
    """P1-P3: the first unit at scene (status 6)."""
    acted: list[float | None] = field(default_factory=list)
    """P4: appointment booked; P5: queued to Initial Investigation; P6: allocated."""
    closed: list[float] = field(default_factory=list)
    counted: list[bool] = field(default_factory=list)
    """False for the warm-up day's logs, which only load the force."""

    def __len__(self) -> int:
        return len(self.grade)


@dataclass(slots=True)
class Assignment:
    """A unit sent to a log: when, its ETA, when it arrived and cleared."""

    log: int
    unit: int
    assigned: float
    eta_minutes: float
    arrived: float | None = None
    cleared: float | None = None
    diverted: bool = False
    """The unit was taken off a lower-grade job to come."""
    left_for_p1: bool = False
    """The unit left this log, diverted to a P1 (its `cleared` is when it left)."""
    fallback: bool = False
    from_write_up: bool = False
    """Diverted to this P1 while writing up an earlier job (status 7)."""


@dataclass(slots=True)
class Outcome:
    """What a run produced: the logs, the units sent, and the hourly picture of the force."""

    days: int
    warmup_days: int
    logs: Logs
    assignments: list[Assignment]
    units: list[SimUnit]
    contacts: dict[str, int]
    demand_by_hour: list[int]
    """P1-P3 logs graded in each hour of the day, over the counted days."""
    units_by_hour: list[float]
    """Mean response units on duty in each hour of the day."""
    free_by_hour: list[float]
    """Mean response units free (deployable) at the start of each hour of the day."""
    arrests: int = 0
    """Prisoners taken to custody by the units, over the whole run."""


Progress = Callable[[float], None]


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
        self.policy = dispatch.model_copy(update={"max_recommended": 1})
        self.p1_policy = dispatch.model_copy(
            update={"max_recommended": max(1, assumptions.units_per_p1)}
        )
        self.p1_backed_policy = dispatch.model_copy(
            update={
                "max_recommended": max(1, assumptions.units_per_p1 + assumptions.p1_backup_units)
            }
        )
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
        self._place_weights(npus, shares)
        self._generate(total_days)
        for hour in range(int(total_days * 24) + 24 * 30):
            self._push(hour * 60.0, _HOUR, hour, 0)
        self._loop(total_days * DAY)
        self._close_response_logs()
        contacts = self._contacts()
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

    def _place_weights(self, npus: list[Npu], shares: list[float]) -> None:
        by_npu = {n: [p for p in self.places if p.npu is n] for n in npus}
        self.place_list = [p for n in npus for p in by_npu[n]]
        weights = [NPU_SHARES[n] / len(by_npu[n]) for n in npus for _ in by_npu[n]]
        self.place_cum = _cumulative(weights)
        self.places_of = by_npu

    def _generate(self, total_days: int) -> None:
        """Every log's arrival, template, place and channel, hour by hour."""
        rng = self.rng
        volumes = grade_volumes_2019()
        rates = template_rates([g.template for g in self.templates], volumes)
        cum = _cumulative(rates)
        self.arrest_chance = arrest_chance(self.templates, rates, self.a)
        per_day = sum(rates) / 365.0
        profile = [h / sum(DEMAND_BY_HOUR) for h in DEMAND_BY_HOUR]
        jitter = self.a.place_jitter_km / 111.2
        jitter_lon = jitter / cos(radians(52.5))
        templates = self.templates
        n_templates = range(len(templates))
        n_places = range(len(self.place_list))
        logs = self.logs
        grading = self.a.grading_minutes
        a = self.a
        for day in range(total_days):
            counted = day >= self.warmup
            for hour in range(24):
                start = day * DAY + hour * 60.0
                rate = per_day * profile[hour] / 60.0
                times: list[float] = []
                t = start + rng.expovariate(rate)
                while t < start + 60.0:
                    times.append(t)
                    t += rng.expovariate(rate)
                if not times:
                    continue
                picks = rng.choices(n_templates, cum_weights=cum, k=len(times))
                spots = rng.choices(n_places, cum_weights=self.place_cum, k=len(times))
                for created, pick, spot in zip(times, picks, spots, strict=True):
                    graded_template = templates[pick]
                    grade = graded_template.grade
                    place = self.place_list[spot]
                    index = len(logs.grade)
                    logs.template.append(pick)
                    logs.grade.append(grade)
                    weights = CHANNEL_BY_GRADE.get(grade, _OTHER_CHANNELS)
                    logs.channel.append(rng.choices(CHANNELS, weights=weights)[0])
                    logs.npu.append(place.npu)
                    logs.lat.append(place.lat + rng.uniform(-jitter, jitter))
                    logs.lon.append(place.lon + rng.uniform(-jitter_lon, jitter_lon))
                    logs.created.append(created)
                    graded = created + rng.uniform(0.3, 1.7) * grading
                    logs.graded.append(graded)
                    logs.counted.append(counted)
                    acted, closed = self._scheduled_work(grade, graded, a)
                    logs.arrived.append(None)
                    logs.acted.append(acted)
                    logs.closed.append(closed)
                    if grade in self.queues:
                        self._push(graded, _DISPATCH, index, 0)
                        if counted:
                            self.demand_by_hour[hour] += 1

    def _scheduled_work(
        self, grade: Grade, graded: float, a: Assumptions
    ) -> tuple[float | None, float]:
        """When P4-P9 work is booked, queued or allocated, and when the log closes."""
        rng = self.rng
        if grade is Grade.P4:
            booked = graded + a.p4_book_minutes
            return booked, booked + rng.uniform(60.0, 2880.0)
        if grade is Grade.P5:
            queued = graded + rng.expovariate(1 / a.p5_queue_minutes)
            return queued, queued + rng.uniform(60.0, DAY)
        if grade is Grade.P6:
            allocated = graded + rng.expovariate(1 / a.p6_allocate_minutes)
            return allocated, allocated + rng.uniform(DAY, 7 * DAY)
        if grade is Grade.P9:
            return None, graded + 1.0
        return None, graded + rng.uniform(60.0, DAY)

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
        pool = self.pool[kind]
        on = [u for u in pool if u.on_duty and not u.leaving]
        if len(on) < target:
            need = target - len(on)
            for unit in pool:
                if need == 0:
                    break
                if unit.on_duty and unit.leaving:
                    unit.leaving = False
                    need -= 1
            for unit in pool:
                if need == 0:
                    break
                if not unit.on_duty:
                    self._book_on(time, unit)
                    need -= 1
        elif len(on) > target:
            excess = len(on) - target
            for unit in on:
                if excess == 0:
                    break
                if unit.status in (UnitStatus.ON_PATROL,):
                    self._book_off(unit)
                    excess -= 1
            for unit in on:
                if excess == 0:
                    break
                if unit.on_duty and not unit.leaving and unit.status != UnitStatus.ON_PATROL:
                    unit.leaving = True
                    excess -= 1

    def _book_on(self, time: float, unit: SimUnit) -> None:
        home = self.places_of[unit.npu] if unit.npu else self.place_list
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
        extra = {"incident_type": template.template.incident_type} if _KNOWS_INCIDENT else {}
        return DispatchRequest(
            grade=logs.grade[log],
            resource=template.decision.resource,
            lat=logs.lat[log],
            lon=logs.lon[log],
            npu=logs.npu[log],
            weapon=template.weapon,
            violence=template.violence,
            **extra,
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
                (_km(lat, lon, u) * self.minutes_per_km[grade] for u in candidates), default=None
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
            pick = min(oldest, key=lambda i: _km(logs.lat[queue[i]], logs.lon[queue[i]], unit))
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

    # -- after --

    def _close_response_logs(self) -> None:
        logs = self.logs
        last: dict[int, float] = {}
        for sent in self.assignments:
            if sent.cleared is not None:
                last[sent.log] = max(last.get(sent.log, 0.0), sent.cleared)
        for log, grade in enumerate(logs.grade):
            if grade in self.queues:
                logs.closed[log] = last.get(log, logs.graded[log] + DAY)

    def _contacts(self) -> dict[str, int]:
        """Contacts by channel over the counted days, at the 2019 rate (Poisson-free)."""
        return {name: round(total * self.days / 365) for name, total in CHANNELS_2019.items()}


def arrest_chance(
    templates: Sequence[GradedTemplate], rates: Sequence[float], assumptions: Assumptions
) -> float:
    """The chance that a log whose offender is there or detained ends in an arrest.

    The arrests made by response a year (`arrests_per_year` x `arrest_share_response`) over
    the yearly logs of the response grades whose facts put the offender at the scene.
    """
    at_scene = sum(
        rate
        for graded, rate in zip(templates, rates, strict=True)
        if graded.offender_at_scene and graded.grade in RESPONSE_GRADES
    )
    if at_scene <= 0:
        return 0.0
    arrests = assumptions.arrests_per_year * assumptions.arrest_share_response
    return min(1.0, arrests / at_scene)


def _km(lat: float, lon: float, unit: SimUnit) -> float:
    return haversine_km(lat, lon, unit.lat, unit.lon)


def _cumulative(weights: Sequence[float]) -> list[float]:
    total = 0.0
    out: list[float] = []
    for w in weights:
        total += w
        out.append(total)
    return out
