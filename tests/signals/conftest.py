"""Fixtures of the signals' tests: the Peru pack and the engine's verdicts on its bundled timeline."""

from __future__ import annotations

from typing import Any

import pytest

from centinela import institutions
from centinela.institutions import CountryPack
from centinela.signals import verdict_record


@pytest.fixture(scope="session")
def pack() -> CountryPack:
    return institutions.load_pack("PE")


@pytest.fixture(scope="session")
def demo_verdicts(pack: CountryPack) -> list[dict[str, Any]]:
    """The demo replay: every verdict of the engine on the bundled Peru timeline 2016-2021."""
    return [verdict_record(v) for v in institutions.replay(institutions.bundled_timeline(pack), pack)]
