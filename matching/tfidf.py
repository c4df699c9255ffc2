"""TF-IDF spaces: counts gathered document by document, weights fitted by scikit-learn, then frozen.

`CountBuilder` turns each analysed document into integer counts as soon as it is analysed, so fitting
never holds the token strings of the whole corpus (at 100k capabilities that was over a gigabyte of
small Python strings). scikit-learn's `TfidfTransformer` fits the IDF weights on those counts; matching
then only needs the vocabulary and the weights, and `FrozenTfidf.transform` applies them without
importing scikit-learn (and the scipy.stats it drags in, about 1.3 s), which is what lets a cold
`qiaomost match` answer quickly. Same maths as TfidfVectorizer(sublinear_tf=True, norm="l2").
"""

from __future__ import annotations

from array import array
from collections import Counter

import numpy as np
import scipy.sparse as sp


class CountBuilder:
    """Term counts of a growing list of documents, as CSR arrays. With `fixed_vocabulary`, tokens
    outside it are ignored; otherwise every new token gets the next column."""

    def __init__(self, fixed_vocabulary: list[str] | None = None):
        self.vocabulary: dict[str, int] = {t: j for j, t in enumerate(fixed_vocabulary or [])}
        self._grow = fixed_vocabulary is None
        self._indptr = array("q", [0])
        self._indices = array("i")
        self._counts = array("f")

    def add(self, tokens: list[str]) -> None:
        voc = self.vocabulary
        for t, n in Counter(tokens).items():
            j = voc.get(t)
            if j is None:
                if not self._grow:
                    continue
                j = voc[t] = len(voc)
            self._indices.append(j)
            self._counts.append(n)
        self._indptr.append(len(self._indices))

    def __len__(self) -> int:
        return len(self._indptr) - 1

    def matrix(self) -> sp.csr_matrix:
        shape = (len(self), max(1, len(self.vocabulary)))
        return sp.csr_matrix((np.frombuffer(self._counts, dtype=np.float32),
                              np.frombuffer(self._indices, dtype=np.int32),
                              np.frombuffer(self._indptr, dtype=np.int64)), shape=shape)


class FrozenTfidf:
    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray):
        self.vocabulary_ = vocabulary
        self.idf_ = np.asarray(idf, dtype=np.float32)
        self._names: np.ndarray | None = None

    @classmethod
    def fit(cls, counts: CountBuilder) -> tuple[FrozenTfidf, sp.csr_matrix]:
        """IDF weights and the weighted, l2-normalised document matrix (float32 CSR) from raw counts."""
        from sklearn.feature_extraction.text import TfidfTransformer

        tfidf = TfidfTransformer(sublinear_tf=True)
        X = tfidf.fit_transform(counts.matrix())
        return cls(dict(counts.vocabulary), tfidf.idf_), sp.csr_matrix(X, dtype=np.float32)

    def __getstate__(self) -> dict:
        return {"vocabulary_": self.vocabulary_, "idf_": self.idf_, "_names": None}

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
