"""`?`: the keys of the screen in front of the operator, in the control room's words.

Textual's own key panel lists every binding of the focused widget chain, so on a form it shows
"Cursor right" and "Delete left" before anything an operator needs. This list is built from our
own bindings only (the focused widget's, its screen's and the app's, as the footer names them)
and the screen's hint line, so it says what the footer and the README say.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

OURS = "wmp_tui"
"""Only bindings declared in our own classes are listed, never Textual's built-in ones."""

NAMED_KEYS = {
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "space": "Space",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "slash": "/",
    "colon": ":",
    "question_mark": "?",
    "backspace": "Backspace",
    "delete": "Delete",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
}


KEY_IN_BACKTICKS = re.compile(r"`([^`\n]+)`")
"""A key named in a screen's own words, as our docstrings write it: `n`, `/`, `Ctrl+S`."""


def key_text(words: str) -> Text:
    """`words` as plain text, each key named in backticks shown bold without its backticks.
    Nothing in `words` is read as markup: `[b]` stays as typed."""
    text = Text()
    at = 0
    for key in KEY_IN_BACKTICKS.finditer(words):
        text.append(words[at : key.start()])
        text.append(key.group(1), style="bold")
        at = key.end()
    text.append(words[at:])
    return text


def key_words(binding: Binding) -> str:
    """`Ctrl+S`, `F1`, `Esc`, `r`: a key as the footer and the README write it."""
    if binding.key_display:
        return binding.key_display
    parts = binding.key.split("+")
    words = [part.capitalize() if part in ("ctrl", "shift", "alt") else part for part in parts]
    last = words[-1]
    if last in NAMED_KEYS:
        words[-1] = NAMED_KEYS[last]
    elif (last[1:].isdigit() and last[0] == "f") or (len(last) == 1 and len(words) > 1):
        words[-1] = last.upper()  # F1; Ctrl+S
    return "+".join(words)


def own_bindings(node: DOMNode) -> Iterable[Binding]:
    """The bindings our classes declare on this node (most derived first)."""
    for cls in type(node).__mro__:
        if cls.__module__.startswith(OURS) and "BINDINGS" in cls.__dict__:
            yield from Binding.make_bindings(cls.__dict__["BINDINGS"])


def screen_keys(screen: Screen[object]) -> list[tuple[str, str]]:
    """(key, what it does) for the focused widget, its containers, the screen and the app."""
    chain: list[DOMNode] = []
    node: DOMNode | None = screen.focused
    while node is not None and node is not screen:
        chain.append(node)
        node = node.parent
    chain += [screen, screen.app]
    seen: set[str] = set()
    rows: dict[tuple[str, str], list[str]] = {}  # one row an action: its keys side by side
    for owner in chain:
        for binding in own_bindings(owner):
            if not binding.description or binding.key in seen or binding.action == "toggle_keys":
                continue
            seen.add(binding.key)
            shown = rows.setdefault((binding.action, binding.description), [])
            if key_words(binding) not in shown:
                shown.append(key_words(binding))
    return [(" / ".join(shown), description) for (_, description), shown in rows.items()]


def hint_of(screen: Screen[object]) -> str:
    """The screen's own line of keys (`.flow-hint` or `.hint` at the bottom), if it has one."""
    for hint in screen.query(".flow-hint, #intake-hint"):
        if isinstance(hint, Static):
            return str(hint.render())
    return ""


class KeysHelp(ModalScreen[None]):
    """The keys of the screen underneath; `?` or Esc closes it."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", key_display="?"),
    ]

    DEFAULT_CSS = """
    KeysHelp {
        align: center middle;
    }
    KeysHelp > VerticalScroll {
        width: 72;
        max-height: 80%;
        height: auto;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    """

    def __init__(self, title: str, keys: list[tuple[str, str]], hint: str = "") -> None:
        super().__init__()
        self.title_words = title
        self.keys = keys
        self.hint = hint

    def compose(self) -> ComposeResult:
        text = Text("Keys: ", style="bold")
        text.append_text(key_text(self.title_words))
        text.append("\n")
        width = max((len(key) for key, _ in self.keys), default=4) + 2
        for key, what in self.keys:
            text.append(f"{key:<{width}}", style="bold")
            text.append(f"{what}\n")
        if self.hint:
            text.append("\nAlso on this screen: ", style="bold")
            text.append_text(key_text(self.hint))
            text.append("\n")
        text.append("\n? or Esc closes this list.", style="dim")
        with VerticalScroll():
            yield Static(text, id="keys-help")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
