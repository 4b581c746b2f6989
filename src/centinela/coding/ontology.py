"""The event codes every part of centinela speaks, with their mappings to PLOVER and CAMEO.

A code says what kind of event a text reports; the institutional engine speaks finer event types
(which step of which process, with its votes: ``countries/peru/event_types.csv``). This module
holds both vocabularies and how the finer types roll up into codes.

PLOVER (the successor of CAMEO used by POLECAT/NGEC) has 16 event types and no legislative types,
so institutional codes map to the nearest type and say so in ``note``; an empty mapping means no
honest equivalent exists. CAMEO codes are the 2-4 digit codes of the CAMEO 1.1b3 manual.
"""

from __future__ import annotations

from dataclasses import dataclass

FAMILIES: tuple[str, ...] = (
    "institutional",
    "unrest",
    "security",
    "economic",
    "external",
    "information",
    "none",
)
MODALITIES: tuple[str, ...] = ("actual", "threat", "claim", "denial")
NONE = "none"


@dataclass(frozen=True, slots=True)
class Code:
    """One event code of the ontology."""

    name: str
    family: str
    description: str
    plover: str = ""
    cameo: str = ""
    note: str = ""


def _c(name: str, family: str, description: str, plover: str = "", cameo: str = "", note: str = "") -> Code:
    return Code(name, family, description, plover, cameo, note)


CODES: tuple[Code, ...] = (
    # institutional
    _c(
        "investiture_vote",
        "institutional",
        "Congress votes the confidence a new cabinet must request",
        "SUPPORT",
        "051",
        "nearest: endorsement (granted) or REJECT/12 (denied)",
    ),
    _c(
        "confidence_vote",
        "institutional",
        "a vote on a confidence question raised by the cabinet or a minister",
        "SUPPORT",
        "051",
        "nearest: endorsement (granted) or REJECT/12 (denied)",
    ),
    _c(
        "confidence_rejected_outright",
        "institutional",
        "a confidence question rejected without a vote (rechazo de plano, improcedente)",
        "REJECT",
        "12",
    ),
    _c(
        "censure",
        "institutional",
        "a censure motion against a minister, the cabinet or the Mesa Directiva",
        "ACCUSE",
        "111",
        "PLOVER mode: disapprove",
    ),
    _c(
        "interpellation",
        "institutional",
        "Congress summons a minister to answer questions (interpelación)",
        "ACCUSE",
        "09",
        "PLOVER mode: investigate",
    ),
    _c(
        "cabinet_change",
        "institutional",
        "a cabinet or minister is sworn in, reshuffled, resigns or is removed",
        note="no PLOVER or CAMEO type for appointments and resignations",
    ),
    _c(
        "vacancy_motion",
        "institutional",
        "a motion to remove the President (vacancia por incapacidad moral), filed, admitted or voted",
        "REQUEST",
        "1041",
        "demand for change in leadership",
    ),
    _c(
        "presidential_resignation",
        "institutional",
        "the President resigns or Congress votes on the resignation",
        "CONCEDE",
        "0831",
        "accede to demands for change in leadership",
    ),
    _c(
        "dissolution",
        "institutional",
        "the President dissolves (or announces the dissolution of) Congress",
        "COERCE",
        "",
        "no CAMEO equivalent",
    ),
    _c(
        "suspension_of_president",
        "institutional",
        "Congress suspends the President in office",
        "SANCTION",
        "172",
        "impose administrative sanctions",
    ),
    _c(
        "constitutional_accusation",
        "institutional",
        "a constitutional accusation or impeachment of a high official (acusación constitucional)",
        "ACCUSE",
        "1121",
        "accuse of crime, corruption",
    ),
    _c(
        "court_ruling",
        "institutional",
        "a ruling of the Constitutional Court or another court on an institutional matter",
        note="no PLOVER or CAMEO type for rulings (PLOVER SANCTION/convict covers convictions only)",
    ),
    _c(
        "state_of_emergency",
        "institutional",
        "a state of emergency, siege or curfew is declared",
        "COERCE",
        "1724",
        "impose state of emergency or martial law",
    ),
    _c(
        "election_event",
        "institutional",
        "an election, its results, challenges or the election of the Mesa Directiva",
        note="POLECAT context: election; no event type",
    ),
    _c(
        "succession",
        "institutional",
        "a new head of state takes office (sworn in, succession by the line of office)",
        note="no PLOVER or CAMEO type for taking office",
    ),
    # unrest
    _c("protest", "unrest", "a demonstration, march, rally or sit-in", "PROTEST", "141", "PLOVER mode: demo"),
    _c(
        "strike", "unrest", "a labour or civic strike (huelga, paro)", "PROTEST", "143", "PLOVER mode: strike"
    ),
    _c(
        "blockade",
        "unrest",
        "roads, bridges or sites blocked by protesters",
        "PROTEST",
        "144",
        "obstruct passage",
    ),
    _c("riot", "unrest", "violent protest: clashes, looting, burning", "PROTEST", "145", "PLOVER mode: riot"),
    _c(
        "repression",
        "unrest",
        "security forces use force against protesters or civilians",
        "COERCE",
        "175",
        "use tactics of violent repression",
    ),
    # security
    _c(
        "military_statement",
        "security",
        "the armed forces or police command make a political statement",
        "",
        "010",
        "PLOVER has no statement type",
    ),
    _c(
        "coup_attempt",
        "security",
        "an attempted or realised coup by the military or other actors",
        "COERCE",
        "",
        "POLECAT context: coup; no CAMEO code",
    ),
    _c(
        "self_coup",
        "security",
        "the executive seizes powers irregularly (autogolpe): dissolves Congress or courts outside the rules",
        "COERCE",
        "",
        "POLECAT context: coup; no CAMEO code",
    ),
    _c(
        "arrest_of_official",
        "security",
        "a current or former high official or politician is arrested or detained",
        "COERCE",
        "173",
        "PLOVER mode: arrest",
    ),
    _c(
        "political_violence",
        "security",
        "killings, attacks or armed violence with a political motive",
        "ASSAULT",
        "18",
    ),
    # economic
    _c(
        "sanctions",
        "economic",
        "economic or diplomatic sanctions imposed on the country or its officials",
        "SANCTION",
        "163",
    ),
    _c(
        "market_stress",
        "economic",
        "currency, bond, rating or capital-flight stress linked to politics (downgrades, sell-offs)",
        note="no PLOVER or CAMEO type for market moves",
    ),
    _c(
        "foreign_aid", "economic", "aid or loans given, suspended or withdrawn by foreign actors", "AID", "07"
    ),
    # external
    _c(
        "foreign_pressure",
        "external",
        "foreign governments or bodies demand, warn or condemn",
        "REQUEST",
        "10",
    ),
    _c(
        "foreign_support",
        "external",
        "foreign governments or bodies express support or recognition",
        "SUPPORT",
        "051",
    ),
    _c(
        "diplomatic_action",
        "external",
        "ambassadors recalled or expelled, visits, missions, relations changed",
        "CONSULT",
        "04",
    ),
    # information
    _c(
        "disinformation",
        "information",
        "false or coordinated information campaigns, fake accounts, hoaxes",
        "",
        "",
        "no PLOVER or CAMEO equivalent",
    ),
    _c(
        "press_freedom",
        "information",
        "attacks on journalists, censorship, media closures",
        "COERCE",
        "1721",
        "impose restrictions on political freedoms",
    ),
    # none
    _c(NONE, "none", "not a political event"),
)

