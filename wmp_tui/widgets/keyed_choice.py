"""One of a few answers, chosen with a single key: the channel, the caller's relationship, an NPU.

A call handler's hands stay on the keys: `1`–`9` pick an answer at once, left and right move
between them and space picks the one under the cursor, `0` clears an optional choice. Every
answer and its key is on screen, so nothing has to be remembered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.actions import SkipAction
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget

from wmp_tui.widgets.field_input import TAB_AT_ONCE
from wmp_tui.widgets.widget_message import WidgetMessage


class KeyedChoice(Widget, can_focus=True):
    """A row of numbered answers; the chosen one is highlighted."""

    BINDINGS = [
        Binding("left", "move(-1)", "Previous", show=False),
        Binding("right", "move(1)", "Next", show=False),
        Binding("space", "pick", "Choose", show=False),
        # Priority: handled in the app's key dispatch, so that when a number chooses and the
        # form moves on, the keys typed next already go to the next field (see FieldInput).
        *(Binding(str(n), f"number({n})", show=False, priority=True) for n in range(10)),
        *TAB_AT_ONCE,
    ]

    DEFAULT_CSS = """
    KeyedChoice {
        height: auto;
        width: 1fr;
        background: $surface;
    }
    KeyedChoice:focus {
        background: $boost;
    }
    """

    value: reactive[str | None] = reactive(None)
    """The chosen answer's value, or None when nothing is chosen yet."""
    cursor: reactive[int] = reactive(0)
    """The answer space would choose."""

    @dataclass
    class Changed(WidgetMessage):
        """The operator chose (or cleared) an answer."""

        choice: KeyedChoice
        value: str | None

    def __init__(
        self,
        options: Sequence[tuple[str, str]],
        *,
        value: str | None = None,
        optional: bool = False,
        advance: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """`options` are (value, label) pairs, keyed 1, 2, 3… in order."""
        super().__init__(id=id, classes=classes)
        self.options = list(options)[:9]
        self.optional = optional
        self.advance = advance
        """Move to the next field as soon as a number key chooses (forms filled at speed)."""
        if advance:
            # Only here: elsewhere Enter belongs to the screen (and its footer shows it).
            self._bindings.bind("enter", "next_field", show=False, priority=True)
        self.set_reactive(KeyedChoice.value, value)

    def render(self) -> Text:
        text = Text(no_wrap=False)
        for index, (value, label) in enumerate(self.options):
            chosen = value == self.value
            under_cursor = self.has_focus and index == self.cursor
            style = "bold reverse" if chosen else ("underline" if under_cursor else "")
            text.append(f"{index + 1}", style="bold" if not chosen else style)
            text.append(" ")
            text.append(label, style=style)
            text.append("   ")
        if self.optional:
            text.append("0 ", style="bold")
            text.append("none", style="dim")
        return text

    def action_next_field(self) -> None:
        """Enter leaves the choice as it is and moves on (in a form filled at speed)."""
        self.screen.focus_next()

    def action_number(self, number: int) -> None:
        """A number key: 1… chooses that answer, 0 clears an optional one."""
        if number == 0 and self.optional:
            self.choose(None)
        elif 1 <= number <= len(self.options):
            self.cursor = number - 1
            self.choose(self.options[number - 1][0])
        else:
            raise SkipAction()  # not one of the answers: let the key go elsewhere
        if self.advance:
            self.screen.focus_next()

    def on_focus(self) -> None:
        values = [value for value, _ in self.options]
        if self.value in values:
            self.cursor = values.index(self.value)
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def choose(self, value: str | None) -> None:
        """Choose an answer (None clears it) and tell the parent."""
        self.value = value
        self.post_message(self.Changed(self, value))

    def action_move(self, step: int) -> None:
        if self.options:
            self.cursor = (self.cursor + step) % len(self.options)

    def action_pick(self) -> None:
        if self.options:
            self.choose(self.options[self.cursor][0])
