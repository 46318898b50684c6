"""The control room app in drill mode: the same screens, a scripted caller, a report at the end.

`DrillApp` is the operator's app with three additions and nothing taken away. When a drill's
call rings the trainee answers it (Ctrl+N; a single drill answers it at once) and reads the
caller's first words. On THRIVE+, putting a question to the caller (moving onto it) shows the
caller's scripted answer in the TRAINING banner, the one line every screen of a drill has. When
the trainee is done with the call (dispatched, queued, closed, or left), it is scored and the
report opens over the board. A shift drill also ticks: calls ring at their times on the drill's
clock while units arrive, clear and get busy.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches

from wmp_tui.app import ControlRoomApp
from wmp_tui.config import Settings
from wmp_tui.domain.answering import Advice
from wmp_tui.domain.drills import DrillReport, ShiftReport
from wmp_tui.domain.operators import Operator
from wmp_tui.drills.shift import ShiftDriver
from wmp_tui.screens.drill_report import DrillReportScreen
from wmp_tui.screens.messages import CallFinished, CallLogged, CallStarted
from wmp_tui.screens.record_advice import RecordAdvice
from wmp_tui.screens.thrive import ThriveScreen
from wmp_tui.services import logbook
from wmp_tui.services.drills import CallInDrill, DrillSession
from wmp_tui.services.errors import in_words
from wmp_tui.services.room import Room
from wmp_tui.widgets.plain_text import Static
from wmp_tui.widgets.question_row import QuestionRow
from wmp_tui.widgets.service_worker import run_service


class DrillApp(ControlRoomApp):
    """The operator's app on a training room, with the drill's caller on the line."""

    CSS_PATH = str(Path(__file__).resolve().parent.parent / "app.tcss")
    """The operator's stylesheet (a relative path would be looked up beside this module)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+a", "advice", "Advice given"),
    ]

    def __init__(
        self,
        room: Room,
        settings: Settings,
        *,
        operator: Operator,
        session: DrillSession,
        shift: ShiftDriver | None = None,
        tick_seconds: float = 1.0,
    ) -> None:
        super().__init__(room, settings, operator=operator)
        self.drill = session
        self.caller = session
        """What the THRIVE+ screen (or anything) may ask: `caller.answer(question_id).says`."""
        self.shift = shift
        self.tick_seconds = tick_seconds
        self.reports: list[DrillReport] = []
        self.shift_report: ShiftReport | None = None
        self.caller_words = ""
        """What the drill's caller said last, on every screen's TRAINING banner."""

    def on_mount(self) -> None:
        if self.shift is not None:
            self.set_interval(self.tick_seconds, self._tick)
            self.call_after_refresh(self._tick)
        elif self.drill.ringing:
            self.call_after_refresh(self.post_message, CallStarted())

    # -- the call rings and is answered --

    @on(CallStarted)
    def _answered(self, message: CallStarted) -> None:
        call = self.drill.answer_call()
        if call is None:
            self.notify("No drill call is ringing.", title="Drill", timeout=5)
            return
        self.notify(
            f"“{call.caller.opening}”\n{_who_and_where(call)}",
            title=f"{call.scenario.channel.value} call answered",
            timeout=60,
        )
        self.call_after_refresh(self._say, f"Caller: “{call.caller.opening}”")

    @on(CallLogged)
    def _logged(self, message: CallLogged) -> None:
        self.drill.call_logged(message.reference)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A question put to the caller: show what the caller says."""
        if (
            isinstance(event.widget, QuestionRow)
            and isinstance(self.screen, ThriveScreen)
            and self.drill.current is not None
        ):
            self._say(f"Caller: “{self.drill.answer(event.widget.key).says}”")

    def _say(self, words: str) -> None:
        self.caller_words = words  # a screen opened next shows them too (TrainingBanner)
        try:
            banner = self.screen.query_one("#training-banner", Static)
        except NoMatches:
            return
        banner.update(f"TRAINING · {words}")

    # -- advice given during the call --

    def action_advice(self) -> None:
        """Record advice given on the call's log (scene preservation, crime prevention, ...)."""
        call = self.drill.current
        reference = (call.reference if call else None) or getattr(self.screen, "reference", None)
        if not isinstance(reference, str) or self.operator is None:
            self.notify("Create the log first: advice is recorded on it.", title="Advice")
            return
        self.push_screen(
            RecordAdvice(),
            lambda given: self._advise(reference, given),
        )

    def _advise(self, reference: str, given: tuple[list[Advice], str] | None) -> None:
        if given is None or self.operator is None:
            return
        run_service(
            self,
            partial(logbook.record_advice, self.room, self.operator, reference, *given),
            done=lambda _: self.notify(f"Advice recorded on {reference}.", timeout=4),
            refused=lambda words: self.notify(words, severity="warning"),
            failed=self._failed,
            group="drill-advice",
        )

    def _failed(self, error: BaseException) -> None:
        """A drill's worker failed: one sentence for the trainee, the detail to the error log."""
        self.notify(in_words(error, type(self).__name__), severity="error", timeout=12)

    # -- the trainee is done with the call --

    @on(CallFinished)
    def _finished(self, message: CallFinished) -> None:
        self.caller_words = ""  # the call is over: the next screens say only TRAINING
        reference = message.reference
        call = self.drill.call_for(reference) if reference else None
        if reference is None or call is None or call.report is not None:
            return
        run_service(
            self,
            partial(self.drill.finish, reference),
            done=self._show,
            refused=lambda words: self.notify(words, severity="warning"),
            failed=self._failed,
            group="drill-score",
        )

    def _show(self, report: DrillReport) -> None:
        self.reports.append(report)
        self.push_screen(DrillReportScreen(report), self._report_closed)

    def _report_closed(self, _: None) -> None:
        if self.shift is None:
            self.exit()
        elif self.shift.done:
            self._end_shift()

    # -- a shift drill --

    def _tick(self) -> None:
        assert self.shift is not None
        if self.shift_report is not None:
            return
        run_service(
            self,
            self.shift.tick,
            done=self._ringing,
            refused=lambda words: self.notify(words, severity="warning"),
            failed=self._failed,
            group="drill-tick",
        )

    def _ringing(self, calls: list[CallInDrill]) -> None:
        """The calls the tick rang are announced; the shift ends when its last call is done."""
        for call in calls:
            self.bell()
            self.notify(
                "Ctrl+N answers it.",
                title=f"{call.scenario.channel.value} call ringing",
                timeout=30,
            )
        if self.shift is not None and self.shift.done:
            self._end_shift()

    def _end_shift(self) -> None:
        if self.shift is None or self.shift_report is not None:
            return
        if isinstance(self.screen, DrillReportScreen):
            return  # shown when the last call's report is closed
        self.shift_report = self.shift.report()
        self.push_screen(DrillReportScreen(self.shift_report), lambda _: self.exit())


def _who_and_where(call: CallInDrill) -> str:
    scenario = call.scenario
    who = ", ".join(p for p in (scenario.caller.name, scenario.caller.phone) if p)
    where = (
        scenario.location.place
        or scenario.location.address
        or (f"{scenario.location.lat}, {scenario.location.lon}")
    )
    return f"Caller: {who or 'did not give a name'}. Where: {where}."
