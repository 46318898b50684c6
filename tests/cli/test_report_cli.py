"""`wmp-tui report` as a supervisor runs it: a real process on a real database."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.cli.test_db_cli import run
from tests.conftest import Databases

GRADE_KEYS = {"logs", "attended", "within_sla", "attainment", "median_minutes"}
CHANNEL_KEYS = {
    "contacts",
    "answered",
    "answered_within_standard",
    "abandoned",
    "within_standard_share",
}


def test_json_has_every_measure(sqlite_databases: Databases, tmp_path: Path) -> None:
    url = sqlite_databases.seeded()
    done = run(
        "report",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-02",
        "--format",
        "json",
        url=url,
        home=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {
        "period",
        "grades",
        "channels",
        "p9_share",
        "first_contact_resolution",
        "downgrades",
        "rethrive_on_time",
        "closed_with_crime_unrecorded",
        "tipping_point",
    }
    assert data["period"]["from"] == "2026-11-01" and data["period"]["to"] == "2026-11-02"
    assert list(data["grades"]) == [f"P{n}" for n in range(1, 10)]
    assert all(set(m) == GRADE_KEYS for m in data["grades"].values())
    assert list(data["channels"]) == ["999", "101", "livechat", "online"]
    assert all(set(m) == CHANNEL_KEYS for m in data["channels"].values())
    assert len(data["tipping_point"]) == 6  # three tours a day
    assert data["grades"]["P1"]["attainment"] is None


def test_csv_and_table_and_a_bad_period(sqlite_databases: Databases, tmp_path: Path) -> None:
    url = sqlite_databases.seeded()
    done = run(
        "report",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-01",
        "--format",
        "csv",
        "--channel",
        "999",
        url=url,
        home=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == ["section", "key", "measure", "value"]
    assert ["grades", "P1", "logs", "0"] in rows
    assert ["channels", "999", "contacts", "0"] in rows
    table = run("report", "--from", "2026-11-01", "--to", "2026-11-01", url=url, home=tmp_path)
    assert table.returncode == 0 and "Logs by grade" in table.stdout
    backwards = run("report", "--from", "2026-11-02", "--to", "2026-11-01", url=url, home=tmp_path)
    assert backwards.returncode == 2
    assert "--to is before --from" in backwards.stderr and "Traceback" not in backwards.stderr
    nonsense = run("report", "--from", "yesterday", "--to", "2026-11-01", url=url, home=tmp_path)
    assert nonsense.returncode == 2 and "write it as 2026-11-23" in nonsense.stderr


def test_the_progress_bar_appears_only_after_a_second() -> None:
    from wmp_tui.cli.report import ProgressBar

    quick = ProgressBar(steps=3)
    quick("logs by grade")
    quick("contacts by channel")
    assert quick.bar is None  # under a second: nothing on stderr
    quick.close()
    slow = ProgressBar(steps=3, after=0.0)
    slow("logs by grade")
    slow("contacts by channel")
    assert slow.bar is not None and slow.done == 2
    assert (
        slow.bar.tasks[0].completed == 1 and slow.bar.tasks[0].description == "contacts by channel"
    )
    slow.close()


def test_without_dates_the_report_is_of_today(sqlite_databases: Databases, tmp_path: Path) -> None:
    """Found by the QA walk: `wmp-tui report` alone stopped on "Missing option '--from'"."""
    from datetime import datetime

    from wmp_tui.domain.log import FORCE_TIMEZONE

    url = sqlite_databases.seeded()
    done = run("report", "--format", "json", url=url, home=tmp_path)
    assert done.returncode == 0, done.stderr
    period = json.loads(done.stdout)["period"]
    today = datetime.now(FORCE_TIMEZONE).date().isoformat()
    assert today in json.dumps(period)
    only_from = run("report", "--from", "2026-11-01", "--format", "json", url=url, home=tmp_path)
    assert only_from.returncode == 0, only_from.stderr
    assert json.dumps(json.loads(only_from.stdout)["period"]).count("2026-11-01") >= 2
