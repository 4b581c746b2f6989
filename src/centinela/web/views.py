"""What each page and API answer shows, built from the store: plain dicts, the same for HTML and JSON.

Aggregates over the events table (timeline, map) are kept a minute in the app's cache:
they cost a scan of a million rows, and the data they summarise changes once per watch round.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from centinela.coding.ontology import FAMILIES
from centinela.store import web as queries
from centinela.store.alerts import recent_alerts
from centinela.web.safety import safe_url

RISK_LEVELS = ("calm", "watch", "warning", "alert", "critical")
SHOWN_FAMILIES = tuple(f for f in FAMILIES if f != "none")


def country_name(code: str, lang: str) -> str:
    from babel import Locale

    try:
        return Locale(lang).territories.get(code.upper(), code.upper())
    except ValueError:
        return code.upper()


def risk_now(conn: Any, country: str) -> dict[str, Any] | None:
    """The latest risk with the parts that moved since the day before (largest change first) and the
    evidence with the most points behind it."""
    series = queries.latest_risk(conn, country, days=2)
    if not series:
        return None
    now, before = series[-1], (series[-2] if len(series) > 1 else None)
    moved = []
    for name, value in now["parts"].items():
        delta = value - (before["parts"].get(name, 0.0) if before else 0.0)
        if abs(delta) > 1e-9:
            moved.append({"part": name, "value": value, "change": round(delta, 2)})
    moved.sort(key=lambda m: -abs(m["change"]))
    evidence = sorted(now["evidence"], key=lambda e: -float(e.get("points") or 0.0))
    return now | {
        "previous_level": before["level"] if before else None,
        "level_changed": bool(before and before["level"] != now["level"]),
        "moved": moved,
        "top": max(now["parts"].values(), default=0.0),
        "evidence": evidence[:8],
    }


def _state_summary(verdict: dict[str, Any] | None) -> dict[str, Any] | None:
    if not verdict:
        return None
    state = verdict.get("state") or {}
    return {
        "as_of": verdict.get("date"),
        "officeholders": state.get("officeholders") or {},
        "next_thresholds": state.get("next_thresholds") or [],
        "open_motions": state.get("open_motions") or [],
        "denials": state.get("denials") or {},
        "dissolution": state.get("dissolution"),
        "exceptions": state.get("exceptions") or [],
    }


def overview(core: Any, country: str, now: datetime) -> dict[str, Any]:
    """Risk and its parts, what changed in the last 24 hours and why, the latest alerts, the state."""
    day_ago = now - timedelta(hours=24)
    with core.store.read() as conn:
        risk = risk_now(conn, country)
        changed = queries.recent_alerts_since(conn, country, day_ago, limit=500)
        families = queries.family_totals(conn, country, day_ago.date())
        latest = recent_alerts(conn, country, limit=8)
        state = _state_summary(queries.latest_verdict(conn, country))
    return {
        "country": country,
        "generated": now,
        "risk": risk,
        "last_24h": {
            "since": day_ago,
            "alerts": changed,
            "families": families,
            "events": sum(families.values()),
        },
        "latest_alerts": latest,
        "state": state,
    }


def events_page(
    core: Any,
    recent: Any,
    f: queries.EventFilter,
    limit: int,
    before: tuple[date, int] | None,
    links: bool = False,
) -> tuple[list[Any], Any]:
    """One page of events (kept two seconds: see app.state.recent); ``links`` adds each checked href."""

    def load() -> tuple[list[Any], Any]:
        with core.store.read() as conn:
            rows, following = queries.list_events(conn, f, limit=limit, before=before)
        if links:  # checked here once per page, not by a template macro per outlet
            for row in rows:
                row["href"] = safe_url(row["url"])
                for outlet in row["outlets"]:
                    outlet["href"] = safe_url(outlet["url"])
        return rows, following

    return recent.get(("events", f, limit, before, links), load)


def _bucket(span_days: int) -> str:
    return "day" if span_days <= 120 else "week" if span_days <= 3 * 365 else "month"


def _bucket_start(day: date, bucket: str) -> date:
    if bucket == "week":
        return day - timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day


def _timeline_uncached(core: Any, country: str, since: date | None, until: date | None) -> dict[str, Any]:
    with core.store.read() as conn:
        counts = queries.family_counts(conn, country, since, until)
        risk = queries.risk_series(conn, country, since, until)
        verdicts = [v for v in queries_verdicts(conn, country) if _within(v.get("date"), since, until)]
    days = [c[0] for c in counts] + [r["date"] for r in risk]
    span = (max(days) - min(days)).days if days else 0
    bucket = _bucket(span)
    per_family: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for day, family, n in counts:
        per_family[family][_bucket_start(day, bucket)] += n
    markers = [
        {
            "date": v.get("date"),
            "event_type": v.get("event_type"),
            "subject": v.get("subject") or "",
            "alerts": list(v.get("alerts") or []),
            "constitutional": v.get("constitutional"),
        }
        for v in verdicts
    ]
    return {
        "bucket": bucket,
        "families": {
            f: sorted((d.isoformat(), n) for d, n in per_family[f].items())
            for f in SHOWN_FAMILIES
            if f in per_family
        },
        "risk": [{"date": r["date"].isoformat(), "score": r["score"], "level": r["level"]} for r in risk],
        "institutional": markers,
    }


def queries_verdicts(conn: Any, country: str) -> list[dict[str, Any]]:
    from centinela.store.institutions import list_verdicts

    return list_verdicts(conn, country)


def _within(value: Any, since: date | None, until: date | None) -> bool:
    day = date.fromisoformat(str(value)[:10]) if value else None
    return day is not None and (since is None or day >= since) and (until is None or day <= until)


def timeline(core: Any, cache: Any, country: str, since: date | None, until: date | None) -> dict[str, Any]:
    return cache.get(
        ("timeline", country, since, until), lambda: _timeline_uncached(core, country, since, until)
    )


def map_counts(core: Any, cache: Any, country: str, since: date | None, until: date | None) -> dict[str, int]:
    def load() -> dict[str, int]:
        with core.store.read() as conn:
            return queries.region_counts(conn, country, since, until)

    return cache.get(("regions", country, since, until), load)


def default_window(core: Any, cache: Any, country: str, days: int = 90) -> tuple[date | None, date | None]:
    """The last ``days`` days that have events (the demo data ends years ago: show where the data is)."""

    def load() -> tuple[date | None, date | None]:
        with core.store.read() as conn:
            return queries.event_span(conn, country)

    first, last = cache.get(("span", country), load)
    if last is None:
        return None, None
    return max(first, last - timedelta(days=days)) if first else None, last


def institutions(core: Any, country: str) -> dict[str, Any]:
    with core.store.read() as conn:
        verdicts = queries_verdicts(conn, country)
    history = [
        {
            k: v.get(k)
            for k in (
                "date",
                "event_type",
                "subject",
                "votes_for",
                "votes_against",
                "abstentions",
                "threshold",
                "threshold_rule",
                "margin",
                "computed_outcome",
                "recorded_outcome",
                "constitutional",
                "reason",
                "rule_id",
            )
        }
        | {"alerts": v.get("alert_details") or []}
        for v in reversed(verdicts)
    ]
    return {
        "country": country,
        "state": _state_summary(verdicts[-1] if verdicts else None),
        "history": history,
    }


def projection(
    core: Any, cache: Any, country: str, event_type: str, on: date | None, positions: dict[str, str]
) -> dict[str, Any]:
    """The vote projection by bancada, or why there is none (no pack, no bancada data for the day)."""
    from centinela.errors import CentinelaError
    from centinela.institutions import composition, load_pack, project

    try:
        pack = load_pack(country)
    except CentinelaError as exc:
        return {"error": str(exc), "blocs": [], "event_types": []}
    voted = sorted(name for name, t in pack.event_types.items() if t.voted)
    first = min((s.seat_from for s in pack.bancadas), default=None)
    last = max((s.seat_to for s in pack.bancadas), default=None)
    if first is None or last is None:
        return {"error": "no bancada data in this country pack", "blocs": [], "event_types": voted}
    day = min(max(on or datetime.now(UTC).date(), first), last)
    try:
        blocs = cache.get(("composition", country, day), lambda: composition(pack, day))
        result = project(pack, blocs, positions, event_type=event_type, on=day, default="absent").to_dict()
    except CentinelaError as exc:
        return {"error": str(exc), "blocs": [], "event_types": voted, "date": day.isoformat()}
    return result | {"event_types": voted, "coverage": [first.isoformat(), last.isoformat()], "error": None}


def _motions_of(verdicts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for v in verdicts:
        for m in (v.get("state") or {}).get("open_motions") or []:
            key = (m.get("kind"), m.get("subject"), m.get("opened"))
            seen[key] = m  # the latest view of each motion wins: its stage and deadline as they stand
    return list(seen.values())


def agenda(core: Any, country: str, today: date) -> dict[str, Any]:
    """Decision points: motions still open (upcoming) and those seen in the stored history (past)."""
    from centinela.alerts.agenda import motion_items

    with core.store.read() as conn:
        verdicts = queries_verdicts(conn, country)
    open_now = (verdicts[-1].get("state") or {}).get("open_motions") or [] if verdicts else []
    current = {(m.get("kind"), m.get("subject"), m.get("opened")) for m in open_now}
    motions = [m for m in _motions_of(verdicts) if m.get("window_from") or m.get("deadline")]
    upcoming: list[Any] = []
    past: list[Any] = []
    for item, motion in zip(motion_items(motions), motions, strict=True):
        last = item.end or item.start
        last_day = last.date() if isinstance(last, datetime) else last
        key = (motion.get("kind"), motion.get("subject"), motion.get("opened"))
        (upcoming if key in current and last_day >= today else past).append(item)
    return {"upcoming": upcoming, "past": sorted(past, key=lambda i: str(i.start), reverse=True)}


def sources(core: Any, now: datetime) -> list[dict[str, Any]]:
    from dataclasses import asdict

    from centinela.sources.schedule import health
    from centinela.store.sources import list_sources

    s = core.settings
    with core.store.read() as conn:
        rows = list_sources(conn)
    out = []
    for row in rows:
        h = health(
            row,
            now,
            silent_factor=s.silent_factor,
            failing_streak=s.failing_streak,
            poll_interval=s.poll_interval,
        )
        out.append(
            asdict(h)
            | {
                "id": row["id"],
                "country": row["country"],
                "lang": row["lang"],
                "kind": row["kind"],
                "items_total": row["items_total"],
            }
        )
    return out
