"""CAMEO and PLOVER event types to our codes: the import direction of the ontology's mappings.

``centinela.coding.ontology`` says, for each of our codes, the nearest CAMEO code and PLOVER type.
Reading event data needs the other direction, which is not a plain inverse: several of our codes share
one CAMEO code (051 is an investiture vote, a confidence vote and foreign support), and CAMEO's generic
codes say less than ours ("demand change in leadership" is a vacancy motion only when Congress makes
it). So each rule below keeps the ontology's pairing and adds the condition on the actors under which
it holds; the codes that cannot be told apart from a CAMEO code alone are listed in IMPORT_EXCEPTIONS
with the reason (a test checks that every CAMEO pairing of the ontology is either here or there).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType

from centinela.coding.ontology import BY_NAME, NONE

# Conditions on who acts on whom.
INTERNATIONAL, DOMESTIC = "international", "domestic"
MILITARY_SOURCE, LEGISLATURE_SOURCE, OFFICIAL_TARGET = (
    "military_source",
    "legislature_source",
    "official_target",
)


@dataclass(frozen=True, slots=True)
class Parties:
    """What the importer knows of the actors: their countries and kinds (sectors)."""

    source_country: str = ""
    target_country: str = ""
    source_kinds: frozenset[str] = frozenset()
    target_kinds: frozenset[str] = frozenset()

    def holds(self, condition: str) -> bool:
        if not condition:
            return True
        if condition in (INTERNATIONAL, DOMESTIC):
            # International needs both countries known and different; anything else counts as domestic.
            known = bool(self.source_country and self.target_country)
            international = known and self.source_country != self.target_country
            return international if condition == INTERNATIONAL else not international
        if condition == MILITARY_SOURCE:
            return "military" in self.source_kinds
        if condition == LEGISLATURE_SOURCE:
            return "legislature" in self.source_kinds
        if condition == OFFICIAL_TARGET:
            return "official" in self.target_kinds
        raise ValueError(f"unknown condition {condition!r}")


@dataclass(frozen=True, slots=True)
class Rule:
    prefix: str
    code: str
    condition: str = ""


# Longest matching prefix first; among rules of one prefix, the first whose condition holds. A code
# that matches no rule is outside the ontology (CAMEO 02 appeal, 03 intent to cooperate, 06 material
# cooperation...).
CAMEO_RULES: tuple[Rule, ...] = (
    Rule("01", "military_statement", MILITARY_SOURCE),  # ontology: 010; any public statement by the forces
    Rule("04", "diplomatic_action", INTERNATIONAL),  # ontology: 04; a domestic meeting is not diplomacy
    Rule("051", "foreign_support", INTERNATIONAL),  # ontology: 051
    Rule("07", "foreign_aid", INTERNATIONAL),  # ontology: 07
    Rule("0831", "presidential_resignation", DOMESTIC),  # ontology: 0831
    Rule("1041", "vacancy_motion", LEGISLATURE_SOURCE),  # ontology: 1041, when Congress demands it
    Rule("10", "foreign_pressure", INTERNATIONAL),  # ontology: 10
    Rule("111", "censure", LEGISLATURE_SOURCE),  # ontology: 111, when Congress disapproves
    Rule("1121", "constitutional_accusation", LEGISLATURE_SOURCE),  # ontology: 1121
    Rule("11", "foreign_pressure", INTERNATIONAL),  # criticism and accusations from abroad
    Rule("13", "foreign_pressure", INTERNATIONAL),  # threats from abroad
    Rule("14", "protest"),
    Rule("141", "protest"),  # ontology: 141
    Rule("143", "strike"),  # ontology: 143
    Rule("144", "blockade"),  # ontology: 144
    Rule("145", "riot"),  # ontology: 145
    Rule("163", "sanctions", INTERNATIONAL),  # ontology: 163
    Rule("16", "diplomatic_action", INTERNATIONAL),  # relations reduced, envoys expelled
    Rule("1721", "press_freedom"),  # ontology: 1721
    Rule("1723", "state_of_emergency"),  # curfew
    Rule("1724", "state_of_emergency"),  # ontology: 1724
    Rule("173", "arrest_of_official", OFFICIAL_TARGET),  # ontology: 173
    Rule("175", "repression"),  # ontology: 175
    Rule("18", "political_violence"),  # ontology: 18
    Rule("19", "political_violence"),  # fighting
    Rule("20", "political_violence"),  # mass violence
)

#: Codes of the ontology whose CAMEO pairing is not read back, and why.
IMPORT_EXCEPTIONS = MappingProxyType(
    {
        "investiture_vote": "CAMEO 051 (praise, endorse) cannot tell a vote of Congress from any endorsement",
        "confidence_vote": "CAMEO 051 (praise, endorse) cannot tell a vote of Congress from any endorsement",
        "confidence_rejected_outright": "CAMEO 12 (reject) is any refusal of anything",
        "interpellation": "CAMEO 09 (investigate) is mostly police and judicial investigation",
        "suspension_of_president": "CAMEO 172 (administrative sanctions) is any administrative sanction",
    }
)

_BY_LENGTH = tuple(sorted(CAMEO_RULES, key=lambda r: -len(r.prefix)))


def cameo_code(cameo: str, parties: Parties) -> str:
    """Our code for a CAMEO event code given the actors; "none" when it has none."""
    cameo = cameo.strip()
    for rule in _BY_LENGTH:
        if cameo.startswith(rule.prefix) and parties.holds(rule.condition):
            return rule.code
    return NONE


# PLOVER (POLECAT): (event type, mode) -> code; mode "" is the type's default. Modes come from the
# ontology's notes ("PLOVER mode: demo"), the defaults from its PLOVER pairings with the same
# conditions as CAMEO above.
PLOVER_RULES: tuple[tuple[str, str, str, str], ...] = (
    ("PROTEST", "demo", "protest", ""),
    ("PROTEST", "strike", "strike", ""),
    ("PROTEST", "riot", "riot", ""),
    ("PROTEST", "", "protest", ""),
    ("COERCE", "arrest", "arrest_of_official", OFFICIAL_TARGET),
    ("COERCE", "censor", "press_freedom", ""),
    ("COERCE", "curfew", "state_of_emergency", ""),
    ("ASSAULT", "", "political_violence", ""),
    ("SANCTION", "", "sanctions", INTERNATIONAL),
    ("AID", "", "foreign_aid", INTERNATIONAL),
    ("REQUEST", "", "foreign_pressure", INTERNATIONAL),
    ("ACCUSE", "disapprove", "censure", LEGISLATURE_SOURCE),
    ("ACCUSE", "investigate", "interpellation", LEGISLATURE_SOURCE),
    ("ACCUSE", "", "foreign_pressure", INTERNATIONAL),
    ("THREATEN", "", "foreign_pressure", INTERNATIONAL),
    ("SUPPORT", "", "foreign_support", INTERNATIONAL),
    ("CONSULT", "", "diplomatic_action", INTERNATIONAL),
)
#: POLECAT contexts that name an event of ours whatever its type ("coup" is in no PLOVER type).
PLOVER_CONTEXTS = MappingProxyType({"coup": "coup_attempt"})


def plover_codes(event_type: str, mode: str, contexts: Iterable[str], parties: Parties) -> tuple[str, ...]:
    """Our codes for a POLECAT event (PLOVER type, mode, contexts): a context's code first, then the
    type's (an arrest in the context of a coup is both); () when it has none."""
    found = {c.strip().lower() for c in contexts}
    codes = [code for context, code in PLOVER_CONTEXTS.items() if context in found]
    kind, mode = event_type.strip().upper(), mode.strip().lower()
    for rule_type, rule_mode, code, condition in PLOVER_RULES:
        if rule_type == kind and rule_mode in ("", mode) and parties.holds(condition):
            codes.append(code)
            break
    if not codes and "election" in found and kind in ("AGREE", "SUPPORT", "REJECT"):
        codes.append("election_event")
    return tuple(dict.fromkeys(codes))


