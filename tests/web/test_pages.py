"""The server-rendered pages: each answers, says what it should, in Spanish or English."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from centinela.web import i18n

from .conftest import SEED

pytestmark = pytest.mark.anyio
PAGES = (
    "/",
    "/timeline",
    "/map",
    "/institutions",
    "/events",
    "/alerts",
    "/agenda",
    "/sources",
    "/api",
    "/login",
)


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_answers_with_its_own_assets_only(client: httpx.AsyncClient, path: str) -> None:
    r = await client.get(path)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    for src in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', r.text):
        assert src.startswith("/"), f"{path} loads {src} from elsewhere"
    for asset in set(re.findall(r'(?:src|href)="(/static/[^"]+)"', r.text)):
        assert (await client.get(asset)).status_code == 200, asset


async def test_overview_is_the_country_itself(client: httpx.AsyncClient) -> None:
    r = await client.get("/", headers={"accept-language": "en"})
    assert r.status_code == 200 and "Peru" in r.text
    assert "What changed in the last 24 hours" in r.text
    assert "Pedro Castillo" in r.text  # who holds the presidency, from the engine's state
    assert "succession: Francisco Sagasti" in r.text  # the latest alerts
    assert "2 events coded" in r.text  # events are dated by day: today and yesterday fall in the window


async def test_overview_shows_risk_and_what_moved_it(client: httpx.AsyncClient, core) -> None:
    from datetime import UTC, date, datetime, timedelta

    from centinela.store.schema import risk_scores

    today = date.today()
    with core.store.write() as conn:
        for ago, level, score, unrest in ((1, "watch", 30.0, 5.0), (0, "warning", 48.0, 20.0)):
            conn.execute(
                risk_scores.insert().values(
                    country="PE",
                    date=today - timedelta(days=ago),
                    score=score,
                    level=level,
                    parts={"institutional": 20.0, "unrest": unrest, "structural": 5.0},
                    evidence=[
                        {
                            "part": "unrest",
                            "label": "protest in Puno",
                            "points": 12.0,
                            "date": today.isoformat(),
                            "url": "https://diario.example.pe/nota-0",
                            "sentence": "Miles marcharon en Puno.",
                        }
                    ],
                    computed=datetime.now(UTC),
                )
            )
    text = (await client.get("/", headers={"accept-language": "en"})).text
    assert "48/100" in text and "was watch the day before" in text
    assert "unrest +15.0" in text and "protest in Puno" in text
    api = (await client.get("/api/countries/PE/risk")).json()["risk"]
    assert api["level"] == "warning" and api["moved"][0] == {"part": "unrest", "value": 20.0, "change": 15.0}
    timeline = (await client.get("/api/countries/PE/timeline")).json()
    assert [r["level"] for r in timeline["risk"]] == ["watch", "warning"]


async def test_events_page_shows_sentence_confidence_outlets_links(client: httpx.AsyncClient) -> None:
    text = (await client.get("/events?family=institutional", headers={"accept-language": "en"})).text
    assert "El Congreso admitió la moción de vacancia." in text
    assert "confidence 70%" in text
    assert 'href="https://otro.example.pe/vacancia"' in text
    assert "Carried by 2 outlets" in text
    assert "Miles marcharon" not in text  # filtered out: unrest


async def test_events_page_pages_through(client: httpx.AsyncClient) -> None:
    text = (await client.get("/events")).text
    assert text.count('class="event"') == len(SEED)
    assert 'rel="next"' not in text


async def test_event_page_and_missing_event(client: httpx.AsyncClient, core) -> None:
    r = await client.get(f"/events/{core.seeded['vacancy_motion']}")
    assert r.status_code == 200 and "Otro Medio" in r.text
    missing = await client.get("/events/999999")
    assert missing.status_code == 404 and "<html" in missing.text


async def test_map_links_departments_to_their_events(client: httpx.AsyncClient) -> None:
    text = (await client.get("/map")).text
    assert text.count('class="area"') == 25
    assert 'href="/events?department=PE-PUN' in text
    assert "peru-geojson" in text and "Natural Earth" in text  # attribution under the maps
    assert 'href="/?country=PE"' in text  # the world map links the countries watched


async def test_institutions_page_counts_denials_and_projects_votes(client: httpx.AsyncClient) -> None:
    text = (
        await client.get(
            "/institutions?event_type=vacancy_vote&pos:FUERZA%20POPULAR=for",
            headers={"accept-language": "en"},
        )
    ).text
    assert "Who holds each office" in text and "Maria del Carmen Alva" in text
    assert "two more denials or censures enable dissolution" in text
    assert "FUERZA POPULAR" in text and "87 votes" in text
    assert re.search(
        r'name="pos:FUERZA POPULAR">\s*<option value="absent">[^<]*</option>\s*<option value="for" selected',
        text,
    )


async def test_agenda_in_the_chosen_zone(client: httpx.AsyncClient) -> None:
    r = await client.get("/agenda?tz=Europe/Madrid", headers={"accept-language": "en"})
    assert "Times are shown in Europe/Madrid" in r.text and "Vacancy vote" in r.text
    assert (await client.get("/agenda?tz=Nowhere/Atlantis")).status_code == 400


async def test_spanish_from_the_browser_and_english_by_switch(client: httpx.AsyncClient) -> None:
    es = await client.get("/", headers={"accept-language": "es-PE,es;q=0.9,en;q=0.5"})
    assert '<html lang="es">' in es.text and "Perú: la situación ahora" in es.text
    en = await client.get("/?lang=en", headers={"accept-language": "es"})
    assert '<html lang="en">' in en.text and "Peru: the situation now" in en.text
    assert en.cookies.get("centinela_lang") == "en"
    again = await client.get("/", headers={"accept-language": "es"})  # the cookie remembers the switch
    assert '<html lang="en">' in again.text


def test_language_negotiation() -> None:
    assert i18n.negotiate(None, None, "fr-FR,en;q=0.8,es;q=0.9") == "es"
    assert i18n.negotiate(None, None, "en-GB") == "en"
    assert i18n.negotiate(None, None, "de") == i18n.DEFAULT_LANGUAGE
    assert i18n.negotiate("en", "es", "es") == "en"
    assert i18n.negotiate("xx", "en", "es") == "en"


def test_every_message_has_a_spanish_translation() -> None:
    web = Path(i18n.__file__).parent
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    found = {
        m[2] if isinstance(m[2], str) else m[2][0]
        for m in extract_from_dir(str(web), method_map, keywords={"_": None, "N_": None, "ngettext": (1, 2)})
    }
    with (web / "locale" / "es" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh)
    missing = sorted(
        m
        for m in found
        if not catalog.get(m)
        or not (
            catalog.get(m).string if isinstance(catalog.get(m).string, str) else all(catalog.get(m).string)
        )
    )
    assert not missing, f"untranslated: {missing[:10]} (see web/locale/babel.cfg)"


def test_data_words_cover_the_ontology_and_the_pack() -> None:
    from centinela.coding.ontology import CODES
    from centinela.institutions import load_pack
    from centinela.signals.config import LEVELS, PARTS
    from centinela.web.terms import ALL

    known = {w.replace(" ", "_") for w in ALL}
    wanted = {c.name for c in CODES} | set(load_pack("PE").event_types) | set(LEVELS) | set(PARTS)
    assert wanted <= known, sorted(wanted - known)


async def test_codes_are_shown_in_spanish(client: httpx.AsyncClient) -> None:
    text = (await client.get("/events?family=institutional", headers={"accept-language": "es"})).text
    assert "moción de vacancia" in text and "institucional" in text


async def test_overview_with_the_risk_the_signals_compute(client: httpx.AsyncClient, core) -> None:
    from centinela import pipeline
    from centinela.signals.config import LEVELS, PARTS

    pipeline.refresh_signals(core, "PE")
    risk = (await client.get("/api/countries/PE/risk")).json()["risk"]
    assert risk["level"] in LEVELS and set(risk["parts"]) <= set(PARTS)
    text = (await client.get("/", headers={"accept-language": "en"})).text
    assert f"{risk['score']:.0f}/100" in text and "Its parts" in text
    history = (await client.get("/api/countries/PE/risk/history?since=2019-09-01&until=2019-10-31")).json()
    assert len(history) == 61 and any(d["level"] != "calm" for d in history)  # the 2019 dissolution
