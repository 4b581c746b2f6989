"""Queries for documents, the outlets that carried them, and their SimHash bands.

A document is known by its canonical URL, by a GUID, or by its content: the same words (content
hash) or nearly the same (SimHash within a few bits) published within a window of time, so that a
daily template ("the dollar closed at ...") is not taken for yesterday's story.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
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
            *(
                # The window inside each branch: every branch is then one range scan of (band, value, at).
                sa.and_(b.c.band == i, b.c.value == sa.bindparam(f"v{i}"), b.c.at >= _LO, b.c.at <= _HI)
                for i in range(len(BAND_WIDTHS))
            )
        )
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


def _document_row(p: Prepared) -> dict[str, Any]:
    return {
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
    }


def _band_rows(doc_id: int, p: Prepared) -> list[dict[str, Any]]:
    at = p.published or p.fetched
    return [{"document_id": doc_id, "band": k, "value": v, "at": at} for k, v in bands(p.simhash)]


def insert_document(conn: Connection, p: Prepared) -> int:
    result = conn.execute(sa.insert(d), _document_row(p))
    doc_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    if p.simhash and p.match_content:
        conn.execute(sa.insert(b), _band_rows(doc_id, p))
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


# --- many documents at once ----------------------------------------------------------------------------
# store_prepared costs 6-8 round trips a document, and a round trip to PostgreSQL costs more than the
# work: the batch reads everything it may need in a few queries, decides in Python exactly as
# store_prepared would one by one, then writes in bulk.

_IN = 500  # values per IN (...): under SQLite's limit of bound parameters
#: Placeholder ids for the batch's new documents until they are inserted: above every stored id and in
#: batch order, as the ids the database then gives them, so "the lowest id" picks the same document.
_PENDING = 1 << 62


def _chunks(values: Sequence[Any], size: int = _IN) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _moment(p: Prepared) -> datetime:
    return utc(p.published or p.fetched)  # type: ignore[return-value]


@dataclass(slots=True)
class _Known:
    """What the store held before the batch, for the batch's addresses and contents, plus what it adds."""

    urls: dict[str, int] = field(default_factory=dict)
    guids: dict[str, int] = field(default_factory=dict)  # qualified GUID, any outlet
    outlet_guids: dict[tuple[str, str], int] = field(default_factory=dict)  # (GUID, outlet)
    pairs: set[tuple[int, str]] = field(default_factory=set)  # (document, url) rows of document_outlets
    contents: dict[str, list[tuple[int, datetime]]] = field(default_factory=dict)
    near: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # batch index -> (id, simhash)
    bands: dict[tuple[int, int], list[tuple[int, int, datetime]]] = field(default_factory=dict)

    def add_outlet_row(self, doc: int, outlet: str, url: str, guid: str | None) -> None:
        self.urls.setdefault(url, doc)
        self.pairs.add((doc, url))
        if guid:  # min(): when several rows match, take the lowest id, for one answer every time
            self.guids[guid] = min(self.guids.get(guid, doc), doc)
            key = (guid, outlet[:500])
            self.outlet_guids[key] = min(self.outlet_guids.get(key, doc), doc)

    def add_document(self, doc: int, p: Prepared) -> None:
        self.contents.setdefault(p.content_hash, []).append((doc, _moment(p)))
        if p.simhash and p.match_content:
            for band in bands(p.simhash):
                self.bands.setdefault(band, []).append((doc, p.simhash, _moment(p)))

    def by_address(self, p: Prepared) -> int | None:
        found = self.urls.get(p.url)
        if found is None and p.guid:
            qualified = _qualified(p.guid)
            found = self.guids.get(p.guid) if qualified else self.outlet_guids.get((p.guid, p.outlet))
        return found

    def by_content(self, p: Prepared, index: int, max_bits: int, window: timedelta) -> int | None:
        when = _moment(p)
        same = [doc for doc, at in self.contents.get(p.content_hash, ()) if abs(at - when) <= window]
        if same:
            return min(same)
        if not p.simhash:
            return None
        close = [doc for doc, s in self.near.get(index, ()) if hamming(to_unsigned(s), p.simhash) <= max_bits]
        for band in bands(p.simhash):
            close += [
                doc
                for doc, s, at in self.bands.get(band, ())
                if abs(at - when) <= window and hamming(s, p.simhash) <= max_bits
            ]
        return min(close) if close else None


