"""Storage: SQLite via sqlite-utils, behind the `Store` facade. All SQL of the project lives here."""

from .projects import Project, ShortlistEntry
from .store import Store, StoreError

__all__ = ["Store", "StoreError", "Project", "ShortlistEntry"]
