"""Closing a log: the result code, a note, the log it duplicates, and, when a disclosed crime
is still unrecorded, why (a supervisor then authorises it with their name and PIN).

The modal only asks and checks what it can (a result chosen, a reference that looks like one,
a reason when one is needed); the service decides, and its refusal brings the modal back with
what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input
from textual.widgets.option_list import Option

from wmp_tui.domain.log import normalise_reference
from wmp_tui.domain.vocabulary import ResultCode
from wmp_tui.services.event_words import result_label
from wmp_tui.widgets.plain_text import Label, OptionList, Static


@dataclass(frozen=True)
class CloseRequest:
    """What the operator asked for; `supervisor` is filled by the authorisation step."""

    result: ResultCode
    note: str = ""
    duplicate_of: str | None = None
    unrecorded_crime_reason: str = ""
    supervisor: tuple[str, str] | None = None


class CloseLogDialog(ModalScreen[CloseRequest | None]):
    """Result (↑↓ Enter), note (Enter), the duplicated log or the reason when asked (Enter)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        reference: str,
        *,
        previous: CloseRequest | None = None,
        needs_reason: bool = False,
        problem: str = "",
    ) -> None:
        super().__init__()
        self.reference = reference
        self.previous = previous
        self.needs_reason = needs_reason
        self.problem = problem

    def compose(self) -> ComposeResult:
        previous = self.previous
        with Vertical(classes="dialog", id="close-log"):
            yield Label(f"Close {self.reference}", classes="title")
            yield Label("Result")
            yield OptionList(
                *[Option(result_label(code), id=code.value) for code in ResultCode],
                id="close-result",
            )
            yield Label("Note (optional)")
            yield Input(value=previous.note if previous else "", id="close-note", max_length=500)
            yield Label("Duplicate of (only for a duplicate)")
            yield Input(
                value=(previous.duplicate_of or "") if previous else "",
                placeholder="e.g. 20261123-0042",
                id="close-duplicate-of",
                max_length=20,
            )
            if self.needs_reason:
                yield Label("Why close with the crime unrecorded? (a supervisor authorises)")
                yield Input(
                    value=previous.unrecorded_crime_reason if previous else "",
                    id="close-reason",
                    max_length=500,
                )
            yield Static(self.problem, classes="problem", id="close-problem")
            yield Static("Enter moves on and closes at the last field · Esc cancel", classes="hint")

    def on_mount(self) -> None:
        results = self.query_one("#close-result", OptionList)
        if self.previous is not None:
            results.highlighted = list(ResultCode).index(self.previous.result)
            self._fields()[-1].focus()
        else:
            results.highlighted = 0
            results.focus()

    @property
    def result(self) -> ResultCode | None:
        highlighted = self.query_one("#close-result", OptionList).highlighted
        return list(ResultCode)[highlighted] if highlighted is not None else None

    def _fields(self) -> list[Input]:
        wanted = ["#close-note"]
        if self.result is ResultCode.DUPLICATE:
            wanted.append("#close-duplicate-of")
        if self.needs_reason:
            wanted.append("#close-reason")
        return [self.query_one(name, Input) for name in wanted]

    @on(OptionList.OptionSelected, "#close-result")
    def _result_chosen(self) -> None:
        self.query_one("#close-note", Input).focus()

    @on(Input.Submitted)
    def _field_done(self, event: Input.Submitted) -> None:
        fields = self._fields()
        if event.input in fields and event.input is not fields[-1]:
            fields[fields.index(event.input) + 1].focus()
            return
        self._submit()

    def _say(self, problem: str, field: str) -> None:
        self.query_one("#close-problem", Static).update(problem)
        self.query_one(field).focus()

    def _submit(self) -> None:
        result = self.result
        if result is None:
            self._say("Choose the result the log closes with.", "#close-result")
            return
        duplicate_of = None
        if result is ResultCode.DUPLICATE:
            typed = self.query_one("#close-duplicate-of", Input).value
            duplicate_of = normalise_reference(typed)
            if duplicate_of is None:
                self._say(
                    "A duplicate names the log it duplicates, e.g. 20261123-0042.",
                    "#close-duplicate-of",
                )
                return
        reason = ""
        if self.needs_reason:
            reason = self.query_one("#close-reason", Input).value.strip()
            if not reason:
                self._say("Say why the crime is not recorded before closing.", "#close-reason")
                return
        self.dismiss(
            CloseRequest(
                result=result,
                note=self.query_one("#close-note", Input).value.strip(),
                duplicate_of=duplicate_of,
                unrecorded_crime_reason=reason,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
