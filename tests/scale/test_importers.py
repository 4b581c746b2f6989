"""Importers of event data: each real column layout, the mapping to our codes, malformed rows by line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from centinela.coding.ontology import BY_NAME, CODE_NAMES
from centinela.errors import InputFileError, MalformedRowError
from centinela.sources.eventdata import (
    READERS,
    EventRecord,
    Places,
    detect_kind,
    read_event_file,
    record_coded,
    record_document,
)
from centinela.sources.eventdata.mapping import (
    CAMEO_RULES,
    IMPORT_EXCEPTIONS,
    Parties,
    cameo_code,
    kinds,
    ontology_pairs,
    plover_codes,
)

from .conftest import FIXTURES

# file -> (kind, {line: codes} of the rows that parse, {line: words of the reason} of the malformed ones)
EXPECTED = {
    "gdelt_events.export.CSV": (
        "gdelt",
        {1: ("protest",), 2: ("arrest_of_official",), 4: ("foreign_pressure",), 5: ()},
        {3: "40 columns", 6: "SQLDATE"},
    ),
    "sample.gkg.csv": ("gkg", {1: ("vacancy_motion", "protest"), 3: ()}, {2: "3 columns", 4: "DATE"}),
    "icews_sample.tab": (
        "icews",
        {
            2: (),
            3: (),
            4: ("political_violence",),
            5: ("protest",),
            6: ("diplomatic_action",),
            7: ("riot",),
            8: ("arrest_of_official",),
            9: ("foreign_support",),
            10: ("foreign_pressure",),
            11: ("repression",),
        },
        {},
    ),
    "polecat_sample.txt": (
        "polecat",
        {2: ("protest",), 3: ("coup_attempt", "arrest_of_official"), 4: ("sanctions",), 5: ()},
        {6: "2 columns", 7: "event date"},
    ),
    "acled_export.csv": (
        "acled",
        {2: ("protest", "repression"), 3: ("riot",), 4: ()},
        {5: "event date", 6: "3 columns"},
    ),
}


def _read(name: str) -> tuple[dict[int, EventRecord], dict[int, MalformedRowError]]:
    path = FIXTURES / name
    kind = detect_kind(path)
    assert kind == EXPECTED[name][0]
    records: dict[int, EventRecord] = {}
    errors: dict[int, MalformedRowError] = {}
    for item in read_event_file(path, kind):
        if isinstance(item, MalformedRowError):
            errors[item.line] = item
        else:
            records[item.line] = item
    return records, errors


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_layout_is_mapped_and_malformed_rows_are_reported_by_line(name: str) -> None:
    records, errors = _read(name)
    _, codes, malformed = EXPECTED[name]
    assert {line: r.codes for line, r in records.items()} == codes
    assert sorted(errors) == sorted(malformed)
    for line, words in malformed.items():
        assert words in errors[line].reason
    for record in records.values():
        assert set(record.codes) <= set(CODE_NAMES)
        assert record.title and record.event_id


def test_places_and_regions_are_iso_codes() -> None:
    gdelt, _ = _read("gdelt_events.export.CSV")
    assert (gdelt[1].country, gdelt[1].region) == ("PE", "PE-PUN")  # FIPS PE21 is Puno
    assert (gdelt[2].country, gdelt[2].region) == ("PE", "PE-LIM")
    assert gdelt[5].country == "CL"  # FIPS "CI" is Chile, not Côte d'Ivoire
    acled, _ = _read("acled_export.csv")
    assert (acled[2].country, acled[2].region) == ("PE", "PE-APU")  # ISO numeric 604, admin1 Apurimac
    polecat, _ = _read("polecat_sample.txt")
    assert (polecat[2].country, polecat[2].region) == ("PE", "PE-PUN")
    icews, _ = _read("icews_sample.tab")
    assert icews[11].country == "VE"
    places = Places()
    assert places.country("Russia") == "RU" and places.country("604") == "PE" and places.country("NA") == ""
    assert places.peru_region("Departamento de Cusco") == "PE-CUS"


def test_records_become_a_document_and_a_coded_result() -> None:
    gdelt, _ = _read("gdelt_events.export.CSV")
    doc = record_document(gdelt[1])
    assert doc.url == "urn:gdelt:event:1071234501" and doc.published and doc.published.day == 7
    coded = record_coded(gdelt[1])
    assert coded["primary"] == "protest" and coded["country"] == "PE" and coded["region"] == "PE-PUN"
    assert coded["events"][0]["type"] == "protest" and coded["detail"]["source_url"].startswith("https://")
    gkg, _ = _read("sample.gkg.csv")
    assert record_document(gkg[1]).url.startswith("https://larepublica")  # GKG rows are articles
    icews, _ = _read("icews_sample.tab")
    assert record_document(icews[4]).url == "urn:icews:event:32891257"  # the same address `ingest` gives


def test_every_cameo_pairing_of_the_ontology_is_read_back_or_explained() -> None:
    everyone = Parties(
        "PE", "US", frozenset({"military", "legislature", "official"}), frozenset({"official"})
    )
    domestic = Parties("PE", "PE", everyone.source_kinds, everyone.target_kinds)
    for code, cameo in ontology_pairs().items():
        back = {cameo_code(cameo, everyone), cameo_code(cameo, domestic)}
        assert code in back or code in IMPORT_EXCEPTIONS, (code, cameo, back)
    assert set(IMPORT_EXCEPTIONS) <= set(BY_NAME)
    assert all(rule.code in BY_NAME for rule in CAMEO_RULES)


def test_cameo_conditions() -> None:
    home = Parties("PE", "PE")
    assert cameo_code("0410", home) == "none"  # a domestic meeting is not diplomacy
    assert cameo_code("0410", Parties("PE", "CL")) == "diplomatic_action"
    assert cameo_code("1041", Parties("PE", "PE", kinds("Legislative / Parliamentary"))) == "vacancy_motion"
    assert cameo_code("1041", home) == "none"
    assert cameo_code("010", Parties("PE", "PE", kinds("MIL"))) == "military_statement"
    assert cameo_code("173", Parties("PE", "PE", frozenset(), kinds("GOV"))) == "arrest_of_official"
    assert cameo_code("173", home) == "none"
    assert (
        cameo_code("1724", home) == "state_of_emergency" and cameo_code("202", home) == "political_violence"
    )


def test_plover_modes_of_the_ontology_are_read_back() -> None:
    parties = Parties("PE", "US", frozenset({"legislature"}), frozenset({"official"}))
    for name, code in BY_NAME.items():
        if code.plover and code.note.startswith("PLOVER mode: "):
            mode = code.note.removeprefix("PLOVER mode: ")
            assert name in plover_codes(code.plover, mode, (), parties), name
    assert plover_codes("AGREE", "", ["election"], Parties()) == ("election_event",)
    assert plover_codes("COOPERATE", "", [], Parties()) == ()


def test_detect_kind_and_unknown_files(tmp_path: Path) -> None:
    plain = tmp_path / "notes.txt"
    plain.write_text("hello\tworld\n")
    assert detect_kind(plain) is None
    with pytest.raises(InputFileError):
        list(read_event_file(plain, "nonsense"))
    with pytest.raises(InputFileError, match="ACLED"):
        list(READERS["acled"](io.StringIO("a,b,c\n1,2,3\n"), Places()))


_CELL = st.text(alphabet=st.characters(blacklist_characters="\t\r\n\x00"), max_size=12)


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.lists(_CELL, min_size=0, max_size=70), min_size=1, max_size=8))
def test_readers_never_raise_on_garbage_rows(rows: list[list[str]]) -> None:
    """Whatever the rows, each non-blank one comes back as a record or as its error with its line."""
    text = "".join("\t".join(cells) + "\n" for cells in rows)
    places = Places()
    for kind in ("gdelt", "gkg"):
        found = list(READERS[kind](io.StringIO(text), places))
        lines = [getattr(item, "line", None) for item in found]
        assert all(isinstance(line, int) and line >= 1 for line in lines)
        assert len(found) == sum(1 for cells in rows if any(c.strip() for c in cells))
    header = (FIXTURES / "acled_export.csv").read_text().splitlines()[0]
    acled = header + "\n" + text.replace("\t", ",")
    for item in READERS["acled"](io.StringIO(acled), places):
        assert isinstance(item, EventRecord | MalformedRowError)


def test_the_documented_tables_are_the_code() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "importers.md").read_text(encoding="utf-8")
    for rule in CAMEO_RULES:
        assert f"| `{rule.prefix}` | `{rule.code}` | {rule.condition or '-'} |" in doc, rule
    from centinela.sources.eventdata.mapping import PLOVER_RULES

    for kind, mode, code, condition in PLOVER_RULES:
        assert f"| {kind} | {mode or '(any)'} | `{code}` | {condition or '-'} |" in doc
    for code in IMPORT_EXCEPTIONS:
        assert f"`{code}`" in doc
