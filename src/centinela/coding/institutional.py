"""From a coded sentence to the institutional engine's event: which step of which process, with votes.

The engine reads rows in the timeline format (countries/peru/event_types.csv): an event type such as
``vacancy_admission_vote``, its date, subject, votes and outcome. We emit one only when the sentence
says which step it reports (filed, admitted, voted, sworn, declared) and, for a vote, carries at least
one count or an explicit outcome: the engine must never act on a guess. Threats, claims and denials
never become engine events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from centinela.coding.ontology import OUTCOMES, VOTED_EVENT_TYPES
from centinela.coding.votes import Votes
from centinela.model import InstitutionalEvent

_STEP_CUES = {
    "filed": (
        r"present(?:o|aron|ada|an|ado)|registr(?:o|aron|ada)|ingres(?:o|aron|ada)|filed|submitted|lodged|"
        r"apresent(?:ou|aram|ado)|protocol\w+"
    ),
    "admission": (
        r"admi(?:tio|tieron|tida|tido|sion|tir|te|ted|ssion)|a debate|to debate|admitiu|admissao|admitid[oa]"
    ),
    "mesa": (
        r"mesa directiva|presidente del congreso|presidenta del congreso|president of congress|speaker|"
        r"mesa diretora"
    ),
    "insistence": r"por insistencia|by insistence|over the (?:president'?s|executive'?s) (?:veto|objection)",
    "sworn": r"jurament\w+|asumi\w+|asume|sworn in|took office|tomou posse|assumiu",
    "declared": (
        r"declar\w+|decret\w+|prorrog\w+|declared|imposed|extended|decretou|declarou|rige|entra en vigor"
    ),
    "accepted": (
        r"acept(?:o|aron|ar|a) (?:la |su )?renuncia|accepted (?:the |his |her )?resignation|"
        r"aceitou a renuncia"
    ),
    "presented": r"present\w+ (?:su |la )?renuncia|renunci(?:o|a) a la presidencia|resigned|renunciou",
    "cabinet": (
        r"gabinete|consejo de ministros|premier|primer ministro|primera ministra|cabinet|prime minister"
    ),
    "tc": r"tribunal constitucional|\btc\b|constitutional court",
    "congress_election": (
        r"elecciones (?:congresales|parlamentarias|complementarias)|congressional elections?|"
        r"parliamentary elections?|eleicoes legislativas"
    ),
    "elected": r"elig\w+|elegid\w+|elect\w+|eleit\w+",
}
_NEGATIVE = (
    r"rechaz\w+|neg(?:o|aron|ada)|deneg\w+|no alcanzo|no logro|archiv\w+|no (?:fue|fueron) admitid\w+|"
    r"no admiti\w+|not admitted|denied|rejected|failed|fell short|defeated|rejeit\w+|negou|no prosper\w+|"
    r"no aprob\w+|did not pass"
)
_POSITIVE = (
    r"aprob\w+|admiti\w+|admitid\w+|otorg\w+|concedi\w+|dio|dieron|acept\w+|granted|approved|passed|"
    r"admitted|accepted|won|aprov\w+|admitiu|elegid\w+|eligi\w+|elected|censur(?:o|aron)|vac(?:o|aron)|"
    r"removed|ousted|declar\w+ la vacancia"
)


@cache
def _cues() -> dict[str, re.Pattern[str]]:
    compiled = {name: re.compile(rf"\b(?:{cue})") for name, cue in _STEP_CUES.items()}
    compiled["negative"] = re.compile(rf"\b(?:{_NEGATIVE})")
    compiled["positive"] = re.compile(rf"\b(?:{_POSITIVE})")
    return compiled


def _has(cue: str, folded: str) -> bool:
    return bool(_cues()[cue].search(folded))


def event_type_for(code: str, folded: str, votes: Votes) -> str | None:
    """The engine event type a sentence coded ``code`` reports, or None when the step is not said."""
    voted = votes.found or _has("negative", folded) or _has("positive", folded)
    if code == "vacancy_motion":
        if votes.found or votes.threshold is not None:
            return "vacancy_admission_vote" if _has("admission", folded) else "vacancy_vote"
        if _has("admission", folded):
            return "vacancy_admission_vote" if voted else None
        return "vacancy_motion_filed" if _has("filed", folded) else None
    if code == "censure":
        if votes.found or _has("positive", folded) or _has("negative", folded):
            return "mesa_censure_vote" if _has("mesa", folded) else "censure_vote"
        return "censure_motion_filed" if _has("filed", folded) else None
    if code == "presidential_resignation":
        if votes.found or _has("accepted", folded):
            return "resignation_vote"
        return "resignation_presented" if _has("presented", folded) else None
    if code == "election_event":
        if _has("mesa", folded) and _has("elected", folded):
            return "mesa_election"
        return "congressional_election" if _has("congress_election", folded) else None
    return _simple_type(code, folded, votes, voted)


def _simple_type(code: str, folded: str, votes: Votes, voted: bool) -> str | None:
    if code in ("investiture_vote", "confidence_vote"):
        return code if voted else None
    if code == "interpellation":
        return "interpellation_vote" if votes.found or (voted and _has("admission", folded)) else None
    if code == "suspension_of_president":
        return "suspension_vote" if votes.found else None
    if code == "confidence_rejected_outright":
        return code
    if code == "dissolution":
        return "dissolution_decree"
    if code == "state_of_emergency":
        return "state_of_emergency_decree" if _has("declared", folded) else None
    if code == "succession":
        return "president_sworn" if _has("sworn", folded) else None
    if code == "cabinet_change" and _has("cabinet", folded):
        if _has("sworn", folded):
            return "cabinet_sworn"
        return "cabinet_resigned" if _has("presented", folded) or "renunci" in folded else None
    if code == "court_ruling":
        return "court_ruling" if _has("tc", folded) else None
    if votes.found and _has("insistence", folded):
        return "law_by_insistence"
    return None


def outcome_for(event_type: str, folded: str, votes: Votes) -> str:
    """The outcome word the engine expects for ``event_type``, when the sentence states it."""
    positive, negative = OUTCOMES.get(event_type, ("", ""))
    if event_type == "dissolution_decree" and re.search(r"\banunci\w+|\bannounc\w+", folded):
        return negative  # "announced": the engine tells an announcement from an effective dissolution
    if event_type not in VOTED_EVENT_TYPES:
        return positive
    if votes.short_of_threshold or _has("negative", folded):
        return negative
    if _has("positive", folded):
        return positive
    return ""


@dataclass(frozen=True, slots=True)
class EngineEvent:
    """An institutional event in the timeline format, as the coder saw it in the news."""

    date: date
    event_type: str
    subject: str = ""
    office: str = ""
    chamber: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    outcome: str = ""
    note: str = ""
    source: str = ""

    def as_dict(self) -> dict[str, object]:
        """A timeline row: the engine's columns, status "reported" (from the news, not verified)."""
        return {
            "date": self.date.isoformat(),
            "date_precision": "day",
            "chamber": self.chamber,
            "event_type": self.event_type,
            "subject": self.subject,
            "office": self.office,
            "votes_for": self.votes_for,
            "votes_against": self.votes_against,
            "abstentions": self.abstentions,
            "outcome": self.outcome,
            "status": "reported",
            "note": self.note,
            "source": self.source,
        }

    def to_model(self) -> InstitutionalEvent:
        return InstitutionalEvent(
            date=self.date,
            event_type=self.event_type,
            subject=self.subject,
            office=self.office,
            chamber=self.chamber,
            votes_for=self.votes_for,
            votes_against=self.votes_against,
            abstentions=self.abstentions,
            outcome=self.outcome,
            status="reported",
            note=self.note,
            source=self.source,
        )


