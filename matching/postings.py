"""Inverted index over a TF-IDF document matrix, split by country, for sparse query scoring.

A query is scored only against the capabilities that share one of its features, and only on the
side it searches (by default the other country): a Chinese text looking for Russian partners never
walks the postings of the Chinese character n-grams that every Chinese capability contains.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


class Postings:
    def __init__(self, X: sp.csr_matrix, group: np.ndarray):
        """`X`: documents × features (rows l2-normalised); `group`: a small integer code per document
        (its country). Each group's block is stored feature-major (features × its documents)."""
        self.n_docs = X.shape[0]
        self.blocks: dict[int, tuple[np.ndarray, sp.csr_matrix]] = {}
        for g in np.unique(group):
            rows = np.flatnonzero(group == g)
            self.blocks[int(g)] = (rows, sp.csr_matrix(X[rows].T))

    def cosine(self, Q: sp.csr_matrix, groups) -> np.ndarray:
        """Dense (queries × all documents) cosine, computed only for documents of `groups`
        (0 elsewhere) and only through the features the queries have."""
        out = np.zeros((Q.shape[0], self.n_docs), dtype=np.float32)
        if Q.nnz == 0:
            return out
        for g in groups:
            block = self.blocks.get(int(g))
            if block is None:
                continue
            rows, M = block
            P = (Q @ M).tocoo()
            out[P.row, rows[P.col]] = P.data
        return out


def row_overlap(Q: sp.csr_matrix, j: int, X: sp.csr_matrix, i: int) -> list[tuple[int, float]]:
    """Features shared by row `j` of `Q` and row `i` of `X`, with the product of their weights,
    largest first (reads the CSR arrays directly: slicing rows out of a large matrix is slow)."""
    qa, qb = Q.indptr[j], Q.indptr[j + 1]
    xa, xb = X.indptr[i], X.indptr[i + 1]
    if qa == qb or xa == xb:
        return []
    cols, iq, ix = np.intersect1d(Q.indices[qa:qb], X.indices[xa:xb], assume_unique=True, return_indices=True)
    w = Q.data[qa:qb][iq] * X.data[xa:xb][ix]
    order = np.argsort(-w, kind="stable")
    return [(int(cols[k]), float(w[k])) for k in order]
