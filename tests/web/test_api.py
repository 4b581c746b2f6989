"""The JSON API and the exports, in process (httpx ASGITransport) over a seeded store."""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree as ET

import httpx
import pytest

from .conftest import SEED, day

pytestmark = pytest.mark.anyio


async def test_openapi_documents_the_api(client: httpx.AsyncClient) -> None:
    r = await client.get("/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    assert len(paths) >= 8
    for needed in (
        "/api/countries",
        "/api/countries/{country}/risk",
        "/api/countries/{country}/events",
        "/api/events/{event_id}",
        "/api/countries/{country}/institutions",
        "/api/countries/{country}/projection",
        "/api/countries/{country}/alerts",
        "/api/sources",
        "/api/countries/{country}/agenda",
        "/api/countries/{country}/events.csv",
        "/api/countries/{country}/departments.geojson",
        "/api/countries/{country}/alerts.atom",
        "/api/countries/{country}/agenda.ics",
    ):
        assert needed in paths, needed


async def test_countries_lists_peru(client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/countries")).json()
    assert [c["code"] for c in body] == ["PE"]
    assert body[0]["name"] == "Peru" and body[0]["pack"] is True


async def test_events_newest_first_with_evidence_and_outlets(client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/countries/PE/events")).json()
    rows = body["events"]
    assert len(rows) == len(SEED) and body["next"] is None
    assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), reverse=True)
    first = rows[0]
    assert first["evidence"] == SEED[0][5]
    assert {o["outlet"] for o in first["outlets"]} >= {"Diario Ejemplo"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("code=protest", 2),
        ("family=unrest", 3),
        ("department=PE-LIM", 2),
        ("department=pe-lim", 2),
        ("actor=Dina Boluarte", 2),
        ("actor=Martín", 1),  # stored JSON escapes the accent: found either way
        ("outlet=Otro Medio", 1),
        ("q=vacancia", 1),
        ("q=100%25", 0),  # a literal percent sign is not a wildcard
        (f"since={day(-2)}&until={day(-1)}", 2),
        ("family=unrest&department=PE-PUN", 1),
    ],
)
async def test_event_filters(client: httpx.AsyncClient, query: str, expected: int) -> None:
    r = await client.get(f"/api/countries/PE/events?{query}")
    assert r.status_code == 200, r.text
    assert len(r.json()["events"]) == expected


