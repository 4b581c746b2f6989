"""Vote counts in Spanish, English and Portuguese, in digits and in words; the parser never fails."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from centinela.coding.numbers import parse_number_words, words_to_digits
from centinela.coding.votes import parse_votes

CASES = [
    # text, for, against, abstentions
    ("El Congreso aprobó con 101 votos a favor, 6 en contra y 10 abstenciones la moción.", 101, 6, 10),
    ("The motion passed by 55 votes to 54 with 19 abstentions.", 55, 54, 19),
    ("La moción fue aprobada con ciento un votos.", 101, None, None),
    ("ciento cinco votos a favor, diecinueve en contra y cuatro abstenciones", 105, 19, 4),
    ("La moción de vacancia fue admitida con 76 votos a favor, 41 en contra y 1 abstención.", 76, 41, 1),
    ("por 55 votos contra 54", 55, 54, None),
    ("101 congresistas votaron a favor, 6 votaron en contra y 10 se abstuvieron", 101, 6, 10),
    ("Congress voted 105-19-4 votes to remove him.", 105, 19, 4),
    ("sixty-five votes in favour, thirty-five against and two abstentions", 65, 35, 2),
    ("one hundred and one votes in favor", 101, None, None),
    ("A Câmara aprovou por 367 votos a favor e 137 contra, com 7 abstenções.", 367, 137, 7),
    ("cento e vinte e um votos a favor e vinte e dois contra", 121, 22, None),
    ("Fue aprobada con 120 votos, sin votos en contra y sin abstenciones.", 120, 0, 0),
    ("The Senate passed the bill 65 to 35.", 65, 35, None),
    ("A favor: 87; en contra: 30; abstenciones: 5.", 87, 30, 5),
]


@pytest.mark.parametrize(("text", "for_", "against", "abstentions"), CASES)
def test_counts(text: str, for_: int | None, against: int | None, abstentions: int | None) -> None:
    votes = parse_votes(text)
    assert (votes.for_, votes.against, votes.abstentions) == (for_, against, abstentions)


@pytest.mark.parametrize(
    ("text", "threshold", "short"),
    [
        ("La moción no alcanzó los 87 votos necesarios: obtuvo 76 votos a favor.", 87, True),
        ("The motion fell short of the 87 votes needed, with 78 in favour.", 87, True),
        ("Obtuvo 76 de los 87 votos necesarios.", 87, False),
        ("La vacancia requiere 87 votos.", 87, False),
        ("A moção não atingiu os 87 votos.", 87, True),
    ],
)
def test_threshold(text: str, threshold: int, short: bool) -> None:
    votes = parse_votes(text)
    assert votes.threshold == threshold
    assert votes.short_of_threshold is short
    assert votes.for_ != threshold


def test_threshold_number_is_not_a_count() -> None:
    votes = parse_votes("No alcanzó los 87 votos: hubo 76 votos a favor, 32 en contra y 12 abstenciones.")
    assert (votes.for_, votes.against, votes.abstentions, votes.threshold) == (76, 32, 12, 87)


@pytest.mark.parametrize(
    "text",
    [
        "El Perú tiene 33 millones de habitantes.",
        "Entre 2020 y 2021 hubo votos de todo tipo.",
        "La sesión empezó a las 10 de la mañana.",
        "Ganó la elección de 2021.",
        "",
        "votos votos votos",
    ],
)
def test_no_counts(text: str) -> None:
    assert not parse_votes(text).found


def test_years_are_not_votes() -> None:
    assert parse_votes("con 2021 votos a favor").for_ is None


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("ciento un", 101),
        ("setenta y seis", 76),
        ("noventa y nueve", 99),
        ("cien", 100),
        ("doscientos treinta y cuatro", 234),
        ("fifty-five", 55),
        ("one hundred and one", 101),
        ("twenty two", 22),
        ("vinte e um", 21),
        ("cento e trinta", 130),
        ("dezenove", 19),
        ("veintiún", 21),
    ],
)
def test_number_words(words: str, value: int) -> None:
    from centinela.coding.text import fold

    assert words_to_digits(fold(words)) == str(value)


def test_number_words_reject_nonsense() -> None:
    assert parse_number_words(["veinte", "treinta"]) is None
    assert words_to_digits("dos tres") == "dos tres"
    assert words_to_digits("un voto") == "un voto"  # a lone article is not a count


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_parser_never_fails(text: str) -> None:
    votes = parse_votes(text)
    for count in (votes.for_, votes.against, votes.abstentions, votes.threshold):
        assert count is None or 0 <= count <= 999


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "ciento",
                "un",
                "votos",
                "a",
                "favor",
                "en",
                "contra",
                "y",
                "55",
                "to",
                "54",
                "with",
                "abstentions",
                "fifty-five",
                "votes",
                "by",
                "-",
                "e",
                "abstenções",
            ]
        ),
        max_size=20,
    )
)
def test_parser_never_fails_on_vote_like_text(words: list[str]) -> None:
    votes = parse_votes(" ".join(words))
    assert votes.for_ is None or votes.for_ <= 999


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_words_to_digits_keeps_other_text(text: str) -> None:
    from centinela.coding.text import fold

    folded = fold(text)
    converted = words_to_digits(folded)
    assert isinstance(converted, str)
    if not any(ch.isalpha() for ch in folded):
        assert converted == folded
