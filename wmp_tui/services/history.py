"""Writing a simulated past into the database, so the board, the log view and the reports can
be shown on a realistic history and `wmp-tui report` checked against the simulation's counts.

The units the simulation sent are added to the board off duty when it lacks them; the logs go
in through the store's bulk writer, whole batches at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from wmp_tui.domain.simulation.calls import GradedTemplate
from wmp_tui.domain.simulation.engine import Outcome
from wmp_tui.domain.simulation.history import history
from wmp_tui.store.history import UnitToAdd, Written, add_missing_units, write_logs
from wmp_tui.store.uow import Store


def write_simulated_history(
    store: Store,
    outcome: Outcome,
    templates: Sequence[GradedTemplate],
    *,
    start: datetime,
    end: datetime,
    policy_version: str,
) -> Written:
    """Write the run's counted logs closed before `end`; minute 0 of its counted days is `start`."""
    units = [
        UnitToAdd(
            u.id,
            u.type.value,
            u.npu.value if u.npu else "BW",
            " ".join(s.value for s in u.skills),
            u.lat or 52.48,
            u.lon or -1.90,
        )
        for u in outcome.units
    ]
    add_missing_units(store.engine, units, end)
    return write_logs(store.engine, history(outcome, templates, start, end, policy_version))
