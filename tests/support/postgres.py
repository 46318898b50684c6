"""A throwaway PostgreSQL cluster on a loopback port, for the test run only.

PostgreSQL refuses to run as root, so when the tests run as root the cluster is initialised
and started as an unprivileged system user made for the purpose. The cluster lives in a
temporary folder with fsync off (it is thrown away), and is stopped and removed at the end.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

TEST_USER = "wmp-pgtest"
APP_ROLE = "wmp_app"
"""The role the app's tests run as: granted the app's rights only (wmp_tui/store/roles.py)."""


class PostgresUnavailable(RuntimeError):
    """PostgreSQL could not be found or started; the message says why."""


def find_bin_dir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(on_path)
    for candidate in candidates:
        path = Path(candidate).resolve().parent
        if (path / "pg_ctl").exists():
            return path
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) are not installed: "
        "`apt-get install -y postgresql` (make test does this when run as root)"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ensure_user() -> None:
    try:
        pwd.getpwnam(TEST_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", TEST_USER],
            check=True,
            capture_output=True,
        )


class ThrowawayPostgres:
    """Start with `start()`, which returns a SQLAlchemy URL; always call `stop()`."""

    def __init__(self) -> None:
        self.bin_dir = find_bin_dir()
        self.as_root = os.geteuid() == 0
        self.port = _free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="wmp-pg-"))
        self.data = self.folder / "data"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", TEST_USER, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise PostgresUnavailable(
                f"{args[0]} failed ({result.returncode}): {result.stderr.strip() or result.stdout}"
            )
        return result

    def start(self) -> str:
        if self.as_root:
            _ensure_user()
            account = pwd.getpwnam(TEST_USER)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--locale=C",
        )
        return self.resume()

    def pause(self) -> None:
        """Stop the server as a crash or a failover does, keeping its data to resume later."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def resume(self) -> str:
        """Start the server (again) on its data and port."""
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.folder} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "-l",
            str(self.folder / "server.log"),
            "start",
        )
        return self.url("postgres")

    def url(self, database: str, user: str = "postgres") -> str:
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
