"""Operator alerts: what the people running centinela must fix. Pure functions over plain rows.

A source gone silent or failing, the outbox backing up, a channel failing. Each alert's key holds
the day, so a problem that lasts raises one alert a day, not one per check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from centinela.model import Alert

KIND = "operator"


def _utc(value: Any) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _source_failing(row: Mapping[str, Any], now: datetime, failing_streak: int) -> Alert | None:
    streak = int(row.get("error_streak") or 0)
    if streak < failing_streak:
        return None
    name = row.get("name") or row.get("url")
    last_error = row.get("last_error") or "?"
    return Alert(
        key=f"operator:source_failing:{row.get('id')}:{now.date()}",
        country=str(row.get("country") or ""),
        kind=KIND,
        code="source_failing",
        date=now.date(),
        level="warning",
        title=f"Source failing: {name}",
        body=f"{streak} errors in a row (threshold {failing_streak}); last error: {last_error}",
        rule_id="operator.failing_streak",
        evidence=({"url": str(row.get("url") or ""), "outlet": str(row.get("name") or "")},),
    )


def _source_silent(row: Mapping[str, Any], now: datetime, silent_factor: float) -> Alert | None:
    usual = row.get("usual_interval")
    last = _utc(row.get("last_new_item")) or _utc(row.get("last_success")) or _utc(row.get("added"))
    if not usual or last is None:
        return None  # no baseline yet: a new source cannot be called silent
    allowed = timedelta(seconds=float(usual) * silent_factor)
    if now - last <= allowed:
        return None
    hours = (now - last).total_seconds() / 3600
    name = row.get("name") or row.get("url")
    return Alert(
        key=f"operator:source_silent:{row.get('id')}:{now.date()}",
        country=str(row.get("country") or ""),
        kind=KIND,
        code="source_silent",
        date=now.date(),
        level="watch",
        title=f"Source silent: {name}",
        body=(
            f"no new item for {hours:.1f} h; it usually publishes every {float(usual) / 3600:.1f} h "
            f"(silent after {silent_factor:g} times that)"
        ),
        rule_id="operator.silent_factor",
        evidence=({"url": str(row.get("url") or ""), "outlet": str(row.get("name") or "")},),
    )


def source_alerts(
    rows: Iterable[Mapping[str, Any]], now: datetime, silent_factor: float, failing_streak: int
) -> list[Alert]:
    """Alerts for sources failing (an error streak) or silent (usual_interval seconds x factor)."""
    found = []
    for row in rows:
        alert = _source_failing(row, now, failing_streak) or _source_silent(row, now, silent_factor)
        if alert is not None:
            found.append(alert)
    return found


def backlog_alert(counts: Mapping[str, Any], now: datetime, threshold: int) -> Alert | None:
    """An alert when more messages are due or being retried than ``threshold`` (see outbox_counts)."""
    late = int(counts.get("backlog") or 0)
    if late <= threshold:
        return None
    oldest = _utc(counts.get("oldest_backlog"))
    waited = f"; the oldest was queued at {oldest:%Y-%m-%d %H:%M} UTC" if oldest else ""
    return Alert(
        key=f"operator:outbox_backlog:{now.date()}",
        country="",
        kind=KIND,
        code="outbox_backlog",
        date=now.date(),
        level="warning",
        title=f"Outbox backing up: {late} messages undelivered",
        body=f"{late} messages are due or being retried (threshold {threshold}){waited}; "
        f"{counts.get('dead', 0)} dead in all",
        rule_id="operator.outbox_backlog",
    )


def channel_alert(
    subscription_id: int, masked_channel: str, error: str, attempts: int, dead: bool, now: datetime
) -> Alert:
    """An alert that a channel keeps failing; its evidence names the subscription so it is not sent
    to that same channel. ``masked_channel`` and ``error`` must already be free of secrets."""
    state = f"given up after {attempts} attempts" if dead else f"{attempts} failed attempts so far"
    return Alert(
        key=f"operator:channel_failing:{subscription_id}:{now.date()}",
        country="",
        kind=KIND,
        code="channel_failing",
        date=now.date(),
        level="warning",
        title=f"Channel failing: subscription {subscription_id} ({masked_channel})",
        body=f"{state}; last error: {error}",
        rule_id="operator.alert_max_attempts" if dead else "operator.failing_streak",
        evidence=({"subscription_id": str(subscription_id), "outlet": masked_channel},),
    )
