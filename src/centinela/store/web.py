"""Read queries the dashboard and API need, and the few writes of its admin pages.

Listings page by key (date, id) instead of by offset and never count the whole table: with a million
events stored, a page costs one index range read however deep the reader goes. Where another module
already has the query (alerts, institutions, sources, subscriptions) the web layer calls it directly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from centinela.store import schema
from centinela.store.schema import audit_log, institutional_events, users, web_sessions
from centinela.store.schema import document_outlets as o
from centinela.store.schema import documents as d
from centinela.store.schema import events as e

# Fields of the events table a person may set by hand (manual entry or correction).
EDITABLE = ("code", "family", "modality", "confidence", "evidence", "country", "region", "date", "actors")


def utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: they were written in UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Row(dict):  # type: ignore[type-arg]
    """A result row as a dict that also answers attribute access.

    Templates read ``row.code``: on a plain dict Jinja first tries an attribute, fails with an exception,
    then the key; on a page of fifty events with their outlets that detour was a third of the render.
    """

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What the events browser and its exports filter on; every field is optional."""

    country: str = ""
    code: str = ""
    family: str = ""
    department: str = ""
    actor: str = ""
    outlet: str = ""
    since: date | None = None
    until: date | None = None
    text: str = ""


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _contains(column: Any, value: str) -> Any:
    # JSON columns are written with non-ASCII escaped ("Mart\u00edn"): match either spelling.
    escaped = json.dumps(value)[1:-1]
    text = sa.cast(column, sa.Text)
    cond = text.ilike(_like(value), escape="\\")
    return sa.or_(cond, text.ilike(_like(escaped), escape="\\")) if escaped != value else cond


def _conditions(f: EventFilter) -> list[Any]:
    conds: list[Any] = []
    simple = {"country": f.country, "code": f.code, "family": f.family, "region": f.department}
    conds += [e.c[name] == value for name, value in simple.items() if value]
    if f.since:
        conds.append(e.c.date >= f.since)
    if f.until:
        conds.append(e.c.date <= f.until)
    if f.actor:
        conds.append(_contains(e.c.actors, f.actor))
    if f.outlet:
        conds.append(sa.exists().where(o.c.document_id == e.c.document_id, o.c.outlet == f.outlet))
    if f.text:
        conds.append(
            sa.or_(
                e.c.evidence.ilike(_like(f.text), escape="\\"), d.c.title.ilike(_like(f.text), escape="\\")
            )
        )
    return conds


_EVENT_COLUMNS = (
    e.c.id,
    e.c.document_id,
    e.c.code,
    e.c.family,
    e.c.modality,
    e.c.confidence,
    e.c.evidence,
    e.c.country,
    e.c.region,
    e.c.date,
    e.c.actors,
    e.c.detail,
)


def _event_query(f: EventFilter) -> sa.Select:
    joined = e.outerjoin(d, d.c.id == e.c.document_id)
    query = sa.select(*_EVENT_COLUMNS, d.c.title, d.c.url, d.c.published).select_from(joined)
    conds = _conditions(f)
    return query.where(*conds) if conds else query


def outlets_of(conn: Connection, document_ids: Iterable[int | None]) -> dict[int, list[dict[str, Any]]]:
    """The outlets (name and URL) that carried each document, in the order they were seen."""
    ids = sorted({i for i in document_ids if i is not None})
    found: dict[int, list[dict[str, Any]]] = {}
    for start in range(0, len(ids), 500):  # stay under SQLite's limit of bound parameters
        chunk = ids[start : start + 500]
        rows = conn.execute(
            sa.select(o.c.document_id, o.c.outlet, o.c.url, o.c.seen)
            .where(o.c.document_id.in_(chunk))
            .order_by(o.c.seen, o.c.id)
        )
        for doc_id, outlet, url, seen in rows:
            found.setdefault(doc_id, []).append(Row(outlet=outlet, url=url, seen=utc(seen)))
    return found


def list_events(
    conn: Connection, f: EventFilter, limit: int = 50, before: tuple[date, int] | None = None
) -> tuple[list[Row], tuple[date, int] | None]:
    """Newest first, one page; returns the rows and the key of the next page (None on the last one)."""
    query = _event_query(f)
    if before is not None:
        day, ident = before
        query = query.where(sa.or_(e.c.date < day, sa.and_(e.c.date == day, e.c.id < ident)))
    query = query.order_by(e.c.date.desc(), e.c.id.desc()).limit(limit + 1)
    rows = [Row(r) for r in conn.execute(query).mappings()]
    more = len(rows) > limit
    rows = rows[:limit]
    carried = outlets_of(conn, (r["document_id"] for r in rows))
    for row in rows:
        row["outlets"] = carried.get(row["document_id"], [])
        row["published"] = utc(row["published"])
    following = (rows[-1]["date"], rows[-1]["id"]) if more and rows else None
    return rows, following


