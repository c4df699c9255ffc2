"""Render match reasons in the reader's language from `Reason.code` / `Reason.data` (never from the
engine's English `text`, which is only the fallback for codes this version does not know).

Qt-free: the window passes its UiTexts, the command line an app.i18n.Translator (both are CodeLabels)."""

from __future__ import annotations

from html import escape

from app.i18n import CodeLabels
from matching.complementarity import type_group
from matching.types import Reason

LANG_ORDER = ("zh", "ru", "en")


def concept_label(concept: dict, lang: str) -> tuple[str, list[str]]:
    """(term in the UI language, the other languages' terms) for one shared concept."""
    main = concept.get(lang) or concept.get("en") or concept.get("id", "")
    others = [concept[k] for k in LANG_ORDER if k != lang and concept.get(k) and concept[k] != main]
    return main, others


def render_reason(t: CodeLabels, r: Reason, *, partner_type: str = "", capability_title: str = "",
                  capability_kind: str = "", capability_trl: int | None = None,
                  html: bool = True) -> str:
    d = r.data or {}
    e = escape if html else (lambda s: s)
    if r.code == "concepts":
        parts = []
        for c in d.get("concepts", []):
            main, others = concept_label(c, t.lang)
            if html:
                extra = f" <span style='color:#666'>({escape(' · '.join(others))})</span>" if others else ""
                parts.append(f"<b>{escape(main)}</b>{extra}")
            else:
                parts.append(main + (f" ({' · '.join(others)})" if others else ""))
        return t("gui.reason.concepts", items="; ".join(parts))
    if r.code == "terms":
        return t("gui.reason.terms", items=e(", ".join(d.get("terms", []))))
    if r.code == "capability":
        trl = capability_trl
        desc = f"«{e(capability_title)}»" if capability_title else e(d.get("capability_ref", ""))
        if capability_kind:
            desc += f" ({t.kind_label(capability_kind)}{', TRL ' + str(trl) if trl else ''})"
        return t("gui.reason.capability", capability=desc)
    if r.code == "kinds":
        q, p = d.get("query_kind"), d.get("partner_kind")
        if q is None:
            return t("gui.reason.kinds.partner_is", kind=t.kind_label(p or ""))
        key = f"gui.reason.kinds.{q}_{p}"
        text = t(key)
        if text == key:
            return t("gui.reason.kinds.same", query=t.kind_label(q), partner=t.kind_label(p or ""))
        return text
    if r.code == "types":
        q, p = d.get("query_type"), d.get("partner_type")
        who = "gui.reason.types.partner" if type_group(p) == "industry" else "gui.reason.types.self"
        return t("gui.reason.types", query=t.type_label(q or ""), partner=t.type_label(p or ""), who=t(who))
    if r.code == "trl":
        q, p = d.get("query_trl"), d.get("partner_trl")
        if q and 3 <= q <= 6 and type_group(partner_type) == "industry":
            return t("gui.reason.trl.query_result", trl=q)
        if p and 3 <= p <= 6:
            return t("gui.reason.trl.partner_result", trl=p)
        if p and p >= 7:
            return t("gui.reason.trl.mature", trl=p)
        return e(r.text)
    if r.code == "field":
        return t("gui.reason.field", field=t.field_label(d.get("field", "")))
    if r.code == "breadth":
        return t("gui.reason.breadth", count=d.get("count", 0))
    return e(r.text)


_CONTEXT = ("partner_type", "capability_title", "capability_kind", "capability_trl")


def reason_record(r: Reason, **context) -> dict:
    """A reason as kept on a shortlist: its code and data, so it is shown in whatever language the user
    reads it in later, the engine's English text as the fallback, and the context render_reason needs."""
    return {"code": r.code, "text": r.text, "data": r.data or {},
            **{k: v for k, v in context.items() if k in _CONTEXT and v not in (None, "")}}


def stored_reason_text(t: CodeLabels, item) -> str:
    """Plain text of a stored shortlist reason (a reason_record, or a string from older databases or files)."""
    if not isinstance(item, dict):
        return str(item)
    r = Reason(str(item.get("code", "")), str(item.get("text", "")), item.get("data") or {})
    return render_reason(t, r, html=False, **{k: item[k] for k in _CONTEXT if k in item})
