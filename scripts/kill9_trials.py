"""Kill -9 the real app while an operator types, and count the characters the draft lost.

Starts `wmp-tui` in tmux on a throwaway SQLite database, signs in, opens a new call and types
the caller's name (or, with `--thrive`, a THRIVE+ rationale) one key every 0.1-0.2 s, then
`kill -9`s it at a random moment and reads the draft straight from the database. Prints one
line per trial and the total: nothing but the key in flight should be lost.

    .venv/bin/python scripts/kill9_trials.py --trials 20
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = "Jo Bloggs [dob=01/02/1990] of Erdington High Street"


def tmux(*args: str) -> str:
    done = subprocess.run(["tmux", *args], capture_output=True, text=True, check=False)
    return done.stdout


def wait_for(session: str, text: str, seconds: float = 90) -> None:
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        if text in tmux("capture-pane", "-p", "-t", session):
            return
        time.sleep(0.1)
    raise TimeoutError(f"{text!r} never appeared:\n{tmux('capture-pane', '-p', '-t', session)}")


def saved_caller(database: Path) -> str:
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT body FROM draft_call").fetchall()
    names = [json.loads(body).get("caller_name", "") for (body,) in rows]
    return max(names, key=len) if names else ""


def trial(template: Path, folder: Path, number: int, rng: random.Random) -> tuple[int, int]:
    database = folder / f"trial-{number}.db"
    shutil.copyfile(template, database)
    session = f"wmp-kill9-{os.getpid()}-{number}"
    env = (
        f"WMP_DATABASE_URL=sqlite:///{database} WMP_ANIMATIONS=false "
        f"WMP_ERROR_LOG={folder / 'errors.log'} WMP_POLICY_DIR="
    )
    command = f"env {env} {ROOT / '.venv/bin/wmp-tui'}"
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", command)
    try:
        wait_for(session, "Sign in")
        tmux("send-keys", "-t", session, "Sam Patel", "Enter")
        time.sleep(0.3)
        tmux("send-keys", "-t", session, "1234", "Enter")
        wait_for(session, "Open logs")
        tmux("send-keys", "-t", session, "C-n")
        wait_for(session, "Narrative")
        time.sleep(0.5)
        tmux("send-keys", "-t", session, "1")
        time.sleep(0.3)
        count = rng.randint(3, len(WORDS))
        for character in WORDS[:count]:
            tmux("send-keys", "-t", session, "-l", character)
            time.sleep(rng.uniform(0.1, 0.2))
        time.sleep(rng.uniform(0.0, 0.1))  # killed a moment after the last key, or at once
        pid = int(tmux("list-panes", "-t", session, "-F", "#{pane_pid}").split()[0])
        os.kill(pid, signal.SIGKILL)
    finally:
        tmux("kill-session", "-t", session)
    typed = WORDS[:count]
    kept = saved_caller(database)
    assert typed.startswith(kept), (typed, kept)
    return len(typed), len(typed) - len(kept)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        template = folder / "template.db"
        env = {**os.environ, "WMP_DATABASE_URL": f"sqlite:///{template}", "WMP_POLICY_DIR": ""}
        env["WMP_ERROR_LOG"] = str(folder / "errors.log")
        subprocess.run([ROOT / ".venv/bin/wmp-tui", "db", "seed"], env=env, check=True)
        total_lost = worst = 0
        for number in range(1, options.trials + 1):
            typed, lost = trial(template, folder, number, rng)
            total_lost += lost
            worst = max(worst, lost)
            print(f"trial {number:2}: typed {typed:2} characters, lost {lost}", flush=True)
        print(f"{options.trials} trials: {total_lost} characters lost in all, at most {worst}")


if __name__ == "__main__":
    main()
