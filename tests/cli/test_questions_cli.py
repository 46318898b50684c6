"""`wmp-tui questions`: the ids, wording, kind and answers a trainer scripts a drill with."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from wmp_tui.cli.main import app

runner = CliRunner()


def test_the_questions_of_a_domestic_abuse_call_safety_first_then_dash() -> None:
    result = runner.invoke(app, ["questions", "domestic_abuse", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    ids = [r["id"] for r in rows]
    assert ids[:4] == ["da.safe_to_talk", "da.safe_number", "da.abuser_where", "da.children_where"]
    dash = [r for r in rows if r["kind"] == "checklist"]
    assert [r["id"] for r in dash] == [f"dash.{i:02d}" for i in range(1, 28)]
    assert dash[0]["answers"] == ["yes", "no", "dont_know"]
    weapon = next(r for r in rows if r["id"] == "threat.weapon")
    assert weapon["answers"] == ["none", "suspected", "knife", "firearm", "other"]
    assert weapon["kind"] == "choice" and weapon["sets"] == "threat.weapon"


def test_the_text_listing_names_each_question_and_its_answers() -> None:
    result = runner.invoke(app, ["questions", "missing_person"])
    assert result.exit_code == 0
    assert "Question bank 2026.2, missing_person call" in result.stdout
    assert "missing.exploitation [missing_person]  (bool: yes / no)" in result.stdout
    assert "missing.risk [missing_person]  (choice: none / low / medium / high)" in result.stdout
    assert "dash." not in result.stdout


def test_without_a_type_the_whole_bank_is_listed_with_the_types_of_each_module() -> None:
    rows = json.loads(runner.invoke(app, ["questions", "--format", "json"]).stdout)
    by_id = {r["id"]: r for r in rows}
    assert by_id["asb.civil"]["incident_types"] == ["asb", "neighbour_dispute"]
    assert "rtc.blocked" in by_id and "dash.27" in by_id


def test_an_unknown_incident_type_is_refused_in_one_sentence() -> None:
    result = runner.invoke(app, ["questions", "burglary"])
    assert result.exit_code == 2
    assert "'burglary' is not an incident type: use one of violence" in result.stderr
