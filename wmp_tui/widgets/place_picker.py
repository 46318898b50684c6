"""Where the call is: type part of a place's name, arrow to it, Enter to pick it.

Each result shows its NPU, the kind of place and a hotgrid marker, because where a call is
decides who goes and a hotgrid (the small areas with the most crime and ASB) is worth knowing
before grading. The widget never searches itself: it tells its screen what was typed, and the
screen hands back the places found (attributes down, messages up).

The place taken is always the one highlighted: results appear with none highlighted, the first
Down highlights the first, and Enter with none highlighted takes the first (the best match).
Enter moves focus to `after_pick` inside the key press, so what is typed next lands there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Input
from textual.widgets.option_list import Option

from wmp_tui.services.places import Place
from wmp_tui.widgets.field_input import FieldInput
from wmp_tui.widgets.plain_text import OptionList, Static
from wmp_tui.widgets.type_ahead import release_keys
from wmp_tui.widgets.widget_message import WidgetMessage

HOTGRID = "◆ hotgrid"


def place_line(place: Place) -> Text:
    """`Touchwood Shopping Centre · SH Solihull · shopping ◆ hotgrid`."""
    text = Text(place.name, style="bold")
    text.append(f" · {place.npu} {place.npu_name} · {place.kind.replace('_', ' ')}")
    if place.hotgrid:
        text.append(f"  {HOTGRID}", style="bold")
    return text


class PlaceSearch(FieldInput):
    """The search box: Enter takes the highlighted place and moves on; pressed before the
    places typed for have come back, it takes the first of them when they do."""

    async def action_submit(self) -> None:
        picker = next((a for a in self.ancestors if isinstance(a, PlacePicker)), None)
        if picker is None:
            await super().action_submit()
            return
        # Decided a turn later, once the keys typed before Enter are in the box (a priority
        # binding runs ahead of them); the screen holds the keys typed after it meanwhile.
        self.call_later(picker.entered)


class PlacePicker(Vertical):
    """A search box over the gazetteer, its results and the place picked."""

    BINDINGS = [
        Binding("down", "result(1)", "Next place", show=False),
        Binding("up", "result(-1)", "Previous place", show=False),
    ]

    DEFAULT_CSS = """
    PlacePicker {
        height: auto;
        width: 1fr;
    }
    PlacePicker > OptionList {
        height: auto;
        max-height: 8;
        display: none;
    }
    PlacePicker.-searching > OptionList {
        display: block;
    }
    PlacePicker > #place-picked {
        height: auto;
        color: $text-success;
    }
    """

    place: reactive[Place | None] = reactive(None)
    """The place picked from the gazetteer, if any."""

    @dataclass
    class SearchChanged(WidgetMessage):
        """The operator typed in the search box: the screen should look the words up."""

        picker: PlacePicker
        text: str

    @dataclass
    class Picked(WidgetMessage):
        """A place was picked (or the pick cleared, when `place` is None)."""

        picker: PlacePicker
        place: Place | None

    def __init__(
        self,
        *,
        query: str = "",
        place: Place | None = None,
        after_pick: str = "",
        id: str | None = None,
    ):
        super().__init__(id=id)
        self._query = query
        self._results: list[Place] = []
        self._found_for: str | None = query or None
        """The words the results shown were found for (None: a search is on its way)."""
        self.take_when_found = False
        """Enter was pressed before the results came: the first found is taken."""
        self.after_pick = after_pick
        """The selector of the widget focused once a place is picked (empty: the next one)."""
        self.set_reactive(PlacePicker.place, place)

    def compose(self) -> ComposeResult:
        yield PlaceSearch(
            self._query,
            placeholder="type part of a street, station or landmark",
            id="place-search",
            compact=True,
            max_length=120,
            select_on_focus=True,  # a search, not a record: typed again, it starts anew
        )
        yield OptionList(id="place-results", markup=False)
        yield Static("", id="place-picked")

    def on_mount(self) -> None:
        # The list follows the search box's arrows; Tab skips it, so the form reads in order.
        self.results.can_focus = False
        self._show_place()

    @property
    def search_box(self) -> Input:
        return self.query_one("#place-search", Input)

    @property
    def results(self) -> OptionList:
        return self.query_one("#place-results", OptionList)

    @property
    def query_text(self) -> str:
        """What is typed in the search box."""
        return self.search_box.value

    def watch_place(self) -> None:
        if self.is_mounted:
            self._show_place()

    def show_results(self, text: str, places: Sequence[Place]) -> None:
        """Show the places found for `text` (ignored when the box has moved on since)."""
        if text != self.query_text:
            return
        self._found_for = text
        self._results = list(places)
        self.results.set_options(
            Option(place_line(place), id=str(index)) for index, place in enumerate(places)
        )
        self.results.highlighted = None
        self.set_class(bool(places) and self.search_box.has_focus, "-searching")
        if self.take_when_found:
            self.take_when_found = False
            if self.take_highlighted():
                self.move_on()
            else:  # nothing found: Enter moves on as it does with no place shown
                self.search_box.screen.focus_next()
            self.call_after_refresh(release_keys, self.app)

    def entered(self) -> None:
        """Enter in the search box: take the highlighted place (or, still looking, the first
        found when it comes) and move on; then the keys typed after Enter go on."""
        if self.search_pending and not self.take_when_found:
            self.take_when_found = True  # `show_results` takes it and lets the keys go
            return
        self.take_when_found = False
        if self.take_highlighted():
            self.move_on()
        else:
            self.screen.focus_next()
        self.call_after_refresh(release_keys, self.app)

    @property
    def search_pending(self) -> bool:
        """Words typed whose places have not come back yet."""
        return bool(self.query_text.strip()) and self._found_for != self.query_text

    def move_on(self) -> None:
        """After a pick: to the widget named by `after_pick`, else the next one."""
        if self.after_pick:
            self.screen.set_focus(self.screen.query_one(self.after_pick))
        else:
            self.screen.focus_next()

    def set_query(self, text: str) -> None:
        """Fill the search box (restoring a saved call) without searching."""
        self.search_box.value = text

    @on(Input.Changed, "#place-search")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if not event.value.strip():
            self._found_for = event.value
            self._results = []
            self.results.clear_options()
            self.set_class(False, "-searching")
            if self.place is not None:
                self.pick(None)
        self.post_message(self.SearchChanged(self, event.value))

    def take_highlighted(self) -> bool:
        """Pick the highlighted place (the first, when none is); False when none is shown."""
        if not self._results or not self.has_class("-searching"):
            return False
        highlighted = self.results.highlighted
        self.pick(self._results[highlighted if highlighted is not None else 0])
        return True

    @on(Input.Blurred, "#place-search")
    def _left(self) -> None:
        self.set_class(False, "-searching")

    def pick(self, place: Place | None) -> None:
        """Take this place as the call's location and tell the screen."""
        self.place = place
        self.set_class(False, "-searching")
        self.post_message(self.Picked(self, place))

    def action_result(self, step: int) -> None:
        if not self._results:
            return
        if not self.has_class("-searching"):
            self.set_class(True, "-searching")
            return
        current = self.results.highlighted
        if current is None:
            self.results.highlighted = 0
            return
        self.results.highlighted = max(0, min(len(self._results) - 1, current + step))

    def _show_place(self) -> None:
        picked = self.query_one("#place-picked", Static)
        if self.place is None:
            picked.update("")
            return
        line = Text("Picked: ")
        line.append_text(place_line(self.place))
        line.append(f" · {self.place.lat:.4f}, {self.place.lon:.4f}")
        picked.update(line)
