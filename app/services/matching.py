"""The matching service: a fitted `Matcher` cached next to the database, refreshed when data changes.

The cache file holds the fitted engine and the store revision it reflects. On a revision change the
engine is refreshed incrementally (only new or edited capabilities are analysed).
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from app.config import cache_dir_for
from app.resources import resource
from database import Store
from matching.matcher import Matcher, MatchFilters
from matching.types import Match

CACHE_VERSION = 11  # bump whenever the pickled Matcher layout changes


class MatchServiceError(Exception):
    pass


@dataclass
class MatchRequest:
    institution_ref: str | None = None
    text: str | None = None
    country: str | None = None
    top: int = 10
    types: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    trl_min: int | None = None
    trl_max: int | None = None


def load_default_vocabulary(word_form: str = "stem"):
    from matching.vocabulary import load_vocabulary

    return load_vocabulary(sorted(resource("vocabulary").glob("*.txt")), word_form=word_form)


def _vocab_stamp() -> str:
    files = sorted(resource("vocabulary").glob("*.txt"))
    return ";".join(f"{p.name}:{p.stat().st_size}:{int(p.stat().st_mtime)}" for p in files)


def get_matcher(store: Store, db_path: Path | None, progress=None) -> Matcher:
    """A matcher reflecting the store's current revision, from the on-disk cache when possible."""
    revision = store.revision()
    stamp = _vocab_stamp()
    cache = cache_dir_for(Path(db_path)) / "matcher.pkl" if db_path and str(db_path) != ":memory:" else None
    cached = None
    if cache and cache.exists():
        try:
            with cache.open("rb") as fh:
                payload = pickle.load(fh)
            if payload.get("version") == CACHE_VERSION and payload.get("vocab") == stamp:
                cached = payload
        except Exception:  # a stale or corrupt cache is only a cache: rebuild it
            cached = None
    if cached and cached["revision"] == revision:
        return cached["matcher"]
    institutions = store.institutions.all()
    if cached:
        matcher = cached["matcher"].refresh(institutions, progress)
    else:
        matcher = Matcher(vocabulary=load_default_vocabulary()).fit(institutions, progress)
    if cache:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_name(f"{cache.name}.{os.getpid()}.part")
            with tmp.open("wb") as fh:
                pickle.dump({"version": CACHE_VERSION, "vocab": stamp, "revision": revision, "matcher": matcher},
                            fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(cache)
        except OSError:
            pass  # a read-only location only costs speed
    return matcher


def run_match(store: Store, db_path: Path | None, request: MatchRequest, matcher: Matcher | None = None) -> list[Match]:
    if store.is_empty():
        raise MatchServiceError("the database is empty: import data or run `qiaomost demo` first")
    if request.institution_ref and store.institutions.id_for(request.institution_ref) is None:
        raise MatchServiceError(f"unknown institution {request.institution_ref!r}")
    if request.text is not None and not request.text.strip():
        raise MatchServiceError("the text to match is empty")
    if request.top < 1:
        raise MatchServiceError("--top must be at least 1")
    matcher = matcher or get_matcher(store, db_path)
    filters = MatchFilters(
        countries=[request.country.upper()] if request.country else None, types=request.types,
        fields=request.fields, kinds=request.kinds, trl_min=request.trl_min, trl_max=request.trl_max,
    )
    if request.institution_ref:
        ref = request.institution_ref
        if ref not in matcher.inst_index_:  # a merged-in alias ref
            inst = store.institutions.get(ref)
            ref = inst.ref if inst else ref
        return matcher.match_institution(ref, top=request.top, filters=filters)
    return matcher.match_text(request.text or "", top=request.top, filters=filters)
