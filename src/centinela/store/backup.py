"""Backup, restore and integrity checks, the same on SQLite and PostgreSQL.

The portable backup is gzipped JSON Lines: a header (format, schema revision, table order) and then
every row of every table, parents before children, each line ``{"t": table, "r": row}``. It moves a
store between backends (SQLite to PostgreSQL and back) and restores into an empty database, in one
transaction: a failed restore leaves the database empty. A backup from an older schema revision is
loaded at that revision and then migrated, so an upgrade of centinela never strands a backup. Where
PostgreSQL's own ``pg_dump`` is installed it can be used instead (``native=True``): faster, PostgreSQL only.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from centinela.errors import InputFileError, StoreError
from centinela.store.db import Store, alembic_config
from centinela.store.schema import metadata

FORMAT = "centinela-backup"
VERSION = 1
BATCH = 1000
_PG_MAGIC = b"PGDMP"


def _revision(conn: Connection) -> str:
    heads = MigrationContext.configure(conn).get_current_heads()
    return ",".join(sorted(heads))


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _decoder(column: sa.Column) -> Any:
    kind = column.type
    if isinstance(kind, sa.DateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(kind, sa.Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    return None


def _rows(conn: Connection, table: sa.Table) -> Iterator[dict[str, Any]]:
    order = list(table.primary_key.columns) or list(table.columns)
    # yield_per streams the rows (a server-side cursor on PostgreSQL): memory stays flat on big tables.
    result = conn.execution_options(yield_per=BATCH).execute(sa.select(table).order_by(*order))
    for row in result.mappings():
        yield {k: _encode(v) for k, v in row.items()}


def backup(store: Store, path: Path) -> dict[str, int]:
    """Write every table to ``path`` (gzipped JSON Lines); returns rows per table."""
    counts: dict[str, int] = {}
    tmp = path.with_name(path.name + ".part")
    try:
        with store.read() as conn, gzip.open(tmp, "wt", encoding="utf-8") as out:
            shapes = _tables_here(conn)
            tables = [shapes[t.name] for t in metadata.sorted_tables if t.name in shapes]
            header = {
                "format": FORMAT,
                "version": VERSION,
                "revision": _revision(conn),
                "backend": store.engine.dialect.name,
                "created": datetime.now(UTC).isoformat(),
                "tables": [t.name for t in tables],
            }
            out.write(json.dumps(header) + "\n")
            for table in tables:
                counts[table.name] = 0
                for row in _rows(conn, table):
                    out.write(json.dumps({"t": table.name, "r": row}, ensure_ascii=False) + "\n")
                    counts[table.name] += 1
        tmp.replace(path)  # a crash mid-way never leaves a truncated file under the final name
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot write the backup {path}: {exc.strerror or exc}") from None
    return counts


def _header(stream: IO[str], path: Path) -> dict[str, Any]:
    try:
        header = json.loads(stream.readline())
    except (ValueError, OSError, EOFError) as exc:
        raise InputFileError(f"{path}: not a centinela backup ({exc})") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise InputFileError(f"{path}: not a centinela backup")
    if header.get("version") != VERSION:
        raise InputFileError(f"{path}: backup format version {header.get('version')} is not supported")
    return header


def _older_revisions(here: str) -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.iterate_revisions(here, "base")} - {here}


def _check_target(conn: Connection, header: dict[str, Any]) -> str | None:
    """Refuse a database with rows or a backup from an unknown revision; the older revision to load the
    backup at, or None when it is this database's."""
    here, wanted = _revision(conn), header.get("revision") or ""
    if wanted != here and wanted not in _older_revisions(here):
        raise StoreError(
            f"the backup is at schema revision {wanted or 'none'}, unknown to this centinela (at "
            f"{here or 'none'}): restore it with the version that wrote it, or a newer one"
        )
    busy = [
        t.name
        for t in metadata.sorted_tables
        if conn.execute(sa.select(sa.literal(1)).select_from(t).limit(1)).first()
    ]
    if busy:
        raise StoreError(f"restore needs an empty database; these tables have rows: {', '.join(busy)}")
    return None if wanted == here else wanted


def _tables_here(conn: Connection) -> dict[str, sa.Table]:
    """The schema's tables as this database has them: at an older revision, only its columns."""
    inspector = sa.inspect(conn)
    shapes = sa.MetaData()
    tables = {}
    for name in inspector.get_table_names():
        if name in metadata.tables:
            present = {c["name"] for c in inspector.get_columns(name)}
            columns = [
                sa.Column(c.name, c.type, primary_key=c.primary_key)
                for c in metadata.tables[name].columns
                if c.name in present
            ]
            tables[name] = sa.Table(name, shapes, *columns)
    return tables


