"""Engine-shaped institutional events: the step, votes, outcome and subject, only for stated acts."""

from __future__ import annotations

import csv
from datetime import date
from importlib import resources

import pytest

from centinela.coding.institutional import EngineEvent
from centinela.coding.ontology import EVENT_TYPE_CODES
from centinela.model import InstitutionalEvent


def engine(code, text: str, published: str = "2020-11-10") -> list[dict]:
    return code(text, date=published)["institutional"]


def test_vacancy_vote_with_counts(code) -> None:
    [event] = engine(
        code,
        "El pleno del Congreso aprobó el lunes la vacancia presidencial de Martín Vizcarra "
        "con 105 votos a favor, 19 en contra y 4 abstenciones.",
    )
    assert event == {
        "date": "2020-11-09",
        "date_precision": "day",
        "chamber": "congress_unicameral",
        "event_type": "vacancy_vote",
        "subject": "Martín Vizcarra Cornejo",
        "office": "President of the Republic",
        "votes_for": 105,
        "votes_against": 19,
        "abstentions": 4,
        "outcome": "passed",
        "status": "reported",
        "note": event["note"],
        "source": "",
    }
    assert event["note"].startswith("coded from the news: El pleno")


@pytest.mark.parametrize(
    ("text", "event_type", "outcome", "votes"),
    [
        (
            "La moción de vacancia fue admitida a debate con 76 votos a favor, 41 en contra y 1 abstención.",
            "vacancy_admission_vote",
            "admitted",
            (76, 41, 1),
        ),
        (
            "El Congreso no admitió la moción de vacancia: obtuvo 46 votos a favor y 76 en contra.",
            "vacancy_admission_vote",
            "not_admitted",
            (46, 76, None),
        ),
        (
            "The motion to remove President Vizcarra failed by 32 votes to 78 with 15 abstentions.",
            "vacancy_vote",
            "failed",
            (32, 78, 15),
        ),
        (
            "La moción de vacancia no alcanzó los 87 votos necesarios: obtuvo 78 votos a favor.",
            "vacancy_vote",
            "failed",
            (78, None, None),
        ),
        (
            "Congresistas presentaron una moción de vacancia contra el presidente.",
            "vacancy_motion_filed",
            "filed",
            (None, None, None),
        ),
        (
            "El Congreso otorgó el voto de confianza al gabinete con 121 votos a favor, 2 en contra y "
            "1 abstención.",
            "investiture_vote",
            "granted",
            (121, 2, 1),
        ),
        (
            "El Congreso negó la confianza al gabinete Cateriano con 54 votos a favor y 73 en contra.",
            "investiture_vote",
            "denied",
            (54, 73, None),
        ),
        (
            "El Congreso rechazó la cuestión de confianza por 22 votos a favor y 77 en contra.",
            "confidence_vote",
            "denied",
            (22, 77, None),
        ),
        (
            "El Congreso censuró al ministro del Interior con 79 votos a favor, 15 en contra y 9 "
            "abstenciones.",
            "censure_vote",
            "passed",
            (79, 15, 9),
        ),
        (
            "El pleno aprobó la interpelación del ministro de Defensa con 65 votos a favor.",
            "interpellation_vote",
            "admitted",
            (65, None, None),
        ),
        (
            "El Congreso aceptó la renuncia del presidente con 105 votos a favor.",
            "resignation_vote",
            "accepted",
            (105, None, None),
        ),
        (
            "El presidente Vizcarra disolvió el Congreso.",
            "dissolution_decree",
            "dissolved",
            (None, None, None),
        ),
        (
            "El Gobierno declaró el estado de emergencia en Lima.",
            "state_of_emergency_decree",
            "declared",
            (None, None, None),
        ),
        (
            "Manuel Merino juramentó como presidente de la República.",
            "president_sworn",
            "",
            (None, None, None),
        ),
        (
            "La Mesa Directiva rechazó de plano la cuestión de confianza.",
            "confidence_rejected_outright",
            "rejected_outright",
            (None, None, None),
        ),
    ],
)
def test_steps(code, text: str, event_type: str, outcome: str, votes: tuple) -> None:
    events = {e["event_type"]: e for e in engine(code, text)}
    assert event_type in events, (text, events)
    event = events[event_type]
    assert event["outcome"] == outcome
    assert (event["votes_for"], event["votes_against"], event["abstentions"]) == votes


@pytest.mark.parametrize(
    "text",
    [
        "Se habla de una posible moción de vacancia.",  # no step, and a threat
        "La vacancia presidencial divide al país.",  # a topic, no step
        "El Congreso debate la cuestión de confianza.",  # no vote, no outcome yet
        "Miles de manifestantes marcharon con 100 pancartas.",  # not institutional
    ],
)
def test_no_engine_event_without_a_stated_step(code, text: str) -> None:
    assert engine(code, text) == []


def test_subject_is_the_officeholder_when_unnamed(code) -> None:
    [event] = engine(
        code,
        "El Congreso admitió a debate la moción de vacancia presidencial con 76 votos.",
        published="2022-12-01",
    )
    assert event["subject"] == "José Pedro Castillo Terrones"


def test_removal_on_succession_day_is_about_the_outgoing_president(code) -> None:
    text = "El Congreso aprobó la vacancia presidencial con 101 votos a favor, 6 en contra y 10 abstenciones."
    [event] = engine(code, text, published="2022-12-07")
    assert event["subject"] == "José Pedro Castillo Terrones"


def test_votes_in_the_next_sentence(code) -> None:
    text = "El Congreso aprobó la vacancia presidencial. La votación fue de 105 votos a favor y 19 en contra."
    [event] = engine(code, text)
    assert (event["votes_for"], event["votes_against"]) == (105, 19)


def test_event_types_are_the_engine_types() -> None:
    with (
        resources.files("centinela.countries.peru")
        .joinpath("event_types.csv")
        .open(encoding="utf-8") as handle
    ):
        known = {row["event_type"] for row in csv.DictReader(handle)}
    assert set(EVENT_TYPE_CODES) == known


def test_converts_to_the_model() -> None:
    event = EngineEvent(date(2020, 11, 9), "vacancy_vote", "Martín Vizcarra Cornejo", votes_for=105)
    model = event.to_model()
    assert isinstance(model, InstitutionalEvent)
    assert (model.event_type, model.votes_for, model.status) == ("vacancy_vote", 105, "reported")


def test_an_undated_event_does_not_feed_the_engine(code) -> None:
    text = "El Congreso aprobó la vacancia presidencial con 105 votos a favor."
    assert code(text)["institutional"] == []  # no publication date, no date in the text
    assert (
        code("El 9 de noviembre de 2020 el Congreso aprobó la vacancia presidencial con 105 votos.")[
            "institutional"
        ][0]["date"]
        == "2020-11-09"
    )
