"""The anchor prefilter only skips patterns that cannot match: it never changes what the patterns find."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from centinela.coding.anchors import AnchorIndex, required_literals
from centinela.coding.patterns import _search_at_word_start, load_patterns
from centinela.coding.text import fold

PATTERNS = load_patterns()
WORDS = sorted(
    {
        w
        for rule in PATTERNS.rules
        for w in fold(rule.regex.pattern).replace("\\", " ").split()
        if w.isalpha() and len(w) > 2
    }
)


@pytest.mark.parametrize(
    ("pattern", "anchors"),
    [
        ("matanza", {"matanza"}),
        ("(?:permanent )?moral incapacity", {"moral incapacity"}),
        ("(?:mocion|pedido) de vacancia", {" de vacancia"}),
        ("(?:respald\\w+|apoy(?:o|a))", {"respald", "apoy"}),
        ("\\w+ \\w+", None),
        ("(?:a|b)", None),
    ],
)
def test_required_literals(pattern: str, anchors: set[str] | None) -> None:
    found = required_literals(pattern)
    assert (None if found is None else set(found)) == anchors


def test_index_candidates() -> None:
    index = AnchorIndex(
        [("x", "moral incapacity"), ("y", "(?:mocion|pedido) de vacancia"), ("z", "\\w+ \\w+")]
    )
    assert index.candidates("the moral incapacity clause") == {"x", "z"}
    assert index.candidates("nothing here") == {"z"}


def brute_force(folded: str) -> set[str]:
    return {rule.code for rule in PATTERNS.rules if _search_at_word_start(rule.regex, folded)}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12))
def test_prefilter_never_changes_matches(words: list[str]) -> None:
    text = " ".join(words)
    found = {hit.code for hit in PATTERNS.match(text)}
    suppressed = {s for rule in PATTERNS.rules if rule.code in brute_force(text) for s in rule.suppresses}
    assert found == brute_force(text) - suppressed
