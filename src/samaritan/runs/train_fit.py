"""The fitting half of `samaritan train`: a linear model per label on hashed features, out-of-fold
scores by group k-fold (pooled over repeats), and isotonic calibration curves."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from samaritan.engine.learned.features import COMMERCIAL_ONLY, DIM, _h
from samaritan.engine.learned.model import LABELS


class TrainError(ValueError):
    pass


@dataclass(slots=True)
class Dataset:
    X: sparse.csr_matrix
    Y: np.ndarray  # (n, labels) 0/1
    groups: list[str]
    prior: np.ndarray  # the lexicon's commercial evidence per ad (AdFeatures.prior)
    sections: list[str] = field(default_factory=list)
    # Youth evidence (a youth hit, a stated age under 20): where the stage may raise minor risk.
    youth: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    # The rules' own trafficking risk per ad (rules_reading.rules_trafficking), which the stage labels with.
    rules_trafficking: np.ndarray = field(default_factory=lambda: np.zeros(0))
    # Whether the lexicon read anything in the ad or it lists a phone or link, and for a short ad
    # its commercial or structural reading (learned/alone.py):
    # the policy may require it for a label from the model alone (text_only_needs_evidence).
    lexicon: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    def subset(self, rows: np.ndarray) -> Dataset:
        """The ads at `rows`, in that order."""
        take = rows.tolist()
        return Dataset(
            self.X[rows], self.Y[rows], [self.groups[i] for i in take], self.prior[rows],
            [self.sections[i] for i in take] if self.sections else [], self.youth[rows],
            self.rules_trafficking[rows], self.lexicon[rows],
        )  # fmt: skip


# The weight of the lexicon's commercial evidence in the commercial_sex score, per learner, chosen
# on the real dev halves against the held-out families: larger finds more escort ads and flags more.
RULE_PRIOR = {"lbfgs": (3.0, 0.0, 0.0), "sgd": (0.0, 0.0, 0.0)}
# Character n-grams are fitted on columns scaled by this, then their weights are scaled by it too,
# so the model applies to the features as screening computes them. The same L2 penalty then binds
# them 1/CHAR_SCALE**2 as hard: character grams carry respellings and fragments that generalise to
# wordings no training family used (held-out families: commercial recall +1.6 points at 2.0; real
# dating and escort ads unchanged; 3.0 lost an escort ad).
CHAR_SCALE = 2.0


def scaled_chars(X: sparse.csr_matrix, scale: float) -> sparse.csr_matrix:
    if scale == 1.0:
        return X
    X = X.copy()
    X.data[X.indices >= DIM] *= scale
    return X


def label_views(X: sparse.csr_matrix) -> list[sparse.csr_matrix]:
    """Per label, the matrix its weights are fit on: features.COMMERCIAL_ONLY's columns hidden
    from every label but commercial_sex (their weights there stay zero). One copy of the values
    only, shared by the other labels."""
    hidden = np.isin(X.indices, [_h(name) for name in COMMERCIAL_ONLY])
    if not hidden.any():
        return [X] * len(LABELS)
    data = X.data.copy()
    data[hidden] = 0.0
    masked = sparse.csr_matrix((data, X.indices, X.indptr), shape=X.shape)
    return [X if label == "commercial_sex" else masked for label in LABELS]


def fit_logistic(X: sparse.csr_matrix, y: np.ndarray, offset: np.ndarray, alpha: float = 1e-5, iters: int = 200):
    """L2-regularised logistic regression with a fixed per-ad offset (the rule prior), fit with
    scipy's L-BFGS. scikit-learn's linear models take no offset; this is their loss, nothing more."""
    from scipy.optimize import minimize
    from scipy.special import expit

    n, dim = X.shape
    signs = 2.0 * y - 1.0
    # Only the hashed columns some ad uses: the others have zero gradient, stay at zero and
    # would only make every L-BFGS step walk the whole hashed space. In float64 once: a float32
    # matrix times a float64 vector is upcast again on every product (8x slower per step).
    used = np.unique(X.indices)
    X = X[:, used].astype(np.float64)
    XT = X.T  # a view (CSC), not a copy: at 100k ads a transposed copy was 1.8 GB more

    def loss(wb: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = wb[:-1], wb[-1]
        margin = signs * (X @ w + b + offset)
        g = -signs * expit(-margin) / n
        value = np.logaddexp(0.0, -margin).sum() / n + 0.5 * alpha * (w @ w)
        return value, np.append(XT @ g + alpha * w, g.sum())

    start = np.zeros(X.shape[1] + 1)
    result = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": iters})
    w = np.zeros(dim, dtype=np.float32)
    w[used] = result.x[:-1]
    return w, float(result.x[-1])


def _fit(X, y, learner: str, seed: int, offset: np.ndarray, char_scale: float = 1.0) -> tuple[np.ndarray, float]:
    """Weights and bias for one label. X's character columns come multiplied by `char_scale`
    (scaled_chars, see CHAR_SCALE); the weights returned apply to features as screening makes them."""
    if y.min() == y.max():  # one class only: a constant model
        return np.zeros(X.shape[1], dtype=np.float32), (8.0 if y[0] else -8.0)
    w, b = _fit_scaled(X, y, learner, seed, offset)
    if char_scale != 1.0:
        w = w.copy()
        w[DIM:] *= np.float32(char_scale)
    return w, b


def _fit_scaled(X, y, learner: str, seed: int, offset: np.ndarray) -> tuple[np.ndarray, float]:
    if learner == "lbfgs" and offset.any():
        return fit_logistic(X, y.astype(np.float64), offset)
    if learner in ("lbfgs", "sgd"):
        # Labels without a prior: SGD on the same loss is several times faster and as good.
        from sklearn.linear_model import SGDClassifier

        model = SGDClassifier(loss="log_loss", alpha=2e-6, max_iter=15, tol=None, random_state=seed, average=True)
        model.fit(X, y)
        return model.coef_.ravel().astype(np.float32), float(model.intercept_[0])
    raise TrainError(f"unknown learner {learner!r} (lbfgs, sgd)")


def calibration_curve(
    raw: np.ndarray, y: np.ndarray, points: int = 64, weight: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Isotonic fit of y on raw scores (each ad counted `weight` times), kept as at most `points`
    knots for np.interp."""
    from sklearn.isotonic import IsotonicRegression

    if len(y) == 0 or y.min() == y.max():  # one class (or no ad): a flat curve
        return np.array([-1e3, 1e3]), np.full(2, float(y[0]) if len(y) else 0.0)
    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(raw, y, sample_weight=weight)
    x, p = iso.X_thresholds_, iso.y_thresholds_
    if len(x) > points:
        keep = np.unique(np.linspace(0, len(x) - 1, points).round().astype(int))
        x, p = x[keep], p[keep]
    if len(x) < 2:
        x, p = np.array([x[0] - 1, x[0] + 1]), np.array([p[0], p[0]])
    return np.asarray(x, dtype=np.float64), np.maximum.accumulate(np.asarray(p, dtype=np.float64))


