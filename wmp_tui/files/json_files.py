"""Reading a JSON file a person wrote (a case, a drill scenario) without trusting it.

A folder of cases may hold anything: a named pipe called `pipe.json` (opening it waits for
ever), a device, a file of 60 MB, JSON nested a thousand deep (Python's parser then fails with
a RecursionError), an object with the same key twice (JSON lets the last one win, silently).
Each is refused here with one sentence, before the file is parsed for what it says; special
files are never opened at all.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

MAX_BYTES = 1_000_000
"""The largest file read: 1 MB holds a case with its 2,000 units many times over."""
MAX_DEPTH = 10
"""The deepest nesting of objects and lists: a case or a scenario needs 5 at most."""


class UnreadableJson(ValueError):
    """The file cannot be taken as JSON; the message is one sentence saying why."""


def _check_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise UnreadableJson(f'the key "{key}" appears twice in one object')
        seen[key] = value
    return seen


def depth_of(value: Any) -> int:
    """How deeply lists and objects nest in `value` (a number or text is 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


def read_json_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES; UnreadableJson otherwise."""
    try:
        found = path.stat()
    except OSError as error:
        raise UnreadableJson(f"cannot read: {error.strerror}") from None
    if not stat.S_ISREG(found.st_mode):
        kind = "a named pipe" if stat.S_ISFIFO(found.st_mode) else "not a regular file"
        raise UnreadableJson(f"is {kind}: skipped, never opened")
    if found.st_size > MAX_BYTES:
        raise UnreadableJson(
            f"is {found.st_size:,} bytes: a file may be at most {MAX_BYTES:,} bytes"
        )
    try:
        # O_NONBLOCK: should the file have been swapped for a pipe since, opening never waits.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise UnreadableJson(f"cannot read: {error.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise UnreadableJson("is not a regular file: skipped")
        data = os.read(handle, MAX_BYTES + 1)
    finally:
        os.close(handle)
    if len(data) > MAX_BYTES:
        raise UnreadableJson(f"is over {MAX_BYTES:,} bytes: a file may be at most that")
    return data


def parse_checked(data: bytes) -> Any:
    """`data` parsed as JSON, refusing duplicate keys and nesting deeper than MAX_DEPTH.

    Malformed JSON is left to the caller's own parser (which names the line); this returns
    None for it.
    """
    try:
        value = json.loads(data, object_pairs_hook=_check_pairs)
    except RecursionError:
        raise UnreadableJson(
            f"is nested too deep: objects and lists may nest at most {MAX_DEPTH} deep"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    depth = depth_of(value)
    if depth > MAX_DEPTH:
        raise UnreadableJson(
            f"is nested {depth} deep: objects and lists may nest at most {MAX_DEPTH} deep"
        )
    return value
