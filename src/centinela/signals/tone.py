"""Tone toward tracked actors: a lexicon the project wrote (es, en), with negation, per sentence.

A document's tone toward an actor is the sum of the tone of the sentences that name them, so "el
presidente no es corrupto" does not count against him and a story about someone else does not either.
Day by day, the number of clearly negative reports about an actor is a series like any other: a burst
against the country's own history is what a campaign against someone looks like.

The lexicon is package data (``data/tone_lexicon.csv``); ``parse_lexicon`` is pure, ``packaged_lexicon``
reads it once per call (callers keep the result).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

from centinela.signals.coordination import _when

# A negator reaches this many words ahead ("no es un presidente corrupto" still negates).
NEGATION_WINDOW = 4
INTENSITY = 1.5
# A negated term counts half, the other way: "no es corrupto" defends a little, it does not praise.
NEGATED = -0.5
# Surname particles stay with the surname ("del Solar", not "Solar").
PARTICLES = frozenset({"de", "del", "la", "las", "los", "da", "do", "dos", "van", "von"})
# A report is negative about an actor when its sentences naming them add up to this or less (one
# strong term, or two mild ones, net of the positive ones).
NEGATIVE_AT = -2.0
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Words and the clause marks that end a negation's reach ("no lo dijo, pero es corrupto").
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[,:(]")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")


def fold(text: str) -> str:
    """Lower case without accents ("Perú" -> "peru"); ASCII text takes the fast path."""
    plain = text.casefold().replace("\u2019", "'")
    if plain.isascii():
        return plain
    decomposed = unicodedata.normalize("NFKD", plain)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Per language: exact terms (tuples of words) and prefixes, their kind and score.

    ``starts`` holds the first words of multi-word terms and ``lengths`` the prefix lengths in use, so
    most words cost one or two dictionary look-ups.
    """

    terms: Mapping[str, Mapping[tuple[str, ...], tuple[str, float]]] = field(default_factory=dict)
    prefixes: Mapping[str, Mapping[str, tuple[str, float]]] = field(default_factory=dict)
    starts: Mapping[str, frozenset[str]] = field(default_factory=dict)
    lengths: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    def languages(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.terms) | set(self.prefixes)))


def parse_lexicon(text: str) -> Lexicon:
    """A Lexicon from the CSV text (lang,term,kind,score; lines starting with # are comments)."""
    terms: dict[str, dict[tuple[str, ...], tuple[str, float]]] = {}
    prefixes: dict[str, dict[str, tuple[str, float]]] = {}
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        lang, term = row["lang"].strip(), fold(row["term"].strip())
        entry = (row["kind"].strip(), float(row["score"]))
        if term.endswith("*"):
            prefixes.setdefault(lang, {})[term[:-1]] = entry
        else:
            terms.setdefault(lang, {})[tuple(_WORD.findall(term)) or (term,)] = entry
    starts = {lang: frozenset(t[0] for t in found if len(t) > 1) for lang, found in terms.items()}
    lengths = {lang: tuple(sorted({len(p) for p in found}, reverse=True)) for lang, found in prefixes.items()}
    return Lexicon(terms, prefixes, starts, lengths)


def packaged_lexicon() -> Lexicon:
    return parse_lexicon(
        resources.files("centinela.signals").joinpath("data", "tone_lexicon.csv").read_text(encoding="utf-8")
    )


def _lookup(lexicon: Lexicon, lang: str, words: Sequence[str], i: int) -> tuple[str, float, int]:
    """(kind, score, words used) of the entry starting at word ``i``; ("", 0, 1) for none."""
    exact = lexicon.terms.get(lang, {})
    word = words[i]
    if word in lexicon.starts.get(lang, ()):
        for size in (3, 2):
            found = exact.get(tuple(words[i : i + size]))
            if found is not None and i + size <= len(words):
                return found[0], found[1], size
    found = exact.get((word,))
    if found is not None:
        return found[0], found[1], 1
    if lang == "en" and word.endswith("n't"):
        return "negator", 0.0, 1
    prefixes = lexicon.prefixes.get(lang, {})
    for size in lexicon.lengths.get(lang, ()):
        if size <= len(word):
            hit = prefixes.get(word[:size])
            if hit is not None:
                return hit[0], hit[1], 1
    return "", 0.0, 1


def sentence_tone(lexicon: Lexicon, text: str, lang: str) -> float:
    """The tone of one sentence: polar scores summed, flipped after a negator, raised after an intensifier."""
    return _tone(lexicon, _TOKEN.findall(fold(text)), lang)


def _tone(lexicon: Lexicon, words: Sequence[str], lang: str) -> float:
    total, negated_until, boost, i = 0.0, -1, 1.0, 0
    while i < len(words):
        kind, score, used = _lookup(lexicon, lang, words, i)
        if words[i] in ",:(":
            negated_until, boost = -1, 1.0
        elif kind == "negator":
            negated_until = i + NEGATION_WINDOW
        elif kind == "intensifier":
            boost = INTENSITY
        elif kind == "polar":
            total += score * boost * (NEGATED if i <= negated_until else 1.0)
            boost = 1.0
        i += used
    return total


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]


def aliases(name: str) -> tuple[str, ...]:
    """How a tracked person is named in the news: the full name, and the surname when distinctive."""
    folded = " ".join(_WORD.findall(fold(name)))
    words = folded.split()
    if len(words) > 2 and words[-2] in PARTICLES:
        short = " ".join(words[-2:])
    else:
        short = words[-1] if len(words) > 1 and len(words[-1]) >= 5 else ""
    return tuple(a for a in (folded, short) if a)


@dataclass(frozen=True, slots=True)
class Mention:
    """A document's tone toward one actor, from the sentences that name them."""

    actor: str
    date: date
    tone: float
    url: str
    sentence: str

    @property
    def negative(self) -> bool:
        return self.tone <= NEGATIVE_AT


@dataclass(frozen=True, slots=True)
class _Sentence:
    text: str
    tokens: list[str]
    padded: str  # the words joined by single spaces, padded: a name is found as " name "


def _prepare(text: str) -> list[_Sentence]:
    prepared = []
    for sentence in sentences(text):
        tokens = _TOKEN.findall(fold(sentence))
        words = " ".join(t for t in tokens if t not in ",:(")
        prepared.append(_Sentence(sentence.strip(), tokens, f" {words} "))
    return prepared


def mentions(docs: Iterable[Mapping[str, Any]], actors: Sequence[str], lexicon: Lexicon) -> list[Mention]:
    """Each (document, tracked actor) it names, with the tone of the sentences naming them."""
    names = {actor: [f" {a} " for a in aliases(actor)] for actor in actors}
    languages = set(lexicon.languages())
    found = []
    for doc in docs:
        when = _when(doc.get("published") or doc.get("date"))
        lang = str(doc.get("lang") or "es")[:2]
        if when is None or lang not in languages:
            continue
        prepared = _prepare(f"{doc.get('title') or ''}. {doc.get('text') or ''}")
        tones: dict[int, float] = {}  # each sentence's tone, computed once for every actor it names
        for actor, forms in names.items():
            about = [i for i, s in enumerate(prepared) if any(f in s.padded for f in forms)]
            if not about:
                continue
            for i in about:
                if i not in tones:
                    tones[i] = _tone(lexicon, prepared[i].tokens, lang)
            worst = min(about, key=tones.__getitem__)
            total = sum(tones[i] for i in about)
            found.append(Mention(actor, when.date(), total, str(doc.get("url") or ""), prepared[worst].text))
    return found
