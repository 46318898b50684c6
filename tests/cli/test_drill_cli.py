"""`wmp-tui drill …` as a trainer runs it: a real process on a real (SQLite) database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import Databases
from wmp_tui.drills.reference import play_with_services
from wmp_tui.policies import load_policies
from wmp_tui.services import drills
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.room import Room
from wmp_tui.services.signin import sign_in
from wmp_tui.store.bootstrap import prepare

LIBRARY = Path(__file__).resolve().parents[2] / "data" / "drills"


def run(*args: str, url: str, home: Path, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WMP_DATABASE_URL": url, "HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "wmp_tui", "drill", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


@pytest.fixture
def url(sqlite_databases: Databases) -> str:
    return sqlite_databases.seeded()


def scenario_file(folder: Path, name: str, **changes: object) -> Path:
    data = json.loads((LIBRARY / "029-p5-damage-witnessed.json").read_text(encoding="utf-8"))
    data.update(changes)
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_list_shows_the_seeded_library(url: str, tmp_path: Path) -> None:
    table = run("list", url=url, home=tmp_path)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["code", "grade", "channel", "incident", "type", "title"]
    assert lines[-1] == "64 scenarios"
    assert ["p1-knife-high-street", "P1", "999", "weapons"] in [line.split()[:4] for line in lines]
    listed = run("list", "--format", "json", url=url, home=tmp_path)
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(rows) == 64
    knife = next(r for r in rows if r["code"] == "p1-knife-high-street")
    assert knife == {
        "id": 1,
        "code": "p1-knife-high-street",
        "title": "Man waving a knife outside a shop",
        "channel": "999",
        "incident_type": "weapons",
        "grade": "P1",
        "acceptable": [],
        "board": "own",
    }


def test_import_checks_names_file_and_field_and_exits_2(url: str, tmp_path: Path) -> None:
    bad = scenario_file(
        tmp_path,
        "bad.json",
        code="p5-mine",
        script={
            **json.loads((LIBRARY / "029-p5-damage-witnessed.json").read_text())["script"],
            "threat.wepon": "none",
        },
    )
    refused = run("import", str(bad), url=url, home=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        f"{bad}: script.threat.wepon: no question threat.wepon in the question bank 2026.1 "
        "(did you mean threat.weapon?)"
    )
    nowhere = scenario_file(
        tmp_path, "nowhere.json", code="p5-mine", location={"place": "Atlantis"}
    )
    refused = run("import", str(nowhere), url=url, home=tmp_path)
    assert refused.returncode == 2
    assert (
        refused.stderr.strip() == f"{nowhere}: location.place: 'Atlantis' is not in the gazetteer"
    )
    assert run("import", str(tmp_path / "missing.json"), url=url, home=tmp_path).returncode == 2

    good = scenario_file(tmp_path, "good.json", code="p5-mine", title="My own scenario")
    added = run("import", str(good), url=url, home=tmp_path)
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "Imported p5-mine (id 10000): My own scenario"
    again = run("import", str(good), url=url, home=tmp_path)
    assert again.returncode == 2 and "already in the library" in again.stderr
    replaced = run("import", str(good), "--replace", url=url, home=tmp_path)
    assert replaced.returncode == 0, replaced.stderr
    assert "65 scenarios" in run("list", url=url, home=tmp_path).stdout


def test_report_shows_each_trainees_history(url: str, tmp_path: Path) -> None:
    store = prepare(url)
    try:
        trainee = sign_in(store, "Jade Thompson", "1234")
        clock = ManualClock(datetime(2026, 11, 23, 20, 0, tzinfo=UTC))
        room = Room(store, clock, load_policies(), training=True)
        session = drills.DrillSession(room, store, trainee)
        for code in ("p5-damage-witnessed", "p9-lost-phone-bus"):
            session.ring(drills.stored_scenario(store, code))
            call = play_with_services(session, trainee)
            assert call.reference is not None
            session.finish(call.reference)
    finally:
        store.dispose()
    table = run("report", "--trainee", "Jade Thompson", url=url, home=tmp_path)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split()[:4] == ["started", "trainee", "scenario", "result"]
    assert lines[1].split()[4:7] == ["p5-damage-witnessed", "PASS", "100%"]
    assert lines[-1] == "Jade Thompson: 2 drills, 2 passed, mean score 100%"
    listed = run("report", "--format", "json", url=url, home=tmp_path)
    runs = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [r["scenario"] for r in runs] == ["p5-damage-witnessed", "p9-lost-phone-bus"]
    assert runs[0]["report"]["passed"] and runs[0]["trainee"] == "Jade Thompson"
    assert run("report", "--trainee", "Nobody", url=url, home=tmp_path).returncode == 2
    assert (
        "No drills yet for Sam Patel."
        in run("report", "--trainee", "Sam Patel", url=url, home=tmp_path).stdout
    )


def test_verify_plays_one_scenario_on_the_screens(url: str, tmp_path: Path) -> None:
    played = run(
        "verify", "--scenario", "p5-damage-witnessed", "--workers", "1", url=url, home=tmp_path
    )
    assert played.returncode == 0, played.stdout + played.stderr
    assert played.stdout.splitlines() == [
        "p5-damage-witnessed: ok, P5; The work queued for its owner, as a P5 needs.",
        "1 scenarios played, 0 did not reach their outcome",
    ]
    unknown = run("verify", "--scenario", "p5-nope", url=url, home=tmp_path)
    assert unknown.returncode == 2 and "No scenario p5-nope" in unknown.stderr
    bad = scenario_file(tmp_path, "bad.json", channel="online")
    invalid = run("verify", str(bad), url=url, home=tmp_path)
    assert invalid.returncode == 2
    assert "channel: an online report does not speak" in invalid.stderr


@pytest.mark.slow
def test_verify_plays_the_whole_library_on_the_screens(url: str, tmp_path: Path) -> None:
    """Every scenario's reference answers, pressed on the real screens, reach its outcome."""
    played = run("verify", url=url, home=tmp_path, timeout=3600)
    assert played.returncode == 0, played.stdout + played.stderr
    assert played.stdout.splitlines()[-1] == "64 scenarios played, 0 did not reach their outcome"
