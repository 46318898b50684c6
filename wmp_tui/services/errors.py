"""The one exception services raise for an action refused: its message is for the operator."""

from __future__ import annotations


class Refused(Exception):
    """The action cannot be done as asked; the message says why and what to do instead."""
