"""What the seeds do not say about the force, stated once with a value and a reason.

DOMAIN.md §10: the 2019 volumes, the establishment and the dispatch rules come from the seeds
and the policy files; the hourly profile of demand, time at scene, crewing, abstractions and
the shift pattern do not. Each of those is an `Assumption` here: a value, the one line that
justifies it, and the `wmp-tui simulate` option that changes it, so `--explain` can print
them all and nothing is hidden in the code.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from wmp_tui.domain.vocabulary import Grade

GRADES_2019: dict[Grade, int] = {
    Grade.P1: 196_876,
    Grade.P2: 101_395,
    Grade.P3: 35_281,
    Grade.P4: 72_981,
    Grade.P5: 10_934,
    Grade.P6: 39_494,
    Grade.P7: 12_840,
}
"""2019 WMP logs per grade (seed 002, chapter 3B); P9 is 43% of all incident demand."""

P9_SHARE_2019 = 0.43
"""P9 as a share of all incident demand in 2019 (seed 002, chapter 3B)."""

CHANNELS_2019: dict[str, int] = {
    "999": 754_418,
    "101": 929_973,
    "livechat": 173_051,
    "online": 33_221,
}
"""2019 contacts per channel (DOMAIN.md §1 and §10)."""

ESTABLISHMENT_2019 = 1240
"""Force Response officers in 2019 (seed 002)."""

ARRESTS_2019 = 51_771
"""Persons arrested in WMP in 2019 (seed 002, chapter on custody)."""

UPLIFT_OFFICERS = 252
"""The uplift of Force Response officers the seeds plan, aiming at 90% P1 and 70% P2."""

FITTED_DEPLOYABLE_SHARE = 0.436
"""The one fitted parameter's stored value: written by `wmp-tui simulate --fit`'s result."""

DEMAND_BY_HOUR: tuple[float, ...] = (
    4.4, 3.7, 3.1, 2.6, 2.1, 1.8, 2.0, 2.7, 3.5, 4.0, 4.3, 4.5,
    4.6, 4.7, 4.9, 5.3, 5.6, 5.7, 5.6, 5.4, 5.2, 5.0, 4.8, 4.5,
)  # fmt: skip
"""Relative demand per hour of the day, midnight first (shape of UK police incident demand)."""

SHIFT_PATTERNS: dict[str, tuple[tuple[int, int, float], ...]] = {
    # (start hour, length in hours, share of the officers on duty that day)
    "banded": ((6, 10, 0.20), (8, 10, 0.15), (12, 10, 0.15), (16, 10, 0.25), (21, 10, 0.25)),
    "fixed-3x8": ((6, 8, 1 / 3), (14, 8, 1 / 3), (22, 8, 1 / 3)),
    "flat": tuple((hour, 1, 1 / 24) for hour in range(24)),
    "demand-led": tuple(
        (hour, 1, d / sum(DEMAND_BY_HOUR)) for hour, d in enumerate(DEMAND_BY_HOUR)
    ),
}
"""Named shift patterns: staggered starts ("banded", WMP's as assumed), three equal shifts,
flat, or "demand-led" (officers on duty in proportion to each hour's demand: the ideal a
banded pattern aims at)."""

P2_P3_AREAS = ("npu", "force")
"""Where a P2/P3's response unit may come from: its own NPU, or anywhere in the force."""

NPU_SHARES: dict[str, float] = {
    "BE": 0.195, "BW": 0.195, "CV": 0.127, "DY": 0.110,
    "SH": 0.072, "SW": 0.113, "WS": 0.099, "WV": 0.089,
}  # fmt: skip
"""Share of demand, and of units, per NPU: resident population (ONS 2019 estimates)."""


@dataclass(frozen=True, slots=True)
class Assumptions:
    """Every value the simulation needs that the seeds do not give, with its default."""

    officers: int = ESTABLISHMENT_2019
    deployable_share: float = FITTED_DEPLOYABLE_SHARE
    abstraction_share: float = 0.25
    hours_per_officer_week: float = 40.0
    double_crewed_share: float = 0.5
    shift_pattern: str = "banded"
    dispatch: str = "nearest"
    reserve_units: int = 8
    p2_p3_area: str = "npu"
    npu_reserve_units: int = 1
    neighbourhood_units: int = 20
    traffic_units: int = 8
    arv_units: int = 8
    dog_units: int = 4
    units_per_p1: int = 1
    p1_backup_units: int = 0
    scene_minutes_p1: float = 120.0
    scene_minutes_p2: float = 90.0
    scene_minutes_p3: float = 75.0
    write_up_minutes: float = 0.0
    arrests_per_year: int = ARRESTS_2019
    arrest_share_response: float = 0.7
    custody_minutes: float = 240.0
    dispatch_minutes_p1: float = 1.5
    dispatch_minutes_p2: float = 3.0
    dispatch_minutes_p3: float = 5.0
    grading_minutes: float = 3.0
    queue_window: int = 6
    p4_book_minutes: float = 2.0
    p5_queue_minutes: float = 30.0
    p6_allocate_minutes: float = 720.0
    place_jitter_km: float = 1.0

    def with_changes(self, **changes: Any) -> Assumptions:
        """A copy with some values changed (unknown names are refused)."""
        return replace(self, **changes)

    def scene_minutes(self, grade: Grade) -> float:
        return {Grade.P1: self.scene_minutes_p1, Grade.P2: self.scene_minutes_p2}.get(
            grade, self.scene_minutes_p3
        )

    def dispatch_minutes(self, grade: Grade) -> float:
        return {Grade.P1: self.dispatch_minutes_p1, Grade.P2: self.dispatch_minutes_p2}.get(
            grade, self.dispatch_minutes_p3
        )

    def officers_per_unit(self) -> float:
        return 1.0 + self.double_crewed_share


@dataclass(frozen=True, slots=True)
class Explained:
    """One assumption as `--explain` prints it."""

    name: str
    value: object
    meaning: str
    source: str
    option: str


_WHY: dict[str, tuple[str, str]] = {
    "officers": (
        "Force Response officers on the establishment",
        "seed 002: 1,240 in 2019; '+252' is the planned uplift",
    ),
    "deployable_share": (
        "share of on-duty, non-abstracted officers free for calls (the rest: custody, "
        "prisoners, statements, briefings, refreshments)",
        "FITTED on P1 attainment 2019 (59% within 15 min) by `--fit`; the only fitted value",
    ),
    "abstraction_share": (
        "share of rostered officer hours lost to leave, sickness, training and court",
        "typical UK force abstraction rates of 20-30% (HMICFRS); not in the seeds",
    ),
    "hours_per_officer_week": (
        "hours each officer works a week",
        "the standard 40-hour police week (Police Regulations)",
    ),
    "double_crewed_share": (
        "share of response units crewed by two officers (officers per unit = 1 + this)",
        "WMP double-crews most night cars and some day cars; not in the seeds",
    ),
    "shift_pattern": (
        f"how the day's officers are spread over shifts ({', '.join(SHIFT_PATTERNS)})",
        "seed 002: a banded pattern with staggered starts to meet the peaks",
    ),
    "dispatch": (
        "nearest: closest suitable idle unit (the policy); reserve: P2/P3 wait while "
        "`reserve_units` or fewer response units are free, keeping them for P1",
        "the dispatch policy (data/policy/dispatch.toml); reserve is a published alternative",
    ),
    "reserve_units": (
        "free response units kept back for P1 under `--dispatch reserve`",
        "about one per NPU",
    ),
    "p2_p3_area": (
        "npu: a P2/P3 is sent a Force Response unit of its own NPU (other departments as the "
        "policy says); force: the nearest free response unit anywhere, as for a P1",
        "seed 002, ch. 3B: 'nearest resource, regardless of department' was the P1 approach; "
        "P2/P3 stay with the NPU's response team",
    ),
    "npu_reserve_units": (
        "a P2/P3 waits while its NPU has this many or fewer free response units, kept for a "
        "P1 (0: none kept)",
        "dispatchers keep an NPU's last car for an emergency (plain operational practice); "
        "measured, not fitted",
    ),
    "neighbourhood_units": (
        "neighbourhood officers on duty 07:00-23:00 who may take a P1 or a fall-back P2/P3",
        "an estimate: WMP's neighbourhood teams are several hundred officers on day shifts",
    ),
    "traffic_units": ("roads policing units on duty at any time", "an estimate; not in the seeds"),
    "arv_units": ("armed response vehicles on duty at any time", "an estimate; not in the seeds"),
    "dog_units": ("dog units on duty at any time", "an estimate; not in the seeds"),
    "units_per_p1": (
        "attending units sent to each P1 (the nearest first; more for back-up)",
        "one: the policy recommends the nearest suitable unit; forces often send two",
    ),
    "p1_backup_units": (
        "more units sent to a P1 where violence is used or threatened or a weapon is involved "
        "(as the dispatch policy's [armed_or_violent] reads it)",
        "officer safety: nobody faces violence alone; sent when the first car is single-crewed "
        "(a draw at `double_crewed_share`); off by default (0): measured, it refits the share "
        "higher and leaves P2 faster (README)",
    ),
    "scene_minutes_p1": (
        "mean minutes a unit is committed after arriving at a P1 (scene, arrest, hospital)",
        "an estimate from response-time studies: P1 jobs take about two hours",
    ),
    "scene_minutes_p2": ("mean minutes committed after arriving at a P2", "an estimate"),
    "scene_minutes_p3": ("mean minutes committed after arriving at a P3", "an estimate"),
    "write_up_minutes": (
        "mean minutes the first unit at a P1-P3 spends writing it up after the scene (crime "
        "report, statement, DASH form), at status 7: deployable to a P1 only",
        "DOMAIN §5: status 7 is committed but deployable, for P1 only; off by default (0): at "
        "60 min the units writing up become a P1-only reserve, P1 no longer measures capacity "
        "and the fit starves P2 (README)",
    ),
    "arrests_per_year": (
        "persons arrested a year",
        "seed 002: 51,771 arrests in 2019",
    ),
    "arrest_share_response": (
        "share of those arrests made by Force Response at P1-P3 logs whose offender is there "
        "or detained (the rest: warrants, investigations, proactive teams)",
        "an estimate: most arrests follow a call for service",
    ),
    "custody_minutes": (
        "mean minutes an arresting unit is tied up with its prisoner (status 9: conveying, "
        "waiting to book in, booking in, the arrest statement), not deployable",
        "an estimate: the Home Office's 5 hours to process an arrest (Hansard, 2003-04), "
        "less the interview and file investigators take on",
    ),
    "dispatch_minutes_p1": (
        "minutes from grading to a P1 unit moving (dispatcher and crew reaction)",
        "an estimate: a P1 is resourced within 4 minutes by policy (DOMAIN §6)",
    ),
    "dispatch_minutes_p2": ("minutes from grading to a P2 unit moving", "an estimate"),
    "dispatch_minutes_p3": ("minutes from grading to a P3 unit moving", "an estimate"),
    "grading_minutes": (
        "minutes from answering the contact to the first grading",
        "mean 999 call 4 min 4 s (DOMAIN §1); grading comes before the call ends",
    ),
    "queue_window": (
        "a freed unit takes the nearest of this many oldest waiting logs of the top grade",
        "dispatchers prefer the nearest of the oldest; an estimate",
    ),
    "p4_book_minutes": ("minutes from grading to a P4 appointment booked", "booked on the call"),
    "p5_queue_minutes": (
        "mean minutes from grading to a P5 queued to Initial Investigation",
        "an estimate",
    ),
    "p6_allocate_minutes": (
        "mean minutes from grading to a P6 allocated to the neighbourhood team",
        "an estimate: allocated at the team's next daily briefing",
    ),
    "place_jitter_km": (
        "incidents lie up to this far (km) from a gazetteer place of their NPU",
        "the gazetteer has 380 places; spreading them avoids false exact matches",
    ),
}


def option_name(name: str) -> str:
    """The `wmp-tui simulate` option for an assumption, e.g. `--scene-minutes-p1`."""
    return "--" + name.replace("_", "-")


def explain(assumptions: Assumptions) -> list[Explained]:
    """Every assumption with its value, meaning, source and option, in declaration order."""
    return [
        Explained(
            f.name,
            getattr(assumptions, f.name),
            _WHY[f.name][0],
            _WHY[f.name][1],
            option_name(f.name),
        )
        for f in fields(assumptions)
    ]


FIXED_INPUTS: tuple[tuple[str, str, str], ...] = (
    ("demand per grade", "the 2019 volumes; P9 = 43% of incident demand", "seed 002, chapter 3B"),
    ("demand by hour", "DEMAND_BY_HOUR (evening peak, 05:00 trough)", "typical UK profile"),
    ("demand by NPU", "resident population shares", "ONS 2019 mid-year estimates"),
    ("grading", "the real grading engine on call templates", "data/policy/grading.toml"),
    ("dispatch", "the real recommendation engine", "data/policy/dispatch.toml"),
    ("travel", "straight line x 1.4 at 48 km/h (blue lights) or 30 km/h", "DOMAIN §5"),
    ("places", "the gazetteer of data/seed.sql", "data/seed.sql"),
)
"""What the simulation takes from the seeds and the policy, not from an assumption."""
