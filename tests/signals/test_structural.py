"""The packaged Cline Center coup data and the structural base rate."""

from __future__ import annotations

from datetime import date
from importlib import resources

import pytest

from centinela.signals import base_rate, coup_history
from centinela.signals.structural import packaged_text, parse_coups


def test_the_packaged_data_carries_its_attribution() -> None:
    sources = resources.files("centinela.countries.coups").joinpath("SOURCES.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in sources and "Peyton" in sources and "Cline Center" in sources
    assert len(parse_coups(packaged_text())) > 900


def test_peru_history_includes_the_1992_auto_coup_and_the_2022_attempt() -> None:
    history = coup_history("pe")
    assert (date(1992, 4, 4), "coup", True) in [(c.date, c.kind, c.auto) for c in history]
    assert (date(2022, 12, 7), "attempted", True) in [(c.date, c.kind, c.auto) for c in history]
    assert history == tuple(sorted(history, key=lambda c: c.date))


def test_only_coups_before_the_day_count() -> None:
    history = coup_history("PE")
    before = base_rate(history, date(2022, 12, 7), 25)
    after = base_rate(history, date(2022, 12, 8), 25)
    assert after > before


@pytest.mark.parametrize("calm, prone", [("CR", "BO"), ("UY", "PE"), ("US", "HT")])
def test_coup_prone_countries_have_a_higher_base_rate(calm: str, prone: str) -> None:
    day = date(2020, 1, 1)
    assert base_rate(coup_history(calm), day, 25) < base_rate(coup_history(prone), day, 25)


def test_a_country_without_coups_has_none() -> None:
    assert base_rate(coup_history("CA"), date(2020, 1, 1), 25) == 0
