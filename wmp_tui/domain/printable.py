"""What people and files wrote, made safe to put in front of an operator.

A narrative, a caller's name or a case id may hold control characters (an escape sequence
pasted from another system, a bell, a carriage return). Written to a terminal they would move
the cursor, recolour the screen or hide text, so every place that shows such words shows each
control character as its visible picture (ESC as ␛) instead. One character stays one
character, so styling laid over the words still lines up.
"""

from __future__ import annotations

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
