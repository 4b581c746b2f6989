"""Queries for the durable outbox: enqueue with the alert, claim a batch, mark it sent or failed.

A row moves pending -> sending (claimed, with claimed_at as its lease) -> sent, or back to pending
with a later next_attempt, or to dead. A batch (one message: one alert, or a digest) gets its key
when first claimed and keeps it through every retry and every reclaim after a crash, so the channel
sees the same key for the same message. Row locks use FOR UPDATE SKIP LOCKED on PostgreSQL so
several workers never claim the same row; SQLite has one writer and ignores it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from centinela.alerts.errors import RuleError
from centinela.alerts.render import batch_key
from centinela.alerts.rules import matches
from centinela.alerts.schedule import release_time
from centinela.store.schema import alerts, outbox, sources, subscriptions
from centinela.store.subscriptions import get_subscription, list_subscriptions, rule_of, timing_of

PENDING, SENDING, SENT, DEAD = "pending", "sending", "sent", "dead"
DIGEST_LIMIT = 500  # alerts in one digest message at most; the rest go in the next one


def utc(value: datetime | None) -> datetime | None:
    """A stored time as aware UTC: SQLite hands back naive values that were written as UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Claimed:
    """One message to send: its key, its subscription, its alerts (rows), and the attempts so far."""

    batch: str
    subscription: dict[str, Any]
    alerts: list[dict[str, Any]]
    attempts: int


def _exclusions(alert: Mapping[str, Any]) -> set[int]:
    # An operator alert about a failing channel must not be queued to that same channel.
    if alert.get("kind") != "operator":
        return set()
    ids = (str(e.get("subscription_id", "")) for e in alert.get("evidence") or ())
    return {int(i) for i in ids if i.isdigit()}


def enqueue_for_subscriptions(
    conn: Connection, alert_id: int, alert: Mapping[str, Any], now: datetime | None = None
) -> int:
    """Queue ``alert`` for every subscription whose rule matches, in the caller's transaction.

    Returns the number of rows queued. Each row's next_attempt is its release time (digest, quiet
    hours); a subscription whose timing cannot be read gets the message now rather than never.
    """
    now = utc(now) or datetime.now(UTC)
    skip = _exclusions(alert)
    rows = []
    for sub in list_subscriptions(conn):
        if sub["id"] in skip or not matches(rule_of(sub), alert):
            continue
        try:
            when = release_time(now, timing_of(sub)).astimezone(UTC)
        except RuleError:
            when = now
        rows.append(
            {
                "alert_id": alert_id,
                "subscription_id": sub["id"],
                "status": PENDING,
                "attempts": 0,
                "created": now,
                "next_attempt": when,
            }
        )
    if rows:
        conn.execute(outbox.insert(), rows)
    return len(rows)


def _first(conn: Connection, where: Any, order: Any) -> Any:
    query = sa.select(outbox.c.id, outbox.c.batch, outbox.c.subscription_id).where(where)
    return conn.execute(query.order_by(*order).limit(1).with_for_update(skip_locked=True)).first()


def _lock_ids(conn: Connection, where: Any, limit: int | None = None) -> list[int]:
    query = sa.select(outbox.c.id).where(where).order_by(outbox.c.id).limit(limit)
    return [r.id for r in conn.execute(query.with_for_update(skip_locked=True))]


def _alert_rows(conn: Connection, outbox_ids: list[int]) -> list[dict[str, Any]]:
    query = (
        sa.select(alerts)
        .join(outbox, outbox.c.alert_id == alerts.c.id)
        .where(outbox.c.id.in_(outbox_ids))
        .order_by(alerts.c.date, alerts.c.id)
    )
    return [dict(r._mapping) for r in conn.execute(query)]


def _new_batch(conn: Connection, first: Any, now: datetime) -> tuple[str, list[int]]:
    sub = get_subscription(conn, first.subscription_id) or {}
    ids = [first.id]
    if sub.get("digest"):
        ids = (
            _lock_ids(
                conn,
                sa.and_(
                    outbox.c.subscription_id == first.subscription_id,
                    outbox.c.status == PENDING,
                    outbox.c.batch.is_(None),
                    outbox.c.next_attempt <= now,
                ),
                DIGEST_LIMIT,
            )
            or ids
        )
    keys = [a["key"] for a in _alert_rows(conn, ids)]
    created = utc(sub.get("created"))
    return batch_key(keys, first.subscription_id, created.isoformat() if created else ""), ids


def _reclaim_expired(conn: Connection, now: datetime, lease: float, not_skipped: Any) -> Any:
    """A batch whose worker died (lease over): the same rows, the same key."""
    stale = sa.and_(outbox.c.status == SENDING, outbox.c.claimed_at <= now - timedelta(seconds=lease))
    first = _first(conn, sa.and_(stale, not_skipped), [outbox.c.id])
    if first is None:
        return None, None, []
    return (
        first,
        first.batch,
        _lock_ids(conn, sa.and_(outbox.c.batch == first.batch, outbox.c.status == SENDING)),
    )


def _claim_due(conn: Connection, now: datetime, not_skipped: Any) -> Any:
    due = sa.and_(outbox.c.status == PENDING, outbox.c.next_attempt <= now)
    first = _first(conn, sa.and_(due, not_skipped), [outbox.c.next_attempt, outbox.c.id])
    if first is None:
        return None, None, []
    if first.batch:  # a retry: the same rows under the same key as before
        return (
            first,
            first.batch,
            _lock_ids(conn, sa.and_(outbox.c.batch == first.batch, outbox.c.status == PENDING)),
        )
    return (first, *_new_batch(conn, first, now))


