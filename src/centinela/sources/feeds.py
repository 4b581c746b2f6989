"""Feeds from bytes: RSS 0.9x/1.0/2.0, Atom, CDF (feedparser) and JSON Feed. Pure, no I/O.

feedparser expands entities declared in a DOCTYPE, so a document that declares any is refused
before a parser sees it (the "billion laughs" bomb and its relatives). What comes out is a list of
:class:`FeedItem` with plain-text title and summary, absolute links and UTC dates.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import re
from datetime import datetime

import feedparser

from centinela.errors import FeedError
from centinela.sources.jsonfeed import parse_json_feed
from centinela.sources.model import FeedItem, ParsedFeed, lang_code
from centinela.sources.normalize import absolute_link, html_to_text, one_line, struct_to_datetime

_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(r"<!ENTITY", re.IGNORECASE)
_DECLARED = re.compile(r"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)
#: Bozo exceptions that say nothing is wrong with the items themselves.
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def sniff_text(body: bytes) -> str:
    """The document as text, well enough to find markup: UTF-16/32 by their BOM or zero bytes
    (XML 1.0 appendix F), EBCDIC by its first bytes, anything else as Latin-1 (every
    ASCII-compatible encoding writes markup in the same bytes)."""
    head = body[:4]
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return body.decode("utf-32", errors="replace")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", errors="replace")
    if len(head) == 4:
        if head[:3] == b"\0\0\0" or head[1:] == b"\0\0\0":
            return body.decode("utf-32-be" if head[0] == 0 else "utf-32-le", errors="replace")
        if head[0] == 0 or head[1] == 0:
            return body.decode("utf-16-be" if head[0] == 0 else "utf-16-le", errors="replace")
        if head == b"\x4c\x6f\xa7\x94":  # "<?xm" in EBCDIC
            return body.decode("cp037", errors="replace")
    return body.decode("latin-1")


def _views(body: bytes) -> list[str]:
    view = sniff_text(body)
    views = [view]
    declared = _DECLARED.match(view)
    if declared:
        # Also read it as the document says it is written (UTF-7 hides "<!" from a byte search).
        with contextlib.suppress(LookupError, ValueError):
            views.append(body.decode(declared.group(1), errors="replace"))
    return views


def refuse_entity_declarations(body: bytes) -> None:
    """Raise FeedError when the document declares entities in a DOCTYPE."""
    for view in _views(body):
        doctype = _DOCTYPE.search(view)
        if doctype and _ENTITY.search(view, doctype.end()):
            raise FeedError(
                "refused: the document declares XML entities in its DOCTYPE (possible entity-expansion bomb)"
            )


def looks_like_json(body: bytes) -> bool:
    return sniff_text(body[:256]).lstrip("\ufeff \t\r\n").startswith("{")


def looks_like_html(body: bytes) -> bool:
    return bool(_HTML_START.match(sniff_text(body[:4096]).lstrip("\ufeff")))


def _truncated(body: bytes) -> bool:
    """True when the root element is never closed: the body was cut short."""
    view = sniff_text(body)
    head = _COMMENT.sub("", view[:65536])
    root = _ROOT.search(head)
    if root is None:
        return False
    return re.search(rf"</\s*{re.escape(root.group(1))}\s*>", view[-4096:]) is None


def parse_feed(body: bytes, content_type: str = "", base_url: str = "") -> ParsedFeed:
    """Parse a feed; FeedError when it is refused, empty, HTML, or holds no feed at all."""
    if not body.strip():
        raise FeedError("empty response: no feed")
    if looks_like_json(body):
        return parse_json_feed(body, base_url)
    refuse_entity_declarations(body)
    headers = {"content-type": content_type or "application/xml"}
    if base_url:
        headers["content-location"] = base_url
    # BytesIO: a plain string could make feedparser open a URL or a file of that name.
    # No sanitising or URI rewriting inside content: it is reduced to plain text below anyway.
    result = feedparser.parse(
        io.BytesIO(body), response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    version = result.get("version") or ""
    entries = list(result.get("entries") or [])
    error = result.get("bozo_exception") if result.get("bozo") else None
    if not version and not entries:
        if looks_like_html(body) or "html" in content_type.lower():
            raise FeedError("not a feed: the address answered with an HTML page")
        reason = f" ({_one_line_error(error)})" if error else ""
        raise FeedError(f"not a feed: no RSS, Atom or JSON Feed found{reason}")
    warning = None
    if error is not None and not isinstance(error, _HARMLESS):
        warning = f"malformed feed, kept what parsed: {_one_line_error(error)}"
        if entries and _truncated(body):
            entries = entries[:-1]  # the last item was cut off mid-way: do not store half of it
            warning = f"truncated feed, kept {len(entries)} complete items: {_one_line_error(error)}"
    feed = result.get("feed") or {}
    feed_lang = lang_code(feed.get("language") or "")
    items = tuple(_item(e, base_url, feed_lang) for e in entries)
    return ParsedFeed(
        version=version, title=one_line(feed.get("title")), lang=feed_lang, items=items, warning=warning
    )


def _one_line_error(error: object) -> str:
    return " ".join(str(error).split())[:200] or type(error).__name__


def _entry_date(entry: dict) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = struct_to_datetime(entry.get(key))
        if value is not None:
            return value
    return None


def _entry_body(entry: dict) -> str:
    # The fullest text the feed carries: content:encoded / atom:content before the summary.
    texts = [c.get("value") or "" for c in entry.get("content") or [] if isinstance(c, dict)]
    texts.append(entry.get("summary") or "")
    return max(texts, key=len)


def _item(entry: dict, base_url: str, feed_lang: str) -> FeedItem:
    link = absolute_link(entry.get("link"), base_url)
    guid = (entry.get("id") or "").strip() or None
    if link is None and guid:
        link = absolute_link(guid, None)  # a permalink GUID is the item's address
    lang = lang_code(entry.get("language") or "") or feed_lang
    return FeedItem(
        title=one_line(entry.get("title")),
        link=link,
        guid=guid[:2048] if guid else None,
        summary=html_to_text(_entry_body(entry)),
        published=_entry_date(entry),
        author=one_line(entry.get("author"), 500),
        lang=lang,
    )
