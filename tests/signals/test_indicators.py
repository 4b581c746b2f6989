"""Indicators per country, department and day."""

from __future__ import annotations

from datetime import date

import pytest

from centinela.signals import daily_indicators, signal_event

DAY = date(2023, 1, 9)


def test_counts_deaths_outlets_and_foreign_share_per_day_and_department() -> None:
    rows = [
        {
            "date": DAY,
            "code": "repression",
            "family": "unrest",
            "country": "PE",
            "region": "PE-PUN",
            "confidence": 0.9,
            "detail": {"deaths": 17},
            "outlets": ["larepublica.pe", "rpp.pe"],
        },
        {
            "date": DAY,
            "code": "protest",
            "family": "unrest",
            "country": "PE",
            "region": "PE-PUN",
            "confidence": 0.8,
            "outlets": ["rpp.pe", "elcomercio.pe"],
        },
        {
            "date": DAY,
            "code": "foreign_pressure",
            "family": "external",
            "country": "PE",
            "region": "",
            "confidence": 0.7,
            "actors": [{"name": "OEA", "kind": "international_organization", "id": "io:oas"}],
        },
        {
            "date": DAY,
            "code": "coup_attempt",
            "family": "security",
            "country": "PE",
            "modality": "denial",
            "confidence": 0.9,
        },
        {
            "date": "2023-01-10",
            "code": "protest",
            "family": "unrest",
            "country": "PE",
            "region": "PE-CUS",
            "confidence": 0.9,
            "actors": [{"name": "Pedro Castillo", "id": "pe:person:pedro-castillo"}],
        },
    ]
    found = {(i.region, i.date): i for i in daily_indicators(rows)}
    country = found[("", DAY)]
    assert country.events == 3  # the denied coup did not happen
    assert country.by_code == {"repression": 1, "protest": 1, "foreign_pressure": 1}
    assert country.by_family == {"unrest": 2, "external": 1}
    assert country.deaths == 17 and country.outlets == 3
    assert country.foreign_share == pytest.approx(1 / 3)
    puno = found[("PE-PUN", DAY)]
    assert puno.events == 2 and puno.deaths == 17 and puno.foreign_share == 0
    assert found[("PE-CUS", date(2023, 1, 10))].to_dict()["foreign_share"] == 0
    assert len(daily_indicators(rows, by_region=False)) == 2


def test_foreign_actors_are_recognised_by_kind_id_or_country() -> None:
    def foreign(actor: dict[str, str]) -> bool:
        return signal_event({"date": DAY, "code": "x", "country": "PE", "actors": [actor]}).foreign

    assert foreign({"name": "US State Department", "kind": "foreign_government", "id": "us:gov"})
    assert foreign({"name": "ONU", "id": "io:un", "kind": "international_organization"})
    assert foreign({"name": "Lula", "id": "br:person:lula"})
    assert foreign({"name": "Someone", "country": "CL"})
    assert not foreign({"name": "Dina Boluarte", "id": "pe:person:dina-boluarte", "kind": "president"})
    assert signal_event({"date": DAY, "code": "x", "detail": {"foreign": True}}).foreign
