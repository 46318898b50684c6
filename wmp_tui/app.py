"""The Textual application: wires the store, the clock and the screens together.

Built by a factory that takes its dependencies, so a test hands it a database of its own.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from wmp_tui.config import Settings
from wmp_tui.services.clock import Clock, SystemClock
from wmp_tui.store.uow import Store


class ControlRoomApp(App[None]):
    """wmp-tui: the force-contact room at the keyboard."""

    TITLE = "wmp-tui"
    SUB_TITLE = "Force Contact"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, store: Store, settings: Settings, clock: Clock) -> None:
        super().__init__()
        self.store = store
        self.settings = settings
        self.clock = clock

    def compose(self) -> ComposeResult:
        yield Header()
        with self.store.unit_of_work(read_only=True) as uow:
            units = uow.units.count()
            open_logs = uow.logs.count_open()
        yield Static(f"Units on the board: {units}\nOpen logs: {open_logs}", id="counts")
        yield Footer()


def build_app(store: Store, settings: Settings, clock: Clock | None = None) -> ControlRoomApp:
    return ControlRoomApp(store, settings, clock or SystemClock())
