"""The measures of DOMAIN.md §9 for a period: what `wmp-tui report` prints and the supervisor's
screen shows for today. One read-only unit of work; every count is aggregated in SQL by the
store's read model, and the domain turns the counts into the report.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from wmp_tui.domain.dispatch_policy import DispatchPolicy
from wmp_tui.domain.intake import ANSWER_SECONDS
from wmp_tui.domain.log import FORCE_TIMEZONE
from wmp_tui.domain.measures import (
    Downgrades,
    Period,
    Report,
    Resolution,
    RethriveOnTime,
    TippingSnapshot,
    channel_measures,
    grade_measures,
    period_bounds,
    share,
    tour_starts,
)
from wmp_tui.domain.sla import tipping_point
from wmp_tui.domain.vocabulary import Channel, Grade
from wmp_tui.services.room import Room
from wmp_tui.store import measures as read
from wmp_tui.store.measures import ChannelCounts, GradeCounts, Scope
from wmp_tui.store.tipping import tipping_counts
from wmp_tui.store.uow import UnitOfWork

STEPS = 7
"""Queries a report runs: the progress bar's length."""

Progress = Callable[[str], None]


def report(
    room: Room,
    first_day: date,
    last_day: date,
    *,
    npu: str | None = None,
    channel: str | None = None,
    progress: Progress | None = None,
) -> Report:
    """Every measure of DOMAIN.md §9 over local days `first_day`…`last_day`, both included;
    the tipping point's history stops at now (a tour that has not started has no figure)."""
    with room.store.unit_of_work(read_only=True) as uow:
        return measure(
            uow,
            room,
            first_day,
            last_day,
            npu=npu,
            channel=channel,
            progress=progress,
            until=room.clock.now(),
        )


def measure(
    uow: UnitOfWork,
    room: Room,
    first_day: date,
    last_day: date,
    *,
    npu: str | None = None,
    channel: str | None = None,
    progress: Progress | None = None,
    until: datetime | None = None,
) -> Report:
    """The report read in an open transaction (the supervisor's view reads it beside its own
    lists); `until` stops the tipping history at a moment (now, for today)."""
    start, end = period_bounds(first_day, last_day, FORCE_TIMEZONE)
    scope = Scope(start, end, npu=npu, channel=channel, training=room.training)
    policy = room.policies.dispatch
    step = progress or (lambda _: None)
    sla = {grade: policy.sla_minutes(grade) for grade in Grade}
    standards = {c.value: seconds for c, seconds in ANSWER_SECONDS.items()}
    rule = policy.tipping_point
    stop = min(end, until) if until else end
    moments = tour_starts(start, stop, policy.supervision.tour_starts, FORCE_TIMEZONE)
    session = uow.session
    step("logs by grade")
    counts = read.grade_counts(session, scope, sla)
    step("median times to arrival")
    medians = read.median_arrival_seconds(
        session, scope, {grade: c.attended for grade, c in counts.items()}
    )
    step("contacts by channel")
    channels = read.channel_counts(session, scope, standards)
    step("downgrades")
    downgraded, authorised = read.downgrade_counts(session, scope)
    step("re-THRIVEs")
    rethrives, on_time = read.rethrive_counts(
        session, scope, policy.escalation.rethrive_after_minutes
    )
    step("crimes unrecorded")
    unrecorded = read.crime_unrecorded_count(session, scope)
    step("tipping point history")
    tipping, roster = tipping_counts(
        session,
        scope,
        moments,
        sorted(g.value for g in rule.grades),
        sorted(t.value for t in rule.unit_types),
    )
    empty = GradeCounts(0, 0, 0, 0)
    total = sum(c.logs for c in counts.values())
    p9 = counts.get(Grade.P9.value, empty).logs
    resolved = sum(c.resolved for c in counts.values())
    return Report(
        period=Period(first_day=first_day, last_day=last_day, npu=npu, channel=channel),
        grades={
            grade: grade_measures(
                grade,
                (c := counts.get(grade.value, empty)).logs,
                c.attended,
                c.within_sla,
                medians.get(grade.value),
                sla[grade],
            )
            for grade in Grade
        },
        channels={
            ch: channel_measures(
                (k := channels.get(ch.value, ChannelCounts())).contacts,
                k.answered,
                k.within_standard,
                k.abandoned,
            )
            for ch in Channel
            if channel is None or ch.value == channel
        },
        p9_share=share(p9, total),
        first_contact_resolution=Resolution(
            resolved=resolved, logs=total, share=share(resolved, total)
        ),
        downgrades=Downgrades(
            count=downgraded, authorised=authorised, all_authorised=authorised == downgraded
        ),
        rethrive_on_time=RethriveOnTime(
            rethrives=rethrives, on_time=on_time, share=share(on_time, rethrives)
        ),
        closed_with_crime_unrecorded=unrecorded,
        tipping_point=[snapshot(t.at, t.waiting, max(0, roster - t.busy), policy) for t in tipping],
    )


def snapshot(at: datetime, waiting: int, units: int, policy: DispatchPolicy) -> TippingSnapshot:
    """The tipping point of a moment from its counts, as the report shows it."""
    point = tipping_point(waiting, units, policy)
    return TippingSnapshot(
        at=at,
        open_logs=point.open_logs,
        units=point.units,
        ratio=round(point.ratio, 3) if point.ratio is not None else None,
        level=point.level,
    )
