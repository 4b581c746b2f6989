"""Everything that came from outside is shown as text; only http(s) addresses become links.

Titles, sentences and outlet names are escaped by the templates (autoescape); text that may hold
markup is cleaned by nh3 down to plain text first. Security headers go on every response.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3
from markupsafe import Markup

# script-src 'self' only: the pages carry no inline script (data travels in JSON blocks that are
# never executed). Plotly writes style attributes and <style> elements, hence 'unsafe-inline' for styles.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"geolocation=(), camera=(), microphone=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
# Browsers drop tabs, newlines and other control characters inside a URL: "java\tscript:" is javascript:.
_IGNORED = re.compile(r"[\x00-\x20\x7f]+")


def safe_url(value: object) -> str | None:
    """``value`` when it is an absolute http(s) URL with a host, else None (javascript:, data:...)."""
    text = _IGNORED.sub("", str(value or ""))
    if not text:
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return text


def plain_text(value: object) -> Markup:
    """Text that may contain markup, reduced to its words: tags dropped, script and style content too."""
    return Markup(nh3.clean(str(value or ""), tags=set(), attributes={}))


def safe_next(value: str | None, default: str = "/") -> str:
    """A redirect target on this site only: '/x', never '//evil.example' or 'https://...'."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    return _IGNORED.sub("", value) or default


class SecurityHeaders:
    """ASGI middleware adding the security headers to every response (cheaper than BaseHTTPMiddleware)."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.app = app

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message) -> None:  # type: ignore[no-untyped-def]
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in HEADERS if k not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, with_headers)
