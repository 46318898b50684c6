"""A text field for a form filled at speed: Enter moves on as part of the key press itself.

Textual posts each key to whichever widget has focus when the key arrives, without waiting
for the previous key to be handled. Moving focus in a `Submitted` handler is therefore too
late for a fast typist: the keys typed just after Enter are already queued for the field
being left. A *priority* binding runs inside the app's own key dispatch, so focus moves
before the next key is handed out; `Submitted` still follows.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input

TAB_AT_ONCE = [
    Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
]
"""Tab and Shift+Tab moving focus inside the key press, for every widget of a form: text
typed straight after a Tab lands in the next field, not the one being left."""


class FieldInput(Input):
    """An `Input` whose Enter moves to the next field at once (unless `advance=False`); a key
    refused because the field is full is said (`KeyRefused`), never dropped without a word."""

    class KeyRefused(Message):
        """Typed or pasted text was refused: the field holds `max_length` characters at most."""

        def __init__(self, field: FieldInput) -> None:
            super().__init__()
            self.field = field
            self.max_length = field.max_length or 0

        @property
        def control(self) -> FieldInput:
            return self.field

    BINDINGS = [Binding("enter", "submit", "Next field", show=False, priority=True), *TAB_AT_ONCE]

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """Textual's Input sets its virtual size (the width of the text) at every key, and a
    widget's virtual size lays the whole screen out again. A field is one line of a fixed
    width, so a key only repaints it: typing a rationale on THRIVE+ no longer re-arranges
    the form at every letter. (The text still scrolls: the width is read when it does.)"""

    def __init__(self, *args: Any, advance: bool = True, **kwargs: Any) -> None:
        # What a field holds was written by somebody: reaching it with Tab must not select it
        # all, so the next key adds to it (Textual's Input would replace the whole of it).
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)
        self.advance = advance

    def restricted(self) -> None:
        super().restricted()
        if self.max_length:
            self.post_message(self.KeyRefused(self))

    async def action_submit(self) -> None:
        if self.advance:
            self.screen.focus_next()
        await super().action_submit()
