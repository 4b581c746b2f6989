"""Delivery timing: backoff, quiet hours and digests in the subscriber's zone. Pure, table-driven."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from centinela.alerts.errors import RuleError
from centinela.alerts.schedule import (
    Timing,
    backoff,
    check_timing,
    digest_due,
    parse_quiet_hours,
    quiet_until,
    release_time,
    retry_time,
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("attempts", "expected"),
    [(0, 0.0), (1, 30.0), (2, 60.0), (3, 120.0), (4, 240.0), (7, 1920.0), (8, 3600.0), (1000, 3600.0)],
)
def test_backoff_doubles_up_to_the_cap(attempts: int, expected: float) -> None:
    assert backoff(attempts, 30.0, 3600.0) == expected


@pytest.mark.parametrize(
    ("text", "window"),
    [
        ("", None),
        ("22-07", (1320, 420)),
        ("22:30-07:15", (1350, 435)),
        (" 1-5 ", (60, 300)),
        ("0-23", (0, 1380)),
    ],
)
def test_parse_quiet_hours(text: str, window: tuple[int, int] | None) -> None:
    assert parse_quiet_hours(text) == window


@pytest.mark.parametrize("text", ["22", "22-", "25-07", "22:61-07", "7-7", "late-early"])
def test_parse_quiet_hours_rejects(text: str) -> None:
    with pytest.raises(RuleError):
        parse_quiet_hours(text)


# Lima is UTC-5 all year; New York and Madrid change with daylight saving time.
@pytest.mark.parametrize(
    ("now", "quiet", "tz", "until"),
    [
        (
            utc(2024, 3, 1, 4, 0),
            "22-07",
            "America/Lima",
            utc(2024, 3, 1, 12, 0),
        ),  # 23:00 Lima -> 07:00 next day
        (
            utc(2024, 3, 1, 8, 0),
            "22-07",
            "America/Lima",
            utc(2024, 3, 1, 12, 0),
        ),  # 03:00 Lima -> 07:00 same day
        (utc(2024, 3, 1, 12, 0), "22-07", "America/Lima", None),  # 07:00 exactly: the window is over
        (utc(2024, 3, 1, 2, 59), "22-07", "America/Lima", None),  # 21:59 Lima: a minute before the window
        (utc(2024, 3, 1, 15, 0), "22-07", "America/Lima", None),  # 10:00 Lima
        (utc(2024, 3, 1, 15, 0), "09-17", "America/Lima", utc(2024, 3, 1, 22, 0)),  # non-wrapping window
        # New York springs forward on 2024-03-10: 22:00 EST is in the window, 07:00 EDT (11:00 UTC) ends it.
        (utc(2024, 3, 10, 3, 30), "22-07", "America/New_York", utc(2024, 3, 10, 11, 0)),
        (
            utc(2024, 10, 27, 0, 30),
            "01-08",
            "Europe/Madrid",
            utc(2024, 10, 27, 7, 0),
        ),  # 02:30 CEST; ends 08:00 CET
    ],
)
def test_quiet_until(now: datetime, quiet: str, tz: str, until: datetime | None) -> None:
    assert quiet_until(now, quiet, tz) == until


@pytest.mark.parametrize(
    ("now", "digest", "tz", "due"),
    [
        (utc(2024, 3, 1, 10, 20), "", "UTC", utc(2024, 3, 1, 10, 20)),
        (utc(2024, 3, 1, 10, 20), "hourly", "UTC", utc(2024, 3, 1, 11, 0)),
        (utc(2024, 3, 1, 11, 0), "hourly", "UTC", utc(2024, 3, 1, 11, 0)),  # on the hour: due now
        (utc(2024, 3, 1, 10, 20), "hourly", "Asia/Kolkata", utc(2024, 3, 1, 10, 30)),  # UTC+05:30
        (utc(2024, 3, 1, 10, 20), "daily", "America/Lima", utc(2024, 3, 1, 13, 0)),  # 05:20 Lima -> 08:00
        (utc(2024, 3, 1, 14, 0), "daily", "America/Lima", utc(2024, 3, 2, 13, 0)),  # 09:00 Lima -> tomorrow
        (
            utc(2024, 3, 9, 14, 0),
            "daily",
            "America/New_York",
            utc(2024, 3, 10, 12, 0),
        ),  # 08:00 EDT after the change
    ],
)
def test_digest_due(now: datetime, digest: str, tz: str, due: datetime) -> None:
    assert digest_due(now, digest, tz, 8) == due


def test_release_time_holds_a_digest_that_falls_in_quiet_hours() -> None:
    timing = Timing(digest="daily", digest_hour=6, quiet_hours="22-07", tz="America/Lima")
    # The 06:00 digest is inside 22-07, so it goes out at 07:00 Lima (12:00 UTC).
    assert release_time(utc(2024, 3, 1, 15, 0), timing) == utc(2024, 3, 2, 12, 0)
    assert release_time(utc(2024, 3, 1, 15, 0), Timing()) == utc(2024, 3, 1, 15, 0)


def test_retry_time_backs_off_then_respects_quiet_hours() -> None:
    now = utc(2024, 3, 1, 15, 0)  # 10:00 Lima
    assert retry_time(now, 2, 30.0, 3600.0, Timing()) == now + timedelta(seconds=60)
    quiet = Timing(quiet_hours="10-11", tz="America/Lima")
    assert retry_time(now, 1, 30.0, 3600.0, quiet) == utc(2024, 3, 1, 16, 0)


@pytest.mark.parametrize(
    ("timing", "message"),
    [
        (Timing(digest="weekly"), "digest"),
        (Timing(digest_hour=24), "digest hour"),
        (Timing(quiet_hours="x"), "quiet hours"),
        (Timing(tz="Mars/Olympus"), "time zone"),
    ],
)
def test_check_timing_rejects(timing: Timing, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        check_timing(timing)
