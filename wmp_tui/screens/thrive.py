"""THRIVE+: the structured risk assessment, dimension by dimension, in plain words.

The question bank decides what is asked for this incident type (core questions, context
modules, the DASH screen for domestic abuse); the operator answers with single keys while the
caller talks and writes a short rationale per dimension. What is still missing is always on
screen, because grading is refused until nothing is (DOMAIN.md §3), and so is the grade the
answers so far give. Ctrl+S records the entry either way: a complete one goes on to grading,
an incomplete one is kept so nothing is lost and the operator stays to finish it. As soon as a
P1 rule holds, F1 grades P1 and opens dispatch at once; the THRIVE+ stays to complete. A
re-THRIVE starts from the log's latest entry.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.binding import Binding

from wmp_tui.screens.confirm_leave import ConfirmLeave
from wmp_tui.screens.messages import CallFinished, LogGraded, ThriveRecorded
from wmp_tui.screens.thrive_answers import ThriveAnswers
from wmp_tui.services import grading
from wmp_tui.services.grading import Graded, Recorded
from wmp_tui.widgets.type_ahead import release_keys

SAVE_AFTER_SECONDS = 0.0
"""Answers are saved as they are given (a save in flight is followed by one more), so a
kill -9 loses nothing but the key in flight."""


class ThriveScreen(ThriveAnswers):
    """THRIVE+ for one log: answers, rationales, what is missing; Ctrl+S records."""

    BINDINGS = [
        Binding("ctrl+s", "record", "Record THRIVE+", priority=True),
        Binding("f1", "p1_now", "P1 now", priority=True),
        Binding("ctrl+g", "missing", "What is missing"),
        Binding("ctrl+y", "confirm", "Confirm dimension", show=False, priority=True),
        Binding("escape", "leave", "Leave"),
    ]

    def action_missing(self) -> None:
        """Go to the first thing still missing (or the list, when nothing is)."""
        first = self._first_missing_widget()
        if first is not None:
            first.focus()
        else:
            self.notify("Nothing is missing: Ctrl+S records THRIVE+ and goes on to grading.")

    def action_confirm(self) -> None:
        """Confirm the last entry's answers of the dimension the cursor is in, unchanged."""
        if not self.confirming:
            return
        dimension = self.form.dimension_of(self.focused)
        if dimension is None:
            self.notify("Move to a question or rationale of the dimension to confirm.", timeout=4)
            return
        self.confirmed.add(dimension)
        self.notify(f"{dimension.label} confirmed.", timeout=2)
        self._changed()
        first = self._first_missing_widget()
        if first is not None:
            first.focus()

    # -- recording ---------------------------------------------------------------------------

    def action_record(self) -> None:
        if self.log_row is None or self.recording:
            return
        self.recording = True
        self._record(done=self._recorded, refused=self._not_recorded)

    def _record(
        self, *, done: Callable[[Recorded], object], refused: Callable[[str], object] | None = None
    ) -> None:
        """Record the answers so far on the log (complete or not) in a worker."""
        room = self.room_app.room
        self.call_service(
            partial(
                grading.record_thrive,
                room,
                self.room_app.operator,
                self.reference,
                self.assessment,
                confirmed=frozenset(self.confirmed) if self.confirming else None,
            ),
            done=done,
            refused=refused,
        )

    def _recorded(self, recorded: Recorded) -> None:
        self.recording = False
        self.changed = False
        self.drafts.discard()
        if recorded.completed_p1_first:
            release_keys(self.app)  # back to the board, which is ready
            self.notify(f"THRIVE+ of {self.reference} complete and recorded on the log.", timeout=6)
            self.post_message(CallFinished(self.reference))
            return
        if not recorded.missing:
            self.post_message(ThriveRecorded(self.reference))  # grading releases the keys
            return
        release_keys(self.app)  # still on THRIVE+: what was typed after Ctrl+S goes to it
        count = len(recorded.missing)
        self.notify(
            f"Recorded as incomplete: {count} thing{'s' if count > 1 else ''} still missing "
            "before grading (listed on the right).",
            severity="warning",
            timeout=8,
        )
        self._refresh_progress()
        self.action_missing()

    def opens_on(self, key: str) -> bool:
        """F1 on an immediate P1 grades it and opens dispatch: what is typed next (`d`) waits
        for the units to send. Ctrl+S records in a worker and may open grading: what is typed
        next waits for its proposal (or for the THRIVE+ to be back, incomplete)."""
        if key == "ctrl+s":
            return not self.recording and self.log_row is not None
        if key != "f1" or self.recording or self.rethrive or self.room_app.operator is None:
            return False
        so_far = self.grade_so_far()
        return so_far is not None and so_far.immediate

    def action_p1_now(self) -> None:
        """Grade P1 at once on the answers so far and go to dispatch (an immediate P1)."""
        so_far = self.grade_so_far()
        operator = self.room_app.operator
        if so_far is None or operator is None or self.recording:
            release_keys(self.app)
            return
        if self.rethrive:
            release_keys(self.app)
            self.show_refusal(
                f"{self.reference} is graded {self.log_row.grade if self.log_row else ''} "
                "already: complete the THRIVE+ with Ctrl+S."
            )
            return
        if not so_far.immediate:
            release_keys(self.app)
            self.show_refusal(
                f"The answers so far give {so_far.decision.grade.value}, not an immediate P1: "
                "complete THRIVE+ and Ctrl+S to grade."
            )
            return
        self.recording = True
        self.call_service(
            partial(
                grading.grade_p1_first,
                self.room_app.room,
                operator,
                self.reference,
                self.assessment,
            ),
            done=self._graded_p1,
            refused=self._not_recorded,
        )

    def _graded_p1(self, graded: Graded) -> None:
        self.recording = False
        self.changed = False
        self.drafts.discard()
        self.notify(
            f"{graded.reference} graded P1: send units now; its THRIVE+ stays to complete "
            "(t on the log).",
            timeout=6,
        )
        self.post_message(LogGraded(graded.reference))

    def _not_recorded(self, message: str) -> None:
        self.recording = False
        release_keys(self.app)  # F1 refused: the keys typed after it go to the form
        self.show_refusal(message)

    def show_failure(self, error: BaseException) -> None:
        self.recording = False
        release_keys(self.app)
        self.drafts.failed()
        super().show_failure(error)
        self.save_again_later(self._save_if_changed)

    def _save_if_changed(self) -> None:
        if self.changed:
            self._save_draft()

    def action_leave(self) -> None:
        if not self.changed:
            self.post_message(CallFinished(self.reference, self._left_words()))
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self._record_and_leave()

        after = (
            "the log keeps its grade, and a close or a re-grade still needs a re-THRIVE "
            "confirmed in every dimension."
            if self.confirming
            else "the log stays open and ungraded on the board until THRIVE+ is finished."
        )
        self.app.push_screen(
            ConfirmLeave(
                f"Leave THRIVE+ for {self.reference}?",
                f"What you have answered is recorded as an incomplete entry; {after}",
            ),
            answered,
        )

    def _record_and_leave(self) -> None:
        self._record(done=lambda _: self._left())

    def _left(self) -> None:
        self.drafts.discard()
        self.post_message(CallFinished(self.reference, self._left_words()))

    def _left_words(self) -> str:
        """What the board says of a THRIVE+ left before grading: never "done"."""
        if self.rethrive:
            return f"{self.reference}: THRIVE+ left unfinished; the log keeps its grade."
        return f"{self.reference} left ungraded on the board: its THRIVE+ is still to finish."
