"""A control room on a real database of each backend, with a clock the test moves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from typing import Any

import pytest

from wmp_tui.domain.facts import Facts
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.log import Log
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.thrive import Dimension, ThriveAssessment, assessment_from_facts
from wmp_tui.domain.vocabulary import IncidentType
from wmp_tui.files.policies import Policies, load_policies
from wmp_tui.services import grading, intake
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.room import Room
from wmp_tui.services.signin import sign_in
from wmp_tui.store.uow import Store

START = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
SUPERVISOR = ("Karen Whitehouse", "1234")


@cache
def policies() -> Policies:
    return load_policies()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def room(store: Store, clock: ManualClock) -> Room:
    return Room(store=store, clock=clock, policies=policies())


@pytest.fixture
def dispatcher(store: Store) -> Operator:
    return sign_in(store, "Jade Thompson", "1234")


@pytest.fixture
def handler(store: Store) -> Operator:
    return sign_in(store, "Sam Patel", "1234")


def complete(room: Room, incident_type: str, facts: dict[str, Any]) -> ThriveAssessment:
    """An assessment with every asked question answered and every rationale written."""
    asked = room.policies.questions.asked(IncidentType(incident_type))
    answered: dict[Dimension, list[str]] = {d: [] for d in Dimension}
    for question in asked:
        answered[question.dimension].append(question.id)
    return assessment_from_facts(
        Facts.model_validate(facts),
        {d: f"{d.label} judged from the caller's account." for d in Dimension},
        answered,
    )


TakeCall = Callable[..., Log]


@pytest.fixture
def graded_call(room: Room, dispatcher: Operator) -> TakeCall:
    """Take a call at a place, record a complete THRIVE+ of these facts and grade it."""

    def take(
        incident_type: str,
        facts: dict[str, Any],
        *,
        lat: float = 52.4128,
        lon: float = -1.7781,
        npu: str = "SH",
        **details: Any,
    ) -> Log:
        log = intake.take_call(
            room.store,
            room.clock,
            dispatcher,
            CallDetails(
                channel="999",
                incident_type=incident_type,
                address="Touchwood",
                npu=npu,
                lat=lat,
                lon=lon,
                **details,
            ),
        )
        grading.record_thrive(room, dispatcher, log.reference, complete(room, incident_type, facts))
        grading.grade(room, dispatcher, log.reference)
        return intake.get_log(room.store, log.reference)

    return take
