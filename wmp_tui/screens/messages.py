"""What screens tell the app, in the past tense. The app decides which screen comes next.

Screens never open each other: they post one of these and the app routes it, so the order
of the call flow (intake, THRIVE+, grading, dispatch, board) is written down in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from concurrent.futures import Future

    from wmp_tui.domain.operators import Operator
    from wmp_tui.services.board import Board


class SignedIn(Message):
    """The name and PIN were right; `board` is the board's first read, started with the PIN's
    check (None if it was not), for the board that follows."""

    def __init__(self, operator: Operator, board: Future[Board] | None = None) -> None:
        super().__init__()
        self.operator = operator
        self.board = board


class PinChanged(Message):
    """The operator chose their own PIN in place of a given one: the shift starts."""

    def __init__(self, operator: Operator) -> None:
        super().__init__()
        self.operator = operator


class DeskUnlocked(Message):
    """A PIN was given at a locked desk: its own operator's, or another's signing in."""

    def __init__(self, operator: Operator) -> None:
        super().__init__()
        self.operator = operator


class CallStarted(Message):
    """The operator wants a new call screen, optionally restoring a saved draft."""

    def __init__(self, draft_id: int | None = None) -> None:
        super().__init__()
        self.draft_id = draft_id


class CallLogged(Message):
    """Intake created a log: THRIVE+ comes next."""

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference


class LogOpened(Message):
    """The operator asked for a log's full view (from the board, `:` or a link)."""

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference


class DispatchAsked(Message):
    """A dispatcher asked to send units to an open log (backup, or a log left unresourced),
    from the log view or the board: the recommendation for that log comes next."""

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference


class ThriveRecorded(Message):
    """A complete THRIVE+ entry was stored: grading comes next."""

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference


class LogGraded(Message):
    """A grade was committed: dispatch (or queue, book, advise) comes next."""

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference


class CallFinished(Message):
    """The operator is done with this log for now (dispatched, queued, closed): back to the
    board."""

    def __init__(self, reference: str | None = None, said: str | None = None) -> None:
        super().__init__()
        self.reference = reference
        self.said = said
        """What the pop-up says back on the board (`<reference> done.` unless said)."""


class RethriveStarted(Message):
    """The operator asked to re-THRIVE (or re-grade) an open log from its view: a fresh
    THRIVE+ entry comes next, then grading and dispatch as for a new call."""

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference


class SupervisorRoomOpened(Message):
    """A supervisor asked for the room's view (`S` on the board)."""
