"""What people and files wrote, made safe to put in front of an operator.

A narrative, a caller's name or a case id may hold control characters (an escape sequence
pasted from another system, a bell, a carriage return). Written to a terminal they would move
the cursor, recolour the screen or hide text, so every place that shows such words shows each
control character as its visible picture (ESC as ␛) instead. One character stays one
character, so styling laid over the words still lines up.
"""

from __future__ import annotations

import re

KEPT = frozenset("\n\t")
"""Line breaks and tabs lay text out; every other control character is shown as a picture."""


def _picture(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls have no picture


_TABLE = {
    code: _picture(code)
    for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))
    if chr(code) not in KEPT
}


def printable(text: str) -> str:
    """`text` with every control character but newline and tab shown as a visible picture."""
    return text.translate(_TABLE)


def one_line(text: str) -> str:
    """`printable`, and on one line: for table cells and terminal columns."""
    return printable(text).replace("\n", " ").replace("\t", " ")


_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves ("\x1b[31m")
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, links
    r"|\x1b[@-_]"  # any other two-character escape
)
_DROPPED = {code: None for code in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if chr(code) != "\n"}


def pasted(text: str, *, lines: bool = False) -> str:
    """Text pasted into a field, as words to keep: terminal escape sequences (colours, cursor
    moves) dropped, tabs and line breaks ("\\r\\n", "\\r", "\\n") made spaces (line breaks
    kept as newlines where the field has `lines`), every other control character dropped."""
    text = _ESCAPE_SEQUENCE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\t", " ")
    if not lines:
        text = text.replace("\n", " ")
    return text.translate(_DROPPED)
