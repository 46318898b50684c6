"""Closing a log from its view: the closing dialog, a supervisor's authority when a disclosed
crime is left unrecorded, and asking again, with what was typed, when the close is refused.

A refusal for the unrecorded crime (or for the supervisor's name or PIN) asks again for the
reason and the authority; any other refusal (units still on the log) asks again with the
refusal shown.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from wmp_tui.domain.log import LogEvent
from wmp_tui.domain.vocabulary import ResultCode
from wmp_tui.screens.close_log import CloseLogDialog, CloseRequest
from wmp_tui.screens.supervisor import AuthoriseDowngrade
from wmp_tui.services import event_words, logbook

if TYPE_CHECKING:
    from wmp_tui.screens.log_view import LogScreen


class LogClosing:
    """The close of the log a `LogScreen` shows, from the first question to the last refusal."""

    def __init__(self, screen: LogScreen) -> None:
        self.screen = screen

    def ask(
        self, previous: CloseRequest | None = None, *, needs_reason: bool = False, problem: str = ""
    ) -> None:
        """Open the closing dialog (again, with `previous` typed and `problem` said)."""
        dialog = CloseLogDialog(
            self.screen.reference,
            previous=previous,
            needs_reason=needs_reason,
            problem=problem,
        )
        self.screen.app.push_screen(dialog, self._asked)

    def _asked(self, request: CloseRequest | None) -> None:
        if request is None:
            return
        if not request.unrecorded_crime_reason:
            self._close(request)
            return

        def authorised(supervisor: tuple[str, str] | None) -> None:
            if supervisor is not None:
                self._close(replace(request, supervisor=supervisor))

        self.screen.app.push_screen(
            AuthoriseDowngrade.unrecorded_crime(
                f"{self.screen.reference} discloses a crime that is not recorded. "
                f"Reason: {request.unrecorded_crime_reason}",
            ),
            authorised,
        )

    def _close(self, request: CloseRequest) -> None:
        screen = self.screen
        operator = screen.room_app.operator
        if operator is None:
            return

        def closed(_event: LogEvent) -> None:
            result = event_words.result_label(request.result)
            screen.report_done(f"{screen.reference} closed: {result}.")

        screen.call_service(
            partial(
                logbook.close,
                screen.room_app.room,
                operator,
                screen.reference,
                request.result,
                note=request.note,
                duplicate_of=request.duplicate_of,
                unrecorded_crime_reason=request.unrecorded_crime_reason,
                supervisor=request.supervisor,
            ),
            done=closed,
            refused=lambda message: self._refused(request, message),
        )

    def _refused(self, request: CloseRequest, message: str) -> None:
        """Asked again, what was typed kept; for the crime, with the reason and authority."""
        detail = self.screen.detail
        crime = (
            detail is not None
            and detail.crime_unrecorded
            and request.result is not ResultCode.DUPLICATE
        )
        if crime and (request.supervisor is not None or "not recorded" in message):
            self.ask(replace(request, supervisor=None), needs_reason=True, problem=message)
        else:
            # Any other refusal (units still on the log): asked again with what was typed.
            self.ask(
                replace(request, supervisor=None),
                needs_reason=bool(request.unrecorded_crime_reason),
                problem=message,
            )
