"""The colours the screens are drawn in, chosen with `WMP_THEME`.

`dark` is Textual's own dark theme. `terminal` uses the terminal's own sixteen colours
(Textual's ANSI theme), so a terminal's high-contrast or colour-blind scheme applies to the
app as well. `high-contrast` is pure black and white with bright yellow for what needs the eye
(focus, the P1 alarm), for bright rooms and low vision.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="wmp-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    warning="#ffff00",
    error="#ff4040",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    boost="#333333",
    dark=True,
    text_alpha=1.0,
    variables={
        "footer-key-foreground": "#ffff00",
        "input-cursor-background": "#ffff00",
        "input-cursor-foreground": "#000000",
        "block-cursor-background": "#ffff00",
        "block-cursor-foreground": "#000000",
        "border": "#ffffff",
        "border-blurred": "#808080",
    },
)

THEMES = {"dark": "textual-dark", "terminal": "ansi-dark", "high-contrast": HIGH_CONTRAST.name}
"""`WMP_THEME` choices and the Textual theme each one is."""


def use_theme(app: App[Any], choice: str) -> None:
    """Draw `app` in the theme of this `WMP_THEME` choice (an unknown one keeps the default)."""
    if HIGH_CONTRAST.name not in app.available_themes:
        app.register_theme(HIGH_CONTRAST)
    app.theme = THEMES.get(choice, THEMES["dark"])
