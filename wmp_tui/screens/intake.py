"""Taking a contact: who, how, where and what, checked as it is typed and never lost.

The form has three regions (`CallerDetails`: who and how; `CallLocation`: where;
`WhatHappened`: what), with earlier contacts beside it and the answer clock above. Each field
is checked as the operator leaves it, with what is wrong said beside it (and cleared as soon as
it is put right). Earlier contacts from the same phone, caller or place appear beside the form
as soon as any is known, before anyone grades, and a caller reporting something already logged
is linked to that log instead of creating a second one. The answer clock stops once the call
is answered (the channel chosen: the operator has spoken to the caller), and the time it took
goes on the log. The call is saved as it is typed (one draft, by the `DraftSaver`), so if the
app or the machine dies mid-call the next start offers it back exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import datetime
from functools import partial
from typing import Any

from textual import on
from textual.binding import Binding
from textual.widgets import Input

from wmp_tui.domain.call_checks import (
    form_problems,
    has_content,
    read_call,
)
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.log import Log
from wmp_tui.domain.vocabulary import Channel, IncidentType
from wmp_tui.screens.call_form import CallForm
from wmp_tui.screens.confirm_leave import ConfirmLeave
from wmp_tui.screens.confirm_link import ConfirmLink
from wmp_tui.screens.messages import CallFinished, CallLogged
from wmp_tui.services import intake
from wmp_tui.widgets.earlier_contacts import EarlierContacts
from wmp_tui.widgets.form_row import show_problem
from wmp_tui.widgets.type_ahead import release_keys


class IntakeScreen(CallForm):
    """A new contact, or a half-taken one restored from its draft."""

    BINDINGS = [
        Binding("ctrl+s", "log_call", "Create the log", priority=True),
        Binding("ctrl+r", "earlier", "Earlier contacts"),
        Binding("escape", "leave", "Leave"),
        Binding("enter", "next_field", "Next", show=False),
    ]

    # -- start, restore, clock -----------------------------------------------------------------

    def on_mount(self) -> None:
        room = self.room_app.room
        self.received_at = room.clock.now()
        self.answer_clock.received_at = self.received_at
        self._tick()
        self.set_interval(1.0, self._tick)
        if self.draft_id is not None:
            self.call_service(
                partial(
                    intake.unfinished_calls,
                    room.store,
                    self.room_app.operator,
                    training=room.training,
                ),
                done=self._restore,
            )
        self.channel.focus()
        if self.draft_id is None:  # keys typed since Ctrl+N go on once the focus is here
            self.call_after_refresh(release_keys, self.app)

    def _tick(self) -> None:
        self.answer_clock.now = self.room_app.room.clock.now()

    def _restore(self, drafts: list[tuple[int, dict[str, Any]]]) -> None:
        body = next((b for draft_id, b in drafts if draft_id == self.draft_id), None)
        self._restoring = False
        self.call_after_refresh(release_keys, self.app)
        if body is None:
            self.notify("That unfinished call is no longer saved: take it as a new call.")
            self.drafts.draft_id = None
            return
        self.fill(body)
        self.drafts.saved_body = self.body()

    def fill(self, body: dict[str, Any]) -> None:
        """Put a saved call back in the form, region by region."""
        received = body.get("received_at")
        if isinstance(received, str):
            with suppress(ValueError):
                self.received_at = datetime.fromisoformat(received)
        self.answer_clock.received_at = self.received_at
        answered = body.get("answered_at")
        if isinstance(answered, str):
            with suppress(ValueError):
                self.answered_at = datetime.fromisoformat(answered)
        self.answer_clock.answered_at = self.answered_at
        self.caller.fill(body)
        self.answer_clock.channel = Channel(self.channel.value) if self.channel.value else None
        self.location.fill(body)
        self.what_happened.fill(body)

    # -- earlier contacts ----------------------------------------------------------------------

    def action_earlier(self) -> None:
        self.earlier.focus_list()

    @on(EarlierContacts.LinkRequested)
    def _link(self, event: EarlierContacts.LinkRequested) -> None:
        contact = event.contact
        if contact.state != "open":
            self.show_refusal(f"Log {contact.reference} is closed: take this as a new call.")
            return
        details = self.details(
            default_type=IncidentType(contact.incident_type),
            default_address=f"as log {contact.reference}",
        )
        if details is None:
            return
        room = self.room_app.room

        def confirmed(link: bool | None) -> None:
            if not link:
                return
            self._once_saved(
                lambda: self.call_service(
                    partial(
                        intake.link_duplicate,
                        room.store,
                        room.clock,
                        self.room_app.operator,
                        contact.reference,
                        details,
                        draft_id=self.draft_id,
                    ),
                    done=self._linked,
                    refused=self._not_logged,
                )
            )

        caller = details.caller_name or details.phone or "The caller"
        self.app.push_screen(ConfirmLink(contact.reference, caller), confirmed)

    def _linked(self, log: Log) -> None:
        self._finish()
        self.settle_journal()
        self.notify(f"Linked to {log.reference} as a duplicate.", timeout=6)
        self.post_message(CallFinished(log.reference))

    # -- creating the log ------------------------------------------------------------------------

    def details(
        self, *, default_type: IncidentType | None = None, default_address: str = ""
    ) -> CallDetails | None:
        """The call as the domain takes it; None (with every problem shown) if it is not right."""
        body = self.body()
        problems = form_problems(body, default_type=default_type)
        for key, problem in problems.items():
            show_problem(self, key, problem)
        show_problem(self, "location", "")
        if any(problems.values()):
            self._focus_first_problem(problems)
            return None
        read = read_call(
            body,
            coordinates_from_place=self.location.coordinates_from_place,
            answered_seconds=self.answered_seconds,
            default_type=default_type,
            default_address=default_address,
        )
        if isinstance(read, CallDetails):
            return read
        for key, problem in read.items():
            show_problem(self, key, problem)
        self.notify("Put right what is shown in the form, then Ctrl+S.", severity="warning")
        return None

    @property
    def answered_seconds(self) -> int | None:
        """Whole seconds from the contact coming in to its answer; None before it is."""
        if self.received_at is None or self.answered_at is None:
            return None
        return max(0, int((self.answered_at - self.received_at).total_seconds()))

    def _focus_first_problem(self, problems: dict[str, str]) -> None:
        order = ["channel", "caller_name", "phone", "address", "coordinates", "incident_type"]
        for key in [*order, "narrative"]:
            if problems.get(key):
                target = self.channel if key == "channel" else self.text(key)
                target.focus()
                break
        count = sum(1 for problem in problems.values() if problem)
        self.notify(
            f"{count} thing{'s' if count > 1 else ''} to put right before the log is created.",
            severity="warning",
        )

    def opens_on(self, key: str) -> bool:
        """Enter on the narrative creates the log and opens its THRIVE+, and Enter on the place
        search takes a place (when found, if it is still being looked up): what is typed
        next waits for either."""
        if key != "enter" or self._submitting or self._finished:
            return False
        focused = self.focused
        if focused is self.place.search_box:
            return True
        return isinstance(focused, Input) and focused.id == "narrative"

    def action_log_call(self) -> None:
        if self._submitting or self._finished:
            release_keys(self.app)
            return
        if self.focused is self.what_happened.incident_type:
            self.what_happened.settle_type()
        details = self.details()
        if details is None:
            release_keys(self.app)  # not created: the keys typed after Enter go to the form
            return
        room = self.room_app.room
        self._once_saved(
            lambda: self.call_service(
                partial(
                    intake.take_call,
                    room.store,
                    room.clock,
                    self.room_app.operator,
                    details,
                    training=room.training,
                    draft_id=self.draft_id,
                ),
                done=self._logged,
                refused=self._not_logged,
            )
        )

    def _once_saved(self, action: Callable[[], object]) -> None:
        """Create or link the log once any draft on its way is saved, so the log discards
        that draft and no other; no draft is written from now until it is done or refused."""
        self._submitting = True
        self.drafts.hold()
        if self._settle_timer is not None:
            self._settle_timer.stop()
        self.drafts.when_saved(action)

    def _logged(self, log: Log) -> None:
        self._finish()
        self.settle_journal()
        self.post_message(CallLogged(log.reference))

    def _not_logged(self, message: str) -> None:
        release_keys(self.app)
        self._submitting = False
        self.drafts.go_on()
        self._changed()  # what was typed meanwhile is saved again
        show_problem(self, "location", message)
        self.show_refusal(message)

    def _finish(self) -> None:
        self._finished = True
        self._submitting = False
        if self._settle_timer is not None:
            self._settle_timer.stop()

    # -- moving about --------------------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "narrative":
            self.action_log_call()

    def action_next_field(self) -> None:
        self.focus_next()

    def action_leave(self) -> None:
        if not has_content(self.body()):
            self.drafts.discard()  # also when only the journal has it
            self._finish()
            self.post_message(CallFinished())
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self._save(then=self._left)

        self.app.push_screen(
            ConfirmLeave(
                "Leave this call?",
                "It stays saved as it is, and is offered back when you next sign in.",
            ),
            answered,
        )

    def _left(self) -> None:
        self._finished = True
        self.post_message(CallFinished())
