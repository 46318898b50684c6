"""The language of the control room: THRIVE+, grading, allocation, SLA, the log.

Pure: imports only the standard library and pydantic, never reads the clock.
"""
