"""Complementarity of two capabilities: roles (kinds), institution types, TRL and country.

Each factor lies in (0, 1]; complementarity is their product, and the final score is
relevance × complementarity. All weights are parameters of `ComplementarityRules` (and so of
`Matcher`), with these defaults and this worked example:

    A Chinese enterprise's *need* (no TRL) against a Russian institute's *offer* at TRL 4:
    kind need→offer 1.00 × type enterprise↔research_institute 1.00 × TRL "result 3–6 meets industry" 1.00
    × country CN↔RU 1.00 = 1.00; with topical relevance 0.62 the score is 0.62.
    The same need against another Chinese enterprise's need: kind need→need 0.35 × type 0.85
    × TRL 0.95 × country CN↔CN 0.80 = 0.23; relevance 0.62 → score 0.14.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

KINDS = ("offer", "need", "research")
RESEARCH_TYPES = ("university", "research_institute")
INDUSTRY_TYPES = ("enterprise", "tech_park")
BROKER_TYPES = ("intermediary", "government")
TYPES = RESEARCH_TYPES + INDUSTRY_TYPES + BROKER_TYPES

DEFAULT_KIND_WEIGHTS = {
    # (query kind, partner kind): how well the partner's role completes the query's
    ("need", "offer"): 1.00,
    ("need", "research"): 0.85,
    ("need", "need"): 0.35,
    ("offer", "need"): 1.00,
    ("offer", "research"): 0.70,  # a result meets a research strength: joint R&D
    ("offer", "offer"): 0.55,  # two offers: a result meets industrial capacity (see type factor)
    ("research", "offer"): 0.75,
    ("research", "need"): 0.85,
    ("research", "research"): 0.60,
}


def type_group(t: str | None) -> str:
    """"research" (universities, institutes), "industry" (enterprises, parks) or "broker" (the rest)."""
    if t in RESEARCH_TYPES:
        return "research"
    if t in INDUSTRY_TYPES:
        return "industry"
    return "broker"


DEFAULT_TYPE_WEIGHTS = {
    ("research", "industry"): 1.00,  # a result meets a firm or park that can industrialise it
    ("industry", "research"): 1.00,
    ("research", "research"): 0.90,
    ("industry", "industry"): 0.85,
    ("broker", "research"): 0.90,
    ("broker", "industry"): 0.90,
    ("research", "broker"): 0.85,
    ("industry", "broker"): 0.85,
    ("broker", "broker"): 0.75,
}


@dataclass
class ComplementarityRules:
    kind_weights: dict[tuple[str, str], float] = field(default_factory=lambda: dict(DEFAULT_KIND_WEIGHTS))
    type_weights: dict[tuple[str, str], float] = field(default_factory=lambda: dict(DEFAULT_TYPE_WEIGHTS))
    unknown_kind_weights: dict[str, float] = field(
        default_factory=lambda: {"offer": 1.0, "research": 0.9, "need": 0.75}
    )  # free text whose role we cannot tell
    trl_transfer: float = 1.00  # a result at TRL 3–6 on one side, industry on the other
    trl_neutral: float = 0.95
    trl_both_mature: float = 0.85  # two market-ready products: less to transfer
    same_country: float = 0.80  # when the country filter lets same-country partners through

    def kind_matrix(self) -> np.ndarray:
        """3×4 lookup: rows query kind (offer, need, research), columns partner kind + unknown-query row."""
        m = np.zeros((4, 3))
        for i, qk in enumerate(KINDS):
            for j, pk in enumerate(KINDS):
                m[i, j] = self.kind_weights.get((qk, pk), 0.5)
        for j, pk in enumerate(KINDS):
            m[3, j] = self.unknown_kind_weights.get(pk, 0.8)
        return m

    def type_matrix(self) -> np.ndarray:
        groups = ("research", "industry", "broker")
        m = np.zeros((4, 3))
        for i, a in enumerate(groups):
            for j, b in enumerate(groups):
                m[i, j] = self.type_weights.get((a, b), 0.85)
        m[3, :] = 1.0  # unknown query type (free text): neutral
        return m


def kind_code(kind: str | None) -> int:
    return KINDS.index(kind) if kind in KINDS else 3


def type_group_code(t: str | None) -> int:
    if not t:
        return 3
    return ("research", "industry", "broker").index(type_group(t))


def trl_factor(rules: ComplementarityRules, q_trl: np.ndarray | int, q_group: int,
               p_trl: np.ndarray, p_group: np.ndarray) -> np.ndarray:
    """Vectorised TRL factor; TRL 0 means unknown."""
    q = np.asarray(q_trl)
    out = np.full(p_trl.shape, rules.trl_neutral)
    q_result = (q >= 3) & (q <= 6)
    p_result = (p_trl >= 3) & (p_trl <= 6)
    # query's result at TRL 3–6 meets industry, or an industry query meets a partner's TRL 3–6 result
    transfer = (q_result & (p_group == 1)) | ((q_group == 1) & p_result)
    # a research-side partner result meeting a free-text or industry need
    out = np.where(transfer, rules.trl_transfer, out)
    out = np.where((q >= 7) & (p_trl >= 7), rules.trl_both_mature, out)
    return out


def describe_kinds(q_kind: str | None, p_kind: str) -> str:
    if q_kind == "need" and p_kind == "offer":
        return "complementary roles: the partner offers what is needed"
    if q_kind == "offer" and p_kind == "need":
        return "complementary roles: the partner needs what is offered"
    if q_kind == "need" and p_kind == "research":
        return "complementary roles: the partner has the research strength the need calls for"
    if q_kind == "research" and p_kind == "need":
        return "complementary roles: a research strength meets the partner's need"
    if q_kind == "offer" and p_kind == "research":
        return "joint R&D: a result meets the partner's research strength"
    if q_kind == "research" and p_kind == "offer":
        return "joint R&D: a research strength meets the partner's result"
    if q_kind == "research" and p_kind == "research":
        return "similar research strengths: joint research"
    if q_kind is None:
        return f"partner capability is a {p_kind}"
    return f"same roles ({q_kind} ↔ {p_kind}): weaker complementarity"


TYPE_LABELS = {
    "university": "university", "research_institute": "research institute", "enterprise": "enterprise",
    "tech_park": "technology park", "intermediary": "intermediary", "government": "government body",
}


def describe_types(q_type: str | None, p_type: str) -> str | None:
    if not q_type:
        return None
    a, b = type_group(q_type), type_group(p_type)
    if {a, b} == {"research", "industry"}:
        who = "the partner" if b == "industry" else "this side"
        return (f"{TYPE_LABELS.get(q_type, q_type)} ↔ {TYPE_LABELS.get(p_type, p_type)}: "
                f"{who} can industrialise the research result")
    return None


def describe_trl(q_trl: int | None, q_type: str | None, p_trl: int | None, p_type: str) -> str | None:
    pg = type_group(p_type)
    qg = type_group(q_type) if q_type else None
    if q_trl and 3 <= q_trl <= 6 and pg == "industry":
        return f"TRL {q_trl} result: the partner can take it to pilot production and market"
    if p_trl and 3 <= p_trl <= 6 and (qg == "industry" or q_type is None):
        return f"partner's result at TRL {p_trl}: ready for scale-up with an industrial partner"
    if p_trl and p_trl >= 7:
        return f"partner's technology is mature (TRL {p_trl})"
    return None
