"""Backup and restore on both backends, across backends, and the integrity check of `db check`."""

from __future__ import annotations

import gzip
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from centinela.cli import main
from centinela.errors import InputFileError, StoreError
from centinela.model import Alert
from centinela.scale import Backfill, LocalExecutor
from centinela.store import Store, open_store
from centinela.store.alerts import insert_alert
from centinela.store.backup import backup, integrity_problems, restore
from centinela.store.db import alembic_config
from centinela.store.schema import documents, metadata, simhash_bands, subscriptions

from .conftest import FIXTURES, PG_ADMIN_URL

EVENT_FILES = [str(FIXTURES / n) for n in ("gdelt_events.export.CSV", "polecat_sample.txt", "sample.gkg.csv")]


def _fill(store: Store) -> None:
    job = Backfill(store, partition_size=3)
    job.run(job.plan(EVENT_FILES), LocalExecutor())
    with store.write() as conn:
        conn.execute(
            sa.insert(subscriptions).values(
                channel="json://localhost/hook",
                rules={},
                digest="",
                digest_hour=8,
                quiet_hours="",
                tz="UTC",
                created=datetime.now(UTC),
            )
        )
        insert_alert(
            conn,
            Alert(
                key="PE:test:1",
                country="PE",
                kind="institutional",
                code="vacancy_motion",
                date=date(2022, 12, 7),
                title="Vacancia",
                evidence=({"url": "https://x.pe/1"},),
            ),
        )


