"""`wmp-tui operators …` as an administrator runs it: a real process on a real database, the
PIN typed at a prompt (never an argument), every change in the operator audit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import Databases
from wmp_tui.services.signin import sign_in
from wmp_tui.store.bootstrap import prepare


def run(*args: str, url: str, home: Path, typed: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WMP_DATABASE_URL": url, "HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "wmp_tui", "operators", *args],
        input=typed,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = run("--help", url="sqlite://", home=tmp_path)
    for command in ("list", "add", "set-pin", "disable"):
        assert command in result.stdout
    assert "--pin" not in run("add", "--help", url="sqlite://", home=tmp_path).stdout


def test_add_set_pin_disable_and_list(sqlite_databases: Databases, tmp_path: Path) -> None:
    url = sqlite_databases.seeded()
    short = run(
        "add", "Priya Shah", "--role", "dispatcher", url=url, home=tmp_path, typed="1234\n1234\n"
    )
    assert short.returncode == 2 and "at least 6 digits" in short.stderr
    added = run(
        "add",
        "Priya Shah",
        "--role",
        "dispatcher",
        url=url,
        home=tmp_path,
        typed="472816\n472816\n",
    )
    assert added.returncode == 0, added.stderr
    assert "472816" not in added.stdout + added.stderr
    reset = run("set-pin", "Priya Shah", url=url, home=tmp_path, typed="905137\n905137\n")
    assert reset.returncode == 0, reset.stderr
    store = prepare(url)
    try:
        assert sign_in(store, "Priya Shah", "905137").pin_change_due
        listed = run("list", url=url, home=tmp_path)
        line = next(line for line in listed.stdout.splitlines() if line.startswith("Priya Shah"))
        assert line.split()[2:5] == ["dispatcher", "active", "must"]
        assert run("disable", "Priya Shah", url=url, home=tmp_path).returncode == 0
        assert "disabled" in run("list", url=url, home=tmp_path).stdout
        unknown = run("disable", "Nobody Here", url=url, home=tmp_path)
        assert unknown.returncode == 2 and "No operator Nobody Here" in unknown.stderr
        with store.unit_of_work(read_only=True) as uow:
            row = uow.operators.by_name("Priya Shah")
            assert row is not None
            entries = [(entry.action, entry.by_name) for entry in uow.operators.audit_of(row.id)]
        assert [action for action, _ in entries] == ["added", "pin_reset", "disabled"]
        assert all(by.startswith("command line (") for _, by in entries)
    finally:
        store.dispose()


def test_set_pin_for_nobody_says_so_before_asking_for_a_pin(
    sqlite_databases: Databases, tmp_path: Path
) -> None:
    url = sqlite_databases.seeded()
    result = run("set-pin", "Nobody", url=url, home=tmp_path, typed="905137\n905137\n")
    assert result.returncode == 2
    assert "No operator Nobody" in result.stderr
    assert "New PIN" not in result.stdout + result.stderr


def test_help_is_plain_words_and_h_asks_for_it_too(tmp_path: Path) -> None:
    """-h is --help; a docstring's line breaks are not kept mid-sentence (help is reflowed)."""
    short = run("add", "-h", url="sqlite://", home=tmp_path)
    assert short.returncode == 0 and "Usage:" in short.stdout
    assert "<bool>" not in short.stdout
    joined = " ".join(short.stdout.split())
    assert "Their first PIN is asked for here; they change it at first sign-in." in joined
