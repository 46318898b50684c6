"""What the terminal shows, as characters: the screen in front, or the part a widget covers.

A Pilot test reads a widget's own render; these read what the person reads, after layout,
clipping and wrapping, so a sentence cut at the screen's edge is found."""

from __future__ import annotations

import re

from textual.app import App
from textual.widget import Widget

BOX = re.compile(r"[─│╭╮╰╯┌┐└┘├┤┬┴┼━┃▔▁▎▊]")


def screen_lines(app: App[object]) -> list[str]:
    """Each line of the screen in front, as it is drawn."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def seen_in(app: App[object], widget: Widget) -> list[str]:
    """The lines of the screen inside the region `widget` covers."""
    region = widget.region
    lines = screen_lines(app)[region.y : region.bottom]
    return [line[region.x : region.right] for line in lines]


def reads(lines: list[str]) -> str:
    """The lines read as running words: borders dropped, wrapped lines joined by a space."""
    return " ".join(BOX.sub(" ", " ".join(lines)).split())
