"""Whole ingestion runs against the test site: hostile batches, pages, de-duplication, idempotency,
crash safety, schedules."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from centinela.app import App
from centinela.model import Document
from centinela.sources import ingest as ingest_module
from centinela.sources.ingest import ingest_documents, ingest_targets, poll_due_sources
from centinela.store.documents import count_documents, list_documents
from centinela.store.schema import document_outlets
from centinela.store.sources import add_source, get_source

from .conftest import Site

UNSAFE = re.compile(r"<script|javascript:|\bon(error|load|click)\s*=", re.IGNORECASE)


def docs(app: App, **kw: object) -> list[dict]:
    with app.store.read() as conn:
        return list_documents(conn, limit=1000, **kw)  # type: ignore[arg-type]


def by_source(results: list) -> dict[str, object]:
    return {r.source.rsplit("/", 1)[-1]: r for r in results}


def rss(site: Site, items: list[tuple[str, str, str]], title: str = "Feed dinámico") -> bytes:
    body = "".join(
        f"<item><title>{t}</title><link>{site.url(link)}</link><guid>{link}</guid>"
        f"<description>{text}</description></item>"
        for link, t, text in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>{body}'
        f"</channel></rss>".encode()
    )


STORIES = [
    (
        f"dyn/{i}",
        f"Noticia número {i} sobre la región {r}",
        f"Texto de la noticia {i}: las autoridades de {r} informaron sobre el conflicto número {i * 7} "
        f"que afecta a los productores de la zona desde hace {i + 2} semanas.",
    )
    for i, r in enumerate(["Puno", "Cusco", "Arequipa", "Tacna", "Moquegua", "Apurímac", "Ayacucho"])
]


def test_a_hostile_batch_stores_the_good_sources_and_says_why_the_others_failed(site: Site, make_app) -> None:
    app = make_app(read_timeout=1.0, total_timeout=3.0)
    names = [
        "bomb.xml",
        "truncated.xml",
        "notafeed.html",
        "big.xml",
        "hang.xml",
        "rss2.xml",
        "atom.xml",
        "feed.json",
        "rss1.rdf",
        "cp1252.xml",
        "latin1.xml",
        "busy.xml",
    ]
    start = time.monotonic()
    results = ingest_targets(app, [site.url(n) for n in names])
    elapsed = time.monotonic() - start
    r = by_source(results)
    assert [x.source for x in results] == [site.url(n) for n in names]  # one line per source, in order
    assert "entities" in r["bomb.xml"].error
    assert "HTML page" in r["notafeed.html"].error
    assert "larger than 10,000,000" in r["big.xml"].error
    assert "timeout" in r["hang.xml"].error or "took longer" in r["hang.xml"].error
    assert "503" in r["busy.xml"].error
    assert (
        r["truncated.xml"].error is None
        and r["truncated.xml"].new == 1
        and "truncated" in r["truncated.xml"].warning
    )
    news = {
        n: r[n].new for n in ("rss2.xml", "atom.xml", "feed.json", "rss1.rdf", "cp1252.xml", "latin1.xml")
    }
    assert news == {
        "rss2.xml": 3,
        "atom.xml": 2,
        "feed.json": 2,
        "rss1.rdf": 2,
        "cp1252.xml": 2,
        "latin1.xml": 1,
    }
    assert elapsed < 15  # fetched concurrently: the hanging server costs one read timeout, not a batch
    stored = docs(app)
    assert len(stored) == 13
    assert not any(UNSAFE.search(d["title"] + d["text"]) for d in stored)
    assert not any("lol" in d["title"] + d["text"] for d in stored)
    assert not any("utm_" in d["url"] or "fbclid" in d["url"] for d in stored)


def test_article_pages_give_title_and_text_and_the_summary_stays_when_a_page_fails(
    site: Site, app: App
) -> None:
    (result,) = ingest_targets(app, [site.url("rss2.xml")])
    assert result.new == 3
    stored = {d["url"].rsplit("/", 1)[-1]: d for d in docs(app)}
    vacancia = stored["vacancia.html"]
    assert vacancia["url"] == site.url("pages/vacancia.html")  # tracking parameters gone
    assert vacancia["title"] == "El Congreso debate la vacancia presidencial por incapacidad moral"
    assert "La sesión se prolongó hasta la noche" in vacancia["text"]
    assert "tracking" not in vacancia["text"] and "Todos los derechos" not in vacancia["text"]
    assert "comentado" not in vacancia["text"]
    assert vacancia["lang"] == "es"
    assert "renuncia irrevocable" in stored["renuncia.html"]["text"]
    missing = stored["missing.html"]
    assert missing["title"] == "Defensoría reporta 12 conflictos sociales activos en Puno"
    assert missing["text"].startswith("La Defensoría del Pueblo informó")
    assert any(f.startswith("page_failed:HTTP 404") for f in missing["flags"])


def test_no_pages_keeps_the_feed_text(site: Site, app: App) -> None:
    before = site.hits.get("/pages/vacancia.html", 0)
    ingest_targets(app, [site.url("rss2.xml")], fetch_pages=False)
    assert site.hits.get("/pages/vacancia.html", 0) == before
    vacancia = next(d for d in docs(app) if "vacancia" in d["url"])
    assert vacancia["title"] == "Congreso debate moción de vacancia presidencial"
    assert (
        vacancia["text"]
        == "El Pleno del Congreso debatió la moción de vacancia presentada por 67 legisladores."
    )


def test_ingesting_twice_stores_nothing_new(site: Site, app: App) -> None:
    site.dynamic["/dyn-idem.xml"] = (rss(site, STORIES[:3]), "application/rss+xml")
    first = ingest_targets(app, [site.url("dyn-idem.xml")], fetch_pages=False)[0]
    again = ingest_targets(app, [site.url("dyn-idem.xml")], fetch_pages=False)[0]
    assert (first.new, again.new, again.unchanged) == (3, 0, True)
    site.dynamic["/dyn-idem.xml"] = (rss(site, STORIES[:4]), "application/rss+xml")  # one more item
    third = ingest_targets(app, [site.url("dyn-idem.xml")], fetch_pages=False)[0]
    assert (third.new, third.duplicate, third.unchanged) == (1, 3, False)
    assert len(docs(app)) == 4


def test_304_answers_are_unchanged(site: Site, app: App) -> None:
    first = ingest_targets(app, [site.url("etag.xml")], fetch_pages=False)[0]
    second = ingest_targets(app, [site.url("etag.xml")], fetch_pages=False)[0]
    assert first.new == 2 and second.unchanged and second.new == 0
    with app.store.read() as conn:
        assert get_source(conn, site.url("etag.xml"))["etag"] == '"v1"'


def test_duplicate_guids_count_as_duplicates(site: Site, app: App) -> None:
    (result,) = ingest_targets(app, [site.url("dupguid.xml")], fetch_pages=False)
    assert (result.new, result.duplicate) == (2, 1)


def test_the_same_story_under_several_urls_and_outlets_is_stored_once(site: Site, app: App) -> None:
    now = datetime.now(UTC)
    with app.store.write() as conn:
        for name, outlet in (
            ("outlet_a.xml", "Diario Costa"),
            ("outlet_b.xml", "Noticias Sierra"),
            ("outlet_c.xml", "Selva Hoy"),
        ):
            add_source(conn, site.url(name), now, name=outlet)
    results = by_source(
        ingest_targets(app, [site.url("outlet_a.xml")], fetch_pages=False)
        + ingest_targets(app, [site.url("outlet_b.xml"), site.url("outlet_c.xml")], fetch_pages=False)
    )
    assert results["outlet_a.xml"].new == 1
    assert results["outlet_b.xml"].duplicate == 1 and results["outlet_c.xml"].duplicate == 1
    (doc,) = docs(app)
    assert doc["outlets"] == ["Diario Costa", "Noticias Sierra", "Selva Hoy"]
    with app.store.read() as conn:
        urls = conn.execute(sa.select(document_outlets.c.url)).scalars().all()
    assert len(urls) == 3 and not any("utm_" in u for u in urls)


def test_dates_in_the_future_or_far_past_are_flagged(site: Site, app: App) -> None:
    ingest_targets(app, [site.url("dates.xml")], fetch_pages=False)
    stored = {d["url"].rsplit("/", 1)[-1]: d for d in docs(app)}
    assert stored["futuro"]["published"] is None and stored["futuro"]["flags"][0].startswith(
        "date_future:2095"
    )
    assert stored["pasado"]["published"] is None and stored["pasado"]["flags"][0].startswith(
        "date_far_past:1990"
    )
    assert stored["sin-fecha"]["flags"] == ["date_missing"]


def test_a_crash_mid_batch_loses_nothing_acknowledged_and_duplicates_nothing(
    site: Site, app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.dynamic["/dyn-crash.xml"] = (rss(site, STORIES), "application/rss+xml")
    real = ingest_module.store_prepared_many
    calls = {"n": 0}

    def crashing(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the process dies in the middle of the second transaction
        return real(*args, **kwargs)

    monkeypatch.setattr(ingest_module, "BATCH", 3)
    monkeypatch.setattr(ingest_module, "store_prepared_many", crashing)
    with pytest.raises(KeyboardInterrupt):
        ingest_targets(app, [site.url("dyn-crash.xml")], fetch_pages=False)
    assert len(docs(app)) == 3  # the first transaction was acknowledged; the second rolled back
    with app.store.read() as conn:
        assert (get_source(conn, site.url("dyn-crash.xml")) or {}).get("body_hash") is None
    monkeypatch.setattr(ingest_module, "store_prepared_many", real)
    (restart,) = ingest_targets(app, [site.url("dyn-crash.xml")], fetch_pages=False)
    assert (restart.new, restart.duplicate, restart.unchanged) == (4, 3, False)
    with app.store.read() as conn:
        assert count_documents(conn) == len(STORIES)


def test_poll_due_sources_follows_schedules_backoff_and_retry_after(site: Site, app: App) -> None:
    import random

    now = datetime.now(UTC)
    site.dynamic["/dyn-poll.xml"] = (rss(site, STORIES[:2]), "application/rss+xml")
    with app.store.write() as conn:
        add_source(conn, site.url("dyn-poll.xml"), now)
        add_source(conn, site.url("busy.xml"), now)
    results = by_source(poll_due_sources(app, now, fetch_pages=False, rng=random.Random(1)))
    assert results["dyn-poll.xml"].new == 2 and "503" in results["busy.xml"].error
    with app.store.read() as conn:
        ok, busy = get_source(conn, site.url("dyn-poll.xml")), get_source(conn, site.url("busy.xml"))
    interval = app.settings.poll_interval
    assert ok["verified"] and ok["error_streak"] == 0 and ok["last_new_item"] == now
    assert timedelta(seconds=interval * 0.89) <= ok["next_poll"] - now <= timedelta(seconds=interval * 1.11)
    assert busy["error_streak"] == 1 and busy["next_poll"] - now >= timedelta(seconds=7200)  # Retry-After
    assert poll_due_sources(app, now + timedelta(seconds=60), fetch_pages=False) == []  # nothing due yet
    later = poll_due_sources(app, now + timedelta(seconds=interval * 1.2), fetch_pages=False)
    assert [r.source for r in later] == [site.url("dyn-poll.xml")] and later[0].unchanged


def test_replayed_documents_and_files(site: Site, app: App, tmp_path) -> None:
    replay = [
        Document(
            url="https://diario.example/politica/1?utm_source=x",
            source="Diario Ejemplo",
            title="Gabinete se presenta ante el Congreso",
            text="<p>El presidente del Consejo de Ministros expuso la política general del gobierno ante "
            "el Pleno del Congreso para pedir el voto de confianza.</p>",
            published=datetime(2022, 12, 20, tzinfo=UTC),
        ),
        Document(
            url="",
            source="Diario Ejemplo",
            title="Nota sin enlace",
            text="Una nota sin enlace también se guarda con una dirección estable generada.",
        ),
    ]
    first = ingest_documents(app, replay, source="demo")
    again = ingest_documents(app, replay, source="demo")
    assert (first.new, again.new, again.duplicate) == (2, 0, 2)
    stored = docs(app, source="demo")
    assert {d["url"] for d in stored} >= {"https://diario.example/politica/1"}
    assert all("<p>" not in d["text"] for d in stored)
    assert "Gabinete se presenta ante el Congreso" in {
        d["title"] for d in docs(app, since=datetime(2022, 12, 19, tzinfo=UTC))
    }
    assert docs(app, since=datetime(2022, 12, 21, tzinfo=UTC), source="other") == []
