"""When a message may go out: retry backoff, digests and quiet hours, as pure time arithmetic.

Every time given and returned is timezone-aware; local decisions (a digest at 08:00, quiet from 22
to 07) are made in the subscriber's zone with zoneinfo, so daylight-saving changes are honoured.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from centinela.alerts.errors import RuleError

DIGESTS = ("", "hourly", "daily")
_QUIET = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?\s*$")


@dataclass(frozen=True, slots=True)
class Timing:
    """A subscription's delivery timing: digest period, daily hour, quiet window, time zone."""

    digest: str = ""
    digest_hour: int = 8
    quiet_hours: str = ""
    tz: str = "UTC"


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise RuleError(f"unknown time zone {name!r} (use an IANA name such as America/Lima)") from None


def parse_quiet_hours(text: str) -> tuple[int, int] | None:
    """'22-07' or '22:30-07:15' as (start, end) minutes of the day; None for ''. Raises RuleError."""
    if not text or not text.strip():
        return None
    m = _QUIET.match(text)
    if not m:
        raise RuleError(f"quiet hours {text!r}: use START-END in hours, such as 22-07 or 22:30-07:00")
    h1, m1, h2, m2 = (int(g) if g else 0 for g in m.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise RuleError(f"quiet hours {text!r}: hours run 0-23 and minutes 0-59")
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if start == end:
        raise RuleError(f"quiet hours {text!r}: start and end are the same")
    return start, end


def check_timing(timing: Timing) -> Timing:
    """The timing if valid; raises RuleError naming what is wrong."""
    if timing.digest not in DIGESTS:
        raise RuleError(f"digest {timing.digest!r}: use hourly or daily")
    if not 0 <= timing.digest_hour <= 23:
        raise RuleError(f"digest hour {timing.digest_hour}: use 0-23")
    parse_quiet_hours(timing.quiet_hours)
    zone(timing.tz)
    return timing


def backoff(attempts: int, base: float, cap: float) -> float:
    """Seconds to wait after ``attempts`` failed attempts: base, 2*base, 4*base... never above cap."""
    if attempts <= 0:
        return 0.0
    # The exponent is bounded so a long failure streak cannot overflow before the cap applies.
    return min(cap, base * 2.0 ** min(attempts - 1, 60))


def quiet_until(now: datetime, quiet_hours: str, tz: str) -> datetime | None:
    """The end of the quiet window ``now`` falls in (aware, in UTC), or None when not quiet."""
    window = parse_quiet_hours(quiet_hours)
    if window is None:
        return None
    start, end = window
    local = now.astimezone(zone(tz))
    minute = local.hour * 60 + local.minute
    wraps = start > end  # 22-07 crosses midnight
    inside = (minute >= start or minute < end) if wraps else start <= minute < end
    if not inside:
        return None
    # Past midnight inside a wrapping window (03:00 in 22-07) it ends today; before midnight, tomorrow.
    day = local.date() + timedelta(days=1) if wraps and minute >= start else local.date()
    end_local = datetime.combine(day, time(end // 60, end % 60), tzinfo=zone(tz))
    return end_local.astimezone(now.tzinfo)


def digest_due(now: datetime, digest: str, tz: str, daily_hour: int = 8) -> datetime:
    """The next digest time at or after ``now``: the top of the next local hour, or daily_hour local."""
    if not digest:
        return now
    local = now.astimezone(zone(tz))
    if digest == "hourly":
        top = local.replace(minute=0, second=0, microsecond=0)
        # Add the hour in UTC: local wall-clock arithmetic would skip or repeat across DST changes.
        due = top if top == local else (top.astimezone(now.tzinfo) + timedelta(hours=1))
        return due.astimezone(now.tzinfo)
    target = datetime.combine(local.date(), time(daily_hour), tzinfo=zone(tz))
    if target < local:
        target = datetime.combine(local.date() + timedelta(days=1), time(daily_hour), tzinfo=zone(tz))
    return target.astimezone(now.tzinfo)


def release_time(now: datetime, timing: Timing) -> datetime:
    """When a new alert for this subscription may be sent: its digest time, then past quiet hours."""
    due = digest_due(now, timing.digest, timing.tz, timing.digest_hour)
    return hold_for_quiet(due, timing)


def hold_for_quiet(when: datetime, timing: Timing) -> datetime:
    """``when``, or the end of the quiet window it falls in."""
    return quiet_until(when, timing.quiet_hours, timing.tz) or when


def retry_time(now: datetime, attempts: int, base: float, cap: float, timing: Timing) -> datetime:
    """When to try again after ``attempts`` failures: exponential backoff, then past quiet hours."""
    return hold_for_quiet(now + timedelta(seconds=backoff(attempts, base, cap)), timing)
