"""A question row repaints itself at an answer, and makes room when the answer needs it.

An answer given on THRIVE+ redraws its row; the screen is laid out again only when the row,
as it now reads, takes more (or fewer) lines, so what follows it is never covered.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from wmp_tui.domain.questions import AnswerKind
from wmp_tui.widgets.plain_text import Static
from wmp_tui.widgets.question_row import QuestionRow

CHOICES = [f"a_rather_long_choice_number_{i}" for i in range(8)]


class Rows(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield QuestionRow("harm.types", "Which harms?", AnswerKind.MULTI, choices=CHOICES)
            yield QuestionRow("harm.any", "Any harm?", AnswerKind.BOOL)
            yield Static("after the rows", id="after")


async def test_a_long_answer_makes_room_and_a_short_one_keeps_the_rows_in_place() -> None:
    app = Rows()
    async with app.run_test(size=(80, 30)) as pilot:
        multi, yes_no = app.query(QuestionRow).results(QuestionRow)
        after = app.query_one("#after")
        multi.focus()
        await pilot.pause()
        await pilot.press("1")
        one = multi.size.height
        await pilot.press(*"2345678")  # every choice ticked: the answer wraps
        assert multi.value == tuple(CHOICES)
        assert multi.size.height > one
        assert yes_no.region.y == multi.region.bottom
        assert after.region.y == yes_no.region.bottom
        await pilot.press(*"2345678")  # back to one choice: back to its height
        assert multi.value == (CHOICES[0],)
        assert multi.size.height == one
        assert yes_no.region.y == multi.region.bottom

        yes_no.focus()
        await pilot.pause()
        where = after.region
        await pilot.press("y")
        assert yes_no.value is True and yes_no.answered
        assert after.region == where  # the same lines: nothing moved
