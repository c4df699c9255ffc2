"""What a brief says, built from store records and a `Match`. Pure: no reportlab, no store, no I/O.

One `PairBrief` per proposed pairing (the officer's institution ↔ a partner); a project batch adds a
`Cover` with the ranked shortlist. Every sentence is assembled from the match's `Reason.code`/`data`
and catalogue strings in the brief's language(s), never from the English `Reason.text`.
User-typed text (names, titles, descriptions) is kept verbatim: escaping is the layout's job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.brief.texts import Bi, Labels, format_date, join_list
from app.i18n import catalogue, tr
from matching.complementarity import type_group
from matching.fields import field_label
from matching.types import Capability, Institution, Match, Reason

PROTECTED_IP = ("patented", "patent_pending")
MARKET_MODES = ("licensing", "technology_sale", "joint_venture", "pilot_production", "distribution", "standards")
MAX_SUMMARY_CONCEPTS = 4
MAX_SUGGESTIONS = 5
MAX_OTHER_NAMES = 6
MAX_UNMATCHED_TITLES = 5
MAX_NAME_IN_TEXT = 120  # characters of a name in the header band and in sentences
MAX_HEADER_TEXT = 200

# Vocabulary concept ids (field.slug) that mark nuclear technology, within energy.* only
# ("fusion_protein" is biomed, "reactive_power" is not a reactor).
_NUCLEAR_MARKS = ("nuclear", "reactor", "uranium", "isotope", "fusion", "tokamak", "fuel_rod", "fuel_assembly",
                  "mox_fuel", "nitride_fuel", "thorium", "fuel_cycle", "radioactive", "fuel_fabrication",
                  "accident_tolerant")
_GENETIC_MARKS = ("gene_editing", "genome_editing", "gmo", "transgenic", "crispr", "genetic_resources")


# ---- the content model --------------------------------------------------------------------------

@dataclass
class BriefMeta:
    """Who prepared the brief, when, and its reference number."""

    date: dt.date
    prepared_by: str
    reference: str
    project_title: str = ""


@dataclass
class Header:
    kicker: Bi  # "Partner proposal", or the project's title in a batch
    title: str  # the pairing (or the project) in the primary language
    subtitle: str  # the same in the second language; "" if none or identical
    date: str
    prepared_by: str
    reference: str
    score: float | None = None
    extra: list[tuple[Bi, str]] = field(default_factory=list)  # more label/value cells (a project's lead)


@dataclass
class InstitutionCard:
    ref: str
    names: dict[str, str]  # official name per language zh/ru/en, "" when unknown
    other_names: list[str]
    country: Bi
    type: Bi
    location: str
    website: str
    contacts: list[str]


@dataclass
class CapabilityView:
    """One capability as typed, in its own language, with the spans of shared concepts to highlight."""

    ref: str
    owner: str
    title: str
    description: str
    lang: str
    title_marks: list[tuple[int, int]]
    description_marks: list[tuple[int, int]]
    kind: Bi
    details: list[tuple[Bi, str]]  # (label, value in the primary language)


@dataclass
class CapabilityPair:
    left: CapabilityView | None  # the institution's capability (None for a free-text query)
    right: CapabilityView  # the partner's
    concepts: list[dict[str, str]]  # shared concepts: {"id", "zh", "ru", "en"}
    score: float


@dataclass
class Point:
    """A suggested form of cooperation or a consideration: a short title and one or two sentences."""

    code: str
    title: Bi
    body: Bi


@dataclass
class PairBrief:
    header: Header
    summary: Bi
    facts: Bi
    institution: InstitutionCard
    partner: InstitutionCard
    pairs: list[CapabilityPair]
    no_match: bool
    unmatched: tuple[list[str], list[str]]  # capability titles on record on each side, shown when nothing matched
    cooperation: list[Point]
    considerations: list[Point]
    steps: list[Bi]


@dataclass
class CoverRow:
    rank: int
    ref: str
    name: str
    name2: str  # the partner's name in the second language, "" if none or the same
    country: Bi
    type: Bi
    score: float | None
    status: Bi


@dataclass
class Cover:
    header: Header
    description: str
    rows: list[CoverRow]


@dataclass
class BriefDocument:
    """Everything the layout needs; the PDF's metadata too."""

    labels: Labels
    title: str
    author: str
    reference: str
    briefs: list[PairBrief]
    cover: Cover | None = None


