"""The server-rendered pages: overview, timeline, map, institutions, events, alerts, agenda, sources."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from centinela.coding.ontology import CODES
from centinela.store import web as queries
from centinela.web import maps, params, views
from centinela.web.render import country_of, page

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25  # events per page: a phone screen's worth of scrolling, and a fast render


def _core(request: Request) -> Any:
    return request.app.state.core


def _cache(request: Request) -> Any:
    return request.app.state.cache


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request) -> HTMLResponse:
    country = country_of(request)
    data = request.app.state.recent.get(
        ("overview", country), lambda: views.overview(_core(request), country, datetime.now(UTC))
    )
    return page(request, "overview.html", shared=True, data=data, levels=views.RISK_LEVELS)


def _window(request: Request, country: str) -> tuple[Any, Any]:
    since = params.day(request.query_params.get("since"), "since")
    until = params.day(request.query_params.get("until"), "until")
    if since is None and until is None and request.query_params.get("all") != "1":
        # The last year that has coded events: a whole history of a million events takes seconds to count.
        since, until = views.default_window(_core(request), _cache(request), country, days=365)
    return since, until


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request) -> HTMLResponse:
    country = country_of(request)
    since, until = _window(request, country)
    data = views.timeline(_core(request), _cache(request), country, since, until)
    return page(request, "timeline.html", data=data, since=since, until=until)


def _shape(request: Request, name: str) -> maps.Shape:
    build = maps.peru_departments if name == "peru" else maps.world
    return request.app.state.shapes.get(name, build)


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    country = country_of(request)
    since = params.day(request.query_params.get("since"), "since")
    until = params.day(request.query_params.get("until"), "until")
    if since is None and until is None:
        since, until = views.default_window(_core(request), _cache(request), country, days=90)
    counts = views.map_counts(_core(request), _cache(request), country, since, until)
    top = max(counts.values(), default=0)
    with _core(request).store.read() as conn:
        watched = set(queries.watched_countries(conn)) | {country}
    return page(
        request,
        "map.html",
        peru=_shape(request, "peru") if country == "PE" else None,
        world=_shape(request, "world"),
        counts=counts,
        top=top,
        shade=maps.shade,
        legend=maps.legend(top),
        watched=watched,
        since=since,
        until=until,
    )


def _positions(request: Request) -> dict[str, str]:
    allowed = {"for", "against", "abstain", "absent", "split"}
    return {k[4:]: v for k, v in request.query_params.items() if k.startswith("pos:") and v in allowed}


@router.get("/institutions", response_class=HTMLResponse)
def institutions_page(request: Request) -> HTMLResponse:
    country = country_of(request)
    data = views.institutions(_core(request), country)
    event_type = request.query_params.get("event_type") or "vacancy_vote"
    on = params.day(request.query_params.get("on"), "on")
    if on is None and data["state"] and data["state"]["as_of"]:
        on = params.day(data["state"]["as_of"])  # the day of the state shown above: the seats then
    positions = _positions(request)
    projection = views.projection(_core(request), _cache(request), country, event_type, on, positions)
    return page(
        request,
        "institutions.html",
        data=data,
        projection=projection,
        event_type=event_type,
        positions=positions,
    )


def _filter(request: Request, country: str) -> queries.EventFilter:
    q = request.query_params
    return params.event_filter(
        country,
        q.get("code"),
        q.get("family"),
        q.get("department"),
        q.get("actor"),
        q.get("outlet"),
        q.get("since"),
        q.get("until"),
        q.get("q"),
    )


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request) -> HTMLResponse:
    country = country_of(request)
    f = _filter(request, country)
    before = params.cursor(request.query_params.get("cursor"))
    rows, following = views.events_page(
        _core(request), request.app.state.recent, f, PAGE_SIZE, before, links=True
    )
    query = params.filter_query(f)
    return page(
        request,
        "events.html",
        shared=True,
        rows=rows,
        f=f,
        codes=CODES,
        families=views.SHOWN_FAMILIES,
        departments=_departments(request),
        next_cursor=params.cursor_text(following),
        export_query=urlencode(query),
        first_page=before is None,
    )


def _departments(request: Request) -> list[tuple[str, str]]:
    shape = _shape(request, "peru")
    return sorted(((a.code, a.name) for a in shape.areas if a.code), key=lambda a: a[1])


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: int) -> HTMLResponse:
    with _core(request).store.read() as conn:
        event = queries.get_event(conn, event_id)
    if event is None:
        raise HTTPException(404, f"no event {event_id}")
    return page(request, "event.html", event=event)


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request) -> HTMLResponse:
    country = country_of(request)
    level = (request.query_params.get("level") or "").strip()[:20]
    before_text = request.query_params.get("before") or ""
    before = int(before_text) if before_text.isdigit() else None
    with _core(request).store.read() as conn:
        rows, following = queries.alerts_page(conn, country, level, limit=50, before=before)
    return page(request, "alerts.html", rows=rows, level=level, next_before=following)


@router.get("/agenda", response_class=HTMLResponse)
def agenda_page(request: Request) -> HTMLResponse:
    country = country_of(request)
    tz = params.zone_name(request.query_params["tz"].strip()) if request.query_params.get("tz") else ""
    data = views.agenda(_core(request), country, datetime.now(UTC).date())
    return page(request, "agenda.html", data=data, tz=tz or "America/Lima", tz_chosen=bool(tz))


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> HTMLResponse:
    rows = views.sources(_core(request), datetime.now(UTC))
    return page(request, "sources.html", rows=rows)


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    endpoints = [
        (path, method.upper(), op.get("summary") or "", op.get("description") or "")
        for path, ops in schema.get("paths", {}).items()
        for method, op in ops.items()
    ]
    return page(request, "api.html", endpoints=endpoints)