#: Which officeholder is the subject when the sentence names no one: role in the gazetteer, office label.
SUBJECT_ROLE = {
    "vacancy_motion_filed": ("president", "President of the Republic"),
    "vacancy_admission_vote": ("president", "President of the Republic"),
    "vacancy_vote": ("president", "President of the Republic"),
    "suspension_vote": ("president", "President of the Republic"),
    "resignation_presented": ("president", "President of the Republic"),
    "resignation_vote": ("president", "President of the Republic"),
    "dissolution_decree": ("president", "President of the Republic"),
    "president_sworn": ("", "President of the Republic"),
    "investiture_vote": ("pcm", "PCM"),
    "confidence_vote": ("pcm", "PCM"),
    "confidence_rejected_outright": ("pcm", "PCM"),
    "cabinet_sworn": ("", "PCM"),
    "cabinet_resigned": ("pcm", "PCM"),
    "mesa_censure_vote": ("president_of_congress", "President of Congress"),
    "mesa_election": ("", "President of Congress"),
}
#: Events that remove the subject from office: its subject is whoever held the office the day before.
REMOVALS = frozenset(
    {
        "vacancy_vote",
        "vacancy_admission_vote",
        "vacancy_motion_filed",
        "suspension_vote",
        "resignation_vote",
        "resignation_presented",
        "mesa_censure_vote",
        "cabinet_resigned",
    }
)
#: The unicameral Congress sat until the bicameral Congress took office in July 2026.
BICAMERAL_FROM = date(2026, 7, 26)


def chamber_for(event_type: str, day: date) -> str:
    if event_type not in VOTED_EVENT_TYPES and event_type not in (
        "censure_motion_filed",
        "vacancy_motion_filed",
    ):
        return ""
    return "congress_unicameral" if day < BICAMERAL_FROM else ""
