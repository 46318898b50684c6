"""The units to send: the ranked list, a late warning, why the selected unit, and what was sent.

A call handler sees the list but not the reasons: the log awaits a dispatcher, and the region
keeps saying so (`dispatches` is set by the screen from the signed-in operator's role).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult

from wmp_tui.domain.allocation import Recommendation
from wmp_tui.domain.operators import Operator
from wmp_tui.services import dispatch
from wmp_tui.services.dispatch import Dispatched, DiversionNeedsConfirmation
from wmp_tui.services.event_words import eta_words
from wmp_tui.services.room import Room
from wmp_tui.services.situation import Situation
from wmp_tui.widgets.dispatch.region import DispatchRegion
from wmp_tui.widgets.plain_text import Static
from wmp_tui.widgets.recommendation_list import RecommendationList


@dataclass(frozen=True)
class DiversionAsked:
    """The service asked for confirmation before diverting this unit."""

    call_sign: str
    cost: str


def send_unit(
    room: Room, operator: Operator, reference: str, call_sign: str, confirm: bool
) -> Dispatched | DiversionAsked:
    """Send a unit; a diversion comes back as a question rather than a refusal."""
    try:
        return dispatch.send(room, operator, reference, call_sign, confirm_diversion=confirm)
    except DiversionNeedsConfirmation as ask:
        return DiversionAsked(call_sign, str(ask))


def late_warning(situation: Situation) -> str:
    """Said before a unit is sent when the best ETA on offer is later than the time left."""
    left = situation.minutes_left
    if left is None:
        return ""
    attending = [o for o in situation.options if not o.is_arv and o.eta_minutes is not None]
    arvs = [o for o in situation.options if o.is_arv and o.eta_minutes is not None]
    when = f"{left:.0f} min left" if left >= 0 else f"{-left:.0f} min past the deadline"
    said = []
    first = attending[0] if attending else None
    if first is not None and first.eta_minutes is not None and first.eta_minutes > left:
        said.append(
            f"LATE: the best ETA on offer ({first.unit_id} {eta_words(first.eta_minutes)}) is "
            f"later than the {situation.grade.value}'s SLA ({when}). Send it and look for a "
            "nearer unit, or record the reason for delay."
        )
    arv = arvs[0] if arvs else None
    if arv is not None and arv.eta_minutes is not None and arv.eta_minutes > left:
        said.append(
            f"LATE: the nearest armed response vehicle ({arv.unit_id} "
            f"{eta_words(arv.eta_minutes)}) arrives after the {situation.grade.value}'s SLA "
            f"({when}): send it and ask the firearms command for a nearer one."
        )
    return " ".join(said)


def dispatched_words(sent: Dispatched) -> str:
    """What the dispatcher is told when a unit is sent."""
    diverted = f", diverted from {sent.diverted_from}" if sent.diverted_from else ""
    return (
        f"{sent.call_sign} dispatched to {sent.reference}, "
        f"ETA {eta_words(sent.eta_minutes)}{diverted}."
    )


NO_UNIT = (
    "No suitable unit is deployable now: the log waits on the board, resourced as soon as one "
    "is free (r refreshes)."
)


class UnitsToSend(DispatchRegion):
    """Recommended units, best first; `d` or Enter on one sends it (the screen does)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.dispatches = False
        """The operator sends units: the selected unit's reasons are shown."""
        self.sent: list[Dispatched] = []
        """The units sent from this screen, in order."""

    @property
    def units(self) -> RecommendationList:
        return self.query_one(RecommendationList)

    def compose(self) -> ComposeResult:
        yield Static("Recommended units, best first", classes="title")
        yield RecommendationList(id="units")
        yield Static("", id="eta-warning", classes="problem").set_styles("display: none;")
        yield Static("", id="unit-why")
        yield Static("", id="sent-units")

    def show(self, reference: str, options: Sequence[Recommendation], late: str) -> None:
        """These units for this log, best first; `late` warns that even the best arrives after
        the SLA. A call handler is told the log awaits a dispatcher."""
        self.open(
            "d / Enter send the selected unit · r refresh"
            if self.dispatches
            else "Ctrl+N new call · Ctrl+B board"
        )
        self.units.show(options)
        warning = self.query_one("#eta-warning", Static)
        warning.update(Text(late))
        warning.display = bool(late)
        if options:
            self.units.focus()
        else:
            self.say(NO_UNIT)
        if not self.dispatches:
            self.say(
                Text(
                    f"Awaiting dispatch: {reference} is on the board for a dispatcher to send "
                    "the unit. You can take the next call."
                )
            )

    def say(self, words: str | Text) -> None:
        """What the line under the list says: why the selected unit, or what to do."""
        self.query_one("#unit-why", Static).update(words)

    def add_sent(self, sent: Dispatched) -> None:
        """One more unit sent: the line under the list names every unit sent so far."""
        self.sent.append(sent)
        self.query_one("#sent-units", Static).update(
            "Sent: "
            + "; ".join(
                f"{s.call_sign} (ETA {eta_words(s.eta_minutes)}"
                + (f", diverted from {s.diverted_from})" if s.diverted_from else ")")
                for s in self.sent
            )
            + " · d sends another · Esc done"
        )

    @on(RecommendationList.UnitHighlighted)
    def _highlighted(self, event: RecommendationList.UnitHighlighted) -> None:
        if not self.dispatches:
            return  # a call handler's screen keeps saying the log awaits a dispatcher
        option = event.option
        self.say(f"{option.unit_id}: {option.why}" if option is not None else "")
