"""Writing coded events: what the coder (or an event-data importer) found in a document.

The input is the ``centinela code`` JSON contract (id, lang, primary, labels, events [{type, confidence,
evidence, modality}], country, region, actors, places, votes, date, institutional). One row per event of
a real code; "none" is not an event and is never stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from centinela.coding.ontology import NONE, family
from centinela.store.schema import documents, events

# Fields of the coder's dict kept in each event's detail (the rest are columns, or per document).
_DETAIL_FIELDS = ("places", "votes", "institutional", "lang")


def _day(value: Any, default: date | None) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return default
    return default


def event_rows(
    document_id: int | None, coded: Mapping[str, Any], default_date: date | None = None
) -> list[dict[str, Any]]:
    """The rows of the events table for one coded document (pure: no database)."""
    day = _day(coded.get("date"), default_date)
    if day is None:
        return []  # the events table needs a date: neither the text nor the document gave one
    detail = {k: coded[k] for k in _DETAIL_FIELDS if coded.get(k) not in (None, [], {})}
    detail.update(coded.get("detail") or {})
    rows = []
    for event in coded.get("events") or ():
        code = str(event.get("type") or NONE)
        if code == NONE:
            continue
        extra = {"trigger": event["trigger"]} if event.get("trigger") else {}
        rows.append(
            {
                "document_id": document_id,
                "code": code[:40],
                "family": family(code),
                "modality": str(event.get("modality") or "actual")[:10],
                "confidence": float(event.get("confidence") or 0.0),
                "evidence": str(event.get("evidence") or ""),
                "country": str(coded.get("country") or "")[:2].upper(),
                "region": str(coded.get("region") or "")[:10],
                "date": _day(event.get("date"), day),
                "actors": list(coded.get("actors") or ()),
                "detail": {**detail, **extra},
            }
        )
    return rows


def insert_coded(
    conn: Connection, document_id: int | None, coded: Mapping[str, Any], default_date: date | None = None
) -> int:
    """Store the events of one coded document in the caller's transaction; returns how many.

    ``default_date`` (the document's publication day) stands in when the coder found no date.
    """
    rows = event_rows(document_id, coded, default_date)
    if rows:
        conn.execute(sa.insert(events), rows)
    return len(rows)


def insert_event_rows(conn: Connection, rows: list[dict[str, Any]]) -> int:
    """Store ready rows (from ``event_rows``) in one statement: the batch writer's path."""
    if rows:
        conn.execute(sa.insert(events), rows)
    return len(rows)


def mark_coded(conn: Connection, document_ids: Iterable[int]) -> None:
    """Flag documents as coded, so that a later run does not code them again."""
    ids = sorted(set(document_ids))
    for start in range(0, len(ids), 500):  # stay under SQLite's limit of bound parameters
        chunk = ids[start : start + 500]
        conn.execute(sa.update(documents).where(documents.c.id.in_(chunk)).values(coded=True))


def claim_uncoded(conn: Connection, document_ids: Iterable[int]) -> set[int]:
    """Mark as coded those of ``document_ids`` that nobody coded yet, and return them: the caller stores
    their events in the same transaction. Two writers on PostgreSQL (two ``watch`` workers, a backfill
    beside them) may have coded the same document; the second one's UPDATE waits for the first to
    commit, then finds the row coded and does not claim it, so its events are stored once."""
    ids = sorted(set(document_ids))
    claimed: set[int] = set()
    for start in range(0, len(ids), 500):  # stay under SQLite's limit of bound parameters
        chunk = ids[start : start + 500]
        claim = (
            sa.update(documents)
            .where(documents.c.id.in_(chunk), documents.c.coded.is_(False))
            .values(coded=True)
            .returning(documents.c.id)
        )
        claimed.update(int(i) for i in conn.execute(claim).scalars())
    return claimed


def count_events(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(events)).scalar() or 0)
