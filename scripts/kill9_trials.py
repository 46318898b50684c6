"""Kill -9 the real app while an operator types, and count what the draft lost.

Starts `wmp-tui` in tmux on a throwaway SQLite database (and a throwaway draft journal), signs
in, takes a call with the real keys and types one key every 0.1-0.2 s, then `kill -9`s it at a
random moment and reads the draft straight from the database. Three modes:

- intake: the caller's name on a new call, character by character;
- thrive: a weapons call created by the README's fast path, then the THRIVE+ threat rationale,
  character by character (the THRIVE+ draft: `"kind": "thrive"`);
- dash: a domestic abuse call, the safety, threat, harm and risk questions answered, then the
  27-question DASH checklist answered y/n/d one question at a time.

What counts is what the operator gets back: the database as the killed app left it, and the
same after the next start writes the draft journal through (the journal is on this machine's
disk before the database; `wmp_tui/store/journal.py`). Both are printed; "lost" is after the
journal. One line per trial, then per mode the trials, what was typed, what was lost and the
worst trial. Nothing but the key in flight (at most 1) should be lost.

    .venv/bin/python scripts/kill9_trials.py --trials 20 --seed 7
    .venv/bin/python scripts/kill9_trials.py --mode dash --trials 5
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / ".venv/bin/wmp-tui"
OPERATOR = "Sam Patel"
SEED_PIN = "1234"
"""The seed's PIN, which must be changed at first sign-in (screens/change_pin.py)."""
OWN_PIN = "480715"
"""The PIN chosen once on the PIN-change screen of the template database."""
CALLER = "Jo Bloggs [dob=01/02/1990] of Erdington High Street"
RATIONALE = "Offender left on foot [towards Six Ways], no weapon seen, caller calm now"
DASH_QUESTIONS = 27
DASH_KEYS = {"y": True, "n": False, "d": "dont_know"}
"""The key for each DASH answer, and how the THRIVE+ draft keeps it (`screens.dash`)."""
MODES = ("intake", "thrive", "dash")


@dataclass(frozen=True)
class Trial:
    mode: str
    typed: int
    in_database: int
    after_journal: int

    @property
    def lost(self) -> int:
        return self.typed - self.after_journal

    @property
    def lost_in_database(self) -> int:
        return self.typed - self.in_database


# -- tmux -------------------------------------------------------------------------------------


def tmux(*args: str) -> str:
    done = subprocess.run(["tmux", *args], capture_output=True, text=True, check=False)
    return done.stdout


