"""Textual screens: they show and ask, and call services in thread workers."""
