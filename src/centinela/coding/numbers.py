"""Number words in Spanish, English and Portuguese ("ciento un", "fifty-five", "vinte e um") as digits.

Votes in Congress are below a thousand, so we read cardinals from 0 to 999. The text must already be
folded (lowercase, no accents). ``words_to_digits`` rewrites each run of number words as digits and
leaves everything else untouched, so the vote patterns only ever deal with digits.
"""

from __future__ import annotations

import re
from functools import cache

_UNITS = {
    # Spanish
    "cero": 0,
    "un": 1,
    "uno": 1,
    "una": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
    "once": 11,
    "doce": 12,
    "trece": 13,
    "catorce": 14,
    "quince": 15,
    "dieciseis": 16,
    "diecisiete": 17,
    "dieciocho": 18,
    "diecinueve": 19,
    "veintiun": 21,
    "veintiuno": 21,
    "veintiuna": 21,
    "veintidos": 22,
    "veintitres": 23,
    "veinticuatro": 24,
    "veinticinco": 25,
    "veintiseis": 26,
    "veintisiete": 27,
    "veintiocho": 28,
    "veintinueve": 29,
    # English
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    # Portuguese (Brazilian and European spellings)
    "um": 1,
    "uma": 1,
    "dois": 2,
    "duas": 2,
    "quatro": 4,
    "sete": 7,
    "oito": 8,
    "nove": 9,
    "dez": 10,
    "onze": 11,
    "doze": 12,
    "treze": 13,
    "quatorze": 14,
    "catorze": 14,
    "quinze": 15,
    "dezesseis": 16,
    "dezasseis": 16,
    "dezessete": 17,
    "dezassete": 17,
    "dezoito": 18,
    "dezenove": 19,
    "dezanove": 19,
}
_TENS = {
    "veinte": 20,
    "treinta": 30,
    "cuarenta": 40,
    "cincuenta": 50,
    "sesenta": 60,
    "setenta": 70,
    "ochenta": 80,
    "noventa": 90,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "vinte": 20,
    "trinta": 30,
    "quarenta": 40,
    "cinquenta": 50,
    "sessenta": 60,
    "oitenta": 80,
}
_HUNDREDS = {
    "cien": 100,
    "ciento": 100,
    "doscientos": 200,
    "doscientas": 200,
    "trescientos": 300,
    "trescientas": 300,
    "cuatrocientos": 400,
    "quinientos": 500,
    "seiscientos": 600,
    "setecientos": 700,
    "ochocientos": 800,
    "novecientos": 900,
    "cem": 100,
    "cento": 100,
    "duzentos": 200,
    "duzentas": 200,
    "trezentos": 300,
    "quatrocentos": 400,
    "quinhentos": 500,
    "seiscentos": 600,
    "setecentos": 700,
    "oitocentos": 800,
    "novecentos": 900,
}
_JOINERS = frozenset({"y", "e", "and"})
#: Words that are numbers only next to another number word: "a hundred", "one" as a pronoun.
_WEAK = frozenset({"un", "una", "uma", "um", "one"})


@cache
def _word_pattern() -> re.Pattern[str]:
    words = sorted({*_UNITS, *_TENS, *_HUNDREDS, "hundred"}, key=len, reverse=True)
    number = "|".join(words)
    # a run: number words joined by spaces, hyphens or y/e/and
    return re.compile(rf"\b(?:{number})(?:(?:\s+(?:y|e|and)\s+|\s+|-)(?:{number}))*\b")


def parse_number_words(words: list[str]) -> int | None:
    """Value of a list of folded number words (joiners removed); None if they do not form one number."""
    total = 0
    current = 0
    last_scale = 1000  # forbid "veinte treinta": each word must be smaller than the previous group
    for word in words:
        if word == "hundred":
            if current == 0 or current >= 10:
                return None
            current *= 100
            last_scale = 100
            continue
        value, scale = _value(word)
        if value is None or scale >= last_scale:
            return None
        current += value
        last_scale = scale
    total += current
    return total


def _value(word: str) -> tuple[int | None, int]:
    """Value and its scale (100, 10 or 1) of a single number word."""
    if word in _HUNDREDS:
        return _HUNDREDS[word], 100
    if word in _TENS:
        return _TENS[word], 10
    if word in _UNITS:
        value = _UNITS[word]
        return value, (10 if 10 <= value < 30 else 1)
    return None, 0


def words_to_digits(folded: str) -> str:
    """``folded`` with each run of number words replaced by its digits ("ciento un votos" -> "101 votos")."""

    def replace(match: re.Match[str]) -> str:
        raw = match.group(0)
        words = [w for w in re.split(r"[\s-]+", raw) if w and w not in _JOINERS]
        if len(words) == 1 and words[0] in _WEAK:
            return raw  # "un voto" stays: a lone article is too risky to read as a count
        value = parse_number_words(words)
        return raw if value is None else str(value)

    return _word_pattern().sub(replace, folded)
