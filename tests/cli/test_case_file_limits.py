"""`wmp-tui assess` and `wmp-tui drill import` read files people wrote, and trust none of them.

Each bad file ends within 5 s with a sentence naming it and exit code 2, and never stops the
good files of the same folder from being reported.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from wmp_tui.cli.main import app
from wmp_tui.files.json_files import MAX_BYTES, MAX_DEPTH

runner = CliRunner()
GOOD = {"id": "good-1", "call": {"incident_type": "theft"}}
UNIT = {"type": "response", "status": 2, "lat": 52.48, "lon": -1.90, "npu": "BW"}


def run(*args: str, tmp_path: Path) -> tuple[int, str, str]:
    env = {"WMP_ERROR_LOG": str(tmp_path / "errors.log"), "WMP_POLICY_DIR": ""}
    started = time.monotonic()
    result = runner.invoke(app, list(args), env={k: v for k, v in env.items() if v} or None)
    assert time.monotonic() - started < 5
    return result.exit_code, result.stdout, result.stderr


def folder_with(tmp_path: Path, name: str, text: str | None) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "a-good.json").write_text(json.dumps(GOOD), encoding="utf-8")
    if text is not None:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def reported(stdout: str) -> list[str]:
    return [json.loads(line)["id"] for line in stdout.splitlines()]


def case(**extra: Any) -> str:
    return json.dumps({"id": "bad-1", "call": {"incident_type": "theft"}, **extra})


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "[" * 1000 + "]" * 1000,
            f"is nested too deep: objects and lists may nest at most {MAX_DEPTH}",
        ),
        ('{"id": "x", "facts": ' + '{"a": ' * 20 + "1" + "}" * 20 + "}", "is nested 21 deep"),
        (case(title="x" * (MAX_BYTES + 10)), f"a file may be at most {MAX_BYTES:,} bytes"),
        (
            '{"id": "x", "id": "y", "call": {"incident_type": "theft"}}',
            'the key "id" appears twice',
        ),
        (
            case(
                units=[{**UNIT, "id": "BW-R21"}, {**UNIT, "id": "BW-R22"}, {**UNIT, "id": "BW-R21"}]
            ),
            "units[2].id: 'BW-R21' is already the id of units[0]",
        ),
        (case(units=[{**UNIT, "id": f"U{n}"} for n in range(2001)]), "units: lists 2,001"),
        (
            json.dumps({"id": "n", "call": {"incident_type": "theft", "narrative": "x" * 4001}}),
            "call.narrative: is 4,001 characters: at most 4,000 are taken",
        ),
    ],
    ids=[
        "deep-1000",
        "deep-21",
        "too-big",
        "duplicate-key",
        "duplicate-unit",
        "units",
        "narrative",
    ],
)
def test_a_bad_case_file_is_one_sentence_and_the_good_ones_are_reported(
    tmp_path: Path, text: str, said: str
) -> None:
    folder = folder_with(tmp_path, "b-bad.json", text)
    code, out, err = run("assess", str(folder), tmp_path=tmp_path)
    assert code == 2
    assert "b-bad.json: " in err and said in err
    assert "Traceback" not in err
    assert reported(out) == ["good-1"]


def test_a_named_pipe_is_skipped_never_opened(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "", None)
    os.mkfifo(folder / "pipe.json")
    code, out, err = run("assess", str(folder), tmp_path=tmp_path)
    assert code == 2
    assert "pipe.json: is a named pipe: skipped, never opened" in err
    assert reported(out) == ["good-1"]


def test_duplicate_case_ids_in_a_folder_are_an_error(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "b-again.json", json.dumps(GOOD))
    code, out, err = run("assess", str(folder), tmp_path=tmp_path)
    assert code == 2
    assert "b-again.json: id: 'good-1' is also the id of the case in" in err
    assert reported(out) == ["good-1"]


def test_the_table_shows_escape_codes_and_markup_as_written(tmp_path: Path) -> None:
    file = tmp_path / "case.json"
    file.write_text(
        json.dumps({"id": "c-\x1b[31mred[b]bold", "call": {"incident_type": "theft"}}),
        encoding="utf-8",
    )
    code, out, err = run("assess", str(file), "--format", "table", tmp_path=tmp_path)
    assert code == 0, err
    assert "\x1b[31m" not in out
    assert "c-␛[31mred[b]" in out


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[" * 1000 + "]" * 1000, "nested too deep"),
        ('{"code": "x", "code": "y"}', 'the key "code" appears twice'),
        (json.dumps({"title": "x" * (MAX_BYTES + 1)}), "a file may be at most"),
    ],
    ids=["deep", "duplicate-key", "too-big"],
)
def test_drill_import_refuses_the_same_files(tmp_path: Path, text: str, said: str) -> None:
    file = tmp_path / "scenario.json"
    file.write_text(text, encoding="utf-8")
    code, _, err = run("drill", "import", str(file), tmp_path=tmp_path)
    assert code == 2
    assert said in err and "Traceback" not in err


def test_drill_import_never_opens_a_named_pipe(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.json")
    code, _, err = run("drill", "import", str(tmp_path / "pipe.json"), tmp_path=tmp_path)
    assert code == 2
    assert "is a named pipe" in err
