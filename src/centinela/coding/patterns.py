"""High-precision trigger patterns per event code (patterns.yaml), compiled once.

Each code's patterns in all three languages become one regular expression: a text in Spanish quoting
an English statement is still caught. A pattern must start a word ("paro" does not fire inside
"amparo"). Only the codes whose anchor words occur in a sentence are searched (anchors.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import yaml

from centinela.coding.anchors import AnchorIndex
from centinela.coding.ontology import EVENT_CODES

LANGUAGES = ("es", "en", "pt")


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    regex: re.Pattern[str]
    confidence: float
    needs: str = ""  # "official", "foreign" or ""
    suppresses: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    """A pattern that fired in a sentence: the code, where its trigger starts, and the matched words."""

    code: str
    start: int
    trigger: str
    confidence: float
    needs: str


class PatternSet:
    """The compiled rules of patterns.yaml with the anchor index that says which to try on a sentence."""

    def __init__(self, rules: tuple[Rule, ...], sources: list[tuple[str, str]]) -> None:
        self.rules = rules
        self._index = AnchorIndex(sources)
        self._suppresses = {rule.code: rule.suppresses for rule in rules}

    def needs(self, code: str) -> str:
        return next((rule.needs for rule in self.rules if rule.code == code), "")

    def match(self, folded: str) -> list[Hit]:
        """The codes whose patterns fire in a folded sentence, first trigger of each, suppressions applied."""
        candidates = self._index.candidates(folded)
        hits = []
        for rule in self.rules:
            if rule.code not in candidates:
                continue
            match = _search_at_word_start(rule.regex, folded)
            if match:
                hits.append(Hit(rule.code, match.start(), match.group(0), rule.confidence, rule.needs))
        if len(hits) > 1:
            suppressed = {s for hit in hits for s in self._suppresses[hit.code]}
            hits = [h for h in hits if h.code not in suppressed]
        return hits


def load_patterns(text: str | None = None) -> PatternSet:
    """Compile patterns.yaml (or ``text`` in the same format); unknown codes are an error."""
    if text is None:
        text = resources.files("centinela.coding").joinpath("patterns.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    rules = []
    sources: list[tuple[str, str]] = []
    for code, entry in data.items():
        if code not in EVENT_CODES:
            raise ValueError(f"patterns.yaml: unknown code {code!r}")
        patterns = [p for lang in LANGUAGES for p in entry.get(lang, [])]
        sources += [(code, p) for p in patterns]
        regex = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + ")")
        rules.append(
            Rule(
                code,
                regex,
                float(entry.get("confidence", 0.85)),
                entry.get("needs", ""),
                tuple(entry.get("suppresses", ())),
            )
        )
    return PatternSet(tuple(rules), sources)


def _search_at_word_start(regex: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first match of ``regex`` that starts a word."""
    position = 0
    while True:
        match = regex.search(text, position)
        if match is None or match.start() == 0 or not text[match.start() - 1].isalnum():
            return match
        position = match.start() + 1
