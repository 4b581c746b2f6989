"""store_prepared_many: the same answers and the same rows as store_prepared one document at a time."""

from __future__ import annotations

import dataclasses
import random
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from centinela.coding.dedupe import fingerprints
from centinela.sources.model import Prepared
from centinela.store import open_store
from centinela.store.db import Store
from centinela.store.documents import _NEAR_PROBES, _probe_params, store_prepared, store_prepared_many
from centinela.store.schema import document_outlets, documents, simhash_bands

WINDOW = timedelta(hours=72)
STORIES = [
    "La presidenta del Consejo de Ministros anunció el adelanto de las elecciones generales para abril "
    "tras una reunión con las bancadas del Congreso y en medio de protestas en el sur del país",
    "Las lluvias de la última noche inundaron viviendas en tres distritos de Tumbes y dejaron a cientos "
    "de familias damnificadas mientras el gobierno regional declaró la emergencia por sesenta días",
    "Los transportistas de Lima iniciaron un paro indefinido contra la extorsión y bloquearon las "
    "principales avenidas de la capital desde la madrugada con el apoyo de los mototaxistas",
    "El dólar cerró hoy a tres soles con ochenta céntimos en el mercado interbancario según el Banco "
    "Central de Reserva que intervino con la venta de certificados para frenar la subida",
]
EDITS = ["", " este domingo", " (EFE)", " según fuentes oficiales", " y otros"]
OUTLETS = ["diario.pe", "radio.pe", "tv.pe", "x" * 600]


def _text(rng: random.Random) -> str:
    """A story, a near copy of one (a few words added), or a text too short for a SimHash."""
    story = rng.choice(STORIES)
    if rng.random() < 0.1:
        return story.split(" y ")[0][:30]
    return story + rng.choice(EDITS)


def _prepared(rng: random.Random, base: datetime) -> Prepared:
    text = _text(rng)
    digest, fingerprint = fingerprints("", text)
    fetched = base + timedelta(hours=rng.randint(-240, 240))
    published = None if rng.random() < 0.3 else fetched - timedelta(hours=rng.randint(0, 120))
    guid = rng.choice([None, None, f"urn:nota:{rng.randint(0, 9)}", str(rng.randint(0, 9))])
    return Prepared(
        url=f"https://{rng.choice(OUTLETS[:3])}/nota/{rng.randint(0, 150)}",
        source="test",
        outlet=rng.choice(OUTLETS),
        title="",
        text=text,
        lang="es",
        published=published,
        fetched=fetched,
        content_hash=digest,
        simhash=fingerprint,
        guid=guid,
        match_content=rng.random() < 0.85,
    )


def _rows(store: Store) -> dict[str, list[Any]]:
    """Every row of the three tables, comparable across backends (times in UTC)."""
    with store.read() as conn:
        tables = {}
        for table in (documents, document_outlets, simhash_bands):
            rows = [tuple(r) for r in conn.execute(sa.select(table))]
            tables[table.name] = sorted(
                (
                    tuple(v.astimezone(UTC) if isinstance(v, datetime) and v.tzinfo else v for v in r)
                    for r in rows
                ),
                key=repr,
            )
        return tables


def _one_by_one(store: Store, batch: Sequence[Prepared]) -> list[tuple[str, int]]:
    with store.write() as conn:
        return [store_prepared(conn, p, 5, WINDOW) for p in batch]


def _batched(store: Store, batch: Sequence[Prepared]) -> list[tuple[str, int]]:
    with store.write() as conn:
        return store_prepared_many(conn, batch, 5, WINDOW)


def test_store_prepared_many_is_store_prepared_in_order(
    store_url: str, database_factory: Callable[..., AbstractContextManager[str]], tmp_path: Path
) -> None:
    backend = "sqlite" if store_url.startswith("sqlite") else "postgresql"
    with database_factory(backend, tmp_path, "batched") as other_url:
        single, many = open_store(store_url), open_store(other_url)
        rng = random.Random(7)
        base = datetime(2024, 3, 1, tzinfo=UTC)
        try:
            # Several batches into the same stores: later batches meet stored documents and each other.
            for round_ in range(12):
                batch = [_prepared(rng, base + timedelta(days=round_)) for _ in range(rng.randint(0, 60))]
                assert _batched(many, batch) == _one_by_one(single, batch), f"batch {round_}"
            assert _rows(many) == _rows(single)
            with single.read() as conn:
                kinds = {
                    "documents": conn.execute(sa.select(sa.func.count()).select_from(documents)).scalar(),
                    "outlets": conn.execute(
                        sa.select(sa.func.count()).select_from(document_outlets)
                    ).scalar(),
                }
            assert kinds["documents"] and kinds["outlets"] > kinds["documents"]  # duplicates were met
        finally:
            single.close()
            many.close()