def claim_batch(conn: Connection, now: datetime, lease: float, skip: Collection[int] = ()) -> Claimed | None:
    """Claim the next message due at ``now`` (an expired claim first), or None when nothing is due.

    ``skip`` names subscriptions not to claim for (their channel already failed in this run).
    """
    now = utc(now) or datetime.now(UTC)
    not_skipped = outbox.c.subscription_id.not_in(list(skip)) if skip else sa.true()
    first, batch, ids = _reclaim_expired(conn, now, lease, not_skipped)
    if first is None:
        first, batch, ids = _claim_due(conn, now, not_skipped)
    if first is None or not ids:
        return None
    chosen = outbox.c.id.in_(ids)
    conn.execute(sa.update(outbox).where(chosen).values(status=SENDING, claimed_at=now, batch=batch))
    attempts = conn.execute(sa.select(sa.func.max(outbox.c.attempts)).where(chosen)).scalar() or 0
    sub = get_subscription(conn, first.subscription_id) or {}
    return Claimed(batch, sub, _alert_rows(conn, ids), int(attempts))


def mark_sent(conn: Connection, batch: str, now: datetime) -> int:
    """Record a delivered message; returns the rows marked (0 when another worker marked them)."""
    query = (
        sa.update(outbox)
        .where(outbox.c.batch == batch, outbox.c.status == SENDING)
        .values(
            status=SENT, sent_at=utc(now), attempts=outbox.c.attempts + 1, last_error=None, claimed_at=None
        )
    )
    return int(conn.execute(query).rowcount)


def mark_failed(conn: Connection, batch: str, error: str, next_attempt: datetime, dead: bool) -> int:
    """Record a failed attempt: pending again at ``next_attempt``, or dead (given up)."""
    query = (
        sa.update(outbox)
        .where(outbox.c.batch == batch, outbox.c.status == SENDING)
        .values(
            status=DEAD if dead else PENDING,
            attempts=outbox.c.attempts + 1,
            last_error=error[:2000],
            next_attempt=utc(next_attempt),
            claimed_at=None,
        )
    )
    return int(conn.execute(query).rowcount)


def outbox_counts(conn: Connection, now: datetime) -> dict[str, Any]:
    """Rows per status, and the backlog: messages due now or already failed once, and the oldest.

    Messages held for a digest or quiet hours are not a backlog; messages waiting to be retried are.
    """
    now = utc(now) or datetime.now(UTC)
    counts = {s: 0 for s in (PENDING, SENDING, SENT, DEAD)}
    for status, n in conn.execute(sa.select(outbox.c.status, sa.func.count()).group_by(outbox.c.status)):
        counts[status] = int(n)
    late = sa.and_(
        outbox.c.status.in_([PENDING, SENDING]), sa.or_(outbox.c.next_attempt <= now, outbox.c.attempts > 0)
    )
    n_late, oldest = conn.execute(sa.select(sa.func.count(), sa.func.min(outbox.c.created)).where(late)).one()
    return counts | {"backlog": int(n_late), "oldest_backlog": utc(oldest)}


def delivery_by_alert(conn: Connection, alert_ids: Collection[int]) -> dict[int, dict[str, Any]]:
    """For each alert: how many of its messages are in each status, and the last error seen."""
    result: dict[int, dict[str, Any]] = {}
    if not alert_ids:
        return result
    query = (
        sa.select(outbox.c.alert_id, outbox.c.status, outbox.c.attempts, outbox.c.last_error)
        .where(outbox.c.alert_id.in_(list(alert_ids)))
        .order_by(outbox.c.id)
    )
    for row in conn.execute(query):
        entry = result.setdefault(
            row.alert_id, {PENDING: 0, SENDING: 0, SENT: 0, DEAD: 0, "attempts": 0, "last_error": None}
        )
        entry[row.status] = entry.get(row.status, 0) + 1
        entry["attempts"] += row.attempts
        entry["last_error"] = row.last_error or entry["last_error"]
    return result


def list_outbox(conn: Connection, status: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """Outbox rows, newest first, with the alert's key and title and the subscription's channel URL."""
    query = (
        sa.select(
            outbox,
            alerts.c.key.label("alert_key"),
            alerts.c.title.label("alert_title"),
            subscriptions.c.channel,
        )
        .join(alerts, alerts.c.id == outbox.c.alert_id)
        .join(subscriptions, subscriptions.c.id == outbox.c.subscription_id)
        .order_by(outbox.c.id.desc())
        .limit(limit)
    )
    if status:
        query = query.where(outbox.c.status == status)
    return [dict(r._mapping) for r in conn.execute(query)]


def source_rows(conn: Connection) -> list[dict[str, Any]]:
    """Every source's health columns, for the operator checks (a pure function judges them)."""
    cols = [
        sources.c[n]
        for n in (
            "id",
            "url",
            "name",
            "country",
            "added",
            "last_success",
            "last_new_item",
            "last_error",
            "error_streak",
            "usual_interval",
        )
    ]
    return [dict(r._mapping) for r in conn.execute(sa.select(*cols).order_by(sources.c.id))]


def alerts_for_subscription(conn: Connection, subscription_id: int, limit: int = 100) -> list[dict[str, Any]]:
    """The newest alerts queued for one subscription (whatever their delivery status), for its feed."""
    query = (
        sa.select(alerts)
        .join(outbox, outbox.c.alert_id == alerts.c.id)
        .where(outbox.c.subscription_id == subscription_id)
        .order_by(alerts.c.created.desc(), alerts.c.id.desc())
        .limit(limit)
    )
    return [dict(r._mapping) for r in conn.execute(query)]
