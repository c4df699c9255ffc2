"""Make a partner-proposal PDF: one pairing, or a whole project shortlist (cover page + one brief each).

    make_brief(store, db_path, output=Path("proposal.pdf"), institution_ref="cn-tsinghua",
               partner_ref="ru-kurchatov", lang="zh")            # bilingual zh + ru by default
    make_brief(store, db_path, output=Path("shortlist.pdf"), project_id=3, lang="ru")

Runs on whichever thread owns `store` (the GUI calls it on its store worker). The matcher comes from
app.services.matching (cached next to the database), the officer's name and organisation from the
settings. Every problem the user can fix is raised as `BriefError` with a message saying what to do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

from app.brief.content import BriefDocument, BriefMeta, build_cover, build_pair_brief
from app.brief.errors import BriefError
from app.brief.fonts import register_fonts
from app.brief.texts import Labels, second_language
from app.i18n import LANGUAGES
from matching.matcher import MatchFilters
from matching.types import Institution, Match

__all__ = ["BriefError", "make_brief", "pair_reference"]

BILINGUAL_CHOICES = ("auto", "yes", "no")


def make_brief(store, db_path, *, output: Path, institution_ref: str | None = None, partner_ref: str | None = None,
               project_id: int | None = None, lang: str = "en", bilingual: str = "auto",
               today: dt.date | None = None) -> Path:
    """Write the brief to `output` and return its path. `project_id` wins over the two refs."""
    if lang not in LANGUAGES:
        raise BriefError(f"unknown brief language {lang!r}: use one of {', '.join(LANGUAGES)}")
    if bilingual not in BILINGUAL_CHOICES:
        raise BriefError(f"bilingual must be one of {', '.join(BILINGUAL_CHOICES)}, not {bilingual!r}")
    register_fonts()  # fail early, with the message about the missing font
    today = today or dt.date.today()
    prepared_by = _prepared_by()
    if project_id is not None:
        document = _project_document(store, db_path, project_id, lang, bilingual, today, prepared_by)
    else:
        if not institution_ref or not partner_ref:
            raise BriefError("a brief needs an institution and a partner (or a project)")
        document = _pair_document(store, db_path, institution_ref, partner_ref, lang, bilingual, today, prepared_by)
    from app.brief.layout import render  # reportlab is imported only when a PDF is really made

    data = render(document)
    output = Path(output)
    _write(output, data)
    return output


# ---- one pairing --------------------------------------------------------------------------------

def _pair_document(store, db_path, institution_ref: str, partner_ref: str, lang: str, bilingual: str,
                   today: dt.date, prepared_by: str) -> BriefDocument:
    inst = _institution(store, institution_ref)
    partner = _institution(store, partner_ref)
    if inst.ref == partner.ref:
        raise BriefError(f"the institution and the partner are the same ({inst.ref}): choose two institutions")
    matcher = _matcher(store, db_path)
    match = partner_matches(matcher, inst, [partner]).get(partner.ref)
    labels = Labels(lang, second_language(lang, inst.country, [partner.country], bilingual))
    meta = BriefMeta(today, prepared_by, pair_reference(today, inst.ref, partner.ref))
    brief = build_pair_brief(inst, partner, match, matcher.vocabulary, labels, meta)
    return BriefDocument(labels=labels, title=brief.header.title, author=prepared_by, reference=meta.reference,
                         briefs=[brief])


# ---- a project shortlist ------------------------------------------------------------------------

def _project_document(store, db_path, project_id: int, lang: str, bilingual: str, today: dt.date,
                      prepared_by: str) -> BriefDocument:
    project = store.projects.get(int(project_id))
    if project is None:
        raise BriefError(f"unknown project {project_id}")
    if not project.lead_institution_ref:
        raise BriefError(f"project {project.id} “{project.title}” has no lead institution: set the lead "
                         "institution of the project (it is the side the partners are matched to), then try again")
    lead = _institution(store, project.lead_institution_ref)
    partners: list[tuple[Institution, float | None, str]] = []
    seen = {lead.ref}
    for entry in project.shortlist:
        inst = store.institutions.get(entry.institution_ref)
        if inst is None or inst.ref in seen:
            continue
        seen.add(inst.ref)
        partners.append((inst, entry.score, entry.status))
    if not partners:
        raise BriefError(f"project {project.id} “{project.title}” has no partners on its shortlist: "
                         "add partners from the match results first")
    matcher = _matcher(store, db_path)
    matches = partner_matches(matcher, lead, [p for p, _, _ in partners])

    def current_score(item: tuple[Institution, float | None, str]) -> float:
        m = matches.get(item[0].ref)
        return m.score if m is not None else (item[1] or 0.0) - 1.0  # partners the engine still finds come first

    ranked = sorted(partners, key=lambda it: -current_score(it))
    labels = Labels(lang, second_language(lang, lead.country, [p.country for p, _, _ in ranked], bilingual))
    stamp = today.strftime("%Y%m%d")
    reference = f"QM-P{project.id}-{stamp}"
    cover_rows = [(p, matches[p.ref].score if p.ref in matches else score, status) for p, score, status in ranked]
    cover = build_cover(project.title, project.description, lead, cover_rows, labels,
                        BriefMeta(today, prepared_by, reference))
    briefs = []
    for n, (p, _, _) in enumerate(ranked, 1):
        meta = BriefMeta(today, prepared_by, f"{reference}-{n:02d}", project_title=project.title)
        briefs.append(build_pair_brief(lead, p, matches.get(p.ref), matcher.vocabulary, labels, meta))
    return BriefDocument(labels=labels, title=project.title, author=prepared_by, reference=reference,
                         briefs=briefs, cover=cover)


# ---- helpers ------------------------------------------------------------------------------------

def partner_matches(matcher, inst: Institution, partners: list[Institution]) -> dict[str, Match]:
    """{partner ref: Match} for the partners the engine finds from `inst`'s capabilities; a partner with
    nothing in common is simply absent."""
    if inst.ref not in matcher.inst_index_ or not partners:
        return {}
    countries = sorted({p.country for p in partners if p.country})
    # Restricting the candidates to the partners' types changes no partner's Match (each institution is
    # scored on its own capabilities) but spares building reasons for every other institution.
    types = sorted({p.type for p in partners if p.type})
    found = matcher.match_institution(inst.ref, top=len(matcher.inst_refs_),
                                      filters=MatchFilters(countries=countries or None, types=types))
    wanted = {p.ref for p in partners}
    return {m.institution_ref: m for m in found if m.institution_ref in wanted}


def pair_reference(day: dt.date, a_ref: str, b_ref: str) -> str:
    """QM-20261123-3FA9C1: the date and a short digest of the pair, the same for the same pair that day."""
    digest = hashlib.blake2b(f"{a_ref}|{b_ref}".encode(), digest_size=3).hexdigest().upper()
    return f"QM-{day:%Y%m%d}-{digest}"


def _institution(store, ref: str) -> Institution:
    inst = store.institutions.get(ref)
    if inst is None:
        raise BriefError(f"unknown institution {ref!r}")
    return inst


_last_matcher: dict[str, tuple[int, object]] = {}  # db path → (store revision, matcher): one entry


def _matcher(store, db_path):
    """The service's matcher; the last one is kept for the same database and revision, so a second
    brief in the same process (the GUI, a batch of calls) skips reloading the engine cache."""
    from app.services.matching import get_matcher

    key = str(Path(db_path).resolve()) if db_path and str(db_path) != ":memory:" else ""
    revision = store.revision()
    cached = _last_matcher.get(key)
    if key and cached is not None and cached[0] == revision:
        return cached[1]
    matcher = get_matcher(store, Path(db_path) if db_path else None)
    _last_matcher.clear()
    if key:
        _last_matcher[key] = (revision, matcher)
    return matcher


def _prepared_by() -> str:
    from app.config import Settings

    s = Settings.load()
    return ", ".join(p.strip() for p in (s.officer_name, s.organisation) if p and p.strip())


def _write(output: Path, data: bytes) -> None:
    """Write atomically: a failed or interrupted run never leaves half a PDF where a good one was."""
    if not output.parent.exists():
        raise BriefError(f"cannot write {output}: the folder {output.parent} does not exist")
    tmp = output.with_name(f".{output.name}.{os.getpid()}.part")
    try:
        tmp.write_bytes(data)
        tmp.replace(output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BriefError(f"cannot write {output}: {exc.strerror or exc}") from None

