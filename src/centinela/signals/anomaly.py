"""Surprising counts against a country's own history: a negative binomial over a trailing baseline.

For each day and series (an event code, deaths of a family, coordinated stories...) the expected count
is the trailing baseline's rate (a Gamma prior keeps an empty history from making every event
surprising), times a weekday factor (a Monday is judged against past Mondays: newsrooms and protests
keep a weekly rhythm), with a negative binomial spread that adds two variances to the Poisson one:
the uncertainty of the rate itself (short histories) and the extra-Poisson burstiness the baseline
shows. The surprise is -log10 of the upper-tail p-value P(X >= count): 2 is one day in a hundred.

Everything is vectorised over a (days x series) matrix: a country-year of any size is a few array
passes, not a loop over events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from scipy.special import betainc

# Gamma prior on a series' daily rate: half an event over one pseudo-day, so with no history one event
# is unremarkable (surprise ~0.5) while ten on a day stand out; it fades as real history accumulates.
PRIOR_EVENTS = 0.5
PRIOR_DAYS = 1.0
# Pseudo-events pulling each weekday factor toward 1, so two busy Mondays do not make Mondays special.
WEEKDAY_SHRINK = 5.0
MAX_SURPRISE = 50.0


@dataclass(frozen=True, slots=True)
class Baseline:
    """The expected count and negative binomial size of every (day, series), before seeing the day."""

    expected: np.ndarray
    size: np.ndarray


@dataclass(frozen=True, slots=True)
class Anomaly:
    date: date
    key: str
    count: float
    expected: float
    surprise: float

    def to_dict(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "key": self.key,
            "count": self.count,
            "expected": round(self.expected, 2),
            "surprise": round(self.surprise, 2),
        }


def count_matrix(
    day_index: np.ndarray, series_index: np.ndarray, weights: np.ndarray, days: int, series: int
) -> np.ndarray:
    """Sum ``weights`` into a (days x series) matrix; indices outside the matrix are dropped."""
    keep = (day_index >= 0) & (day_index < days) & (series_index >= 0) & (series_index < series)
    flat = day_index[keep] * series + series_index[keep]
    summed = np.bincount(flat, weights=weights[keep], minlength=days * series)
    return summed.reshape(days, series)


def _window_sums(values: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    cum = np.concatenate([np.zeros((1, *values.shape[1:])), np.cumsum(values, axis=0)])
    return np.asarray(cum[hi] - cum[lo])


def baseline(counts: np.ndarray, weekdays: np.ndarray, baseline_days: int) -> Baseline:
    """Expected counts and NB sizes from the ``baseline_days`` before each day (the day itself excluded)."""
    days = counts.shape[0]
    t = np.arange(days)
    lo = np.maximum(0, t - baseline_days)
    n = (t - lo).astype(float)[:, None]
    total = _window_sums(counts, lo, t)
    squares = _window_sums(counts * counts, lo, t)
    onehot = (weekdays[:, None] == np.arange(7)[None, :]).astype(float)
    by_weekday = _window_sums(counts[:, None, :] * onehot[:, :, None], lo, t)  # (days, 7, series)
    n_weekday = _window_sums(onehot, lo, t)[:, :, None]  # (days, 7, 1)
    same_day, same_n = by_weekday[t, weekdays], n_weekday[t, weekdays]
    rate = (total + PRIOR_EVENTS) / (n + PRIOR_DAYS)
    mean_rate = np.divide(total, n, out=np.zeros_like(total), where=n > 0)
    factor = (same_day + WEEKDAY_SHRINK) / (same_n * mean_rate + WEEKDAY_SHRINK)
    # Burstiness is measured around each weekday's own mean, so a weekly rhythm is not taken for it.
    explained = np.divide(by_weekday**2, n_weekday, out=np.zeros_like(by_weekday), where=n_weekday > 0).sum(
        axis=1
    )
    groups = (n_weekday[:, :, 0] > 0).sum(axis=1)[:, None]
    residual = np.divide(squares - explained, n - groups, out=np.zeros_like(total), where=n > groups)
    excess = np.divide(residual - mean_rate, mean_rate**2, out=np.zeros_like(total), where=mean_rate > 0)
    inverse_size = 1.0 / (total + PRIOR_EVENTS) + np.clip(excess, 0.0, None)
    return Baseline(expected=rate * factor, size=1.0 / inverse_size)


def surprise(counts: np.ndarray, base: Baseline) -> np.ndarray:
    """-log10 P(X >= count) under each cell's negative binomial; 0 where the count is 0.

    The NB tail is a regularised incomplete beta: P(X >= k) = I_{1-p}(k, size) for k >= 1 (scipy.special
    is much lighter to import than scipy.stats, which matters for a command line).
    """
    whole = np.floor(counts + 0.5)
    p = base.size / (base.size + base.expected)
    with np.errstate(divide="ignore", invalid="ignore"):
        tail = betainc(np.maximum(whole, 1.0), base.size, 1.0 - p)
        result = -np.log10(tail)
    result = np.clip(np.nan_to_num(result, nan=0.0, posinf=MAX_SURPRISE), 0.0, MAX_SURPRISE)
    return np.where(whole > 0, result, 0.0)


def weekdays_from(start: date, days: int) -> np.ndarray:
    return (np.arange(days) + start.weekday()) % 7


def anomalies(
    counts: np.ndarray, keys: Sequence[str], start: date, baseline_days: int, min_surprise: float = 0.0
) -> list[Anomaly]:
    """Every (day, series) whose surprise reaches ``min_surprise`` (and whose count is not zero)."""
    base = baseline(counts, weekdays_from(start, counts.shape[0]), baseline_days)
    scores = surprise(counts, base)
    rows, cols = np.nonzero((scores >= min_surprise) & (counts > 0))
    return [
        Anomaly(
            start + timedelta(days=int(r)),
            keys[int(c)],
            float(counts[r, c]),
            float(base.expected[r, c]),
            float(scores[r, c]),
        )
        for r, c in zip(rows, cols, strict=True)
    ]
