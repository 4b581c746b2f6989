"""The count model: a negative binomial over the trailing baseline, with weekday effects."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest
from scipy.stats import nbinom

from centinela.signals import anomaly
from centinela.signals.anomaly import PRIOR_DAYS, PRIOR_EVENTS, baseline, surprise, weekdays_from

MONDAY = date(2024, 1, 1)


def test_a_flat_history_gives_the_gamma_poisson_expectation_by_hand() -> None:
    counts = np.full((11, 1), 2.0)
    base = baseline(counts, weekdays_from(MONDAY, 11), baseline_days=10)
    # Day 10 sees ten days of 2 events: rate (20 + 0.5) / (10 + 1); no weekday pattern; no excess variance.
    assert base.expected[10, 0] == pytest.approx((20 + PRIOR_EVENTS) / (10 + PRIOR_DAYS))
    assert base.size[10, 0] == pytest.approx(20 + PRIOR_EVENTS)


def test_surprise_is_minus_log10_of_the_upper_tail() -> None:
    counts = np.full((11, 1), 2.0)
    counts[10, 0] = 7
    base = baseline(counts, weekdays_from(MONDAY, 11), baseline_days=10)
    mean, size = base.expected[10, 0], base.size[10, 0]
    reference = nbinom.sf(6, size, size / (size + mean))  # P(X >= 7)
    assert surprise(counts, base)[10, 0] == pytest.approx(-math.log10(reference), rel=1e-6)
    assert surprise(counts, base)[10, 0] > 2


def test_an_ordinary_day_is_not_surprising_and_zero_is_never() -> None:
    rng = np.random.default_rng(7)
    counts = rng.poisson(3.0, size=(400, 1)).astype(float)
    counts[399, 0] = 0
    scores = surprise(counts, baseline(counts, weekdays_from(MONDAY, 400), 180))
    assert scores[399, 0] == 0
    # About one day in a hundred reaches 2 under the model it was drawn from (a few more from estimation).
    assert (scores[200:, 0] >= 2).mean() < 0.05


def test_weekday_effects_judge_a_monday_against_past_mondays() -> None:
    days = 182
    weekdays = weekdays_from(MONDAY, days)
    counts = np.where(weekdays == 0, 10.0, 1.0)[:, None]
    base = baseline(counts, weekdays, 180)
    monday, tuesday = 175, 176
    assert weekdays[monday] == 0
    assert base.expected[monday, 0] > 8 and base.expected[tuesday, 0] < 2
    counts[tuesday, 0] = 10.0  # a Monday's count on a Tuesday is an anomaly
    scores = surprise(counts, base)
    assert scores[monday, 0] < 1 < 3 < scores[tuesday, 0]


def test_without_history_one_event_is_unremarkable() -> None:
    counts = np.zeros((5, 1))
    counts[0, 0] = 1
    assert surprise(counts, baseline(counts, weekdays_from(MONDAY, 5), 180))[0, 0] < 1


def test_count_matrix_and_anomalies_list_the_surprising_cells() -> None:
    day = np.array([0, 0, 1, 40, 40, 40, 40, 40, 40, 99])
    series = np.array([0, 1, 0, 0, 0, 0, 0, 0, 0, 5])  # the last is out of range: dropped
    counts = anomaly.count_matrix(day, series, np.ones(10), 41, 2)
    assert counts[40, 0] == 6 and counts.sum() == 9
    found = anomaly.anomalies(counts, ["code:protest", "code:riot"], MONDAY, 180, min_surprise=2)
    assert [(a.date, a.key, a.count) for a in found] == [(date(2024, 2, 10), "code:protest", 6.0)]
    assert found[0].to_dict()["surprise"] > 2
