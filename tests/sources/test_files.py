"""Files as sources (ICEWS rows, CSV and JSON Lines documents, local feeds), OPML, the Peru pack."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from centinela.app import App
from centinela.errors import InputFileError, MalformedRowError, UnknownCountryError
from centinela.sources.files import icews_document, kind_of_file, read_documents, read_icews
from centinela.sources.ingest import ingest_targets
from centinela.sources.opml import build_opml, parse_opml
from centinela.sources.pack import available_packs, load_pack
from centinela.store.documents import list_documents

FEEDS = Path(__file__).with_name("feeds")
ICEWS = FEEDS / "events" / "icews_sample.tab"


def test_icews_rows_are_read_with_their_20_columns() -> None:
    with ICEWS.open(encoding="utf-8") as fh:
        events = list(read_icews(fh))
    assert len(events) == 16 and not any(isinstance(e, MalformedRowError) for e in events)
    first = events[0]
    assert first.event_id == "32889842" and first.date == date(2018, 6, 1) and first.cameo_code == "036"
    assert first.target_name == "Nicolás Maduro" and "Government" in first.target_sectors
    assert first.latitude == pytest.approx(10.488) and first.district == "Municipio Libertador"
    assert events[1].city == "" and events[1].intensity == -10  # NA is empty, not the text "NA"
    doc = icews_document(first)
    assert doc.url == "urn:icews:event:32889842" and "cameo:036" in doc.flags
    assert doc.title == "Venezuela: Express intent to meet or negotiate -> Nicolás Maduro (Venezuela)"


def test_malformed_icews_rows_are_reported_with_their_line() -> None:
    text = ICEWS.read_text(encoding="utf-8").splitlines()
    bad = "\n".join([text[0], text[1], "1\t2018-13-01" + "\tx" * 18, "only\tthree\tcells", text[2]]) + "\n"
    out = list(read_icews(io.StringIO(bad)))
    assert [type(o).__name__ for o in out] == [
        "IcewsEvent",
        "MalformedRowError",
        "MalformedRowError",
        "IcewsEvent",
    ]
    assert out[1].line == 3 and "YYYY-MM-DD" in str(out[1]) and out[2].line == 4
    with pytest.raises(InputFileError, match="not an ICEWS file"):
        list(read_icews(io.StringIO("a\tb\n1\t2\n")))


def test_documents_from_csv_and_jsonl(tmp_path: Path) -> None:
    csv_file = tmp_path / "corpus.csv"
    csv_file.write_text(
        "url,title,text,published,source,lang\n"
        "https://d.example/1,Paro en Puno,Los gremios de Puno inician un paro,2022-12-09T10:00:00-05:00,"
        "Diario Puno,es\n"
        "https://d.example/2,,,2022-12-09,Diario Puno,es\n",
        encoding="utf-8",
    )
    rows = list(read_documents(csv_file, "csv"))
    assert rows[0].title == "Paro en Puno" and rows[0].published and rows[0].published.hour == 15
    assert isinstance(rows[1], MalformedRowError) and "no title and no text" in str(rows[1])
    jsonl = tmp_path / "corpus.jsonl"
    jsonl.write_text(
        json.dumps(
            {"url": "https://d.example/3", "title": "Toma de local", "text": "Texto", "outlets": ["A", "B"]}
        )
        + "\n\n{not json\n",
        encoding="utf-8",
    )
    rows = list(read_documents(jsonl, "jsonl"))
    assert rows[0].outlets == ("A", "B") and isinstance(rows[1], MalformedRowError) and rows[1].line == 3
    assert (
        kind_of_file(ICEWS) == "icews" and kind_of_file(jsonl) == "jsonl" and kind_of_file(csv_file) == "csv"
    )
    assert kind_of_file(FEEDS / "rss2.xml") == "feed"


def test_ingesting_files(app: App, tmp_path: Path) -> None:
    jsonl = tmp_path / "corpus.jsonl"
    jsonl.write_text(
        json.dumps(
            {
                "url": "https://d.example/3?utm_medium=x",
                "title": "Toma de local partidario",
                "text": "Manifestantes tomaron el local del partido en Juliaca.",
            }
        )
        + "\n{bad\n"
    )
    feed = tmp_path / "local.xml"
    feed.write_bytes((FEEDS / "atom.xml").read_bytes().replace(b"{base}", b"https://wire.example"))
    results = ingest_targets(
        app, [str(ICEWS), str(jsonl), str(feed), str(tmp_path / "missing.csv")], fetch_pages=False
    )
    icews, corpus, local, missing = results
    assert (icews.new, icews.failed) == (16, 0)
    assert (corpus.new, corpus.failed) == (1, 1)
    assert local.new == 2 and local.source == str(feed)
    assert missing.error and "no such file" in missing.error
    again = ingest_targets(app, [str(ICEWS)], fetch_pages=False)[0]
    assert (again.new, again.duplicate) == (0, 16)
    with app.store.read() as conn:
        stored = list_documents(conn, source=str(ICEWS), limit=100)
    assert len(stored) == 16 and {d["lang"] for d in stored} == {"en"}


def test_opml_round_trip_and_refusals() -> None:
    outlines = parse_opml((FEEDS / "sources.opml").read_bytes().replace(b"{base}", b"https://x.example"))
    assert [o.url for o in outlines] == [
        "https://x.example/rss2.xml",
        "https://x.example/atom.xml",
        "https://x.example/feed.json",
    ]
    assert outlines[0].name == "Diario Andino" and outlines[0].lang == "es" and outlines[0].country == "PE"
    rows = [{"url": o.url, "name": o.name, "lang": o.lang, "country": o.country} for o in outlines]
    rows.append(
        {
            "url": "https://y.example/feed?a=1&b=<2>",
            "name": 'Comillas "raras" & <etiquetas>',
            "lang": "",
            "country": "",
        }
    )
    again = parse_opml(build_opml(rows))
    assert [(o.url, o.name) for o in again] == [(r["url"], r["name"]) for r in rows]
    bomb = (FEEDS / "bomb.xml").read_bytes().replace(b"<rss", b"<opml").replace(b"</rss>", b"</opml>")
    with pytest.raises(InputFileError, match="refused"):
        parse_opml(bomb)
    with pytest.raises(InputFileError, match="not OPML"):
        parse_opml(b"<rss/>")
    with pytest.raises(InputFileError, match="not valid OPML"):
        parse_opml(b"<opml><body>")


def test_peru_pack_lists_the_outlets_unverified() -> None:
    assert "PE" in available_packs()
    pack = load_pack("pe")
    names = " ".join(s.name for s in pack)
    for outlet in (
        "El Comercio",
        "La República",
        "RPP",
        "Andina",
        "Gestión",
        "Infobae",
        "Correo",
        "Exitosa",
        "Ojo Público",
        "IDL-Reporteros",
        "Convoca",
        "Congreso",
        "Presidencia",
        "Reuters",
        "AP",
        "EFE",
        "BBC Mundo",
    ):
        assert outlet in names
    assert all(not s.verified and s.country == "PE" and s.url.startswith("https://") for s in pack)
    assert len({s.url for s in pack}) == len(pack)
    with pytest.raises(UnknownCountryError):
        load_pack("XX")
