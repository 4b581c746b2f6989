"""Several writers on one PostgreSQL: documents, events and alerts are stored once.

SQLite has one writer at a time, so these races cannot happen there; on PostgreSQL the unique
constraints decide and the writers retry or count a duplicate.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from centinela.model import Alert
from centinela.store import Store, open_store
from centinela.store.alerts import insert_alert
from centinela.store.schema import alerts, backfill_partitions, documents, events

from .conftest import PG_ADMIN_URL, write_gdelt

pytestmark = pytest.mark.skipif(not PG_ADMIN_URL, reason="needs PostgreSQL (CENTINELA_TEST_DATABASE_URL)")


@pytest.fixture
def pg_url(store_url: str) -> str:
    if store_url.startswith("sqlite"):
        pytest.skip("a race of writers needs PostgreSQL")
    return store_url


def _one(conn: sa.Connection, query: sa.Select) -> int:
    return int(conn.execute(query).scalar() or 0)


def test_parallel_backfills_of_the_same_files_store_each_document_once(pg_url: str, tmp_path: Path) -> None:
    events_file = write_gdelt(tmp_path / "events.export.CSV", 90)
    open_store(pg_url).close()  # migrate once, before the race
    env = {**os.environ, "CENTINELA_DATABASE_URL": pg_url, "HOME": str(tmp_path)}
    # Different partition sizes: the same rows fall in different partitions, so the writers meet on
    # documents, not only on whole partitions.
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "centinela",
                "backfill",
                str(events_file),
                "--executor",
                "local",
                "--partition-size",
                str(size),
                "--no-progress",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for size in (5, 7, 11)
    ]
    for run in runs:
        _, err = run.communicate(timeout=240)
        assert run.returncode == 0, err
    store = open_store(pg_url)
    with store.read() as conn:
        urls = _one(conn, sa.select(sa.func.count(sa.distinct(documents.c.url))))
        assert _one(conn, sa.select(sa.func.count()).select_from(documents)) == urls
        assert (
            _one(
                conn,
                sa.select(sa.func.count()).select_from(documents).where(documents.c.url.like("urn:gdelt:%")),
            )
            == 90
        )
        per_document = sa.select(events.c.document_id, events.c.code).group_by(
            events.c.document_id, events.c.code
        )
        twice = per_document.having(sa.func.count() > 1)
        assert conn.execute(twice).first() is None  # no document coded twice by two writers
        assert (
            _one(conn, sa.select(sa.func.count()).select_from(events).where(events.c.code == "protest")) == 90
        )
        parts = _one(conn, sa.select(sa.func.count()).select_from(backfill_partitions))
    assert parts == sum(-(-90 // size) for size in (5, 7, 11))


def test_writers_racing_on_the_same_alerts_store_each_once(pg_url: str) -> None:
    """What several `watch` workers do when they reach the same engine alert at once."""
    store = open_store(pg_url)
    raised = [
        Alert(
            key=f"PE:race:{n}",
            country="PE",
            kind="institutional",
            code="vacancy_motion",
            date=date(2022, 12, 7),
            title=f"alert {n}",
        )
        for n in range(30)
    ]
    barrier = threading.Barrier(4)
    failures: list[BaseException] = []

    def worker(own: Store) -> None:
        barrier.wait()
        for alert in raised:
            for _ in range(3):  # a writer that loses the race retries and finds the alert stored
                try:
                    with own.write() as conn:
                        insert_alert(conn, alert)
                    break
                except sa.exc.IntegrityError:
                    continue
            else:
                failures.append(RuntimeError(alert.key))

    stores = [open_store(pg_url) for _ in range(4)]  # one store per worker: each its own process's view
    threads = [threading.Thread(target=worker, args=(own,)) for own in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    with store.read() as conn:
        assert _one(conn, sa.select(sa.func.count()).select_from(alerts)) == 30
