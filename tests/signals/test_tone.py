"""Tone toward tracked actors: the project's lexicon (es, en) with negation, sentence by sentence."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from centinela.signals import mentions, packaged_lexicon, parse_lexicon, risk_series, sentence_tone
from centinela.signals.tone import aliases

LEX = packaged_lexicon()


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("El presidente es corrupto y mentiroso.", "es", -6.0),
        ("El presidente no es corrupto.", "es", 1.5),  # negated: half, the other way
        ("No lo dijo, pero es corrupto.", "es", -3.0),  # the comma ends the negation's reach
        ("Es un gobierno muy corrupto.", "es", -4.5),  # intensified
        ("La gestión fue un éxito.", "es", 2.0),
        ("The minister is a liar.", "en", -3.0),
        ("He didn't lie.", "en", 1.0),
        ("The President is not corrupt.", "en", 1.5),
        ("El Congreso aprobó la vacancia por incapacidad moral.", "es", 0.0),  # procedure, not tone
        ("El Congreso otorgó el voto de confianza al gabinete.", "es", 0.0),
    ],
)
def test_sentence_tone(text: str, lang: str, expected: float) -> None:
    assert sentence_tone(LEX, text, lang) == pytest.approx(expected)


def test_the_lexicon_has_both_languages_and_multiword_terms() -> None:
    assert set(LEX.languages()) >= {"es", "en"}
    assert sentence_tone(LEX, "Denuncian lavado de activos.", "es") <= -3


def test_a_custom_lexicon_parses_with_comments_and_prefixes() -> None:
    lex = parse_lexicon("lang,term,kind,score\n# a comment\nes,malo*,polar,-2\nes,no,negator,0\n")
    assert sentence_tone(lex, "Es MALÓTE", "es") == -2  # case and accents fold; the prefix matches
    assert sentence_tone(lex, "Es mal", "es") == 0
    assert sentence_tone(lex, "No es malote", "es") == 1


def test_aliases_keep_surname_particles() -> None:
    assert aliases("Martín Vizcarra") == ("martin vizcarra", "vizcarra")
    assert aliases("Salvador del Solar") == ("salvador del solar", "del solar")


def test_mentions_take_only_the_sentences_that_name_the_actor() -> None:
    doc = {
        "url": "https://x/1",
        "lang": "es",
        "published": datetime(2020, 9, 10, tzinfo=UTC),
        "title": "",
        "text": "Vizcarra es un traidor y un mentiroso. El ministro, en cambio, es honesto.",
    }
    [m] = mentions([doc], ["Martín Vizcarra"], LEX)
    assert m.tone == pytest.approx(-6.0) and m.negative and m.date == date(2020, 9, 10)
    assert m.sentence.startswith("Vizcarra es un traidor")
    assert mentions([doc], ["Pedro Castillo"], LEX) == []


def test_a_campaign_against_an_actor_raises_the_information_part() -> None:
    t0 = datetime(2020, 9, 1, 9, tzinfo=UTC)
    calm = [
        {
            "url": f"https://x/{d}",
            "lang": "es",
            "published": t0 - timedelta(days=d),
            "text": "Vizcarra visitó Piura.",
        }
        for d in range(1, 90, 3)
    ]
    attack = [
        {
            "url": f"https://y/{i}",
            "lang": "es",
            "published": t0,
            "text": f"Vizcarra es un corrupto y un traidor ({i}).",
        }
        for i in range(8)
    ]
    days = {
        d.date: d
        for d in risk_series(
            "PE",
            [],
            documents=calm + attack,
            coups=[],
            tracked=["Martín Vizcarra"],
            start=date(2020, 6, 1),
            end=t0.date(),
        )
    }
    day = days[t0.date()]
    assert day.parts["information"] > 0
    top = next(e for e in day.evidence if e.part == "information")
    assert "negative reports about Martín Vizcarra" in top.label and top.url.startswith("https://y/")
