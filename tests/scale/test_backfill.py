"""Backfills: partitions coded and stored once, resumable after an interruption, the same on Dask."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from centinela.scale import Backfill, DaskExecutor, LocalExecutor
from centinela.scale.inputs import Partition
from centinela.scale.work import Options, Result
from centinela.sources.files import read_documents
from centinela.sources.items import Context, prepare_document
from centinela.store import open_store
from centinela.store.documents import store_prepared
from centinela.store.schema import backfill_partitions, documents, events

from .conftest import FIXTURES, write_gdelt

EVENT_FILES = [FIXTURES / n for n in ("gdelt_events.export.CSV", "icews_sample.tab", "acled_export.csv")]


def _count(store, table: sa.Table, *where) -> int:  # type: ignore[no-untyped-def]
    with store.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar() or 0)


class Counting:
    """An executor that counts the partitions it was given, around a real one."""

    name = "counting"

    def __init__(self, inner: LocalExecutor) -> None:
        self.inner = inner
        self.seen: list[tuple[str, int]] = []

    def run(self, parts: Iterator[Partition], options: Options) -> Iterator[Result]:
        def spy() -> Iterator[Partition]:
            for part in parts:
                self.seen.append((part.kind, part.index))
                yield part

        yield from self.inner.run(spy(), options)


def test_backfill_stores_documents_events_and_progress(store_url: str, corpus: Path, coder) -> None:  # type: ignore[no-untyped-def]
    store = open_store(store_url)
    job = Backfill(store, partition_size=25)
    reports = job.run(job.plan([str(corpus), *map(str, EVENT_FILES)]), LocalExecutor(coder))
    by_kind = {r.kind: r for r in reports}
    docs = by_kind["jsonl"]
    assert (docs.rows, docs.partitions, docs.malformed) == (60, 3, 0)
    assert docs.new + docs.duplicate == 60 and docs.events > 30
    gdelt = by_kind["gdelt"]
    assert (gdelt.rows, gdelt.new, gdelt.events, gdelt.skipped, gdelt.malformed) == (6, 3, 3, 1, 2)
    assert [line for line, _ in gdelt.errors] == [3, 6]
    assert by_kind["acled"].events == 3 and by_kind["icews"].new == 8
    with store.read() as conn:
        rows = conn.execute(
            sa.select(events.c.code, events.c.family, events.c.country, events.c.region)
        ).all()
        assert ("protest", "unrest", "PE", "PE-PUN") in rows
        assert all(family for _, family, _, _ in rows)
        uncoded = conn.execute(sa.select(sa.func.count()).where(documents.c.coded.is_(False))).scalar()
        assert uncoded == 0
    assert _count(store, backfill_partitions) == 3 + 1 + 1 + 1
    # A second run finds every partition done and stores nothing.
    again = job.run(job.plan([str(corpus), *map(str, EVENT_FILES)]), LocalExecutor(coder))
    assert all(r.partitions == 0 and r.resumed_partitions > 0 for r in again)
    assert _count(store, documents) == sum(r.new for r in reports)


def test_interrupted_backfill_resumes_without_redoing_partitions(store_url: str, corpus: Path, coder) -> None:  # type: ignore[no-untyped-def]
    store = open_store(store_url)
    job = Backfill(store, partition_size=10)
    first = Counting(LocalExecutor(coder))
    seen_rows = []

    def stop_after_two(rows: int) -> None:
        seen_rows.append(rows)
        if len(seen_rows) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        job.run(job.plan([str(corpus)]), first, on_rows=stop_after_two)
    assert _count(store, backfill_partitions) == 2
    second = Counting(LocalExecutor(coder))
    resumed_rows = []
    [report] = job.run(job.plan([str(corpus)]), second, on_rows=resumed_rows.append)
    assert [index for _, index in second.seen] == [2, 3, 4, 5]  # the two done partitions are not redone
    assert report.resumed_partitions == 2 and report.partitions == 4 and resumed_rows[0] == 20
    fresh = open_store(store_url.replace("store.db", "fresh.db")) if store_url.startswith("sqlite") else None
    if fresh is not None:  # the interrupted and resumed store holds what one clean run stores
        clean = Backfill(fresh, partition_size=10)
        clean.run(clean.plan([str(corpus)]), LocalExecutor(coder))
        assert _count(store, documents) == _count(fresh, documents)
        assert _count(store, events) == _count(fresh, events)


def test_documents_stored_uncoded_before_get_their_events_once(store_url: str, corpus: Path, coder) -> None:  # type: ignore[no-untyped-def]
    store = open_store(store_url)
    now = datetime.now(UTC)
    with store.write() as conn:  # what `centinela ingest corpus.jsonl` leaves: documents, no events
        for doc in read_documents(corpus, "jsonl"):
            p = prepare_document(doc, Context(source=str(corpus), outlet=doc.outlets[0], fetched=now))
            assert p is not None
            store_prepared(conn, p, 5, timedelta(hours=72))
    stored = _count(store, documents)
    job = Backfill(store, partition_size=30)
    [report] = job.run(job.plan([str(corpus)]), LocalExecutor(coder))
    assert report.new == 0 and report.duplicate == 60 and report.events > 30
    assert _count(store, documents) == stored
    with store.read() as conn:
        per_document = conn.execute(
            sa.select(events.c.document_id, events.c.code, sa.func.count()).group_by(
                events.c.document_id, events.c.code
            )
        ).all()
    assert all(n == 1 for _, _, n in per_document)


def test_dask_executor_stores_what_the_local_one_stores(tmp_path: Path, corpus: Path, coder) -> None:  # type: ignore[no-untyped-def]
    local_store = open_store(f"sqlite:///{tmp_path / 'local.db'}")
    dask_store = open_store(f"sqlite:///{tmp_path / 'dask.db'}")
    local = Backfill(local_store, partition_size=20)
    local.run(local.plan([str(corpus), str(EVENT_FILES[0])]), LocalExecutor(coder))
    on_dask = Backfill(dask_store, partition_size=20)
    with DaskExecutor(workers=1) as executor:
        reports = on_dask.run(on_dask.plan([str(corpus), str(EVENT_FILES[0])]), executor)
        profiling = executor.client.run(lambda dask_worker: "profile" in dask_worker.periodic_callbacks)
    assert sum(r.partitions for r in reports) == 4
    # The statistical profiler would keep 1,000 s of profiles in each worker, for no dashboard.
    assert list(profiling.values()) == [False]
    with local_store.read() as a, dask_store.read() as b:
        query = (
            sa.select(documents.c.url, events.c.code).join(events).order_by(documents.c.url, events.c.code)
        )
        assert a.execute(query).all() == b.execute(query).all()


def test_backfill_killed_mid_way_resumes(store_url: str, tmp_path: Path) -> None:
    """A real interruption: Ctrl-C to the command while it writes, then the same command again."""
    big = write_gdelt(tmp_path / "big.export.CSV", 400)
    env = {**os.environ, "CENTINELA_DATABASE_URL": store_url, "HOME": str(tmp_path)}
    command = [
        sys.executable,
        "-m",
        "centinela",
        "backfill",
        str(big),
        "--executor",
        "local",
        "--partition-size",
        "5",
        "--no-progress",
        "--format",
        "json",
    ]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    store = open_store(store_url)
    deadline = time.monotonic() + 60
    while _count(store, backfill_partitions) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    done_before = _count(store, backfill_partitions)
    assert proc.returncode == 130 and "interrupted" in err and 3 <= done_before < 80
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert f'"resumed_partitions":{done_before}' in again.stdout
    assert _count(store, backfill_partitions) == 80
    assert _count(store, documents) == 400 and _count(store, events) == 400


def test_an_archive_keeps_its_old_dates(store_url: str, tmp_path: Path, coder) -> None:  # type: ignore[no-untyped-def]
    # Live ingestion distrusts a date older than past_limit_days; a backfill of a 1995 archive must not,
    # or its events would all be dated the day of the backfill.
    archive = tmp_path / "archive.jsonl"
    row = {
        "url": "https://archivo.example/1995/07/28/mensaje",
        "title": "Congreso aprueba la vacancia presidencial",
        "text": "El Congreso aprobó la vacancia del presidente por incapacidad moral permanente.",
        "published": "1995-07-28",
        "lang": "es",
    }
    archive.write_text(json.dumps(row) + "\n", encoding="utf-8")
    store = open_store(store_url)
    job = Backfill(store)
    [report] = job.run(job.plan([str(archive)]), LocalExecutor(coder))
    assert report.new == 1
    with store.read() as conn:
        published, flags = conn.execute(sa.select(documents.c.published, documents.c.flags)).one()
        days = {d.year for d in conn.execute(sa.select(events.c.date)).scalars()}
    assert published.year == 1995 and not any(f.startswith("date_far_past") for f in flags)
    assert days == {1995}
