"""Matching ops for the match workspace (Qt-free; they run on the store worker).

`run_query` covers the three starting points: a whole institution, one of its capabilities, or a
free text. It also gathers what the workspace shows next to each partner (names in every language,
both capabilities and the concept spans to highlight), so the GUI never goes back to the store
while the user clicks through results.

A capability query uses `Matcher.match_capability`, with the institution's type, country and TRL as context.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from matching.matcher import MatchFilters
from matching.types import Capability, Match

OTHER_SIDE = {"CN": "RU", "RU": "CN"}


@dataclass
class MatchQuery:
    mode: str = "institution"  # institution | capability | text
    institution_ref: str = ""
    capability_ref: str = ""
    text: str = ""
    country: str = ""  # partner country; "" = the other side (CN ↔ RU)
    types: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    trl_min: int = 1
    trl_max: int = 9
    top: int = 20


@dataclass
class SideText:
    """One side of the side-by-side view: a capability (or the free text) with concept spans."""

    title: str
    text: str
    lang: str
    kind: str
    trl: int | None
    institution: str
    hits: list[tuple[str, int, int]]  # (concept id, start, end) in `text`


@dataclass
class MatchResult:
    query: MatchQuery
    matches: list[Match]
    names: dict[str, list[tuple[str, str, str]]]  # institution ref → [(name, lang, kind)]
    capabilities: dict[str, SideText]  # capability ref (or "" for the free text) → side text
    query_name: str = ""


def capability_text(cap: Capability) -> str:
    parts = [cap.title, cap.description, " ; ".join(cap.keywords)]
    return "\n\n".join(p for p in parts if p)


def _side(vocabulary, cap: Capability, institution: str) -> SideText:
    text = capability_text(cap)
    hits = [(h.concept_id, h.start, h.end) for h in vocabulary.find(text)] if vocabulary is not None else []
    return SideText(cap.title, text, cap.lang, cap.kind, cap.trl, institution, hits)


def run_query(store, context, query: MatchQuery, progress=None) -> MatchResult:
    """Rank partners for `query`. `context` is the worker's StoreContext (it caches the fitted engine)."""
    from app.services.matching import MatchServiceError
    from matching.text import detect_language

    if store.is_empty():
        raise MatchServiceError("the database is empty")
    filters = MatchFilters(
        countries=[query.country] if query.country else None, types=list(query.types), fields=list(query.fields),
        kinds=list(query.kinds), trl_min=query.trl_min if query.trl_min > 1 else None,
        trl_max=query.trl_max if query.trl_max < 9 else None,
    )
    source = None
    if query.mode in ("institution", "capability"):
        source = store.institutions.get(query.institution_ref)
        if source is None:
            raise MatchServiceError(f"unknown institution {query.institution_ref!r}")
    matcher = context.matcher(progress)
    vocab = matcher.vocabulary
    caps: dict[str, SideText] = {}
    if query.mode == "institution":
        if not source.capabilities:
            raise MatchServiceError("this institution has no capabilities to match: add one first")
        ref = source.ref if source.ref in matcher.inst_index_ else query.institution_ref
        matches = matcher.match_institution(ref, top=query.top, filters=filters)
        for cap in source.capabilities:
            caps[cap.ref] = _side(vocab, cap, source.name)
    elif query.mode == "capability":
        cap = next((c for c in source.capabilities if c.ref == query.capability_ref), None)
        if cap is None:
            raise MatchServiceError(f"unknown capability {query.capability_ref!r}")
        matches = matcher.match_capability(cap.ref, top=query.top, filters=filters)
        caps[cap.ref] = _side(vocab, cap, source.name)
    else:
        text = query.text.strip()
        if not text:
            raise MatchServiceError("the text to match is empty")
        matches = matcher.match_text(text, top=query.top, filters=filters)
        hits = [(h.concept_id, h.start, h.end) for h in vocab.find(text)] if vocab is not None else []
        caps[""] = SideText("", text, detect_language(text) or "en", "", None, "", hits)
    names: dict[str, list[tuple[str, str, str]]] = {}
    for m in matches:
        inst = store.institutions.get(m.institution_ref)
        if inst is None:
            continue
        names[m.institution_ref] = [(n.name, n.lang, n.kind) for n in inst.names] or [(inst.name, "", "official")]
        wanted = {cm.capability_ref for cm in m.capability_matches}
        for cap in inst.capabilities:
            if cap.ref in wanted:
                caps[cap.ref] = _side(vocab, cap, inst.name)
    query_name = source.name if source else ""
    if source:
        names[source.ref] = [(n.name, n.lang, n.kind) for n in source.names] or [(source.name, "", "official")]
    return MatchResult(query, matches, names, caps, query_name)


def best_name(names: list[tuple[str, str, str]], lang: str, fallback: str) -> str:
    for kind in ("official", "short"):
        for name, nlang, nkind in names:
            if nkind == kind and (nlang == lang or (lang == "zh" and nlang.startswith("zh"))):
                return name
    return fallback
