"""Text helpers shared by the coder: accent folding that keeps offsets, and sentence splitting.

Every matcher (patterns, gazetteer, dates, votes) works on folded text: lowercase, without accents.
Folding maps each character to exactly one character, so an offset in the folded text is the same
offset in the original: we can check the original's capital letters (proper nouns) and quote the
original sentence as evidence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache


@cache
def _fold_table() -> dict[int, str]:
    """Translation table for the Latin letters news text uses: one character in, one out."""
    table: dict[int, str] = {}
    for point in range(0x00C0, 0x0250):
        char = chr(point)
        base = unicodedata.normalize("NFD", char)[0].lower()
        if len(base) == 1 and base.isascii():
            table[point] = base
    # Characters whose lowercase or decomposition is not a single ASCII letter.
    table.update(
        {
            ord("ß"): "s",
            ord("æ"): "a",
            ord("Æ"): "a",
            ord("ø"): "o",
            ord("Ø"): "o",
            ord("đ"): "d",
            ord("Đ"): "d",
            ord("ł"): "l",
            ord("Ł"): "l",
            0x0130: "i",
            ord("’"): "'",
            ord("‘"): "'",
            ord("´"): "'",
            ord("`"): "'",
            ord("“"): '"',
            ord("”"): '"',
            ord("«"): '"',
            ord("»"): '"',
            ord("–"): "-",
            ord("—"): "-",
            0x00A0: " ",
            0x2009: " ",
            0x202F: " ",
        }
    )
    return table


def fold(text: str) -> str:
    """Lowercase, accentless copy of ``text`` with exactly the same length."""
    folded = text.translate(_fold_table()).lower()
    if len(folded) != len(text):  # a rare letter whose lowercase is longer: fold it char by char
        folded = "".join(
            ch if len(ch) == 1 else ch[0] for ch in (c.lower() for c in text.translate(_fold_table()))
        )
    return folded


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document: its original text, folded text and start offset in the document."""

    text: str
    folded: str
    start: int


# A sentence ends at . ! ? or a line break, followed by space and a capital, digit, quote or
# opening sign; abbreviations that end in a period (Sr., EE.UU., p. ej.) are protected below.
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”»)]*\s+(?=[¿¡\"“«(A-ZÁÉÍÓÚÑÜ0-9])|\n\s*\n|\n(?=\s*[-•*])")
_ABBREVIATIONS = re.compile(
    r"(?:(?i:\b(?:sr|sra|srta|dr|dra|ing|lic|gral|gen|cnel|col|mr|mrs|ms|av|jr|nro|art|inc|ltd|"
    r"p\.\s?ej|ee\.uu|u\.s|e\.u|vs|aprox|approx|pág|pp)\.)|\b[A-Z]\.)$"
)
MAX_SENTENCE = 600


def split_sentences(text: str, folded: str | None = None) -> list[Sentence]:
    """Sentences of ``text`` in order; long unpunctuated runs are cut so evidence stays readable."""
    folded = fold(text) if folded is None else folded
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start()
        if _ABBREVIATIONS.search(text[max(start, end - 8) : end]):
            continue
        _append(sentences, text, folded, start, end)
        start = match.end()
    _append(sentences, text, folded, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, folded: str, start: int, end: int) -> None:
    while start < end:
        stop = min(end, start + MAX_SENTENCE)
        if stop < end:  # cut at the last space before the limit rather than inside a word
            space = text.rfind(" ", start, stop)
            stop = space if space > start else stop
        chunk = text[start:stop]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            begin = start + lead
            sentences.append(Sentence(stripped, folded[begin : begin + len(stripped)], begin))
        start = stop
