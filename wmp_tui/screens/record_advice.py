"""The advice given to the caller (scene preservation, crime prevention, safeguarding, a
referral), recorded on the log so an inspection can see it was given (DOMAIN.md §3)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, SelectionList

from wmp_tui.domain.answering import ADVICE_LABELS, Advice
from wmp_tui.widgets.plain_text import Label, Static


class RecordAdvice(ModalScreen[tuple[list[Advice], str] | None]):
    """Space ticks the advice given, Tab to the note, Enter records; Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self) -> None:
        super().__init__()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="record-advice"):
            yield Label("Advice given", classes="title")
            yield SelectionList[Advice](
                *[(label, advice) for advice, label in ADVICE_LABELS.items()],
                id="advice-kinds",
            )
            yield Label("Note (optional)")
            yield Input(id="advice-note", max_length=500)
            yield Static("", classes="problem", id="advice-problem")
            yield Static(
                "Space ticks · Tab to the note · Enter records · Esc cancel", classes="hint"
            )

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    @on(Input.Submitted)
    def _record(self) -> None:
        kinds = list(self.query_one("#advice-kinds", SelectionList).selected)
        if not kinds:
            self.query_one("#advice-problem", Static).update("Tick the advice given (Space).")
            self.query_one(SelectionList).focus()
            return
        self.dismiss((kinds, self.query_one(Input).value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)
