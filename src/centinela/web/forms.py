"""The admin forms read and checked: subscriptions, sources, hand-entered events. Each change is audited."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fastapi import Request
from sqlalchemy.engine import Connection

from centinela.coding.ontology import CODES, MODALITIES
from centinela.errors import UsageError
from centinela.store import web as queries
from centinela.web.safety import safe_url


def _words(value: Any) -> list[str]:
    """A form field of comma-separated words (or a repeated field) as a list."""
    items = value if isinstance(value, list) else [value]
    return [w.strip() for item in items for w in str(item or "").split(",") if w.strip()]


def admin_lists(conn: Connection) -> dict[str, Any]:
    from centinela.alerts.channels import mask_url
    from centinela.store.sources import list_sources
    from centinela.store.subscriptions import list_subscriptions, rule_of

    subscriptions = [
        {
            "id": r["id"],
            "channel": mask_url(r["channel"]),
            "rules": rule_of(r).describe(),
            "digest": r["digest"],
            "quiet_hours": r["quiet_hours"],
            "tz": r["tz"],
        }
        for r in list_subscriptions(conn)
    ]
    return {
        "subscriptions": subscriptions,
        "sources": list_sources(conn),
        "audit": queries.list_audit(conn, limit=10),
    }


def add_subscription(core: Any, user: str, form: dict[str, Any]) -> int:
    from centinela.alerts.channels import mask_url, validate_channel
    from centinela.alerts.rules import make_rule
    from centinela.alerts.schedule import Timing, check_timing
    from centinela.store.subscriptions import add_subscription as store_subscription

    rule = make_rule(
        _words(form.get("codes")),
        _words(form.get("levels")),
        _words(form.get("countries")),
        _words(form.get("places")),
        _words(form.get("keywords")),
        form.get("all") == "on",
    )
    hour_text = str(form.get("digest_hour") or "").strip()
    hour = int(hour_text) if hour_text.isdigit() else core.settings.digest_hour
    timing = check_timing(
        Timing(
            str(form.get("digest") or "").strip().lower(),
            hour,
            str(form.get("quiet_hours") or "").strip(),
            str(form.get("tz") or "UTC").strip(),
        )
    )
    url = validate_channel(str(form.get("channel") or ""), core.settings.allow_private_hosts)
    now = datetime.now(UTC)
    with core.store.write() as conn:
        sub_id = store_subscription(conn, url, rule, timing, now)
        # The audit log keeps the channel masked: it outlives the subscription and is shown to every admin.
        after = {"channel": mask_url(url), "rules": rule.describe(), "digest": timing.digest, "tz": timing.tz}
        queries.add_audit(conn, user, "create", "subscriptions", sub_id, None, after, now)
    return sub_id


def remove_subscription(core: Any, user: str, sub_id: int) -> bool:
    from centinela.alerts.channels import mask_url
    from centinela.store.subscriptions import get_subscription
    from centinela.store.subscriptions import remove_subscription as store_remove

    now = datetime.now(UTC)
    with core.store.write() as conn:
        found = get_subscription(conn, sub_id)
        if found is None or not store_remove(conn, sub_id):
            return False
        queries.add_audit(
            conn, user, "delete", "subscriptions", sub_id, {"channel": mask_url(found["channel"])}, None, now
        )
    return True


def add_source(core: Any, user: str, form: dict[str, Any]) -> int:
    from centinela.store.sources import add_source as store_add
    from centinela.store.sources import get_source

    url = safe_url(str(form.get("url") or "").strip())
    if url is None or len(url) > 2048:
        raise UsageError("a source is an http or https address")
    country = str(form.get("country") or "").strip().upper()
    if country and (len(country) != 2 or not country.isalpha()):
        raise UsageError(f"country {country[:10]!r} is not a two-letter ISO code")
    now = datetime.now(UTC)
    with core.store.write() as conn:
        if get_source(conn, url) is not None:
            raise UsageError(f"{url} is already a source")
        name, lang = str(form.get("name") or "")[:200], str(form.get("lang") or "")[:8]
        source_id = store_add(conn, url, now, name=name, country=country, lang=lang)
        queries.add_audit(
            conn,
            user,
            "create",
            "sources",
            source_id,
            None,
            {"url": url, "name": name, "country": country, "lang": lang},
            now,
        )
    return source_id


def remove_source(core: Any, user: str, source_id: int) -> bool:
    from centinela.store.sources import list_sources
    from centinela.store.sources import remove_source as store_remove

    now = datetime.now(UTC)
    with core.store.write() as conn:
        found = next((s for s in list_sources(conn) if s["id"] == source_id), None)
        if found is None or not store_remove(conn, str(source_id)):
            return False
        queries.add_audit(
            conn,
            user,
            "delete",
            "sources",
            source_id,
            {"url": found["url"], "name": found["name"]},
            None,
            now,
        )
    return True


def event_choices(request: Request) -> dict[str, Any]:
    from centinela.web.pages import _departments

    return {
        "codes": [c for c in CODES if c.family != "none"],
        "modalities": MODALITIES,
        "departments": _departments(request),
    }


def _confidence(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"confidence {text[:20]!r} is not a number between 0 and 1") from None
    if not 0.0 <= value <= 1.0:
        raise UsageError("confidence is a number between 0 and 1")
    return value


def event_values(form: dict[str, Any], choices: dict[str, Any]) -> dict[str, Any]:
    """The checked fields of a hand-entered event; raises UsageError naming the first wrong field."""
    by_name = {c.name: c for c in choices["codes"]}
    code = str(form.get("code") or "")
    if code not in by_name:
        raise UsageError(f"unknown event code {code[:40]!r}")
    modality = str(form.get("modality") or "actual")
    if modality not in choices["modalities"]:
        raise UsageError(f"unknown modality {modality[:20]!r}")
    region = str(form.get("region") or "").upper()
    if region and region not in {code for code, _ in choices["departments"]}:
        raise UsageError(f"unknown department {region[:20]!r}")
    country = str(form.get("country") or "PE").strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise UsageError(f"country {country[:10]!r} is not a two-letter ISO code")
    try:
        day = date.fromisoformat(str(form.get("date") or "").strip())
    except ValueError:
        raise UsageError("date: use YYYY-MM-DD") from None
    evidence = str(form.get("evidence") or "").strip()
    if not evidence or len(evidence) > 5000:
        raise UsageError("the evidence sentence is required (at most 5000 characters)")
    source = str(form.get("source_url") or "").strip()
    if source and safe_url(source) is None:
        raise UsageError("the source is an http or https address")
    return {
        "code": code,
        "family": by_name[code].family,
        "modality": modality,
        "confidence": _confidence(str(form.get("confidence") or "1")),
        "evidence": evidence,
        "country": country,
        "region": region,
        "date": day,
        "actors": [{"name": a[:200]} for a in _words(form.get("actors"))[:20]],
        "source_url": source,
    }
