"""A log's current state at the top of its view: grade, SLA countdown, escalation, crime
recording and the units on it. The clocks move every second (`now`) without a database read."""

from __future__ import annotations

from datetime import datetime

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive

from wmp_tui.domain.dispatch_policy import DispatchPolicy
from wmp_tui.domain.printable import printable
from wmp_tui.domain.sla import AlertKind, ClockState
from wmp_tui.services.board import LogDetail
from wmp_tui.services.event_words import eta_words, local_time, result_label, words
from wmp_tui.services.log_story import Contact
from wmp_tui.widgets.log_queue import span
from wmp_tui.widgets.plain_text import Static, as_typed


def _add(text: Text, words: str, style: str | Style | None = None) -> None:
    """Append words as typed: Rich drops control characters, so they are made visible first."""
    text.append(printable(words), style=style)


class LogSummary(Static):
    """What a log is and where it stands, in a few lines."""

    COMPONENT_CLASSES = {
        "log-summary--grade",
        "log-summary--breached",
        "log-summary--escalated",
        "log-summary--rethrive",
        "log-summary--muted",
    }

    detail: reactive[LogDetail | None] = reactive(None, layout=True)
    """The log as last read (laid out again: its lines are not those of "Reading the log…")."""
    now: reactive[datetime | None] = reactive(None)
    """The room's time, moved every second for the countdown."""

    def __init__(self, policy: DispatchPolicy, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.policy = policy
        self.contacts: tuple[Contact, ...] = ()
        """Who called: the first caller, then every linked contact (set before `detail`)."""

    def watch_detail(self, detail: LogDetail | None) -> None:
        closed = detail is not None and detail.log.state != "open"
        self.set_class(closed, "-closed")

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"log-summary--{name}", partial=True)

    def render(self) -> Text:
        detail = self.detail
        if detail is None:
            return Text("Reading the log…")
        log = detail.log
        line = detail.line.at(self.now or detail.line.now, self.policy)
        text = Text()
        _add(text, f"{log.reference}  ", style="bold")
        _add(text, log.grade or "not graded", style=self._style("grade" if log.grade else "muted"))
        _add(text, f"  {words(log.incident_type)} · {log.channel} · ")
        _add(text, ", ".join(x for x in (log.address, log.npu) if x) or "no place given")
        _add(text, f" · opened {local_time(log.created_at)}")
        if log.state != "open":
            result = result_label(log.result_code or "")
            when = local_time(log.closed_at) if log.closed_at else ""
            _add(text, f"\nCLOSED {when}: {result}", style=self._style("grade"))
        elif line.sla is not None and line.sla.deadline is not None:
            _add(text, f"\nSLA due {local_time(line.sla.deadline)} · ")
            if line.sla.state in (ClockState.MET, ClockState.MET_LATE):
                _add(text, "met" if line.sla.state is ClockState.MET else "met late")
            else:
                left = span(line.sla.time_left) if line.sla.time_left is not None else ""
                _add(text, f"{left} left", style=self._style("breached") if line.breached else "")
        elif log.grade:
            _add(text, f"\n{log.grade}: no SLA clock")
        if log.breached_at is not None:
            _add(
                text,
                f"  DEADLINE PASSED {local_time(log.breached_at)}",
                style=self._style("breached"),
            )
            if line.delay_reason_missing and log.state == "open":
                _add(text, "  reason for delay? (w)", style=self._style("escalated"))
        if AlertKind.NOT_RESOURCED in line.alerts:
            _add(text, "  NOT RESOURCED IN TIME", style=self._style("escalated"))
        if AlertKind.RETHRIVE_DUE in line.alerts:
            _add(text, "  re-THRIVE due (r)", style=self._style("rethrive"))
        if log.state == "open" and log.thrive_due_at is not None:
            late = AlertKind.THRIVE_LATE in line.alerts
            _add(
                text,
                f"\nTHRIVE+ {'LATE' if late else 'to complete'}: graded P1 before it was "
                f"complete, due {local_time(log.thrive_due_at)} (t completes it)",
                style=self._style("escalated" if late else "rethrive"),
            )
        if log.crime_disclosed:
            recorded = "recorded" if log.crime_recorded else "NOT recorded yet (k records it)"
            _add(text, f"\nCrime disclosed: {recorded}")
        now = self.now or detail.line.now
        units = " · ".join(
            f"{u.call_sign} {int(u.status)} {u.label}"
            + (f" (ETA {eta_words(u.eta_minutes)})" if u.assignment == "assigned" else "")
            + (" OVERDUE" if u.overdue(now, self.policy) else "")
            for u in detail.units
        )
        _add(text, f"\nUnits: {units or 'none on this log'}")
        for index, contact in enumerate(self.contacts):
            who = ", ".join(
                x for x in (contact.name, contact.phone, words(contact.relationship)) if x
            )
            label = "Caller" if index == 0 else f"Also called {local_time(contact.received_at)}"
            said = f": {contact.words}" if contact.words else ""
            _add(text, f"\n{label} ({contact.channel}): {who or 'not given'}{said}")
        if log.narrative:
            _add(text, f"\n{log.narrative}", style=self._style("muted"))
        return as_typed(text)  # type: ignore[no-any-return]
