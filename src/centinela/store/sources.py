"""Queries for the ``sources`` table: the registered feeds, their conditional-GET state and health."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from centinela.store.schema import sources as t

#: Columns a fetch may update (conditional GET, schedule, health).
STATE_COLUMNS = frozenset(
    {
        "etag",
        "last_modified",
        "body_hash",
        "last_fetch",
        "last_success",
        "last_new_item",
        "last_error",
        "error_streak",
        "next_poll",
        "usual_interval",
        "items_total",
        "verified",
    }
)
_TIMES = ("added", "last_fetch", "last_success", "last_new_item", "next_poll")


def utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: they were written in UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _row(row: sa.RowMapping | None) -> dict[str, Any] | None:
    if row is None:
        return None
    out = dict(row)
    for key in _TIMES:
        out[key] = utc(out[key])
    return out


def get_source(conn: Connection, url: str) -> dict[str, Any] | None:
    return _row(conn.execute(sa.select(t).where(t.c.url == url)).mappings().first())


def add_source(
    conn: Connection,
    url: str,
    now: datetime,
    *,
    name: str = "",
    country: str = "",
    lang: str = "",
    kind: str = "feed",
    pack: str = "",
    verified: bool = False,
) -> int:
    result = conn.execute(
        sa.insert(t).values(
            url=url,
            name=name[:200],
            country=country.upper()[:2],
            lang=lang.lower()[:8],
            kind=kind,
            pack=pack,
            verified=verified,
            added=now,
            error_streak=0,
            items_total=0,
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def ensure_source(conn: Connection, url: str, now: datetime, kind: str = "feed") -> dict[str, Any]:
    """The source row for ``url``, registered first when it is new."""
    row = get_source(conn, url)
    if row is None:
        add_source(conn, url, now, kind=kind)
        row = get_source(conn, url)
    assert row is not None
    return row


def remove_source(conn: Connection, key: str) -> bool:
    """Remove by URL, or by id when ``key`` is a number; True when something was removed."""
    cond = t.c.url == key
    if key.isdigit():
        cond = sa.or_(cond, t.c.id == int(key))
    return conn.execute(sa.delete(t).where(cond)).rowcount > 0


def list_sources(conn: Connection, kind: str | None = None) -> list[dict[str, Any]]:
    query = sa.select(t).order_by(t.c.id)
    if kind is not None:
        query = query.where(t.c.kind == kind)
    return [r for r in (_row(m) for m in conn.execute(query).mappings()) if r is not None]


def claim_due_sources(conn: Connection, now: datetime, lease: timedelta) -> list[dict[str, Any]]:
    """Feed sources whose next poll is due (or never scheduled), the most overdue first, each moved
    ``lease`` ahead so that another worker looking meanwhile skips it: several ``watch`` workers split
    the due feeds instead of all fetching each. The poll then sets the real next time; a worker that
    dies mid-poll leaves its sources due again when the lease ends. On PostgreSQL, sources another
    transaction is claiming right now are skipped, not waited for."""
    due = sa.or_(t.c.next_poll.is_(None), t.c.next_poll <= now)
    query = (
        sa.select(t.c.id)
        .where(t.c.kind == "feed", due)
        .order_by(t.c.next_poll.is_not(None), t.c.next_poll, t.c.id)
    )
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = list(conn.execute(query).scalars())
    rows = []
    for start in range(0, len(ids), 500):  # stay under SQLite's limit of bound parameters
        chunk = ids[start : start + 500]
        by_id = {m["id"]: m for m in conn.execute(sa.select(t).where(t.c.id.in_(chunk))).mappings()}
        rows += [_row(by_id[i]) for i in chunk if i in by_id]
        conn.execute(sa.update(t).where(t.c.id.in_(chunk), due).values(next_poll=now + lease))
    return [r for r in rows if r is not None]


def update_source(conn: Connection, url: str, **values: Any) -> None:
    unknown = set(values) - STATE_COLUMNS
    if unknown:
        raise ValueError(f"not a source state column: {', '.join(sorted(unknown))}")
    conn.execute(sa.update(t).where(t.c.url == url).values(**values))
