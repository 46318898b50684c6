"""A unit's next status, chosen from the codes the national grammar allows after its current one.

Only the allowed next statuses are offered (`domain.units.STATUS_TRANSITIONS`), so an
impossible change is never typed; status 0 is among them because raising the alarm is the
unit's own call, passed on by whoever hears it.
"""

from __future__ import annotations

import time

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets.option_list import Option

from wmp_tui.domain.units import STATUS_TRANSITIONS, status_label
from wmp_tui.domain.vocabulary import UnitStatus
from wmp_tui.widgets.plain_text import Label, OptionList, Static

TWO_DIGITS_SECONDS = 1.0
"""How soon a second digit makes a two-digit code (10 at court, 11 off duty)."""


class UnitStatusDialog(ModalScreen[UnitStatus | None]):
    """The national code's digits (or up/down) pick the new status, Enter sets it; Escape
    leaves it as it is. Enter at once never raises the alarm: status 0 is never the status
    highlighted when the dialog opens."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, call_sign: str, current: UnitStatus) -> None:
        super().__init__()
        self.call_sign = call_sign
        self.current = current
        self.allowed = sorted(STATUS_TRANSITIONS[current])
        self._typed = ""
        self._typed_at = 0.0

    def compose(self) -> ComposeResult:
        allowed = self.allowed
        with Vertical(classes="dialog", id="unit-status"):
            yield Label(f"New status for {self.call_sign}", classes="title")
            yield Static(
                f"Now {int(self.current)} {status_label(self.current)}.", id="unit-status-now"
            )
            yield OptionList(
                *[Option(f"{int(s):>2}  {status_label(s)}", id=str(int(s))) for s in allowed],
                id="unit-status-options",
            )
            yield Static("Type the code or ↑↓ · Enter sets the status · Esc cancel", classes="hint")

    def on_mount(self) -> None:
        ordinary = [i for i, s in enumerate(self.allowed) if s != UnitStatus.EMERGENCY]
        self._options.highlighted = ordinary[0] if ordinary else 0

    @property
    def _options(self) -> OptionList:
        return self.query_one("#unit-status-options", OptionList)

    def on_key(self, event: events.Key) -> None:
        """A digit highlights that code (two digits within a second: 10, 11); Enter sets it."""
        if not (event.character and event.character.isdigit()):
            return
        event.stop()
        event.prevent_default()
        now = time.monotonic()
        joined = self._typed + event.character
        recent = now - self._typed_at <= TWO_DIGITS_SECONDS
        typed = joined if recent and self._allowed_index(joined) is not None else event.character
        self._typed, self._typed_at = typed, now
        index = self._allowed_index(typed)
        if index is None:
            self.notify(
                f"{self.call_sign} cannot go from {int(self.current)} to {typed}.",
                severity="warning",
                timeout=3,
            )
            return
        self._options.highlighted = index

    def _allowed_index(self, typed: str) -> int | None:
        codes = [int(s) for s in self.allowed]
        return codes.index(int(typed)) if int(typed) in codes else None

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(UnitStatus(int(event.option.id or 0)))

    def action_cancel(self) -> None:
        self.dismiss(None)
