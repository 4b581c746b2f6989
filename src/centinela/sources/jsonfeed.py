"""JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1) from bytes. Pure, no I/O."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from dateutil import parser as dateparser

from centinela.errors import FeedError
from centinela.sources.model import FeedItem, ParsedFeed, lang_code
from centinela.sources.normalize import absolute_link, html_to_text, one_line


def _date(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = dateparser.isoparse(value.strip())
    except (ValueError, OverflowError):
        try:
            parsed = dateparser.parse(value)
        except (ValueError, OverflowError, TypeError):
            return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _author(item: dict[str, Any]) -> str:
    authors = item.get("authors")
    if isinstance(authors, list) and authors and isinstance(authors[0], dict):
        return one_line(_text(authors[0].get("name")), 500)
    author = item.get("author")  # version 1.0
    return one_line(_text(author.get("name")), 500) if isinstance(author, dict) else ""


def _item(item: dict[str, Any], base_url: str, feed_lang: str) -> FeedItem:
    guid = item.get("id")
    guid = str(guid).strip()[:2048] if isinstance(guid, str | int) and str(guid).strip() else None
    link = absolute_link(_text(item.get("url")) or _text(item.get("external_url")), base_url)
    body = _text(item.get("content_html")) or _text(item.get("content_text")) or _text(item.get("summary"))
    return FeedItem(
        title=one_line(_text(item.get("title"))),
        link=link,
        guid=guid,
        summary=html_to_text(body),
        published=_date(item.get("date_published")) or _date(item.get("date_modified")),
        author=_author(item),
        lang=lang_code(_text(item.get("language"))) or feed_lang,
    )


def parse_json_feed(body: bytes, base_url: str = "") -> ParsedFeed:
    try:
        doc = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise FeedError(f"not a valid JSON document: {' '.join(str(exc).split())[:150]}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise FeedError("not a feed: a JSON document without the items of a JSON Feed")
    version = _text(doc.get("version"))
    warning = None if "jsonfeed.org" in version else "JSON document without a JSON Feed version"
    feed_lang = lang_code(_text(doc.get("language")))
    items = tuple(_item(i, base_url, feed_lang) for i in doc["items"] if isinstance(i, dict))
    return ParsedFeed(
        version="json" + version.rstrip("/").rsplit("/", 1)[-1] if version else "json",
        title=one_line(_text(doc.get("title"))),
        lang=feed_lang,
        items=items,
        warning=warning,
    )
