"""Article pages: title, main text, author and date with trafilatura. Pure (HTML in, Article out).

trafilatura returns plain text already; it still goes through our scrub so that nothing the page
smuggled into its text (an escaped tag, a ``javascript:`` link) is stored.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from centinela.sources.model import Article
from centinela.sources.normalize import MAX_TEXT, decode_html, one_line, plain_text, strip_leading_title

HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_html(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return not media or media in HTML_TYPES


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def extract_article(body: bytes | str, url: str = "", content_type: str = "") -> Article | None:
    """The article on a page, or None when the extractor finds no main text."""
    import trafilatura  # heavy (about 0.7 s): only runs that fetch pages pay for it

    # trafilatura logs every short page at WARNING: for news items that is the normal case.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)

    html = body if isinstance(body, str) else decode_html(body, content_type)
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
        )
    except Exception:  # noqa: BLE001 - an extractor failure on one page costs that page only
        return None
    if doc is None:
        return None
    text = plain_text(getattr(doc, "text", None) or "", MAX_TEXT)
    if not text:
        return None
    title = one_line(getattr(doc, "title", None) or "")
    return Article(
        title=title,
        text=strip_leading_title(text, title) if title else text,
        author=one_line(getattr(doc, "author", None) or "", 500),
        published=_date(getattr(doc, "date", None)),
    )
