"""The grade the answers so far give, shown on the THRIVE+ screen at every answer.

While answering, the operator always sees what the policy makes of the call (DOMAIN.md §3):
the same engine that grades a complete THRIVE+ reads the answers given so far, and nothing is
written until the operator grades. When a P1 rule already holds, the widget says so and names
the key that grades P1 at once, so seconds are not spent on the rest of the form first.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from wmp_tui.domain.p1_first import GradeSoFar

P1_KEY = "F1"
"""The key that grades an immediate P1 before THRIVE+ is complete (shown in words here)."""


class LiveGrade(Static):
    """`Grade so far: P3 Priority investigation`, its reasons, and the P1-now key when it holds."""

    DEFAULT_CSS = """
    LiveGrade {
        height: auto;
        max-height: 12;
        padding: 0 0 1 0;
    }
    LiveGrade.-immediate {
        color: $text-error;
    }
    """

    so_far: reactive[GradeSoFar | None] = reactive(None, layout=True)
    """The policy's reading of the answers given so far; None until the log is loaded."""
    grade_name: reactive[str] = reactive("")
    """The grade's name in the policy (`Immediate`), beside its code."""

    def watch_so_far(self, so_far: GradeSoFar | None) -> None:
        self.set_class(so_far is not None and so_far.immediate, "-immediate")

    def render(self) -> Text:
        so_far = self.so_far
        if so_far is None:
            return Text("Grade so far: reading the log…")
        decision = so_far.decision
        text = Text()
        label = "Grade" if so_far.complete else "Grade so far"
        text.append(f"{label}: {decision.grade.value} {self.grade_name}".rstrip(), style="bold")
        for reason in decision.reasons:
            text.append(f"\n  • {reason}")
        if so_far.immediate and not so_far.complete:
            text.append(
                f"\n{P1_KEY} grades P1 now and opens dispatch; THRIVE+ stays to complete.",
                style="bold",
            )
        elif not so_far.complete:
            text.append("\nMay change as you answer: grading waits for THRIVE+ to be complete.")
        return text
