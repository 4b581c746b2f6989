"""When to poll a source next, and how healthy it is. Pure: the clock and the dice are arguments.

After a success the next poll is one interval away, give or take the jitter (so that hundreds of
sources added together do not all poll in the same second). After errors the wait doubles with each
error in a row, up to ``backoff_max``; a Retry-After from the server is a lower bound.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

MIN_INTERVAL = 60.0


def jittered(seconds: float, jitter: float, rng: random.Random) -> float:
    return max(1.0, seconds * (1.0 + rng.uniform(-jitter, jitter)))


def next_poll_after_success(now: datetime, interval: float, jitter: float, rng: random.Random) -> datetime:
    return now + timedelta(seconds=jittered(interval, jitter, rng))


def backoff_seconds(
    streak: int, interval: float, backoff_max: float, retry_after: float | None = None
) -> float:
    """Wait after the ``streak``-th error in a row: interval, 2x, 4x... capped at backoff_max."""
    wait = min(backoff_max, interval * 2.0 ** max(0, min(streak - 1, 60)))
    if retry_after is not None:
        wait = max(wait, min(retry_after, backoff_max))
    return wait


def next_poll_after_error(
    now: datetime,
    streak: int,
    interval: float,
    backoff_max: float,
    jitter: float,
    rng: random.Random,
    retry_after: float | None = None,
) -> datetime:
    wait = backoff_seconds(streak, interval, backoff_max)
    wait = jittered(wait, jitter, rng)
    if retry_after is not None:  # never earlier than the server asked
        wait = max(wait, min(retry_after, backoff_max))
    return now + timedelta(seconds=wait)


def estimate_interval(dates: Iterable[datetime | None]) -> float | None:
    """The usual time between items of a feed: the median gap between their publication dates."""
    stamps = sorted({d.timestamp() for d in dates if d is not None})
    gaps = [b - a for a, b in zip(stamps, stamps[1:], strict=False) if b > a]
    if not gaps:
        return None
    return max(MIN_INTERVAL, statistics.median(gaps))


def blend_interval(old: float | None, new: float | None) -> float | None:
    """Moving average, so one odd fetch does not swing the estimate."""
    if new is None:
        return old
    return new if old is None else 0.7 * old + 0.3 * new


@dataclass(frozen=True, slots=True)
class Health:
    url: str
    name: str
    status: str  # ok | silent | error | failing | pending
    last_success: datetime | None
    last_new_item: datetime | None
    error_streak: int
    items_per_day: float | None
    usual_interval_hours: float | None
    last_error: str | None
    next_poll: datetime | None
    verified: bool


def health(
    row: Mapping[str, Any], now: datetime, *, silent_factor: float, failing_streak: int, poll_interval: float
) -> Health:
    """Health of one source from its stored state."""
    interval = row.get("usual_interval")
    streak = int(row.get("error_streak") or 0)
    added, last_new = row.get("added"), row.get("last_new_item")
    if streak >= failing_streak:
        status = "failing"
    elif streak:
        status = "error"  # the last poll failed; not yet failing_streak times in a row
    elif row.get("last_success") is None:
        status = "pending"
    else:
        quiet_since = last_new or added
        limit = silent_factor * max(interval or poll_interval, poll_interval)
        status = "silent" if quiet_since and (now - quiet_since).total_seconds() > limit else "ok"
    if interval:
        per_day: float | None = 86_400.0 / interval
    elif added is not None and row.get("items_total"):
        per_day = row["items_total"] / max(1.0, (now - added).total_seconds() / 86_400.0)
    else:
        per_day = None
    return Health(
        url=row["url"],
        name=row.get("name") or "",
        status=status,
        last_success=row.get("last_success"),
        last_new_item=last_new,
        error_streak=streak,
        items_per_day=round(per_day, 2) if per_day else per_day,
        usual_interval_hours=round(interval / 3600.0, 2) if interval else None,
        last_error=row.get("last_error"),
        next_poll=row.get("next_poll"),
        verified=bool(row.get("verified")),
    )
