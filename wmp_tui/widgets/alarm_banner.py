"""The status 0 alarm: an officer needs help now. It cannot be missed and cannot be dismissed.

The banner is across the top of the board while any unit is in status 0, names every such
unit, and goes only when the unit's status changes (the board reads status 0 units from the
database on every change, so another operator's alarm shows too).
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive

from wmp_tui.services.board import Alarm
from wmp_tui.services.event_words import local_time
from wmp_tui.widgets.plain_text import Static


class AlarmBanner(Static):
    """Hidden while no unit is in status 0; red, bold and across the board while one is."""

    alarms: reactive[tuple[Alarm, ...]] = reactive((), layout=True)
    """Every unit in status 0, oldest alarm first."""

    def watch_alarms(self, before: tuple[Alarm, ...], alarms: tuple[Alarm, ...]) -> None:
        self.set_class(bool(alarms), "-raised")
        if {a.call_sign for a in alarms} - {a.call_sign for a in before}:
            self.app.bell()  # another officer needs help

    def render(self) -> Text:
        if not self.alarms:
            return Text("")
        units = " · ".join(
            f"{alarm.call_sign} last seen near {alarm.place or alarm.npu} "
            f"since {local_time(alarm.since)}"
            + (f" on {alarm.log_reference}" if alarm.log_reference else " (on no log)")
            for alarm in self.alarms
        )
        return Text(f"STATUS 0 · OFFICER NEEDS HELP · {units}")
