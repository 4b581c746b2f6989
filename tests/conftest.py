"""Fixtures shared by every test: an isolated environment so no test reads the user's files."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from centinela.settings import Settings, load_settings

# Set by .ci/run when it started a throwaway PostgreSQL server: store tests then run on both backends.
PG_ADMIN_URL = os.environ.get("CENTINELA_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", "postgresql"] if PG_ADMIN_URL else ["sqlite"]


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # Subprocesses and load_settings() must never touch the real user's config or data.
    home = tmp_path_factory.mktemp("home")
    for name in list(os.environ):
        if name.startswith("CENTINELA_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(env={}, overrides={"data_dir": str(tmp_path)})


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "centinela.db"


@contextmanager
def fresh_database(backend: str, folder: Path, name: str = "store") -> Iterator[str]:
    """The URL of a new, empty database on ``backend``, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / f'{name}.db'}"
        return
    from centinela.store.scratch import scratch_postgres

    with scratch_postgres(PG_ADMIN_URL) as url:
        yield url


@pytest.fixture
def database_factory() -> Callable[..., AbstractContextManager[str]]:
    """``fresh_database`` for fixtures that need a second database (see tests/scale)."""
    return fresh_database


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL on each backend under test."""
    with fresh_database(request.param, tmp_path) as url:
        yield url
