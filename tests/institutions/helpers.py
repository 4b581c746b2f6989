"""Builders and runners shared by the engine's tests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from centinela.institutions import CountryPack, Verdict, replay
from centinela.model import InstitutionalEvent

FIXTURES = Path(__file__).parent / "fixtures"


def ev(day: str, event_type: str, subject: str = "", **kw: Any) -> InstitutionalEvent:
    """A terse event: ev("2019-09-30", "dissolution_decree", "Martin Vizcarra")."""
    return InstitutionalEvent(date=date.fromisoformat(day), event_type=event_type, subject=subject, **kw)


def vote(
    day: str, event_type: str, subject: str, votes: tuple[int, int, int | None], **kw: Any
) -> InstitutionalEvent:
    """A voted event: vote("2020-11-09", "vacancy_vote", "Martin Vizcarra", (105, 19, 4))."""
    for_, against, abstentions = votes
    return ev(day, event_type, subject, votes_for=for_, votes_against=against, abstentions=abstentions, **kw)


def run(pack: CountryPack, events: Iterable[InstitutionalEvent], **kw: Any) -> list[Verdict]:
    return list(replay(events, pack, **kw))


def codes(verdict: Verdict) -> list[str]:
    return [a.code for a in verdict.alerts]


def holder(verdict: Verdict, office: str) -> str | None:
    h = verdict.state_view["officeholders"][office]
    return h["name"] if h else None
