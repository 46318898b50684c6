"""The board's reads on SQLite and PostgreSQL: pages in order with their clocks, filters done in
the query, counts and the tipping point, the change feed, and a log's history in plain words.

Every expectation is checked against what the services wrote (or against the pure domain
given the same rows), so a query that drifts from the domain's rules fails here.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from tests.screens.board_data import ASSAULT, BURGLARY, NOISE
from tests.services.conftest import SUPERVISOR, TakeCall, complete
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.log import EventType
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.sla import AlertKind, ClockState, TippingLevel, tipping_point
from wmp_tui.domain.vocabulary import Grade, ResultCode, UnitStatus
from wmp_tui.services import board, dispatch, grading, intake, logbook
from wmp_tui.services.board import BoardFilter
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.errors import Refused
from wmp_tui.services.room import Room
from wmp_tui.store.tables import LogRow, UnitRow

# Wolverhampton city centre: far from Solihull, so each test's units do not collide.
WOLVES = {"lat": 52.5862, "lon": -2.1288, "npu": "WV"}


def test_open_logs_come_most_urgent_first_with_their_clocks(
    room: Room, graded_call: TakeCall, clock: ManualClock
) -> None:
    noise = graded_call("neighbour_dispute", NOISE)
    burglary = graded_call("burglary_dwelling", BURGLARY)
    clock.advance(minutes=1)
    p1 = graded_call("violence", ASSAULT)
    assert (noise.grade, burglary.grade, p1.grade) == ("P9", "P3", "P1")

    page = board.log_page(room)
    assert [line.reference for line in page.rows] == [
        p1.reference,
        burglary.reference,
        noise.reference,
    ]
    assert (page.number, page.pages, page.total) == (1, 1, 3)
    first = page.rows[0]
    assert first.grade is Grade.P1 and first.incident_type == "violence" and first.npu == "SH"
    assert first.sla is not None and first.sla.deadline == clock.now() + timedelta(minutes=15)
    assert first.sla.time_left == timedelta(minutes=15) and first.sla.state is ClockState.RUNNING
    assert first.alerts == ()
    assert page.rows[2].sla is not None and page.rows[2].sla.state is ClockState.NO_SLA

    # At exactly 4 minutes after grading an unresourced P1 escalates; the line can be brought
    # up to a later time without reading the database again.
    later = first.at(clock.now() + timedelta(minutes=4), room.policies.dispatch)
    assert later.alerts == (AlertKind.NOT_RESOURCED,)
    assert later.sla is not None and later.sla.time_left == timedelta(minutes=11)
    assert (
        first.at(clock.now() + timedelta(minutes=3, seconds=59), room.policies.dispatch).alerts
        == ()
    )


def test_an_arrival_meets_the_sla_and_a_resourced_log_does_not_escalate(
    room: Room, dispatcher: Operator, graded_call: TakeCall, clock: ManualClock
) -> None:
    log = graded_call("violence", ASSAULT, **WOLVES)
    unit = dispatch.recommendations(room, log.reference)[0].unit_id
    clock.advance(minutes=2)
    dispatch.send(room, dispatcher, log.reference, unit)
    clock.advance(minutes=5)
    line = board.log_page(room).rows[0]
    assert line.reference == log.reference and line.alerts == ()
    assert line.sla is not None and line.sla.state is ClockState.RUNNING
    dispatch.update_status(room, dispatcher, unit, UnitStatus.AT_SCENE)
    clock.advance(minutes=20)  # past the 15 minutes: the arrival at 7 minutes kept the promise
    line = board.log_page(room).rows[0]
    assert line.sla is not None and line.sla.state is ClockState.MET
    assert line.sla.time_left == timedelta(minutes=8)


def test_training_logs_never_appear_on_the_live_board(
    room: Room, dispatcher: Operator, graded_call: TakeCall
) -> None:
    live = graded_call("violence", ASSAULT)
    drill = Room(room.store, room.clock, room.policies, training=True)
    practice = intake.take_call(
        room.store,
        room.clock,
        dispatcher,
        CallDetails(channel="999", incident_type="theft", address="Touchwood", npu="SH"),
        training=True,
    )
    assert [line.reference for line in board.log_page(room).rows] == [live.reference]
    assert board.summary(room).open_logs == 1
    assert [line.reference for line in board.log_page(drill).rows] == [practice.reference]
    assert board.summary(drill).open_logs == 1


def test_pages_are_cut_in_the_query_and_a_page_past_the_end_is_the_last(
    room: Room, graded_call: TakeCall
) -> None:
    made = [graded_call("burglary_dwelling", BURGLARY) for _ in range(5)]
    first = board.log_page(room, 1, size=2)
    assert (first.number, first.pages, first.total, len(first.rows)) == (1, 3, 5, 2)
    last = board.log_page(room, 99, size=2)
    assert last.number == 3 and [r.reference for r in last.rows] == [made[4].reference]
    units = board.unit_page(room, 2, size=50)
    with room.store.unit_of_work(read_only=True) as uow:
        on_duty = uow.session.scalar(
            select(func.count()).select_from(UnitRow).where(UnitRow.status != 11)
        )
        expected = uow.session.scalars(
            select(UnitRow.call_sign)
            .where(UnitRow.status != 11)
            .order_by(UnitRow.call_sign)
            .offset(50)
            .limit(50)
        ).all()
    assert units.total == on_duty and len(units.rows) == 50
    assert [u.call_sign for u in units.rows] == expected


def test_the_filter_is_done_in_the_query(
    room: Room, dispatcher: Operator, graded_call: TakeCall
) -> None:
    p1 = graded_call("violence", ASSAULT, **WOLVES)
    p3 = graded_call("burglary_dwelling", BURGLARY)
    unit = dispatch.recommendations(room, p1.reference)[0].unit_id
    dispatch.send(room, dispatcher, p1.reference, unit)

    def refs(text: str) -> list[str]:
        return [line.reference for line in board.log_page(room, 1, BoardFilter.parse(text)).rows]

    assert refs("P1") == [p1.reference]
    assert refs("p3 sh") == [p3.reference]
    assert refs("P1 P3") == [p1.reference, p3.reference]
    assert refs("WV burg") == []
    assert refs("burglary") == [p3.reference]
    assert refs("touchWOOD") == [p1.reference, p3.reference]  # any case, in the address
    assert refs("nowhere") == []
    assert refs(p3.reference[-4:]) == [p3.reference]
    assert refs(unit) == [p1.reference]  # a call sign finds the log it is on
    assert refs("s0") == [p1.reference, p3.reference]  # a status does not narrow logs

    on_p1 = board.unit_page(room, 1, BoardFilter.parse(p1.reference)).rows
    assert [u.call_sign for u in on_p1] == [unit]
    assert on_p1[0].log_reference == p1.reference and on_p1[0].grade is Grade.P1
    arvs = board.unit_page(room, 1, BoardFilter.parse("arv WV")).rows
    assert arvs and all(u.type.value == "arv" and u.npu == "WV" for u in arvs)
    off = board.unit_page(room, 1, BoardFilter.parse("s11")).rows
    assert off and all(u.status is UnitStatus.OFF_DUTY for u in off)
    assert all(u.status is not UnitStatus.OFF_DUTY for u in board.unit_page(room).rows)
    assert BoardFilter.parse("P1 BW s0 arv burg 42").words == ("burg", "42")
    # A word that begins an incident type still finds it in an address.
    assert refs("touchwood") == refs("TOUCH") == [p1.reference, p3.reference]


def test_an_alarm_is_first_on_the_unit_board_and_in_the_summary(
    room: Room, dispatcher: Operator, clock: ManualClock
) -> None:
    clock.advance(minutes=3)
    dispatch.update_status(room, dispatcher, "WV-R02", UnitStatus.EMERGENCY)
    first = board.unit_page(room).rows[0]
    assert first.call_sign == "WV-R02" and first.alarm and first.label.startswith("EMERGENCY")
    alarms = board.summary(room).alarms
    assert [(a.call_sign, a.npu, a.since) for a in alarms] == [("WV-R02", "WV", clock.now())]
    dispatch.update_status(room, dispatcher, "WV-R02", UnitStatus.ON_DUTY)
    assert board.summary(room).alarms == ()
    assert board.unit_page(room).rows[0].call_sign != "WV-R02"


def test_counts_escalations_stale_units_and_the_tipping_point(
    room: Room, dispatcher: Operator, graded_call: TakeCall, clock: ManualClock
) -> None:
    with room.store.unit_of_work() as uow:
        uow.session.execute(update(UnitRow).values(status_since=clock.now()))
        uow.commit()
    p1 = graded_call("violence", ASSAULT)
    graded_call("burglary_dwelling", BURGLARY)
    graded_call("neighbour_dispute", NOISE)
    quiet = board.summary(room)
    assert (quiet.open_logs, quiet.not_resourced, quiet.rethrive_due, quiet.stale_units) == (
        3,
        0,
        0,
        0,
    )
    with room.store.unit_of_work(read_only=True) as uow:
        free = uow.session.scalar(
            select(func.count())
            .select_from(UnitRow)
            .where(UnitRow.type == "response", UnitRow.status.in_([1, 2, 3]))
        )
        on_duty = uow.session.scalar(
            select(func.count()).select_from(UnitRow).where(UnitRow.status != 11)
        )
    assert quiet.units_on_duty == on_duty
    assert quiet.tipping == tipping_point(2, int(free or 0), room.policies.dispatch)

    clock.advance(minutes=4)
    assert board.summary(room).not_resourced == 1  # the P1, at its minute
    unit = dispatch.recommendations(room, p1.reference)[0].unit_id
    dispatch.send(room, dispatcher, p1.reference, unit)
    after = board.summary(room)
    assert after.not_resourced == 0
    assert after.tipping == tipping_point(1, int(free or 0) - 1, room.policies.dispatch)

    clock.advance(minutes=206)  # 3.5 h after grading: the two logs nobody touched since
    late = board.summary(room)
    assert late.rethrive_due == 2
    clock.advance(minutes=4)  # and 3.5 h after the P1's dispatch
    assert board.summary(room).rethrive_due == 3
    assert late.stale_units > 0
    with room.store.unit_of_work() as uow:
        uow.session.execute(update(UnitRow).where(UnitRow.type == "response").values(status=8))
        uow.commit()
    assert board.summary(room).tipping.level is TippingLevel.RED


def test_the_change_feed_names_the_logs_and_units_that_changed(
    room: Room, dispatcher: Operator, graded_call: TakeCall
) -> None:
    start = board.board(room)
    assert not board.changes(room, start.cursor, start.units_token)
    log = graded_call("violence", ASSAULT, **WOLVES)
    found = board.changes(room, start.cursor, start.units_token)
    assert found.log_ids == {log.id} and found.call_signs == frozenset()
    assert found.cursor > start.cursor and not found.units_changed

    unit = dispatch.recommendations(room, log.reference)[0].unit_id
    dispatch.send(room, dispatcher, log.reference, unit)
    sent = board.changes(room, found.cursor, found.units_token)
    assert sent.log_ids == {log.id} and sent.call_signs == {unit} and sent.units_changed

    # A unit on no log changes without any event: the unit token still moves.
    dispatch.update_status(room, dispatcher, "WV-R02", UnitStatus.EMERGENCY)
    alarm = board.changes(room, sent.cursor, sent.units_token)
    assert alarm.log_ids == frozenset() and alarm.units_changed and alarm.cursor == sent.cursor
    assert not board.changes(room, alarm.cursor, alarm.units_token)

    # Training work changes nothing on the live board.
    intake.take_call(
        room.store,
        room.clock,
        dispatcher,
        CallDetails(channel="999", incident_type="theft", address="Touchwood", npu="SH"),
        training=True,
    )
    quiet = board.changes(room, alarm.cursor, alarm.units_token)
    assert not quiet and quiet.cursor > alarm.cursor


def test_a_log_detail_tells_its_history_in_plain_words(
    room: Room, dispatcher: Operator, graded_call: TakeCall, clock: ManualClock
) -> None:
    log = graded_call("violence", ASSAULT, **WOLVES, narrative="Fight in the square")
    unit = dispatch.recommendations(room, log.reference)[0].unit_id
    clock.advance(minutes=2)
    dispatch.send(room, dispatcher, log.reference, unit)
    detail = board.log_detail(room, log.reference)
    assert [(u.call_sign, u.status, u.assignment) for u in detail.units] == [
        (unit, UnitStatus.EN_ROUTE, "assigned")
    ]
    assert detail.crime_unrecorded
    clock.advance(minutes=5)
    dispatch.update_status(room, dispatcher, unit, UnitStatus.AT_SCENE)
    logbook.record_advice(room, dispatcher, log.reference, [logbook.Advice.SAFEGUARDING], "leaflet")
    logbook.record_crime(room, dispatcher, log.reference, "20/001234/26")
    dispatch.update_status(room, dispatcher, unit, UnitStatus.ON_PATROL)
    # Closing needs a fresh THRIVE+ (a re-THRIVE, DOMAIN.md §3).
    grading.record_thrive(room, dispatcher, log.reference, complete(room, "violence", ASSAULT))
    logbook.close(room, dispatcher, log.reference, ResultCode.ARREST, note="one arrested")

    detail = board.log_detail(room, log.reference)
    assert detail.units == () and not detail.crime_unrecorded
    assert detail.log.state == "closed"
    history = detail.history
    assert [h.event for h in history] == [
        "Log created",
        "THRIVE+ recorded",
        "Graded P1",
        f"{unit} assigned",
        f"{unit} at scene",
        "Advice given",
        "Crime recorded",
        f"{unit} cleared",
        "THRIVE+ recorded",
        "Closed: arrest",
    ]
    assert {h.operator for h in history} == {dispatcher.name}
    assert history[0].details == "999 call: violence at Touchwood, WV. Fight in the square"
    assert "happening now" in history[2].details
    assert history[3].details.startswith("ETA ")
    assert history[5].details == "safeguarding. leaflet"
    assert history[6].details == "crime number 20/001234/26"
    assert history[9].details == "one arrested"
    assert [h.at for h in history][-1] == clock.now()
    with pytest.raises(Refused, match="No log"):
        board.log_detail(room, "20261123-9999")


def test_a_regrade_and_an_authorised_close_read_plainly(
    room: Room, dispatcher: Operator, graded_call: TakeCall, clock: ManualClock
) -> None:
    log = graded_call("burglary_dwelling", BURGLARY)
    clock.advance(minutes=30)  # the re-THRIVE is a fresh entry, half an hour later
    grading.record_thrive(
        room, dispatcher, log.reference, complete(room, "burglary_dwelling", BURGLARY)
    )
    grading.grade(
        room,
        dispatcher,
        log.reference,
        chosen=Grade.P5,
        reason="caller will not be home",
        supervisor=SUPERVISOR,
    )
    logbook.close(
        room,
        dispatcher,
        log.reference,
        ResultCode.NO_TRACE,
        unrecorded_crime_reason="caller withdrew the allegation",
        supervisor=SUPERVISOR,
    )
    history = board.log_detail(room, log.reference).history
    regraded = next(h for h in history if h.event.startswith("Re-graded"))
    assert regraded.event == "Re-graded P5 (was P3)"
    assert "caller will not be home" in regraded.details
    assert f"authorised by {SUPERVISOR[0]}" in regraded.details
    closed = history[-1]
    assert closed.event == "Closed: no trace"
    assert closed.details == (
        f"Closed with the crime unrecorded: caller withdrew the allegation "
        f"(authorised by {SUPERVISOR[0]})"
    )
    with room.store.unit_of_work(read_only=True) as uow:
        row = uow.session.scalars(select(LogRow).where(LogRow.id == log.id)).one()
        assert (row.state, row.result_code) == ("closed", "no_trace")
    assert EventType.CLOSED.value in {e.type.value for e in logbook.history(room, log.reference)[1]}


def test_a_log_closed_before_its_deadline_is_never_breached_later() -> None:
    """Found by the QA walk: a P1 closed at 7 minutes (deadline 15) was shown 'BREACHED' by
    `log show` and its clock in the closed list went on counting after the close."""
    from datetime import UTC, datetime, timedelta

    from wmp_tui.domain.sla import ClockState, OpenLog
    from wmp_tui.domain.vocabulary import Grade
    from wmp_tui.files.policies import load_policies
    from wmp_tui.services.board import LogLine

    graded = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    clock = OpenLog(
        reference="20261123-0042",
        grade=Grade.P1,
        graded_at=graded,
        last_update_at=graded,
        deadline=graded + timedelta(minutes=15),
    )
    closed = graded + timedelta(minutes=7)
    line = LogLine(
        1, "20261123-0042", Grade.P1, "weapons", "BE", "Broad Street", graded, clock, graded,
        closed_at=closed,
    )  # fmt: skip
    later = line.at(graded + timedelta(minutes=40), load_policies(None).dispatch)
    assert later.sla is not None
    assert later.sla.state is not ClockState.BREACHED
    assert later.sla.time_left == timedelta(minutes=8)
    assert not later.breached
