"""A fitted TF-IDF transform frozen out of scikit-learn's `TfidfVectorizer`.

Fitting uses scikit-learn; matching only needs the vocabulary and IDF weights. Keeping scikit-learn
(and the scipy.stats it drags in, about 1.3 s to import) off the query path is what lets a cold
`qiaomost match` answer quickly. Same maths as TfidfVectorizer(sublinear_tf=True, norm="l2").
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


class FrozenTfidf:
    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray):
        self.vocabulary_ = vocabulary
        self.idf_ = np.asarray(idf, dtype=np.float32)
        self._names: np.ndarray | None = None

    @classmethod
    def fit(cls, docs: list[list[str]], fixed_vocabulary: list[str] | None = None) -> tuple[FrozenTfidf, sp.csr_matrix]:
        from sklearn.feature_extraction.text import TfidfVectorizer

        from .analysis import identity

        vec = TfidfVectorizer(analyzer=identity, sublinear_tf=True, vocabulary=fixed_vocabulary or None,
                              dtype=np.float32)
        X = vec.fit_transform(docs).tocsr()
        return cls(dict(vec.vocabulary_), vec.idf_), X

    def transform(self, docs: list[list[str]]) -> sp.csr_matrix:
        rows, cols, vals = [], [], []
        voc = self.vocabulary_
        for r, tokens in enumerate(docs):
            counts: dict[int, int] = {}
            for t in tokens:
                j = voc.get(t)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            if not counts:
                continue
            js = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
            w = tf * self.idf_[js]
            w /= np.linalg.norm(w) or 1.0
            rows.append(np.full(len(js), r))
            cols.append(js)
            vals.append(w.astype(np.float32))
        shape = (len(docs), len(self.idf_))
        if not rows:
            return sp.csr_matrix(shape, dtype=np.float32)
        return sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=shape)

    def feature_names(self) -> np.ndarray:
        if self._names is None:
            names = np.empty(len(self.vocabulary_), dtype=object)
            for t, j in self.vocabulary_.items():
                names[j] = t
            self._names = names
        return self._names
