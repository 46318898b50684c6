"""The `wmp-tui` command (and `python -m wmp_tui`): the bare command starts the operator's
screens at once; any other command line goes to the Typer commands in `wmp_tui.cli`."""

import sys


def main() -> None:
    """Console-script entry point: the bare command starts at once, the rest go to Typer."""
    if len(sys.argv) == 1:
        from wmp_tui.launch import run

        sys.exit(run())
    from wmp_tui.cli.main import main as commands

    commands()


if __name__ == "__main__":
    main()
