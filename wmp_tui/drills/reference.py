"""A scenario's reference answers played through the services, with no screens.

The interim player and the engine of the service-level drill tests: it does what a good
operator does on the call (intake, the reference THRIVE+, the proposed grade, the advice,
the best unit or the queue, the appointment or the close) through the very services the
screens call. `wmp_tui.drills.player` plays the same answers through the real screens.
"""

from __future__ import annotations

from wmp_tui.domain.answering import Advice
from wmp_tui.domain.drills import Outcome, Scenario, best_units, reference_assessment
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.vocabulary import Grade, ResultCode
from wmp_tui.services import dispatch, grading, intake, logbook
from wmp_tui.services.drills import CallInDrill, DrillSession
from wmp_tui.services.room import Room

CRIME_NUMBER = "99/000001/26"
INTERNAL_TEAM = "Officer in the case"


def call_details(room: Room, scenario: Scenario) -> CallDetails:
    """The intake form as a good operator fills it in from what the caller says."""
    where = scenario.location
    location_id = None
    if where.place is not None:
        with room.store.unit_of_work(read_only=True) as uow:
            place = uow.locations.named(where.place)
        location_id = place.id if place is not None else None
    return CallDetails(
        channel=scenario.channel,
        incident_type=scenario.incident_type,
        narrative=scenario.opening,
        caller_name=scenario.caller.name,
        phone=scenario.caller.phone,
        relationship=scenario.caller.relationship,
        location_id=location_id,
        address=where.address,
        npu=where.npu,
        lat=where.lat,
        lon=where.lon,
    )


def play_with_services(session: DrillSession, operator: Operator) -> CallInDrill:
    """Answer the next ringing call and take it to its expected outcome; returns the call
    (scored by `session.finish(call.reference)`)."""
    call = session.answer_call()
    if call is None:
        raise LookupError("no drill call is ringing")
    room = session.room
    scenario = call.scenario
    log = intake.take_call(
        room.store, room.clock, operator, call_details(room, scenario), training=room.training
    )
    session.call_logged(log.reference)
    reference = log.reference
    assessment = reference_assessment(scenario, room.policies.questions)
    grading.record_thrive(room, operator, reference, assessment)
    graded = grading.grade(room, operator, reference)
    if scenario.advice:
        logbook.record_advice(room, operator, reference, [Advice(a) for a in scenario.advice])
    finish_call(room, operator, reference, scenario, graded.grade)
    return call


def finish_call(
    room: Room, operator: Operator, reference: str, scenario: Scenario, grade: Grade
) -> None:
    """After grading: send the best unit (and the ARV), book, queue, or close."""
    end = scenario.expected.end
    if end is Outcome.DISPATCHED:
        first, arv = best_units(dispatch.recommendations(room, reference))
        for call_sign in (first, arv):
            if call_sign is not None:
                dispatch.send(room, operator, reference, call_sign, confirm_diversion=True)
    elif end is Outcome.APPOINTMENT:
        slot = logbook.appointment_offers(room, reference)[0]
        logbook.book_appointment(room, operator, reference, slot)
    elif end is Outcome.QUEUED:
        team = INTERNAL_TEAM if grade is Grade.P8 else ""
        logbook.queue_work(room, operator, reference, team)
    else:
        log = intake.get_log(room.store, reference)
        if log.crime_disclosed and not log.crime_recorded:
            logbook.record_crime(room, operator, reference, CRIME_NUMBER)
        partner = Advice.PARTNER_REFERRAL.value in scenario.advice
        result = (
            ResultCode.CRIME_RECORDED
            if log.crime_disclosed
            else ResultCode.REFERRED_TO_PARTNER
            if partner
            else ResultCode.ADVICE_GIVEN
        )
        logbook.close(room, operator, reference, result)
