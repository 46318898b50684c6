"""Earlier contacts beside the form: repeat callers, repeat victims and repeat locations.

They are the people most often missed (DOMAIN.md §3), so the logs that share this call's
phone, caller or address appear as soon as any of them is typed, before anyone grades. A
caller reporting something already logged is linked to that log with one key instead of
creating a second log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets.option_list import Option

from wmp_tui.domain.intake import EarlierContact
from wmp_tui.domain.log import FORCE_TIMEZONE
from wmp_tui.widgets.plain_text import OptionList, Static
from wmp_tui.widgets.widget_message import WidgetMessage

MATCHED = {"phone": "same phone", "name": "same caller", "address": "same place"}


def kind_of_repeat(contact: EarlierContact) -> str:
    """Repeat caller / repeat victim / repeat location, from what matched."""
    kinds = []
    if "phone" in contact.matched_on or "name" in contact.matched_on:
        kinds.append("repeat victim" if contact.relationship == "victim" else "repeat caller")
    if "address" in contact.matched_on:
        kinds.append("repeat location")
    return ", ".join(kinds)


def contact_lines(contact: EarlierContact) -> Text:
    """Two lines: reference, when, grade and state; then type, what matched and why it counts."""
    when = contact.at.astimezone(FORCE_TIMEZONE).strftime("%d %b %H:%M")
    state = "open" if contact.state == "open" else "closed"
    text = Text(contact.reference, style="bold")
    text.append(f"  {when}  {contact.grade or 'ungraded'}  {state}")
    text.append(f"\n  {contact.incident_type.replace('_', ' ')}")
    matched = ", ".join(MATCHED.get(m, m) for m in contact.matched_on)
    text.append(f" · {matched}", style="italic")
    repeat = kind_of_repeat(contact)
    if repeat:
        text.append(f" · {repeat}", style="bold")
    return text


class EarlierContacts(Vertical):
    """The earlier logs found for this call; `l` links the call to the selected one."""

    BINDINGS = [Binding("l", "link", "Link to this log")]

    DEFAULT_CSS = """
    EarlierContacts {
        height: 1fr;
    }
    EarlierContacts > OptionList {
        height: 1fr;
    }
    EarlierContacts > .hint {
        height: auto;
    }
    """

    @dataclass
    class LinkRequested(WidgetMessage):
        """The operator wants this call added to an earlier log as a duplicate."""

        panel: EarlierContacts
        contact: EarlierContact

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.contacts: list[EarlierContact] = []

    def compose(self) -> ComposeResult:
        yield Static("Earlier contacts", classes="title")
        yield Static(
            "Shown as soon as a phone, a name or an address is typed.",
            id="earlier-summary",
            classes="hint",
        )
        yield OptionList(id="earlier-list", markup=False)
        yield Static("Ctrl+R here · ↑↓ choose · l link this call to it", classes="hint")

    @property
    def option_list(self) -> OptionList:
        return self.query_one("#earlier-list", OptionList)

    def show(self, contacts: Sequence[EarlierContact], looked_for: str) -> None:
        """Show what was found for `looked_for` (e.g. `phone 07700900123`)."""
        self.contacts = list(contacts)
        summary = self.query_one("#earlier-summary", Static)
        if not looked_for:
            summary.update("Shown as soon as a phone, a name or an address is typed.")
        elif not contacts:
            summary.update(f"None found for {looked_for}.")
        else:
            open_count = sum(1 for c in contacts if c.state == "open")
            summary.update(
                f"{len(contacts)} found for {looked_for} ({open_count} open): check before grading."
            )
        self.set_class(bool(contacts), "-found")
        self.option_list.set_options(
            Option(contact_lines(contact), id=contact.reference) for contact in contacts
        )
        if contacts:
            self.option_list.highlighted = 0

    def focus_list(self) -> None:
        self.option_list.focus()

    @property
    def selected(self) -> EarlierContact | None:
        index = self.option_list.highlighted
        if index is None or not 0 <= index < len(self.contacts):
            return None
        return self.contacts[index]

    def action_link(self) -> None:
        contact = self.selected
        if contact is not None:
            self.post_message(self.LinkRequested(self, contact))