CODE_NAMES: tuple[str, ...] = tuple(c.name for c in CODES)
EVENT_CODES: tuple[str, ...] = tuple(c.name for c in CODES if c.name != NONE)
BY_NAME: dict[str, Code] = {c.name: c for c in CODES}

#: The engine's finer institutional event types (countries/peru/event_types.csv) -> ontology code.
#: ``law_by_insistence`` has no code of its own: it is a legislative act, not a crisis event.
EVENT_TYPE_CODES: dict[str, str] = {
    "president_sworn": "succession",
    "cabinet_sworn": "cabinet_change",
    "cabinet_resigned": "cabinet_change",
    "investiture_vote": "investiture_vote",
    "confidence_vote": "confidence_vote",
    "confidence_factual_denial": "confidence_vote",
    "confidence_rejected_outright": "confidence_rejected_outright",
    "censure_motion_filed": "censure",
    "censure_vote": "censure",
    "interpellation_vote": "interpellation",
    "vacancy_motion_filed": "vacancy_motion",
    "vacancy_admission_vote": "vacancy_motion",
    "vacancy_vote": "vacancy_motion",
    "resignation_presented": "presidential_resignation",
    "resignation_vote": "presidential_resignation",
    "suspension_vote": "suspension_of_president",
    "dissolution_decree": "dissolution",
    "congressional_election": "election_event",
    "court_ruling": "court_ruling",
    "law_by_insistence": NONE,
    "mesa_election": "election_event",
    "mesa_censure_vote": "censure",
    "state_of_emergency_decree": "state_of_emergency",
}

#: Event types whose row carries vote counts (the ``votes`` column of event_types.csv is "yes").
VOTED_EVENT_TYPES: frozenset[str] = frozenset(
    {
        "investiture_vote",
        "confidence_vote",
        "censure_vote",
        "interpellation_vote",
        "vacancy_admission_vote",
        "vacancy_vote",
        "resignation_vote",
        "suspension_vote",
        "law_by_insistence",
        "mesa_election",
        "mesa_censure_vote",
    }
)

#: Outcome words the engine accepts per event type, in the order (positive, negative).
OUTCOMES: dict[str, tuple[str, str]] = {
    "investiture_vote": ("granted", "denied"),
    "confidence_vote": ("granted", "denied"),
    "censure_vote": ("passed", "failed"),
    "interpellation_vote": ("admitted", "not_admitted"),
    "vacancy_admission_vote": ("admitted", "not_admitted"),
    "vacancy_vote": ("passed", "failed"),
    "resignation_vote": ("accepted", "rejected"),
    "suspension_vote": ("passed", "failed"),
    "law_by_insistence": ("enacted", "not_enacted"),
    "mesa_election": ("elected", "not_elected"),
    "mesa_censure_vote": ("passed", "failed"),
    "censure_motion_filed": ("filed", "not_filed"),
    "vacancy_motion_filed": ("filed", "not_filed"),
    "dissolution_decree": ("dissolved", "announced"),
    "state_of_emergency_decree": ("declared", ""),
    "confidence_rejected_outright": ("rejected_outright", ""),
}


def family(code: str) -> str:
    """The family of ``code`` ("none" for unknown codes)."""
    known = BY_NAME.get(code)
    return known.family if known else NONE


def code_for_event_type(event_type: str) -> str:
    """The ontology code an engine event type rolls up into ("none" when it has none)."""
    return EVENT_TYPE_CODES.get(event_type, NONE)


def event_types_for_code(code: str) -> tuple[str, ...]:
    """The engine event types that roll up into ``code``."""
    return tuple(t for t, c in EVENT_TYPE_CODES.items() if c == code)
