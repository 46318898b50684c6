"""The `wmp-tui` commands: `main` holds the root command and gathers the others.

Each command parses its options, builds settings and calls a service; every decision is
made by a service or the domain.
"""
