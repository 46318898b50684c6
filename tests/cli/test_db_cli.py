"""`wmp-tui db …` as an administrator runs it: a real process, real databases."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Databases


def run(*args: str, url: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WMP_DATABASE_URL": url, "HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "wmp_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_upgrade_then_seed_twice(databases: Databases, tmp_path: Path) -> None:
    url = databases.empty()
    upgraded = run("db", "upgrade", url=url, home=tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "revision 0001" in upgraded.stdout
    for _ in range(2):
        seeded = run("db", "seed", url=url, home=tmp_path)
        assert seeded.returncode == 0, seeded.stderr


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("nonsense", "is not a database URL"),
        ("postgresql+psycopg://nobody@127.0.0.1:1/none", "server is running"),
        ("oracle://scott@localhost/orcl", "does not support"),
    ],
)
def test_bad_databases_end_in_one_sentence_and_exit_2(url: str, says: str, tmp_path: Path) -> None:
    result = run("db", "upgrade", url=url, home=tmp_path)
    assert result.returncode == 2
    assert says in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
