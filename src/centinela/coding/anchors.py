"""Literal anchors of regular expressions: words a text must contain for a pattern to have a chance.

Running 33 codes' patterns over every sentence is the coder's main cost, yet most sentences match
none of them. Each pattern has words it cannot match without ("moral incapacity", one of "mocion" or
"pedido" before " de vacancia"); one scan of the sentence for all those words says which codes are
worth trying. We read the patterns with CPython's own regex parser; a pattern it cannot analyse
simply has no anchor and is always tried, so the filter can never change what the patterns find.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from typing import Any

from centinela.coding.matcher import trie_regex

MIN_ANCHOR = 3

try:  # CPython's parser for re; private, so everything below degrades to "no anchor" without it
    sre_parse: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - other Python implementations
    sre_parse = None


def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings of which at least one occurs in any text the pattern matches; None when unknown."""
    if sre_parse is None:
        return None
    try:
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, AttributeError):
        return None
    return _sequence(list(parsed))


def _sequence(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The best requirement of a sequence of regex items: its longest literal run or a sub-requirement."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    for op, argument in items:
        if op == sre_parse.LITERAL:
            run.append(chr(argument))
            continue
        _close(run, candidates)
        run = []
        inner = _item(op, argument)
        if inner is not None:
            candidates.append(inner)
    _close(run, candidates)
    usable = [c for c in candidates if min(len(s) for s in c) >= MIN_ANCHOR]
    return max(usable, key=lambda c: (min(len(s) for s in c), -len(c))) if usable else None


def _close(run: list[str], candidates: list[frozenset[str]]) -> None:
    if run:
        candidates.append(frozenset({"".join(run)}))


def _item(op: Any, argument: Any) -> frozenset[str] | None:
    if op == sre_parse.SUBPATTERN:
        return _sequence(list(argument[-1]))
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT) and argument[0] >= 1:
        return _sequence(list(argument[2]))
    if op == sre_parse.BRANCH:
        options = [_sequence(list(branch)) for branch in argument[1]]
        if any(o is None for o in options):
            return None
        return frozenset().union(*options)  # type: ignore[arg-type]
    return None


class AnchorIndex:
    """Which of several keys (codes) may match a text, from the anchors of their patterns."""

    def __init__(self, patterns: Iterable[tuple[str, str]]) -> None:
        self._always: set[str] = set()
        self._by_anchor: dict[str, set[str]] = {}
        for key, pattern in patterns:
            anchors = required_literals(pattern)
            if anchors is None:
                self._always.add(key)
                continue
            for anchor in anchors:
                self._by_anchor.setdefault(anchor, set()).add(key)
        # An anchor found at a position also means every shorter anchor that is its prefix is there.
        self._keys_of = {
            a: set().union(*(k for b, k in self._by_anchor.items() if a.startswith(b)))
            for a in self._by_anchor
        }
        # One zero-width scan finds, at each position, the longest anchor starting there.
        self._scan = re.compile(f"(?=({trie_regex(self._by_anchor)}))") if self._by_anchor else None

    def candidates(self, text: str) -> set[str]:
        """Keys whose patterns might match ``text`` (a superset of those that do)."""
        found = set(self._always)
        if self._scan is not None:
            for match in self._scan.finditer(text):
                found |= self._keys_of[match.group(1)]
        return found
