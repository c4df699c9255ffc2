"""The innermost domain types shared by every layer (engine, store, services, GUI).

Plain dataclasses with no behaviour beyond small conveniences, so the store can build them from
rows and the engine can consume them without knowing where they came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

COUNTRIES_FIRST_CLASS = ("CN", "RU")
INSTITUTION_TYPES = ("university", "research_institute", "enterprise", "tech_park", "intermediary", "government")
CAPABILITY_KINDS = ("offer", "need", "research")
NAME_KINDS = ("official", "short", "abbreviation", "former", "transliteration")
IP_STATUSES = ("patented", "patent_pending", "know_how", "copyright", "open", "none")
COOPERATION_MODES = (
    "joint_rnd", "licensing", "technology_sale", "joint_lab", "joint_venture", "co_location",
    "talent_exchange", "joint_education", "standards", "big_science", "contract_research",
    "distribution", "investment", "pilot_production",
)
SHORTLIST_STATUSES = ("proposed", "contacted", "meeting", "agreement", "declined")


@dataclass
class InstitutionName:
    name: str
    lang: str
    kind: str = "official"


@dataclass
class Contact:
    person: str
    role: str = ""
    email: str = ""
    phone: str = ""
    languages: list[str] = field(default_factory=list)


@dataclass
class Capability:
    ref: str
    kind: str
    title: str
    lang: str = ""
    description: str = ""
    keywords: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    trl: int | None = None
    ip_status: str | None = None
    cooperation: list[str] = field(default_factory=list)
    institution_ref: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """All free text of the capability, as the engine and the search index see it."""
        return "\n".join(p for p in (self.title, self.description, " ; ".join(self.keywords)) if p)


@dataclass
class Institution:
    ref: str
    name: str
    country: str
    type: str
    names: list[InstitutionName] = field(default_factory=list)
    region: str = ""
    city: str = ""
    website: str = ""
    notes: str = ""
    capabilities: list[Capability] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    created_at: str = ""
    updated_at: str = ""

    def name_in(self, lang: str) -> str:
        """The official name in `lang` (zh also accepts zh-Hant), else the display name."""
        for kind in ("official", "short"):
            for n in self.names:
                if n.kind == kind and (n.lang == lang or (lang == "zh" and n.lang.startswith("zh"))):
                    return n.name
        return self.name

    def all_names(self) -> list[str]:
        seen: dict[str, None] = {self.name: None}
        for n in self.names:
            seen.setdefault(n.name, None)
        return list(seen)


@dataclass
class SharedConcept:
    """A vocabulary concept found on both sides of a match."""

    id: str
    terms: dict[str, str]  # preferred term per language: {"zh": …, "ru": …, "en": …}
    weight: float = 0.0

    def label(self, left_lang: str, right_lang: str) -> str:
        a = self.terms.get(left_lang) or self.terms.get("en", self.id)
        b = self.terms.get(right_lang) or self.terms.get("en", self.id)
        return a if a == b else f"{a} ↔ {b}"


@dataclass
class Reason:
    """One human-readable reason; `code` lets callers translate or filter reasons."""

    code: str  # concepts | terms | kinds | types | trl | country | field
    text: str
    data: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.text


@dataclass
class CapabilityMatch:
    query_ref: str | None  # None for a free-text query
    capability_ref: str
    relevance: float
    complementarity: float
    score: float
    shared_concepts: list[SharedConcept] = field(default_factory=list)
    shared_terms: list[str] = field(default_factory=list)


@dataclass
class Match:
    """One suggested partner institution, best capability first."""

    institution_ref: str
    institution_name: str
    country: str
    type: str
    score: float
    capability_ref: str | None
    reasons: list[Reason] = field(default_factory=list)
    capability_matches: list[CapabilityMatch] = field(default_factory=list)
    rank: int = 0

    def to_json(self) -> dict[str, Any]:
        best = self.capability_matches[0] if self.capability_matches else None
        return {
            "rank": self.rank,
            "institution_ref": self.institution_ref,
            "institution_name": self.institution_name,
            "country": self.country,
            "type": self.type,
            "score": round(self.score, 4),
            "capability_ref": self.capability_ref,
            "query_capability_ref": best.query_ref if best else None,
            "reasons": [r.text for r in self.reasons],
            "shared_concepts": [
                {"id": c.id, **c.terms} for c in (best.shared_concepts if best else [])
            ],
            "capabilities": [
                {"capability_ref": m.capability_ref, "query_capability_ref": m.query_ref,
                 "score": round(m.score, 4), "relevance": round(m.relevance, 4),
                 "complementarity": round(m.complementarity, 4)}
                for m in self.capability_matches
            ],
        }
