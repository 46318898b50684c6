"""One thing an operator does is one transaction: a refused step leaves nothing behind.

Closing a P9 with advice (the dispatch screen's Ctrl+S) records the crime (or a supervisor's
authorisation), the advice and the close. When the close is refused, none of them may stay
written on a log that stays open.
"""

from __future__ import annotations

import pytest

from tests.services.conftest import SUPERVISOR, TakeCall
from wmp_tui.domain.answering import Advice
from wmp_tui.domain.facts import Facts
from wmp_tui.domain.log import EventType
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.thrive import ThriveAssessment
from wmp_tui.domain.vocabulary import ResultCode
from wmp_tui.services import grading, intake, logbook
from wmp_tui.services.errors import Refused
from wmp_tui.services.room import Room

NOISE = {"engagement": {"resolvable_by_advice": True}, "prevention": {"partner": "council"}}
WRITTEN_BY_THE_CLOSE = {EventType.ADVICE_GIVEN, EventType.CRIME_RECORDED, EventType.CLOSED}


def _p9_with_a_thrive_to_finish(room: Room, dispatcher: Operator, graded_call: TakeCall) -> str:
    """A P9 whose latest THRIVE+ (a crime disclosed) is not complete: its close is refused."""
    log = graded_call("neighbour_dispute", NOISE)
    assert log.grade == "P9"
    unfinished = ThriveAssessment(facts=Facts.model_validate({"investigation": {"crime": True}}))
    grading.record_thrive(room, dispatcher, log.reference, unfinished)
    assert intake.get_log(room.store, log.reference).crime_disclosed
    return log.reference


@pytest.mark.parametrize(
    ("crime_number", "reason", "supervisor"),
    [
        ("20/000123/26", "", None),
        ("", "caller declined to give details", SUPERVISOR),
    ],
    ids=["crime-recorded", "supervisor-authorised"],
)
def test_a_refused_close_leaves_no_advice_crime_or_authorisation_behind(
    room: Room,
    dispatcher: Operator,
    graded_call: TakeCall,
    crime_number: str,
    reason: str,
    supervisor: tuple[str, str] | None,
) -> None:
    reference = _p9_with_a_thrive_to_finish(room, dispatcher, graded_call)
    before = logbook.history(room, reference)[1]

    with pytest.raises(Refused, match="needs a fresh THRIVE"):
        logbook.advise_and_close(
            room,
            dispatcher,
            reference,
            [Advice.CRIME_PREVENTION],
            "told to keep a diary",
            ResultCode.ADVICE_GIVEN,
            crime_number,
            reason,
            supervisor,
        )

    log, events = logbook.history(room, reference)
    assert log.state == "open"
    assert not log.crime_recorded
    assert [e.id for e in events] == [e.id for e in before]
    assert not {e.type for e in events} & WRITTEN_BY_THE_CLOSE
    assert not any(e.payload.get("authorised_by") for e in events)