def _flush(conn: Connection, table: sa.Table, batch: list[dict[str, Any]]) -> None:
    decoders = {c.name: d for c in table.columns if (d := _decoder(c)) is not None}
    for row in batch:
        for name, decode in decoders.items():
            if name in row:
                row[name] = decode(row[name])
    conn.execute(sa.insert(table), batch)
    batch.clear()


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL: move each id sequence past the restored ids (explicit ids do not advance them)."""
    for table in metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
        )


def restore(store: Store, path: Path) -> dict[str, int]:
    """Load a backup into this (migrated, empty) database in one transaction; returns rows per table."""
    if _is_pg_dump(path):
        return _pg_restore(store, path)
    counts: dict[str, int] = {}
    try:
        with gzip.open(path, "rt", encoding="utf-8") as stream, store.write() as conn:
            header = _header(stream, path)
            older = _check_target(conn, header)
            if older is not None:
                command.downgrade(alembic_config(conn), older)
            tables = _tables_here(conn)
            table, batch = None, []
            for number, line in enumerate(stream, 2):
                item = json.loads(line)
                if item.get("t") not in tables:
                    raise InputFileError(f"{path}:{number}: unknown table {item.get('t')!r}")
                if table is not None and (item["t"] != table.name or len(batch) >= BATCH):
                    _flush(conn, table, batch)
                table = tables[item["t"]]
                batch.append(item["r"])
                counts[table.name] = counts.get(table.name, 0) + 1
            if table is not None and batch:
                _flush(conn, table, batch)
            if older is not None:
                command.upgrade(alembic_config(conn), "head")
            if store.engine.dialect.name == "postgresql":
                _reset_sequences(conn)
    except (OSError, EOFError, ValueError) as exc:
        if isinstance(exc, InputFileError):
            raise
        raise InputFileError(f"{path}: cannot be read as a backup ({exc})") from None
    except sa.exc.IntegrityError as exc:
        raise StoreError(f"{path}: the backup's rows do not fit the schema: {exc.orig}") from None
    return counts


# --- PostgreSQL's own tools ---------------------------------------------------------------------------


def _libpq(store: Store) -> tuple[str, dict[str, str]]:
    """A libpq connection string without the password (that goes in the environment, not argv)."""
    url = store.engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return plain, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise StoreError(f"{name} is not installed; use the portable backup (without --native)")
    return found


def _is_pg_dump(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(5) == _PG_MAGIC
    except OSError as exc:
        raise InputFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def pg_dump(store: Store, path: Path) -> None:
    """A pg_dump (custom format) of a PostgreSQL store."""
    if store.engine.dialect.name != "postgresql":
        raise StoreError("--native backups are for PostgreSQL; SQLite stores use the portable backup")
    conninfo, env = _libpq(store)
    done = subprocess.run(
        [_tool("pg_dump"), "--format=custom", "--file", str(path), conninfo],  # noqa: S603
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise StoreError(f"pg_dump failed: {done.stderr.strip()[:500]}")


def _pg_restore(store: Store, path: Path) -> dict[str, int]:
    if store.engine.dialect.name != "postgresql":
        raise StoreError(f"{path} is a pg_dump archive: it restores only into PostgreSQL")
    conninfo, env = _libpq(store)
    done = subprocess.run(
        [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "-d", conninfo, str(path)],  # noqa: S603
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise StoreError(f"pg_restore failed: {done.stderr.strip()[:500]}")
    with store.read() as conn:
        return {
            t.name: int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar() or 0)
            for t in metadata.sorted_tables
        }


# --- integrity ----------------------------------------------------------------------------------------


def integrity_problems(store: Store) -> list[str]:
    """What is wrong with the stored data: SQLite's own checks, then rows whose parent is missing."""
    problems: list[str] = []
    with store.read() as conn:
        if store.is_sqlite:
            verdict = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            if verdict != ["ok"]:
                problems += [f"integrity_check: {v}" for v in verdict[:20]]
        for table in metadata.sorted_tables:
            for fk in table.foreign_keys:
                child, parent = fk.parent, fk.column
                orphan = (
                    sa.select(sa.func.count())
                    .select_from(table)
                    .where(child.isnot(None), ~sa.exists().where(parent == child))
                )
                found = int(conn.execute(orphan).scalar() or 0)
                if found:
                    problems.append(
                        f"{table.name}.{child.name}: {found} row(s) refer to a missing {parent.table.name}"
                    )
    return problems
