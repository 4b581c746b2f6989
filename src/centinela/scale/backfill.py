"""Backfills: code a large corpus in partitions on an executor, store it through one writer, resumably.

The workers (this process, or Dask's) prepare and code; this process alone writes, one transaction per
partition holding its documents, its events and the row that records the partition as done. A crash
or Ctrl-C loses at most the partitions in flight; the next run skips the recorded ones. On PostgreSQL
several backfills (or ``watch`` workers) may write at once: a document another writer stored first
is skipped by ON CONFLICT on the unique URL and counted as a duplicate of theirs; a deadlock or a
serialization failure is retried.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import chain
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from centinela.errors import StoreError
from centinela.scale.inputs import Input, Partition, count_rows, open_input, partitions
from centinela.scale.progress import done_partitions, is_done, record_partition
from centinela.scale.work import Options, Result
from centinela.store.db import Store
from centinela.store.documents import store_prepared_many
from centinela.store.events import claim_uncoded, event_rows, insert_event_rows, mark_coded

log = logging.getLogger(__name__)
DEFAULT_PARTITION_SIZE = 1000
#: SQLSTATEs worth a retry: unique violation (another writer stored it first), deadlock, serialization.
_RETRY_STATES = frozenset({"23505", "40P01", "40001"})
ATTEMPTS = 5


class Executor(Protocol):
    name: str

    def run(self, parts: Iterator[Partition], options: Options) -> Iterator[Result]: ...


@dataclass(frozen=True, slots=True)
class Planned:
    """An input with the partitions already done (index -> rows) and its estimated rows."""

    input: Input
    done: dict[int, int]
    estimate: int


@dataclass(slots=True)
class SourceReport:
    """What a backfill did with one file in this run (``resumed_*``: partitions done before it)."""

    source: str
    kind: str
    rows: int = 0
    new: int = 0
    duplicate: int = 0
    malformed: int = 0
    skipped: int = 0
    events: int = 0
    partitions: int = 0
    resumed_partitions: int = 0
    resumed_rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    def add(self, counts: dict[str, int], errors: list[tuple[int, str]]) -> None:
        for name in ("rows", "new", "duplicate", "malformed", "skipped", "events"):
            setattr(self, name, getattr(self, name) + counts[name])
        self.partitions += 1
        self.errors += errors[: max(0, 20 - len(self.errors))]


def _store_items(conn: Connection, result: Result, max_bits: int, window: timedelta) -> dict[str, int]:
    counts = {
        "rows": result.rows,
        "new": 0,
        "duplicate": 0,
        "malformed": len(result.errors),
        "skipped": result.skipped,
        "events": 0,
    }
    # In URL order: concurrent writers (PostgreSQL) then take the unique-index locks in one global order,
    # so they may wait for each other but never deadlock.
    ordered = sorted(result.items, key=lambda item: item.prepared.url)
    # One batch, a few round trips: one per document made the single writer the bottleneck on PostgreSQL.
    kinds = store_prepared_many(conn, [item.prepared for item in ordered], max_bits, window)
    stored = [(item, kind, doc_id) for item, (kind, doc_id) in zip(ordered, kinds, strict=True)]
    # A duplicate gets the events only when nobody coded it yet (stored by ingest, say): one query for all.
    known = {doc_id for _, kind, doc_id in stored if kind == "duplicate"}
    waiting = claim_uncoded(conn, known) if known else set()
    rows: list[dict[str, Any]] = []
    coded: set[int] = set()
    for item, kind, doc_id in stored:
        counts[kind] += 1
        if doc_id in coded or (kind == "duplicate" and doc_id not in waiting):
            continue
        day = (item.prepared.published or item.prepared.fetched).date()
        rows += event_rows(doc_id, item.coded, day)
        coded.add(doc_id)
    counts["events"] = insert_event_rows(conn, rows)
    mark_coded(conn, coded - waiting)
    return counts


def _retryable(exc: sa.exc.DBAPIError) -> bool:
    state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return isinstance(exc, sa.exc.IntegrityError) or state in _RETRY_STATES


def write_result(store: Store, result: Result, max_bits: int, window: timedelta) -> dict[str, int] | None:
    """Store one coded partition and record it, in one transaction; None if it was recorded already."""
    head = {
        "fingerprint": result.fingerprint,
        "size": result.size,
        "index": result.index,
        "source": result.source,
        "kind": result.kind,
    }
    for attempt in range(ATTEMPTS):
        try:
            with store.write() as conn:
                if is_done(conn, result.fingerprint, result.size, result.index):
                    return None  # another backfill of the same file wrote it meanwhile
                counts = _store_items(conn, result, max_bits, window)
                record_partition(conn, head, counts, result.errors)
                return counts
        except sa.exc.DBAPIError as exc:
            if not _retryable(exc) or attempt == ATTEMPTS - 1:
                raise StoreError(
                    f"cannot store partition {result.index} of {result.source}: {exc.orig}"
                ) from None
            log.debug("partition %s of %s: retrying after %s", result.index, result.source, exc.orig)
            time.sleep(0.05 * (attempt + 1))
    return None  # pragma: no cover - the loop returns or raises


def analyze(store: Store) -> None:
    """Refresh the planner's statistics after a bulk load, so the dashboard's event queries keep using
    the right index at once instead of after autovacuum's next pass (PostgreSQL) or never (SQLite)."""
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA optimize" if store.is_sqlite else "ANALYZE events, documents")
        conn.commit()


