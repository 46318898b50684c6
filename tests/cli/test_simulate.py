"""`wmp-tui simulate` and `wmp-tui db seed --history` as a planner runs them: real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, func, select

from tests.conftest import Databases
from wmp_tui.domain.simulation.assumptions import FITTED_DEPLOYABLE_SHARE, Assumptions
from wmp_tui.store.tables import LogRow

GRADES = [f"P{n}" for n in range(1, 10)]
MEASURES = {"logs", "attended", "within_sla", "attainment", "median_minutes"}


def run(*args: str, home: Path, url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home)}
    if url:
        env["WMP_DATABASE_URL"] = url
    return subprocess.run(
        [sys.executable, "-m", "wmp_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_explain_lists_every_assumption_with_its_option(tmp_path: Path) -> None:
    done = run("simulate", "--explain", "--format", "json", home=tmp_path)
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)["assumptions"]
    assert [a["name"] for a in listed] == list(Assumptions.__dataclass_fields__)
    help_text = run("simulate", "--help", home=tmp_path).stdout
    for entry in listed:
        assert entry["source"] and entry["meaning"]
        assert entry["option"] in help_text


def test_a_day_in_json_has_the_report_shape_and_is_exact_for_a_seed(tmp_path: Path) -> None:
    args = ("simulate", "--days", "1", "--seed", "5", "--format", "json")
    first = run(*args, home=tmp_path)
    assert first.returncode == 0, first.stderr
    result = json.loads(first.stdout)
    assert list(result["grades"]) == GRADES
    for grade in GRADES:
        assert set(result["grades"][grade]) == MEASURES
    assert result["grades"]["P8"]["logs"] == 0
    assert result["grades"]["P9"]["attended"] == 0
    assert set(result["channels"]) == {"999", "101", "livechat", "online"}
    kinds = {s["measure"]: s["kind"] for s in result["seeds"]}
    assert kinds["P1 attended within 15 min"] == "fitted"
    assert list(kinds.values()).count("predicted") == 4
    assert result["fitted"] == [
        {
            "name": "deployable_share",
            "value": FITTED_DEPLOYABLE_SHARE,
            "fitted_on": "P1 attended within 15 minutes, 2019: 59% (seed 002, chapter 3B)",
            "option": "--deployable-share",
        }
    ]
    again = json.loads(run(*args, home=tmp_path).stdout)
    assert again["grades"] == result["grades"]


def test_the_what_ifs_give_the_uplift_and_the_dispatch_comparison(tmp_path: Path) -> None:
    done = run(
        "simulate", "--days", "1", "--what-if", "--what-if-days", "1", "--officers", "+0",
        home=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Beside the seeds" in done.stdout
    assert "uplift +252 officers (1492)" in done.stdout
    assert "dispatch reserve" in done.stdout
    assert "The uplift gives P1" in done.stdout
    assert "Fitted: deployable_share" in done.stdout


def test_officers_are_a_number_or_a_change_to_the_establishment(tmp_path: Path) -> None:
    done = run("simulate", "--officers", "+252", "--explain", "--format", "json", home=tmp_path)
    officers = next(a for a in json.loads(done.stdout)["assumptions"] if a["name"] == "officers")
    assert officers["value"] == 1492
    wrong = run("simulate", "--officers", "many", "--days", "1", home=tmp_path)
    assert wrong.returncode == 2
    assert "give a number of officers" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_where_a_p2_or_p3_unit_comes_from_is_npu_or_force(tmp_path: Path) -> None:
    done = run("simulate", "--p2-p3-area", "force", "--explain", "--format", "json", home=tmp_path)
    area = next(a for a in json.loads(done.stdout)["assumptions"] if a["name"] == "p2_p3_area")
    assert area["value"] == "force"
    wrong = run("simulate", "--p2-p3-area", "nowhere", "--days", "1", home=tmp_path)
    assert wrong.returncode == 2
    assert "npu or force" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_into_a_database_writes_what_the_simulation_counts(
    sqlite_databases: Databases, tmp_path: Path
) -> None:
    url = sqlite_databases.empty()
    done = run(
        "simulate", "--year", "2019", "--days", "1", "--what-if-days", "1", "--into", url,
        "--format", "json", home=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    engine = create_engine(url)
    with engine.connect() as db:
        per_grade = {
            g: n for g, n in db.execute(select(LogRow.grade, func.count()).group_by(LogRow.grade))
        }
        first = db.scalar(select(func.min(LogRow.reference)))
    engine.dispose()
    for grade in GRADES:
        assert per_grade.get(grade, 0) == result["grades"][grade]["logs"]
    assert result["written"]["logs"] == sum(per_grade.values())
    assert first == "20190101-0001"


def test_db_seed_history_writes_the_last_days_closed_before_now(
    sqlite_databases: Databases, tmp_path: Path
) -> None:
    url = sqlite_databases.empty()
    done = run("db", "seed", "--history", "1", url=url, home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "simulated logs of the last 1 days written" in done.stdout
    engine = create_engine(url)
    with engine.connect() as db:
        count = db.scalar(select(func.count()).select_from(LogRow))
        latest = db.scalar(select(func.max(LogRow.closed_at)))
        states = set(db.scalars(select(LogRow.state)))
    engine.dispose()
    assert count and count > 1000
    assert states == {"closed"}
    assert latest is not None and latest.replace(tzinfo=UTC) < datetime.now(UTC)
