"""What every service call needs: the database, the clock, the policies, live or training."""

from __future__ import annotations

from dataclasses import dataclass, field

from wmp_tui.domain.operators import AccessRules
from wmp_tui.files.policies import Policies
from wmp_tui.services.clock import Clock
from wmp_tui.store.journal import DraftJournal
from wmp_tui.store.uow import Store


@dataclass(frozen=True)
class Room:
    """A control room as the services see it. A drill is a Room with `training=True`: its
    logs take the training series and never appear on live boards or in live counts."""

    store: Store
    clock: Clock
    policies: Policies
    training: bool = False
    access: AccessRules = field(default_factory=AccessRules)
    """PIN length, lockout and idle lock, from the settings."""
    journal: DraftJournal | None = None
    """Where drafts are kept on this machine's disk before the database (the app's only)."""
