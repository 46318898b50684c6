"""The regions of the board, one widget each: the summary line, the logs pane and the units
pane (the alarm banner and the filter are single widgets of their own)."""
