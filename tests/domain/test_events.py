"""Each event type's payload model: what is stored is what the writer gave, read back typed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from wmp_tui.domain.events import (
    AdviceGiven,
    Closed,
    Created,
    DeadlineBreached,
    Graded,
    UnitAssigned,
    UnitStatusChanged,
    details_of,
    stored,
)
from wmp_tui.domain.log import EventType, LogEvent
from wmp_tui.domain.vocabulary import Channel, Grade, IncidentType

AT = datetime(2026, 12, 2, 3, 4, 5, 678901, tzinfo=UTC)
WRITTEN: dict[EventType, dict[str, Any]] = {
    EventType.CREATED: {
        "reference": "20261202-0001",
        "channel": "999",
        "incident_type": "burglary_dwelling",
        "narrative": "Someone in the house",
        "caller_id": 3,
        "address": "Colmore Row",
        "npu": "BW",
        "lat": 52.48,
        "lon": -1.9,
        "location_id": None,
        "answered_seconds": 4,
    },
    EventType.THRIVE_RECORDED: {"assessment": 7, "complete": False, "missing": ["Threat: q1"]},
    EventType.GRADED: {
        "grade": "P2",
        "proposed": "P2",
        "previous": None,
        "reasons": ["offender nearby"],
        "policy_version": "2026.2",
        "reason": None,
        "authorised_by": None,
        "downgrade": False,
        "deadline": AT.isoformat(),
        "p1_first": True,
        "thrive_due_at": AT.isoformat(),
    },
    EventType.REGRADED: {"grade": "P5", "previous": "P9", "reason": "CCTV found"},
    EventType.UNIT_ASSIGNED: {
        "unit": "BW01",
        "eta_minutes": 4.2,
        "diverted_from": None,
        "policy_version": "2026.2",
    },
    EventType.UNIT_DIVERTED_AWAY: {
        "unit": "BW01",
        "to": "20261202-0002",
        "to_grade": "P1",
        "why": "BW01 diverted to P1 20261202-0002",
        "back_to_queue": True,
    },
    EventType.UNIT_EN_ROUTE: {"unit": "BW01", "status": 5, "label": "en route"},
    EventType.UNIT_AT_SCENE: {"unit": "BW01", "status": 6, "label": "at scene"},
    EventType.UNIT_CLEARED: {"unit": "BW01", "status": 2, "label": "on patrol"},
    EventType.NOTE_ADDED: {"unit": "BW01", "status": 7, "label": "refreshments"},
    EventType.APPOINTMENT_BOOKED: {
        "psi": "PSI-3",
        "starts_at": AT.isoformat(),
        "ends_at": AT.isoformat(),
    },
    EventType.QUEUED: {"queue": "Force Initial Investigation team", "resource": "fii"},
    EventType.ADVICE_GIVEN: {"advice": ["crime_prevention"], "note": ""},
    EventType.CRIME_RECORDED: {"crime_number": "20/004711/26"},
    EventType.DUPLICATE_LINKED: {
        "channel": "101",
        "caller": "Bob Smith",
        "phone": "07700900123",
        "narrative": "same again",
    },
    EventType.CLOSED: {
        "result": "no_trace",
        "note": "",
        "duplicate_of": None,
        "unrecorded_crime_reason": None,
        "authorised_by": None,
    },
    EventType.UPDATE_ADDED: {"text": "suspect ran towards Six Ways"},
    EventType.DEADLINE_BREACHED: {"grade": "P1", "deadline": AT.isoformat(), "resourced": False},
    EventType.ESCALATION_RAISED: {"grade": "P2", "kind": "not_resourced", "why": "no unit"},
    EventType.DELAY_REASON_RECORDED: {"reason": "other", "label": "Other", "words": None},
    EventType.REOPENED: {"reason": "new evidence", "was": "no_trace"},
    EventType.DECISION_RECORDED: {
        "decision": "Send the ARV",
        "rationales": {"information": "a knife"},
        "ethics": "",
    },
    EventType.CALLBACK_RECORDED: {"note": "no answer"},
    EventType.REFERRAL_RECORDED: {
        "referral": "Marac referral",
        "screen": "dash",
        "reason": "DASH: high risk",
    },
    EventType.CONTACT_ADDED: {},
}


def test_every_event_type_has_a_model() -> None:
    assert set(WRITTEN) == set(EventType)


@pytest.mark.parametrize("kind", list(EventType))
def test_what_is_stored_is_what_the_writer_gave(kind: EventType) -> None:
    # The hash chain is made from the stored payload: it must not gain defaults or change form.
    assert stored(kind.value, WRITTEN[kind]) == WRITTEN[kind]


def test_a_payload_reads_back_typed() -> None:
    created = details_of("created", WRITTEN[EventType.CREATED])
    assert isinstance(created, Created)
    assert created.channel is Channel.EMERGENCY
    assert created.incident_type is IncidentType.BURGLARY_DWELLING
    graded = details_of("regraded", WRITTEN[EventType.REGRADED])
    assert isinstance(graded, Graded)
    assert (graded.grade, graded.previous) == (Grade.P5, Grade.P9)
    breached = details_of("deadline_breached", WRITTEN[EventType.DEADLINE_BREACHED])
    assert isinstance(breached, DeadlineBreached) and breached.deadline == AT
    status = details_of("unit_cleared", WRITTEN[EventType.UNIT_CLEARED])
    assert isinstance(status, UnitStatusChanged) and status.status == 2


def test_an_event_gives_its_details() -> None:
    event = LogEvent(id=1, log_id=1, type=EventType.UNIT_ASSIGNED, payload={"unit": "BW01"}, at=AT)
    assert isinstance(event.details, UnitAssigned)
    assert (event.details.unit, event.details.eta_minutes) == ("BW01", None)


def test_an_old_row_still_reads() -> None:
    # Written before a field existed (missing: defaulted), or with one no model names (kept).
    closed = details_of("closed", {"result": "no_trace", "legacy": 1})
    assert isinstance(closed, Closed)
    assert (closed.note, closed.authorised_by, closed.model_extra) == ("", None, {"legacy": 1})
    assert stored("closed", {"result": "no_trace", "legacy": 1}) == {
        "result": "no_trace",
        "legacy": 1,
    }
    advice = details_of("advice_given", {"advice": ["crime_prevention"]})
    assert isinstance(advice, AdviceGiven) and advice.note == ""


def test_a_payload_out_of_its_vocabulary_is_refused() -> None:
    with pytest.raises(ValidationError):
        stored("graded", {"grade": "P42"})
    with pytest.raises(ValidationError):
        stored("unit_assigned", {"unit": "BW01", "eta_minutes": "soon"})


def test_a_model_of_another_type_is_refused() -> None:
    with pytest.raises(ValueError, match="queued"):
        stored("closed", details_of("queued", {"queue": "FII"}))
