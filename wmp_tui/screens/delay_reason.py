"""The reason a log's deadline passed unresourced, as the policy names them (DOMAIN.md §6):
recorded by a dispatcher or supervisor so the late log can be explained at inspection."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from wmp_tui.domain.dispatch_policy import OTHER_DELAY


@dataclass(frozen=True)
class DelayReasonGiven:
    code: str
    words: str


class DelayReasonDialog(ModalScreen[DelayReasonGiven | None]):
    """↑↓ choose the reason, Enter records it (Other asks for words); Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, reference: str, reasons: dict[str, str]) -> None:
        super().__init__()
        self.reference = reference
        self.reasons = reasons

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="delay-reason"):
            yield Label(f"Reason for delay on {self.reference}", classes="title", markup=False)
            yield OptionList(
                *[Option(words, id=code) for code, words in self.reasons.items()],
                id="delay-reasons",
                markup=False,
            )
            yield Label("In words (needed for Other)")
            yield Input(id="delay-words", max_length=500)
            yield Static("", classes="problem", id="delay-problem")
            yield Static(
                "↑↓ choose · Enter records · Tab to the words · Esc cancel", classes="hint"
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def _chosen(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    @on(OptionList.OptionSelected)
    @on(Input.Submitted)
    def _record(self) -> None:
        code = self._chosen()
        words = self.query_one(Input).value.strip()
        if code is None:
            return
        if code == OTHER_DELAY and not words:
            self.query_one("#delay-problem", Static).update("Say in words why it was delayed.")
            self.query_one(Input).focus()
            return
        self.dismiss(DelayReasonGiven(code, words))

    def action_cancel(self) -> None:
        self.dismiss(None)