@pytest.mark.parametrize("seed", range(8))
def test_store_prepared_many_matches_on_sqlite_for_many_seeds(seed: int, tmp_path: Path) -> None:
    single = open_store(f"sqlite:///{tmp_path / 'single.db'}")
    many = open_store(f"sqlite:///{tmp_path / 'many.db'}")
    rng = random.Random(seed)
    base = datetime(2024, 3, 1, tzinfo=UTC)
    for round_ in range(6):
        batch = [_prepared(rng, base + timedelta(days=2 * round_)) for _ in range(rng.randint(1, 80))]
        assert _batched(many, batch) == _one_by_one(single, batch), f"batch {round_}"
    assert _rows(many) == _rows(single)
    single.close()
    many.close()


def test_a_url_another_writer_stores_first_is_a_duplicate_not_an_error(store_url: str) -> None:
    if store_url.startswith("sqlite"):
        pytest.skip("a race of writers needs PostgreSQL")
    rng = random.Random(3)
    batch = [_prepared(rng, datetime(2024, 3, 1, tzinfo=UTC)) for _ in range(30)]
    batch = list({p.url: p for p in batch}.values())  # each its own document
    batch = [dataclasses.replace(p, guid=None, match_content=False) for p in batch]
    first, second = open_store(store_url), open_store(store_url)
    answers: list[list[tuple[str, int]]] = []
    try:
        with first.write() as conn:
            mine = store_prepared_many(conn, batch, 5, WINDOW)
            # The second writer waits on our uncommitted URLs, then finds them taken.
            racer = threading.Thread(target=lambda: answers.append(_batched(second, batch)))
            racer.start()
            racer.join(timeout=1)
            assert racer.is_alive()
        racer.join(timeout=30)
        assert [kind for kind, _ in mine] == ["new"] * len(batch)
        assert answers == [[("duplicate", doc) for _, doc in mine]]
        with first.read() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(documents)).scalar() == len(batch)
    finally:
        first.close()
        second.close()


def test_the_near_duplicate_probe_reads_only_the_window_through_the_index(store_url: str) -> None:
    # A look-up by (band, value) alone reads one stored document in 2,048 per band, so the backfill slowed
    # down as the corpus grew; the window must be part of the index search, not a filter after it.
    store = open_store(store_url)
    when = datetime(2020, 11, 9, tzinfo=UTC)
    probes = [(0, 1, 42, when - WINDOW, when + WINDOW)]
    with store.read() as conn:
        statement = _NEAR_PROBES[conn.dialect.name]
        params = _probe_params(conn, probes)
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")  # an empty table: make it show its index
            plan = "\n".join(conn.execute(sa.text(f"EXPLAIN {statement.text}"), params).scalars())
            assert "ix_simhash_bands_band_value_at" in plan and "at >=" in plan.replace("b.at", "at")
        else:
            rows = conn.execute(sa.text(f"EXPLAIN QUERY PLAN {statement.text}"), params).all()
            plan = "\n".join(str(row[-1]) for row in rows)
            assert "ix_simhash_bands_band_value_at (band=? AND value=? AND at>? AND at<?)" in plan


@pytest.mark.parametrize("store_one", [_one_by_one, _batched], ids=["one by one", "batched"])
def test_a_near_copy_exactly_at_the_window_edge_is_the_same_story(
    store_url: str, store_one: Callable[[Store, Sequence[Prepared]], list[tuple[str, int]]]
) -> None:
    # The window is inclusive on both backends; SQLite compares stored text, so the bounds must be
    # written exactly as the column writes them.
    store = open_store(store_url)
    first = datetime(2016, 9, 15, tzinfo=UTC)

    def story(url: str, published: datetime, edit: str) -> Prepared:
        digest, fingerprint = fingerprints("", STORIES[0] + edit)
        return Prepared(
            url=url,
            source="test",
            outlet="diario.pe",
            title="",
            text=STORIES[0] + edit,
            lang="es",
            published=published,
            fetched=published,
            content_hash=digest,
            simhash=fingerprint,
        )

    [(kind, doc)] = store_one(store, [story("https://diario.pe/1", first, "")])
    assert kind == "new"
    # Told three days later than the stored one, and three days earlier: both are its near copies.
    later = story("https://diario.pe/2", first + WINDOW, " este domingo")
    earlier = story("https://diario.pe/3", first - WINDOW, " (EFE)")
    assert store_one(store, [later]) == [("duplicate", doc)]
    assert store_one(store, [earlier]) == [("duplicate", doc)]
    beyond = story("https://diario.pe/4", first + WINDOW + timedelta(microseconds=1), " y otros")
    assert store_one(store, [beyond])[0][0] == "new"
