"""Queries of the backfill progress table: which partitions of a file are done, and recording one."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from centinela.store.schema import backfill_partitions as bp

#: Malformed rows kept per partition for the report (all are counted; a file of garbage stays small).
ERRORS_KEPT = 100


def done_partitions(conn: Connection, fingerprint: str, size: int) -> dict[int, int]:
    """Partition index -> its row count, for the partitions of this file already written."""
    query = sa.select(bp.c.partition, bp.c.rows).where(
        bp.c.fingerprint == fingerprint, bp.c.partition_size == size
    )
    return {int(i): int(n) for i, n in conn.execute(query)}


def is_done(conn: Connection, fingerprint: str, size: int, index: int) -> bool:
    query = sa.select(bp.c.id).where(
        bp.c.fingerprint == fingerprint, bp.c.partition_size == size, bp.c.partition == index
    )
    return conn.execute(query).first() is not None


def record_partition(
    conn: Connection, head: Mapping[str, Any], counts: Mapping[str, int], errors: list[tuple[int, str]]
) -> None:
    """Record a partition as written, in the transaction that wrote it."""
    conn.execute(
        sa.insert(bp).values(
            fingerprint=head["fingerprint"],
            partition_size=head["size"],
            partition=head["index"],
            source=str(head["source"])[:2048],
            kind=head["kind"],
            rows=counts["rows"],
            new=counts["new"],
            duplicate=counts["duplicate"],
            malformed=counts["malformed"],
            skipped=counts["skipped"],
            events=counts["events"],
            errors=[[line, reason[:300]] for line, reason in errors[:ERRORS_KEPT]],
            finished=datetime.now(UTC),
        )
    )


def totals(conn: Connection, fingerprint: str, size: int) -> dict[str, int]:
    """The counts of every partition of this file written so far (this run and earlier ones)."""
    names = ("rows", "new", "duplicate", "malformed", "skipped", "events")
    query = sa.select(*[sa.func.coalesce(sa.func.sum(bp.c[n]), 0) for n in names], sa.func.count()).where(
        bp.c.fingerprint == fingerprint, bp.c.partition_size == size
    )
    row = conn.execute(query).one()
    return {**{n: int(v) for n, v in zip(names, row[:-1], strict=True)}, "partitions": int(row[-1])}


def recorded_errors(conn: Connection, fingerprint: str, size: int, limit: int = 20) -> list[tuple[int, str]]:
    """The first malformed rows recorded for this file: (line, reason), in file order."""
    query = (
        sa.select(bp.c.errors)
        .where(bp.c.fingerprint == fingerprint, bp.c.partition_size == size, bp.c.malformed > 0)
        .order_by(bp.c.partition)
    )
    found: list[tuple[int, str]] = []
    for (errors,) in conn.execute(query):
        found += [(int(line), str(reason)) for line, reason in errors or ()]
        if len(found) >= limit:
            break
    return found[:limit]
