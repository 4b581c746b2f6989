"""Rendering pages: the Jinja2 environment, its filters, what every page knows (language, country, user)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from centinela.web import i18n
from centinela.web.safety import plain_text, safe_url

TEMPLATES = Path(__file__).with_name("templates")
LANG_COOKIE = "centinela_lang"
N_ = str  # marks a message for the catalogue; templates translate it when shown
NAV = (
    ("/", N_("Overview")),
    ("/timeline", N_("Timeline")),
    ("/map", N_("Map")),
    ("/institutions", N_("Institutions")),
    ("/events", N_("Events")),
    ("/alerts", N_("Alerts")),
    ("/agenda", N_("Agenda")),
    ("/sources", N_("Sources")),
)


def word_tables(catalogues: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Each data word in each language, translated once when the app starts (not on every page)."""
    from centinela.web.terms import ALL

    return {
        lang: {w.replace(" ", "_"): i18n.Translator(catalogues, lang).gettext(w) for w in ALL}
        for lang in i18n.LANGUAGES
    }


def _when(value: Any, fmt: str = "%Y-%m-%d %H:%M UTC") -> str:
    if isinstance(value, datetime):
        aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return aware.strftime(fmt)
    if isinstance(value, date):
        return value.isoformat()
    return str(value or "")


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value
        return aware.isoformat()
    return value.isoformat() if isinstance(value, date) else str(value or "")


def _json_block(value: Any) -> Markup:
    # JSON inside <script type="application/json">: escape what could close the element or start a comment.
    text = json.dumps(value, ensure_ascii=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _percent(value: Any) -> str:
    try:
        return f"{float(value) * 100:.0f}%"
    except (TypeError, ValueError):
        return ""


def _words(value: Any) -> str:
    return str(value or "").replace("_", " ")


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "xml", "svg"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(
        safe_url=safe_url,
        plain=plain_text,
        when=_when,
        iso=_iso,
        json_block=_json_block,
        percent=_percent,
        words=_words,
    )
    return env


def language(request: Request) -> str:
    return i18n.negotiate(
        request.query_params.get("lang"),
        request.cookies.get(LANG_COOKIE),
        request.headers.get("accept-language"),
    )


def country_of(request: Request) -> str:
    code = (request.query_params.get("country") or request.app.state.core.settings.country or "PE").upper()
    return code if len(code) == 2 and code.isalpha() else "PE"


def url_with(request: Request, **changes: Any) -> str:
    """This page's address with some query parameters changed (None removes one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def _who(request: Request) -> tuple[str | None, str | None]:
    """The logged-in user and their CSRF token: set by admin routes, else looked up when a cookie is sent."""
    if hasattr(request.state, "user"):
        return request.state.user, getattr(request.state, "csrf", None)
    from centinela.web.auth import SESSION_COOKIE

    token = request.cookies.get(SESSION_COOKIE)
    found = request.app.state.accounts.session(token) if token else None
    return (found["username"], found["csrf"]) if found else (None, None)


def context(request: Request, **extra: Any) -> dict[str, Any]:
    from centinela.web.views import country_name

    lang = language(request)
    t = i18n.Translator(request.app.state.catalogues, lang)
    country = country_of(request)
    words = request.app.state.words[lang]
    user, csrf = _who(request)
    return {
        "request": request,
        "_": t.gettext,
        "word": lambda w: words.get(w) or str(w or "").replace("_", " "),
        "ngettext": t.ngettext,
        "lang": lang,
        "languages": i18n.LANGUAGE_NAMES,
        "country": country,
        "country_name": country_name(country, lang),
        "nav": NAV,
        "path": request.url.path,
        "url_with": lambda **kw: url_with(request, **kw),
        "user": user,
        "csrf": csrf,
        "now": datetime.now(UTC),
    } | extra


def page(
    request: Request, template: str, status_code: int = 200, shared: bool = False, **extra: Any
) -> HTMLResponse:
    """Render ``template``. A ``shared`` page is the same for every anonymous reader of one address and
    language, so its HTML is kept with the data it shows (two seconds, app.state.recent)."""
    from centinela.web.auth import SESSION_COOKIE

    lang = language(request)
    templates = request.app.state.templates
    if shared and SESSION_COOKIE not in request.cookies:
        key = ("page", template, request.url.path, request.url.query, lang)
        html = request.app.state.recent.get(
            key, lambda: templates.get_template(template).render(context(request, **extra))
        )
        user = None
    else:
        ctx = context(request, **extra)
        html, user = templates.get_template(template).render(ctx), ctx["user"]
    response = HTMLResponse(html, status_code=status_code)
    response.headers["Cache-Control"] = "no-store" if user else "private, max-age=0"
    chosen = request.query_params.get("lang")
    if chosen in i18n.LANGUAGES:
        # The switch is remembered for a year; it is not a secret, and pages read it, so not HttpOnly.
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 86400, samesite="lax", path="/")
    response.headers["Content-Language"] = lang
    return response


def error_page(request: Request, status_code: int, detail: str) -> HTMLResponse:
    return page(request, "error.html", status_code=status_code, status=status_code, detail=detail)
