"""Taking a contact: who, how, where and what, checked as it is typed and never lost.

Each field is checked as the operator leaves it, with what is wrong said beside it. Earlier
contacts from the same phone, caller or place appear beside the form as soon as any is known,
before anyone grades, and a caller reporting something already logged is linked to that log
instead of creating a second one. A gazetteer place fills address, NPU and coordinates and
moves straight on to the incident type. The answer clock stops once the call is answered (the
channel chosen: the operator has spoken to the caller), and the time it took goes on the log.
The call is saved as it is typed (a draft, half a second after the last key), so if the app or
the machine dies mid-call the next start offers it back exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from datetime import datetime
from functools import partial
from typing import Any

from pydantic import ValidationError
from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.events import DescendantBlur
from textual.suggester import SuggestFromList
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input

from wmp_tui.domain.intake import (
    CallDetails,
    EarlierContact,
    Relationship,
    check_coordinates,
    normalise_phone,
)
from wmp_tui.domain.log import Log
from wmp_tui.domain.vocabulary import Channel, IncidentType, Npu
from wmp_tui.screens.call_flow import CallFlowScreen
from wmp_tui.screens.confirm_leave import ConfirmLeave
from wmp_tui.screens.confirm_link import ConfirmLink
from wmp_tui.screens.messages import CallFinished, CallLogged
from wmp_tui.services import intake
from wmp_tui.services.places import Place, search_places
from wmp_tui.widgets.answer_clock import AnswerClock
from wmp_tui.widgets.earlier_contacts import EarlierContacts
from wmp_tui.widgets.field_input import FieldInput
from wmp_tui.widgets.keyed_choice import KeyedChoice
from wmp_tui.widgets.place_picker import PlacePicker
from wmp_tui.widgets.plain_text import Label, Static
from wmp_tui.widgets.type_ahead import release_keys

SETTLE_SECONDS = 0.5
"""How long after the last key earlier contacts are looked up (the call is saved at once)."""

CHANNELS = [
    (Channel.EMERGENCY.value, "999"),
    (Channel.NON_EMERGENCY.value, "101"),
    (Channel.LIVECHAT.value, "Livechat"),
    (Channel.ONLINE.value, "Online"),
]
RELATIONSHIPS = [
    (Relationship.VICTIM.value, "victim"),
    (Relationship.WITNESS.value, "witness"),
    (Relationship.THIRD_PARTY.value, "third party"),
]
NPUS = [(npu.value, npu.value) for npu in Npu]
TYPE_WORDS = [t.value.replace("_", " ") for t in IncidentType]

TEXT_FIELDS = ("caller_name", "phone", "address", "coordinates", "incident_type", "narrative")
"""Draft keys of the text boxes; each box's id is the key with `-` for `_`."""
CONTENT_KEYS = (*TEXT_FIELDS, "channel", "relationship", "place_search", "npu")


# -- checking each field in the operator's words ------------------------------------------------


def resolve_incident_type(text: str) -> IncidentType | None:
    """The incident type meant by what was typed: exact words, or the first that starts so."""
    typed = " ".join(text.strip().lower().replace("_", " ").split())
    if not typed:
        return None
    for words in TYPE_WORDS:
        if words == typed:
            return IncidentType(words.replace(" ", "_"))
    starting = [w for w in TYPE_WORDS if w.startswith(typed)]
    if starting:
        return IncidentType(starting[0].replace(" ", "_"))
    containing = [w for w in TYPE_WORDS if typed in w]
    if len(containing) == 1:
        return IncidentType(containing[0].replace(" ", "_"))
    return None


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """`52.4128, -1.7781` → (52.4128, -1.7781); None when blank; ValueError in plain words."""
    cleaned = text.strip()
    if not cleaned:
        return None
    parts = cleaned.replace(",", " ").split()
    if len(parts) != 2:
        raise ValueError("Type latitude then longitude, e.g. 52.4128, -1.7781.")
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise ValueError("Coordinates are two numbers, e.g. 52.4128, -1.7781.") from None
    check_coordinates(lat, lon)
    return lat, lon


