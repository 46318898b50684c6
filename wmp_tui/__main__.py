"""`python -m wmp_tui` runs the `wmp-tui` command."""

from wmp_tui.launch import main

main()
