"""Scoring a drill: what the trainee did against what the scenario expects, in plain words.

Each measure passes, falls short (a warning a trainer talks through) or fails; the drill
passes when nothing fails. The rules that make a drill fail are the inspection failures of
DOMAIN.md §3: under-grading a P1 or P2, an incomplete THRIVE+, a question that decides the
call left unasked, a vulnerable person not spotted, the wrong kind of response, advice that
had to be given and was not. Time comes in as arguments: the drill's clock, never the wall's.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from wmp_tui.domain.answering import Outcome
from wmp_tui.domain.drills.measures import DrillAttempt as DrillAttempt
from wmp_tui.domain.drills.measures import DrillReport as DrillReport
from wmp_tui.domain.drills.measures import Measure as Measure
from wmp_tui.domain.drills.measures import MeasureName as MeasureName
from wmp_tui.domain.drills.measures import Result as Result
from wmp_tui.domain.drills.scenario import Scenario, usual_outcome
from wmp_tui.domain.questions import QuestionBank
from wmp_tui.domain.vocabulary import Grade, VulnerabilityFlag

DEFAULT_GRADE_WITHIN_SECONDS: Mapping[Grade, int] = {Grade.P1: 180, Grade.P2: 240}
"""*Default* time from answering to grading for the urgent grades; 10 minutes for the rest.
A scenario may set its own (`targets.grade_within_seconds`)."""
OTHER_GRADE_WITHIN_SECONDS = 600
UNIT_OR_QUEUE = frozenset({Grade.P6, Grade.P7})
"""Grades whose owning team may be sent a unit or given the work in its queue, both right."""


def score_drill(
    scenario: Scenario,
    attempt: DrillAttempt,
    bank: QuestionBank,
    *,
    dispatch_limits: Mapping[Grade, int] | None = None,
    trainee: str | None = None,
    finished_at: datetime | None = None,
) -> DrillReport:
    """Score one attempt at a scenario.

    `dispatch_limits` are the minutes after grading by which a grade must be resourced (the
    dispatch policy's supervisor alerts: P1 4, P2 40); a scenario's own target wins.
    """
    measures = (
        grade_measure(scenario, attempt),
        thrive_measure(attempt),
        must_ask_measure(scenario, attempt, bank),
        vulnerability_measure(scenario, attempt),
        resource_measure(scenario, attempt),
        time_to_grade_measure(scenario, attempt),
        time_to_resource_measure(scenario, attempt, dispatch_limits or {}),
        advice_measure(scenario, attempt),
    )
    return DrillReport(
        scenario=scenario.code,
        title=scenario.title,
        trainee=trainee,
        reference=attempt.reference,
        started_at=attempt.started_at,
        finished_at=finished_at,
        passed=not any(m.result is Result.FAIL for m in measures),
        score=_percent(measures),
        measures=measures,
    )


def _percent(measures: tuple[Measure, ...]) -> int:
    worth = {Result.PASS: 2, Result.SHORT: 1, Result.FAIL: 0}
    scored = [worth[m.result] for m in measures if m.result in worth]
    return round(100 * sum(scored) / (2 * len(scored))) if scored else 0


def grade_measure(scenario: Scenario, attempt: DrillAttempt) -> Measure:
    """Exact or acceptable passes; over-grading falls short; under-grading a P1 or P2 fails."""
    expected = scenario.expected
    wanted = " or ".join(g.value for g in expected.grades)

    def measure(result: Result, sentence: str) -> Measure:
        given = attempt.grade.value if attempt.grade else None
        return Measure(
            name=MeasureName.GRADE, result=result, sentence=sentence, expected=wanted, actual=given
        )

    given = attempt.grade
    if given is None:
        return measure(Result.FAIL, f"The call was never graded; {expected.grade} was expected.")
    if given is expected.grade:
        return measure(Result.PASS, f"Graded {given}, as expected: {expected.why}")
    if given in expected.acceptable:
        return measure(
            Result.PASS,
            f"Graded {given}: acceptable here ({expected.grade} expected: {expected.why})",
        )
    if all(given.rank < g.rank for g in expected.grades):
        return measure(
            Result.SHORT,
            f"Over-graded: {given} where {wanted} is expected ({expected.why}). An over-graded "
            "call takes a unit other callers need.",
        )
    if all(given.rank > g.rank for g in expected.grades):
        urgent = expected.grade.rank <= 2
        return measure(
            Result.FAIL if urgent else Result.SHORT,
            f"Under-graded: {given} where {wanted} is expected ({expected.why})."
            + (" Under-grading a P1 or P2 fails the drill." if urgent else ""),
        )
    return measure(
        Result.SHORT,
        f"Graded {given}, between the expected {wanted} ({expected.why}).",
    )


def thrive_measure(attempt: DrillAttempt) -> Measure:
    """THRIVE+ must be complete: every dimension answered, each with a rationale."""
    if not attempt.thrive_recorded:
        return Measure(
            name=MeasureName.THRIVE, result=Result.FAIL, sentence="No THRIVE+ was recorded."
        )
    if attempt.missing:
        shown = "; ".join(attempt.missing[:3])
        more = f" and {len(attempt.missing) - 3} more" if len(attempt.missing) > 3 else ""
        return Measure(
            name=MeasureName.THRIVE,
            result=Result.FAIL,
            sentence=f"THRIVE+ was left incomplete: {shown}{more}.",
        )
    return Measure(
        name=MeasureName.THRIVE,
        result=Result.PASS,
        sentence="THRIVE+ complete: every dimension answered, each with a rationale.",
    )


def must_ask_measure(scenario: Scenario, attempt: DrillAttempt, bank: QuestionBank) -> Measure:
    """Every question that decides this call must have been asked."""
    wanted = scenario.must_ask
    if not wanted:
        return Measure(
            name=MeasureName.MUST_ASK,
            result=Result.NOT_SCORED,
            sentence="This scenario names no question that must be asked.",
        )
    asked = set(attempt.answered)
    left = [qid for qid in wanted if qid not in asked]
    if not left:
        return Measure(
            name=MeasureName.MUST_ASK,
            result=Result.PASS,
            sentence=f"Asked every question that decides this call ({len(wanted)}).",
            expected=", ".join(wanted),
        )
    words = "; ".join(_ask(bank, qid) for qid in left)
    return Measure(
        name=MeasureName.MUST_ASK,
        result=Result.FAIL,
        sentence=f"Not asked: {words}",
        expected=", ".join(wanted),
        actual=", ".join(q for q in wanted if q in asked) or None,
    )


def _ask(bank: QuestionBank, question_id: str) -> str:
    try:
        return f"“{bank.question(question_id).ask}”"
    except KeyError:
        screens = [m.screen for m in bank.modules if m.screen and m.screen.id == question_id]
        return f"the {screens[0].name}" if screens else question_id


def vulnerability_measure(scenario: Scenario, attempt: DrillAttempt) -> Measure:
    """The vulnerability flags the scenario expects must be among those recorded."""
    wanted = scenario.vulnerability
    recorded = set(attempt.flags)
    said = _flags(attempt.flags) or "none"
    if not wanted:
        extra = f" (recorded: {said})" if attempt.flags else ""
        return Measure(
            name=MeasureName.VULNERABILITY,
            result=Result.PASS,
            sentence=f"No vulnerability to spot on this call{extra}.",
            actual=said,
        )
    missed = [f for f in wanted if f not in recorded]
    if not missed:
        return Measure(
            name=MeasureName.VULNERABILITY,
            result=Result.PASS,
            sentence=f"Spotted the vulnerability: {_flags(wanted)}.",
            expected=_flags(wanted),
            actual=said,
        )
    return Measure(
        name=MeasureName.VULNERABILITY,
        result=Result.FAIL,
        sentence=f"Missed the vulnerability: {_flags(missed)} (recorded: {said}).",
        expected=_flags(wanted),
        actual=said,
    )


def _flags(flags: tuple[VulnerabilityFlag, ...] | list[VulnerabilityFlag]) -> str:
    return ", ".join(f.value.replace("_", " ") for f in flags)


_OUTCOME_WORDS = {
    Outcome.DISPATCHED: "a unit sent",
    Outcome.APPOINTMENT: "an investigator's appointment booked",
    Outcome.QUEUED: "the work queued for its owner",
    Outcome.CLOSED: "resolved on the call and closed",
}


def resource_measure(scenario: Scenario, attempt: DrillAttempt) -> Measure:
    """What was done fits the grade given; a unit sent is the best recommendation."""
    expected = scenario.expected
    if attempt.grade is None:
        return Measure(
            name=MeasureName.RESOURCE,
            result=Result.NOT_SCORED,
            sentence="Not scored: the call was never graded.",
        )
    wanted = expected.end if attempt.grade is expected.grade else usual_outcome(attempt.grade)
    if wanted is Outcome.DISPATCHED and not attempt.may_dispatch:
        return Measure(
            name=MeasureName.RESOURCE,
            result=Result.NOT_SCORED,
            sentence="Not scored: a call handler grades, a dispatcher sends the unit.",
        )
    done = attempt.outcome
    if done is Outcome.DISPATCHED and wanted is Outcome.QUEUED and attempt.grade in UNIT_OR_QUEUE:
        return Measure(
            name=MeasureName.RESOURCE,
            result=Result.PASS,
            sentence=f"Sent {', '.join(attempt.units)} of the team that owns a {attempt.grade}.",
            expected=wanted.value,
            actual=done.value,
        )
    if done is not wanted:
        happened = _OUTCOME_WORDS[done] if done else "nothing done after grading"
        return Measure(
            name=MeasureName.RESOURCE,
            result=Result.FAIL,
            sentence=f"A {attempt.grade} needs {_OUTCOME_WORDS[wanted]}; here: {happened}.",
            expected=wanted.value,
            actual=done.value if done else None,
        )
    if wanted is not Outcome.DISPATCHED:
        return Measure(
            name=MeasureName.RESOURCE,
            result=Result.PASS,
            sentence=f"{_OUTCOME_WORDS[wanted].capitalize()}, as a {attempt.grade} needs.",
            expected=wanted.value,
            actual=done.value if done else None,
        )
    return _unit_measure(scenario, attempt)


def _unit_measure(scenario: Scenario, attempt: DrillAttempt) -> Measure:
    own = attempt.on_own_board and attempt.grade is scenario.expected.grade
    best = scenario.expected.unit if own and scenario.expected.unit else attempt.best_unit
    arv = scenario.expected.arv if own and scenario.expected.arv else attempt.best_arv
    sent = attempt.units
    first = next((u for u in sent if u != arv), sent[0] if sent else None)
    actual = ", ".join(sent) or None
    wanted = ", ".join(u for u in (best, arv) if u) or None
    if arv and arv not in sent:
        return Measure(
            name=MeasureName.RESOURCE,
            result=Result.FAIL,
            sentence=f"Sent {actual} but not the armed response vehicle {arv} that a weapon "
            "call needs as well.",
            expected=wanted,
            actual=actual,
        )
    if best is None or first == best:
        how = f", about {attempt.sent_eta_minutes:.1f} min away" if attempt.sent_eta_minutes else ""
        return Measure(
            name=MeasureName.RESOURCE,
            result=Result.PASS,
            sentence=f"Sent {first}, the best recommendation{how}.",
            expected=wanted,
            actual=actual,
        )
    times = ""
    if attempt.sent_eta_minutes is not None and attempt.best_eta_minutes is not None:
        times = f" ({attempt.sent_eta_minutes:.1f} min away against {attempt.best_eta_minutes:.1f})"
    return Measure(
        name=MeasureName.RESOURCE,
        result=Result.SHORT,
        sentence=f"Sent {first}; the best recommendation was {best}{times}.",
        expected=wanted,
        actual=actual,
    )


def time_to_grade_measure(scenario: Scenario, attempt: DrillAttempt) -> Measure:
    """From answering the call to committing the grade, against the target."""
    if attempt.graded_at is None:
        return Measure(
            name=MeasureName.TIME_TO_GRADE,
            result=Result.NOT_SCORED,
            sentence="Not scored: the call was never graded.",
        )
    took = attempt.graded_at - attempt.started_at
    target = scenario.targets.grade_within_seconds or DEFAULT_GRADE_WITHIN_SECONDS.get(
        scenario.expected.grade, OTHER_GRADE_WITHIN_SECONDS
    )
    limit = timedelta(seconds=target)
    within = took <= limit
    return Measure(
        name=MeasureName.TIME_TO_GRADE,
        result=Result.PASS if within else Result.SHORT,
        sentence=f"Graded {duration(took)} after answering "
        f"({'within' if within else 'over'} the {duration(limit)} target).",
        expected=duration(limit),
        actual=duration(took),
    )


def time_to_resource_measure(
    scenario: Scenario, attempt: DrillAttempt, dispatch_limits: Mapping[Grade, int]
) -> Measure:
    """From grading to a unit sent (or the work queued, booked, closed), against the target."""
    name = MeasureName.TIME_TO_DISPATCH
    if attempt.graded_at is None or attempt.grade is None:
        return Measure(name=name, result=Result.NOT_SCORED, sentence="Not scored: never graded.")
    if attempt.resourced_at is None or attempt.outcome is None:
        return Measure(
            name=name,
            result=Result.NOT_SCORED,
            sentence="Not scored: nothing was sent, queued, booked or closed.",
        )
    after = attempt.resourced_at - attempt.graded_at
    overall = attempt.resourced_at - attempt.started_at
    what = {
        Outcome.DISPATCHED: "Unit sent",
        Outcome.APPOINTMENT: "Appointment booked",
        Outcome.QUEUED: "Work queued",
        Outcome.CLOSED: "Closed",
    }[attempt.outcome]
    said = f"{what} {duration(after)} after grading ({duration(overall)} after answering)"
    seconds = scenario.targets.dispatch_within_seconds
    if seconds is None and attempt.outcome is Outcome.DISPATCHED:
        minutes = dispatch_limits.get(attempt.grade)
        seconds = minutes * 60 if minutes is not None else None
    if seconds is None:
        return Measure(name=name, result=Result.PASS, sentence=f"{said}.", actual=duration(after))
    limit = timedelta(seconds=seconds)
    within = after < limit
    return Measure(
        name=name,
        result=Result.PASS if within else Result.SHORT,
        sentence=f"{said}: {'within' if within else 'not within'} {duration(limit)}"
        + ("." if within else f", when a {attempt.grade} still waiting alerts the supervisor."),
        expected=duration(limit),
        actual=duration(after),
    )


def advice_measure(scenario: Scenario, attempt: DrillAttempt) -> Measure:
    """The advice the scenario requires must be recorded on the log."""
    given = set(attempt.advice)
    said = ", ".join(a.value.replace("_", " ") for a in attempt.advice) or "none"
    if not scenario.advice:
        return Measure(
            name=MeasureName.ADVICE,
            result=Result.PASS,
            sentence=f"No advice required on this call (recorded: {said}).",
            actual=said,
        )
    missing = [a for a in scenario.advice if a not in given]
    wanted = ", ".join(a.value.replace("_", " ") for a in scenario.advice)
    if not missing:
        return Measure(
            name=MeasureName.ADVICE,
            result=Result.PASS,
            sentence=f"Recorded the advice this call needs: {wanted}.",
            expected=wanted,
            actual=said,
        )
    left = ", ".join(a.value.replace("_", " ") for a in missing)
    return Measure(
        name=MeasureName.ADVICE,
        result=Result.FAIL,
        sentence=f"Advice not recorded: {left} (recorded: {said}).",
        expected=wanted,
        actual=said,
    )


def duration(span: timedelta) -> str:
    """A span as a trainer says it: 45 s, 3 min 10 s, 1 h 5 min."""
    seconds = max(0, round(span.total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s" if seconds else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"
