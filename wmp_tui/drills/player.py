"""`wmp-tui drill verify`: each scenario's reference answers, played on the real screens.

For every scenario the drill app is started headless (Textual's Pilot) with `training=True`
on a throwaway SQLite database seeded from `data/seed.sql`, and a good operator's keys are
pressed: the intake form, every THRIVE+ question from the caller's script and a rationale
per dimension, the proposed grade accepted, the advice recorded, then the best unit sent (and
the ARV), the appointment booked, the work queued or the call closed. The drill's own report
must then pass; a scenario that does not reach its expected outcome is named with the step
where it went wrong, so a broken scenario or a broken screen is found before a trainee is.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from textual import events
from textual._wait import wait_for_idle
from textual.css.query import NoMatches
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from wmp_tui.config import Settings
from wmp_tui.domain.answering import ADVICE_LABELS
from wmp_tui.domain.drills import (
    DrillReport,
    Outcome,
    Result,
    Scenario,
    ScriptAnswer,
    parse_scenario,
    reference_assessment,
    reference_steps,
    scenario_json,
)
from wmp_tui.domain.vocabulary import Grade, Npu
from wmp_tui.drills.app import DrillApp
from wmp_tui.drills.keys import keys_for, press_key, tick_keys, until_quiet
from wmp_tui.drills.reading import differences, plain, plain_facts, problems_on
from wmp_tui.files.policies import Policies, load_policies
from wmp_tui.screens.dispatch import DispatchScreen
from wmp_tui.screens.drill_report import DrillReportScreen
from wmp_tui.screens.grading import GradingScreen
from wmp_tui.screens.intake import IntakeScreen
from wmp_tui.screens.record_advice import RecordAdvice
from wmp_tui.screens.thrive import ThriveScreen
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.drills import DrillSession, import_scenario
from wmp_tui.services.room import Room
from wmp_tui.services.signin import sign_in
from wmp_tui.store.sandbox import Sandbox
from wmp_tui.widgets.keyed_choice import KeyedChoice
from wmp_tui.widgets.question_row import QuestionRow

SIZE = (120, 40)
START = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
PLAYER = ("Jade Thompson", "1234")
"""A seeded dispatcher: the reference operator both grades and sends."""
CHANNEL_KEYS = {"999": "1", "101": "2", "livechat": "3"}
RELATIONSHIP_KEYS = {"victim": "1", "witness": "2", "third_party": "3"}
CRIME_NUMBER = "99/000001/26"
"""A crime number in the force's format, in a series no live crime takes."""
INTERNAL_TEAM = "Officer in the case"
WAIT_ROUNDS = 40


class StepFailed(Exception):
    """The scenario did not get through a step; the message says what the screen showed."""

    def __init__(self, step: str, message: str) -> None:
        super().__init__(f"{step}: {message}")
        self.step = step
        self.message = message


@dataclass(frozen=True)
class PlayOutcome:
    """How one scenario went through the screens."""

    code: str
    ok: bool
    step: str = ""
    message: str = ""
    report: DrillReport | None = None

    def __str__(self) -> str:
        if not self.ok:
            return f"{self.code}: FAILED at {self.step}: {self.message}"
        report = self.report
        assert report is not None
        grade = report.measures[0].actual
        resource = next((m for m in report.measures if m.name.value == "resource"), None)
        what = resource.sentence if resource else ""
        return f"{self.code}: ok, {grade}; {what}"


def verify_library(
    scenarios: Iterable[Scenario], policy_dir: Path | None = None, *, workers: int = 1
) -> list[PlayOutcome]:
    """Play each scenario on the screens; one outcome per scenario, in order.

    With `workers` > 1 the scenarios are shared among that many processes: each has its own
    sandboxes, and the screens are CPU-bound, so this is what makes the library quick.
    """
    listed = list(scenarios)
    if workers <= 1 or len(listed) <= 1:
        policies = load_policies(policy_dir)
        return [asyncio.run(verify_scenario(s, policies)) for s in listed]
    bodies = [scenario_json(s) for s in listed]
    folder = str(policy_dir) if policy_dir else None
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_verify_one, bodies, [folder] * len(bodies)))


