"""Exports: events as CSV and JSON (streamed page by page), events by department as GeoJSON, alerts
as Atom, the agenda as iCalendar in the reader's time zone."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response, StreamingResponse

from centinela.store import web as queries
from centinela.web import maps, params
from centinela.web.params import Country, Day

router = APIRouter()

MaxRows = Annotated[int, Query(ge=1, le=1_000_000, description="at most this many events")]
CSV_FIELDS = (
    "id",
    "date",
    "country",
    "region",
    "code",
    "family",
    "modality",
    "confidence",
    "evidence",
    "actors",
    "title",
    "url",
    "outlets",
)


def _pages(core: Any, f: queries.EventFilter, limit: int) -> Iterator[dict[str, Any]]:
    # One short read transaction per thousand rows: a long export never holds the database.
    before, sent = None, 0
    while sent < limit:
        with core.store.read() as conn:
            rows, before = queries.list_events(conn, f, min(1000, limit - sent), before)
        yield from rows
        sent += len(rows)
        if before is None:
            return


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **{k: row.get(k) for k in CSV_FIELDS if k not in ("actors", "outlets")},
        "actors": "; ".join(
            str(a.get("name", a)) if isinstance(a, dict) else str(a) for a in row.get("actors") or []
        ),
        "outlets": "; ".join(o["outlet"] for o in row.get("outlets") or []),
    }


def _csv_cell(value: Any) -> Any:
    # A cell starting with = + - @ is run as a formula by spreadsheets: quote it as text.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_cell(v) for k, v in _flat(row).items()})
        if buf.tell() > 65536:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _json_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    from centinela.web.api import _default

    yield "["
    for i, row in enumerate(rows):
        yield ("," if i else "") + json.dumps(row, ensure_ascii=False, default=_default)
    yield "]\n"


@router.get("/countries/{country}/events.csv", summary="Events as CSV (same filters as /events)")
def events_csv(request: Request, f: params.EventFilterQuery, limit: MaxRows = 100_000) -> StreamingResponse:
    name = f"centinela-events-{f.country}.csv"
    return StreamingResponse(
        _csv(_pages(request.app.state.core, f, limit)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/countries/{country}/events.json", summary="Events as one JSON array (same filters as /events)")
def events_json(request: Request, f: params.EventFilterQuery, limit: MaxRows = 100_000) -> StreamingResponse:
    return StreamingResponse(
        _json_lines(_pages(request.app.state.core, f, limit)), media_type="application/json"
    )


def _department_features(request: Request, counts: dict[str, int]) -> list[dict[str, Any]]:
    data = json.loads(maps.PERU_DEPARTMENTS.read_text("utf-8"))
    codes = request.app.state.shapes.get("department-codes", maps.department_codes)
    features = []
    for feature in data["features"]:
        iso, name = codes.get(feature["properties"]["FIRST_IDDP"], ("", feature["properties"]["NOMBDEP"]))
        properties = {"code": iso, "name": name, "events": counts.get(iso, 0)}
        features.append({"type": "Feature", "properties": properties, "geometry": feature["geometry"]})
    return features


@router.get("/countries/{country}/departments.geojson", summary="Events by department as GeoJSON")
def departments_geojson(request: Request, country: Country, since: Day = None, until: Day = None) -> Response:
    from centinela.web.api import as_json
    from centinela.web.views import map_counts

    if country.upper() != "PE":
        raise HTTPException(404, f"no department map for {country.upper()} yet")
    counts = map_counts(request.app.state.core, request.app.state.cache, "PE", since, until)
    body = {
        "type": "FeatureCollection",
        "features": _department_features(request, counts),
        "attribution": "Departments: INEI 2007 via github.com/juaneladio/peru-geojson (MPL-2.0)",
    }
    response = as_json(body)
    response.headers["Content-Type"] = "application/geo+json"
    return response


@router.get("/countries/{country}/alerts.atom", summary="Alerts as an Atom feed")
def alerts_atom(
    request: Request, country: Country, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> Response:
    from centinela.alerts.views import feed_for

    text = feed_for(request.app.state.core, country=country.upper(), limit=limit, self_url=str(request.url))
    return Response(text, media_type="application/atom+xml; charset=utf-8")


@router.get("/countries/{country}/agenda.ics", summary="The agenda as iCalendar, in the reader's time zone")
def agenda_ics(
    request: Request,
    country: Country,
    tz: Annotated[str, Query(max_length=64, description="IANA zone, e.g. America/Lima")] = "America/Lima",
) -> Response:
    from centinela.alerts.agenda import agenda_ics as build
    from centinela.web.views import agenda

    params.zone_name(tz)
    data = agenda(request.app.state.core, country.upper(), datetime.now(UTC).date())
    text = build([*data["upcoming"], *data["past"]], tz, name=f"centinela agenda: {country.upper()}")
    return Response(
        text,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="centinela-{country.upper()}.ics"'},
    )
