"""The matching engine: cross-lingual, complementary, explainable partner suggestions.

Imports neither Qt nor SQLite. Heavy parts (scikit-learn, OpenCC, the vocabulary) load lazily.
"""

from .types import Capability, Contact, Institution, InstitutionName, Match, Reason

__all__ = ["Capability", "Contact", "Institution", "InstitutionName", "Match", "Reason"]
