"""A P4's appointment: the investigators' free slots within the promise, to offer the caller."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.widgets.option_list import Option

from wmp_tui.domain.appointments import AppointmentSlot
from wmp_tui.domain.log import FORCE_TIMEZONE
from wmp_tui.widgets.dispatch.region import DispatchRegion
from wmp_tui.widgets.plain_text import OptionList, Static

NO_SLOT = "No investigator has a free slot within the promise: ask a supervisor."


def slot_words(slot: AppointmentSlot) -> str:
    start = slot.start.astimezone(FORCE_TIMEZONE)
    end = slot.end.astimezone(FORCE_TIMEZONE)
    return f"{start:%a %d %b %H:%M}–{end:%H:%M} · {slot.psi_id}"


class AppointmentSlots(DispatchRegion):
    """The slots on offer; Enter on one books it (the screen does)."""

    @property
    def slots(self) -> OptionList:
        return self.query_one("#slots", OptionList)

    def compose(self) -> ComposeResult:
        yield Static("Appointment with an investigator (P4)", classes="title")
        yield Static("Offer these to the caller; Enter books the one chosen.")
        yield OptionList(id="slots", markup=False)

    def show(self, slots: Sequence[AppointmentSlot]) -> bool:
        """Offer these slots, the first chosen; whether there is any to offer."""
        self.open("↑↓ choose a slot · Enter book it")
        self.slots.set_options(
            Option(slot_words(slot), id=str(index)) for index, slot in enumerate(slots)
        )
        if slots:
            self.slots.highlighted = 0
            self.slots.focus()
        return bool(slots)
