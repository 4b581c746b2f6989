"""Statistical event classifier: character n-grams, one linear model per code, Platt-calibrated.

Trained at start-up from the labelled reports that ship in the package (coding/corpus/reports.jsonl),
deterministically and in well under a second; no pickled model is shipped. Character n-grams (2-5, on
folded text) work across Spanish, English and Portuguese and tolerate inflection and typos.

Each code gets a linear model: ridge regression on +1/-1 targets (a least-squares SVM), solved for all
codes at once in its dual form, which is exact and fast while the corpus has a few thousand reports.
Its scores are calibrated into probabilities by Platt scaling fitted on out-of-fold scores (3 folds),
so "0.8" means that about 80% of such texts carry the code. At prediction time the whole model is one
sparse-dense product and a sigmoid.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

from centinela.coding.ngrams import CharNgramTfidf
from centinela.coding.ontology import CODE_NAMES

#: A code needs at least this many positive (and negative) reports to get a model of its own.
MIN_EXAMPLES = 6
FOLDS = 3
#: Ridge penalty: with L2-normalised rows, 1.0 keeps weights small without washing out rare n-grams.
RIDGE = 1.0


@dataclass(frozen=True, slots=True)
class Report:
    """One labelled training report."""

    text: str
    labels: tuple[str, ...]
    lang: str = ""


def load_reports(lines: Iterable[str]) -> list[Report]:
    """Reports from JSON Lines; lines that are blank, malformed or carry unknown codes are skipped."""
    reports = []
    for line in lines:
        try:
            row = json.loads(line)
            labels = tuple(str(label) for label in row["labels"])
            text = str(row["text"])
        except (ValueError, KeyError, TypeError):
            continue
        if text.strip() and labels and all(label in CODE_NAMES for label in labels):
            reports.append(Report(text, labels, str(row.get("lang", ""))))
    return reports


def packaged_reports() -> list[Report]:
    """The labelled corpus shipped with centinela (empty when it is absent)."""
    corpus = resources.files("centinela.coding").joinpath("corpus", "reports.jsonl")
    if not corpus.is_file():
        return []
    with corpus.open(encoding="utf-8") as handle:
        return load_reports(handle)


class Classifier:
    """Calibrated one-vs-rest linear models over character n-grams. Immutable once trained."""

    def __init__(
        self,
        features: CharNgramTfidf | None,
        codes: tuple[str, ...],
        weights: np.ndarray,
        bias: np.ndarray,
        platt_a: np.ndarray,
        platt_b: np.ndarray,
    ) -> None:
        self._features = features
        self.codes = codes
        self._weights = weights  # (n_features, n_codes)
        self._bias = bias
        self._platt_a = platt_a
        self._platt_b = platt_b

    @classmethod
    def empty(cls) -> Classifier:
        """A classifier that knows no code (no corpus): the coder then relies on its patterns."""
        zero = np.zeros(0)
        return cls(None, (), np.zeros((0, 0)), zero, zero, zero)

    @classmethod
    def train(cls, reports: Sequence[Report]) -> Classifier:
        """Fit on ``reports``; codes with too few examples are left to the patterns."""
        codes = _trainable_codes(reports)
        if not codes:
            return cls.empty()
        features = CharNgramTfidf()
        matrix = features.fit_transform([r.text for r in reports])
        targets = np.array([[1.0 if c in r.labels else -1.0 for c in codes] for r in reports])
        kernel = (matrix @ matrix.T).toarray() + 1.0  # the constant 1 is the intercept's feature
        scores = _out_of_fold_scores(kernel, targets)
        platt_a, platt_b = _platt(scores, targets > 0)
        dual = _ridge_dual(kernel, targets)
        weights = np.asarray(matrix.T @ dual, dtype=np.float32)
        return cls(features, codes, weights, dual.sum(axis=0), platt_a, platt_b)

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities, one row per text and one column per code in ``self.codes``."""
        if self._features is None or not texts:
            return np.zeros((len(texts), len(self.codes)))
        scores = self._features.transform(texts) @ self._weights + self._bias
        return 1.0 / (1.0 + np.exp(-(scores * self._platt_a + self._platt_b)))


def _ridge_dual(kernel: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Dual coefficients of ridge regression on +-1 targets, all codes in one solve (n_reports small)."""
    return np.linalg.solve(kernel + RIDGE * np.eye(len(kernel)), targets)


def _platt(scores: np.ndarray, positive: np.ndarray, steps: int = 30) -> tuple[np.ndarray, np.ndarray]:
    """Platt scaling for every column at once: sigmoid(a * score + b) fitted by Newton's method, with
    Platt's smoothed targets so that a perfectly separated code does not get an infinite slope."""
    n_pos, n_neg = positive.sum(axis=0), (~positive).sum(axis=0)
    target = np.where(positive, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    a, b = np.ones(scores.shape[1]), np.zeros(scores.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(a * scores + b)))
        weight = p * (1 - p) + 1e-9
        residual = p - target
        g_a, g_b = (residual * scores).sum(axis=0), residual.sum(axis=0)
        h_aa, h_ab, h_bb = (
            (weight * scores**2).sum(axis=0) + 1e-6,
            (weight * scores).sum(axis=0),
            weight.sum(axis=0),
        )
        det = h_aa * h_bb - h_ab**2
        a, b = a - (h_bb * g_a - h_ab * g_b) / det, b - (h_aa * g_b - h_ab * g_a) / det
    return a, b


def _out_of_fold_scores(kernel: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Each report's scores from a model that did not see it: what Platt scaling must calibrate."""
    scores = np.zeros_like(targets)
    order = np.random.default_rng(0).permutation(len(kernel))
    for fold_index in range(FOLDS):
        test = order[fold_index::FOLDS]
        train = np.setdiff1d(order, test)
        dual = _ridge_dual(kernel[np.ix_(train, train)], targets[train])
        scores[test] = kernel[np.ix_(test, train)] @ dual
    return scores


def _trainable_codes(reports: Sequence[Report]) -> tuple[str, ...]:
    counts = {code: sum(code in r.labels for r in reports) for code in CODE_NAMES}
    return tuple(c for c in CODE_NAMES if MIN_EXAMPLES <= counts[c] <= len(reports) - MIN_EXAMPLES)
