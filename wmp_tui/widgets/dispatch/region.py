"""A region of the dispatch screen: hidden until the grade calls for it, then opened.

Which regions a log needs depends on its grade (a P6 shows its units and its queue at once), so
each region is opened by the part of the screen that fills it; the stylesheet below does the
showing, not the screen.
"""

from __future__ import annotations

from textual.containers import Vertical


class DispatchRegion(Vertical):
    """One region of the dispatch screen, shown once opened."""

    DEFAULT_CSS = """
    DispatchRegion {
        display: none;
    }
    DispatchRegion.-open {
        display: block;
    }
    """

    hint = ""
    """The keys this region uses, as the line under the screen says them."""

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self, hint: str) -> None:
        """Show this region (the log's grade uses it), with the keys it uses."""
        self.hint = hint
        self.add_class("-open")
