"""New words in a `Static` take the room they need, and only then move what follows.

A layout lays the whole screen out again, so `plain_text.Static.update` asks for one only when
the words change the widget's size: more or fewer lines where its height follows its words,
always where its width does, never where its size is fixed.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Vertical

from wmp_tui.widgets.plain_text import Static

WIDE = "word " * 40  # about 200 characters: four lines at 60 columns


class Words(App[None]):
    CSS = """
    #fixed { height: 2; }
    #narrow { width: auto; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("one line", id="hint")
            yield Static("below the hint", id="below")
            yield Static("fixed", id="fixed")
            yield Static("x", id="narrow")


async def test_words_that_wrap_move_what_follows_and_words_that_fit_do_not() -> None:
    app = Words()
    async with app.run_test(size=(60, 20)) as pilot:
        hint, below = app.query_one("#hint"), app.query_one("#below")
        assert (hint.size.height, below.region.y) == (1, 1)

        hint.update(WIDE)
        await pilot.pause()
        assert hint.size.height == 4 and below.region.y == 4

        hint.update("short again")
        await pilot.pause()
        assert hint.size.height == 1 and below.region.y == 1
        assert "short again" in str(hint.render())

        hint.update("other words, one line")  # the same size: only repainted
        await pilot.pause()
        assert below.region.y == 1

        fixed = app.query_one("#fixed")
        fixed.update(WIDE)
        await pilot.pause()
        assert fixed.size.height == 2

        narrow = app.query_one("#narrow")
        narrow.update("a wider word")  # its width follows its words
        await pilot.pause()
        assert narrow.size.width == len("a wider word")
