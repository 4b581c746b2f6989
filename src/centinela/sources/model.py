"""Plain data of the ingestion edge: what a feed yields, what is stored, what a run reports."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

_LANG = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_].*)?$")


def lang_code(value: str) -> str:
    """The primary language subtag, lower-cased ('es-PE' -> 'es'); '' when it is not one."""
    m = _LANG.match(value or "")
    return m.group(1).lower() if m else ""


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed, normalised: plain-text title and summary, absolute link, UTC date."""

    title: str
    link: str | None
    guid: str | None
    summary: str
    published: datetime | None
    author: str = ""
    lang: str = ""


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    version: str
    title: str
    lang: str
    items: tuple[FeedItem, ...]
    #: A recoverable problem (malformed or truncated feed): the items are those that parsed.
    warning: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """What the extractor found on an article page."""

    title: str
    text: str
    author: str = ""
    published: datetime | None = None


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document ready to store: plain text, canonical URL, fingerprints, flags."""

    url: str
    source: str
    outlet: str
    title: str
    text: str
    lang: str
    published: datetime | None
    fetched: datetime
    content_hash: str
    simhash: int
    guid: str | None = None
    author: str = ""
    flags: tuple[str, ...] = ()
    #: Compare title and text with stored documents (off for event records, which are not stories).
    match_content: bool = True
    #: The item's own address (before canonicalisation), recorded as the outlet's URL.
    seen_url: str = ""


@dataclass(slots=True)
class IngestResult:
    """What one source gave in one run: the JSON line of ``centinela ingest --format json``."""

    source: str
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    unchanged: bool = False
    error: str | None = None
    warning: str | None = field(default=None, repr=False)

    def as_dict(self) -> dict[str, Any]:
        row = asdict(self)
        row.pop("warning")
        return row