# ---- small helpers ------------------------------------------------------------------------------

def coded_label(prefix: str, code: str | None, lang: str) -> str:
    """A catalogue label such as type.university; the raw code when the catalogue does not know it."""
    if not code:
        return ""
    key = f"{prefix}.{code}"
    return tr(key, lang) if key in catalogue() else code


def name_in(inst: Institution, lang: str) -> str:
    """The official (else short) name in `lang`; "" when the institution has none in that language."""
    for kind in ("official", "short"):
        for n in inst.names:
            if n.kind == kind and (n.lang == lang or (lang == "zh" and n.lang.startswith("zh"))):
                return n.name
    return ""


def clip(text: str, limit: int) -> str:
    """`text` cut at `limit` characters with an ellipsis: for headers and sentences only; the full text
    is printed where the record is shown (a 5 000-character name must not outgrow the header band)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def display_name(inst: Institution, lang: str) -> str:
    """The name to use in a sentence of language `lang`."""
    return clip(name_in(inst, lang) or inst.name, MAX_NAME_IN_TEXT)


def pairing_title(a: Institution, b: Institution, lang: str) -> str:
    return f"{display_name(a, lang)} — {display_name(b, lang)}"


def _merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def concept_marks(vocabulary, text: str, concept_ids: set[str]) -> list[tuple[int, int]]:
    """Spans of `text` where one of the shared concepts occurs (vocabulary.find gives original offsets)."""
    if not text or not concept_ids or vocabulary is None:
        return []
    return _merge_spans((h.start, h.end) for h in vocabulary.find(text) if h.concept_id in concept_ids)


def _found_concepts(vocabulary, caps: Iterable[Capability]) -> set[str]:
    if vocabulary is None:
        return set()
    ids: set[str] = set()
    for c in caps:
        ids |= {h.concept_id for h in vocabulary.find(c.text)}
    return ids


def _reason(match: Match | None, code: str) -> Reason | None:
    if match is None:
        return None
    return next((r for r in match.reasons if r.code == code), None)


# ---- institution cards and capabilities ---------------------------------------------------------

def institution_card(inst: Institution, L: Labels) -> InstitutionCard:
    names = {lang: name_in(inst, lang) for lang in ("zh", "ru", "en")}
    if not any(names.values()):
        names["en"] = inst.name
    shown = set(names.values())
    others = [n for n in inst.all_names() if n not in shown][:MAX_OTHER_NAMES]
    location = ", ".join(dict.fromkeys(p for p in (inst.city, inst.region) if p))
    contacts = []
    for c in inst.contacts:
        head = ", ".join(p for p in (c.person, c.role) if p)
        reach = ", ".join(p for p in (c.email, c.phone) if p)
        contacts.append(" — ".join(p for p in (head, reach) if p))
    return InstitutionCard(
        ref=inst.ref, names=names, other_names=others,
        country=L.each(lambda lang: coded_label("country", inst.country, lang) or "—"),
        type=L.each(lambda lang: coded_label("type", inst.type, lang) or "—"),
        location=location, website=inst.website, contacts=[c for c in contacts if c],
    )


def capability_view(cap: Capability, owner: Institution, concept_ids: set[str], vocabulary, L: Labels) -> CapabilityView:
    lang = L.lang
    details: list[tuple[Bi, str]] = []
    if cap.trl:
        details.append((L("brief.cap.trl"), str(cap.trl)))
    if cap.fields:
        details.append((L("brief.cap.fields"), join_list((field_label(f, lang) for f in cap.fields), lang)))
    if cap.ip_status:
        details.append((L("brief.cap.ip"), coded_label("ip", cap.ip_status, lang)))
    if cap.cooperation:
        details.append((L("brief.cap.cooperation"), join_list((coded_label("coop", m, lang) for m in cap.cooperation), lang)))
    if cap.keywords:
        details.append((L("brief.cap.keywords"), "; ".join(cap.keywords)))
    return CapabilityView(
        ref=cap.ref, owner=display_name(owner, lang), title=cap.title, description=cap.description,
        lang=cap.lang, title_marks=concept_marks(vocabulary, cap.title, concept_ids),
        description_marks=concept_marks(vocabulary, cap.description, concept_ids),
        kind=L.each(lambda lg: coded_label("kind", cap.kind, lg)), details=details,
    )


# ---- the summary: two or three sentences from the reasons ----------------------------------------

def _concept_terms(match: Match | None) -> list[dict[str, str]]:
    r = _reason(match, "concepts")
    if r and r.data.get("concepts"):
        return list(r.data["concepts"])
    if match and match.capability_matches:
        return [{"id": c.id, **c.terms} for c in match.capability_matches[0].shared_concepts]
    return []


def _topic_sentence(match: Match | None, a: Institution, b: Institution, lang: str) -> str:
    concepts = _concept_terms(match)
    if concepts:
        names = list(dict.fromkeys(c.get(lang) or c.get("en") or c.get("id", "") for c in concepts))
        return tr("brief.sum.concepts", lang, concepts=join_list(names[:MAX_SUMMARY_CONCEPTS], lang))
    terms = _reason(match, "terms")
    if terms and terms.data.get("terms"):
        return tr("brief.sum.terms", lang, terms=join_list(terms.data["terms"][:MAX_SUMMARY_CONCEPTS], lang))
    if match is not None and match.capability_matches:  # matched on the field profile alone
        r = _reason(match, "field")
        if r is not None and r.data.get("field"):
            return tr("brief.sum.field", lang, field=field_label(r.data["field"], lang))
        return tr("brief.sum.related", lang, a=display_name(a, lang), b=display_name(b, lang))
    return tr("brief.sum.none", lang, a=display_name(a, lang), b=display_name(b, lang))


def _roles_sentence(match: Match | None, a: Institution, b: Institution, lang: str) -> str:
    r = _reason(match, "kinds")
    if r is None:
        return ""
    qk, pk = r.data.get("query_kind"), r.data.get("partner_kind")
    key = f"brief.sum.kinds.{qk}_{pk}"
    if key not in catalogue():
        key = "brief.sum.kinds.same" if qk == pk else "brief.sum.kinds.other"
    return tr(key, lang, a=display_name(a, lang), b=display_name(b, lang),
              kind=coded_label("kind", pk, lang))


def _stage_sentence(match: Match | None, a: Institution, b: Institution, lang: str) -> str:
    """TRL first (it says who takes the result further); else who industrialises, from the types."""
    an, bn = display_name(a, lang), display_name(b, lang)
    r = _reason(match, "trl")
    if r is not None:
        q_trl, p_trl = r.data.get("query_trl"), r.data.get("partner_trl")
        if q_trl and 3 <= q_trl <= 6 and type_group(b.type) == "industry":
            return tr("brief.sum.trl.own_result", lang, a=an, b=bn, trl=q_trl)
        if p_trl and 3 <= p_trl <= 6:
            return tr("brief.sum.trl.partner_result", lang, b=bn, trl=p_trl)
        if p_trl and p_trl >= 7:
            return tr("brief.sum.trl.partner_mature", lang, b=bn, trl=p_trl)
    r = _reason(match, "types")
    if r is not None and {type_group(a.type), type_group(b.type)} == {"research", "industry"}:
        maker, lab = (b, a) if type_group(b.type) == "industry" else (a, b)
        return tr("brief.sum.types", lang, maker=display_name(maker, lang),
                  maker_type=coded_label("type", maker.type, lang), lab=display_name(lab, lang),
                  lab_type=coded_label("type", lab.type, lang))
    return ""


def summary_text(match: Match | None, a: Institution, b: Institution, lang: str) -> str:
    parts = [_topic_sentence(match, a, b, lang)]
    if match is not None and match.capability_matches:
        parts += [_roles_sentence(match, a, b, lang), _stage_sentence(match, a, b, lang)]
    sep = "" if lang == "zh" else " "
    return sep.join(p for p in parts if p)


def facts_text(match: Match | None, lang: str) -> str:
    """Score · field · number of capability pairs: the figures behind the summary."""
    if match is None or not match.capability_matches:
        return ""
    parts = [tr("brief.facts.score", lang, score=f"{match.score:.2f}")]
    r = _reason(match, "field")
    if r is not None and r.data.get("field"):
        parts.append(tr("brief.facts.field", lang, field=field_label(r.data["field"], lang)))
    parts.append(tr("brief.facts.pairs", lang, count=len(match.capability_matches)))
    return " · ".join(parts)


# ---- suggested forms of cooperation -------------------------------------------------------------

def suggest_cooperation(a: Institution, b: Institution, pairs: list[tuple[Capability | None, Capability]]
                        ) -> list[tuple[str, str, dict[str, str]]]:
    """(mode, reason code, format args) best first, from the kinds, types and TRL of the best pair, the
    institution types on both sides and the modes the capabilities themselves ask for."""
    scores: dict[str, float] = {}
    why: dict[str, tuple[float, str, dict[str, str]]] = {}

    def add(mode: str, weight: float, reason: str, **args: str) -> None:
        scores[mode] = scores.get(mode, 0.0) + weight
        if mode not in why or weight > why[mode][0]:
            why[mode] = (weight, reason, args)

    ga, gb = type_group(a.type), type_group(b.type)
    if pairs:
        qa, pb = pairs[0]
        qk = qa.kind if qa else None
        pk = pb.kind
        roles = {qk, pk}
        if roles == {"need", "offer"}:
            offer = pb if pk == "offer" else qa
            offer_group = gb if pk == "offer" else ga
            need_group = ga if pk == "offer" else gb
            if offer and offer.trl and offer.trl >= 7:
                add("licensing", 3.0, "mature")
                add("technology_sale", 2.0, "mature")
            else:
                add("joint_rnd", 2.5, "adapt")
                add("licensing", 2.0, "license_later")
            if offer_group == "research" and need_group == "industry":
                add("pilot_production", 2.0, "scale_up")
            if offer_group == need_group == "industry":
                add("joint_venture", 1.5, "market")
        elif roles == {"research", "need"}:
            add("contract_research", 2.5, "contract")
            add("joint_rnd", 2.0, "adapt")
        elif roles == {"research"}:
            add("joint_rnd", 3.0, "research_both")
            add("joint_lab", 2.5, "lab")
            add("talent_exchange", 1.5, "people")
        elif roles == {"offer", "research"}:
            add("joint_rnd", 3.0, "result_research")
            add("joint_lab", 1.5, "lab")
        else:  # the same role on both sides: overlap rather than complement
            add("joint_rnd", 1.0, "overlap")
        trls = [c.trl for c in (qa, pb) if c and c.trl]
        if {ga, gb} == {"research", "industry"}:
            lab_cap = qa if ga == "research" else pb
            if lab_cap and lab_cap.trl and 3 <= lab_cap.trl <= 6:
                add("pilot_production", 2.0, "scale_up")
            add("joint_venture", 1.0, "industrialise")
        if ga == gb == "industry":
            add("joint_venture", 1.5, "market")
            add("distribution", 1.0, "market")
        if trls and max(trls) >= 7 and "industry" in (ga, gb) and a.country != b.country:
            add("standards", 1.5, "standards")
        for cap, owner in ((qa, a), (pb, b)):
            if cap is None:
                continue
            for mode in cap.cooperation:
                add(mode, 1.5, "declared", who=owner.ref, title=cap.title)
    if "tech_park" in (a.type, b.type):
        add("co_location", 2.0, "park")
    if "university" in (a.type, b.type):
        add("talent_exchange", 1.0, "people")
        add("joint_education", 0.8, "education")
    if not scores:
        add("joint_rnd", 1.0, "explore")
        add("talent_exchange", 0.5, "people")
    order = sorted(scores, key=lambda m: (-scores[m], m))[:MAX_SUGGESTIONS]
    return [(m, why[m][1], why[m][2]) for m in order]


def cooperation_points(a: Institution, b: Institution, pairs, L: Labels) -> list[Point]:
    names = {a.ref: a, b.ref: b}
    points = []
    for mode, reason, args in suggest_cooperation(a, b, pairs):
        def body(lang: str, reason=reason, args=args) -> str:
            if reason == "declared":
                return tr("brief.coopwhy.declared", lang, who=display_name(names[args["who"]], lang), title=args["title"])
            return tr(f"brief.coopwhy.{reason}", lang, a=display_name(a, lang), b=display_name(b, lang))
        points.append(Point(mode, L.each(lambda lang, mode=mode: coded_label("coop", mode, lang)), L.each(body)))
    return points


# ---- considerations that apply ------------------------------------------------------------------

def sensitive_topics(fields: set[str], concept_ids: set[str]) -> list[str]:
    """Dual-use / export-control topics of the pairing, in a fixed order."""
    topics = []
    if any(c.startswith("energy.") and any(m in c for m in _NUCLEAR_MARKS) for c in concept_ids):
        topics.append("nuclear")
    if "aerospace" in fields or any(c.startswith("aerospace.") for c in concept_ids):
        topics.append("aerospace")
    if "ict" in fields:
        topics.append("ict")
    if "biomed" in fields or any(c.startswith("biomed.") for c in concept_ids):
        topics.append("biotech")
    if "equipment" in fields or any("laser" in c for c in concept_ids):
        topics.append("lasers")
    return topics


def considerations(a: Institution, b: Institution, caps: list[Capability], concept_ids: set[str], L: Labels
                   ) -> list[Point]:
    cross_border = a.country != b.country
    fields = {f for c in caps for f in c.fields}
    points: list[Point] = []
    ip = {c.ip_status for c in caps if c.ip_status}
    if cross_border or ip & {*PROTECTED_IP, "know_how"}:
        def ip_body(lang: str) -> str:
            parts = [tr("brief.cons.ip.body" if cross_border else "brief.cons.ip.domestic", lang)]
            if ip & set(PROTECTED_IP):
                parts.append(tr("brief.cons.ip.patent", lang))
            if "know_how" in ip:
                parts.append(tr("brief.cons.ip.know_how", lang))
            return ("" if lang == "zh" else " ").join(parts)
        points.append(Point("ip", L("brief.cons.ip.title"), L.each(ip_body)))
    topics = sensitive_topics(fields, concept_ids)
    if topics:
        points.append(Point("dual_use", L("brief.cons.dual_use.title"), L.each(
            lambda lang: tr("brief.cons.dual_use.body", lang,
                            topics=join_list((tr(f"brief.topic.{t}", lang) for t in topics), lang)))))
    modes = {m for c in caps for m in c.cooperation}
    market = (any(type_group(x.type) == "industry" for x in (a, b)) or any((c.trl or 0) >= 6 for c in caps)
              or modes & set(MARKET_MODES))
    if cross_border and {a.country, b.country} <= {"CN", "RU"} and caps and market:
        points.append(Point("standards", L("brief.cons.standards.title"), L("brief.cons.standards.body")))
    elif cross_border and caps and market:
        points.append(Point("standards", L("brief.cons.standards.title"), L("brief.cons.standards.other")))
    genetic = any(any(m in c for m in _GENETIC_MARKS) for c in concept_ids)
    if "biomed" in fields or any(c.startswith("biomed.") for c in concept_ids) or genetic:
        points.append(Point("biosafety", L("brief.cons.biosafety.title"), L("brief.cons.biosafety.body")))
    return points


STEP_KEYS = ("brief.step.confirm", "brief.step.nda", "brief.step.meeting", "brief.step.checks",
             "brief.step.form", "brief.step.funding")


def next_steps(L: Labels, with_checks: bool) -> list[Bi]:
    return [L(k) for k in STEP_KEYS if with_checks or k != "brief.step.checks"]


# ---- assembling one brief -----------------------------------------------------------------------

def build_pair_brief(inst: Institution, partner: Institution, match: Match | None, vocabulary, L: Labels,
                     meta: BriefMeta) -> PairBrief:
    """The brief for `inst` ↔ `partner`; `match` is the partner's Match from inst's point of view, or
    None when the engine found nothing in common."""
    if match is not None and not match.capability_matches:
        match = None
    caps = {c.ref: (c, inst) for c in inst.capabilities}
    caps.update({c.ref: (c, partner) for c in partner.capabilities})
    views: list[CapabilityPair] = []
    raw_pairs: list[tuple[Capability | None, Capability]] = []
    for cm in match.capability_matches if match else []:
        right = caps.get(cm.capability_ref)
        if right is None:
            continue
        left = caps.get(cm.query_ref) if cm.query_ref else None
        ids = {c.id for c in cm.shared_concepts}
        views.append(CapabilityPair(
            left=capability_view(left[0], left[1], ids, vocabulary, L) if left else None,
            right=capability_view(right[0], right[1], ids, vocabulary, L),
            concepts=[{"id": c.id, **c.terms} for c in cm.shared_concepts], score=cm.score,
        ))
        raw_pairs.append((left[0] if left else None, right[0]))
    matched_caps = [c for pair in raw_pairs for c in pair if c is not None]
    found = _found_concepts(vocabulary, matched_caps) | {c["id"] for p in views for c in p.concepts}
    cons = considerations(inst, partner, matched_caps, found, L)
    no_match = not views

    def title(lang: str) -> str:
        return pairing_title(inst, partner, lang)

    kicker = (Bi(meta.project_title) if meta.project_title else L("brief.kicker.pair"))
    t = L.each(title)
    header = Header(kicker=Bi(clip(kicker.primary, MAX_HEADER_TEXT), kicker.secondary), title=t.primary,
                    subtitle=t.secondary, date=format_date(meta.date, L.lang),
                    prepared_by=clip(meta.prepared_by, MAX_HEADER_TEXT), reference=meta.reference,
                    score=match.score if match else None)
    unmatched = ([c.title for c in inst.capabilities[:MAX_UNMATCHED_TITLES]],
                 [c.title for c in partner.capabilities[:MAX_UNMATCHED_TITLES]]) if no_match else ([], [])
    return PairBrief(
        header=header,
        summary=L.each(lambda lang: summary_text(match, inst, partner, lang)),
        facts=L.each(lambda lang: facts_text(match, lang)),
        institution=institution_card(inst, L), partner=institution_card(partner, L),
        pairs=views, no_match=no_match, unmatched=unmatched,
        cooperation=cooperation_points(inst, partner, raw_pairs, L),
        considerations=cons, steps=next_steps(L, bool(cons)),
    )


def build_cover(title: str, description: str, lead: Institution, ranked: list[tuple[Institution, float | None, str]],
                L: Labels, meta: BriefMeta) -> Cover:
    """The first page of a project batch: the project and its partners, best first."""
    lead_name = display_name(lead, L.lang)
    header = Header(kicker=L("brief.kicker.project"), title=clip(title, MAX_HEADER_TEXT), subtitle="",
                    date=format_date(meta.date, L.lang), prepared_by=clip(meta.prepared_by, MAX_HEADER_TEXT),
                    reference=meta.reference, extra=[(L("brief.cover.lead"), lead_name)])
    rows = []
    for rank, (p, score, status) in enumerate(ranked, 1):
        name = display_name(p, L.lang)
        name2 = display_name(p, L.lang2) if L.lang2 else ""
        rows.append(CoverRow(
            rank=rank, ref=p.ref, name=name, name2="" if name2 == name else name2,
            country=L.each(lambda lang, p=p: coded_label("country", p.country, lang) or "—"),
            type=L.each(lambda lang, p=p: coded_label("type", p.type, lang) or "—"),
            score=score, status=L.each(lambda lang, s=status: coded_label("status", s, lang) or "—"),
        ))
    return Cover(header=header, description=description, rows=rows)
