"""A supervisor's key decision on a log, in the National Decision Model: the decision, then
the rationale at each of the five stages, around the Code of Ethics at its centre.

This modal only asks; the supervision service checks that every stage has its rationale and
records the decision as one event. Enter moves from field to field; on the last it records.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from wmp_tui.domain.supervision import CODE_OF_ETHICS, DecisionStage
from wmp_tui.widgets.field_input import FieldInput

DecisionTyped = dict[str, Any]
"""`decision`, `ethics` and `rationales` (stage → words), as typed."""


class KeyDecisionDialog(ModalScreen[DecisionTyped | None]):
    """Decision, five rationales and the ethics note; Enter on the last records, Esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="key-decision"):
            yield Label(f"Key decision on {self.reference}", classes="title")
            yield Label("The decision")
            yield FieldInput(placeholder="what you decided", id="decision", max_length=2000)
            for number, stage in enumerate(DecisionStage, 1):
                yield Label(f"{number}. {stage.label}")
                yield FieldInput(
                    placeholder="rationale", id=f"stage-{stage.value}", max_length=2000
                )
            yield Label(CODE_OF_ETHICS)
            yield FieldInput(
                placeholder="how it meets the Code of Ethics (optional)",
                id="ethics",
                max_length=2000,
                advance=False,
            )
            yield Static("", classes="problem", id="decision-problem")
            yield Static(
                "Enter next field · Enter on the last records · Esc cancel", classes="hint"
            )

    def on_mount(self) -> None:
        self.query_one("#decision", Input).focus()

    def show_problem(self, words: str) -> None:
        """The service's refusal, shown here so nothing typed is lost."""
        self.query_one("#decision-problem", Static).update(words)

    @on(Input.Submitted, "#ethics")
    def _record(self) -> None:
        self.dismiss(
            {
                "decision": self.query_one("#decision", Input).value,
                "ethics": self.query_one("#ethics", Input).value,
                "rationales": {
                    stage.value: self.query_one(f"#stage-{stage.value}", Input).value
                    for stage in DecisionStage
                },
            }
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