def _dump(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows, comparable across backends (times as UTC, JSON as text)."""
    found = {}
    with store.read() as conn:
        for table in metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows = conn.execute(sa.select(table).order_by(*order)).all()
            found[table.name] = [tuple(_plain(v) for v in row) for row in rows]
    return found


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return value


def test_backup_and_restore_round_trip(store_url: str, other_url: str, tmp_path: Path) -> None:
    source = open_store(store_url)
    _fill(source)
    counts = backup(source, tmp_path / "store.jsonl.gz")
    assert counts["documents"] > 5 and counts["events"] > 5 and counts["outbox"] == 1
    target = open_store(other_url)
    restored = restore(target, tmp_path / "store.jsonl.gz")
    assert restored == {name: n for name, n in counts.items() if n}
    assert _dump(target) == _dump(source)
    assert integrity_problems(target) == []
    with target.write() as conn:  # new rows get new ids after a restore (PostgreSQL's sequences moved on)
        conn.execute(
            sa.insert(documents).values(
                url="https://after.example/1",
                source="t",
                title="t",
                text="t",
                lang="es",
                author="",
                fetched=datetime.now(UTC),
                content_hash="x",
                simhash=0,
                flags=[],
                coded=False,
            )
        )
    with pytest.raises(StoreError, match="empty database"):
        restore(target, tmp_path / "store.jsonl.gz")


@pytest.mark.skipif(not PG_ADMIN_URL, reason="needs PostgreSQL")
def test_a_sqlite_backup_restores_into_postgresql(tmp_path: Path, other_url: str, store_url: str) -> None:
    if store_url.startswith("sqlite"):
        pytest.skip("the PostgreSQL side of this test runs once")
    lite = open_store(f"sqlite:///{tmp_path / 'lite.db'}")
    _fill(lite)
    backup(lite, tmp_path / "lite.jsonl.gz")
    server = open_store(other_url)
    restore(server, tmp_path / "lite.jsonl.gz")
    assert _dump(server) == _dump(lite)


def test_restore_refuses_what_is_not_a_backup(store_url: str, tmp_path: Path) -> None:
    store = open_store(store_url)
    junk = tmp_path / "junk.gz"
    junk.write_bytes(b"not gzip at all")
    with pytest.raises(InputFileError):
        restore(store, junk)
    wrong = tmp_path / "wrong.jsonl.gz"
    with gzip.open(wrong, "wt") as out:
        out.write(json.dumps({"format": "centinela-backup", "version": 1, "revision": "9999"}) + "\n")
    with pytest.raises(StoreError, match="revision"):
        restore(store, wrong)
    with gzip.open(wrong, "wt") as out:
        out.write(json.dumps({"format": "centinela-backup", "version": 1, "revision": "0001"}) + "\n")
        out.write(json.dumps({"t": "nonsense", "r": {}}) + "\n")
    with pytest.raises(InputFileError, match="unknown table"):
        restore(store, wrong)
    assert _dump(store)["documents"] == []  # the failed restore left nothing behind
    assert store.pending_migrations() == []  # not even its migration down to the backup's revision


def test_a_backup_from_an_older_revision_is_restored_and_migrated(
    store_url: str, other_url: str, tmp_path: Path
) -> None:
    # What a backup taken before the 0002 migration holds: band rows without their moment.
    old = open_store(store_url)
    with old.write() as conn:
        command.downgrade(alembic_config(conn), "0001")
        document = {
            "id": 7,
            "url": "https://a.example/1",
            "source": "s",
            "content_hash": "h",
            "simhash": 5,
            "published": datetime(2019, 9, 30, 12, tzinfo=UTC),
            "fetched": datetime.now(UTC),
        }
        conn.execute(sa.insert(documents), document)  # the documents table is the same at 0001
        conn.execute(sa.text("INSERT INTO simhash_bands (document_id, band, value) VALUES (7, 0, 42)"))
    path = tmp_path / "old.jsonl.gz"
    backup(old, path)
    with gzip.open(path, "rt") as fh:
        assert json.loads(fh.readline())["revision"] == "0001"
    target = open_store(other_url)
    counts = restore(target, path)
    assert counts["documents"] == 1 and counts["simhash_bands"] == 1
    assert target.pending_migrations() == []
    with target.read() as conn:
        at = conn.execute(sa.select(simhash_bands.c.at)).scalar_one()
    assert at.replace(tzinfo=UTC) == datetime(2019, 9, 30, 12, tzinfo=UTC)


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exit_.value.code or 0), out, err


def test_commands_backfill_backup_restore_and_check(
    store_url: str,
    other_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CENTINELA_DATABASE_URL", store_url)
    code, out, err = _cli(
        capsys, "backfill", *EVENT_FILES, "--executor", "local", "--no-progress", "--format", "json"
    )
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [r["kind"] for r in lines] == ["gdelt", "polecat", "gkg"]
    assert lines[0]["errors"] == [
        {"line": 3, "error": "40 columns, GDELT 2.0 event rows have 61"},
        {"line": 6, "error": "SQLDATE '2022-12-' is not YYYYMMDD"},
    ]
    code, out, err = _cli(capsys, "backfill", EVENT_FILES[0], "--executor", "local", "--no-progress")
    assert (
        code == 0 and "done before" in out and ":3: 40 columns" not in err
    )  # nothing redone, nothing reported
    assert _cli(capsys, "backup", str(tmp_path / "b.jsonl.gz"))[0] == 0
    assert _cli(capsys, "db", "check")[1].endswith("integrity: ok\n")
    monkeypatch.setenv("CENTINELA_DATABASE_URL", other_url)
    code, out, _ = _cli(capsys, "restore", str(tmp_path / "b.jsonl.gz"))
    assert code == 0 and "rows restored" in out
    code, _, err = _cli(capsys, "restore", str(tmp_path / "b.jsonl.gz"))
    assert code == 1 and "empty database" in err and "Traceback" not in err
    code, _, err = _cli(capsys, "backfill", str(tmp_path / "missing.tsv"), "--executor", "local")
    assert code == 1 and "no such file" in err


@pytest.mark.skipif(sys.platform == "win32", reason="SQLite file handling")
def test_db_check_finds_rows_whose_parent_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'broken.db'}"
    store = open_store(url)
    _fill(store)
    raw = sa.create_engine(url)
    with raw.begin() as conn:  # what a crash or a hand edit with foreign keys off can leave
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.exec_driver_sql("DELETE FROM documents WHERE id = (SELECT MIN(document_id) FROM events)")
    raw.dispose()
    problems = integrity_problems(store)
    assert any(p.startswith("events.document_id:") for p in problems)
    code, out, _ = _cli(capsys, "--db", str(tmp_path / "broken.db"), "db", "check")
    assert code == 1 and "refer to a missing documents" in out
