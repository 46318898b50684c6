"""How far THRIVE+ has got, and exactly what is still missing before a grade may be committed.

Grading is refused until every dimension has its answers and a rationale (DOMAIN.md §3), so
the list of what is missing is always on screen, in the words the domain gives, and choosing
an item takes the operator straight to the question or rationale that needs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets.option_list import Option

from wmp_tui.widgets.plain_text import OptionList, Static
from wmp_tui.widgets.widget_message import WidgetMessage

DIMENSION_COUNT = 7


class ThriveProgress(Vertical):
    """`5 of 7 dimensions complete`, then the missing items; Enter goes to the one chosen."""

    DEFAULT_CSS = """
    ThriveProgress {
        height: 1fr;
    }
    ThriveProgress > #thrive-count {
        height: auto;
        text-style: bold;
    }
    ThriveProgress > OptionList {
        height: 1fr;
    }
    ThriveProgress.-complete > #thrive-count {
        color: $text-success;
    }
    """

    @dataclass
    class JumpRequested(WidgetMessage):
        """The operator chose a missing item: show them the widget that answers it."""

        progress: ThriveProgress
        target: str

    _shown: tuple[int, tuple[tuple[str, str], ...]] | None = None
    """What `show` was last given."""

    def compose(self) -> ComposeResult:
        yield Static("", id="thrive-count")
        yield Static("Still missing (Enter goes to it):", classes="hint", id="missing-title")
        yield OptionList(id="missing-list", markup=False)

    def show(self, complete: int, missing: Sequence[tuple[str, str]]) -> None:
        """`missing` is (target widget id, what is missing in words), in dimension order.
        Shown again only when it has changed: most answers leave it as it was, and the list
        is rebuilt whole."""
        shown = (complete, tuple(missing))
        if shown == self._shown:
            return
        self._shown = shown
        done = complete == DIMENSION_COUNT and not missing
        self.set_class(done, "-complete")
        count = f"{complete} of {DIMENSION_COUNT} dimensions complete"
        self.query_one("#thrive-count", Static).update(
            f"{count}: ready to record and grade (Ctrl+S)" if done else count
        )
        self.query_one("#missing-title", Static).display = bool(missing)
        options = self.query_one("#missing-list", OptionList)
        highlighted = options.highlighted
        options.set_options(
            Option(f"{index + 1}. {what}", id=f"{index}:{target}")
            for index, (target, what) in enumerate(missing)
        )
        if missing:
            options.highlighted = min(highlighted or 0, len(missing) - 1)

    @on(OptionList.OptionSelected, "#missing-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        self.post_message(self.JumpRequested(self, option_id.split(":", 1)[1]))
