"""Fixtures shared by every test: an isolated environment so no test reads the user's files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from centinela.settings import Settings, load_settings


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
