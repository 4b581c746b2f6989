import threading
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from centinela.store import open_store
from centinela.store.schema import metadata


def test_migrations_create_exactly_the_schema(store_url: str) -> None:
    store = open_store(store_url)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    assert store.pending_migrations() == []


def test_sqlite_is_in_wal_mode_with_foreign_keys(db_path: Path) -> None:
    store = open_store(f"sqlite:///{db_path}")
    with store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_write_rolls_back_on_error(store_url: str) -> None:
    store = open_store(store_url)
    try:
        with store.write() as conn:
            conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
            conn.exec_driver_sql("INSERT INTO t VALUES (1)")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    with store.read() as conn:
        assert not sa.inspect(conn).has_table("t")


def test_concurrent_writers_are_serialised(store_url: str) -> None:
    store = open_store(store_url)
    with store.write() as conn:
        conn.exec_driver_sql("CREATE TABLE counter (n INTEGER)")
        conn.exec_driver_sql("INSERT INTO counter VALUES (0)")

    def bump() -> None:
        for _ in range(50):
            with store.write() as conn:
                conn.exec_driver_sql("UPDATE counter SET n = n + 1")

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with store.read() as conn:
        assert conn.exec_driver_sql("SELECT n FROM counter").scalar() == 200


def test_reopening_is_idempotent(store_url: str) -> None:
    open_store(store_url).close()
    store = open_store(store_url)
    assert store.pending_migrations() == []
