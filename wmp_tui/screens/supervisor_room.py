"""The supervisor's room: the backlog by risk, what is overdue, the call-back list, the shift's
downgrades, the tipping point now and at each tour start, and today's attainment and demand.

One key from the board (`S`), for supervisors. Everything is one read of the supervision
service in a thread worker, again every few seconds; Enter opens the log under the cursor.
The numbers are the report's (`wmp-tui report`), counted by the same read model.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, Static

from wmp_tui.domain.log import FORCE_TIMEZONE
from wmp_tui.domain.operators import Action
from wmp_tui.domain.supervision import OVERDUE_LABELS, CallbackState, Overdue, callback_state
from wmp_tui.screens.base import RoomScreen
from wmp_tui.screens.messages import LogOpened
from wmp_tui.services import supervision
from wmp_tui.services.errors import Refused
from wmp_tui.services.event_words import local_time
from wmp_tui.services.permissions import require
from wmp_tui.services.supervision import SupervisorView
from wmp_tui.widgets.backlog_table import BacklogTable
from wmp_tui.widgets.page_indicator import PageIndicator
from wmp_tui.widgets.paged_table import PagedTable
from wmp_tui.widgets.room_plots import AttainmentPlot, DemandPlot

REFRESH_SECONDS = 5.0
LISTED = 6
"""References listed under each overdue heading; the count says how many there are."""


def room_text(view: SupervisorView) -> Text:
    """The side panel: tipping point, overdue lists, call-backs, downgrades, tour history.
    References and names come from the database: they go in as plain text."""
    text = Text()
    tip = view.tipping
    ratio = "–" if tip.ratio is None else f"{tip.ratio:.2f}"
    text.append("Tipping point now: ", style="bold")
    text.append(f"{tip.open_logs} waiting / {tip.units} units ({ratio}) {tip.level.value}\n")
    for kind in Overdue:
        logs = view.overdue[kind]
        text.append(f"{OVERDUE_LABELS[kind].capitalize()}: {len(logs)}", style="bold")
        if logs:
            text.append("  " + ", ".join(w.reference for w in logs[:LISTED]))
            if len(logs) > LISTED:
                text.append(f" +{len(logs) - LISTED}")
        text.append("\n")
    text.append(f"Call-backs due: {len(view.callbacks)}\n", style="bold")
    for call in view.callbacks[:LISTED]:
        late = callback_state(call, view.now) is CallbackState.LATE
        text.append(f"  {call.reference} {call.phone or 'no number'} by {local_time(call.due_at)}")
        text.append(" LATE\n" if late else "\n", style="bold red" if late else "")
    text.append(f"Downgrades this tour: {len(view.downgrades)}\n", style="bold")
    for down in view.downgrades[:LISTED]:
        who = down.authorised_by or "NOT AUTHORISED"
        text.append(f"  {down.reference} {down.previous or '?'}→{down.grade} {who}\n")
    text.append("Tipping point at tour starts\n", style="bold")
    for snap in view.tours:
        at = snap.at.astimezone(FORCE_TIMEZONE).strftime("%a %H:%M")
        text.append(f"  {at}  {snap.open_logs} / {snap.units}  {snap.level.value}\n")
    return text


class SupervisorRoomScreen(RoomScreen[None]):
    """The room at a glance for a supervisor; Enter opens a log, Esc back to the board."""

    CSS_PATH = "supervisor_room.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("R", "refresh", "Refresh"),
        Binding("O", "operators", "Operators"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.page = 1
        self.view: SupervisorView | None = None
        self._new_page = True
        self._loading = False
        self._again = False

    @property
    def backlog(self) -> BacklogTable:
        return self.query_one(BacklogTable)

    def compose_body(self) -> Iterable[Widget]:
        with Horizontal(id="room-top"):
            with Vertical(id="backlog-pane"):
                yield Label("Backlog by risk", classes="pane-title")
                yield BacklogTable(id="backlog")
                yield PageIndicator("open log", id="backlog-page")
            yield Static("", id="room-panel", markup=False)
        with Horizontal(id="room-plots"):
            yield AttainmentPlot(id="attainment-plot")
            yield DemandPlot(id="demand-plot")

    def on_mount(self) -> None:
        self.backlog.focus()
        self._load()
        self.set_interval(REFRESH_SECONDS, self._load)

    def _load(self) -> None:
        """Read the room again, unless a read is still under way (a big room on a busy
        database may take longer than the refresh)."""
        if self._loading:
            self._again = True
            return
        self._loading = True
        self.call_service(
            partial(supervision.supervisor_view, self.room_app.room, self.page),
            done=self._paint,
            refused=self._refused,
            group="supervisor-room",
        )

    def _refused(self, message: str) -> None:
        self._loading = False
        self.show_refusal(message)

    def show_failure(self, error: BaseException) -> None:
        self._loading = False
        super().show_failure(error)

    def _paint(self, view: SupervisorView) -> None:
        self._loading = False
        self.view = view
        self.page = view.backlog.number
        self.backlog.show_page(view.backlog.rows, view.now, new_page=self._new_page)
        self._new_page = False
        indicator = self.query_one("#backlog-page", PageIndicator)
        indicator.page, indicator.pages = view.backlog.number, view.backlog.pages
        indicator.total = view.backlog.total
        self.query_one("#room-panel", Static).update(room_text(view))
        self.query_one(AttainmentPlot).show(view.today)
        if self._again:
            self._again = False
            self._load()
        self.query_one(DemandPlot).show(
            [h.hour for h in view.hours],
            [h.logs for h in view.hours],
            [h.deployable for h in view.hours],
        )

    @on(BacklogTable.RowSelected, "#backlog")
    def _log_chosen(self, event: BacklogTable.RowSelected) -> None:
        if event.row_key.value:
            self.post_message(LogOpened(event.row_key.value))

    @on(PagedTable.PageAsked, "#backlog")
    def _turn(self, event: PagedTable.PageAsked) -> None:
        self.page = max(1, self.page + event.step)
        self._new_page = True
        self._load()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_operators(self) -> None:
        """Who may sign in: add, reset a PIN, disable (supervisors; the service checks)."""
        from wmp_tui.screens.operators_admin import OperatorsScreen

        operator = self.room_app.operator
        if operator is None:
            return
        try:
            require(operator, Action.ADMINISTER_OPERATORS)
        except Refused as refusal:
            self.show_refusal(str(refusal))
            return
        self.app.push_screen(OperatorsScreen())

    def action_refresh(self) -> None:
        self._load()

    def on_screen_resume(self) -> None:
        self._load()
