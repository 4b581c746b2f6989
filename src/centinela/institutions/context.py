"""The scratch record of one event's evaluation, filled in by the handlers of its event type.

Mutable on purpose and local to one call of ``engine.evaluate``: it never outlives it, and the states it
holds are themselves immutable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from centinela.institutions.alerts import Alert
from centinela.institutions.pack import CountryPack, EventType
from centinela.institutions.rules import Rule
from centinela.institutions.state import State
from centinela.institutions.votes import Tally
from centinela.model import InstitutionalEvent


@dataclass(slots=True)
class Acc:
    pack: CountryPack
    event: InstitutionalEvent
    etype: EventType
    tally: Tally | None
    state: State
    outcome: str | None
    rule_id: str | None
    rules: list[str] = field(default_factory=list)
    constitutional: str | None = None
    reasons: list[str] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)

    @property
    def day(self) -> date:
        return self.event.date

    @property
    def subject(self) -> str:
        return self.event.subject

    def rule(self, rule_id: str) -> Rule | None:
        """A rule by id if it is in force on the event's date."""
        rule = self.pack.rules.rule(rule_id)
        return rule if rule is not None and rule.in_force(self.day) else None

    def use(self, rule_id: str | None) -> None:
        if rule_id and rule_id not in self.rules:
            self.rules.append(rule_id)

    def note(self, reason: str) -> None:
        if reason:
            self.reasons.append(reason)

    def alert(self, code: str, rule_id: str, reason: str) -> None:
        self.use(rule_id)
        self.alerts.append(Alert(code, rule_id, reason))

    def judge(self, constitutional: str | None, rule_id: str | None, reason: str) -> None:
        """Set the act's constitutionality, the rule that decides it and why."""
        self.constitutional = constitutional
        if rule_id:
            self.rule_id = rule_id
            self.use(rule_id)
        self.note(reason)