def _load_addresses(conn: Connection, batch: Sequence[Prepared], known: _Known) -> None:
    urls = sorted({p.url for p in batch})
    by_outlet: dict[str, int] = {}
    for part in _chunks(urls):
        known.urls.update(
            (url, int(i)) for i, url in conn.execute(sa.select(d.c.id, d.c.url).where(d.c.url.in_(part)))
        )
        for doc, url in conn.execute(sa.select(o.c.document_id, o.c.url).where(o.c.url.in_(part))):
            known.pairs.add((int(doc), url))
            by_outlet[url] = min(by_outlet.get(url, doc), int(doc))
    for url, doc in by_outlet.items():  # a document's own URL first, as _BY_URL reads it
        known.urls.setdefault(url, doc)
    guids = sorted({p.guid for p in batch if p.guid})
    for part in _chunks(guids):
        query = sa.select(o.c.document_id, o.c.outlet, o.c.guid).where(o.c.guid.in_(part))
        for doc, outlet, guid in conn.execute(query):
            known.guids[guid] = min(known.guids.get(guid, doc), int(doc))
            known.outlet_guids[(guid, outlet)] = min(known.outlet_guids.get((guid, outlet), doc), int(doc))


def _load_contents(conn: Connection, batch: Sequence[Prepared], known: _Known) -> None:
    digests = sorted({p.content_hash for p in batch if p.match_content})
    for part in _chunks(digests):
        query = sa.select(d.c.id, d.c.content_hash, _MOMENT).where(d.c.content_hash.in_(part))
        for doc, digest, at in conn.execute(query):
            known.contents.setdefault(digest, []).append((int(doc), utc(at)))  # type: ignore[arg-type]


# Every (document, band) probe of a batch goes in one short statement, planned as a nested loop over
# the (band, value, at) index: on PostgreSQL as five arrays, on SQLite as one JSON list. A UNION ALL of
# one SELECT per document took a second per 1,000 documents on PostgreSQL (planning its branches, and
# psycopg parsing a statement too long for its cache) and was rebuilt for each new batch size.
_NEAR_PROBES = {
    "postgresql": sa.text(
        "SELECT q.k, d.id, d.simhash FROM unnest(CAST(:ks AS integer[]), CAST(:bands AS integer[]),"
        " CAST(:vals AS integer[]), CAST(:los AS timestamptz[]), CAST(:his AS timestamptz[]))"
        " AS q(k, band, value, lo, hi)"
        " JOIN simhash_bands b ON b.band = q.band AND b.value = q.value AND b.at >= q.lo AND b.at <= q.hi"
        " JOIN documents d ON d.id = b.document_id"
    ),
    "sqlite": sa.text(
        "SELECT json_extract(q.value, '$[0]'), d.id, d.simhash FROM json_each(:probes) AS q"
        " JOIN simhash_bands b ON b.band = json_extract(q.value, '$[1]')"
        " AND b.value = json_extract(q.value, '$[2]')"
        " AND b.at >= json_extract(q.value, '$[3]') AND b.at <= json_extract(q.value, '$[4]')"
        " JOIN documents d ON d.id = b.document_id"
    ),
}


def _probe_params(conn: Connection, probes: list[tuple[int, int, int, datetime, datetime]]) -> dict[str, Any]:
    if conn.dialect.name == "postgresql":
        columns = map(list, zip(*probes, strict=True))
        return dict(zip(("ks", "bands", "vals", "los", "his"), columns, strict=True))
    # SQLite compares the stored text: the bounds go through the column's own conversion to text (str()
    # writes "+00:00" where the column writes ".000000", and a story exactly at the window's edge
    # was missed).
    as_text = b.c.at.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    assert as_text is not None
    return {"probes": json.dumps([(k, band, v, as_text(lo), as_text(hi)) for k, band, v, lo, hi in probes])}


