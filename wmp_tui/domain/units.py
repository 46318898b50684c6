"""Units on duty: who they are, where they are and what they are doing (DOMAIN.md §5).

A unit's national status code says what it may be asked to do:

- 0 *emergency assistance* is an alarm (an officer needs help now), never a dispatch state;
- 1 on duty, 2 on patrol, 3 at station are free: deployable to any grade;
- 7 committed but deployable may be diverted to a P1 only, and only from a P3–P9 job
  (the dispatch policy holds those grades and what an unknown job grade means);
- 4 refreshments, 5 en route, 6 at scene, 8 committed not deployable, 9 prisoner escort,
  10 at court and 11 off duty are not deployable;
- arrival at a job is recorded only by a change to 6 *at scene*.

Which statuses are deployable and how long a unit may sit in each before it is flagged stale
are force policy (`data/policy/dispatch.toml`). The order in which statuses may follow each
other is the grammar of the national codes, so it lives here, for the service that records a
status change to enforce.
"""

from __future__ import annotations

from typing import Protocol

from pydantic import Field

from wmp_tui.domain.facts import Strict
from wmp_tui.domain.vocabulary import STATUS_LABELS, Grade, Npu, Skill, UnitStatus, UnitType


class Unit(Strict):
    """A resource as the dispatcher sees it: a snapshot, not a live record."""

    id: str = Field(min_length=1, description="call sign, e.g. BW-R21")
    type: UnitType
    status: UnitStatus
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    skills: tuple[Skill, ...] = ()
    npu: Npu | None = None
    current_grade: Grade | None = None


class UnitView(Protocol):
    """What the recommendation reads from a unit.

    A `Unit` satisfies it, and so does any light row object with these attributes, so the
    store can hand over 2,000 units per call without building a pydantic model for each.
    """

    @property
    def id(self) -> str: ...
    @property
    def type(self) -> UnitType: ...
    @property
    def status(self) -> UnitStatus: ...
    @property
    def lat(self) -> float: ...
    @property
    def lon(self) -> float: ...
    @property
    def skills(self) -> tuple[Skill, ...]: ...
    @property
    def npu(self) -> Npu | None: ...
    @property
    def current_grade(self) -> Grade | None: ...


_S = UnitStatus
_FREE = frozenset({_S.ON_DUTY, _S.ON_PATROL, _S.AT_STATION})

STATUS_TRANSITIONS: dict[UnitStatus, frozenset[UnitStatus]] = {
    # The alarm is cleared into whatever the officer is doing once help has arrived.
    _S.EMERGENCY: frozenset(_S) - {_S.EMERGENCY},
    # A free unit goes en route before it is at scene, so every arrival has a journey; an
    # officer who comes upon an incident books 5 then 6 in the same minute.
    _S.ON_DUTY: frozenset(_S) - {_S.ON_DUTY, _S.AT_SCENE},
    _S.ON_PATROL: frozenset(_S) - {_S.ON_PATROL, _S.AT_SCENE},
    _S.AT_STATION: frozenset(_S) - {_S.AT_STATION, _S.AT_SCENE},
    # Refreshments may be cut short for a job; the unit books free or en route first.
    _S.REFRESHMENTS: _FREE | {_S.EN_ROUTE, _S.EMERGENCY, _S.OFF_DUTY},
    # En route ends at scene, or back to free when stood down; a diversion stays at 5.
    _S.EN_ROUTE: _FREE | {_S.AT_SCENE, _S.EMERGENCY},
    # At scene the unit clears (1–3), stays on the job (7 or 8), takes a prisoner (9) or
    # leaves for somewhere else on the same job, e.g. hospital (5).
    _S.AT_SCENE: _FREE
    | {_S.EN_ROUTE, _S.COMMITTED_DEPLOYABLE, _S.COMMITTED_NOT_DEPLOYABLE, _S.PRISONER_ESCORT}
    | {_S.EMERGENCY},
    _S.COMMITTED_DEPLOYABLE: _FREE
    | {_S.EN_ROUTE, _S.AT_SCENE, _S.COMMITTED_NOT_DEPLOYABLE, _S.PRISONER_ESCORT, _S.EMERGENCY},
    _S.COMMITTED_NOT_DEPLOYABLE: _FREE
    | {_S.REFRESHMENTS, _S.EN_ROUTE, _S.AT_SCENE, _S.COMMITTED_DEPLOYABLE}
    | {_S.PRISONER_ESCORT, _S.AT_COURT, _S.EMERGENCY, _S.OFF_DUTY},
    _S.PRISONER_ESCORT: _FREE
    | {_S.REFRESHMENTS, _S.COMMITTED_NOT_DEPLOYABLE, _S.AT_COURT, _S.EMERGENCY},
    _S.AT_COURT: _FREE | {_S.REFRESHMENTS, _S.EMERGENCY, _S.OFF_DUTY},
    # Booking on duty: on duty, or at station for a briefing.
    _S.OFF_DUTY: frozenset({_S.ON_DUTY, _S.AT_STATION}),
}
"""For each status, the statuses a unit may change to next. Staying put is not a change."""


class StatusChangeRefused(ValueError):
    """A status change the national codes do not allow, e.g. off duty straight to at scene."""


def check_status_change(current: UnitStatus, new: UnitStatus) -> None:
    """Refuse a status change the codes do not allow, saying which and why."""
    if new not in STATUS_TRANSITIONS[UnitStatus(current)]:
        raise StatusChangeRefused(
            f"a unit cannot go from {int(current)} {status_label(current)} "
            f"to {int(new)} {status_label(new)}"
        )


def status_label(status: UnitStatus) -> str:
    """The status code in the control room's words."""
    return STATUS_LABELS[UnitStatus(status)]


def is_alarm(status: UnitStatus) -> bool:
    """Status 0: an officer needs help now; it alerts every supervisor, whatever else."""
    return status == UnitStatus.EMERGENCY


def marks_arrival(status: UnitStatus) -> bool:
    """Only a change to 6 *at scene* records arrival; anything else would flatter the SLA."""
    return status == UnitStatus.AT_SCENE