def check_field(key: str, value: str) -> str:
    """What is wrong with one text field, in plain words; empty when nothing is."""
    try:
        if key == "phone":
            normalise_phone(value)
        elif key == "coordinates":
            parse_coordinates(value)
        elif key == "incident_type":
            if not value.strip():
                return "Say what the call is about: start typing, e.g. criminal damage."
            if resolve_incident_type(value) is None:
                return (
                    f"{value.strip()!r} is not an incident type: start typing and take the "
                    "suggestion with →, e.g. criminal damage, asb, violence."
                )
        elif key == "caller_name" and len(value.strip()) > 120:
            return "A name has at most 120 characters."
        elif key == "address" and len(value.strip()) > 200:
            return "An address has at most 200 characters."
        elif key == "narrative" and len(value.strip()) > 4000:
            return "The narrative has at most 4,000 characters: keep to what matters."
    except ValueError as problem:
        return str(problem)
    return ""


def plain_error(error: dict[str, Any]) -> str:
    """A pydantic error as the operator reads it (no `Value error,` prefix, no codes)."""
    message = str(error.get("msg", "This is not right."))
    return message.removeprefix("Value error, ")


def has_content(body: dict[str, Any]) -> bool:
    """Whether anything was typed or chosen (a blank screen is never saved)."""
    return any(body.get(key) for key in CONTENT_KEYS) or body.get("location_id") is not None


