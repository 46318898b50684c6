"""The force in a minute: a pure discrete-event simulation of demand and response.

DOMAIN.md §10. Calls come from a library of templates graded by the real grading engine;
P1-P3 are resourced by the real recommendation engine over simulated units; everything the
seeds do not give is a stated assumption (`assumptions`). No I/O and no clock: randomness
comes in as a `random.Random`, places and policies are handed in by the caller.
"""
