"""Normalisers: plain text from HTML, safe text, links, encodings and dates. Pure functions.

Everything stored is plain text: markup, comments, scripts and styles are removed, entities are
decoded, and a final scrub makes sure that nothing which a browser could read as a tag, a
``javascript:`` link or an event handler survives (even when it arrived entity-escaped).
"""

from __future__ import annotations

import codecs
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

#: Elements whose content is never text a reader sees.
_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "head",
        "select",
        "textarea",
        "applet",
        "frameset",
        "noembed",
        "noframes",
    }
)
#: Elements that end a line of text.
_BLOCK = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "pre",
        "hr",
        "dd",
        "dt",
        "dl",
        "figure",
        "figcaption",
        "aside",
        "nav",
        "main",
        "address",
    }
)
MAX_TEXT = 200_000
MAX_TITLE = 1_000


class _TextParser(HTMLParser):
    """Collects the visible text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            # In HTML a line break in the source is a space; lines come from block elements.
            self.parts.append(data.replace("\r", " ").replace("\n", " "))


_TAGLIKE = re.compile(r"<(?=[A-Za-z!/?])")
_SCRIPT_SCHEME = re.compile(r"(?:java|vb|live)script\s*:|data\s*:\s*text/html", re.IGNORECASE)
_HANDLER = re.compile(r"\bon[a-z]{3,}\s*=", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_C1 = re.compile(r"[\x80-\x9f]")
_CRUDE_TAG = re.compile(r"<[^>]*>?")


def _cp1252(m: re.Match[str]) -> str:
    # C1 controls in text are nearly always Windows-1252 bytes decoded as Latin-1 ("smart quotes").
    try:
        return m.group(0).encode("latin-1").decode("cp1252")
    except UnicodeDecodeError:
        return ""


def scrub(text: str) -> str:
    """Make already-plain text safe to store and show: no tag openings, script links, handlers or
    control characters. A ``<`` that would open a tag becomes ``‹``."""
    text = _C1.sub(_cp1252, _CONTROL.sub("", text))
    # Repeat until stable: removing one match may join two halves into a new one.
    while True:
        text, a = _SCRIPT_SCHEME.subn("", text)
        text, b = _HANDLER.subn("", text)
        if not a and not b:
            break
    # Last, as replacing "<" cannot create a scheme or a handler.
    return _TAGLIKE.sub("\u2039", text)


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def html_to_text(markup: str | None, limit: int = MAX_TEXT) -> str:
    """Visible text of an HTML fragment (or of plain text: it passes through), one paragraph a line."""
    if not markup:
        return ""
    markup = markup[: limit * 4]  # bound the work on a hostile fragment
    parser = _TextParser()
    try:
        parser.feed(markup)
        parser.close()
        raw = "".join(parser.parts)
    except Exception:  # noqa: BLE001 - the stdlib parser gives up on some garbage: strip crudely
        raw = _CRUDE_TAG.sub(" ", markup)
    return scrub(_tidy(raw))[:limit]


def plain_text(text: str | None, limit: int = MAX_TEXT) -> str:
    """Text that is already plain (an extractor's output): tidied and scrubbed, lines kept."""
    return scrub(_tidy((text or "")[: limit * 2]))[:limit]


def one_line(text: str | None, limit: int = MAX_TITLE) -> str:
    """A title: plain text on one line."""
    return " ".join(html_to_text(text, limit * 2).split())[:limit]


def strip_leading_title(text: str, title: str) -> str:
    """Article extractors repeat the headline as the first line of the text: drop it."""
    first, _, rest = text.partition("\n")
    if rest and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest
    return text


# --- links -----------------------------------------------------------------------------------------


def absolute_link(link: str | None, base: str | None) -> str | None:
    """``link`` resolved against ``base``; None unless it is an http(s) URL with a host."""
    if not link:
        return None
    try:
        url = urljoin(base or "", link.strip())
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return None
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return None
    return url


# --- encodings -------------------------------------------------------------------------------------

_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def charset_of(content_type: str | None) -> str | None:
    m = _CHARSET.search(content_type or "")
    return _known_codec(m.group(1)) if m else None


def _known_codec(name: str | bytes) -> str | None:
    label = name.decode("ascii", "ignore") if isinstance(name, bytes) else name
    try:
        codec = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    # Browsers read Latin-1 and ASCII labels as Windows-1252; so do the pages that use them.
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Text of an HTML page: BOM, then the HTTP charset, then <meta charset>, then UTF-8, then
    Windows-1252 (which decodes any byte)."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body.decode(codec, errors="replace")
    candidates = [charset_of(content_type)]
    m = _META_CHARSET.search(body[:4096])
    candidates.append(_known_codec(m.group(1)) if m else None)
    for codec in [c for c in candidates if c] + ["utf-8"]:
        try:
            return body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode("cp1252", errors="replace")


# --- dates -----------------------------------------------------------------------------------------


def struct_to_datetime(value: object) -> datetime | None:
    """A UTC datetime from feedparser's ``*_parsed`` 9-tuples (already in UTC)."""
    try:
        return datetime(*value[:6], tzinfo=UTC)  # type: ignore[index,misc]
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


def check_date(
    published: datetime | None,
    now: datetime,
    future_tolerance_hours: float,
    past_limit_days: float | None,
) -> tuple[datetime | None, tuple[str, ...]]:
    """The date to trust and the flags to store: a date in the future or the far past is flagged and
    not trusted (None), with the claimed date kept in the flag. ``past_limit_days`` None: no far past
    (an archive being backfilled is old by nature)."""
    if published is None:
        return None, ("date_missing",)
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    published = published.astimezone(UTC)
    if published > now + timedelta(hours=future_tolerance_hours):
        return None, (f"date_future:{published.isoformat()}",)
    if past_limit_days is not None and published < now - timedelta(days=past_limit_days):
        return None, (f"date_far_past:{published.isoformat()}",)
    return published, ()
