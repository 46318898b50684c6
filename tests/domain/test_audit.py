"""The assignment audit replays a unit's history: on one log at a time, or a fault named."""

from __future__ import annotations

from wmp_tui.domain.audit import audit_assignments
from wmp_tui.domain.log import EventType

ASSIGNED, CLEARED, DIVERTED = (
    EventType.UNIT_ASSIGNED,
    EventType.UNIT_CLEARED,
    EventType.UNIT_DIVERTED_AWAY,
)


def test_assigned_cleared_and_assigned_again_is_clean() -> None:
    audit = audit_assignments(
        [(ASSIGNED, "BE11", 1), (CLEARED, "BE11", 1), (ASSIGNED, "BE11", 2), (ASSIGNED, "BE12", 2)]
    )
    assert audit.assignments == 3
    assert audit.faults == ()


def test_a_diversion_ends_the_job_on_the_former_log() -> None:
    audit = audit_assignments([(ASSIGNED, "BE11", 7), (DIVERTED, "BE11", 7), (ASSIGNED, "BE11", 9)])
    assert audit.faults == ()


def test_a_unit_assigned_while_on_another_log_is_a_double() -> None:
    audit = audit_assignments([(ASSIGNED, "BE11", 1), (ASSIGNED, "BE11", 2), (CLEARED, "BE11", 2)])
    assert audit.doubles == ("BE11 assigned to log 2 while still on log 1",)
    assert audit.strays == ()


def test_leaving_a_log_the_unit_was_not_on_is_a_stray() -> None:
    audit = audit_assignments([(ASSIGNED, "BE11", 1), (CLEARED, "BE11", 3)])
    assert audit.strays == ("BE11 left log 3 but was on log 1",)
    assert audit.faults == audit.strays


def test_other_events_are_ignored() -> None:
    audit = audit_assignments([(EventType.NOTE_ADDED, "BE11", 1), (EventType.CREATED, "x", 1)])
    assert audit.assignments == 0 and audit.faults == ()
