"""The web app factory: the JSON API, the server-rendered pages and the admin, over one composition root.

    from centinela.web import create_app
    asgi = create_app(App(settings))

Everything the app keeps between requests (templates, catalogues, caches, the login limiter) lives
on ``app.state``, built here: nothing is kept at module level.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from centinela.errors import CentinelaError
from centinela.web import auth, i18n, render
from centinela.web.safety import SecurityHeaders

HERE = Path(__file__).parent
STATIC = HERE / "static"
VERSION = "0.1.0"


class Cache:
    """A small time-limited cache for aggregates; one per app."""

    def __init__(self, ttl: float, size: int = 256) -> None:
        self.ttl, self.size = ttl, size
        self._items: dict[Hashable, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, load: Callable[[], Any]) -> Any:
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        value = load()
        with self._lock:
            if len(self._items) >= self.size:
                self._items.clear()
            self._items[key] = (now + self.ttl, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def _plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def _wants_html(request: Request) -> bool:
    # Pages answer errors as pages (browsers, curl); the API and clients asking for JSON get JSON.
    return not request.url.path.startswith("/api") and "application/json" not in request.headers.get(
        "accept", ""
    )


def _install_errors(api: FastAPI) -> None:
    @api.exception_handler(auth.LoginRequired)
    async def _login(request: Request, _exc: auth.LoginRequired) -> Response:
        if request.method == "GET":
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        return JSONResponse({"detail": "login required"}, status_code=403)

    @api.exception_handler(auth.CsrfError)
    async def _csrf(_request: Request, _exc: auth.CsrfError) -> Response:
        return JSONResponse(
            {"detail": "the form expired or did not come from this site; reload it"}, status_code=403
        )

    @api.exception_handler(CentinelaError)
    async def _core(_request: Request, exc: CentinelaError) -> Response:
        # The core's named errors are the user's to fix (bad date, unknown code): say it, never a 500.
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @api.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_html(request) and exc.status_code in (404, 400):
            return render.error_page(request, exc.status_code, str(exc.detail))
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @api.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if _wants_html(request):
            return render.error_page(request, 400, "; ".join(str(e.get("msg")) for e in exc.errors()[:3]))
        return JSONResponse({"detail": exc.errors()}, status_code=422)


def create_app(core: Any) -> FastAPI:
    """The ASGI app over ``core`` (a centinela.app.App: settings and store)."""
    from centinela.web import admin, api, pages

    app = FastAPI(
        title="centinela",
        version=VERSION,
        summary="Early warning of political crises: risk, coded events with evidence, institutions, alerts.",
        docs_url=None,  # the stock docs pages load scripts from a CDN; /api lists the endpoints instead
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.core = core
    app.state.catalogues = i18n.load_catalogues()
    app.state.templates = render.environment()
    app.state.words = render.word_tables(app.state.catalogues)
    app.state.cache = Cache(ttl=60.0)  # aggregates: data changes once per watch round (60 s by default)
    # The overview and event listings as read a moment ago: twenty readers of the same page within two
    # seconds cost one set of queries. Two seconds is far below the watch interval at which data changes.
    app.state.recent = Cache(ttl=2.0, size=512)
    app.state.shapes = Cache(ttl=10**9, size=8)  # map shapes: computed once, kept for the app's life
    app.state.accounts = auth.Accounts(core)
    app.state.limiter = auth.LoginLimiter(core.settings.login_attempts, core.settings.login_window)
    _install_errors(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(admin.router)

    plotly_path = _plotly_js()

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        # Served from the installed plotly package: nothing third-party is copied into this repository.
        return FileResponse(
            plotly_path, media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"}
        )

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=5)  # 9 costs more CPU than it saves
    app.add_middleware(SecurityHeaders)
    return app
