"""`wmp-tui simulate --speed N --into URL` as a trainer runs it: a real process, a real clock."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select

from tests.cli.test_simulate import run
from tests.conftest import Databases
from wmp_tui.store.tables import LogRow


def _logs(url: str) -> tuple[int, int]:
    """Played logs in the database, and how many of them are open."""
    engine = create_engine(url)
    with engine.connect() as db:
        played = LogRow.narrative.like("Simulated:%")
        total = db.scalar(select(func.count()).where(played)) or 0
        still = db.scalar(select(func.count()).where(played, LogRow.state == "open")) or 0
    engine.dispose()
    return total, still


def test_speed_needs_a_database_a_positive_n_and_no_past_year(
    sqlite_databases: Databases, tmp_path: Path
) -> None:
    url = sqlite_databases.seeded()
    for args, said in [
        (["--speed", "60"], "--into"),
        (["--speed", "0", "--into", url], "more than 0"),
        (["--speed", "60", "--year", "2019", "--into", url], "starts now"),
    ]:
        done = run("simulate", *args, home=tmp_path)
        assert done.returncode == 2, done.stderr
        assert said in done.stderr and "Traceback" not in done.stderr


def test_an_hour_at_a_large_speed_is_played_and_summed_up(
    sqlite_databases: Databases, tmp_path: Path
) -> None:
    url = sqlite_databases.seeded()
    done = run("simulate", "--speed", "7200", "--hours", "1", "--into", url, home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "simulated 1:00:" in done.stderr  # one line per simulated hour
    found = re.search(
        r"Played 1:00 at x7200 in .*: ([\d,]+) logs written \(([\d,]+) still open\)", done.stdout
    )
    assert found, done.stdout
    total, still = _logs(url)
    assert (total, still) == (int(found[1].replace(",", "")), int(found[2].replace(",", "")))
    assert total > 0


def test_ctrl_c_stops_with_a_one_line_summary_and_keeps_the_logs(
    sqlite_databases: Databases, tmp_path: Path
) -> None:
    url = sqlite_databases.seeded()
    process = subprocess.Popen(
        [sys.executable, "-m", "wmp_tui", "simulate", "--speed", "600", "--into", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    deadline = time.monotonic() + 120
    while _logs(url)[0] < 20 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    lines = out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Stopped at simulated"), out
    assert "Traceback" not in err
    found = re.search(r"([\d,]+) logs written \(([\d,]+) still open\)", lines[0])
    assert found
    total, still = _logs(url)
    assert total == int(found[1].replace(",", "")) >= 20
    assert still == int(found[2].replace(",", ""))
