"""A unit's next status, chosen from the codes the national grammar allows after its current one.

Only the allowed next statuses are offered (`domain.units.STATUS_TRANSITIONS`), so an
impossible change is never typed; status 0 is among them because raising the alarm is the
unit's own call, passed on by whoever hears it.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets.option_list import Option

from wmp_tui.domain.units import STATUS_TRANSITIONS, status_label
from wmp_tui.domain.vocabulary import UnitStatus
from wmp_tui.widgets.plain_text import Label, OptionList, Static


class UnitStatusDialog(ModalScreen[UnitStatus | None]):
    """Up/down and Enter choose the new status; Escape leaves it as it is."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, call_sign: str, current: UnitStatus) -> None:
        super().__init__()
        self.call_sign = call_sign
        self.current = current

    def compose(self) -> ComposeResult:
        allowed = sorted(STATUS_TRANSITIONS[self.current])
        with Vertical(classes="dialog", id="unit-status"):
            yield Label(f"New status for {self.call_sign}", classes="title")
            yield Static(
                f"Now {int(self.current)} {status_label(self.current)}.", id="unit-status-now"
            )
            yield OptionList(
                *[Option(f"{int(s):>2}  {status_label(s)}", id=str(int(s))) for s in allowed],
                id="unit-status-options",
            )
            yield Static("Enter sets the status · Esc cancel", classes="hint")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(UnitStatus(int(event.option.id or 0)))

    def action_cancel(self) -> None:
        self.dismiss(None)
