"""Admin pages behind login: subscriptions, sources, and events entered or corrected by hand.

Every admin route asks for a session first (``_session``): without one a GET goes to the login page
and anything else is refused. Every form carries its session's CSRF token; every change is written
to the audit log with who made it, before and after.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from centinela.errors import CentinelaError
from centinela.store import web as queries
from centinela.web import auth, forms
from centinela.web.render import page
from centinela.web.safety import safe_next

router = APIRouter(include_in_schema=False)


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _session(request: Request) -> dict[str, Any]:
    found = request.app.state.accounts.session(request.cookies.get(auth.SESSION_COOKIE))
    if found is None:
        raise auth.LoginRequired()
    request.state.user, request.state.csrf = found["username"], found["csrf"]
    return found


def _same_origin(request: Request) -> None:
    # SameSite cookies already stop most cross-site posts; an Origin from elsewhere is refused outright.
    origin = request.headers.get("origin")
    if origin and origin != "null" and origin.rstrip("/") != f"{request.url.scheme}://{request.url.netloc}":
        raise auth.CsrfError()


async def _form(request: Request, session: dict[str, Any]) -> dict[str, Any]:
    _same_origin(request)
    form = await request.form()
    if not auth.same_token(session["csrf"], str(form.get("csrf") or "")):
        raise auth.CsrfError()
    return {k: form.getlist(k) if len(form.getlist(k)) > 1 else form.get(k) for k in form}


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    token = auth.new_csrf()
    response = page(
        request, "login.html", login_csrf=token, next=safe_next(request.query_params.get("next"), "/admin")
    )
    response.set_cookie(
        auth.LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        path="/login",
        secure=request.app.state.core.settings.secure_cookies,
    )
    return response


N_ = str  # marks a message for the catalogue; the template translates it


def _login_refused(request: Request, status: int, message: str, retry: int = 0) -> HTMLResponse:
    token = auth.new_csrf()
    response = page(request, "login.html", status_code=status, error=message, login_csrf=token, next="/admin")
    response.set_cookie(
        auth.LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        path="/login",
        secure=request.app.state.core.settings.secure_cookies,
    )
    if retry:
        response.headers["Retry-After"] = str(retry)
    return response


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    limiter, client = request.app.state.limiter, _client(request)
    retry = limiter.retry_after(client)
    if retry:
        return _login_refused(request, 429, N_("too many failed logins; try again later"), retry)
    _same_origin(request)
    form = await request.form()
    if not auth.same_token(request.cookies.get(auth.LOGIN_CSRF_COOKIE), str(form.get("csrf") or "")):
        return _login_refused(request, 403, N_("the login form expired; try again"))
    user, password = str(form.get("user") or "")[:100], str(form.get("password") or "")[:1000]
    accounts = request.app.state.accounts
    if not user or not await run_in_threadpool(accounts.verify, user, password):
        limiter.failed(client)
        return _login_refused(request, 401, N_("wrong name or password"))
    limiter.succeeded(client)
    token, _csrf = await run_in_threadpool(accounts.open_session, user)
    target = safe_next(str(form.get("next") or ""), "/admin")
    response = RedirectResponse(target, status_code=303)
    settings = request.app.state.core.settings
    response.set_cookie(
        auth.SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        path="/",
        secure=settings.secure_cookies,
        max_age=int(settings.session_hours * 3600),
    )
    response.delete_cookie(auth.LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    session = _session(request)
    await _form(request, session)
    await run_in_threadpool(
        request.app.state.accounts.close_session, request.cookies.get(auth.SESSION_COOKIE)
    )
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response


def _admin_page(request: Request, status: int = 200, **extra: Any) -> HTMLResponse:
    core = request.app.state.core
    with core.store.read() as conn:
        data = forms.admin_lists(conn)
    return page(request, "admin/index.html", status_code=status, **data, **extra)


@router.get("/admin", response_class=HTMLResponse)
def admin_index(request: Request) -> HTMLResponse:
    _session(request)
    return _admin_page(request)


@router.post("/admin/subscriptions")
async def add_subscription(request: Request) -> Response:
    session = _session(request)
    form = await _form(request, session)
    core = request.app.state.core
    try:
        sub_id = await run_in_threadpool(forms.add_subscription, core, session["username"], form)
    except CentinelaError as exc:
        return _admin_page(request, 400, error=str(exc), form=form)
    return RedirectResponse(f"/admin?added=subscription-{sub_id}#subscriptions", status_code=303)


@router.post("/admin/subscriptions/{sub_id}/delete")
async def remove_subscription(request: Request, sub_id: int) -> Response:
    session = _session(request)
    await _form(request, session)
    await run_in_threadpool(forms.remove_subscription, request.app.state.core, session["username"], sub_id)
    return RedirectResponse("/admin#subscriptions", status_code=303)


@router.post("/admin/sources")
async def add_source(request: Request) -> Response:
    session = _session(request)
    form = await _form(request, session)
    try:
        await run_in_threadpool(forms.add_source, request.app.state.core, session["username"], form)
    except CentinelaError as exc:
        return _admin_page(request, 400, error=str(exc), form=form)
    return RedirectResponse("/admin#sources", status_code=303)


@router.post("/admin/sources/{source_id}/delete")
async def remove_source(request: Request, source_id: int) -> Response:
    session = _session(request)
    await _form(request, session)
    await run_in_threadpool(forms.remove_source, request.app.state.core, session["username"], source_id)
    return RedirectResponse("/admin#sources", status_code=303)


def _event_form(
    request: Request, event: dict[str, Any] | None, status: int = 200, **extra: Any
) -> HTMLResponse:
    return page(
        request, "admin/event.html", status_code=status, event=event, **forms.event_choices(request), **extra
    )


@router.get("/admin/events/new", response_class=HTMLResponse)
def new_event_page(request: Request) -> HTMLResponse:
    _session(request)
    return _event_form(request, None)


@router.get("/admin/events/{event_id}/edit", response_class=HTMLResponse)
def edit_event_page(request: Request, event_id: int) -> HTMLResponse:
    _session(request)
    with request.app.state.core.store.read() as conn:
        event = queries.get_event(conn, event_id)
    if event is None:
        raise HTTPException(404, f"no event {event_id}")
    return _event_form(request, event)


async def _save_event(request: Request, event_id: int | None) -> Response:
    session = _session(request)
    form = await _form(request, session)
    try:
        values = forms.event_values(form, forms.event_choices(request))
    except CentinelaError as exc:
        return _event_form(request, {"id": event_id, **form}, 400, error=str(exc))
    core, user = request.app.state.core, session["username"]

    def save() -> int:
        with core.store.write() as conn:
            return queries.save_manual_event(conn, user, values, datetime.now(UTC), event_id)

    try:
        saved = await run_in_threadpool(save)
    except LookupError:
        raise HTTPException(404, f"no event {event_id}") from None
    request.app.state.cache.clear()  # counts on the map and timeline include the new event at once
    request.app.state.recent.clear()
    return RedirectResponse(f"/events/{saved}", status_code=303)


@router.post("/admin/events/new")
async def create_event(request: Request) -> Response:
    return await _save_event(request, None)


@router.post("/admin/events/{event_id}/edit")
async def correct_event(request: Request, event_id: int) -> Response:
    return await _save_event(request, event_id)


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(request: Request) -> HTMLResponse:
    _session(request)
    with request.app.state.core.store.read() as conn:
        rows = queries.list_audit(conn, limit=200)
    return page(request, "admin/audit.html", rows=rows)
