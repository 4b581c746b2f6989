"""Feeds from bytes: every format, encoding and hostile case the project writes in ./feeds."""

from __future__ import annotations

import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from centinela.errors import FeedError
from centinela.sources.feeds import parse_feed, refuse_entity_declarations, sniff_text

FEEDS = Path(__file__).with_name("feeds")

BASE = "http://diario.test"


def load(name: str) -> bytes:
    return (FEEDS / name).read_bytes().replace(b"{base}", BASE.encode())


def test_rss2_items_are_plain_text_with_absolute_links() -> None:
    feed = parse_feed(load("rss2.xml"), "application/rss+xml", f"{BASE}/rss2.xml")
    assert feed.version == "rss20" and feed.lang == "es" and feed.title == "Diario Andino & Regional"
    first, second, third = feed.items
    assert first.title == "Congreso debate moción de vacancia presidencial"
    assert (
        first.summary == "El Pleno del Congreso debatió la moción de vacancia presentada por 67 legisladores."
    )
    assert first.link and first.link.startswith(f"{BASE}/pages/vacancia.html?utm_source=rss")
    assert first.guid == "andino-2022-001" and first.author == "Redacción Política"
    assert first.published == datetime(2022, 12, 7, 14, 15, tzinfo=UTC)
    assert second.link == f"{BASE}/pages/renuncia.html"  # relative link resolved against the feed
    assert "—" in second.summary  # an RSS description is escaped HTML: "&amp;mdash;" is an em dash
    assert third.guid == "andino-2022-003"


def test_rss1_atom_and_json_feed() -> None:
    rdf = parse_feed(load("rss1.rdf"), "application/rdf+xml", f"{BASE}/rss1.rdf")
    assert rdf.version == "rss10" and len(rdf.items) == 2
    assert rdf.items[0].published == datetime(2022, 12, 5, 15, 0, tzinfo=UTC)
    atom = parse_feed(load("atom.xml"), "application/atom+xml", f"{BASE}/atom.xml")
    assert atom.version == "atom10" and atom.lang == "en"
    assert atom.items[0].title == "Peru's Congress removes president in 101-6 vote"
    assert atom.items[0].author == "Andes Wire staff"
    assert atom.items[1].link == f"{BASE}/wire/sworn-in"
    js = parse_feed(load("feed.json"), "application/feed+json", f"{BASE}/feed.json")
    assert js.version == "json1.1" and js.lang == "es" and len(js.items) == 2
    assert js.items[0].summary.startswith("El Jurado Nacional de Elecciones publicó")
    assert js.items[0].author == "Equipo del Observatorio"
    assert js.items[1].published == datetime(2022, 12, 10, 14, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("cp1252.xml", "“Paro indefinido” en Arequipa – día 3"),
        ("latin1.xml", "Campesinos de Áncash bloquean la vía a Huaraz"),
    ],
)
def test_single_byte_encodings_are_decoded(name: str, needle: str) -> None:
    feed = parse_feed(load(name), "application/rss+xml", f"{BASE}/{name}")
    assert feed.items[0].title == needle
    if name == "cp1252.xml":
        assert "continuará… y pidieron diálogo" in feed.items[0].summary and "5 €" in feed.items[0].summary


def test_wrong_http_charset_does_not_garble_a_declared_encoding() -> None:
    # A server that says nothing about the charset of a Windows-1252 document: the declaration wins.
    feed = parse_feed(load("cp1252.xml"), "application/xml", "")
    assert feed.items[1].summary.startswith("Los docentes de Cusco")


def test_entity_bomb_is_refused_fast_and_flat() -> None:
    body = load("bomb.xml")
    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(FeedError, match="declares XML entities"):
        parse_feed(body, "application/rss+xml", f"{BASE}/bomb.xml")
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 0.5
    assert peak < 1_000_000  # a billion "lol"s would be gigabytes


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-32", "utf-7"])
def test_entity_declarations_are_found_in_any_encoding(codec: str) -> None:
    text = load("bomb.xml").decode()
    if codec == "utf-7":
        text = text.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-7"?>')
    with pytest.raises(FeedError):
        refuse_entity_declarations(text.encode(codec))


def test_a_doctype_without_entities_is_fine() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        b'"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>T</title>'
        b"<item><title>Uno</title><link>http://x.test/1</link></item></channel></rss>"
    )
    assert len(parse_feed(body).items) == 1


def test_truncated_feed_keeps_the_complete_items_only() -> None:
    feed = parse_feed(load("truncated.xml"), "application/rss+xml", f"{BASE}/truncated.xml")
    assert len(feed.items) == 1 and (feed.items[0].guid or "").endswith("sur-101")
    assert feed.warning and "truncated" in feed.warning


def test_html_page_and_garbage_are_clear_errors() -> None:
    with pytest.raises(FeedError, match="HTML page"):
        parse_feed(load("notafeed.html"), "text/html; charset=utf-8", f"{BASE}/notafeed.html")
    with pytest.raises(FeedError, match="HTML page"):
        parse_feed(load("notafeed.html"), "application/rss+xml")  # a lying content type
    with pytest.raises(FeedError, match="empty"):
        parse_feed(b"  \n")
    with pytest.raises(FeedError, match="not a feed"):
        parse_feed(b"\x00\x01binary garbage \xff\xfe")
    with pytest.raises(FeedError, match="JSON"):
        parse_feed(b'{"items": ')
    with pytest.raises(FeedError, match="not a feed"):
        parse_feed(b'{"hello": "world"}')
    with pytest.raises(FeedError, match="JSON"):
        parse_feed(b"{" * 100_000)


def test_duplicate_guids_and_missing_dates_pass_through_to_the_store() -> None:
    items = parse_feed(load("dupguid.xml")).items
    assert [i.guid for i in items] == ["1", "1", "2"]
    dates = parse_feed(load("dates.xml")).items
    assert dates[0].published and dates[0].published.year == 2095
    assert dates[2].published is None


def test_sniffing_utf16_and_utf32() -> None:
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-16", "utf-32"):
        assert sniff_text('<?xml version="1.0"?><rss/>'.encode(codec)).lstrip("\ufeff").startswith("<?xml")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_give_a_feed_or_a_feed_error(body: bytes) -> None:
    try:
        feed = parse_feed(body)
    except FeedError:
        return
    assert all(isinstance(i.title, str) and "<script" not in i.summary.lower() for i in feed.items)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["rss2.xml", "atom.xml", "rss1.rdf", "feed.json", "cp1252.xml"]), st.integers(0, 3000))
def test_a_feed_cut_anywhere_gives_complete_items_or_a_feed_error(name: str, cut: int) -> None:
    whole = load(name)
    try:
        feed = parse_feed(whole[:cut])
    except FeedError:
        return
    complete = parse_feed(whole).items
    for item in feed.items:  # nothing half-read is passed on: every item kept has its full title
        assert item.title in {c.title for c in complete}
