"""`wmp-tui simulate`: the pure simulation (wmp_tui.domain.simulation) wired to files and output.

This package reads the shipped gazetteer and policies, runs the study the command asks for,
and renders it as a table or JSON; writing a simulated past into a database goes through the
history service.
"""
