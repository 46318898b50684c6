"""DASH beyond the count (DOMAIN.md §3, 2026.2): potential escalation found in the earlier
contacts, and the Marac referral and supervisor alert a high result records on the log."""

from __future__ import annotations

from tests.services.conftest import TakeCall, complete
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.log import EventType
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.vocabulary import IncidentType
from wmp_tui.services import grading, intake, logbook
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.room import Room

VICTIM = {"caller_name": "Dawn Price", "phone": "07700 900456", "address": "12 Lode Lane"}


def _domestic_call(room: Room, operator: Operator, **details: object) -> str:
    log = intake.take_call(
        room.store,
        room.clock,
        operator,
        CallDetails.model_validate(
            {"channel": "101", "incident_type": "domestic_abuse", "npu": "SH", **details}
        ),
    )
    return log.reference


def test_earlier_domestic_abuse_for_the_same_victim_within_12_months_is_counted(
    room: Room, dispatcher: Operator, clock: ManualClock
) -> None:
    _domestic_call(room, dispatcher, **VICTIM)  # over 12 months before the others: too old
    clock.advance(days=400)
    for _ in range(2):
        _domestic_call(room, dispatcher, **VICTIM)
        clock.advance(days=100)
    _domestic_call(
        room, dispatcher, caller_name="Someone Else", phone="07700 900999", address="3 Elm Road"
    )
    clock.advance(days=10)
    latest = _domestic_call(room, dispatcher, **VICTIM)
    assert grading.earlier_incidents(room, latest, "domestic_abuse", 12) == 2
    clock.advance(days=1)
    again = _domestic_call(room, dispatcher, **VICTIM)
    assert grading.earlier_incidents(room, again, "domestic_abuse", 12) == 3
    (screen,) = room.policies.questions.screens_for(IncidentType.DOMESTIC_ABUSE)
    assert screen.score({}, earlier_incidents=3).level == "high"


def test_a_high_dash_records_a_marac_referral_and_alerts_the_supervisor_once(
    room: Room, dispatcher: Operator, graded_call: TakeCall
) -> None:
    facts = {"risk": {"dash_risk": "high"}, "vulnerability": {"flags": ["domestic_abuse"]}}
    log = graded_call("domestic_abuse", facts)
    history = logbook.history(room, log.reference)[1]
    referrals = [e for e in history if e.type is EventType.REFERRAL_RECORDED]
    assert [e.payload["referral"] for e in referrals] == ["Marac referral"]
    alerts = [e for e in history if e.type is EventType.ESCALATION_RAISED]
    assert [e.payload["to"] for e in alerts] == ["supervisor"]
    grading.record_thrive(room, dispatcher, log.reference, complete(room, "domestic_abuse", facts))
    history = logbook.history(room, log.reference)[1]
    assert sum(e.type is EventType.REFERRAL_RECORDED for e in history) == 1


def test_a_medium_dash_records_no_referral(room: Room, graded_call: TakeCall) -> None:
    log = graded_call("domestic_abuse", {"risk": {"dash_risk": "medium"}})
    history = logbook.history(room, log.reference)[1]
    assert not [e for e in history if e.type is EventType.REFERRAL_RECORDED]


def test_a_right_care_right_person_referral_records_what_the_caller_was_told_and_health_said(
    room: Room, graded_call: TakeCall
) -> None:
    facts = {
        "vulnerability": {"flags": ["mental_health"]},
        "engagement": {"told_police_will_not_attend": True},
        "prevention": {"partner": "health", "referral_accepted": True},
    }
    log = graded_call("mental_health", facts)
    assert log.grade == "P9"
    history = logbook.history(room, log.reference)[1]
    (referral,) = [e for e in history if e.type is EventType.REFERRAL_RECORDED]
    assert referral.payload == {
        "referral": "health (Right Care Right Person)",
        "caller_told_police_will_not_attend": True,
        "health_accepted": True,
    }
    attended = graded_call("mental_health", {"risk": {"serious_harm": True}})
    assert attended.grade == "P1"
    history = logbook.history(room, attended.reference)[1]
    assert not [e for e in history if e.type is EventType.REFERRAL_RECORDED]


def test_the_log_view_says_what_a_referral_recorded() -> None:
    from datetime import UTC, datetime

    from wmp_tui.domain.log import LogEvent
    from wmp_tui.services.event_words import describe

    event = LogEvent(
        id=1,
        log_id=1,
        type=EventType.REFERRAL_RECORDED,
        payload={
            "referral": "health (Right Care Right Person)",
            "caller_told_police_will_not_attend": True,
            "health_accepted": False,
        },
        at=datetime(2026, 11, 23, 20, 0, tzinfo=UTC),
    )
    line = describe(event, {})
    assert line.event == "Referral: health (Right Care Right Person)"
    assert line.details == "caller told police will not attend: yes. health accepted: no"
