"""A unit's status from its log (`5` en route, `6` at scene, `c` clear): the one unit on the log,
or the one chosen when several are, is given the status and the log is read again."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from wmp_tui.domain.units import status_label
from wmp_tui.domain.vocabulary import UnitStatus
from wmp_tui.screens.choose_unit import ChooseUnit
from wmp_tui.services import dispatch
from wmp_tui.services.board import LogDetail

if TYPE_CHECKING:
    from wmp_tui.screens.log_view import LogScreen
    from wmp_tui.store.units import UnitOnBoard


class LogUnitStatus:
    """Status changes for the units on the log a `LogScreen` shows."""

    def __init__(self, screen: LogScreen) -> None:
        self.screen = screen

    def change(self, detail: LogDetail, status: UnitStatus) -> None:
        """Give a unit on this (open) log `status`, asking which when there are several."""
        screen = self.screen
        if not detail.units:
            screen.notify(f"No unit is on {screen.reference}.", severity="warning", timeout=4)
            return
        if len(detail.units) == 1:
            self._set(detail.units[0].call_sign, status)
            return

        def chosen(call_sign: str | None) -> None:
            if call_sign:
                self._set(call_sign, status)

        question = f"Which unit is {int(status)} {status_label(status)}?"
        screen.app.push_screen(ChooseUnit(question, detail.units), chosen)

    def _set(self, call_sign: str, status: UnitStatus) -> None:
        screen = self.screen
        operator = screen.room_app.operator
        if operator is None:
            return

        def changed(unit: UnitOnBoard) -> None:
            screen.report_done(f"{unit.id} is now {int(unit.status)} {status_label(unit.status)}.")

        screen.call_service(
            partial(dispatch.update_status, screen.room_app.room, operator, call_sign, status),
            done=changed,
            not_done=f"{call_sign}'s new status",
        )