class IntakeScreen(CallFlowScreen[None]):
    """A new contact, or a half-taken one restored from its draft."""

    BINDINGS = [
        Binding("ctrl+s", "log_call", "Create the log", priority=True),
        Binding("ctrl+r", "earlier", "Earlier contacts"),
        Binding("escape", "leave", "Leave"),
        Binding("enter", "next_field", "Next", show=False),
    ]

    def __init__(self, draft_id: int | None = None) -> None:
        super().__init__()
        self.draft_id = draft_id
        self.received_at: datetime | None = None
        self.answered_at: datetime | None = None
        """When the operator answered (chose the channel); the answer clock stops there."""
        self._from_place: tuple[str, str, str] | None = None
        """Address, NPU and coordinates as the picked place filled them."""
        self._saved_body: dict[str, Any] | None = None
        self._settle_timer: Timer | None = None
        self._saving = False
        self._save_again = False
        self._after_save: list[Callable[[], object]] = []
        self._submitting = False
        self._finished = False
        self._looked_up: tuple[str, str, str, int | None] | None = None
        self._restoring = draft_id is not None

    # -- layout ------------------------------------------------------------------------------

    def compose_body(self) -> Iterable[Widget]:
        yield AnswerClock(id="answer-clock")
        with Horizontal(id="intake"):
            with VerticalScroll(id="call-form"):
                yield from self._row(
                    "Channel", KeyedChoice(CHANNELS, advance=True, id="channel"), "channel"
                )
                yield from self._row("Caller", self._text("caller-name", "name as given", 120))
                yield from self._row("Phone", self._text("phone", "e.g. 07700 900123", 30))
                yield from self._row(
                    "Caller is",
                    KeyedChoice(RELATIONSHIPS, optional=True, advance=True, id="relationship"),
                    "relationship",
                )
                yield from self._row(
                    "Place", PlacePicker(after_pick="#incident-type", id="place"), "place"
                )
                yield from self._row(
                    "or address", self._text("address", "free address if not in the list", 200)
                )
                yield from self._row(
                    "NPU", KeyedChoice(NPUS, optional=True, advance=True, id="npu"), "npu"
                )
                yield from self._row(
                    "or lat, lon", self._text("coordinates", "e.g. 52.4128, -1.7781", 40)
                )
                yield from self._row(
                    "Incident",
                    FieldInput(
                        placeholder="type-ahead: e.g. criminal damage (→ takes the suggestion)",
                        id="incident-type",
                        compact=True,
                        max_length=40,
                        suggester=SuggestFromList(TYPE_WORDS, case_sensitive=False),
                    ),
                )
                yield from self._row(
                    "Narrative", self._text("narrative", "what the caller says, briefly", 4000)
                )
                yield Static("", id="location-problem", classes="field-problem")
            yield EarlierContacts(id="earlier")
        yield Static(
            "Enter next field · Ctrl+S create the log · Ctrl+R earlier contacts · "
            "Esc leave (the call stays saved)",
            classes="hint",
            id="intake-hint",
        )

    @staticmethod
    def _text(field_id: str, placeholder: str, max_length: int) -> Input:
        return FieldInput(
            placeholder=placeholder,
            id=field_id,
            compact=True,
            max_length=max_length,
            advance=field_id != "narrative",  # Enter there creates the log
        )

    @staticmethod
    def _row(label: str, field: Widget, key: str | None = None) -> Iterable[Widget]:
        key = key or (field.id or "")
        row = Horizontal(Label(label, classes="field-label"), field, classes="field-row")
        yield row
        yield Static("", id=f"{key}-problem", classes="field-problem")

    # -- typed access to the form --------------------------------------------------------------

    def text(self, key: str) -> Input:
        return self.query_one(f"#{key.replace('_', '-')}", Input)

    @property
    def channel(self) -> KeyedChoice:
        return self.query_one("#channel", KeyedChoice)

    @property
    def relationship(self) -> KeyedChoice:
        return self.query_one("#relationship", KeyedChoice)

    @property
    def npu(self) -> KeyedChoice:
        return self.query_one("#npu", KeyedChoice)

    @property
    def place(self) -> PlacePicker:
        return self.query_one("#place", PlacePicker)

    @property
    def earlier(self) -> EarlierContacts:
        return self.query_one("#earlier", EarlierContacts)

    @property
    def answer_clock(self) -> AnswerClock:
        return self.query_one("#answer-clock", AnswerClock)

    def body(self) -> dict[str, Any]:
        """The form as a plain dict: what a draft keeps, and what restores it exactly."""
        picked = self.place.place
        return {
            "channel": self.channel.value or "",
            "caller_name": self.text("caller_name").value,
            "phone": self.text("phone").value,
            "relationship": self.relationship.value or "",
            "place_search": self.place.query_text,
            "location_id": picked.id if picked else None,
            "place": picked.model_dump() if picked else None,
            "address": self.text("address").value,
            "npu": self.npu.value or "",
            "coordinates": self.text("coordinates").value,
            "incident_type": self.text("incident_type").value,
            "narrative": self.text("narrative").value,
            "received_at": self.received_at.isoformat() if self.received_at else None,
            "answered_at": self.answered_at.isoformat() if self.answered_at else None,
            "training": self.room_app.room.training,
        }

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
            self.draft_id = None
            return
        self.fill(body)
        self._saved_body = self.body()

    def fill(self, body: dict[str, Any]) -> None:
        """Put a saved call back in the form, field by field."""
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
        channel = str(body.get("channel") or "") or None
        self.channel.value = channel if channel in {c for c, _ in CHANNELS} else None
        self.answer_clock.channel = Channel(self.channel.value) if self.channel.value else None
        for key in TEXT_FIELDS:
            self.text(key).value = str(body.get(key) or "")
        relationship = str(body.get("relationship") or "") or None
        self.relationship.value = (
            relationship if relationship in {r for r, _ in RELATIONSHIPS} else None
        )
        npu = str(body.get("npu") or "") or None
        self.npu.value = npu if npu in {n for n, _ in NPUS} else None
        self.place.set_query(str(body.get("place_search") or ""))
        place = body.get("place")
        if isinstance(place, dict):
            try:
                self.place.place = Place.model_validate(place)
            except ValidationError:
                self.place.place = None

    # -- typing: save, look up, check on leaving -------------------------------------------------

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._changed()

    @on(KeyedChoice.Changed)
    def _chose(self, event: KeyedChoice.Changed) -> None:
        if event.choice.id == "channel":
            self.answer_clock.channel = Channel(event.value) if event.value else None
            if event.value and self.answered_at is None and not self._restoring:
                self.answered_at = self.room_app.room.clock.now()
                self.answer_clock.answered_at = self.answered_at
        self._show_problem(event.choice.id or "", self._check_choice(event.choice))
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
            self._show_problem("location", "")
        self._fill_from_place(event.place)

    @staticmethod
    def _place_fields(place: Place) -> tuple[str, str, str]:
        return place.name, place.npu, f"{place.lat:.4f}, {place.lon:.4f}"

    def _fill_from_place(self, place: Place | None) -> None:
        """A place picked fills address, NPU and coordinates; cleared, it takes back what it
        filled (what the operator typed over is theirs and stays)."""
        address, coordinates = self.text("address"), self.text("coordinates")
        if self._from_place is not None:
            old_address, old_npu, old_coordinates = self._from_place
            if address.value == old_address:
                address.value = ""
            if self.npu.value == old_npu:
                self.npu.value = None
            if coordinates.value == old_coordinates:
                coordinates.value = ""
            self._from_place = None
        if place is None:
            return
        self._from_place = self._place_fields(place)
        address.value, npu, coordinates.value = self._from_place
        self.npu.value = npu if npu in {n for n, _ in NPUS} else None
        for key in ("address", "npu", "coordinates"):
            self._show_problem(key, "")

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
                if key == "incident_type":
                    self._settle_type(widget)
                self._show_problem(key, check_field(key, widget.value))
        elif isinstance(widget, KeyedChoice) and widget.id:
            self._show_problem(widget.id, self._check_choice(widget))

    def _settle_type(self, field: Input) -> None:
        """On leaving the type box, write out in full the type that was meant."""
        meant = resolve_incident_type(field.value)
        if meant is not None:
            field.value = meant.value.replace("_", " ")

    @staticmethod
    def _check_choice(choice: KeyedChoice) -> str:
        if choice.id == "channel" and choice.value is None:
            return "Choose the channel: 1 for 999, 2 for 101, 3 for Livechat, 4 for online."
        return ""

    def _show_problem(self, key: str, problem: str) -> None:
        try:
            line = self.query_one(f"#{key.replace('_', '-')}-problem", Static)
        except NoMatches:
            return
        line.update(problem)
        line.set_class(bool(problem), "-shown")

    # -- drafts --------------------------------------------------------------------------------

    def _save(self, then: Callable[[], object] | None = None) -> None:
        """Save the form as a draft; saves run one at a time so a call keeps one draft."""
        if then is not None:
            self._after_save.append(then)
        if self._saving:
            self._save_again = True
            self.keep_in_journal(self.draft_id, self.body())  # on disk now, the database next
            return
        body = self.body()
        unchanged = body == self._saved_body
        # While the log is being created no draft is written: that one would outlive the call.
        if self._submitting or unchanged or (self.draft_id is None and not has_content(body)):
            self._run_after_save()
            return
        self._saving = True
        self.save_draft(
            self.draft_id, body, done=lambda draft_id: self._saved(draft_id, body), group="draft"
        )

    def _saved(self, draft_id: int, body: dict[str, Any]) -> None:
        self._saving = False
        if self._finished:
            # The log was created (and its draft discarded) while this save was on its way.
            if draft_id != self.draft_id:
                self.discard_draft(draft_id)
            return
        self.draft_id = draft_id
        self._saved_body = body
        if self._save_again and not self._submitting:
            self._save_again = False
            self._save()
            return
        self._save_again = False
        self._run_after_save()

    def _run_after_save(self) -> None:
        waiting, self._after_save = self._after_save, []
        for then in waiting:
            then()

    def show_failure(self, error: BaseException) -> None:
        release_keys(self.app)
        self._saving = False
        self._submitting = False
        super().show_failure(error)
        self.save_again_later(self._save)

    def on_unmount(self) -> None:
        """Last chance when the app is closed within half a second of a key: save now."""
        if self._finished or self._saving or self._restoring:
            return
        try:
            body = self.body()
        except Exception:
            return
        if body != self._saved_body and (has_content(body) or self.draft_id is not None):
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
        phone = self.text("phone").value
        try:
            digits = normalise_phone(phone)
        except ValueError:
            digits = ""
        name = self.text("caller_name").value.strip()
        picked = self.place.place
        address = self.text("address").value.strip() or (picked.name if picked else "")
        keys = (digits, name.lower(), address.lower(), picked.id if picked else None)
        if keys == self._looked_up:
            return
        self._looked_up = keys
        looked_for = ", ".join(
            words
            for words in (
                f"phone {digits}" if digits else "",
                f"caller {name}" if name else "",
                f"place {address}" if address else "",
            )
            if words
        )
        self.call_service(
            partial(
                intake.earlier_contacts,
                self.room_app.room.store,
                phone=digits,
                name=name,
                address=address,
                location_id=picked.id if picked else None,
                training=self.room_app.room.training,
            ),
            done=lambda found: self._found(found, looked_for, keys),
            group="earlier",
        )

    def _found(
        self,
        found: list[EarlierContact],
        looked_for: str,
        keys: tuple[str, str, str, int | None],
    ) -> None:
        if keys == self._looked_up:
            self.earlier.show(found, looked_for)

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
        problems: dict[str, str] = {}
        for key in TEXT_FIELDS:
            value = self.text(key).value
            if key == "incident_type" and default_type is not None and not value.strip():
                continue
            problems[key] = check_field(key, value)
        problems["channel"] = self._check_choice(self.channel)
        for key, problem in problems.items():
            self._show_problem(key, problem)
        self._show_problem("location", "")
        if any(problems.values()):
            self._focus_first_problem(problems)
            return None
        picked = self.place.place
        typed = self.text("coordinates").value
        # The place's own position, not its four-decimal rounding, when the box still shows it.
        from_place = picked is not None and typed == self._place_fields(picked)[2]
        coordinates = None if from_place else parse_coordinates(typed)
        address = self.text("address").value.strip()
        has_place = picked is not None or coordinates is not None or address
        values: dict[str, Any] = {
            "channel": self.channel.value,
            "incident_type": resolve_incident_type(self.text("incident_type").value)
            or default_type,
            "narrative": self.text("narrative").value,
            "caller_name": self.text("caller_name").value,
            "phone": self.text("phone").value,
            "relationship": self.relationship.value,
            "location_id": picked.id if picked else None,
            "address": address if has_place else default_address,
            "npu": self.npu.value,
            "lat": coordinates[0] if coordinates else None,
            "lon": coordinates[1] if coordinates else None,
            "answered_seconds": self.answered_seconds,
        }
        try:
            return CallDetails.model_validate(values)
        except ValidationError as error:
            for found in error.errors():
                where = str(found["loc"][0]) if found.get("loc") else "location"
                key = {"lat": "coordinates", "lon": "coordinates"}.get(where, where)
                if key not in {*TEXT_FIELDS, "channel", "relationship", "npu"}:
                    key = "location"
                self._show_problem(key, plain_error(dict(found)))
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
        field = self.focused
        if isinstance(field, Input) and field.id == "incident-type":
            self._settle_type(field)
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
        if self._settle_timer is not None:
            self._settle_timer.stop()
        if self._saving:
            self._after_save.append(action)
        else:
            action()

    def _logged(self, log: Log) -> None:
        self._finish()
        self.settle_journal()
        self.post_message(CallLogged(log.reference))

    def _not_logged(self, message: str) -> None:
        release_keys(self.app)
        self._submitting = False
        self._changed()  # what was typed meanwhile is saved again
        self._show_problem("location", message)
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
        body = self.body()
        if not has_content(body):
            self.discard_draft(self.draft_id)  # also when only the journal has it
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
