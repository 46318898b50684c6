"""The drill library and the trainees' runs, as the database keeps them.

A scenario's body is its checked JSON document; parsing it back into a scenario is the
services' business. A run is one trainee's attempt, and its score once finished.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wmp_tui.store.tables import DrillRunRow, DrillScenarioRow, OperatorRow


@dataclass(frozen=True, slots=True)
class KeptScenario:
    """A scenario in the library: its id, code, title and document."""

    id: int
    code: str
    title: str
    body: dict[str, Any]


@dataclass(frozen=True, slots=True)
class KeptRun:
    """One drill run, with its scenario's code and title and the trainee's name."""

    id: int
    code: str
    title: str
    trainee: str | None
    started_at: datetime
    finished_at: datetime | None
    score: dict[str, Any] | None


def _kept(row: DrillScenarioRow) -> KeptScenario:
    return KeptScenario(id=row.id, code=row.code, title=row.title, body=row.body)


class DrillRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def scenario(self, code: str) -> KeptScenario | None:
        """The scenario with this code (as stored: lower case)."""
        row = self.session.scalars(
            select(DrillScenarioRow).where(DrillScenarioRow.code == code)
        ).first()
        return _kept(row) if row is not None else None

    def scenarios(self) -> list[KeptScenario]:
        """Every scenario, by code."""
        rows = self.session.scalars(select(DrillScenarioRow).order_by(DrillScenarioRow.code))
        return [_kept(row) for row in rows]

    def codes(self) -> list[str]:
        return list(self.session.scalars(select(DrillScenarioRow.code)))

    def keep_scenario(self, code: str, title: str, body: dict[str, Any], *, after: int) -> int:
        """Write the scenario with this code (replacing its title and body if it is there;
        else numbered after the highest id, and after `after`): its id."""
        row = self.session.scalars(
            select(DrillScenarioRow).where(DrillScenarioRow.code == code)
        ).first()
        if row is None:
            top = self.session.scalar(select(func.max(DrillScenarioRow.id))) or 0
            row = DrillScenarioRow(id=max(top, after) + 1, code=code)
            self.session.add(row)
        row.title = title
        row.body = body
        self.session.flush()
        return row.id

    def start_run(self, scenario_id: int, trainee_id: int | None, at: datetime) -> int:
        """A run begins: its id."""
        row = DrillRunRow(scenario_id=scenario_id, trainee_id=trainee_id, started_at=at)
        self.session.add(row)
        self.session.flush()
        return row.id

    def finish_run(
        self,
        run_id: int,
        *,
        finished_at: datetime | None,
        score: dict[str, Any],
        log_id: int | None = None,
        on_log: bool = False,
    ) -> None:
        """A run's score; with `on_log`, the log it was played on (None if none) too."""
        row = self.session.get(DrillRunRow, run_id)
        if row is None:
            raise LookupError(f"drill run {run_id} does not exist")
        row.finished_at = finished_at
        row.score = score
        if on_log:
            row.log_id = log_id
        self.session.flush()

    def runs(self, trainee_id: int | None = None) -> list[KeptRun]:
        """Runs, oldest first, of one trainee (by id) or everyone."""
        query = (
            select(DrillRunRow, DrillScenarioRow.code, DrillScenarioRow.title, OperatorRow.name)
            .join(DrillScenarioRow, DrillScenarioRow.id == DrillRunRow.scenario_id)
            .outerjoin(OperatorRow, OperatorRow.id == DrillRunRow.trainee_id)
            .order_by(DrillRunRow.started_at, DrillRunRow.id)
        )
        if trainee_id is not None:
            query = query.where(DrillRunRow.trainee_id == trainee_id)
        return [
            KeptRun(
                id=run.id,
                code=code,
                title=title,
                trainee=name,
                started_at=run.started_at,
                finished_at=run.finished_at,
                score=run.score,
            )
            for run, code, title, name in self.session.execute(query)
        ]
