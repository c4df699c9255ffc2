"""From per-capability scores to the best institutions, without a Python loop over every candidate.

An institution scores its best capability plus `bonus` × its next best `per_group - 1` (capped at 1).
Its score therefore lies between its best capability's score `b` and `b · (1 + (per_group-1)·bonus)`,
so only institutions whose upper bound reaches the `top`-th best lower bound can be in the top:
those few are scored exactly, the rest are never looked at one by one.
"""

from __future__ import annotations

import numpy as np


def top_groups(score: np.ndarray, group: np.ndarray, top: int, bonus: float,
               per_group: int = 3) -> list[tuple[float, int, np.ndarray]]:
    """`score`: one value per item (≤ 0 = no match); `group`: each item's group (institution), in
    non-decreasing order. Returns (group score, group, item positions best first, at most
    `per_group`) for every group that can be among the best `top`, unordered: the caller sorts and
    breaks ties."""
    pos = np.flatnonzero(score > 0)
    if pos.size == 0 or top <= 0:
        return []
    s = score[pos]
    g = group[pos]
    if np.any(g[1:] < g[:-1]):
        raise ValueError("items must be grouped: group ids in non-decreasing order")
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    ends = np.r_[starts[1:], pos.size]
    best = np.maximum.reduceat(s, starts)
    k = min(top, best.size)
    kth = np.partition(best, best.size - k)[best.size - k]
    upper = np.minimum(1.0, best * (1.0 + (per_group - 1) * bonus))
    out = []
    for gi in np.flatnonzero(upper >= kth):
        a, b = starts[gi], ends[gi]
        order = np.argsort(-s[a:b], kind="stable")[:per_group]
        total = min(1.0, float(s[a + order[0]]) + bonus * float(s[a + order[1:]].sum()))
        out.append((total, int(g[a]), pos[a + order]))
    return out
