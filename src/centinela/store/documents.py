"""Queries for documents, the outlets that carried them, and their SimHash bands.

A document is known by its canonical URL, by a GUID, or by its content: the same words (content
hash) or nearly the same (SimHash within a few bits) published within a window of time, so that a
daily template ("the dollar closed at ...") is not taken for yesterday's story.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from centinela.coding.dedupe import BAND_WIDTHS, bands, hamming, to_signed, to_unsigned
from centinela.sources.model import Prepared
from centinela.store.schema import document_outlets as o
from centinela.store.schema import documents as d
from centinela.store.schema import simhash_bands as b
from centinela.store.sources import utc


def _qualified(guid: str) -> bool:
    # "urn:...", "tag:...", "http://...": meant to be unique everywhere. A bare "1234" is unique only
    # inside the feed that wrote it.
    return ":" in guid


# Statements built once: building SQLAlchemy expressions per item cost more than running them.
_MOMENT = sa.func.coalesce(d.c.published, d.c.fetched)
_LO, _HI = sa.bindparam("lo", type_=d.c.fetched.type), sa.bindparam("hi", type_=d.c.fetched.type)
_BY_URL = sa.union_all(
    sa.select(d.c.id).where(d.c.url == sa.bindparam("url")),
    sa.select(o.c.document_id).where(o.c.url == sa.bindparam("url")),
).limit(1)
_BY_GUID = sa.select(o.c.document_id).where(o.c.guid == sa.bindparam("guid")).limit(1)
_BY_GUID_OUTLET = (
    sa.select(o.c.document_id)
    .where(o.c.guid == sa.bindparam("guid"), o.c.outlet == sa.bindparam("outlet"))
    .limit(1)
)
_SAME_CONTENT = (
    sa.select(d.c.id)
    .where(d.c.content_hash == sa.bindparam("digest"), _MOMENT >= _LO, _MOMENT <= _HI)
    .order_by(d.c.id)
    .limit(1)
)
_NEAR = (
    sa.select(d.c.id, d.c.simhash)
    .join(b, b.c.document_id == d.c.id)
    .where(
        sa.or_(
            *(sa.and_(b.c.band == i, b.c.value == sa.bindparam(f"v{i}")) for i in range(len(BAND_WIDTHS)))
        ),
        _MOMENT >= _LO,
        _MOMENT <= _HI,
    )
    .distinct()
)
_OUTLET_SEEN = sa.select(o.c.id).where(o.c.document_id == sa.bindparam("doc"), o.c.url == sa.bindparam("url"))


def find_by_address(conn: Connection, url: str, guid: str | None = None, outlet: str = "") -> int | None:
    """The document known under ``url`` (canonical) or ``guid``, by any outlet."""
    found = conn.execute(_BY_URL, {"url": url}).scalar()
    if found is None and guid:
        if _qualified(guid):
            found = conn.execute(_BY_GUID, {"guid": guid}).scalar()
        else:
            found = conn.execute(_BY_GUID_OUTLET, {"guid": guid, "outlet": outlet}).scalar()
    return None if found is None else int(found)


def find_similar(conn: Connection, p: Prepared, max_bits: int, window: timedelta) -> int | None:
    """A stored document with the same content, or a SimHash within ``max_bits``, near in time."""
    when = p.published or p.fetched
    span = {"lo": when - window, "hi": when + window}
    found = conn.execute(_SAME_CONTENT, {"digest": p.content_hash, **span}).scalar()
    if found is not None:
        return int(found)
    if not p.simhash:
        return None
    values = {f"v{i}": value for i, value in bands(p.simhash)}
    close = [
        int(i)
        for i, s in conn.execute(_NEAR, {**values, **span})
        if hamming(to_unsigned(s), p.simhash) <= max_bits
    ]
    return min(close) if close else None


def insert_document(conn: Connection, p: Prepared) -> int:
    result = conn.execute(
        sa.insert(d),
        {
            "url": p.url,
            "guid": p.guid,
            "source": p.source,
            "title": p.title,
            "text": p.text,
            "lang": p.lang,
            "author": p.author[:500],
            "published": p.published,
            "fetched": p.fetched,
            "content_hash": p.content_hash,
            "simhash": to_signed(p.simhash),
            "flags": list(p.flags),
            "coded": False,
        },
    )
    doc_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    if p.simhash and p.match_content:
        conn.execute(
            sa.insert(b), [{"document_id": doc_id, "band": k, "value": v} for k, v in bands(p.simhash)]
        )
    return doc_id


def add_outlet(
    conn: Connection, doc_id: int, outlet: str, url: str, guid: str | None, seen: datetime, check: bool = True
) -> bool:
    """Record that ``outlet`` carried the document under ``url``; False when it was known already."""
    if check and conn.execute(_OUTLET_SEEN, {"doc": doc_id, "url": url}).first():
        return False
    conn.execute(
        sa.insert(o), {"document_id": doc_id, "outlet": outlet[:500], "url": url, "guid": guid, "seen": seen}
    )
    return True


def store_prepared(conn: Connection, p: Prepared, max_bits: int, window: timedelta) -> tuple[str, int]:
    """Store one document or record it as a duplicate: ("new" | "duplicate", document id)."""
    doc_id = find_by_address(conn, p.url, p.guid, p.outlet)
    if doc_id is None and p.match_content:
        doc_id = find_similar(conn, p, max_bits, window)
    if doc_id is not None:
        add_outlet(conn, doc_id, p.outlet, p.url, p.guid, p.fetched)
        return "duplicate", doc_id
    doc_id = insert_document(conn, p)
    add_outlet(conn, doc_id, p.outlet, p.url, p.guid, p.fetched, check=False)
    return "new", doc_id


def list_documents(
    conn: Connection, source: str | None = None, since: datetime | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """Newest first, as plain dicts with the distinct outlets that carried each document."""
    query = (
        sa.select(
            d.c.id, d.c.url, d.c.source, d.c.title, d.c.text, d.c.lang, d.c.published, d.c.fetched, d.c.flags
        )
        .order_by(d.c.id.desc())
        .limit(limit)
    )
    if source is not None:
        query = query.where(d.c.source == source)
    if since is not None:
        query = query.where(sa.func.coalesce(d.c.published, d.c.fetched) >= since)
    docs = [dict(r) for r in conn.execute(query).mappings()]
    outlets: dict[int, set[str]] = {}
    ids = [doc["id"] for doc in docs]
    for start in range(0, len(ids), 500):  # stay under SQLite's limit of bound parameters
        rows = conn.execute(
            sa.select(o.c.document_id, o.c.outlet).where(o.c.document_id.in_(ids[start : start + 500]))
        )
        for doc_id, outlet in rows:
            outlets.setdefault(doc_id, set()).add(outlet)
    for doc in docs:
        doc["published"] = utc(doc["published"])
        doc["fetched"] = utc(doc["fetched"])
        doc["outlets"] = sorted(outlets.get(doc["id"], ()))
    return docs


def count_documents(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(d)).scalar() or 0)


def uncoded_documents(conn: Connection, limit: int = 500) -> list[dict[str, Any]]:
    """The oldest stored documents not coded yet, with what the coder needs."""
    query = (
        sa.select(
            d.c.id, d.c.url, d.c.source, d.c.guid, d.c.title, d.c.text, d.c.lang, d.c.published, d.c.fetched
        )
        .where(d.c.coded.is_(False))
        .order_by(d.c.id)
        .limit(limit)
    )
    return [dict(r) for r in conn.execute(query).mappings()]
