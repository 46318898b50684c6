"""P5–P8: the work goes to its owner's queue; a P8 names the team that owns the task."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from wmp_tui.domain.log import Log
from wmp_tui.domain.vocabulary import Grade
from wmp_tui.widgets.dispatch.region import DispatchRegion
from wmp_tui.widgets.labelled_field import labelled_field
from wmp_tui.widgets.plain_text import Static


def queue_owner(log: Log, grade: Grade) -> str:
    """Whose queue the work of this grade goes to."""
    return {
        Grade.P5: "the Force Initial Investigation team (desk): no unit moves",
        Grade.P6: f"the {log.npu or 'local'} neighbourhood team",
        Grade.P7: "the Force Support Unit",
        Grade.P8: "the team named below",
    }[grade]


class QueueWork(DispatchRegion):
    """Where the work is queued; `q` queues it (Enter on the team, for a P8)."""

    @property
    def team_field(self) -> Input:
        return self.query_one("#team", Input)

    @property
    def team(self) -> str:
        """The team typed for a P8, trimmed."""
        return self.team_field.value.strip()

    def compose(self) -> ComposeResult:
        yield Static("", id="queue-what")
        yield labelled_field(
            "Team",
            id="team",
            placeholder="the team that owns this task",
            max_length=80,
            row_id="team-row",
        )

    def show(self, log: Log, grade: Grade) -> None:
        self.open("Enter on the team queues it" if grade is Grade.P8 else "q queue the work")
        self.query_one("#queue-what", Static).update(f"Queue to {queue_owner(log, grade)}.")
        self.query_one("#team-row").display = grade is Grade.P8
        if grade is Grade.P8:
            self.team_field.focus()
