"""A case: one call with its facts, the units on duty, and the answer the policy should reach.

Quality and policy staff keep a library of cases to test the grading and dispatch policies
headless (DOMAIN.md §8). Every field but `id` and `call.incident_type` may be left out; an
unknown field or value is refused, naming it.
"""

from __future__ import annotations

from pydantic import Field

from wmp_tui.domain.facts import Call, Facts, Strict
from wmp_tui.domain.units import Unit
from wmp_tui.domain.vocabulary import Grade


class Expected(Strict):
    """What the policies should reach for this case."""

    grade: Grade | None = None
    first_unit: str | None = Field(default=None, description="the best unit that is not an arv")
    arv: str | None = Field(default=None, description="the arv that must also be recommended")


MAX_UNITS = 2000
"""The most units a case may list: every unit a force of WMP's size has on duty."""


class Case(Strict):
    """One case of the grading and dispatch library."""

    id: str = Field(min_length=1)
    title: str = ""
    call: Call
    facts: Facts = Facts()
    units: tuple[Unit, ...] = Field(default=(), max_length=MAX_UNITS)
    expected: Expected | None = None
