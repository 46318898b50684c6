"""One settings class for the whole app, read from `WMP_*` environment variables.

The default database is a SQLite file in the user's data directory, so a fresh machine runs
with no configuration at all; `WMP_DATABASE_URL=postgresql+psycopg://…` moves a room of
operators onto one shared PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_data_path
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from wmp_tui.domain.operators import AccessRules


def default_database_url() -> str:
    """`sqlite:///<user data dir>/wmp-tui/wmp.db`."""
    return f"sqlite:///{user_data_path('wmp-tui') / 'wmp.db'}"


class Settings(BaseSettings):
    """wmp-tui's configuration; every field can be set as `WMP_<NAME>`."""

    model_config = SettingsConfigDict(env_prefix="WMP_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    """SQLAlchemy URL: `sqlite:///path.db` or `postgresql+psycopg://user@host/db`."""

    error_log: Path = Field(default_factory=lambda: user_data_path("wmp-tui") / "errors.log")
    """Where the detail of errors goes (rotating); operators see one sentence instead."""

    journal_dir: Path = Field(default_factory=lambda: user_data_path("wmp-tui") / "journal")
    """Where what is typed is kept on this machine's disk first, so a database that is away
    loses nothing (written through when it is back, or at the next start)."""

    policy_dir: Path | None = None
    """A folder holding a force's own `grading.toml`, `dispatch.toml`, `questions.toml`."""

    operator: str | None = None
    """Operator name to pre-fill at sign-in."""

    poll_seconds: float = Field(default=1.0, gt=0, le=10)
    """How often the board polls the change feed for other operators' work."""

    animations: bool = True
    """Turn off for tests and slow terminals."""

    pin_min_digits: int = Field(default=6, ge=4, le=8)
    """How many digits a new PIN has at least."""

    lockout_attempts: int = Field(default=5, ge=1, le=20)
    """Wrong PINs in a row that lock an operator, for signing in and for authorising."""

    lockout_minutes: float = Field(default=5.0, gt=0, le=24 * 60)
    """How long such a lock lasts."""

    idle_lock_minutes: float = Field(default=15.0, gt=0, le=12 * 60)
    """An unattended desk locks after this long; the PIN unlocks it, the call kept."""

    def access_rules(self) -> AccessRules:
        """The sign-in rules the services apply."""
        return AccessRules(
            pin_min_digits=self.pin_min_digits,
            lockout_attempts=self.lockout_attempts,
            lockout_minutes=self.lockout_minutes,
            idle_lock_minutes=self.idle_lock_minutes,
        )

    theme: Literal["dark", "terminal", "high-contrast"] = "dark"
    """`dark`, `terminal` (the terminal's own 16 colours) or `high-contrast`."""


def settings_problem(error: ValidationError) -> str:
    """A settings error as the variable to fix and why: `WMP_POLL_SECONDS: …`."""
    problem = error.errors()[0]
    return f"WMP_{str(problem['loc'][0]).upper()}: {problem['msg']}."
