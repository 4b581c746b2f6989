"""Find many names in a text at once: one compiled regular expression built from a character trie.

A plain alternation of thousands of names makes the regex engine try each name at each position;
a trie shares prefixes ("congreso", "congresista", "congresistas" share "congres"), so each position
costs about the length of the longest name that could start there. Matching runs on folded text
(lowercase, no accents) and respects word boundaries; at each position the longest name wins.

Case rules keep common words out: an alias written in capitals in the data ("TC", "UN", "APP") must
appear in capitals in the text, and a proper-noun alias must start with a capital letter there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from centinela.coding.text import fold

CASE_ANY = "any"  # matched whatever the case ("presidente del Congreso")
CASE_PROPER = "proper"  # capitalised words must be capitalised in the text ("Comas", "La Libertad")
CASE_EXACT = "exact"  # the capitals must be exactly as written ("TC", "UN", "EE.UU.")


@dataclass(frozen=True, slots=True)
class Alias:
    """One way of writing an entry: the text, the entry's key and the case rule."""

    text: str
    key: str
    case: str = CASE_PROPER


@dataclass(frozen=True, slots=True)
class Mention:
    """A name found in a text: span in the text, the matched text, and the keys it may refer to."""

    start: int
    end: int
    text: str
    keys: tuple[str, ...]


def default_case(alias: str) -> str:
    """Capitals in the data mean an acronym; other names are proper nouns."""
    letters = [c for c in alias if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) <= 6:
        return CASE_EXACT
    return CASE_PROPER


def trie_regex(words: Iterable[str]) -> str:
    """A regex source that matches exactly ``words``, longest first at each branch."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_regex(trie)


def _node_regex(node: dict[str, dict]) -> str:
    ends_here = "" in node
    branches = [re.escape(char) + _node_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return f"(?:{body})?"
    return body


class Matcher:
    """A compiled set of aliases. Build once; ``find`` is pure and thread-safe."""

    def __init__(self, aliases: Iterable[Alias]) -> None:
        self._rules: dict[str, list[tuple[str, str, str]]] = {}
        for alias in aliases:
            folded = fold(alias.text).strip()
            if len(folded) < 2:
                continue
            self._rules.setdefault(folded, []).append((alias.key, alias.case, alias.text.strip()))
        words = sorted(self._rules)
        source = trie_regex(words) if words else r"(?!x)x"
        self._regex = re.compile(rf"(?<!\w)(?:{source})(?![\w&])")

    def __len__(self) -> int:
        return len(self._rules)

    def find(self, folded: str, original: str) -> list[Mention]:
        """Mentions in ``original`` (whose folded form is ``folded``), in order of position."""
        mentions = []
        for match in self._regex.finditer(folded):
            start, end = match.span()
            written = original[start:end]
            keys = tuple(
                dict.fromkeys(
                    key for key, case, text in self._rules[match.group(0)] if _case_ok(case, text, written)
                )
            )
            if keys:
                mentions.append(Mention(start, end, written, keys))
        return mentions


def _case_ok(case: str, alias: str, written: str) -> bool:
    if case == CASE_ANY:
        return True
    if case == CASE_EXACT:
        return written == alias or fold(written) == fold(alias) and written.upper() == written
    # Each word capitalised in the data must be capitalised in the text: "La Libertad" (the department)
    # but not "La libertad de prensa"; lowercase words of the alias ("de", "peruano") may be either.
    if len(alias) != len(written):
        return written[:1].isupper()
    return all(
        written[i].isupper()
        for i, ch in enumerate(alias)
        if ch.isupper() and (i == 0 or not alias[i - 1].isalnum())
    )
