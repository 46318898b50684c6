"""What the four screens of a call share: intake, THRIVE+, grading and dispatch.

They share a stylesheet and one habit: with animations off (tests, drills on slow terminals)
text cursors stop blinking too, so what is on screen depends only on what was typed.
"""

from __future__ import annotations

from typing import TypeVar

from textual.widgets import Input

from wmp_tui.screens.base import RoomScreen

ResultT = TypeVar("ResultT")


class CallFlowScreen(RoomScreen[ResultT]):
    """A step of the call flow."""

    CSS_PATH = "call_flow.tcss"

    @property
    def blink(self) -> bool:
        """Whether text cursors blink: not when the settings turn animations off."""
        return self.room_app.settings.animations

    def steady_cursors(self) -> None:
        """Stop the blink of every text box on this screen when animations are off."""
        if not self.blink:
            for field in self.query(Input):
                field.cursor_blink = False

    def on_mount(self) -> None:
        self.steady_cursors()
