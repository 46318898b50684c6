"""Who is calling, and how: the channel the call came in on, the caller and how they stand.

The first region of the intake form. Choosing the channel is answering the call (the screen
stops the answer clock on it); the caller's name, phone and relationship are what earlier
contacts are looked up by.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input

from wmp_tui.domain.intake import Relationship
from wmp_tui.domain.vocabulary import Channel
from wmp_tui.widgets.form_row import FormRegion, field_row, text_field
from wmp_tui.widgets.keyed_choice import KeyedChoice

CHANNELS = [
    (Channel.EMERGENCY.value, "999"),
    (Channel.NON_EMERGENCY.value, "101"),
    (Channel.LIVECHAT.value, "Livechat"),
    (Channel.ONLINE.value, "Online"),
]
RELATIONSHIPS = [
    (Relationship.VICTIM.value, "victim"),
    (Relationship.WITNESS.value, "witness"),
    (Relationship.THIRD_PARTY.value, "third party"),
]


def known(value: Any, choices: list[tuple[str, str]]) -> str | None:
    """A saved choice if it is still one of `choices` (a draft may be older than the list)."""
    chosen = str(value or "") or None
    return chosen if chosen in {key for key, _ in choices} else None


class CallerDetails(FormRegion):
    """Channel, caller, phone and relationship (ids `channel`, `caller-name`, `phone`,
    `relationship`)."""

    def compose(self) -> ComposeResult:
        yield from field_row(
            "Channel", KeyedChoice(CHANNELS, advance=True, id="channel"), "channel"
        )
        yield from field_row("Caller", text_field("caller-name", "name as given", 120))
        yield from field_row("Phone", text_field("phone", "e.g. 07700 900123", 30))
        yield from field_row(
            "Caller is",
            KeyedChoice(RELATIONSHIPS, optional=True, advance=True, id="relationship"),
            "relationship",
        )

    @property
    def channel(self) -> KeyedChoice:
        return self.query_one("#channel", KeyedChoice)

    @property
    def relationship(self) -> KeyedChoice:
        return self.query_one("#relationship", KeyedChoice)

    def values(self) -> dict[str, Any]:
        """This region as the draft keeps it."""
        return {
            "channel": self.channel.value or "",
            "caller_name": self.query_one("#caller-name", Input).value,
            "phone": self.query_one("#phone", Input).value,
            "relationship": self.relationship.value or "",
        }

    def fill(self, body: dict[str, Any]) -> None:
        """Put a saved call's caller back."""
        self.channel.value = known(body.get("channel"), CHANNELS)
        self.query_one("#caller-name", Input).value = str(body.get("caller_name") or "")
        self.query_one("#phone", Input).value = str(body.get("phone") or "")
        self.relationship.value = known(body.get("relationship"), RELATIONSHIPS)