async def test_pages_by_key_without_gaps_or_repeats(client: httpx.AsyncClient) -> None:
    seen, cursor = [], None
    for _ in range(10):
        url = "/api/countries/PE/events?limit=2" + (f"&cursor={cursor}" if cursor else "")
        body = (await client.get(url)).json()
        seen += [r["id"] for r in body["events"]]
        cursor = body["next"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == len(SEED)


async def test_bad_input_is_a_client_error(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/countries/PE/events?cursor=nonsense")).status_code == 400
    assert (await client.get("/api/countries/PE/events?since=2020-13-45")).status_code == 422
    assert (await client.get("/api/countries/PER/events")).status_code == 422
    assert (await client.get("/api/countries/PE/projection?position=FUERZA")).status_code == 400
    assert (await client.get("/api/countries/PE/agenda.ics?tz=America")).status_code == 400
    assert (await client.get("/api/events/999999")).status_code == 404


async def test_event_evidence_and_sources(client: httpx.AsyncClient, core) -> None:
    event_id = core.seeded["vacancy_motion"]
    body = (await client.get(f"/api/events/{event_id}")).json()
    assert body["evidence"] == "El Congreso admitió la moción de vacancia."
    assert body["url"] == "https://diario.example.pe/nota-2"
    assert [o["outlet"] for o in body["outlets"]] == ["Diario Ejemplo", "Otro Medio"]
    assert body["history"] == []


async def test_institutions_state_and_history(client: httpx.AsyncClient) -> None:
    state = (await client.get("/api/countries/PE/institutions")).json()["state"]
    assert state["officeholders"]["President of the Republic"]["name"] == "Pedro Castillo"
    assert state["next_thresholds"]
    history = (await client.get("/api/countries/PE/institutions/history")).json()
    assert len(history) == 33
    dissolution = next(h for h in history if h["event_type"] == "dissolution_decree")
    assert dissolution["constitutional"] == "disputed"


async def test_vote_projection_by_bancada(client: httpx.AsyncClient) -> None:
    base = "/api/countries/PE/projection?event_type=vacancy_vote&on=2021-12-07"
    nobody = (await client.get(base)).json()
    assert nobody["error"] is None and nobody["threshold"] == 87 and nobody["votes_for"] == 0
    blocs = [b["bloc"] for b in nobody["blocs"]]
    query = "&".join(f"position={b}=for" for b in blocs)
    everyone = (await client.get(f"{base}&{query}")).json()
    assert everyone["votes_for"] == sum(b["seats"] for b in nobody["blocs"])
    assert everyone["outcome"] != nobody["outcome"]


async def test_alerts_and_risk_without_signals(client: httpx.AsyncClient) -> None:
    alerts = (await client.get("/api/countries/PE/alerts?limit=5")).json()
    assert len(alerts["alerts"]) == 5 and alerts["next"]
    older = (await client.get(f"/api/countries/PE/alerts?limit=50&before={alerts['next']}")).json()
    assert len(older["alerts"]) == 21 - 5
    risk = (await client.get("/api/countries/PE/risk")).json()
    assert risk["risk"] is None and "signals" in risk["note"]


async def test_sources_and_their_health(client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/sources")).json()
    assert {s["name"]: s["status"] for s in body} == {"Diario Ejemplo": "ok", "Caído": "failing"}


async def test_agenda_lists_past_decision_points(client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/countries/PE/agenda")).json()
    assert body["upcoming"] == []
    titles = [i["title"] for i in body["past"]]
    assert any("Vacancy" in t and "Vizcarra" in t for t in titles)


async def test_csv_export_quotes_formulas(client: httpx.AsyncClient, core) -> None:
    from centinela.store.schema import events

    with core.store.write() as conn:
        conn.execute(
            events.update().where(events.c.id == core.seeded["sanctions"]).values(evidence="=HYPERLINK(1)")
        )
    r = await client.get("/api/countries/PE/events.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == len(SEED)
    assert "'=HYPERLINK(1)" in [row["evidence"] for row in rows]
    filtered = list(
        csv.DictReader(io.StringIO((await client.get("/api/countries/PE/events.csv?family=unrest")).text))
    )
    assert {row["family"] for row in filtered} == {"unrest"}


async def test_json_export_is_one_array(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/countries/PE/events.json?limit=3")
    assert len(json.loads(r.text)) == 3


async def test_geojson_counts_events_by_department(client: httpx.AsyncClient) -> None:
    r = await client.get(f"/api/countries/PE/departments.geojson?since={day(-30)}")
    body = r.json()
    assert r.headers["content-type"] == "application/geo+json"
    assert len(body["features"]) == 25
    counts = {f["properties"]["code"]: f["properties"]["events"] for f in body["features"]}
    assert counts["PE-LIM"] == 2 and counts["PE-PUN"] == 1 and counts["PE-TAC"] == 0


async def test_atom_and_icalendar(client: httpx.AsyncClient) -> None:
    atom = await client.get("/api/countries/PE/alerts.atom")
    root = ET.fromstring(atom.text)
    assert len(root.findall("{http://www.w3.org/2005/Atom}entry")) == 21
    ics = await client.get("/api/countries/PE/agenda.ics?tz=America/New_York")
    assert ics.text.startswith("BEGIN:VCALENDAR") and "X-WR-TIMEZONE:America/New_York" in ics.text
    assert ics.text.count("BEGIN:VEVENT") >= 3


async def test_timeline_and_departments(client: httpx.AsyncClient) -> None:
    body = (await client.get(f"/api/countries/PE/timeline?since={day(-30)}")).json()
    assert body["bucket"] == "day"
    assert sum(n for _, n in body["families"]["unrest"]) == 3
    deps = (await client.get(f"/api/countries/PE/departments?since={day(-30)}")).json()
    assert deps["counts"]["PE-LIM"] == 2