def _load_near(conn: Connection, batch: Sequence[Prepared], known: _Known, window: timedelta) -> None:
    """Stored documents sharing a band, for the items that nothing stored matches by address or content."""
    probes = [
        (i, band, value, _moment(p) - window, _moment(p) + window)
        for i, p in enumerate(batch)
        if p.match_content
        and p.simhash
        and known.by_address(p) is None
        and not any(abs(at - _moment(p)) <= window for _, at in known.contents.get(p.content_hash, ()))
        for band, value in bands(p.simhash)
    ]
    if probes:
        statement = _NEAR_PROBES[conn.dialect.name]
        for k, doc, s in conn.execute(statement, _probe_params(conn, probes)):
            known.near.setdefault(int(k), []).append((int(doc), int(s)))


def _insert(conn: Connection, table: sa.Table) -> Any:
    # ON CONFLICT DO NOTHING: a row another writer (PostgreSQL) stored meanwhile is skipped, not an error.
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)


def _insert_documents(conn: Connection, docs: Sequence[Prepared]) -> list[tuple[int, bool]]:
    """Insert in order: (id, True), or (id, False) for a URL another writer stored first."""
    if not docs:
        return []
    stmt = _insert(conn, d).on_conflict_do_nothing(index_elements=[d.c.url]).returning(d.c.id, d.c.url)
    got = {url: int(i) for i, url in conn.execute(stmt, [_document_row(p) for p in docs])}
    raced: dict[str, int] = {}
    for part in _chunks([p.url for p in docs if p.url not in got]):
        raced.update(
            (url, int(i)) for i, url in conn.execute(sa.select(d.c.id, d.c.url).where(d.c.url.in_(part)))
        )
    band_rows = [
        row
        for p in docs
        if p.url in got and p.simhash and p.match_content
        for row in _band_rows(got[p.url], p)
    ]
    if band_rows:
        conn.execute(sa.insert(b), band_rows)
    return [(got[p.url], True) if p.url in got else (raced[p.url], False) for p in docs]


def store_prepared_many(
    conn: Connection, batch: Sequence[Prepared], max_bits: int, window: timedelta
) -> list[tuple[str, int]]:
    """``store_prepared`` for each document in order, with the same results, in a few round trips."""
    known = _Known()
    _load_addresses(conn, batch, known)
    _load_contents(conn, batch, known)
    _load_near(conn, batch, known, window)
    decided: list[tuple[str, int]] = []
    new: list[Prepared] = []
    outlets: list[dict[str, Any]] = []
    for i, p in enumerate(batch):
        kind, doc = "duplicate", known.by_address(p)
        if doc is None and p.match_content:
            doc = known.by_content(p, i, max_bits, window)
        if doc is None:
            kind, doc = "new", _PENDING + len(new)
            new.append(p)
            known.add_document(doc, p)
        if (doc, p.url) not in known.pairs:
            known.add_outlet_row(doc, p.outlet, p.url, p.guid)
            outlets.append(
                {
                    "document_id": doc,
                    "outlet": p.outlet[:500],
                    "url": p.url,
                    "guid": p.guid,
                    "seen": p.fetched,
                }
            )
        decided.append((kind, doc))
    inserted = _insert_documents(conn, new)

    def real(doc: int) -> int:
        return inserted[doc - _PENDING][0] if doc >= _PENDING else doc

    for row in outlets:
        row["document_id"] = real(row["document_id"])
    if outlets:
        conn.execute(
            _insert(conn, o).on_conflict_do_nothing(index_elements=[o.c.document_id, o.c.url]), outlets
        )
    return [
        # A new document that another writer stored first is a duplicate of theirs.
        ("new" if kind == "new" and inserted[doc - _PENDING][1] else "duplicate", real(doc))
        for kind, doc in decided
    ]


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
