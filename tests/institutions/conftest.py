"""Fixtures of the institutional engine's tests: the Peru pack and its bundled timeline."""

from __future__ import annotations

import csv
import io

import pytest

from centinela.institutions import CountryPack, load_pack


@pytest.fixture(scope="session")
def pack() -> CountryPack:
    return load_pack("PE")


@pytest.fixture(scope="session")
def timeline_rows(pack: CountryPack) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(pack.read_text(pack.timeline))))
