"""One THRIVE+ question, answered with single keys while the caller is talking.

`y`/`n` for yes or no, a number key for one of a few answers, number keys to tick any of a
list (Enter confirms, even with nothing ticked), digits then Enter for a number (Enter alone:
not known). The keys for each answer are printed beside it, and the row shows the answer given,
so a glance down the list shows what is still open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.actions import SkipAction
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget

from wmp_tui.domain.questions import AnswerKind
from wmp_tui.widgets.field_input import TAB_AT_ONCE
from wmp_tui.widgets.widget_message import WidgetMessage

MULTI_KEYS = "1234567890abcdefghijkm"
"""Keys that tick the answers of an any-of question, in order (never y or n)."""
NUMBER_DIGITS = 6


def words(value: object) -> str:
    """A vocabulary word as the operator reads it: `life_threatening` → `life threatening`."""
    return str(value).replace("_", " ")


DONT_KNOW = "dont_know"
"""The value of a checklist row answered `d` (don't know): not a yes, not a no."""


def answer_words(kind: AnswerKind, value: Any) -> str:
    """The answer given, in words."""
    if kind is AnswerKind.BOOL and value == DONT_KNOW:
        return "don't know"
    if kind is AnswerKind.BOOL:
        return "yes" if value else "no"
    if kind is AnswerKind.MULTI:
        return ", ".join(words(v) for v in value) if value else "none of these"
    if value is None:
        return "not known" if kind is AnswerKind.NUMBER else "none"
    return words(value)


class QuestionRow(Widget, can_focus=True):
    """A question, its answer keys and the answer given."""

    BINDINGS = [
        Binding("down", "app.focus_next", "Next", show=False),
        Binding("up", "app.focus_previous", "Previous", show=False),
        # Answer keys are priority bindings: they run in the app's own key dispatch, so when
        # an answer moves to the next question, a fast operator's next key lands there and
        # not on the question just answered (Textual hands keys to the focused widget
        # without waiting for the previous key to be handled).
        *(
            Binding(key, f"press('{key}')", show=False, priority=True)
            for key in ("y", "n", "enter", "backspace", *MULTI_KEYS, *"0123456789")
        ),
        *TAB_AT_ONCE,
    ]

    DEFAULT_CSS = """
    QuestionRow {
        height: auto;
        width: 1fr;
        padding: 0 1;
    }
    QuestionRow:focus {
        background: $boost;
    }
    QuestionRow.-answered {
        color: $text-muted;
    }
    QuestionRow.-answered:focus {
        color: $text;
    }
    """

    # An answer repaints the row; the screen is laid out again only when the answer changes
    # how many lines the row takes (its watchers), not at every key of a THRIVE+.
    answered: reactive[bool] = reactive(False)
    """Whether the question has an answer on this assessment."""
    value: reactive[Any] = reactive(None, always_update=True)
    """The answer given: True/False, a word, a number, a tuple of words, or None."""
    typed: reactive[str] = reactive("")
    """Digits typed so far on a number question."""

    @dataclass
    class Answered(WidgetMessage):
        """The operator answered (or changed the answer to) this question."""

        row: QuestionRow
        value: Any

    def __init__(
        self,
        key: str,
        ask: str,
        kind: AnswerKind,
        *,
        choices: Sequence[str] = (),
        nullable: bool = False,
        help: str = "",
        value: Any = None,
        answered: bool = False,
        tag: str = "",
        dont_know: bool = False,
        id: str | None = None,
    ) -> None:
        """`key` names the question (its id) in the Answered message; `tag` labels a module;
        `dont_know` offers `d` (don't know) beside yes and no, on a checklist."""
        super().__init__(id=id)
        self.dont_know = dont_know
        self.key = key
        self.ask = ask
        self.kind = kind
        self.choices = tuple(choices)
        self.nullable = nullable
        self.help = help
        self.tag = tag
        self.set_reactive(QuestionRow.value, value)
        self.set_reactive(QuestionRow.answered, answered)
        if kind is AnswerKind.NUMBER and value is not None:
            self.set_reactive(QuestionRow.typed, str(value))

    def watch_answered(self, answered: bool) -> None:
        self.set_class(answered, "-answered")
        self._lay_out_if_lines_change()

    def on_mount(self) -> None:
        self.set_class(self.answered, "-answered")

    # -- showing -----------------------------------------------------------------------------

    def render(self) -> Text:
        text = Text()
        text.append("✓ " if self.answered else "• ", style="bold" if not self.answered else "")
        if self.tag:
            text.append(f"[{self.tag}] ", style="italic")
        text.append(self.ask, style="" if self.answered else "bold")
        text.append("\n   ")
        text.append_text(self._keys())
        if self.answered:
            text.append("  → ", style="bold")
            text.append(answer_words(self.kind, self.value), style="bold")
        if self.help:
            text.append(f"\n   {self.help}", style="italic")
        return text

    def _keys(self) -> Text:
        keys = Text(style="dim" if not self.has_focus else "")
        if self.kind is AnswerKind.BOOL:
            keys.append("y", style="bold")
            keys.append(" yes  ")
            keys.append("n", style="bold")
            keys.append(" no")
            if self.dont_know:
                keys.append("  ")
                keys.append("d", style="bold")
                keys.append(" don't know")
        elif self.kind is AnswerKind.CHOICE:
            for index, choice in enumerate(self.choices):
                chosen = self.answered and self.value == choice
                keys.append(f"{index + 1}", style="bold")
                keys.append(f" {words(choice)}", style="reverse" if chosen else "")
                keys.append("  ")
            if self.nullable:
                keys.append("0", style="bold")
                keys.append(
                    " none", style="reverse" if self.answered and self.value is None else ""
                )
        elif self.kind is AnswerKind.MULTI:
            ticked = set(self.value or ())
            for key, choice in zip(MULTI_KEYS, self.choices, strict=False):
                keys.append(key, style="bold")
                keys.append(f" {words(choice)}", style="reverse" if choice in ticked else "")
                keys.append("  ")
            keys.append("Enter", style="bold")
            keys.append(" confirm")
        else:
            keys.append("digits", style="bold")
            keys.append(f" [{self.typed or ' '}]  ")
            keys.append("Enter", style="bold")
            keys.append(" confirm (blank: not known)")
        return keys

    def _watch_value(self) -> None:
        self._lay_out_if_lines_change()

    def _watch_typed(self) -> None:
        self._lay_out_if_lines_change()

    def _lay_out_if_lines_change(self) -> None:
        """Ask for a layout when the row, as it now reads, takes another number of lines."""
        width, height = self.content_size
        if not width:
            return  # not laid out yet: the first layout measures it
        self.clear_cached_dimensions()
        if self.get_content_height(self.container_size, self.app.size, width) != height:
            self.refresh(layout=True)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        if self.kind is AnswerKind.NUMBER and self.typed and not self.answered:
            self._answer(int(self.typed))
        self.refresh()

    # -- answering ---------------------------------------------------------------------------

    def action_press(self, key: str) -> None:
        """An answer key (y, n, a number, a list letter, Enter, Backspace)."""
        character = key if len(key) == 1 else ""
        if not self._handle(key, character):
            raise SkipAction()  # not an answer to this question: let the key go elsewhere

    def _handle(self, key: str, character: str) -> bool:
        if self.kind is AnswerKind.BOOL and character in ("y", "n"):
            self._answer(character == "y", advance=True)
            return True
        if self.kind is AnswerKind.BOOL and self.dont_know and character == "d":
            self._answer(DONT_KNOW, advance=True)
            return True
        if self.kind is AnswerKind.CHOICE and character.isdigit():
            number = int(character)
            if number == 0 and self.nullable:
                self._answer(None, advance=True)
            elif 1 <= number <= len(self.choices):
                self._answer(self.choices[number - 1], advance=True)
            return True
        if self.kind is AnswerKind.MULTI:
            if character and character in MULTI_KEYS[: len(self.choices)]:
                choice = self.choices[MULTI_KEYS.index(character)]
                ticked = list(self.value or ())
                ticked = (
                    [c for c in ticked if c != choice] if choice in ticked else [*ticked, choice]
                )
                self._answer(tuple(c for c in self.choices if c in ticked))
                return True
            if key == "enter":
                self._answer(tuple(self.value or ()), advance=True)
                return True
        if self.kind is AnswerKind.NUMBER:
            if character.isdigit() and len(self.typed) < NUMBER_DIGITS:
                self.typed += character
                self._answer(int(self.typed))
                return True
            if key == "backspace":
                self.typed = self.typed[:-1]
                self._answer(int(self.typed) if self.typed else None)
                return True
            if key == "enter":
                self._answer(int(self.typed) if self.typed else None, advance=True)
                return True
        if key == "enter":
            self.screen.focus_next()
            return True
        return False

    def _answer(self, value: Any, *, advance: bool = False) -> None:
        self.value = value
        self.answered = True
        self.post_message(self.Answered(self, value))
        if advance:
            self.screen.focus_next()

    def show_answer(self, value: Any, answered: bool) -> None:
        """Set the row from an assessment (restoring, or after the screen refused an answer)."""
        self.value = value
        self.answered = answered
        if self.kind is AnswerKind.NUMBER:
            self.typed = "" if value is None else str(value)
