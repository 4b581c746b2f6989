"""Opening the store: engine creation, SQLite pragmas, single-writer transactions, migrations."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from centinela.errors import StoreError

MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_engine(url: sa.URL) -> Engine:
    if url.database and url.database != ":memory:":
        try:
            Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder for {url.database}: {exc}") from None
    engine = sa.create_engine(url, connect_args={"timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        # pysqlite's own transaction handling defers BEGIN; take it over so writers can BEGIN IMMEDIATE.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # IMMEDIATE takes the write lock at the start: two writers queue instead of failing mid-way.
        write = conn.get_execution_options().get("centinela_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def lock_for_transaction(conn: Connection, name: str) -> None:
    """Hold the lock ``name`` until this transaction ends, for a read-compute-replace that two writers
    must not interleave. PostgreSQL: an advisory lock (a second worker waits, then reads what the
    first committed). SQLite: nothing to do, a write transaction already excludes every other writer."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(name))))


def create_engine(url: str) -> Engine:
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        raise StoreError(f"database URL {url!r} is not valid") from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    try:
        return sa.create_engine(parsed, pool_pre_ping=True)
    except (ImportError, sa.exc.NoSuchModuleError) as exc:
        raise StoreError(f"no driver for {parsed.drivername}: {exc}") from None


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


class Store:
    """The database: read and write transactions, with one writer at a time on SQLite."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._write_lock = threading.Lock()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction that commits on success and rolls back on any error."""
        with self._write_lock, self.engine.connect() as conn:
            conn.execution_options(centinela_write=True)
            with conn.begin():
                yield conn

    def pending_migrations(self) -> list[str]:
        script = ScriptDirectory.from_config(alembic_config())
        with self.engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
        pending = []
        for rev in script.walk_revisions():
            if rev.revision in current:
                break
            pending.append(rev.revision)
        return pending

    def migrate(self) -> None:
        try:
            with self.write() as conn:
                command.upgrade(alembic_config(conn), "head")
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot migrate the database at {self.engine.url!r}: {exc}") from None

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str, migrate: bool = True) -> Store:
    """Open (and by default bring up to date) the store at ``url``."""
    store = Store(create_engine(url))
    if migrate:
        try:
            store.migrate()
        except sa.exc.OperationalError as exc:
            raise StoreError(f"cannot open the database at {store.engine.url!r}: {exc.orig}") from None
    return store
