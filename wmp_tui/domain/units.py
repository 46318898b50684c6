"""Units on duty: who they are, where they are and what they are doing (DOMAIN.md §5)."""

from __future__ import annotations

from pydantic import Field

from wmp_tui.domain.facts import Strict
from wmp_tui.domain.vocabulary import Grade, Npu, Skill, UnitStatus, UnitType


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
