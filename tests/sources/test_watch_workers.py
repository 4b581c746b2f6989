"""Several `centinela watch` processes on one database: each document, event, alert and delivery once.

On PostgreSQL the workers really run at the same time (unique constraints, claimed rows, SKIP LOCKED in
the outbox decide); on SQLite they take turns at the one writer. The same test runs on both.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from centinela.alerts.testing import ReceiverServer
from centinela.store import open_store
from centinela.store.schema import alerts, document_outlets, documents, events, outbox
from centinela.store.sources import add_source

from .conftest import Site

FEEDS = ["rss2.xml", "atom.xml", "outlet_a.xml", "outlet_b.xml", "outlet_c.xml", "dates.xml", "latin1.xml"]
WORKERS = 3


def _centinela(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "centinela", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(proc: subprocess.Popen[str]) -> str:
    out, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, err
    return out


@pytest.fixture
def hooks() -> Iterator[tuple[ReceiverServer, ReceiverServer]]:
    """Two webhook receivers: one for the lone worker's run, one for the workers together."""
    pair = (ReceiverServer().start(), ReceiverServer().start())
    yield pair
    for server in pair:
        server.stop()


def _watch(store_url: str, site: Site, receiver: ReceiverServer, home: Path, workers: int) -> None:
    """``workers`` processes of ``centinela watch --once`` at the same time on a fresh database."""
    store = open_store(store_url)  # migrated once, before the workers start
    with store.write() as conn:  # as `centinela sources add` registers them, due at once
        for name in FEEDS:
            add_source(conn, site.url(name), datetime.now(UTC))
    store.close()
    env = {
        **os.environ,
        "CENTINELA_DATABASE_URL": store_url,
        "CENTINELA_ALLOW_PRIVATE_HOSTS": "1",
        "CENTINELA_FETCH_PAGES": "0",
        "CENTINELA_EVENT_ALERT_CONFIDENCE": "0.3",  # enough event alerts for the outbox to race on
        "HOME": str(home),
    }
    _finish(_centinela(env, "subscribe", receiver.url(), "--all"))
    running = [_centinela(env, "watch", "--once") for _ in range(workers)]
    for worker in running:
        _finish(worker)


def _contents(store_url: str) -> dict[str, object]:
    """What a run stored, in terms that do not depend on which worker stored what. Which outlet's copy
    of a wire story becomes the document is a matter of who came first, so its events are only checked
    for doubles; the events of single-outlet documents must be the same."""
    store = open_store(store_url)
    with store.read() as conn:
        pairs = conn.execute(
            sa.select(documents.c.id, document_outlets.c.url).join(
                document_outlets, document_outlets.c.document_id == documents.c.id
            )
        ).all()
        stories: dict[int, list[str]] = {}
        for doc, seen in pairs:
            stories.setdefault(doc, []).append(seen)
        coded = conn.execute(
            sa.select(events.c.document_id, events.c.code, events.c.evidence).order_by(events.c.id)
        ).all()
        uncoded = conn.execute(sa.select(documents.c.id).where(documents.c.coded.is_(False))).first()
        keys = list(conn.execute(sa.select(alerts.c.key)).scalars())
        messages = int(conn.execute(sa.select(sa.func.count()).select_from(outbox)).scalar() or 0)
    store.close()
    assert uncoded is None, "a document was left uncoded"
    assert len(coded) == len(set(coded)), "a document's events were stored by two workers"
    assert len(keys) == len(set(keys))
    return {
        "stories": sorted(sorted(urls) for urls in stories.values()),
        "events": sorted((stories[doc][0], code, ev) for doc, code, ev in coded if len(stories[doc]) == 1),
        "alerts": len(keys),
        "messages": messages,
    }


def test_watch_workers_on_one_database_store_and_deliver_what_one_worker_does(
    store_url: str, site: Site, tmp_path: Path, hooks: tuple[ReceiverServer, ReceiverServer], database_factory
) -> None:  # type: ignore[no-untyped-def]
    backend = "sqlite" if store_url.startswith("sqlite") else "postgresql"
    with database_factory(backend, tmp_path, "alone") as alone_url:
        _watch(alone_url, site, hooks[0], tmp_path, workers=1)
        alone = _contents(alone_url)
    _watch(store_url, site, hooks[1], tmp_path, workers=WORKERS)
    together = _contents(store_url)
    stories: list[list[str]] = alone["stories"]  # type: ignore[assignment]
    assert len(stories) >= 8 and alone["events"] and alone["alerts"]
    # One wire story from three outlets is one document listing them, however the workers met it.
    assert [len(urls) for urls in stories if any("adelanto-elecciones-2024" in u for u in urls)] == [3]
    assert together["stories"] == alone["stories"] and together["events"] == alone["events"]
    for hook, run in zip(hooks, (alone, together), strict=True):
        assert not [r for r in hook.records if r["duplicate"]], "a message was sent twice"
        assert len({r["key"] for r in hook.records}) == len(hook.records) == run["messages"]
