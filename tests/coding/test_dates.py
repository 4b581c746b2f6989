"""Event dates stated in the text, resolved against the publication date; else the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from centinela.coding.dates import event_date, find_dates
from centinela.coding.text import fold

PUBLISHED = date(2023, 1, 10)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("el pasado 7 de diciembre el Congreso votó", date(2022, 12, 7)),
        ("el 7 de diciembre de 2022", date(2022, 12, 7)),
        ("el 28 de julio del 2021", date(2021, 7, 28)),
        ("on 9 November 2020 Congress voted", date(2020, 11, 9)),
        ("on November 9, 2020", date(2020, 11, 9)),
        ("em 8 de janeiro", date(2023, 1, 8)),
        ("em 8 de janeiro de 2023", date(2023, 1, 8)),
        ("el 15 de setiembre", date(2022, 9, 15)),
        ("el próximo 7 de diciembre", date(2023, 12, 7)),
        ("ayer", date(2023, 1, 9)),
        ("yesterday", date(2023, 1, 9)),
        ("ontem", date(2023, 1, 9)),
        ("hoy", date(2023, 1, 10)),
        ("el lunes", date(2023, 1, 9)),
        ("on Sunday", date(2023, 1, 8)),
        ("next Tuesday", date(2023, 1, 17)),
        ("2022-12-07", date(2022, 12, 7)),
        ("7/12/2022", date(2022, 12, 7)),
    ],
)
def test_find_dates(text: str, expected: date) -> None:
    found = find_dates(fold(text), PUBLISHED)
    assert found and found[0].value == expected


@pytest.mark.parametrize(
    "text", ["en el marco de la ley", "a las 10 de la mañana", "con 31 votos", "el 99 de mayo"]
)
def test_not_dates(text: str) -> None:
    assert find_dates(fold(text), PUBLISHED) == []


def test_partial_dates_need_a_publication_date() -> None:
    assert find_dates(fold("el 7 de diciembre"), None) == []
    assert find_dates(fold("el 7 de diciembre de 2022"), None)[0].value == date(2022, 12, 7)


def test_event_date_falls_back() -> None:
    assert event_date(fold("sin fecha"), fold("el 9 de enero hubo marchas"), PUBLISHED) == date(2023, 1, 9)
    assert event_date(fold("sin fecha"), fold("nada"), PUBLISHED) == PUBLISHED
    assert event_date(fold("sin fecha"), fold("nada"), None) is None


def test_document_date(code) -> None:
    text = "Pedro Castillo fue vacado por el Congreso el pasado 7 de diciembre."
    assert code(text, date="2023-01-10")["date"] == "2022-12-07"
    assert (
        code("El Congreso aprobó la vacancia presidencial.", date="2023-01-10T08:00:00Z")["date"]
        == "2023-01-10"
    )
    assert code("El Congreso aprobó la vacancia presidencial.")["date"] is None
