"""wmp-tui: a keyboard-first terminal application for police force-contact rooms."""

__version__ = "0.1.0"
