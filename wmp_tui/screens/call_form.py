"""The intake form: its three regions, checked and saved as they are typed.

`CallForm` lays the form out (who and how, where, what; earlier contacts beside it, the
answer clock above), reads it as the plain dict its draft keeps and fills it back from one,
says beside each field what is wrong as it is left (and clears it as soon as it is put right),
saves every change through one `DraftSaver`, and looks up earlier contacts when the operator
pauses. `IntakeScreen` (screens/intake.py) takes the call from it onto a log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from typing import Any

from textual import on
from textual.containers import Horizontal, VerticalScroll
from textual.events import DescendantBlur
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input

from wmp_tui.domain.call_checks import (
    TEXT_FIELDS,
    ContactSearch,
    check_channel,
    check_field,
    contact_search,
    has_content,
)
from wmp_tui.domain.intake import EarlierContact
from wmp_tui.domain.vocabulary import Channel
from wmp_tui.screens.call_flow import CallFlowScreen
from wmp_tui.services import intake
from wmp_tui.services.places import search_places
from wmp_tui.widgets.answer_clock import AnswerClock
from wmp_tui.widgets.call_location import CallLocation
from wmp_tui.widgets.caller_details import CallerDetails
from wmp_tui.widgets.draft_saver import DraftSaver
from wmp_tui.widgets.earlier_contacts import EarlierContacts
from wmp_tui.widgets.field_input import FieldInput
from wmp_tui.widgets.form_row import problem_shown, show_problem
from wmp_tui.widgets.keyed_choice import KeyedChoice
from wmp_tui.widgets.place_picker import PlacePicker
from wmp_tui.widgets.plain_text import Static
from wmp_tui.widgets.type_ahead import release_keys
from wmp_tui.widgets.what_happened import WhatHappened

SETTLE_SECONDS = 0.5
"""How long after the last key earlier contacts are looked up (the call is saved at once)."""


class CallForm(CallFlowScreen[None]):
    """The form of a contact being taken, saved as a draft as it is typed."""

    def __init__(self, draft_id: int | None = None) -> None:
        super().__init__()
        self.drafts = DraftSaver(self, group="draft", draft_id=draft_id)
        self.received_at: datetime | None = None
        self.answered_at: datetime | None = None
        """When the operator answered (chose the channel); the answer clock stops there."""
        self._settle_timer: Timer | None = None
        self._submitting = False
        self._finished = False
        self._looked_up: tuple[str, str, str, int | None] | None = None
        self._restoring = draft_id is not None

    @property
    def draft_id(self) -> int | None:
        return self.drafts.draft_id

    # -- layout ------------------------------------------------------------------------------

    def compose_body(self) -> Iterable[Widget]:
        yield AnswerClock(id="answer-clock")
        with Horizontal(id="intake"):
            with VerticalScroll(id="call-form"):
                yield CallerDetails(id="caller-details")
                yield CallLocation(id="call-location")
                yield WhatHappened(id="what-happened")
                yield Static("", id="location-problem", classes="field-problem")
            yield EarlierContacts(id="earlier")
        yield Static(
            "Enter next field · Ctrl+S create the log · Ctrl+R earlier contacts · "
            "Esc leave (the call stays saved)",
            classes="hint",
            id="intake-hint",
        )

    # -- typed access to the form --------------------------------------------------------------

    def text(self, key: str) -> Input:
        return self.query_one(f"#{key.replace('_', '-')}", Input)

    @property
    def caller(self) -> CallerDetails:
        return self.query_one(CallerDetails)

    @property
    def location(self) -> CallLocation:
        return self.query_one(CallLocation)

    @property
    def what_happened(self) -> WhatHappened:
        return self.query_one(WhatHappened)

    @property
    def channel(self) -> KeyedChoice:
        return self.caller.channel

    @property
    def relationship(self) -> KeyedChoice:
        return self.caller.relationship

    @property
    def npu(self) -> KeyedChoice:
        return self.location.npu

    @property
    def place(self) -> PlacePicker:
        return self.location.place

    @property
    def earlier(self) -> EarlierContacts:
        return self.query_one("#earlier", EarlierContacts)

    @property
    def answer_clock(self) -> AnswerClock:
        return self.query_one("#answer-clock", AnswerClock)

    def body(self) -> dict[str, Any]:
        """The form as a plain dict: what a draft keeps, and what restores it exactly."""
        return {
            **self.caller.values(),
            **self.location.values(),
            **self.what_happened.values(),
            "received_at": self.received_at.isoformat() if self.received_at else None,
            "answered_at": self.answered_at.isoformat() if self.answered_at else None,
            "training": self.room_app.room.training,
        }

    # -- typing: save, look up, check on leaving -------------------------------------------------

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        key = (event.input.id or "").replace("-", "_")
        if key in TEXT_FIELDS and problem_shown(self, key):  # put right: said at once
            show_problem(self, key, check_field(key, event.value))
        self._changed()

    @on(FieldInput.KeyRefused)
    def _too_long(self, event: FieldInput.KeyRefused) -> None:
        key = (event.field.id or "").replace("-", "_")
        show_problem(
            self, key, f"{event.max_length} characters at most here: the rest was not taken."
        )

    @on(KeyedChoice.Changed)
    def _chose(self, event: KeyedChoice.Changed) -> None:
        if event.choice.id == "channel":
            self.answer_clock.channel = Channel(event.value) if event.value else None
            if event.value and self.answered_at is None and not self._restoring:
                self.answered_at = self.room_app.room.clock.now()
                self.answer_clock.answered_at = self.answered_at
        show_problem(self, event.choice.id or "", self._choice_problem(event.choice))
        self._changed()

    @on(PlacePicker.SearchChanged)
    def _search(self, event: PlacePicker.SearchChanged) -> None:
        self._changed()
        if event.text.strip():
            self.call_service(
                partial(search_places, self.room_app.room.store, event.text),
                done=lambda places: self.place.show_results(event.text, places),
                group="places",
            )

    @on(PlacePicker.Picked)
    def _picked(self, event: PlacePicker.Picked) -> None:
        self._changed()
        if event.place is not None:
            show_problem(self, "location", "")

    def _changed(self) -> None:
        if self._restoring or self._finished:
            return
        self._save()  # at every change: a kill -9 loses nothing but the key in flight
        if self._settle_timer is not None:
            self._settle_timer.stop()
        self._settle_timer = self.set_timer(SETTLE_SECONDS, self._settle)

    def _settle(self) -> None:
        """The operator paused: look up earlier contacts if keys changed (and save, if the
        last save is still to be followed by one)."""
        self._save()
        self._look_up()

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        widget = event.widget
        if isinstance(widget, Input) and widget.id and widget.id != "place-search":
            key = widget.id.replace("-", "_")
            if key in TEXT_FIELDS:
                show_problem(self, key, check_field(key, widget.value))
        elif isinstance(widget, KeyedChoice) and widget.id:
            show_problem(self, widget.id, self._choice_problem(widget))

    @staticmethod
    def _choice_problem(choice: KeyedChoice) -> str:
        return check_channel(choice.value) if choice.id == "channel" else ""

    # -- drafts --------------------------------------------------------------------------------

    def _save(self, then: Callable[[], object] | None = None) -> None:
        """Save the form as a draft (one save at a time, so a call keeps one draft); a blank
        form is never saved, and while the log is being created no draft is written."""
        body = self.body()
        if not self.drafts.in_flight and self.draft_id is None and not has_content(body):
            self.drafts.when_saved(then or (lambda: None))
            return
        self.drafts.save(body, then=then)

    def show_failure(self, error: BaseException) -> None:
        release_keys(self.app)
        self.drafts.failed()
        self._submitting = False
        self.drafts.go_on()
        super().show_failure(error)
        self.save_again_later(self._save)

    def on_unmount(self) -> None:
        """Last chance when the app is closed within half a second of a key: save now."""
        if self._finished or self.drafts.in_flight or self._restoring:
            return
        try:
            body = self.body()
        except Exception:
            return
        if body != self.drafts.saved_body and (has_content(body) or self.draft_id is not None):
            room = self.room_app.room
            try:
                intake.save_draft(
                    room.store,
                    room.clock,
                    self.room_app.operator,
                    self.draft_id,
                    body,
                    training=room.training,
                )
            except Exception as error:  # closing: nothing left to show it on
                self.log.error(repr(error))

    # -- earlier contacts ----------------------------------------------------------------------

    def _look_up(self) -> None:
        search = contact_search(self.body())
        if search.keys == self._looked_up:
            return
        self._looked_up = search.keys
        self.call_service(
            partial(
                intake.earlier_contacts,
                self.room_app.room.store,
                phone=search.phone,
                name=search.name,
                address=search.address,
                location_id=search.location_id,
                training=self.room_app.room.training,
            ),
            done=lambda found: self._found(found, search),
            group="earlier",
        )

    def _found(self, found: list[EarlierContact], search: ContactSearch) -> None:
        if search.keys == self._looked_up:
            self.earlier.show(found, search.words)
