"""Word classes for the category tagger, learned without labels from the training ads themselves
(engine/learned/categories_text.py reads them as features; runs/train_categories.py computes
them at training time; nothing is fetched).

Each word seen at least LEAST times is described by the words that stand one and two places
before and after it (the CONTEXTS most frequent words, by position), weighted by positive
pointwise mutual information; the descriptions are reduced to DIMS dimensions (truncated SVD)
and grouped into CLASSES classes (k-means on the unit vectors). Words that stand in the same
places (payment apps, hours words, place words) fall in one class, so a word the tagger met in
other combinations than the held-out wording's still brings what its class learned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np
from scipy import sparse

from samaritan.engine.learned.categories_text import _WORD, LexWords, class_table

CLASSES = 256
DIMS = 64
LEAST = 5
CONTEXTS = 2000
OFFSETS = (-2, -1, 1, 2)


def _cooccurrence(docs: list[list[str]], vocab: list[str], contexts: list[str]) -> sparse.csr_matrix:
    index = {w: i for i, w in enumerate(vocab)}
    ctx = {w: i for i, w in enumerate(contexts)}
    rows: list[int] = []
    cols: list[int] = []
    for norms in docs:
        n = len(norms)
        for i, w in enumerate(norms):
            r = index.get(w)
            if r is None:
                continue
            for slot, d in enumerate(OFFSETS):
                c = ctx.get(norms[i + d]) if 0 <= i + d < n else None
                if c is not None:
                    rows.append(r)
                    cols.append(slot * len(contexts) + c)
    shape = (len(vocab), len(OFFSETS) * len(contexts))
    m = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    m.sum_duplicates()
    return m


def _ppmi(m: sparse.csr_matrix) -> sparse.csr_matrix:
    """Positive PMI, the context counts smoothed (power 0.75) so rare contexts do not dominate."""
    total = m.sum()
    word = np.asarray(m.sum(axis=1)).ravel() / total
    ctx = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    ctx = ctx / ctx.sum()
    coo = m.tocoo()
    pmi = np.log(coo.data / total / word[coo.row] / ctx[coo.col])
    keep = pmi > 0
    return sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=m.shape)


def word_classes(docs: Iterable[list[str]], classes: int = CLASSES, seed: int = 0, dims: int = DIMS) -> LexWords | None:
    """The class table of the words of `docs` (each a field's normal forms, as the tagger reads
    it), or None when too few words recur to make `classes` classes. Deterministic for a seed."""
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD

    docs = list(docs)
    counts = Counter(w for norms in docs for w in norms)
    vocab = sorted((w for w, n in counts.items() if n >= LEAST and _WORD.match(w)), key=lambda w: (-counts[w], w))
    if len(vocab) < 2 * max(classes, dims):
        return None
    contexts = sorted(counts, key=lambda w: (-counts[w], w))[:CONTEXTS]
    z = TruncatedSVD(dims, random_state=seed).fit_transform(_ppmi(_cooccurrence(docs, vocab, contexts)))
    z /= np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-9)
    labels = MiniBatchKMeans(classes, random_state=seed, n_init=3, batch_size=2048).fit_predict(z)
    return class_table(vocab, [int(c) for c in labels])
