"""What happened: the incident type, typed ahead, and the caller's account in brief.

The third region of the intake form. The type box suggests as it is typed (→ takes the
suggestion) and, when left, writes out in full the type that was meant. Enter on words that
are no incident type stays in the box and says so, naming the closest known types; Enter on
the narrative creates the log (the screen does that on `Input.Submitted`).
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.events import DescendantBlur
from textual.suggester import SuggestFromList
from textual.widgets import Input

from wmp_tui.domain.call_checks import TYPE_WORDS, check_field, resolve_incident_type
from wmp_tui.widgets.field_input import FieldInput
from wmp_tui.widgets.form_row import FormRegion, field_row, show_problem, text_field

TYPE_PLACEHOLDER = "e.g. criminal damage (→ takes the suggestion)"
"""Short enough to be read whole in the type box of a 120-column terminal."""


class IncidentTypeBox(FieldInput):
    """The type box: Enter moves on only from words that are an incident type (or none)."""

    async def action_submit(self) -> None:
        self.advance = not self.value.strip() or resolve_incident_type(self.value) is not None
        await super().action_submit()


class WhatHappened(FormRegion):
    """Incident type and narrative (ids `incident-type`, `narrative`)."""

    def compose(self) -> ComposeResult:
        yield from field_row(
            "Incident",
            IncidentTypeBox(
                placeholder=TYPE_PLACEHOLDER,
                id="incident-type",
                compact=True,
                max_length=40,
                suggester=SuggestFromList(TYPE_WORDS, case_sensitive=False),
            ),
        )
        yield from field_row(
            "Narrative", text_field("narrative", "what the caller says, briefly", 4000)
        )

    @property
    def incident_type(self) -> Input:
        return self.query_one("#incident-type", Input)

    @property
    def narrative(self) -> Input:
        return self.query_one("#narrative", Input)

    def values(self) -> dict[str, Any]:
        """This region as the draft keeps it."""
        return {"incident_type": self.incident_type.value, "narrative": self.narrative.value}

    def fill(self, body: dict[str, Any]) -> None:
        self.incident_type.value = str(body.get("incident_type") or "")
        self.narrative.value = str(body.get("narrative") or "")

    def settle_type(self) -> None:
        """Write out in full the type that was meant (on leaving the box, or on Ctrl+S)."""
        meant = resolve_incident_type(self.incident_type.value)
        if meant is not None:
            self.incident_type.value = meant.value.replace("_", " ")

    @on(Input.Submitted, "#incident-type")
    def _type_entered(self, event: Input.Submitted) -> None:
        """Enter on words that are no incident type: said at once, and the box keeps focus."""
        problem = check_field("incident_type", event.value)
        if event.value.strip() and problem:
            show_problem(self, "incident_type", problem)

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        if event.widget is self.incident_type:
            self.settle_type()
