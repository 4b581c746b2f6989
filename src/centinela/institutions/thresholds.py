"""Threshold arithmetic, exactly as the header of a pack's rules.yaml defines it.

``{at_least: F, of: BASE}`` carries with votes for >= F x BASE and ``{more_than: F, of: BASE}`` with
votes for > F x BASE. Fractions are exact (``fractions.Fraction``): a float would turn 2/3 of 130 into
86.666...7 and one day give 86 instead of 87.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

KINDS = ("at_least", "more_than")
# Bases counted from the chamber (seat-based) and bases counted from the vote itself.
SEAT_BASES = ("legal", "habiles")
VOTE_BASES = ("present", "votes_cast", "against")
# "count" is an absolute number (the bicameral vacancy filing: at least 39 signatures).
BASES = (*SEAT_BASES, *VOTE_BASES, "count")
# Bases that include the votes for themselves: the threshold is solved for, not read off.
SELF_INCLUDING = ("present", "votes_cast")

_BASE_WORDS = {
    "legal": "the legal number of members",
    "habiles": "the members in office",
    "present": "those present",
    "votes_cast": "the votes cast",
    "against": "the votes against",
    "count": "",
}


def to_fraction(value: Any) -> Fraction:
    """Read an exact fraction from rules data: an int, a "2/3" string or a decimal string."""
    if isinstance(value, bool):
        raise ValueError(f"not a fraction: {value!r}")
    if isinstance(value, int | Fraction):
        return Fraction(value)
    if isinstance(value, float):
        # YAML may read 0.5 as a float: go through its shortest repr so 0.1 stays 1/10, not the binary value.
        return Fraction(repr(value))
    if isinstance(value, str):
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"not a fraction: {value!r}") from None
    raise ValueError(f"not a fraction: {value!r}")


@dataclass(frozen=True, slots=True)
class ThresholdSpec:
    """One threshold of the rules: ``kind`` of ``fraction`` x ``base``."""

    kind: str
    fraction: Fraction
    base: str

    @property
    def seat_based(self) -> bool:
        return self.base in SEAT_BASES

    def describe(self) -> str:
        """The rule in words, e.g. "at least 2/3 of the legal number of members"."""
        words = "at least" if self.kind == "at_least" else "more than"
        if self.base == "count":
            return f"{words} {self.fraction}"
        if self.base == "against" and self.fraction == 1 and self.kind == "more_than":
            return "more votes for than against"
        return f"{words} {self.fraction} of {_BASE_WORDS[self.base]}"


def parse_spec(raw: Mapping[str, Any]) -> ThresholdSpec:
    """Build a spec from its YAML mapping; ValueError when it is not one the header defines."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"a threshold must be a mapping, not {raw!r}")
    kinds = [k for k in KINDS if k in raw]
    if len(kinds) != 1:
        raise ValueError(f"a threshold needs exactly one of {', '.join(KINDS)}: {dict(raw)!r}")
    base = str(raw.get("of", ""))
    if base not in BASES:
        raise ValueError(f"unknown threshold base {base!r}; known: {', '.join(BASES)}")
    fraction = to_fraction(raw[kinds[0]])
    if fraction < 0:
        raise ValueError(f"negative threshold fraction {fraction}")
    if base in SELF_INCLUDING and fraction >= 1:
        # x >= F(x + others) has no solution for F >= 1 once anyone else votes: not a usable rule.
        raise ValueError(f"a fraction of {base} must be below 1, not {fraction}")
    return ThresholdSpec(kinds[0], fraction, base)


def _at(kind: str, value: Fraction) -> int:
    return math.ceil(value) if kind == "at_least" else math.floor(value) + 1


def compute_threshold(
    spec: ThresholdSpec, *, seats: int | None, habiles: int | None, against: int, abstentions: int
) -> int | None:
    """The smallest number of votes for that carries, given the other counts (None: no seat data).

    For ``present`` and ``votes_cast`` the base contains the votes for themselves, so the threshold is the
    smallest x with x > F(x + others): the number of supporters who must show up, with the others fixed.
    A motion always needs at least one vote for.
    """
    if spec.base in SELF_INCLUDING:
        others = against + abstentions if spec.base == "present" else against
        value = spec.fraction * others / (1 - spec.fraction)
    elif spec.base == "against":
        value = spec.fraction * against
    elif spec.base == "count":
        value = spec.fraction
    else:
        base = seats if spec.base == "legal" else (habiles if habiles is not None else seats)
        if base is None:
            return None
        value = spec.fraction * base
    return max(1, _at(spec.kind, value))


def base_value(
    spec: ThresholdSpec,
    *,
    seats: int | None,
    habiles: int | None,
    votes_for: int,
    against: int,
    abstentions: int,
) -> int | None:
    """The number the fraction is taken of, for explanations."""
    return {
        "legal": seats,
        "habiles": habiles if habiles is not None else seats,
        "present": votes_for + against + abstentions,
        "votes_cast": votes_for + against,
        "against": against,
        "count": 1,
    }[spec.base]
