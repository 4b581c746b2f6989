"""Which alerts a subscription wants: rules over codes, levels, countries, places and keywords.

A rule is plain data stored as JSON with its subscription. Every dimension that is given must match
(AND); inside one dimension any value may match (OR). Operator alerts (a source gone silent, a
channel failing) are for the people running centinela, so only rules that name them receive them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from centinela.alerts.errors import RuleError

# One scale for every level an alert may carry: the risk levels (calm .. critical) and the engine's
# (notice, high, critical) placed on it, so `--level warning` also receives the engine's high alerts.
LEVEL_RANK: Mapping[str, int] = {
    "calm": 0,
    "notice": 1,
    "watch": 1,
    "warning": 2,
    "high": 3,
    "alert": 3,
    "critical": 4,
}

OPERATOR_CODES = ("source_silent", "source_failing", "outbox_backlog", "channel_failing")


@dataclass(frozen=True, slots=True)
class Rule:
    codes: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    all: bool = False

    def to_json(self) -> dict[str, Any]:
        return {name: list(getattr(self, name)) for name in _DIMENSIONS} | {"all": self.all}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Rule:
        dims = {name: tuple(data.get(name) or ()) for name in _DIMENSIONS}
        return cls(**dims, all=bool(data.get("all")))

    def describe(self) -> str:
        """The rule in a few words, for listings."""
        if self.all:
            return "all"
        parts = [
            f"{name[:-1] if name != 'countries' else 'country'}={'|'.join(getattr(self, name))}"
            for name in _DIMENSIONS
            if getattr(self, name)
        ]
        return " ".join(parts)


_DIMENSIONS = ("codes", "levels", "countries", "places", "keywords")


def _clean(values: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values or () if v and v.strip()))


def make_rule(
    codes: Sequence[str] = (),
    levels: Sequence[str] = (),
    countries: Sequence[str] = (),
    places: Sequence[str] = (),
    keywords: Sequence[str] = (),
    all_: bool = False,
) -> Rule:
    """A validated rule; raises RuleError when it would match nothing or mixes --all with filters."""
    rule = Rule(
        codes=tuple(c.lower() for c in _clean(codes)),
        levels=tuple(v.lower() for v in _clean(levels)),
        countries=tuple(c.upper() for c in _clean(countries)),
        places=_clean(places),
        keywords=_clean(keywords),
        all=all_,
    )
    given = any(getattr(rule, name) for name in _DIMENSIONS)
    if all_ and given:
        raise RuleError("--all takes every alert: give it alone, or give filters without it")
    if not all_ and not given:
        raise RuleError("say which alerts: --code, --level, --country, --place, --keyword, or --all")
    unknown = [v for v in rule.levels if v not in LEVEL_RANK]
    if unknown:
        raise RuleError(f"unknown level {unknown[0]!r}; known: {', '.join(LEVEL_RANK)}")
    bad = [c for c in rule.countries if len(c) != 2 or not c.isalpha()]
    if bad:
        raise RuleError(f"country {bad[0]!r} is not a two-letter ISO code")
    return rule


def fold(text: str) -> str:
    """Lower case without accents, so 'Perú', 'PERU' and 'peru' all match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def level_rank(level: str) -> int:
    """The rank of a level on the common scale; -1 for an empty or unknown level."""
    return LEVEL_RANK.get((level or "").lower(), -1)


def is_escalation(previous: str, current: str) -> bool:
    """True when ``current`` is a higher level than ``previous`` (no previous level counts as lowest)."""
    return level_rank(current) > level_rank(previous)


def _text_of(alert: Mapping[str, Any]) -> str:
    evidence = alert.get("evidence") or ()
    pieces = [alert.get("title", ""), alert.get("body", "")]
    for item in evidence:
        pieces.extend(str(item.get(k, "")) for k in ("sentence", "place", "region", "outlet"))
    return fold(" ".join(p for p in pieces if p))


def _is_operator(alert: Mapping[str, Any]) -> bool:
    return alert.get("kind") == "operator"


def matches(rule: Rule, alert: Mapping[str, Any]) -> bool:
    """Whether ``alert`` (an Alert's fields as a mapping) is one the rule asks for."""
    code, kind = str(alert.get("code", "")).lower(), str(alert.get("kind", "")).lower()
    if _is_operator(alert):
        # Never by --all or by a level: only a rule that names the operator code (or 'operator').
        return code in rule.codes or "operator" in rule.codes
    if rule.all:
        return True
    if rule.codes and code not in rule.codes and kind not in rule.codes:
        return False
    if rule.levels and level_rank(str(alert.get("level", ""))) < min(level_rank(v) for v in rule.levels):
        return False
    if rule.countries and str(alert.get("country", "")).upper() not in rule.countries:
        return False
    text = _text_of(alert) if rule.places or rule.keywords else ""
    if rule.places and not any(fold(p) in text for p in rule.places):
        return False
    return not rule.keywords or any(fold(k) in text for k in rule.keywords)


def merge_evidence(*groups: Iterable[Mapping[str, str]]) -> tuple[dict[str, str], ...]:
    """One list of evidence from many reports of the same event: each URL once, first seen first.

    Items without a URL are kept when their sentence is new, so a quoted sentence is never lost.
    """
    seen: set[str] = set()
    merged: list[dict[str, str]] = []
    for group in groups:
        for item in group:
            ident = item.get("url") or "sentence:" + fold(item.get("sentence", ""))
            if ident in seen:
                continue
            seen.add(ident)
            merged.append(dict(item))
    return tuple(merged)
