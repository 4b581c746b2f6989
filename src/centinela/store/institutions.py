"""Queries for institutional events and the engine's verdicts on them."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from centinela.store.schema import institutional_events


def save_verdict(
    conn: Connection, country: str, origin: str, seq: int, row: dict[str, Any], verdict: dict[str, Any]
) -> bool:
    """Store one replayed event with its verdict; False when this (origin, seq) is already stored."""
    known = conn.execute(
        sa.select(institutional_events.c.id).where(
            institutional_events.c.country == country,
            institutional_events.c.origin == origin,
            institutional_events.c.seq == seq,
        )
    ).first()
    if known is not None:
        conn.execute(
            institutional_events.update().where(institutional_events.c.id == known.id).values(verdict=verdict)
        )
        return False
    conn.execute(
        institutional_events.insert().values(
            country=country,
            origin=origin,
            seq=seq,
            date=date.fromisoformat(row["date"]),
            event_type=row["event_type"],
            subject=row.get("subject") or "",
            row=row,
            verdict=verdict,
        )
    )
    return True


def list_verdicts(conn: Connection, country: str, until: date | None = None) -> list[dict[str, Any]]:
    query = (
        sa.select(institutional_events.c.verdict)
        .where(institutional_events.c.country == country)
        .order_by(institutional_events.c.date, institutional_events.c.origin, institutional_events.c.seq)
    )
    if until is not None:
        query = query.where(institutional_events.c.date <= until)
    return [r.verdict for r in conn.execute(query)]
