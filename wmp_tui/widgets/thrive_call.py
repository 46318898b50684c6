"""The call being assessed, beside the THRIVE+ questions: what, how, where, and what is due.

Shown as typed (a narrative is data, never markup). It says too why this THRIVE+ is asked: to
complete one graded P1 before it was complete, a re-THRIVE of a graded log (each dimension
confirmed or changed), or going on from an entry recorded earlier.
"""

from __future__ import annotations

from wmp_tui.domain.log import Log
from wmp_tui.services.event_words import local_time
from wmp_tui.widgets.plain_text import Static
from wmp_tui.widgets.question_row import words


class ThriveCall(Static):
    """The log's call in a few lines (id `thrive-call`)."""

    def show(self, log: Log, *, rethrive: bool, has_earlier: bool) -> None:
        where = log.address or (f"{log.lat:.4f}, {log.lon:.4f}" if log.lat is not None else "")
        lines = [
            f"{words(log.incident_type)} · {log.channel} · {where} {log.npu or ''}".strip(),
        ]
        if log.narrative:
            lines.append(log.narrative)
        if log.thrive_due_at is not None:
            due = local_time(log.thrive_due_at)
            lines.append(
                f"To complete: the log was graded {log.grade} before its THRIVE+ was "
                f"complete; due {due}."
            )
        elif rethrive:
            lines.append(
                f"Re-THRIVE: the log is {log.grade}; the last answers are filled in. Confirm "
                "(Ctrl+Y) or change each dimension."
            )
        elif has_earlier:
            lines.append("Going on from the entry recorded earlier.")
        self.update("\n".join(lines))
