"""Dates stated in a text ("el pasado 7 de diciembre", "on 9 November 2020", "em 8 de janeiro"),
resolved against the publication date.

A date without a year is the closest such day on or before publication (news reports the past),
unless the text says it is ahead ("el próximo 7 de diciembre", "next Tuesday"). Relative words
(ayer, yesterday, ontem; hoy, today, hoje) count from publication. Text must be folded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "janeiro": 1,
    "fevereiro": 2,
    "marco": 3,
    "maio": 5,
    "junho": 6,
    "julho": 7,
    "setembro": 9,
    "outubro": 10,
    "novembro": 11,
    "dezembro": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = {
    "lunes": 0,
    "martes": 1,
    "miercoles": 2,
    "jueves": 3,
    "viernes": 4,
    "sabado": 5,
    "domingo": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "segunda-feira": 0,
    "terca-feira": 1,
    "quarta-feira": 2,
    "quinta-feira": 3,
    "sexta-feira": 4,
}
RELATIVE = {
    "anteayer": -2,
    "antier": -2,
    "ayer": -1,
    "hoy": 0,
    "manana": 1,
    "yesterday": -1,
    "today": 0,
    "tomorrow": 1,
    "anteontem": -2,
    "ontem": -1,
    "hoje": 0,
    "amanha": 1,
}

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_FUTURE = r"(?:proximo|proxima|next|this coming|venidero|que viene)\s+"
# "7 de diciembre de 2022", "7 de diciembre del 2022", "9 november 2020", "8 de janeiro"
_DAY_MONTH = re.compile(
    rf"\b(?P<future>{_FUTURE})?(?:(?:el|on|em|no|dia|day)\s+)?(?P<day>[0-3]?\d)(?:º|o|st|nd|rd|th)?\s+"
    rf"(?:de\s+|of\s+)?(?P<month>{_MONTH})\.?\b(?:,?\s+(?:de\s+|del\s+)?(?P<year>(?:19|20)\d\d))?"
)
# "November 9, 2020", "December 7"
_MONTH_DAY = re.compile(
    rf"\b(?P<future>{_FUTURE})?(?P<month>{_MONTH})\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d))?"
)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
_NUMERIC = re.compile(r"\b(?P<day>[0-3]?\d)/(?P<month>[01]?\d)/(?P<year>(?:19|20)\d\d)\b")
_WEEKDAY = re.compile(
    rf"\b(?P<future>{_FUTURE})?(?:el\s+|on\s+|last\s+|na\s+|no\s+)?(?P<weekday>"
    rf"{'|'.join(sorted(WEEKDAYS, key=len, reverse=True))})\b"
)
_RELATIVE = re.compile(rf"\b(?P<word>{'|'.join(sorted(RELATIVE, key=len, reverse=True))})\b")


@dataclass(frozen=True, slots=True)
class FoundDate:
    value: date
    start: int
    explicit: bool  # a calendar date ("7 de diciembre"), not a weekday or "ayer"


def find_dates(folded: str, published: date | None) -> list[FoundDate]:
    """Dates in ``folded`` in text order; partial dates need ``published`` to be resolved."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_ISO, _NUMERIC, _DAY_MONTH, _MONTH_DAY):
        for match in pattern.finditer(folded):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            value = _calendar(match, published)
            if value is not None:
                found.append(FoundDate(value, match.start(), True))
                taken.append(match.span())
    if published is not None:
        found += _relative_dates(folded, published, taken)
    return sorted(found, key=lambda d: d.start)


def _calendar(match: re.Match[str], published: date | None) -> date | None:
    groups = match.groupdict()
    month_text = groups["month"]
    month = int(month_text) if month_text.isdigit() else MONTHS[month_text]
    day = int(groups["day"])
    year_text = groups.get("year")
    try:
        if year_text:
            return date(int(year_text), month, day)
        if published is None:
            return None
        return _nearest(published, month, day, future=bool(groups.get("future")))
    except ValueError:
        return None


def _nearest(published: date, month: int, day: int, *, future: bool) -> date:
    """The day-month closest to publication: on or before it, or after it when said to be ahead."""
    candidate = date(published.year, month, day)
    if future:
        return candidate if candidate >= published else date(published.year + 1, month, day)
    return candidate if candidate <= published else date(published.year - 1, month, day)


def _relative_dates(folded: str, published: date, taken: list[tuple[int, int]]) -> list[FoundDate]:
    found = []
    for match in _WEEKDAY.finditer(folded):
        if any(s <= match.start() < e for s, e in taken):
            continue
        delta = (published.weekday() - WEEKDAYS[match.group("weekday")]) % 7
        if match.group("future"):
            ahead = (WEEKDAYS[match.group("weekday")] - published.weekday()) % 7 or 7
            found.append(FoundDate(published + timedelta(days=ahead), match.start(), False))
        else:
            found.append(FoundDate(published - timedelta(days=delta), match.start(), False))
    for match in _RELATIVE.finditer(folded):
        if (
            match.group("word") in ("manana",)
            and "de la manana" in folded[max(0, match.start() - 6) : match.end()]
        ):
            continue  # "de la mañana" is the morning, not tomorrow
        found.append(
            FoundDate(published + timedelta(days=RELATIVE[match.group("word")]), match.start(), False)
        )
    return found


def event_date(sentence_folded: str, document_folded: str, published: date | None) -> date | None:
    """The date of an event: the first date stated in its sentence, else in the document, else publication."""
    for text in (sentence_folded, document_folded):
        dates = find_dates(text, published)
        if dates:
            return dates[0].value
    return published
