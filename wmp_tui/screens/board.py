"""The board: the home screen between calls.

Open logs by grade with their SLA countdowns and escalations, the units with their national
status codes, the tipping point, and the status 0 alarm across the top. Other operators'
work arrives through the change feed, polled in a thread worker every `poll_seconds`; when
something changed, the pages shown are read again and only the rows that differ are
repainted. The lists are paged (never more than one page in a widget), so the board stays
quick with 2,000 logs and 2,000 units.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input

from wmp_tui.domain.units import status_label
from wmp_tui.domain.vocabulary import UnitStatus
from wmp_tui.screens.base import RoomScreen
from wmp_tui.screens.board_commands import BoardCommands
from wmp_tui.screens.board_view import FULL_REFRESH_SECONDS, Polled, View
from wmp_tui.screens.messages import CallStarted, DispatchAsked, LogOpened, SupervisorRoomOpened
from wmp_tui.screens.unit_status import UnitStatusDialog
from wmp_tui.services import dispatch
from wmp_tui.services.board import Board, BoardFilter, LogLine, Page, UnitLine
from wmp_tui.services.errors import in_words, is_outage
from wmp_tui.widgets.alarm_banner import AlarmBanner
from wmp_tui.widgets.board.filter_line import FilterLine
from wmp_tui.widgets.board.pane import BoardPane
from wmp_tui.widgets.board.summary_line import SummaryLine
from wmp_tui.widgets.log_queue import LogQueue
from wmp_tui.widgets.page_indicator import PageIndicator
from wmp_tui.widgets.paged_table import PagedTable
from wmp_tui.widgets.unit_board import UnitBoard

if TYPE_CHECKING:
    from wmp_tui.store.units import UnitOnBoard


class BoardScreen(RoomScreen[None]):
    """Open logs and units; `n` new call, Enter open, `/` filter, `s` a unit's status."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_call", "New call"),
        Binding("tab", "switch_list", "Logs/Units"),
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("s", "unit_status", "Unit status"),
        Binding("S", "supervisor_room", "Supervisor", show=False),
        Binding("d", "dispatch", "Send units"),
        Binding("h", "closed_logs", "Open/closed 24 h"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]
    COMMANDS = {BoardCommands}

    def __init__(self, first_read: Future[Board] | None = None) -> None:
        """`first_read`: the board's first read, already under way (sign-in starts it with the
        PIN's check); without it the board reads its own."""
        super().__init__()
        self._first_read = first_read
        self.view = View()
        self.cursor: int | None = None
        self.units_token: tuple[int, int] | None = None
        self._polling = False
        self._read_at = time.monotonic()
        self._clocks: list[Timer] = []
        self._shown = False

    # -- children --------------------------------------------------------------------------

    @property
    def log_queue(self) -> LogQueue:
        return self.query_one(LogQueue)

    @property
    def unit_board(self) -> UnitBoard:
        return self.query_one(UnitBoard)

    @property
    def summary_line(self) -> SummaryLine:
        return self.query_one(SummaryLine)

    def pane(self, pane_id: str) -> BoardPane:
        return self.query_one(f"#{pane_id}", BoardPane)

    @property
    def filter_input(self) -> FilterLine:
        return self.query_one(FilterLine)

    def compose_body(self) -> Iterable[Widget]:
        policy = self.room_app.room.policies.dispatch
        yield AlarmBanner(id="alarm-banner")
        yield SummaryLine(policy.tipping_point.red, id="board-summary")
        yield BoardPane(
            "Open logs",
            LogQueue(policy, id="log-queue"),
            PageIndicator("open log", id="logs-page"),
            title_id="logs-title",
            id="logs-pane",
        )
        yield BoardPane(
            "Units on duty",
            UnitBoard(policy, id="unit-board"),
            PageIndicator("unit", id="units-page"),
            id="units-pane",
        )
        yield FilterLine(id="board-filter")

    def on_mount(self) -> None:
        settings = self.room_app.settings
        self.log_queue.focus()
        self._load()
        self._clocks = [
            self.set_interval(1.0, self._tick),
            self.set_interval(settings.poll_seconds, self._poll),
        ]

    def on_screen_suspend(self) -> None:
        for timer in self._clocks:
            timer.pause()

    def on_screen_resume(self) -> None:
        for timer in self._clocks:
            timer.resume()
        if self._shown:
            self._poll()
        # The first time, the board has just been read (at mount): a poll now would only
        # share the first frame's time with a worker.
        self._shown = True

    # -- reading ---------------------------------------------------------------------------

    def _load(self) -> None:
        """Read both pages, the counts and the feed's position; paint when they arrive."""
        view = self.view
        first, self._first_read = self._first_read, None
        if first is not None and not first.cancelled() and view == View():
            if first.done() and first.exception() is None:
                self._paint(view, first.result())  # in this frame: no empty board first
            else:
                self.call_service(
                    first.result, done=lambda found: self._paint(view, found), group="board-page"
                )
            return
        self.call_service(
            partial(view.read, self.room_app.room),
            done=lambda found: self._paint(view, found),
            group="board-page",
        )

    def _turn(self, table: PagedTable, step: int) -> None:
        """Another page of one list: only that page is read and repainted."""
        logs = table is self.log_queue
        view = self.view = self.view.turned(logs, step)

        def paint(found: Page[Any]) -> None:
            (self._paint_logs if logs else self._paint_units)(view, found)

        self.call_service(
            partial(view.read_page, self.room_app.room, logs), done=paint, group="board-page"
        )

    def _poll(self) -> None:
        """Ask the change feed what changed; read the pages again only if something did."""
        if self._polling or self.cursor is None:
            return
        self._polling = True
        room, view, cursor, token = self.room_app.room, self.view, self.cursor, self.units_token
        everything = time.monotonic() - self._read_at >= FULL_REFRESH_SECONDS

        self.call_service(
            partial(view.poll, room, cursor, token, everything),
            done=lambda result: self._polled(view, result),
            group="board-poll",
        )

    def _polled(self, view: View, result: Polled) -> None:
        self._polling = False
        if isinstance(result, Exception):
            self.log.error(repr(result))
            sentence = in_words(result, "the board")
            self.summary_line.show_failing(sentence)
            if is_outage(sentence):
                self.room_app.database_is_away(sentence)
            return
        if self.summary_line.failing:  # back after a failure: read everything again
            self.summary_line.show_updating()
            self._load()
        found, fresh = result
        if fresh is not None:
            self._paint(view, fresh)
        else:
            self.cursor, self.units_token = found.cursor, found.units_token

    def _paint(self, view: View, found: Board) -> None:
        """Paint what was read for `view`; a list the operator has since moved is left to
        the read that move started (it is newer than this one)."""
        self._read_at = time.monotonic()
        self._paint_logs(view, found.logs)
        self._paint_units(view, found.units)
        self.query_one(AlarmBanner).alarms = found.summary.alarms
        self.summary_line.show(found.summary)
        self.cursor, self.units_token = found.cursor, found.units_token

    def _paint_logs(self, view: View, page: Page[LogLine]) -> None:
        if (view.logs_page, view.where, view.closed) != (
            self.view.logs_page,
            self.view.where,
            self.view.closed,
        ):
            return
        self.view = replace(self.view, logs_page=page.number)
        shown = (page.number, view.where, view.closed)
        new_page = self.pane("logs-pane").show_position(page, view.where, shown=shown)
        self.log_queue.show_page(page.rows, new_page=new_page)

    def _paint_units(self, view: View, page: Page[UnitLine]) -> None:
        if (view.units_page, view.where) != (self.view.units_page, self.view.where):
            return
        self.view = replace(self.view, units_page=page.number)
        shown = (page.number, view.where)
        new_page = self.pane("units-pane").show_position(page, view.where, shown=shown)
        self.unit_board.show_page(page.rows, self.room_app.room.clock.now(), new_page=new_page)

    def _tick(self) -> None:
        now = self.room_app.room.clock.now()
        self.log_queue.tick(now)
        self.unit_board.tick(now)

    # -- the operator's keys ---------------------------------------------------------------

    @on(PagedTable.PageAsked)
    def _page_asked(self, event: PagedTable.PageAsked) -> None:
        self._turn(event.table, event.step)

    @on(LogQueue.RowSelected, "#log-queue")
    def _log_chosen(self, event: LogQueue.RowSelected) -> None:
        if event.row_key.value:
            self.post_message(LogOpened(event.row_key.value))

    @on(UnitBoard.RowSelected, "#unit-board")
    def _unit_chosen(self, event: UnitBoard.RowSelected) -> None:
        unit = self.unit_board.selected
        if unit is None:
            return
        if unit.log_reference:
            self.post_message(LogOpened(unit.log_reference))
        else:
            self.notify(f"{unit.call_sign} is on no log.", timeout=4)

    @on(Input.Submitted, "#board-filter")
    def _filter_typed(self, event: Input.Submitted) -> None:
        self.filter_input.close()
        self.view = View(where=BoardFilter.parse(event.value), closed=self.view.closed)
        self._load()

    def action_supervisor_room(self) -> None:
        self.post_message(SupervisorRoomOpened())

    def action_new_call(self) -> None:
        self.post_message(CallStarted())

    def opens_on(self, key: str) -> bool:
        """`n` opens a new call (not while a filter is typed): what follows waits for it."""
        return key == "n" and self.focused is not self.filter_input

    def action_switch_list(self) -> None:
        if self.focused is self.log_queue:
            self.unit_board.focus()
        else:
            self.log_queue.focus()

    def action_filter(self) -> None:
        focused = self.focused
        back_to = focused if isinstance(focused, PagedTable) else self.log_queue
        self.filter_input.open(self.view.where.text, back_to)

    def action_clear_filter(self) -> None:
        if self.filter_input.is_open:
            self.filter_input.close()
        elif self.view.where:
            self.view = View(closed=self.view.closed)
            self._load()

    def action_closed_logs(self) -> None:
        """Switch the logs list between the open logs and those closed in the last 24 h."""
        closed = not self.view.closed
        self.view = replace(self.view, logs_page=1, closed=closed)
        title = "Closed in the last 24 hours (h: open logs)" if closed else "Open logs"
        logs = self.pane("logs-pane")
        logs.retitle(title)
        logs.indicator.noun = "closed log" if closed else "open log"
        self.log_queue.focus()
        self._load()

    def action_dispatch(self) -> None:
        """Send units to the selected log (or the selected unit's log) at any time."""
        if self.focused is self.unit_board:
            unit = self.unit_board.selected
            reference = unit.log_reference if unit is not None else None
        else:
            reference = self.log_queue.selected_key
        if not reference:
            self.notify("Choose a log first (↑↓ on the open logs), then d.", timeout=4)
            return
        if self.may_dispatch():
            self.post_message(DispatchAsked(reference))

    def action_unit_status(self) -> None:
        unit = self.unit_board.selected if self.focused is self.unit_board else None
        if unit is None:
            self.notify("Choose a unit first: Tab to the units, then s.", timeout=4)
            return
        operator = self.room_app.operator
        if operator is None:
            return

        def chosen(status: UnitStatus | None) -> None:
            if status is not None:
                self.call_service(
                    partial(
                        dispatch.update_status, self.room_app.room, operator, unit.call_sign, status
                    ),
                    done=self._status_changed,
                    not_done=f"{unit.call_sign}'s new status",
                )

        self.app.push_screen(UnitStatusDialog(unit.call_sign, unit.status), chosen)

    def _status_changed(self, unit: UnitOnBoard) -> None:
        self.notify(f"{unit.id} is now {int(unit.status)} {status_label(unit.status)}.")
        self._poll()  # this operator's own change, shown without waiting for the timer
