"""Parsing the timeline CSV: each malformed row is reported with its line, the good rows are kept."""

from __future__ import annotations

import csv
import io
import string
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from centinela.errors import InputFileError, MalformedRowError
from centinela.institutions import CountryPack, parse_timeline, parse_timeline_text, replay_rows
from centinela.institutions.timeline import COLUMNS
from centinela.model import InstitutionalEvent

HEADER = ",".join(COLUMNS)
GOOD = (
    "2020-11-09,day,congress_unicameral,vacancy_vote,Martin Vizcarra,President of the Republic,"
    "105,19,4,,verified,,"
)


def parse(text: str, pack: CountryPack | None = None) -> list[InstitutionalEvent | MalformedRowError]:
    return parse_timeline_text(text, known_types=pack.event_types if pack else None)


def test_the_bundled_timeline_parses_clean(pack: CountryPack) -> None:
    rows = parse(pack.read_text(pack.timeline), pack)
    assert len(rows) == 33 and all(isinstance(r, InstitutionalEvent) for r in rows)
    first = rows[1]
    assert isinstance(first, InstitutionalEvent)
    assert (first.date, first.votes_for, first.votes_against, first.abstentions) == (
        date(2016, 8, 19),
        121,
        2,
        1,
    )
    blank = rows[3]
    assert isinstance(blank, InstitutionalEvent) and blank.abstentions is None  # blank means unknown


@pytest.mark.parametrize(
    ("bad_row", "needle"),
    [
        (GOOD.replace("2020-11-09", "2020-13-09"), "date '2020-13-09' does not parse"),
        (GOOD.replace("2020-11-09", "9 Nov 2020"), "does not parse"),
        (GOOD.replace(",105,", ",105.5,"), "votes_for '105.5' is not a whole number"),
        (GOOD.replace(",19,", ",many,"), "votes_against 'many' is not a whole number"),
        (GOOD.replace(",4,", ",-4,"), "abstentions '-4' is negative"),
        (GOOD.replace("vacancy_vote", "coup_by_tweet"), "unknown event type 'coup_by_tweet'"),
        (GOOD.replace("vacancy_vote", ""), "event_type is empty"),
        (GOOD + ",extra", "expected 13 columns, found 14"),
        ("2020-11-09,day,congress_unicameral", "expected 13 columns, found 3"),
    ],
    ids=[
        "bad-month",
        "not-iso",
        "fraction",
        "word",
        "negative",
        "unknown-type",
        "no-type",
        "too-many",
        "too-few",
    ],
)
def test_a_malformed_row_gives_its_line_and_the_good_rows_are_kept(
    bad_row: str, needle: str, pack: CountryPack
) -> None:
    text = "\n".join([HEADER, GOOD, bad_row, GOOD.replace("2020-11-09", "2020-11-10")]) + "\n"
    rows = parse(text, pack)
    assert [type(r).__name__ for r in rows] == [
        "InstitutionalEvent",
        "MalformedRowError",
        "InstitutionalEvent",
    ]
    error = rows[1]
    assert isinstance(error, MalformedRowError)
    assert error.line == 3
    assert needle in error.reason
    assert str(error).startswith("line 3: ")
    assert isinstance(rows[2], InstitutionalEvent) and rows[2].date == date(2020, 11, 10)


def test_line_numbers_count_blank_lines_and_quoted_newlines(pack: CountryPack) -> None:
    multi = GOOD.replace("verified,,", 'verified,"a note\non two lines",')
    text = "\n".join([HEADER, "", multi, "bad-date" + GOOD[10:], GOOD]) + "\n"
    rows = parse(text, pack)
    assert isinstance(rows[0], InstitutionalEvent) and rows[0].note == "a note\non two lines"
    assert isinstance(rows[1], MalformedRowError) and rows[1].line == 5
    assert isinstance(rows[2], InstitutionalEvent)


def test_the_source_file_is_named_in_the_error() -> None:
    rows = list(parse_timeline([HEADER + "\n", "x" + GOOD[1:] + "\n"], source="a.csv"))
    assert isinstance(rows[0], MalformedRowError) and str(rows[0]).startswith("a.csv:2: ")


def test_a_file_without_the_header_is_an_input_error() -> None:
    with pytest.raises(InputFileError, match="missing column"):
        parse(GOOD + "\n")
    with pytest.raises(InputFileError, match="empty"):
        parse("")


def test_columns_in_another_order_and_the_optional_habiles_column() -> None:
    columns = [*reversed(COLUMNS), "habiles"]
    values = dict(zip(COLUMNS, next(csv.reader([GOOD])), strict=True))
    text = ",".join(columns) + "\n" + ",".join([*(values[c] for c in reversed(COLUMNS)), "122"]) + "\n"
    (event,) = parse(text)
    assert isinstance(event, InstitutionalEvent)
    assert (event.votes_for, event.habiles, event.subject) == (105, 122, "Martin Vizcarra")


def test_habiles_lower_the_admission_threshold(pack: CountryPack) -> None:
    text = HEADER + ",habiles\n" + GOOD.replace("vacancy_vote", "vacancy_admission_vote") + ",122\n"
    (verdict,) = replay_rows(parse(text, pack), pack, follow_records=False)
    assert not isinstance(verdict, MalformedRowError)
    assert (verdict.threshold, verdict.threshold_basis) == (49, "habiles")


def test_replay_rows_passes_errors_through_in_place(pack: CountryPack) -> None:
    text = "\n".join([HEADER, GOOD, "nonsense", GOOD]) + "\n"
    results = list(replay_rows(parse(text, pack), pack))
    assert [type(r).__name__ for r in results] == ["Verdict", "MalformedRowError", "Verdict"]


cells = st.text(alphabet=string.printable, max_size=12)


@given(st.lists(st.lists(cells, min_size=0, max_size=15), max_size=8))
def test_the_parser_never_crashes_and_keeps_one_result_per_row(rows: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    parsed = parse_timeline_text(out.getvalue())
    non_blank = [r for r in rows if any(c.strip() for c in r)]
    # A cell may hold a newline or a quote, so count via the csv module rather than the raw lines.
    assert len(parsed) == len([r for r in csv.reader(io.StringIO(out.getvalue()))][1:]) - sum(
        1 for r in csv.reader(io.StringIO(out.getvalue())) if not r or all(not c.strip() for c in r)
    )
    assert len(parsed) <= len(non_blank) + len(rows)
    for result in parsed:
        assert isinstance(result, InstitutionalEvent | MalformedRowError)
        if isinstance(result, MalformedRowError):
            assert result.line >= 2
