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
from wmp_tui.files.policies import load_policies
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
        f"{bad}: script.threat.wepon: no question threat.wepon in the question bank 2026.2 "
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


def test_run_takes_the_call_in_a_sandbox_and_keeps_the_result(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`drill run` wiring: sign-in, a sandbox with the trainee, the app, the stored result.
    The app is driven headless by the player instead of a terminal."""
    import asyncio

    from typer.testing import CliRunner

    from wmp_tui.cli.main import app as cli
    from wmp_tui.drills.app import DrillApp
    from wmp_tui.drills.player import Player

    def headless(app: DrillApp) -> None:
        call = app.drill.ringing[0]

        async def drive() -> None:
            async with app.run_test(size=(120, 40)) as pilot:
                await Player(call.scenario, app.room.policies).play(pilot)

        asyncio.run(drive())

    monkeypatch.setenv("WMP_DATABASE_URL", url)
    monkeypatch.setenv("WMP_ANIMATIONS", "false")
    monkeypatch.setattr(DrillApp, "run", headless)
    result = CliRunner().invoke(
        cli, ["drill", "run", "p5-damage-witnessed", "--trainee", "Jade Thompson"], input="1234\n"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().removeprefix("PIN:").strip() == (
        "Criminal damage witnessed, offender left a while ago: Passed (100%)."
    )
    store = prepare(url)
    try:
        (run_record,) = drills.drill_runs(store, "Jade Thompson")
        with store.unit_of_work(read_only=True) as uow:
            assert uow.logs.count_open(training=True) == 0  # the call lived in the sandbox
    finally:
        store.dispose()
    assert run_record.report is not None and run_record.report.passed
    refused = CliRunner().invoke(
        cli, ["drill", "run", "p5-damage-witnessed", "--trainee", "Jade Thompson"], input="0\n"
    )
    assert refused.exit_code == 2
    in_history = CliRunner().invoke(
        cli, ["drill", "run", "p5-damage-witnessed", "--trainee", "Jade Thompson", "--pin", "1234"]
    )
    assert in_history.exit_code == 2 and "No such option" in in_history.output


@pytest.mark.parametrize(
    ("options", "first"),
    [
        (
            ["--scenario", "p9-lost-phone-bus", "--scenario", "p5-damage-witnessed"],
            "p9-lost-phone-bus",
        ),
        (["--calls", "3", "--seed", "2"], None),
    ],
)
def test_shift_plans_the_calls_and_rings_the_first(
    url: str, monkeypatch: pytest.MonkeyPatch, options: list[str], first: str | None
) -> None:
    from typer.testing import CliRunner

    from wmp_tui.cli.main import app as cli
    from wmp_tui.drills.app import DrillApp

    seen: list[list[str]] = []

    def one_tick(app: DrillApp) -> None:
        assert app.shift is not None
        rung = app.shift.tick()
        seen.append([c.scenario.code for c in rung] + ["/"] + list(app.shift.plan.codes))

    monkeypatch.setenv("WMP_DATABASE_URL", url)
    monkeypatch.setattr(DrillApp, "run", one_tick)
    result = CliRunner().invoke(
        cli, ["drill", "shift", "--trainee", "Jade Thompson", *options], input="1234\n"
    )
    assert result.exit_code == 0, result.output
    (codes,) = seen
    rung, planned = codes[: codes.index("/")], codes[codes.index("/") + 1 :]
    assert rung == planned[:1]
    assert len(planned) == (2 if first else 3)
    if first:
        assert planned == ["p9-lost-phone-bus", "p5-damage-witnessed"]


def test_verify_finds_an_imported_scenario_by_code_and_hints_at_a_near_one(
    url: str, tmp_path: Path
) -> None:
    mine = scenario_file(tmp_path, "my-scenario.json", code="p5-my-damage", title="Mine")
    assert run("import", str(mine), url=url, home=tmp_path).returncode == 0
    near = run("verify", "--scenario", "p5-my-damag", url=url, home=tmp_path)
    assert near.returncode == 2
    assert "No scenario p5-my-damag (did you mean p5-my-damage?)" in near.stderr
    played = run(
        "verify",
        "--scenario",
        "p5-my-damage",
        "--workers",
        "1",
        url=url,
        home=tmp_path,
        timeout=600,
    )
    assert played.returncode == 0, played.stderr
    assert "1 scenarios played, 0 did not reach their outcome" in played.stdout
