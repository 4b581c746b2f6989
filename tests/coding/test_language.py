"""Language identification with the model py3langid ships (nothing is downloaded)."""

from __future__ import annotations

import pytest

from centinela.coding.language import LANGUAGES, LanguageDetector, detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("El Congreso aprobó la moción de vacancia presidencial con 105 votos a favor.", "es"),
        ("Congress voted to remove the president for permanent moral incapacity.", "en"),
        ("O Congresso aprovou o pedido de impeachment da presidente por ampla maioria.", "pt"),
        ("Le Parlement a voté la destitution du président de la République.", "fr"),
    ],
)
def test_languages(text: str, lang: str) -> None:
    detected, probability = detect_language(text)
    assert detected == lang
    assert 0.5 <= probability <= 1


@pytest.mark.parametrize("text", ["", "   ", "hola", "12345 6789", "Keiko"])
def test_too_short_is_undetermined(text: str) -> None:
    assert detect_language(text)[0] == "und"


def test_codes_are_iso_639_1() -> None:
    assert detect_language("Dies ist ein deutscher Satz über das Parlament und die Regierung.")[0] == "de"
    assert LanguageDetector.__init__.__defaults__[0] == LANGUAGES  # the restricted set, all ISO 639-1
    assert all(len(code) == 2 for code in LANGUAGES)


def test_coder_uses_given_language(code) -> None:
    assert code("Miles de manifestantes marcharon.", lang="es")["lang"] == "es"
    assert code("Thousands of protesters marched in the capital city.")["lang"] == "en"
    assert code("ok")["lang"] == "und"
