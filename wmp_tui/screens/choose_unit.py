"""Which unit a status is for, when more than one unit is on the log."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets.option_list import Option

from wmp_tui.services.board import UnitOnLog
from wmp_tui.widgets.plain_text import Label, OptionList, Static


class ChooseUnit(ModalScreen[str | None]):
    """↑↓ and Enter give the call sign; Escape gives None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, units: Sequence[UnitOnLog]) -> None:
        super().__init__()
        self.question = question
        self.units = units

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="choose-unit"):
            yield Label(self.question, classes="title")
            yield OptionList(
                *[
                    Option(f"{u.call_sign}  {int(u.status)} {u.label}", id=u.call_sign)
                    for u in self.units
                ],
                id="choose-unit-options",
            )
            yield Static("Enter chooses · Esc cancel", classes="hint")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
