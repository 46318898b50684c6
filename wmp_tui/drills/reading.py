"""What a drill's player reads off the screens and compares with the scenario's script."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from wmp_tui.domain.facts import Facts
from wmp_tui.widgets.plain_text import Static


def problems_on(screen: Screen[Any]) -> str:
    """The problem lines a screen shows (field problems, refusals), joined."""
    lines = []
    for widget in screen.query(Static):
        identity = widget.id or ""
        if identity.endswith("-problem") or widget.has_class("field-problem"):
            text = str(widget.render()).strip()
            if text:
                lines.append(text)
    return " | ".join(lines)


def plain(text: str) -> str:
    """What a call handler would type of the caller's words: plain keys only."""
    return "".join(c for c in text if c.isascii() and (c.isalnum() or c in " ,.'?!-"))


def plain_facts(facts: Facts) -> dict[str, Any]:
    """Facts as plain data, lists sorted: the order answers were ticked in does not matter."""
    data: dict[str, Any] = facts.model_dump(mode="json")
    for group in data.values():
        for name, value in group.items():
            if isinstance(value, list):
                group[name] = sorted(value)
    return data


def differences(given: dict[str, Any], wanted: dict[str, Any], where: str = "") -> str:
    found = []
    for key in wanted:
        path = f"{where}{key}"
        if isinstance(wanted[key], dict):
            inner = differences(given.get(key, {}), wanted[key], f"{path}.")
            if inner:
                found.append(inner)
        elif given.get(key) != wanted[key]:
            found.append(f"{path} {given.get(key)!r} (script: {wanted[key]!r})")
    return "; ".join(found)
