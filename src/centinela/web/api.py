"""The JSON API (documented at /openapi.json) and the exports: CSV, JSON, GeoJSON, Atom, iCalendar.

Every listing pages by key: ``next`` in an answer is the ``cursor`` (or ``before``) of the next page.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import Response

from centinela.store import web as queries
from centinela.web import exports, params, views
from centinela.web.params import Country, Day

router = APIRouter(prefix="/api", tags=["api"])

Limit = Annotated[int, Query(ge=1, le=500)]


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    if hasattr(value, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(value)
    return str(value)


def as_json(data: Any, status_code: int = 200) -> Response:
    # json.dumps with a default is several times faster than FastAPI's generic encoder on long listings.
    body = json.dumps(data, ensure_ascii=False, default=_default, separators=(",", ":"))
    return Response(body, status_code=status_code, media_type="application/json")


def _core(request: Request) -> Any:
    return request.app.state.core


@router.get("/countries", summary="Countries watched, with their latest risk level")
def countries(request: Request) -> Response:
    from centinela.institutions import known_countries

    lang = request.query_params.get("lang") or "en"
    with _core(request).store.read() as conn:
        watched = sorted(set(queries.watched_countries(conn)) | set(known_countries()))
        out = []
        for code in watched:
            risk = views.risk_now(conn, code)
            out.append(
                {
                    "code": code,
                    "name": views.country_name(code, lang if lang in ("es", "en") else "en"),
                    "pack": code in known_countries(),
                    "risk": risk and {k: risk[k] for k in ("date", "score", "level")},
                }
            )
    return as_json(out)


@router.get("/countries/{country}/risk", summary="Risk now: score, level, its parts and what moved it")
def risk(request: Request, country: Country) -> Response:
    with _core(request).store.read() as conn:
        now = views.risk_now(conn, country.upper())
    return as_json(
        {
            "country": country.upper(),
            "risk": now,
            "note": None if now else "no risk score stored yet (the signals stage computes it)",
        }
    )


@router.get("/countries/{country}/risk/history", summary="Risk per day with its parts")
def risk_history(request: Request, country: Country, since: Day = None, until: Day = None) -> Response:
    with _core(request).store.read() as conn:
        return as_json(queries.risk_series(conn, country.upper(), since, until))


@router.get(
    "/countries/{country}/overview", summary="The overview page's data: risk, last 24 hours, alerts, state"
)
def overview(request: Request, country: Country) -> Response:
    code = country.upper()
    data = request.app.state.recent.get(
        ("overview", code), lambda: views.overview(_core(request), code, datetime.now(UTC))
    )
    return as_json(data)


@router.get("/countries/{country}/events", summary="Coded events, newest first, filtered and paged")
def events(
    request: Request,
    f: params.EventFilterQuery,
    limit: Limit = 50,
    cursor: Annotated[str | None, Query(max_length=40, description="`next` of the previous page")] = None,
) -> Response:
    rows, following = views.events_page(
        _core(request), request.app.state.recent, f, limit, params.cursor(cursor)
    )
    return as_json({"events": rows, "next": params.cursor_text(following)})


@router.get("/events/{event_id}", summary="One event with its evidence, document, outlets and corrections")
def event(request: Request, event_id: Annotated[int, Path(ge=1, le=2**62)]) -> Response:
    with _core(request).store.read() as conn:
        found = queries.get_event(conn, event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id}")
    return as_json(found)


@router.get("/countries/{country}/timeline", summary="Event families over time, risk, institutional events")
def timeline(request: Request, country: Country, since: Day = None, until: Day = None) -> Response:
    return as_json(views.timeline(_core(request), request.app.state.cache, country.upper(), since, until))


@router.get("/countries/{country}/departments", summary="Events per department (ISO 3166-2)")
def departments(request: Request, country: Country, since: Day = None, until: Day = None) -> Response:
    counts = views.map_counts(_core(request), request.app.state.cache, country.upper(), since, until)
    return as_json({"since": since, "until": until, "counts": counts})


@router.get("/countries/{country}/institutions", summary="Institutional state now: offices, denials, motions")
def institutions(request: Request, country: Country) -> Response:
    data = views.institutions(_core(request), country.upper())
    return as_json({"country": data["country"], "state": data["state"]})


@router.get("/countries/{country}/institutions/history", summary="Every institutional event with its verdict")
def institutions_history(request: Request, country: Country) -> Response:
    return as_json(views.institutions(_core(request), country.upper())["history"])


@router.get("/countries/{country}/projection", summary="Vote projection by bancada for a motion")
def projection(
    request: Request,
    country: Country,
    event_type: Annotated[str, Query(max_length=60)] = "vacancy_vote",
    on: Day = None,
    position: Annotated[
        list[str] | None,
        Query(max_length=60, description="BLOC=for|against|abstain|absent|split, repeatable"),
    ] = None,
) -> Response:
    positions = {}
    for item in position or []:
        bloc, _, side = item.partition("=")
        if not bloc.strip() or side not in ("for", "against", "abstain", "absent", "split"):
            raise HTTPException(400, f"position {item[:80]!r}: use BLOC=for|against|abstain|absent|split")
        positions[bloc.strip()] = side
    return as_json(
        views.projection(_core(request), request.app.state.cache, country.upper(), event_type, on, positions)
    )


@router.get("/countries/{country}/alerts", summary="Alerts, newest first, paged")
def alerts(
    request: Request,
    country: Country,
    level: Annotated[str | None, Query(max_length=20)] = None,
    limit: Limit = 50,
    before: Annotated[int | None, Query(ge=1, le=2**62)] = None,
) -> Response:
    with _core(request).store.read() as conn:
        rows, following = queries.alerts_page(conn, country.upper(), level or "", limit, before)
    return as_json({"alerts": rows, "next": following})


@router.get("/sources", summary="Sources and their health (ok, silent, failing, pending)")
def sources(request: Request) -> Response:
    return as_json(views.sources(_core(request), datetime.now(UTC)))


@router.get("/countries/{country}/agenda", summary="Scheduled decision points: upcoming and past")
def agenda(request: Request, country: Country) -> Response:
    return as_json(views.agenda(_core(request), country.upper(), datetime.now(UTC).date()))


router.include_router(exports.router)
