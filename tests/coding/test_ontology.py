"""The ontology: 33 codes plus none, families, PLOVER/CAMEO mappings, patterns for every code."""

from __future__ import annotations

from importlib import resources

import yaml

from centinela.coding.ontology import (
    BY_NAME,
    CODES,
    EVENT_CODES,
    EVENT_TYPE_CODES,
    FAMILIES,
    NONE,
    code_for_event_type,
    event_types_for_code,
    family,
)


def test_33_codes_and_none() -> None:
    assert len(EVENT_CODES) == 33
    assert len(CODES) == 34 and CODES[-1].name == NONE
    assert len({c.name for c in CODES}) == 34


def test_families_as_in_the_design() -> None:
    counts = {f: sum(c.family == f for c in CODES) for f in FAMILIES}
    assert counts == {
        "institutional": 15,
        "unrest": 5,
        "security": 5,
        "economic": 3,
        "external": 3,
        "information": 2,
        "none": 1,
    }
    assert family("protest") == "unrest" and family("nonsense") == "none"


def test_mappings() -> None:
    assert BY_NAME["protest"].plover == "PROTEST" and BY_NAME["protest"].cameo == "141"
    assert BY_NAME["repression"].cameo == "175"
    assert BY_NAME["sanctions"].plover == "SANCTION"
    for code in CODES:
        assert code.description
        assert not code.cameo or code.cameo.isdigit()
        if not code.plover and code.name != NONE:
            assert code.note or code.cameo, code.name  # an absent mapping is explained


def test_event_types_roll_up_into_codes() -> None:
    assert len(EVENT_TYPE_CODES) == 23
    assert set(EVENT_TYPE_CODES.values()) <= {c.name for c in CODES}
    assert code_for_event_type("vacancy_admission_vote") == "vacancy_motion"
    assert code_for_event_type("unknown") == NONE
    assert set(event_types_for_code("vacancy_motion")) == {
        "vacancy_motion_filed",
        "vacancy_admission_vote",
        "vacancy_vote",
    }


def test_every_code_has_patterns_in_spanish_and_english() -> None:
    data = yaml.safe_load(
        resources.files("centinela.coding").joinpath("patterns.yaml").read_text(encoding="utf-8")
    )
    assert set(data) == set(EVENT_CODES)
    for code, entry in data.items():
        assert entry.get("es") and entry.get("en"), code
    for code in ("protest", "strike", "blockade", "riot", "repression"):
        assert data[code].get("pt"), code
