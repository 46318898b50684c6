"""A bad policy set stops the app and every command alike: one sentence naming the file and the
line or rule, exit code 2, within seconds, never a traceback. `WMP_POLICY_DIR` is honoured by
every command (it was silently ignored when the folder did not exist, and `assess` graded with
the shipped policy while the app used the force's own)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wmp_tui.cli.main import app
from wmp_tui.files.resources import policy_path

runner = CliRunner()
CASE = {"id": "t-1", "call": {"incident_type": "theft"}}
COMMANDS = [[], ["assess", "CASE"], ["drill", "import", "CASE"], ["drill", "list"], ["db", "seed"]]


def broken(folder: Path, kind: str) -> Path:
    """A force's policy folder with one fault of `kind` in its grading.toml."""
    folder.mkdir()
    text = policy_path("grading.toml").read_text(encoding="utf-8")
    if kind == "syntax":
        lines = text.splitlines()
        lines.insert(20, "name = = 'broken'")
        text = "\n".join(lines)
    elif kind == "fact":
        text = text.replace("threat.threat_to_life", "threat.threat_to_lif", 1)
    else:
        text = text.replace('grade = "P1"', 'grade = "P10"', 1)
    (folder / "grading.toml").write_text(text, encoding="utf-8")
    return folder


def run(args: list[str], tmp_path: Path, policy_dir: Path) -> tuple[int, str, float]:
    case = tmp_path / "case.json"
    case.write_text(json.dumps(CASE), encoding="utf-8")
    env = {
        "WMP_POLICY_DIR": str(policy_dir),
        "WMP_DATABASE_URL": f"sqlite:///{tmp_path / 'wmp.db'}",
        "WMP_ERROR_LOG": str(tmp_path / "errors.log"),
    }
    started = time.monotonic()
    result = runner.invoke(app, [str(case) if a == "CASE" else a for a in args], env=env)
    return result.exit_code, result.stderr + result.stdout, time.monotonic() - started


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "app")
@pytest.mark.parametrize(
    ("kind", "named"),
    [
        ("missing", "no such folder"),
        ("syntax", "line 21"),
        ("fact", "rule P1.1: threat.threat_to_lif: no such fact"),
        ("grade", "'P10' is not a grade"),
    ],
)
def test_a_bad_policy_stops_the_app_and_every_command(
    tmp_path: Path, args: list[str], kind: str, named: str
) -> None:
    folder = tmp_path / "policy"
    if kind != "missing":
        broken(folder, kind)
    code, said, took = run(args, tmp_path, folder)
    assert code == 2, said
    assert named in said
    assert str(folder) in said
    assert "Traceback" not in said
    assert took < 5
    assert not (tmp_path / "wmp.db").exists()  # stopped before anything was opened


def test_assess_grades_with_the_forces_own_policy(tmp_path: Path) -> None:
    folder = tmp_path / "policy"
    folder.mkdir()
    text = policy_path("grading.toml").read_text(encoding="utf-8")
    (folder / "grading.toml").write_text(
        text.replace('version = "2026.2"', 'version = "force-7"', 1), encoding="utf-8"
    )
    code, said, _ = run(["assess", "CASE"], tmp_path, folder)
    assert code == 0, said
    assert json.loads(said.splitlines()[-1])["policy_version"] == "force-7"