def ontology_pairs() -> dict[str, str]:
    """Our code -> its CAMEO code, as the ontology states them (for the documentation and the tests)."""
    return {name: code.cameo for name, code in BY_NAME.items() if code.cameo}


# Sector words and codes (ICEWS sectors, GDELT/POLECAT type codes) -> kinds of actor.
_KIND_WORDS = {
    "military": ("military", "armed forces", "army", "navy", "police", "MIL", "COP", "SPY"),
    "legislature": ("legislative", "parliament", "congress", "LEG"),
    "official": (
        "government",
        "executive",
        "legislative",
        "parliament",
        "congress",
        "judicial",
        "cabinet",
        "ministry",
        "president",
        "GOV",
        "LEG",
        "JUD",
        "ELI",
        "PTY",
        "parties",
    ),
}


def kinds(*fields: str) -> frozenset[str]:
    """The kinds (military, legislature, official) that sector fields or type codes name."""
    text = " ".join(f for f in fields if f)
    words = set(text.replace(",", " ").replace(";", " ").replace("/", " ").split())
    lowered = text.lower()
    found = set()
    for kind, marks in _KIND_WORDS.items():
        for mark in marks:
            if (mark.isupper() and mark in words) or (not mark.isupper() and mark in lowered):
                found.add(kind)
                break
    return frozenset(found)
