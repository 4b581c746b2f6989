"""The iCalendar agenda: decision points in the subscriber's zone, parsed back with icalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

from centinela.alerts.agenda import AgendaItem, agenda_ics, as_item, motion_items
from centinela.alerts.errors import RuleError

NOW = datetime(2020, 11, 1, tzinfo=UTC)


def events(text: str) -> list:
    return [c for c in Calendar.from_ical(text).walk("VEVENT")]


@pytest.mark.parametrize(
    ("tz", "local_hour"),
    [("America/Lima", 15), ("America/New_York", 15), ("America/Los_Angeles", 12), ("Europe/Madrid", 21)],
)
def test_a_timed_item_is_shown_in_the_subscriber_zone(tz: str, local_hour: int) -> None:
    # 15:00 in Lima on 2020-11-09 is 20:00 UTC: 15:00 in New York (EST), 12:00 in LA, 21:00 in Madrid.
    text = agenda_ics(
        [(datetime(2020, 11, 9, 15, 0), "Vacancy debate", "second motion", "https://x.pe/a")],
        tz,
        source_tz="America/Lima",
        now=NOW,
    )
    [event] = events(text)
    start = event.decoded("dtstart")
    assert start.hour == local_hour and str(start.tzinfo) == tz
    assert start.astimezone(UTC) == datetime(2020, 11, 9, 20, 0, tzinfo=UTC)
    assert f"TZID:{tz}" in text and "BEGIN:VTIMEZONE" in text
    assert str(event["url"]) == "https://x.pe/a" and str(event["summary"]) == "Vacancy debate"


def test_days_and_windows_are_all_day_events() -> None:
    text = agenda_ics(
        [
            AgendaItem(start=date(2021, 4, 11), title="General election", kind="election"),
            AgendaItem(start=date(2020, 11, 1), end=date(2020, 11, 10), title="Censure window"),
        ],
        now=NOW,
    )
    window, election = events(text)
    assert window.decoded("dtstart") == date(2020, 11, 1) and window.decoded("dtend") == date(2020, 11, 11)
    assert election.decoded("dtend") == date(2021, 4, 12)


def test_uids_are_stable_across_rebuilds() -> None:
    item = (date(2021, 4, 11), "General election")
    assert events(agenda_ics([item], now=NOW))[0]["uid"] == events(agenda_ics([item], now=NOW))[0]["uid"]
    assert as_item(item).uid.endswith("@centinela")
    assert as_item({"start": date(2021, 1, 1), "title": "x", "ignored": 1}).title == "x"


def test_motion_items_from_engine_objects_or_dicts() -> None:
    class Motion:
        kind, subject, stage, rule_id = "vacancy", "Martín Vizcarra", "admitted", "PE.vacancy"
        window_from, deadline = date(2020, 11, 2), date(2020, 11, 10)

    dicts = [
        {
            "kind": "investiture",
            "subject": "Cabinet Cateriano",
            "stage": "presented",
            "rule": "PE.inv",
            "window_from": None,
            "deadline": "2020-08-15",
        },
        {"kind": "interpellation", "subject": "x", "window_from": None, "deadline": None},
    ]
    items = motion_items([Motion(), *dicts])
    assert [i.title for i in items] == [
        "Vacancy vote: Martín Vizcarra",
        "Investiture vote deadline: Cabinet Cateriano",
    ]
    assert items[0].start == date(2020, 11, 2) and items[0].end == date(2020, 11, 10)
    assert items[1].start == date(2020, 8, 15) and "rule: PE.inv" in items[1].description


def test_unknown_zone_is_a_clear_error() -> None:
    with pytest.raises(RuleError, match="time zone"):
        agenda_ics([], "Lima")
