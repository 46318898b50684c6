"""The operator's screens opened: sign-in on screen first, everything else loaded behind it.

An operator starting a shift should see the sign-in at once. Typer, pydantic, SQLAlchemy, the
ORM and the policies take several times longer to import than Textual itself, so the bare
command (`wmp_tui.__main__`) skips Typer and starts the app straight away; the settings, the
database and the policies are opened in a worker (`open_room`) while the operator types a name
and PIN.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wmp_tui.app import ControlRoomApp
    from wmp_tui.config import Settings
    from wmp_tui.services.room import Room
    from wmp_tui.store.journal import DraftJournal
    from wmp_tui.store.uow import Store


def open_room() -> tuple[Room, Settings]:
    """Settings, the database (migrated and seeded the first time) and the policies."""
    from pydantic import ValidationError

    from wmp_tui.app import NotOpened
    from wmp_tui.config import Settings, settings_problem
    from wmp_tui.files.policies import PolicyProblem, load_policies
    from wmp_tui.services.clock import SystemClock
    from wmp_tui.services.error_log import open_error_log
    from wmp_tui.services.room import Room
    from wmp_tui.store.bootstrap import prepare
    from wmp_tui.store.database import DatabaseProblem

    try:
        settings = Settings()
        open_error_log(settings.error_log)
        store = prepare(settings.database_url)
    except ValidationError as error:
        raise NotOpened(settings_problem(error)) from None
    except DatabaseProblem as problem:
        raise NotOpened(str(problem)) from None
    try:
        policies = load_policies(settings.policy_dir)
    except PolicyProblem as problem:
        store.dispose()
        raise NotOpened(str(problem)) from None
    journal = open_journal(store, settings)
    room = Room(
        store=store,
        clock=SystemClock(),
        policies=policies,
        access=settings.access_rules(),
        journal=journal,
    )
    return room, settings


def open_journal(store: Store, settings: Settings) -> DraftJournal | None:
    """This app's draft journal; what an app that stopped left in it is written through now
    (then offered back as unfinished calls). None, and drafts go straight to the database,
    if the folder cannot be written."""
    from wmp_tui.services import intake
    from wmp_tui.services.errors import in_words
    from wmp_tui.store.journal import DraftJournal

    try:
        journal = DraftJournal(settings.journal_dir)
    except OSError as error:
        in_words(error, "opening the draft journal")
        return None
    try:
        intake.write_through(store, journal)
    except Exception as error:  # the database away at the start: written through when back
        in_words(error, "writing the draft journal through")
    return journal


def signin_app() -> ControlRoomApp:
    """The app with sign-in drawn first, pre-filled from `WMP_OPERATOR`, coloured as
    `WMP_THEME` says (both read here; the settings class checks them behind sign-in)."""
    from wmp_tui.app import ControlRoomApp

    # Read straight from the environment: the settings class (pydantic) loads behind sign-in.
    environ = os.environ
    return ControlRoomApp(
        opening=open_room,
        name=environ.get("WMP_OPERATOR", ""),
        theme=environ.get("WMP_THEME", "dark"),
    )


def run() -> int:
    """Run the operator's screens; the exit code (2 when the room could not be opened)."""
    app = signin_app()
    app.run()
    if app.not_opened is not None:
        print(f"wmp-tui: {app.not_opened}", file=sys.stderr)
    if app.is_open:
        app.room.store.dispose()
    return app.return_code or 0
