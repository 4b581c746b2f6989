"""Shared fixtures of the coder tests: built once per session (building costs about a second)."""

from __future__ import annotations

import pytest

from centinela.coding.coder import Coder
from centinela.coding.gazetteer import Gazetteer
from centinela.coding.language import default_detector


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.peru()


@pytest.fixture(scope="session")
def coder(gazetteer: Gazetteer) -> Coder:
    """A coder with no classifier: its answers come from the patterns only, so they never drift as the
    labelled corpus grows. The classifier has tests of its own."""
    return Coder.build(reports=[], gazetteer=gazetteer, detector=default_detector())


@pytest.fixture(scope="session")
def code(coder: Coder):
    def run(text: str, **fields: str) -> dict:
        return coder.code({"id": "t", "text": text, **fields})

    return run
