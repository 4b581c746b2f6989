"""Alerts as an Atom feed (RFC 4287): per country or per subscription. A pure function over alert rows.

Entry ids are derived from the alert's key, so a feed reader sees an alert once however often the
feed is rebuilt; every evidence URL is a link, and the content is the same text a subscriber gets.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from centinela.alerts.render import alert_text, alert_title

ATOM = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 forbids: a stray control character from a scraped page must not break the feed.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: Any) -> str:
    return _ILLEGAL.sub("", str(text or ""))


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return aware.isoformat(timespec="seconds").replace("+00:00", "Z")
    return f"{value}T00:00:00Z" if value else "1970-01-01T00:00:00Z"


def entry_id(key: str) -> str:
    """A stable, opaque id for the alert with this key (a name-based UUID)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"centinela:alert:{key}").urn


def feed_id(scope: str) -> str:
    """The feed's own id: 'country:PE' or 'subscription:3'."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"centinela:feed:{scope}").urn


def _sub(parent: ET.Element, tag: str, text: Any = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _entry(feed: ET.Element, alert: Mapping[str, Any]) -> None:
    entry = _sub(feed, "entry")
    _sub(entry, "id", entry_id(str(alert.get("key"))))
    _sub(entry, "title", alert_title(alert), type="text")
    stamp = _when(alert.get("created") or alert.get("date"))
    _sub(entry, "updated", stamp)
    _sub(entry, "published", stamp)
    urls = [str(e.get("url")) for e in alert.get("evidence") or () if e.get("url")]
    for i, url in enumerate(dict.fromkeys(urls)):
        _sub(entry, "link", href=url, rel="alternate" if i == 0 else "related")
    for term in (alert.get("code"), alert.get("level"), alert.get("kind")):
        if term:
            _sub(entry, "category", term=str(term))
    if alert.get("body"):
        _sub(entry, "summary", alert.get("body"), type="text")
    _sub(entry, "content", alert_text(alert), type="text")


def atom_feed(
    alerts: Sequence[Mapping[str, Any]],
    *,
    title: str,
    scope: str,
    self_url: str = "",
    updated: datetime | None = None,
) -> str:
    """The Atom document for ``alerts`` (newest first in the feed, whatever order they come in).

    ``scope`` names the feed ('country:PE', 'subscription:3') and fixes its id; ``updated``
    defaults to the newest alert's time, so the same alerts always give the same document.
    """
    ordered = sorted(alerts, key=lambda a: (_when(a.get("created") or a.get("date")), a.get("id") or 0))[::-1]
    # Plain tag names and an xmlns attribute: ElementTree would otherwise invent ns0: prefixes.
    feed = ET.Element("feed", xmlns=ATOM)
    _sub(feed, "id", feed_id(scope))
    _sub(feed, "title", title, type="text")
    newest = _when(ordered[0].get("created") or ordered[0].get("date")) if ordered else _when(None)
    _sub(feed, "updated", _when(updated) if updated else newest)
    author = _sub(feed, "author")
    _sub(author, "name", "centinela")
    _sub(feed, "generator", "centinela")
    if self_url:
        _sub(feed, "link", href=self_url, rel="self", type="application/atom+xml")
    for alert in ordered:
        _entry(feed, alert)
    body = ET.tostring(feed, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"
