"""Queries of the signals: their inputs (verdicts, coded events, documents with outlets) and the risk series.

The risk of a country is recomputed over a span of days and stored as a whole: saving a span replaces
the stored days of that span, in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from centinela.model import Alert
from centinela.signals.config import RiskConfig
from centinela.signals.explain import risk_alerts
from centinela.signals.model import Evidence, RiskDay
from centinela.signals.risk import risk_series
from centinela.store.schema import document_outlets, documents, events, institutional_events, risk_scores

# SQLite allows 999 bound parameters in older builds: ask for ids in slices.
IN_SLICE = 500


def load_verdicts(conn: Connection, country: str, until: date | None = None) -> list[dict[str, Any]]:
    """The engine's verdicts in replay order, each with its event's source URL and note merged in."""
    t = institutional_events
    query = (
        sa.select(t.c.verdict, t.c.row)
        .where(t.c.country == country.upper())
        .order_by(t.c.date, t.c.origin, t.c.seq)
    )
    if until is not None:
        query = query.where(t.c.date <= until)
    found = []
    for verdict, row in conn.execute(query):
        row = row or {}
        found.append(dict(verdict) | {"source": row.get("source") or "", "note": row.get("note") or ""})
    return found


def _outlets(conn: Connection, doc_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {}
    o = document_outlets
    for lo in range(0, len(doc_ids), IN_SLICE):
        rows = conn.execute(
            sa.select(o.c.document_id, o.c.outlet, o.c.url, o.c.seen).where(
                o.c.document_id.in_(doc_ids[lo : lo + IN_SLICE])
            )
        )
        for doc_id, outlet, url, seen in rows:
            found.setdefault(doc_id, []).append({"outlet": outlet, "url": url, "seen": seen})
    return found


def load_events(
    conn: Connection, country: str, since: date | None = None, until: date | None = None
) -> list[dict[str, Any]]:
    """A country's coded events with their document's URL and the distinct outlets that carried it."""
    e, d = events, documents
    query = (
        sa.select(e, d.c.url.label("url"))
        .select_from(e.outerjoin(d, e.c.document_id == d.c.id))
        .where(e.c.country == country.upper())
        .order_by(e.c.date, e.c.id)
    )
    if since is not None:
        query = query.where(e.c.date >= since)
    if until is not None:
        query = query.where(e.c.date <= until)
    rows = [dict(r._mapping) for r in conn.execute(query)]
    outlets = _outlets(conn, sorted({r["document_id"] for r in rows if r["document_id"] is not None}))
    for row in rows:
        row["outlets"] = sorted({o["outlet"] for o in outlets.get(row["document_id"], ())})
    return rows


def load_documents(
    conn: Connection, country: str, since: datetime | None = None, until: datetime | None = None
) -> list[dict[str, Any]]:
    """The documents coded with an event of ``country``, each with its outlets (outlet, url, seen)."""
    d = documents
    about = sa.select(events.c.document_id).where(events.c.country == country.upper())
    query = (
        sa.select(d.c.id, d.c.url, d.c.title, d.c.text, d.c.lang, d.c.published, d.c.fetched)
        .where(d.c.id.in_(about))
        .order_by(d.c.id)
    )
    if since is not None:
        query = query.where(d.c.published >= since)
    if until is not None:
        query = query.where(d.c.published <= until)
    docs = [dict(r._mapping) for r in conn.execute(query)]
    outlets = _outlets(conn, [doc["id"] for doc in docs])
    for doc in docs:
        doc["published"] = doc["published"] or doc.pop("fetched")
        doc.pop("fetched", None)
        doc["outlets"] = outlets.get(doc["id"], [])
    return docs


def save_risk_days(conn: Connection, days: Sequence[RiskDay], now: datetime | None = None) -> int:
    """Store a computed span of days, replacing what was stored for those days; returns the count."""
    if not days:
        return 0
    when = now or datetime.now(UTC)
    for country in sorted({d.country for d in days}):
        span = [d.date for d in days if d.country == country]
        conn.execute(
            sa.delete(risk_scores).where(
                risk_scores.c.country == country,
                risk_scores.c.date >= min(span),
                risk_scores.c.date <= max(span),
            )
        )
    rows = [
        {
            "country": d.country,
            "date": d.date,
            "score": round(d.score, 2),
            "level": d.level,
            "parts": {k: round(v, 2) for k, v in d.parts.items()},
            "evidence": [e.to_dict() for e in d.evidence],
            "computed": when,
        }
        for d in days
    ]
    conn.execute(risk_scores.insert(), rows)
    return len(rows)


def _risk_day(row: Any) -> RiskDay:
    evidence = tuple(
        Evidence(
            str(e.get("part", "")),
            str(e.get("label", "")),
            float(e.get("points", 0.0)),
            date.fromisoformat(str(e.get("date"))),
            str(e.get("url", "")),
            str(e.get("sentence", "")),
        )
        for e in row.evidence or ()
    )
    parts = MappingProxyType({str(k): float(v) for k, v in (row.parts or {}).items()})
    return RiskDay(row.country, row.date, float(row.score), row.level, parts, evidence)


def list_risk_days(
    conn: Connection, country: str, since: date | None = None, until: date | None = None
) -> list[RiskDay]:
    query = (
        sa.select(risk_scores).where(risk_scores.c.country == country.upper()).order_by(risk_scores.c.date)
    )
    if since is not None:
        query = query.where(risk_scores.c.date >= since)
    if until is not None:
        query = query.where(risk_scores.c.date <= until)
    return [_risk_day(r) for r in conn.execute(query)]


def risk_day_at(conn: Connection, country: str, at: date | None = None) -> RiskDay | None:
    """The stored day on ``at``, or the latest before it (the latest stored when ``at`` is None)."""
    query = (
        sa.select(risk_scores)
        .where(risk_scores.c.country == country.upper())
        .order_by(risk_scores.c.date.desc())
        .limit(1)
    )
    if at is not None:
        query = query.where(risk_scores.c.date <= at)
    row = conn.execute(query).first()
    return _risk_day(row) if row is not None else None


def countries_with_risk(conn: Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(sa.select(risk_scores.c.country).distinct().order_by(risk_scores.c.country))
    ]


def compute_risk(
    conn: Connection,
    country: str,
    config: RiskConfig,
    *,
    pack: Any = None,
    until: date | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[RiskDay]:
    """The risk series of ``country`` from everything stored up to ``until`` (see ``signals.risk_series``)."""
    last = datetime.combine(until, time.max, tzinfo=UTC) if until else None
    return risk_series(
        country,
        load_verdicts(conn, country, until),
        load_events(conn, country, until=until),
        documents=load_documents(conn, country, until=last),
        config=config,
        pack=pack,
        start=start,
        end=end,
    )


def refresh_risk(
    conn: Connection, country: str, config: RiskConfig, *, pack: Any = None, until: date | None = None
) -> tuple[list[RiskDay], list[Alert]]:
    """Recompute a country's risk from the store, save it, and return it with its level-change alerts.

    The alerts are not inserted (the caller does, with ``store.alerts.insert_alert``, in this same
    transaction); their keys name the day and levels, so recomputing the same history finds them known.
    """
    days = compute_risk(conn, country, config, pack=pack, until=until, end=until)
    if not days:
        return [], []
    previous = risk_day_at(conn, country, days[0].date - timedelta(days=1))
    save_risk_days(conn, days)
    return days, risk_alerts(days, previous)