class Backfill:
    """A backfill into ``store`` with the de-duplication settings and the partition size given."""

    def __init__(
        self,
        store: Store,
        *,
        partition_size: int = DEFAULT_PARTITION_SIZE,
        near_duplicate_bits: int = 5,
        near_duplicate_window_hours: float = 72.0,
        future_tolerance_hours: float = 24.0,
        past_limit_days: float | None = None,
    ) -> None:
        self.store = store
        self.partition_size = partition_size
        self.max_bits = near_duplicate_bits
        self.window = timedelta(hours=near_duplicate_window_hours)
        self.tolerance = (future_tolerance_hours, past_limit_days)

    @classmethod
    def from_settings(
        cls, store: Store, settings: Any, partition_size: int = DEFAULT_PARTITION_SIZE
    ) -> Backfill:
        return cls(
            store,
            partition_size=partition_size,
            near_duplicate_bits=settings.near_duplicate_bits,
            near_duplicate_window_hours=settings.near_duplicate_window_hours,
            future_tolerance_hours=settings.future_tolerance_hours,
        )

    def plan(self, targets: Sequence[str]) -> list[Planned]:
        """Open each input and read what was done before (raises InputFileError for a bad target)."""
        planned = []
        for target in dict.fromkeys(targets):
            source = open_input(target)
            with self.store.read() as conn:
                done = done_partitions(conn, source.fingerprint, self.partition_size)
            planned.append(Planned(source, done, count_rows(source.path)))
        return planned

    def run(
        self,
        planned: Sequence[Planned],
        executor: Executor,
        on_rows: Callable[[int], None] | None = None,
        now: datetime | None = None,
    ) -> list[SourceReport]:
        """Code and store every partition not done yet; ``on_rows`` hears of each row handled."""
        options = Options(now or datetime.now(UTC), *self.tolerance)
        reports = {p.input.fingerprint: SourceReport(str(p.input.path), p.input.kind) for p in planned}
        for p in planned:
            reports[p.input.fingerprint].resumed_partitions = len(p.done)
            reports[p.input.fingerprint].resumed_rows = sum(p.done.values())
            if on_rows is not None and p.done:
                on_rows(sum(p.done.values()))
        parts = chain.from_iterable(
            partitions(p.input, self.partition_size, frozenset(p.done)) for p in planned
        )
        for result in executor.run(parts, options):
            counts = write_result(self.store, result, self.max_bits, self.window)
            if counts is not None:
                reports[result.fingerprint].add(counts, result.errors)
            if on_rows is not None:
                on_rows(result.rows)
        return list(reports.values())
