"""Queries for alerts: stored once per key, in the caller's transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from centinela.alerts.rules import merge_evidence
from centinela.model import Alert
from centinela.store.outbox import enqueue_for_subscriptions
from centinela.store.schema import alerts


def insert_alert(conn: Connection, alert: Alert, now: datetime | None = None) -> int | None:
    """Store ``alert`` unless its key is already stored; return its new id, or None when it was known.

    Runs inside the caller's transaction, so an alert is written together with what caused it, and
    so are its outbox rows: one per matching subscription (the durable outbox). A known key gains
    the new evidence (the same event from another outlet is one alert listing both) and no message.
    """
    known = conn.execute(sa.select(alerts.c.id, alerts.c.evidence).where(alerts.c.key == alert.key)).first()
    if known is not None:
        merged = merge_evidence(known.evidence or (), alert.evidence)
        if len(merged) > len(known.evidence or ()):
            conn.execute(sa.update(alerts).where(alerts.c.id == known.id).values(evidence=list(merged)))
        return None
    row = {
        "key": alert.key,
        "country": alert.country,
        "kind": alert.kind,
        "code": alert.code,
        "level": alert.level,
        "date": alert.date,
        "created": now or datetime.now(UTC),
        "title": alert.title,
        "body": alert.body,
        "rule_id": alert.rule_id,
        "evidence": [dict(e) for e in alert.evidence],
    }
    try:
        # A savepoint, so a concurrent writer that stored the same key first (PostgreSQL, several
        # workers) costs this insert only, not the caller's whole transaction.
        with conn.begin_nested():
            inserted = conn.execute(alerts.insert().values(**row)).inserted_primary_key
    except sa.exc.IntegrityError:
        return insert_alert(conn, alert, now)  # now known: merge its evidence instead
    assert inserted is not None  # a single-row INSERT always reports its key
    alert_id = int(inserted[0])
    enqueue_for_subscriptions(conn, alert_id, row, now)
    return alert_id


def list_alerts(
    conn: Connection, country: str | None = None, since: date | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    query = sa.select(alerts).order_by(alerts.c.date, alerts.c.id)
    if country:
        query = query.where(alerts.c.country == country)
    if since:
        query = query.where(alerts.c.date >= since)
    if limit:
        query = query.limit(limit)
    return [dict(r._mapping) for r in conn.execute(query)]


def recent_alerts(conn: Connection, country: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """The newest alerts first (by creation), for feeds."""
    query = sa.select(alerts).order_by(alerts.c.created.desc(), alerts.c.id.desc()).limit(limit)
    if country:
        query = query.where(alerts.c.country == country)
    return [dict(r._mapping) for r in conn.execute(query)]
