"""The messages a widget posts about itself: attributes go down, messages come up.

Each is a dataclass whose first field is the widget that posts it; that widget is the message's
`control`, so a screen's `@on(QuestionRow.Answered, "#advice")` picks it by the widget's id.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from textual.dom import DOMNode
from textual.message import Message


@dataclass
class WidgetMessage(Message):
    """A message about the widget in its first field."""

    @property
    def control(self) -> DOMNode | None:
        widget = getattr(self, fields(self)[0].name)
        return widget if isinstance(widget, DOMNode) else None
