"""ETAs that mean something: an ARV sent has its ETA recorded and no second ARV is offered
unless asked; the dispatch screen says when the best ETA is later than the time left; ETAs
under a minute read `< 1 min`."""

from __future__ import annotations

from textual.widgets import Static

from tests.screens.board_data import ASSAULT, graded
from tests.screens.conftest import SIZE, AppFactory
from tests.screens.test_board import until
from tests.screens.test_log_view import open_log
from wmp_tui.screens.dispatch import DispatchScreen
from wmp_tui.services import dispatch
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.event_words import eta_words
from wmp_tui.widgets.log_summary import LogSummary

KNIFE = {**ASSAULT, "threat": {**ASSAULT["threat"], "weapon": "knife"}}


def test_etas_under_a_minute_read_less_than_one_minute() -> None:
    assert eta_words(0.4) == "< 1 min"
    assert eta_words(0.0) == "< 1 min"
    assert eta_words(2.34) == "2.3 min"
    assert eta_words(None) == "no ETA"


async def test_an_arv_sent_has_its_eta_and_no_second_arv_is_offered(
    make_app: AppFactory,
) -> None:
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "weapons", KNIFE)
    options = dispatch.recommendations(app.room, log.reference)
    arv = next(o for o in options if o.is_arv)
    sent = dispatch.send(app.room, app.operator, log.reference, arv.unit_id)
    assert sent.eta_minutes is not None and sent.eta_minutes == arv.eta_minutes
    again = dispatch.recommendations(app.room, log.reference)
    assert not any(o.is_arv for o in again)
    asked = dispatch.recommendations(app.room, log.reference, another_arv=True)
    assert any(o.is_arv for o in asked)


async def test_dispatch_says_when_the_best_eta_is_later_than_the_time_left(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "violence", ASSAULT)
    clock.advance(minutes=15, seconds=30)
    async with app.run_test(size=SIZE) as pilot:
        await open_log(pilot, log.reference)
        await pilot.press("d")
        await until(
            pilot,
            lambda: isinstance(app.screen, DispatchScreen) and bool(app.screen.units.options),
        )
        warning = str(app.screen.query_one("#eta-warning", Static).render())
        assert warning.startswith("LATE: the best ETA on offer")
        assert "past the deadline" in warning


async def test_a_unit_en_route_past_its_eta_and_five_minutes_is_flagged_overdue(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "violence", ASSAULT)
    unit = dispatch.recommendations(app.room, log.reference)[0]
    sent = dispatch.send(app.room, app.operator, log.reference, unit.unit_id)
    assert sent.eta_minutes is not None
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(pilot, log.reference)
        summary = screen.query_one(LogSummary)
        clock.advance(minutes=sent.eta_minutes + 4.9)
        await pilot.pause(1.2)
        assert "OVERDUE" not in str(summary.render())
        clock.advance(minutes=0.2)
        await until(pilot, lambda: f"{unit.unit_id} 5 en route" in str(summary.render()))
        await until(pilot, lambda: "OVERDUE" in str(summary.render()))


def test_a_near_unit_is_not_called_late_for_a_far_arv() -> None:
    """Found in tmux: BE-R25 4.5 min away on a 15-minute P1 was told to 'look for a nearer
    unit' because the ARV beside it was 18.2 min away. The ARV is named as what is late."""
    from datetime import UTC, datetime

    from wmp_tui.domain.allocation import Recommendation
    from wmp_tui.domain.log import Log
    from wmp_tui.domain.vocabulary import Grade, UnitStatus, UnitType
    from wmp_tui.screens.dispatch import Situation, late_warning

    def option(unit: str, kind: UnitType, eta: float, arv: bool = False) -> Recommendation:
        return Recommendation(
            unit_id=unit,
            unit_type=kind,
            status=UnitStatus.ON_PATROL,
            eta_minutes=eta,
            distance_km=1.0,
            why="",
            is_arv=arv,
        )

    at = datetime(2026, 12, 1, 19, 29, tzinfo=UTC)
    log = Log(
        id=1,
        reference="20261201-0001",
        channel="999",
        incident_type="weapons",
        created_at=at,
        last_update_at=at,
    )
    options = [
        option("BE-R25", UnitType.RESPONSE, 4.5),
        option("SW-A01", UnitType.ARV, 18.2, arv=True),
    ]
    said = late_warning(Situation(log, Grade.P1, options, [], False, minutes_left=15.0))
    assert "best ETA on offer" not in said
    assert "SW-A01" in said and "BE-R25" not in said
    on_time = late_warning(Situation(log, Grade.P1, options[:1], [], False, minutes_left=15.0))
    assert on_time == ""