def get_event(conn: Connection, event_id: int) -> dict[str, Any] | None:
    """One event with its document, the outlets that carried it, and every hand change made to it."""
    joined = e.outerjoin(d, d.c.id == e.c.document_id)
    row = (
        conn.execute(
            sa.select(*_EVENT_COLUMNS, d.c.title, d.c.url, d.c.text, d.c.published, d.c.source, d.c.lang)
            .select_from(joined)
            .where(e.c.id == event_id)
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    event = dict(row)
    event["published"] = utc(event["published"])
    event["outlets"] = outlets_of(conn, [event["document_id"]]).get(event["document_id"], [])
    event["history"] = list_audit(conn, "events", event_id)
    return event


def family_counts(
    conn: Connection, country: str, since: date | None = None, until: date | None = None
) -> list[tuple[date, str, int]]:
    """Events per day and family, oldest first."""
    query = sa.select(e.c.date, e.c.family, sa.func.count()).where(e.c.country == country)
    if since:
        query = query.where(e.c.date >= since)
    if until:
        query = query.where(e.c.date <= until)
    query = query.group_by(e.c.date, e.c.family).order_by(e.c.date)
    return [(day, family, int(n)) for day, family, n in conn.execute(query)]


def family_totals(conn: Connection, country: str, since: date, until: date | None = None) -> dict[str, int]:
    query = sa.select(e.c.family, sa.func.count()).where(e.c.country == country, e.c.date >= since)
    if until:
        query = query.where(e.c.date <= until)
    return {family: int(n) for family, n in conn.execute(query.group_by(e.c.family))}


def region_counts(
    conn: Connection, country: str, since: date | None = None, until: date | None = None
) -> dict[str, int]:
    """Events per department (ISO 3166-2 code) over the period."""
    query = sa.select(e.c.region, sa.func.count()).where(e.c.country == country, e.c.region != "")
    if since:
        query = query.where(e.c.date >= since)
    if until:
        query = query.where(e.c.date <= until)
    return {region: int(n) for region, n in conn.execute(query.group_by(e.c.region))}


def event_span(conn: Connection, country: str) -> tuple[date | None, date | None]:
    """The first and last day with an event (two index look-ups)."""
    first = conn.execute(sa.select(sa.func.min(e.c.date)).where(e.c.country == country)).scalar()
    last = conn.execute(sa.select(sa.func.max(e.c.date)).where(e.c.country == country)).scalar()
    return first, last


def latest_verdict(conn: Connection, country: str) -> dict[str, Any] | None:
    """The engine's verdict on the country's latest institutional event: its state is the state now."""
    t = institutional_events
    query = (
        sa.select(t.c.verdict)
        .where(t.c.country == country)
        .order_by(t.c.date.desc(), t.c.origin.desc(), t.c.seq.desc())
        .limit(1)
    )
    return conn.execute(query).scalar()


def watched_countries(conn: Connection) -> list[str]:
    """Countries with something stored (institutional events or alerts): both tables stay small."""
    found = set(conn.execute(sa.select(institutional_events.c.country).distinct()).scalars())
    found |= set(conn.execute(sa.select(schema.alerts.c.country).distinct()).scalars())
    return sorted(c for c in found if c)


def recent_alerts_since(
    conn: Connection, country: str, since: datetime, limit: int = 50
) -> list[dict[str, Any]]:
    """Alerts raised (stored) since a moment, newest first: what changed lately."""
    t = schema.alerts
    query = (
        sa.select(t)
        .where(t.c.country == country, t.c.created >= since)
        .order_by(t.c.created.desc(), t.c.id.desc())
        .limit(limit)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def alerts_page(
    conn: Connection, country: str = "", level: str = "", limit: int = 50, before: int | None = None
) -> tuple[list[dict[str, Any]], int | None]:
    """Alerts by event date, newest first, one page keyed by id."""
    t = schema.alerts
    query = sa.select(t)
    if country:
        query = query.where(t.c.country == country)
    if level:
        query = query.where(t.c.level == level)
    if before is not None:
        query = query.where(t.c.id < before)
    rows = [dict(r) for r in conn.execute(query.order_by(t.c.id.desc()).limit(limit + 1)).mappings()]
    more = len(rows) > limit
    rows = rows[:limit]
    for row in rows:
        row["created"] = utc(row["created"])
    return rows, (rows[-1]["id"] if more and rows else None)


def risk_series(
    conn: Connection, country: str, since: date | None = None, until: date | None = None
) -> list[dict[str, Any]]:
    """Risk per day as stored by the signals stage, oldest first: score, level, parts and evidence."""
    from centinela.store.signals import list_risk_days

    return [risk_dict(d) for d in list_risk_days(conn, country, since, until)]


def latest_risk(conn: Connection, country: str, days: int = 2) -> list[dict[str, Any]]:
    """The last ``days`` stored risk days, oldest first (an index read, however long the history)."""
    from centinela.store.schema import risk_scores as r
    from centinela.store.signals import list_risk_days

    last = conn.execute(sa.select(sa.func.max(r.c.date)).where(r.c.country == country.upper())).scalar()
    if last is None:
        return []
    return [risk_dict(d) for d in list_risk_days(conn, country, last - timedelta(days=days - 1), last)]


def risk_dict(day: Any) -> dict[str, Any]:
    """A signals RiskDay as plain data."""
    return {
        "date": day.date,
        "score": float(day.score),
        "level": day.level,
        "parts": dict(day.parts),
        "evidence": [e.to_dict() for e in day.evidence],
    }


# --- admin: accounts, sessions, audit log, manual events ---------------------------------------


def _new_id(result: Any) -> int:
    key = result.inserted_primary_key
    assert key is not None  # an insert of one row always has its key
    return int(key[0])


def get_user_hash(conn: Connection, name: str) -> str | None:
    return conn.execute(sa.select(users.c.password_hash).where(users.c.name == name)).scalar()


def add_user(conn: Connection, name: str, password_hash: str, now: datetime) -> int:
    result = conn.execute(users.insert().values(name=name, password_hash=password_hash, created=now))
    return _new_id(result)


def set_user_hash(conn: Connection, name: str, password_hash: str) -> None:
    """Store a rehashed password (argon2 parameters raised since it was set)."""
    conn.execute(users.update().where(users.c.name == name).values(password_hash=password_hash))


def add_session(
    conn: Connection, token_hash: str, user: str, csrf: str, now: datetime, expires: datetime
) -> None:
    conn.execute(web_sessions.delete().where(web_sessions.c.expires < now))  # old ones go on each login
    conn.execute(
        web_sessions.insert().values(
            token_hash=token_hash, username=user, csrf=csrf, created=now, expires=expires
        )
    )


def get_session(conn: Connection, token_hash: str, now: datetime) -> dict[str, Any] | None:
    row = (
        conn.execute(sa.select(web_sessions).where(web_sessions.c.token_hash == token_hash))
        .mappings()
        .first()
    )
    if row is None or utc(row["expires"]) <= now:  # type: ignore[operator]
        return None
    return dict(row)


def delete_session(conn: Connection, token_hash: str) -> None:
    conn.execute(web_sessions.delete().where(web_sessions.c.token_hash == token_hash))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value.isoformat() if isinstance(value, date | datetime) else value


def add_audit(
    conn: Connection,
    user: str,
    action: str,
    target: str,
    target_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    now: datetime,
) -> None:
    conn.execute(
        audit_log.insert().values(
            at=now,
            username=user,
            action=action,
            target=target,
            target_id=target_id,
            before=_jsonable(before),
            after=_jsonable(after),
        )
    )


def list_audit(
    conn: Connection, target: str | None = None, target_id: int | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """Hand changes, newest first, each with the fields that changed."""
    query = sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if target:
        query = query.where(audit_log.c.target == target)
    if target_id is not None:
        query = query.where(audit_log.c.target_id == target_id)
    out = []
    for row in conn.execute(query).mappings():
        entry = dict(row)
        entry["at"] = utc(entry["at"])
        before, after = entry["before"] or {}, entry["after"] or {}
        entry["changed"] = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        out.append(entry)
    return out


def _event_values(conn: Connection, event_id: int) -> dict[str, Any] | None:
    row = (
        conn.execute(sa.select(*(e.c[k] for k in EDITABLE), e.c.detail).where(e.c.id == event_id))
        .mappings()
        .first()
    )
    return dict(row) if row else None


def save_manual_event(
    conn: Connection, user: str, values: dict[str, Any], now: datetime, event_id: int | None = None
) -> int:
    """Insert a hand-entered event or correct a stored one, and log who changed what (before and after)."""
    fields = {k: values[k] for k in EDITABLE if k in values}
    if event_id is None:
        detail = {"manual": True, "entered_by": user, "source_url": values.get("source_url") or ""}
        new_id = _new_id(conn.execute(e.insert().values(**fields, detail=detail)))
        add_audit(conn, user, "create", "events", new_id, None, fields | {"detail": detail}, now)
        return new_id
    before = _event_values(conn, event_id)
    if before is None:
        raise LookupError(f"no event {event_id}")
    detail = dict(before.pop("detail") or {}) | {"corrected_by": user, "corrected_at": now.isoformat()}
    if values.get("source_url"):
        detail["source_url"] = values["source_url"]
    conn.execute(e.update().where(e.c.id == event_id).values(**fields, detail=detail))
    add_audit(conn, user, "correct", "events", event_id, before, {**before, **fields}, now)
    return event_id
