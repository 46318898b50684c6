"""Use cases shared by the TUI, the CLI and the drills: one unit of work each."""
