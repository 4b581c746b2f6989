"""From a feed item (and its article page, when fetched) to a document ready to store. Pure.

Title: the page's when the extractor found one, else the feed's. Text: the page's main text, else
the feed's summary. Dates in the future or the far past are flagged and not trusted. Language: the
detector's answer when it is sure, else what the feed or the source declares, else ``und``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from centinela.coding.dedupe import canonical_url, fingerprints
from centinela.coding.language import detect_language
from centinela.model import Document
from centinela.sources.model import Article, FeedItem, Prepared, lang_code
from centinela.sources.normalize import MAX_TEXT, check_date, html_to_text, one_line

MAX_URL = 2048


@dataclass(frozen=True, slots=True)
class Context:
    """Where items come from and the rules for their dates."""

    source: str
    outlet: str
    fetched: datetime
    future_tolerance_hours: float = 24.0
    past_limit_days: float | None = 3650.0
    lang: str = ""


def outlet_of(url: str, name: str = "") -> str:
    """The outlet a source stands for: its name when it has one, else its host without 'www.'."""
    if name:
        return name
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        host = ""
    return (host[4:] if host.startswith("www.") else host) or url[:500]


def synthetic_url(source: str, key: str) -> str:
    """A stable address for an item that has no link: the feed's address and a hash of the item."""
    digest = hashlib.sha1(key.encode("utf-8", "replace")).hexdigest()[:20]  # noqa: S324 - an id, not security
    return f"{canonical_url(source)[: MAX_URL - 30]}#item-{digest}"


def _language(title: str, text: str, declared: str, ctx: Context) -> str:
    lang, _ = detect_language(f"{title}\n{text}")
    if lang != "und":
        return lang
    return lang_code(declared) or lang_code(ctx.lang) or "und"


def _finish(
    ctx: Context,
    *,
    url: str,
    seen_url: str,
    title: str,
    text: str,
    guid: str | None,
    author: str,
    published: datetime | None,
    declared_lang: str,
    flags: tuple[str, ...],
    match_content: bool = True,
) -> Prepared:
    trusted, date_flags = check_date(published, ctx.fetched, ctx.future_tolerance_hours, ctx.past_limit_days)
    digest, fingerprint = fingerprints(title, text)
    return Prepared(
        url=url,
        source=ctx.source,
        outlet=ctx.outlet[:500],
        title=title,
        text=text,
        lang=_language(title, text, declared_lang, ctx)[:8],
        published=trusted,
        fetched=ctx.fetched,
        content_hash=digest,
        simhash=fingerprint,
        guid=guid[:MAX_URL] if guid else None,
        author=author[:500],
        flags=flags + date_flags,
        match_content=match_content,
        seen_url=seen_url[:MAX_URL],
    )


def prepare_item(
    item: FeedItem, ctx: Context, article: Article | None = None, page_error: str | None = None
) -> Prepared | None:
    """The document for a feed item; None when it has nothing to store (no title, no text)."""
    title = (article.title if article and article.title else "") or item.title
    text = article.text if article else item.summary
    if not title and not text:
        return None
    flags: tuple[str, ...] = ()
    if item.link and len(canonical_url(item.link)) <= MAX_URL:
        url = canonical_url(item.link)
    else:
        url = synthetic_url(ctx.source, item.guid or f"{item.title}\n{item.summary}")
        flags += ("no_link",)
    if page_error:
        flags += ("page_failed:" + " ".join(page_error.split())[:200],)
    return _finish(
        ctx,
        url=url,
        seen_url=item.link or url,
        title=title,
        text=text,
        guid=item.guid,
        author=(article.author if article else "") or item.author,
        published=item.published or (article.published if article else None),
        declared_lang=item.lang,
        flags=flags,
    )


def prepare_document(doc: Document, ctx: Context, match_content: bool = True) -> Prepared | None:
    """The stored form of a document from a replayed corpus or an event file (title and text may be
    HTML: they are reduced to plain text like everything else)."""
    title, text = one_line(doc.title), html_to_text(doc.text, MAX_TEXT)
    if not title and not text:
        return None
    url = canonical_url(doc.url) if doc.url else ""
    flags = tuple(doc.flags)
    if not url or len(url) > MAX_URL:
        url = synthetic_url(ctx.source, doc.guid or f"{title}\n{text}")
        flags += ("no_link",)
    declared = "" if doc.lang == "und" else doc.lang
    return _finish(
        ctx,
        url=url,
        seen_url=doc.url or url,
        title=title,
        text=text,
        guid=doc.guid or None,
        author=one_line(doc.author, 500),
        published=doc.published,
        declared_lang=declared,
        flags=flags,
        match_content=match_content,
    )
