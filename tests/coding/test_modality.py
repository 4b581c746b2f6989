"""Negation, modality and reporting: talk of an act is a threat, claim or denial, never the act itself."""

from __future__ import annotations

import pytest

from centinela.coding.modality import modality
from centinela.coding.text import fold

CASES = [
    # text, code, expected modality
    ("Keiko Fujimori no descarta presentar una moción de vacancia.", "vacancy_motion", "threat"),
    ("El presidente podría disolver el Congreso.", "dissolution", "threat"),
    ("La oposición evalúa una moción de censura contra el premier.", "censure", "threat"),
    ("Los gremios amenazan con un paro nacional indefinido.", "strike", "threat"),
    ("The opposition could file an impeachment motion next week.", "vacancy_motion", "threat"),
    ("Lawmakers threatened to censure the interior minister.", "censure", "threat"),
    ("O governo pode ser alvo de um pedido de impeachment.", "vacancy_motion", "threat"),
    ("El ministro niega que haya un golpe de Estado en marcha.", "coup_attempt", "denial"),
    ("The government denied that there was a coup.", "coup_attempt", "denial"),
    ("O ministro nega que haja golpe de Estado.", "coup_attempt", "denial"),
    ("No hubo protestas en Lima durante el feriado.", "protest", "denial"),
    ("La policía no reprimió a los manifestantes.", "repression", "denial"),
    ("Circulan rumores de golpe de Estado en las redes.", "coup_attempt", "claim"),
    ("Castillo calificó la decisión como un golpe de Estado.", "coup_attempt", "claim"),
    ("El supuesto golpe de Estado fue denunciado por el exmandatario.", "coup_attempt", "claim"),
    ("The opposition reportedly planned a coup.", "coup_attempt", "claim"),
    ("Critics described the move as a self-coup.", "self_coup", "claim"),
    ("Há boatos de golpe militar no país.", "coup_attempt", "claim"),
    ("¿Habrá vacancia presidencial este año?", "vacancy_motion", "claim"),
]


@pytest.mark.parametrize(("text", "code_name", "expected"), CASES)
def test_modality_of_event(code, text: str, code_name: str, expected: str) -> None:
    result = code(text)
    events = {e["type"]: e for e in result["events"]}
    assert code_name in events, (text, result["labels"])
    assert events[code_name]["modality"] == expected
    assert events[code_name]["confidence"] < 0.7  # lower than any actual pattern match


@pytest.mark.parametrize(("text", "code_name", "_"), CASES)
def test_talk_never_feeds_the_engine(code, text: str, code_name: str, _: str) -> None:
    assert code(text)["institutional"] == []


@pytest.mark.parametrize(
    "text",
    [
        "El Congreso aprobó la moción de vacancia con 105 votos.",
        "El Congreso no admitió la moción de vacancia: obtuvo 46 votos a favor y 76 en contra.",
        "La moción de vacancia no alcanzó los 87 votos necesarios.",
        "Aunque podría llover, miles de manifestantes marcharon contra el gobierno.",
        "The group claimed responsibility for the bombing.",
    ],
)
def test_acts_stay_actual(code, text: str) -> None:
    events = code(text)["events"]
    assert events and all(e["modality"] == "actual" for e in events), events


def test_actual_beats_talk_in_the_same_document(code) -> None:
    text = (
        "Keiko Fujimori no descartó una moción de vacancia. Días después el Congreso aprobó la vacancia "
        "presidencial con 105 votos a favor."
    )
    event = next(e for e in code(text)["events"] if e["type"] == "vacancy_motion")
    assert event["modality"] == "actual"
    assert "105 votos" in event["evidence"]


def test_cue_after_the_trigger_does_not_count() -> None:
    sentence = fold("Miles marcharon contra el gobierno, que podría caer.")
    assert modality(sentence, sentence.index("marcharon")) == "actual"


def test_whole_sentence_modality() -> None:
    assert modality(fold("Se especula con un golpe de Estado")) == "threat"
    assert modality(fold("Hubo un golpe de Estado")) == "actual"