def share_weights(positive: np.ndarray, among: np.ndarray, share: float) -> np.ndarray:
    """Per ad, the weight that makes `positive` ads `share` of the `among` ads (positives are among
    them): the generator writes as many trafficking ads as commercial-only ones, so a trafficking
    curve fitted as labelled reads half of all commercial-looking ads as trafficking. Weighed to a
    stated share, a score means what it would among ads as a platform sees them."""
    pos, rest = int(positive.sum()), int((among & ~positive).sum())
    if not 0.0 < share < 1.0 or not pos or not rest:
        return np.ones(len(positive))
    return np.where(positive, (share / (1.0 - share)) / (pos / rest), 1.0)


def group_splits(groups: list[str], folds: int, seed: int, repeats: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Train/test index pairs of group k-fold. One repeat: scikit-learn's GroupKFold (balanced
    sizes). Several: each repeat deals the groups at random (by `seed` and the repeat) into
    `folds` folds, so no single group decides which half an unseen family meets."""
    from sklearn.model_selection import GroupKFold

    n_groups = len(set(groups))
    k = max(2, min(folds, n_groups))
    if repeats <= 1:
        return list(GroupKFold(n_splits=k).split(np.zeros(len(groups)), groups=groups))
    names = np.asarray(sorted(set(groups)))
    of = {g: i for i, g in enumerate(names)}
    index = np.asarray([of[g] for g in groups])
    out = []
    for r in range(repeats):
        order = np.random.default_rng(seed + 7919 * r).permutation(len(names))
        fold_of = np.empty(len(names), dtype=np.int64)
        fold_of[order] = np.arange(len(names)) % k
        fold = fold_of[index]
        out += [(np.flatnonzero(fold != f), np.flatnonzero(fold == f)) for f in range(k)]
    return out


def out_of_fold(
    data: Dataset, learner: str, folds: int, seed: int, repeats: int = 1, char_scale: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold raw scores, pooled over `repeats` (each ad once per repeat), and the ad each
    row belongs to. Calibration fits on the pool: with two halves of a few dozen families, one
    split alone puts a whole family on one side of the curve's steps."""
    raw, rows = [], []
    views = label_views(scaled_chars(data.X, char_scale))
    for train_idx, test_idx in group_splits(data.groups, folds, seed, repeats):
        part = np.zeros((len(test_idx), len(LABELS)), dtype=np.float64)
        for j in range(len(LABELS)):
            offset = RULE_PRIOR[learner][j] * data.prior
            w, b = _fit(views[j][train_idx], data.Y[train_idx, j], learner, seed, offset[train_idx], char_scale)
            part[:, j] = data.X[test_idx] @ w + b + offset[test_idx]
        raw.append(part)
        rows.append(test_idx)
    return np.vstack(raw), np.concatenate(rows)
