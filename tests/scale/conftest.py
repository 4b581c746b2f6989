"""Fixtures of the scale tests: event files, small corpora, a shared coder, a second database."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import pytest

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
def other_url(store_url: str, tmp_path: Path, database_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A second empty database on the same backend as ``store_url``."""
    backend = "sqlite" if store_url.startswith("sqlite") else "postgresql"
    with database_factory(backend, tmp_path, "other") as url:
        yield url
