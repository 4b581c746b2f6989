"""Poll schedules, backoff and source health: pure functions."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from centinela.sources.schedule import (
    backoff_seconds,
    blend_interval,
    estimate_interval,
    health,
    next_poll_after_error,
    next_poll_after_success,
)

NOW = datetime(2022, 12, 8, 12, tzinfo=UTC)


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff_seconds(n, 900, 86_400) for n in (1, 2, 3, 4)] == [900, 1800, 3600, 7200]
    assert backoff_seconds(40, 900, 86_400) == 86_400
    assert backoff_seconds(1, 900, 86_400, retry_after=7200) == 7200
    assert backoff_seconds(1, 900, 86_400, retry_after=10**9) == 86_400  # a server cannot park us for years


@given(st.integers(1, 80), st.floats(0, 1), st.integers(0, 2**32))
def test_next_poll_after_error_respects_jitter_cap_and_retry_after(
    streak: int, jitter: float, seed: int
) -> None:
    rng = random.Random(seed)
    when = next_poll_after_error(NOW, streak, 900, 86_400, jitter, rng, retry_after=3000)
    wait = (when - NOW).total_seconds()
    assert wait >= 3000
    assert wait <= 86_400 * (1 + jitter) + 1e-6


def test_success_schedule_jitters_around_the_interval() -> None:
    rng = random.Random(7)
    waits = [(next_poll_after_success(NOW, 900, 0.1, rng) - NOW).total_seconds() for _ in range(200)]
    assert all(810 <= w <= 990 for w in waits) and len(set(waits)) > 100


def test_usual_interval_from_item_dates() -> None:
    dates = [NOW - timedelta(hours=h) for h in (0, 1, 2, 4, 5)] + [None]
    assert estimate_interval(dates) == 3600
    assert estimate_interval([NOW, None]) is None
    assert blend_interval(None, 3600) == 3600 and blend_interval(3600, None) == 3600
    assert blend_interval(3600, 7200) == 0.7 * 3600 + 0.3 * 7200


def row(**kw: object) -> dict:
    base = {
        "url": "https://d.example/feed",
        "name": "D",
        "added": NOW - timedelta(days=10),
        "usual_interval": 3600.0,
        "error_streak": 0,
        "last_success": NOW,
        "last_new_item": NOW - timedelta(hours=1),
        "items_total": 240,
        "last_error": None,
        "next_poll": None,
        "verified": True,
    }
    base.update(kw)
    return base


def test_health_flags_silent_and_failing_sources() -> None:
    kw = {"silent_factor": 4.0, "failing_streak": 3, "poll_interval": 900.0}
    ok = health(row(), NOW, **kw)
    assert ok.status == "ok" and ok.items_per_day == 24 and ok.usual_interval_hours == 1
    assert health(row(last_new_item=NOW - timedelta(hours=5)), NOW, **kw).status == "silent"
    assert health(row(error_streak=3, last_error="HTTP 500"), NOW, **kw).status == "failing"
    assert health(row(error_streak=1), NOW, **kw).status == "error"
    assert health(row(last_success=None, usual_interval=None, items_total=0), NOW, **kw).status == "pending"
    counted = health(row(usual_interval=None), NOW, **kw)
    assert counted.items_per_day == 24.0  # 240 items in 10 days


def test_due_sources_are_claimed_by_one_worker_until_polled_or_the_lease_ends(store_url: str) -> None:
    from centinela.store import open_store
    from centinela.store.sources import add_source, claim_due_sources, update_source

    now = datetime(2026, 1, 5, 12, tzinfo=UTC)
    lease = timedelta(minutes=15)
    store = open_store(store_url)
    with store.write() as conn:
        for n in range(3):
            add_source(conn, f"https://diario{n}.example/rss", now)
    with store.write() as conn:
        first = [row["url"] for row in claim_due_sources(conn, now, lease)]
    with store.write() as conn:  # a second worker in the same round finds nothing left to poll
        second = claim_due_sources(conn, now + timedelta(seconds=5), lease)
    assert len(first) == 3 and second == []
    with store.write() as conn:  # the first worker polled one and scheduled it; it died on the others
        update_source(conn, first[0], next_poll=now + timedelta(hours=1))
    with store.write() as conn:
        again = [row["url"] for row in claim_due_sources(conn, now + lease, lease)]
    assert again == first[1:]