def screen(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def wait_for(session: str, text: str, seconds: float = 60) -> None:
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        if text in screen(session):
            return
        time.sleep(0.1)
    raise TimeoutError(f"{text!r} never appeared:\n{screen(session)}")


def press(session: str, *keys: str, gap: float = 0.15) -> None:
    """Keys by their tmux names (`Enter`, `C-n`, `y`), one at a time."""
    for key in keys:
        tmux("send-keys", "-t", session, key)
        time.sleep(gap)


def type_text(session: str, text: str, gap: float = 0.05) -> None:
    """Text typed literally, one character at a time."""
    for character in text:
        tmux("send-keys", "-t", session, "-l", character)
        time.sleep(gap)


def start_app(session: str, database: Path, journal: Path, errors: Path) -> None:
    env = (
        f"WMP_DATABASE_URL=sqlite:///{database} WMP_JOURNAL_DIR={journal} "
        f"WMP_ERROR_LOG={errors} WMP_ANIMATIONS=false"
    )
    # The shipped policies, whatever the calling shell's WMP_POLICY_DIR says.
    command = f"env -u WMP_POLICY_DIR -u WMP_OPERATOR {env} {APP}"
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", command)


def kill_app(session: str) -> None:
    pid = int(tmux("list-panes", "-t", session, "-F", "#{pane_pid}").split()[0])
    os.kill(pid, signal.SIGKILL)  # `env` execs the app: the pane's process is wmp-tui itself


# -- the template database: seeded, and the seed's PIN changed once -------------------------


def make_template(folder: Path) -> Path:
    template = folder / "template.db"
    env = {k: v for k, v in os.environ.items() if k not in ("WMP_POLICY_DIR", "WMP_OPERATOR")}
    env["WMP_DATABASE_URL"] = f"sqlite:///{template}"
    env["WMP_ERROR_LOG"] = str(folder / "errors.log")
    env["WMP_JOURNAL_DIR"] = str(folder / "journal-template")
    subprocess.run([APP, "db", "seed"], env=env, check=True, stdout=subprocess.DEVNULL)
    session = f"wmp-kill9-{os.getpid()}-template"
    start_app(session, template, folder / "journal-template", folder / "errors.log")
    try:
        wait_for(session, "Sign in")
        type_text(session, OPERATOR)
        press(session, "Enter")
        type_text(session, SEED_PIN)
        press(session, "Enter")
        wait_for(session, "Choose your own PIN")
        type_text(session, OWN_PIN)
        press(session, "Enter")
        type_text(session, OWN_PIN)
        press(session, "Enter")
        wait_for(session, "Open logs")
        press(session, "C-q")
        ends = time.monotonic() + 10
        while _alive(session):
            if time.monotonic() > ends:
                raise TimeoutError(f"the app did not quit on Ctrl+Q:\n{screen(session)}")
            time.sleep(0.1)
    finally:
        tmux("kill-session", "-t", session)
    return template


def _alive(session: str) -> bool:
    done = subprocess.run(["tmux", "has-session", "-t", session], capture_output=True, check=False)
    return done.returncode == 0


# -- the call flow, with the README's keys ---------------------------------------------------


def sign_in(session: str) -> None:
    wait_for(session, "Sign in")
    type_text(session, OPERATOR)
    press(session, "Enter")
    type_text(session, OWN_PIN)
    press(session, "Enter")
    wait_for(session, "Open logs")


def new_call(session: str) -> None:
    press(session, "C-n")
    wait_for(session, "Narrative")
    time.sleep(0.3)


def create_log(session: str, incident: str, narrative: str) -> None:
    """The fast path: 999, name, phone, witness, place `touchwood`, incident type, narrative;
    Enter on the narrative creates the log and lands on THRIVE+."""
    new_call(session)
    press(session, "1")
    type_text(session, "Jo Bloggs")
    press(session, "Enter")
    type_text(session, "07700900123")
    press(session, "Enter", "2")
    type_text(session, "touchwood")
    wait_for(session, "Touchwood Shopping Centre")
    press(session, "Enter")
    wait_for(session, "Picked: Touchwood")
    type_text(session, incident)
    time.sleep(0.3)
    press(session, "Enter")
    type_text(session, narrative)
    press(session, "Enter")
    wait_for(session, "THRIVE+ for")
    wait_for(session, "dimensions complete")
    time.sleep(0.5)


def answer_threat(session: str) -> None:
    """Not happening now, offender gone, not detained, minutes not known, no weapon, no
    violence, no threat to life: the cursor is then on the threat rationale."""
    press(session, "n", "2", "n", "Enter", "1", "1", "n")


def to_threat_rationale(session: str) -> None:
    create_log(session, "weapons", "Caller saw a man with a bat outside")
    answer_threat(session)
    time.sleep(0.5)


def to_dash(session: str) -> None:
    """Safety first, then threat, harm and risk: the cursor is then on DASH question 1."""
    create_log(session, "domestic", "Caller says her partner hit her")
    press(session, "y", "y", "2", "1")  # safe to talk, safe number, abuser gone, no children
    answer_threat(session)
    type_text(session, "calm now")
    press(session, "Enter", "1", "Enter")  # harm: no injury, none of the kinds
    type_text(session, "no injury")
    press(session, "Enter", "n", "n")  # risk: not escalating, no evidence to lose
    wait_for(session, "Rationale   no injury")
    time.sleep(0.5)


# -- what the database holds -----------------------------------------------------------------


def drafts(database: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT body FROM draft_call").fetchall()
    return [json.loads(body) for (body,) in rows]


def intake_kept(bodies: list[dict[str, Any]]) -> str:
    names = [body.get("caller_name", "") for body in bodies if body.get("kind") != "thrive"]
    return max(names, key=len) if names else ""


def thrive_bodies(bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [body for body in bodies if body.get("kind") == "thrive"]


def rationale_kept(bodies: list[dict[str, Any]]) -> str:
    kept = [
        (body["assessment"].get("rationales") or {}).get("threat", "")
        for body in thrive_bodies(bodies)
    ]
    return max(kept, key=len) if kept else ""


def dash_kept(bodies: list[dict[str, Any]]) -> dict[str, Any]:
    kept = [(body.get("screens") or {}).get("dash", {}) for body in thrive_bodies(bodies)]
    return max(kept, key=len) if kept else {}


def write_journal_through(database: Path, journal: Path) -> None:
    """What the next start does before sign-in (launch.open_journal): every save the database
    never took is written through from the journal the killed app left."""
    from wmp_tui.services import intake
    from wmp_tui.store.bootstrap import prepare
    from wmp_tui.store.journal import DraftJournal

    store = prepare(f"sqlite:///{database}", seed=False)
    try:
        opened = DraftJournal(journal)
        intake.write_through(store, opened)
        opened.close()
    finally:
        store.dispose()


# -- one trial -------------------------------------------------------------------------------


def trial(template: Path, folder: Path, mode: str, number: int, rng: random.Random) -> Trial:
    database = folder / f"{mode}-{number}.db"
    journal = folder / f"journal-{mode}-{number}"
    shutil.copyfile(template, database)
    session = f"wmp-kill9-{os.getpid()}-{mode}-{number}"
    start_app(session, database, journal, folder / "errors.log")
    try:
        sign_in(session)
        if mode == "intake":
            new_call(session)
            press(session, "1", gap=0.3)  # 999: the caller's name is next
            keys = list(CALLER[: rng.randint(3, len(CALLER))])
        elif mode == "thrive":
            to_threat_rationale(session)
            keys = list(RATIONALE[: rng.randint(3, len(RATIONALE))])
        else:
            to_dash(session)
            keys = [rng.choice("ynd") for _ in range(rng.randint(1, DASH_QUESTIONS))]
        for key in keys:
            tmux("send-keys", "-t", session, "-l", key)
            time.sleep(rng.uniform(0.1, 0.2))
        time.sleep(rng.uniform(0.0, 0.1))  # killed a moment after the last key, or at once
        kill_app(session)
    finally:
        tmux("kill-session", "-t", session)
    measure: Callable[[list[dict[str, Any]]], int] = {
        "intake": lambda bodies: _prefix(keys, intake_kept(bodies)),
        "thrive": lambda bodies: _prefix(keys, rationale_kept(bodies)),
        "dash": lambda bodies: _dash_prefix(keys, dash_kept(bodies)),
    }[mode]
    in_database = measure(drafts(database))
    write_journal_through(database, journal)
    return Trial(mode, len(keys), in_database, measure(drafts(database)))


def _prefix(keys: list[str], kept: str) -> int:
    typed = "".join(keys)
    assert typed.startswith(kept), f"the draft holds {kept!r}, not a prefix of {typed!r}"
    return len(kept)


def _dash_prefix(keys: list[str], kept: dict[str, Any]) -> int:
    given = {f"dash.{index:02}": DASH_KEYS[key] for index, key in enumerate(keys, start=1)}
    first = dict(list(given.items())[: len(kept)])
    assert kept == first, f"the draft holds {kept}, not the first answers of {given}"
    return len(kept)


# -- the run ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--mode", choices=[*MODES, "all"], default="all")
    parser.add_argument("--trials", type=int, default=20, help="trials per mode")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    modes = MODES if options.mode == "all" else (options.mode,)
    unit = {"intake": "characters", "thrive": "characters", "dash": "answers"}
    totals: list[str] = []
    with tempfile.TemporaryDirectory(prefix="wmp-kill9-") as name:
        folder = Path(name)
        template = make_template(folder)
        for mode in modes:
            trials = []
            for number in range(1, options.trials + 1):
                done = trial(template, folder, mode, number, rng)
                trials.append(done)
                print(
                    f"{mode:6} trial {number:2}: typed {done.typed:2} {unit[mode]}, "
                    f"{done.in_database:2} in the database at the kill, "
                    f"{done.after_journal:2} after the journal; lost {done.lost} "
                    f"(database alone: {done.lost_in_database})",
                    flush=True,
                )
            typed = sum(t.typed for t in trials)
            lost = sum(t.lost for t in trials)
            worst = max(t.lost for t in trials)
            beyond = sum(1 for t in trials if t.lost > 1)
            lost_db = sum(t.lost_in_database for t in trials)
            worst_db = max(t.lost_in_database for t in trials)
            line = (
                f"{mode:6}: {len(trials)} trials, {typed} {unit[mode]} typed, {lost} lost, "
                f"worst {worst}; {beyond} trials lost more than the key in flight "
                f"(database alone: {lost_db} lost, worst {worst_db})"
            )
            print(line, flush=True)
            totals.append(line)
        errors = folder / "errors.log"
        if errors.exists() and errors.stat().st_size:
            print(f"errors.log:\n{errors.read_text(encoding='utf-8')}")
    print("totals:")
    for line in totals:
        print(f"  {line}")


if __name__ == "__main__":
    main()