def _verify_one(body: dict[str, Any], policy_dir: str | None) -> PlayOutcome:
    """One scenario in a worker process (scenarios and policies travel as plain data)."""
    policies = _policies(policy_dir)
    return asyncio.run(verify_scenario(parse_scenario(body, "scenario"), policies))


@cache
def _policies(policy_dir: str | None) -> Policies:
    return load_policies(Path(policy_dir) if policy_dir else None)


async def verify_scenario(scenario: Scenario, policies: Policies) -> PlayOutcome:
    """One scenario on a fresh sandbox, from the ringing call to the drill's report."""
    with Sandbox() as sandbox:
        store = sandbox.store
        try:
            stored = import_scenario(store, policies, scenario, replace=True)
        except ValueError as problem:
            return PlayOutcome(scenario.code, False, "import", str(problem))
        trainee = sign_in(store, *PLAYER)
        room = Room(store, ManualClock(START), policies, training=True)
        session = DrillSession(room, store, trainee, own_board=True)
        session.ring(stored)
        settings = Settings(database_url=sandbox.url, animations=False, poll_seconds=10)
        app = DrillApp(room, settings, operator=trainee, session=session)
        player = Player(scenario, policies)
        try:
            async with app.run_test(size=SIZE) as pilot:
                report = await player.play(pilot)
        except StepFailed as failed:
            return PlayOutcome(scenario.code, False, failed.step, failed.message)
        except Exception as error:  # a crash in a screen is a failure of this scenario
            message = f"{type(error).__name__}: {error}"
            return PlayOutcome(scenario.code, False, player.step, message)
        return PlayOutcome(scenario.code, True, report=report)


