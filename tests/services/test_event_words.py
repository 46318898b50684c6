"""How the log view words an event: one readable line, never a wall of ids or nothing at all."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from wmp_tui.domain.log import EventType, LogEvent
from wmp_tui.services.event_words import describe

AT = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)


def said(kind: EventType, payload: dict[str, Any]) -> tuple[str, str]:
    line = describe(LogEvent(id=1, log_id=1, type=kind, payload=payload, at=AT), {})
    return line.event, line.details


def test_an_incomplete_thrive_is_one_line_counted_by_dimension() -> None:
    missing = [f"Threat: no answer to: question {n}?" for n in range(12)]
    missing += [f"Harm: no answer to: question {n}?" for n in range(20)]
    missing += ["Harm: no rationale: say briefly why you judged so"]
    event, details = said(EventType.THRIVE_RECORDED, {"complete": False, "missing": missing})
    assert event == "THRIVE+ recorded"
    assert details == "incomplete: 33 missing (Threat 12, Harm 21)"
    assert said(EventType.THRIVE_RECORDED, {"complete": True})[1] == "complete"


def test_a_key_decision_shows_what_was_decided() -> None:
    event, details = said(
        EventType.DECISION_RECORDED,
        {"decision": "Hold the P2 for the [dog] unit", "rationales": {}, "ethics": ""},
    )
    assert event == "Key decision (NDM)"
    assert details.startswith("Hold the P2 for the [dog] unit")
