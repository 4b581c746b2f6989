"""Fixtures of the scale tests: event files, small corpora, a shared coder, a second database."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import pytest
import sqlalchemy as sa

from centinela.sources.eventdata.gdelt import GDELT_COLUMNS

# Read at import, like tests/conftest.py: an autouse fixture clears CENTINELA_* in each test.
PG_ADMIN_URL = os.environ.get("CENTINELA_TEST_DATABASE_URL", "")
FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture(scope="session")
def coder():  # type: ignore[no-untyped-def]
    """One coder for the whole session: building it takes seconds."""
    from centinela.coding.coder import Coder

    return Coder.build()


def packaged_reports() -> list[dict[str, object]]:
    text = resources.files("centinela.coding").joinpath("corpus", "reports.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def write_corpus(path: Path, count: int, start: int = 0) -> Path:
    """``count`` documents from the labelled reports, each with its own URL, outlet and day."""
    reports = packaged_reports()
    with path.open("w", encoding="utf-8") as out:
        for n in range(start, start + count):
            report = reports[n % len(reports)]
            day = date.fromisoformat(str(report["date"])) + timedelta(days=(n // len(reports)) * 30)
            text = str(report["text"])
            record = {
                "url": f"https://medio{n % 5}.example.pe/nota/{n}",
                "title": text.split(".")[0][:120],
                "text": text,
                "published": day.isoformat(),
                "source": f"medio{n % 5}",
                "outlets": f"Medio {n % 5}",
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def write_gdelt(path: Path, count: int) -> Path:
    """``count`` well-formed GDELT 2.0 protest rows in Peru, each its own event."""
    template = (FIXTURES / "gdelt_events.export.CSV").read_text().splitlines()[0].split("\t")
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            cells = list(template)
            cells[GDELT_COLUMNS.index("GLOBALEVENTID")] = str(2_000_000_000 + n)
            cells[GDELT_COLUMNS.index("SQLDATE")] = f"202212{1 + n % 28:02d}"
            out.write("\t".join(cells) + "\n")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus.jsonl", 60)


@pytest.fixture
def other_url(store_url: str, tmp_path: Path) -> Iterator[str]:
    """A second empty database on the same backend as ``store_url``."""
    if store_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'other.db'}"
        return
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
