"""The institutional alerts the engine raises: a code, the rule behind it and the reason in words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

UNCONSTITUTIONAL_DISSOLUTION = "unconstitutional_dissolution"
DISSOLUTION_ENABLED = "dissolution_enabled"
CONGRESS_DISSOLVED = "congress_dissolved"
VACANCY_ADMITTED = "vacancy_admitted"
VACANCY_VOTE_SCHEDULED = "vacancy_vote_scheduled"
VACANCY_PASSED = "vacancy_passed"
PRESIDENT_REMOVED = "president_removed"
PRESIDENT_RESIGNED = "president_resigned"
PRESIDENT_SUSPENDED = "president_suspended"
SUCCESSION = "succession"
PRESIDENCY_VACANT = "presidency_vacant"
CABINET_CRISIS = "cabinet_crisis"
ACTING_PRESIDENT_REMOVED = "acting_president_removed"

# code -> (level, what it means). Levels order alerts for people: critical > high > notice.
ALERT_CODES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        UNCONSTITUTIONAL_DISSOLUTION: (
            "critical",
            "a dissolution of Congress outside the constitution (self-coup)",
        ),
        CONGRESS_DISSOLVED: (
            "critical",
            "Congress (or a chamber) dissolved under the constitution, or disputedly",
        ),
        DISSOLUTION_ENABLED: (
            "high",
            "enough Councils of Ministers denied or censured: the President may dissolve",
        ),
        VACANCY_ADMITTED: ("high", "a presidential vacancy motion was admitted to debate"),
        VACANCY_VOTE_SCHEDULED: ("high", "the vacancy vote falls in a window of days"),
        VACANCY_PASSED: ("critical", "Congress declared the presidency vacant"),
        PRESIDENT_REMOVED: ("critical", "the President left office by a vote of Congress"),
        PRESIDENT_RESIGNED: ("critical", "the President's resignation took effect"),
        PRESIDENT_SUSPENDED: ("critical", "the President was suspended"),
        SUCCESSION: ("high", "a new President of the Republic by constitutional succession"),
        PRESIDENCY_VACANT: ("critical", "nobody in the line of succession: the presidency is vacant"),
        CABINET_CRISIS: ("notice", "total crisis of the cabinet: the PCM's office is vacant"),
        ACTING_PRESIDENT_REMOVED: (
            "critical",
            "an acting President removed with the office they held it through",
        ),
    }
)


@dataclass(frozen=True, slots=True)
class Alert:
    code: str
    rule_id: str
    reason: str

    @property
    def level(self) -> str:
        return ALERT_CODES.get(self.code, ("notice", ""))[0]

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "level": self.level, "rule": self.rule_id, "reason": self.reason}
