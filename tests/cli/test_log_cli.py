"""`wmp-tui log decisions` exports the decision record of a log, as markdown or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_db_cli import run
from tests.conftest import Databases
from tests.services.conftest import START, SUPERVISOR, policies
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.supervision import DecisionStage
from wmp_tui.services import intake, supervision
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.room import Room
from wmp_tui.services.signin import sign_in
from wmp_tui.store.bootstrap import prepare


def test_the_decision_record(sqlite_databases: Databases, tmp_path: Path) -> None:
    url = sqlite_databases.seeded()
    store = prepare(url)
    try:
        room = Room(store=store, clock=ManualClock(START), policies=policies())
        boss = sign_in(store, *SUPERVISOR)
        log = intake.take_call(
            store, room.clock, boss, CallDetails(channel="999", incident_type="abandoned_call")
        )
        rationales = {s.value: f"[b]{s.value}[/b] considered" for s in DecisionStage}
        supervision.record_decision(room, boss, log.reference, "Call back twice", rationales)
    finally:
        store.dispose()
    md = run("log", "decisions", log.reference, url=url, home=tmp_path)
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith(f"# Decision record: log {log.reference}")
    assert "## 1. Call back twice" in md.stdout and SUPERVISOR[0] in md.stdout
    assert "- **Consider powers and policy**: [b]powers_and_policy[/b] considered" in md.stdout
    as_json = run("log", "decisions", log.reference, "--format", "json", url=url, home=tmp_path)
    data = json.loads(as_json.stdout)
    [decision] = data["decisions"]
    assert decision["supervisor"] == SUPERVISOR[0] and decision["decision"] == "Call back twice"
    assert list(decision["rationales"]) == [s.value for s in DecisionStage]
    missing = run("log", "decisions", "20990101-0001", url=url, home=tmp_path)
    assert missing.returncode == 2 and "No log 20990101-0001" in missing.stderr
