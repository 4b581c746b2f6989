"""Queries for subscriptions: which rules go to which channel, with their delivery timing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from centinela.alerts.rules import Rule
from centinela.alerts.schedule import Timing
from centinela.store.schema import outbox, subscriptions


def add_subscription(
    conn: Connection, channel: str, rule: Rule, timing: Timing, now: datetime | None = None
) -> int:
    """Store a subscription (already validated by the caller) and return its id."""
    row = {
        "channel": channel,
        "rules": rule.to_json(),
        "digest": timing.digest,
        "digest_hour": timing.digest_hour,
        "quiet_hours": timing.quiet_hours,
        "tz": timing.tz,
        "created": now or datetime.now(UTC),
    }
    key = conn.execute(subscriptions.insert().values(**row)).inserted_primary_key
    assert key is not None  # an INSERT of one row always has one
    return int(key[0])


def list_subscriptions(conn: Connection) -> list[dict[str, Any]]:
    """Every subscription as a dict, channel URL unmasked: callers mask it before showing it."""
    return [dict(r._mapping) for r in conn.execute(sa.select(subscriptions).order_by(subscriptions.c.id))]


def get_subscription(conn: Connection, subscription_id: int) -> dict[str, Any] | None:
    row = conn.execute(sa.select(subscriptions).where(subscriptions.c.id == subscription_id)).first()
    return dict(row._mapping) if row else None


def remove_subscription(conn: Connection, subscription_id: int) -> bool:
    """Delete a subscription and (by cascade) its undelivered messages; False when it did not exist."""
    # Deleted explicitly too: SQLite only cascades when foreign keys are on for the connection.
    conn.execute(sa.delete(outbox).where(outbox.c.subscription_id == subscription_id))
    return conn.execute(sa.delete(subscriptions).where(subscriptions.c.id == subscription_id)).rowcount > 0


def rule_of(row: dict[str, Any]) -> Rule:
    return Rule.from_json(row.get("rules") or {})


def timing_of(row: dict[str, Any]) -> Timing:
    return Timing(
        digest=row.get("digest") or "",
        digest_hour=int(row.get("digest_hour") or 0) if row.get("digest_hour") is not None else 8,
        quiet_hours=row.get("quiet_hours") or "",
        tz=row.get("tz") or "UTC",
    )