class Player:
    """A good operator's keys for one scenario."""

    def __init__(self, scenario: Scenario, policies: Policies) -> None:
        self.scenario = scenario
        self.policies = policies
        self.step = "start"
        self.pilot: Pilot[Any] | None = None
        steps = reference_steps(scenario, policies.questions)
        self.answers: dict[str, ScriptAnswer] = {
            s.question.id: s.value for s in steps if s.question is not None
        }
        self.checklist: dict[str, bool | str] = {
            f"{s.screen.id}:{qid}": yes for s in steps if s.screen for qid, yes in s.screen_answers
        }

    # -- driving --

    @property
    def app(self) -> DrillApp:
        assert self.pilot is not None and isinstance(self.pilot.app, DrillApp)
        return self.pilot.app

    async def settle(self, rounds: int = 3) -> None:
        """The app quiet after a step, with room for what a timer does once the process idles
        (the idle wait sleeps; it costs the machine no work)."""
        assert self.pilot is not None
        for _ in range(rounds):
            await until_quiet(self.pilot)
            await wait_for_idle(0)
        await until_quiet(self.pilot)

    async def press(self, *keys: str) -> None:
        """Each key as the terminal sends it, the next once the app is done with this one."""
        assert self.pilot is not None
        for key in keys:
            await press_key(self.pilot, key)

    async def type_text(self, text: str) -> None:
        """Text goes in as a terminal paste: one event per field (every choice, answer and
        command is a key press; typing each letter would only make the library slow)."""
        assert self.pilot is not None
        self.app.post_message(events.Paste(text))
        await until_quiet(self.pilot)

    async def focus(self, selector: str) -> Widget:
        try:
            widget = self.app.screen.query_one(selector)
        except NoMatches:
            raise StepFailed(self.step, f"no {selector} on the screen") from None
        widget.focus()
        assert self.pilot is not None
        await until_quiet(self.pilot)
        return widget

    async def wait_for(self, kind: type[Screen[Any]]) -> Any:
        for _ in range(WAIT_ROUNDS):
            if isinstance(self.app.screen, kind):
                return self.app.screen
            await self.settle(1)
        screen = self.app.screen
        shown = problems_on(screen)
        raise StepFailed(
            self.step,
            f"expected the {kind.__name__}, still on {type(screen).__name__}"
            + (f" showing: {shown}" if shown else ""),
        )

    # -- the call --

    async def play(self, pilot: Pilot[Any]) -> DrillReport:
        self.pilot = pilot
        self.step = "intake"
        await self.intake()
        self.step = "THRIVE+"
        await self.thrive()
        self.step = "grading"
        await self.grading()
        self.step = "advice"
        await self.advice()
        self.step = "dispatch"
        await self.dispatch()
        self.step = "report"
        return await self.report()

    async def intake(self) -> None:
        await self.wait_for(IntakeScreen)
        await self.settle()
        scenario = self.scenario
        await self.focus("#channel")
        await self.press(CHANNEL_KEYS[scenario.channel.value])
        if scenario.caller.name:
            await self.focus("#caller-name")
            await self.type_text(scenario.caller.name)
        if scenario.caller.phone:
            await self.focus("#phone")
            await self.type_text(scenario.caller.phone)
        if scenario.caller.relationship:
            await self.focus("#relationship")
            await self.press(RELATIONSHIP_KEYS[scenario.caller.relationship.value])
        where = scenario.location
        if where.place is not None:
            await self.focus("#place-search")
            await self.type_text(where.place.lower())
            await self.settle()
            await self.press("enter")
            await self.settle()
            screen = self.app.screen
            assert isinstance(screen, IntakeScreen)
            picked = screen.place.place
            if picked is None or picked.name != where.place:
                found = picked.name if picked else "nothing"
                raise StepFailed(self.step, f"searching {where.place!r} picked {found}")
        else:
            if where.address:
                await self.focus("#address")
                await self.type_text(where.address)
            if where.npu is not None:
                await self.focus("#npu")
                await self.press(str(list(Npu).index(where.npu) + 1))
            await self.focus("#coordinates")
            await self.type_text(f"{where.lat}, {where.lon}")
        await self.focus("#incident-type")
        await self.type_text(scenario.incident_type.value.replace("_", " "))
        await self.focus("#narrative")
        await self.type_text(plain(scenario.opening))
        await self.settle()
        await self.press("ctrl+s")
        await self.settle()

    async def thrive(self) -> None:
        screen = await self.wait_for(ThriveScreen)
        for _ in range(WAIT_ROUNDS):
            if screen.questions:
                break
            await self.settle(1)
        await self.focus(f"#q-{next(iter(screen.questions)).replace('.', '-')}")
        for _ in range(400):
            if not screen.assessment.missing(screen.asked):
                break
            focused = self.app.focused
            if isinstance(focused, QuestionRow) and focused.key in screen.questions:
                if focused.key in self.answers:
                    await self.press(*keys_for(focused, self.answers[focused.key]))
                else:
                    await self.press("down")  # an optional question the script leaves out
            elif isinstance(focused, QuestionRow):
                said = self.checklist.get(focused.key)
                await self.press("y" if said is True else "d" if said == "dont_know" else "n")
            elif isinstance(focused, Input) and (focused.id or "").startswith("rationale-"):
                if not focused.value:
                    await self.type_text("judged from the caller's answers")
                await self.press("enter")
            elif isinstance(focused, Input | KeyedChoice):
                await self.press("tab")  # a risk screen's raise: the scored level stands
            else:
                raise StepFailed(self.step, f"focus went to {type(focused).__name__}")
        missing = screen.assessment.missing(screen.asked)
        if missing:
            raise StepFailed(self.step, "still missing: " + "; ".join(map(str, missing[:3])))
        wanted = plain_facts(reference_assessment(self.scenario, self.policies.questions).facts)
        given = plain_facts(screen.assessment.facts)
        if given != wanted:
            differ = differences(given, wanted)
            raise StepFailed(self.step, f"the keys gave other facts than the script: {differ}")
        await self.press("ctrl+s")
        await self.settle()

    async def grading(self) -> None:
        screen = await self.wait_for(GradingScreen)
        for _ in range(WAIT_ROUNDS):
            if screen.decision is not None:
                break
            await self.settle(1)
        expected = self.scenario.expected
        proposed = screen.decision.grade if screen.decision else None
        if proposed not in expected.grades:
            raise StepFailed(
                self.step,
                f"the screen proposes {proposed}; expected "
                f"{'/'.join(g.value for g in expected.grades)}",
            )
        await self.press("enter")
        await self.settle()

    async def advice(self) -> None:
        """Advice given on a call that is not closed on the spot: Ctrl+A, tick, save."""
        await self.wait_for(DispatchScreen)
        if not self.scenario.advice or self.scenario.expected.end is Outcome.CLOSED:
            return
        await self.press("ctrl+a")
        await self.wait_for(RecordAdvice)
        wanted = set(self.scenario.advice)
        for advice in ADVICE_LABELS:  # the dialog lists them in this order, the first highlighted
            await self.press(*(["space"] if advice.value in wanted else []), "down")
        await self.press("tab")
        await self.type_text("drill")
        await self.press("enter")
        await self.settle()

    async def dispatch(self) -> None:
        screen = await self.wait_for(DispatchScreen)
        for _ in range(WAIT_ROUNDS):
            if screen.situation is not None:
                break
            await self.settle(1)
        end = self.scenario.expected.end
        if end is Outcome.DISPATCHED:
            await self.send_units(screen)
        elif end is Outcome.APPOINTMENT:
            if not screen.slots.option_count:
                raise StepFailed(self.step, "no appointment slot offered")
            await self.focus("#slots")
            await self.press("enter")
        elif end is Outcome.QUEUED:
            if screen.situation.grade is Grade.P8:
                await self.focus("#team")
                await self.type_text(INTERNAL_TEAM)
                await self.press("enter")
            else:
                await self.press("q")
        else:
            await self.close(screen)
        await self.settle()

    async def send_units(self, screen: DispatchScreen) -> None:
        options = list(screen.units.options)
        first = next((o for o in options if not o.is_arv), None)
        arv = next((o for o in options if o.is_arv), None)
        if first is None:
            raise StepFailed(self.step, "no unit recommended: " + problems_on(screen))
        wanted = self.scenario.expected.unit
        if wanted is not None and first.unit_id != wanted:
            raise StepFailed(self.step, f"the screen recommends {first.unit_id}, not {wanted}")
        await self.send(screen, first.unit_id)
        if arv is not None:
            await self.send(screen, arv.unit_id)
        sent = [s.call_sign for s in screen.sent]
        if first.unit_id not in sent:
            raise StepFailed(self.step, f"{first.unit_id} not sent: {problems_on(screen)}")
        await self.press("escape")

    async def send(self, screen: DispatchScreen, call_sign: str) -> None:
        ids = [o.unit_id for o in screen.units.options]
        if call_sign not in ids:
            raise StepFailed(self.step, f"{call_sign} is no longer recommended")
        await self.focus("#units")
        screen.units.move_cursor(row=ids.index(call_sign))
        await self.settle(1)
        await self.press("d")
        await self.settle()
        if type(self.app.screen).__name__ == "ConfirmDiversion":
            await self.press("y")
            await self.settle()

    async def close(self, screen: DispatchScreen) -> None:
        row = await self.focus("#advice")
        assert isinstance(row, QuestionRow)
        wanted = self.scenario.advice
        if not wanted:
            raise StepFailed(self.step, "a call closed with advice must name the advice given")
        await self.press(*tick_keys(row, wanted), "enter")
        await self.type_text("drill")
        if screen.query_one("#crime-section").display:
            await self.focus("#crime-number")
            await self.type_text(CRIME_NUMBER)
        await self.press("ctrl+s")

    async def report(self) -> DrillReport:
        await self.wait_for(DrillReportScreen)
        report = self.app.reports[-1]
        await self.press("enter")
        failed = [m for m in report.measures if m.result in (Result.FAIL, Result.SHORT)]
        if failed:
            raise StepFailed(self.step, f"{report.summary} " + " ".join(m.sentence for m in failed))
        return report
