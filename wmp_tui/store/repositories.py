"""The repositories, by the names they had before they were split (logs, units, operators,
callers, locations, drafts each have their own module now): importers outside the store may
keep importing from here."""

from wmp_tui.store.callers import CallerRepository
from wmp_tui.store.connection import core
from wmp_tui.store.drafts import JOURNAL_KEY, DraftRepository
from wmp_tui.store.locations import LocationRepository, to_place
from wmp_tui.store.logs import LOG_FIELDS, LogRepository, LogToSend, to_event, to_log
from wmp_tui.store.operators import OperatorRepository
from wmp_tui.store.units import Candidate, UnitOnBoard, UnitRepository, skills_of

__all__ = [
    "JOURNAL_KEY",
    "LOG_FIELDS",
    "CallerRepository",
    "Candidate",
    "DraftRepository",
    "LocationRepository",
    "LogRepository",
    "LogToSend",
    "OperatorRepository",
    "UnitOnBoard",
    "UnitRepository",
    "core",
    "skills_of",
    "to_event",
    "to_log",
    "to_place",
]
