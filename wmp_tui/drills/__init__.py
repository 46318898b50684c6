"""Playing drills: the sandbox a drill runs in, the drill app, the shift driver, the player.

The top layer beside the screens and the CLI: it uses the same services and screens as a live
call (ARCHITECTURE.md) and adds only what a drill needs on top of them.
"""
