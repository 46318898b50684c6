"""The measures of DOMAIN.md §9, in one shape: the supervisor's screen shows them live, `wmp-tui
report` prints them for any period, and the simulation's report gives the same keys.

Per grade, over logs whose current grade it is and whose first grading falls in the period:
`logs`; `attended` (P1–P3 a first arrival at scene, P4 an appointment booked, P5 a queue to
Initial Investigation, P6 a queue to the neighbourhood team, P7–P9 never); `within_sla`, those
met at or before the first grading plus the grade's SLA; `attainment` = within_sla ÷ attended
(None where nothing was attended or the grade has no SLA); `median_minutes` from first grading
to first arrival for P1–P3. Per channel: contacts, answered, answered within the standard
(999 in 10 s, the others in 3 min), abandoned, and the share answered within the standard.

Only counts come in here (the store aggregates them in SQL); this module turns them into the
report and knows the tours of duty. Time is passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import Field

from wmp_tui.domain.facts import Strict
from wmp_tui.domain.sla import TippingLevel
from wmp_tui.domain.vocabulary import Channel, Grade


class MetBy(StrEnum):
    """The event that keeps a grade's promise, for the measures."""

    ARRIVAL = "arrival"
    APPOINTMENT = "appointment"
    QUEUE = "queue"


MET_BY: Mapping[Grade, MetBy] = {
    Grade.P1: MetBy.ARRIVAL,
    Grade.P2: MetBy.ARRIVAL,
    Grade.P3: MetBy.ARRIVAL,
    Grade.P4: MetBy.APPOINTMENT,
    Grade.P5: MetBy.QUEUE,
    Grade.P6: MetBy.QUEUE,
}
"""P7–P9 are never 'attended' in the measures."""


def share(part: int, whole: int) -> float | None:
    """`part / whole` in 0–1, rounded to 4 places; None when there is nothing to divide."""
    return round(part / whole, 4) if whole else None


class GradeMeasures(Strict):
    logs: int = Field(ge=0)
    attended: int = Field(ge=0)
    within_sla: int = Field(ge=0)
    attainment: float | None
    median_minutes: float | None


def grade_measures(
    grade: Grade,
    logs: int,
    attended: int,
    within_sla: int,
    median_seconds: float | None,
    sla_minutes: int | None,
) -> GradeMeasures:
    """The measures of one grade from its counts."""
    arrival = MET_BY.get(grade) is MetBy.ARRIVAL
    return GradeMeasures(
        logs=logs,
        attended=attended,
        within_sla=within_sla,
        attainment=share(within_sla, attended) if sla_minutes is not None else None,
        median_minutes=(
            round(median_seconds / 60, 2) if arrival and median_seconds is not None else None
        ),
    )


class ChannelMeasures(Strict):
    contacts: int = Field(ge=0)
    answered: int = Field(ge=0)
    """Contacts whose time to answer is known (`answered_seconds` on the log)."""
    answered_within_standard: int = Field(ge=0)
    abandoned: int = Field(ge=0)
    within_standard_share: float | None


def channel_measures(
    contacts: int, answered: int, within_standard: int, abandoned: int
) -> ChannelMeasures:
    return ChannelMeasures(
        contacts=contacts,
        answered=answered,
        answered_within_standard=within_standard,
        abandoned=abandoned,
        within_standard_share=share(within_standard, answered),
    )


class Resolution(Strict):
    """Logs closed with nobody ever sent, booked or queued (a unit sent and stood down was
    sent), of all logs graded in the period: resolved at the first point of contact."""

    resolved: int = Field(ge=0)
    logs: int = Field(ge=0)
    share: float | None


class Downgrades(Strict):
    """Gradings below the proposed grade or the log's current one: those that need a
    supervisor's authorisation (`overrides.downgraded_from`), and how many had it."""

    count: int = Field(ge=0)
    authorised: int = Field(ge=0)
    all_authorised: bool


class RethriveOnTime(Strict):
    """Every THRIVE+ entry after a log's first is a re-THRIVE; on time when it came at most
    the policy's re-THRIVE minutes after the log's previous event."""

    rethrives: int = Field(ge=0)
    on_time: int = Field(ge=0)
    share: float | None


class TippingSnapshot(Strict):
    """The tipping point at the start of a tour of duty."""

    at: datetime
    open_logs: int = Field(ge=0)
    units: int = Field(ge=0)
    ratio: float | None
    level: TippingLevel


class Period(Strict):
    """Local calendar days, both included."""

    first_day: date = Field(serialization_alias="from")
    last_day: date = Field(serialization_alias="to")
    npu: str | None = None
    channel: str | None = None


class Report(Strict):
    period: Period
    grades: dict[Grade, GradeMeasures]
    channels: dict[Channel, ChannelMeasures]
    p9_share: float | None
    """P9 logs as a share of all logs graded in the period (incident demand)."""
    first_contact_resolution: Resolution
    downgrades: Downgrades
    rethrive_on_time: RethriveOnTime
    closed_with_crime_unrecorded: int = Field(ge=0)
    tipping_point: list[TippingSnapshot]


def period_bounds(first_day: date, last_day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The period's start and end (exclusive) as aware times: local midnights."""
    if last_day < first_day:
        raise ValueError("the period ends before it starts")
    start = datetime.combine(first_day, time(0), tzinfo=zone)
    end = datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=zone)
    return start, end


def tour_starts(
    start: datetime, end: datetime, starts: Iterable[time], zone: ZoneInfo
) -> list[datetime]:
    """Every tour of duty that starts in [start, end), local times of day, oldest first."""
    times = sorted(starts)
    day = start.astimezone(zone).date()
    found: list[datetime] = []
    while datetime.combine(day, time(0), tzinfo=zone) < end:
        for at in times:
            moment = datetime.combine(day, at, tzinfo=zone)
            if start <= moment < end:
                found.append(moment)
        day += timedelta(days=1)
    return found
