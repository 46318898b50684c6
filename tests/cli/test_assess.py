"""`wmp-tui assess` and `wmp-tui schema`, run as the operator's shell would run them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wmp_tui.cli.main import app
from wmp_tui.files.resources import policy_path

CASES = Path(__file__).parents[1] / "cases"
SHARED_CASES = CASES / "public"
CASES_2026_2 = CASES / "public-2026.2"
KEYS = ["id", "grade", "category", "resource", "sla_minutes", "reasons", "recommended"]

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def rows(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines()]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = {
    "id": "t-ok",
    "call": {"incident_type": "theft"},
    "facts": {"investigation": {"crime": True, "suspect": "named"}},
    "expected": {"grade": "P5"},
}


@pytest.fixture
def shared_cases() -> Path:
    return SHARED_CASES


@pytest.mark.parametrize("folder", [SHARED_CASES, CASES_2026_2], ids=["public", "public-2026.2"])
def test_the_public_cases_pass_the_check(folder: Path) -> None:
    shared_cases = folder
    code, out, err = run("assess", str(shared_cases), "--check")
    assert code == 0, err
    printed = rows(out)
    assert len(printed) == len(list(shared_cases.glob("*.json")))
    assert {r["policy_version"] for r in printed} == {"2026.2"}
    for row in printed:
        assert list(row)[: len(KEYS)] == KEYS
        assert set(row) <= {*KEYS, "policy_version"}
        assert row["reasons"]
        assert isinstance(row["recommended"], list)
    expected = {
        json.loads(f.read_text())["id"]: json.loads(f.read_text())["expected"]["grade"]
        for f in shared_cases.glob("*.json")
    }
    assert {r["id"]: r["grade"] for r in printed} == expected
    assert "0 mismatches" in err


def test_the_installed_command_runs_in_a_fresh_process(shared_cases: Path) -> None:
    command = Path(sys.executable).parent / "wmp-tui"
    if not command.exists():
        pytest.skip("the console script is not installed beside this interpreter")
    done = subprocess.run(
        [str(command), "assess", str(shared_cases / "pub-012.json")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    (row,) = rows(done.stdout)
    assert (row["id"], row["grade"], row["resource"], row["sla_minutes"]) == (
        "pub-012",
        "P9",
        "health",
        None,
    )


def test_a_mismatch_exits_1_and_says_which_case(tmp_path: Path) -> None:
    wrong = {**GOOD, "id": "t-wrong", "expected": {"grade": "P1"}}
    write(tmp_path, "a.json", json.dumps(GOOD))
    write(tmp_path, "b.json", json.dumps(wrong))
    code, out, err = run("assess", str(tmp_path), "--check")
    assert code == 1
    assert len(rows(out)) == 2
    assert f"{tmp_path / 'b.json'}: t-wrong: grade P5, expected P1" in err
    assert run("assess", str(tmp_path))[0] == 0  # without --check nothing is compared


def test_malformed_cases_exit_2_naming_file_and_field_and_good_ones_are_still_graded(
    tmp_path: Path,
) -> None:
    write(tmp_path, "0-good.json", json.dumps(GOOD))
    sword = {
        "id": "s",
        "call": {"incident_type": "weapons"},
        "facts": {"threat": {"weapon": "sword"}},
    }
    write(tmp_path, "sword.json", json.dumps(sword))
    write(tmp_path, "extra.json", json.dumps({**GOOD, "colour": "red"}))
    typed = {
        "id": "t",
        "call": {"incident_type": "theft"},
        "facts": {"threat": {"in_progress": "yes"}},
    }
    write(tmp_path, "typed.json", json.dumps(typed))
    write(tmp_path, "broken.json", '{"id": "b",\n  "call": ')
    write(tmp_path, "list.json", "[1, 2]")
    write(tmp_path, "noid.json", json.dumps({"call": {"incident_type": "theft"}}))
    write(tmp_path, "notes.txt", "not a case")
    code, out, err = run("assess", str(tmp_path), "--check")
    assert code == 2
    assert [r["id"] for r in rows(out)] == ["t-ok"]
    lines = err.splitlines()
    for expected in [
        f"{tmp_path / 'sword.json'}: facts.threat.weapon: 'sword' is not one of none, suspected, "
        "knife, firearm, other",
        f"{tmp_path / 'extra.json'}: colour: unknown field",
        f"{tmp_path / 'typed.json'}: facts.threat.in_progress: 'yes' is not true or false",
        f"{tmp_path / 'list.json'}: is not a JSON object (it holds a list)",
        f"{tmp_path / 'noid.json'}: id: missing (this field is required)",
    ]:
        assert expected in lines, err
    assert any(line.startswith(f"{tmp_path / 'broken.json'}: malformed JSON:") for line in lines)


def test_an_empty_folder_or_a_missing_path_exits_2(tmp_path: Path) -> None:
    code, out, err = run("assess", str(tmp_path))
    assert (code, out) == (2, "")
    assert f"{tmp_path}: no *.json case files here" in err
    code, _, err = run("assess", str(tmp_path / "nowhere.json"))
    assert code == 2
    assert "no such file or folder" in err


def test_a_bad_policy_exits_2_naming_file_rule_and_field(tmp_path: Path) -> None:
    text = policy_path("grading.toml").read_text(encoding="utf-8")
    policy = write(
        tmp_path,
        "grading.toml",
        text.replace('when = "risk.missing_risk == high"', 'when = "risk.missing_risk == severe"'),
    )
    write(tmp_path, "case.json", json.dumps(GOOD))
    code, out, err = run("assess", str(tmp_path / "case.json"), "--policy", str(policy))
    assert (code, out) == (2, "")
    assert err.strip() == (
        f"{policy}: rule P1.9: risk.missing_risk: 'severe' is not one of none, low, medium, high"
    )


def test_another_policy_file_changes_the_grades(tmp_path: Path, shared_cases: Path) -> None:
    text = policy_path("grading.toml").read_text(encoding="utf-8")
    text = text.replace(
        'when = "call.incident_type in [rtc, highway_obstruction] and risk.road_blocked"',
        'when = "false_rule"',
    )
    text = text.replace(
        "[terms]\n", '[terms]\nfalse_rule = "risk.road_blocked and not risk.road_blocked"\n'
    )
    text = text.replace('version = "2026.2"', 'version = "test-1"')
    policy = write(tmp_path, "grading.toml", text)
    code, out, err = run(
        "assess", str(shared_cases / "pub-013.json"), "--policy", str(policy), "--check"
    )
    assert code == 1
    (row,) = rows(out)
    assert (row["grade"], row["policy_version"]) == ("P9", "test-1")
    assert "grade P9, expected P1" in err


def test_the_table_format(shared_cases: Path) -> None:
    wide = runner.invoke(
        app,
        ["assess", str(shared_cases / "pub-001.json"), "--format", "table"],
        env={"COLUMNS": "160"},
    )
    code, out = wide.exit_code, wide.stdout
    assert code == 0
    assert "pub-001" in out and "P5" in out and "initial_investigation" in out


def test_the_schema_of_a_case() -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["required"] == ["id", "call"]
    assert schema["additionalProperties"] is False
    assert "incident_type" in schema["$defs"]["Call"]["required"]
    assert schema["$defs"]["Risk"]["properties"]["serious_harm"]["type"] == "boolean"


def test_a_single_case_file_can_be_copied_and_assessed(tmp_path: Path, shared_cases: Path) -> None:
    copy = tmp_path / "copy.json"
    shutil.copy(shared_cases / "pub-007.json", copy)
    code, out, _ = run("assess", str(copy), "--check")
    assert code == 0
    assert rows(out)[0]["grade"] == "P4"
