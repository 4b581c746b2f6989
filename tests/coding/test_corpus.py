"""The labelled training corpus of the event coder (src/centinela/coding/corpus/reports.jsonl).

These tests pin the contract the corpus README promises: the schema of every line, labels from the
ontology only, enough examples of every code (in the right languages), the language mix, unique ids,
no URLs and no quotation marks (the reports are paraphrases), real dates, and a README whose counts
table matches the file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from importlib import resources
from importlib.resources.abc import Traversable

import pytest

# fmt: off
CODES = (
    # institutional
    "investiture_vote", "confidence_vote", "confidence_rejected_outright", "censure", "interpellation",
    "cabinet_change", "vacancy_motion", "presidential_resignation", "dissolution", "suspension_of_president",
    "constitutional_accusation", "court_ruling", "state_of_emergency", "election_event", "succession",
    # unrest
    "protest", "strike", "blockade", "riot", "repression",
    # security
    "military_statement", "coup_attempt", "self_coup", "arrest_of_official", "political_violence",
    # economic
    "sanctions", "market_stress", "foreign_aid",
    # external
    "foreign_pressure", "foreign_support", "diplomatic_action",
    # information
    "disinformation", "press_freedom",
    "none",
)
UNREST = ("protest", "strike", "blockade", "riot", "repression")
MAIN_INSTITUTIONAL = (
    "investiture_vote", "confidence_vote", "censure", "interpellation", "cabinet_change", "vacancy_motion",
    "presidential_resignation", "dissolution", "court_ruling", "state_of_emergency", "election_event",
    "succession",
)
# fmt: on
LANGS = ("es", "en", "pt")
MODALITIES = ("actual", "threat", "claim", "denial")
REQUIRED = ("id", "lang", "date", "country", "labels", "text")
OPTIONAL = ("modality", "votes")
ID_PATTERN = re.compile(r"^([a-z]{2})-(\d{4}-\d{2}-\d{2})-([a-z]+(?:-[a-z]+)*)-(es|en|pt)-(\d+)$")
URL_PATTERN = re.compile(r"https?:|www\.|\.(?:com|org|net|pe|br|gob)\b/|/\S+/", re.IGNORECASE)
QUOTE_MARKS = ('"', "\u201c", "\u201d", "\u00ab", "\u00bb", "\u201e")


def _corpus_dir() -> Traversable:
    return resources.files("centinela.coding").joinpath("corpus")


@pytest.fixture(scope="module")
def lines() -> list[str]:
    text = _corpus_dir().joinpath("reports.jsonl").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def reports(lines: list[str]) -> list[dict]:
    return [json.loads(line) for line in lines]


def label_counts(reports: list[dict]) -> Counter:
    return Counter(label for r in reports for label in r["labels"])


def test_every_line_is_a_json_object(lines: list[str]) -> None:
    for number, line in enumerate(lines, 1):
        row = json.loads(line)
        assert isinstance(row, dict), f"line {number} is not an object"


def test_size_is_several_hundred(reports: list[dict]) -> None:
    assert 700 <= len(reports) <= 900


def test_schema(reports: list[dict]) -> None:
    for r in reports:
        assert set(REQUIRED) <= set(r), r.get("id")
        assert set(r) <= set(REQUIRED + OPTIONAL), (r["id"], set(r) - set(REQUIRED + OPTIONAL))
        assert all(isinstance(r[key], str) for key in ("id", "lang", "date", "country", "text")), r["id"]
        assert isinstance(r["labels"], list) and r["labels"], r["id"]
        assert r["lang"] in LANGS, r["id"]
        assert re.fullmatch(r"[A-Z]{2}", r["country"]), r["id"]
        if "modality" in r:
            assert r["modality"] in MODALITIES, r["id"]


def test_labels_come_from_the_ontology(reports: list[dict]) -> None:
    assert len(CODES) == 34
    for r in reports:
        assert all(label in CODES for label in r["labels"]), (r["id"], r["labels"])
        assert len(set(r["labels"])) == len(r["labels"]), r["id"]
        if "none" in r["labels"]:
            assert r["labels"] == ["none"], f"{r['id']}: none cannot be combined with a code"
            assert "modality" not in r and "votes" not in r, r["id"]


def test_ids_are_unique_and_say_what_the_line_is(reports: list[dict]) -> None:
    ids = [r["id"] for r in reports]
    assert len(ids) == len(set(ids))
    for r in reports:
        match = ID_PATTERN.match(r["id"])
        assert match, r["id"]
        country, date, _slug, lang, _n = match.groups()
        assert country == r["country"].lower() and date == r["date"] and lang == r["lang"], r["id"]


def test_dates_are_real_calendar_dates_in_range(reports: list[dict]) -> None:
    for r in reports:
        day = dt.date.fromisoformat(r["date"])
        assert dt.date(2000, 1, 1) <= day <= dt.date(2026, 12, 31), r["id"]


def test_countries_are_iso_alpha2(reports: list[dict]) -> None:
    pycountry = pytest.importorskip("pycountry")
    for r in reports:
        assert pycountry.countries.get(alpha_2=r["country"]) is not None, (r["id"], r["country"])


def test_texts_are_short_leads_without_urls_or_quotations(reports: list[dict]) -> None:
    for r in reports:
        text = r["text"]
        assert 20 <= len(text.split()) <= 70, (r["id"], len(text.split()))
        assert "http" not in text.lower() and not URL_PATTERN.search(text), r["id"]
        assert not any(mark in text for mark in QUOTE_MARKS), f"{r['id']}: quotation marks"
        assert text == text.strip() and "\n" not in text, r["id"]


def test_texts_are_unique(reports: list[dict]) -> None:
    texts = Counter(r["text"] for r in reports)
    assert [t for t, n in texts.items() if n > 1] == []


def test_votes_are_counts(reports: list[dict]) -> None:
    with_votes = [r for r in reports if "votes" in r]
    assert len(with_votes) >= 50
    for r in with_votes:
        votes = r["votes"]
        assert votes and set(votes) <= {"for", "against", "abstentions"}, r["id"]
        assert all(isinstance(v, int) and 0 <= v <= 1000 for v in votes.values()), r["id"]


SMALL_NUMBERS = {  # counts of judges are often written in words
    1: ("uno", "un", "one", "um"),
    2: ("dos", "two", "dois"),
    3: ("tres", "three", "três"),
    4: ("cuatro", "four", "quatro"),
    5: ("cinco", "five"),
    6: ("seis", "six"),
    7: ("siete", "seven", "sete"),
}


def test_vote_for_count_appears_in_the_text(reports: list[dict]) -> None:
    for r in reports:
        if "for" in r.get("votes", {}):
            count = r["votes"]["for"]
            words = set(re.findall(r"\w+", r["text"].lower()))
            assert str(count) in r["text"] or words & set(SMALL_NUMBERS.get(count, ())), r["id"]


def test_every_code_has_enough_examples(reports: list[dict]) -> None:
    counts = label_counts(reports)
    thin = {code: counts[code] for code in CODES if counts[code] < 15}
    assert thin == {}
    assert counts["none"] >= 80


def test_balance(reports: list[dict]) -> None:
    counts = label_counts(reports)
    assert max(counts.values()) <= 10 * min(counts[c] for c in CODES)
    primary = Counter(r["labels"][0] for r in reports)
    assert max(primary.values()) <= 0.12 * len(reports)
    assert sum(len(r["labels"]) > 1 for r in reports) >= 150, "too few multi-label reports"


def test_language_mix(reports: list[dict]) -> None:
    share = {lang: n / len(reports) for lang, n in Counter(r["lang"] for r in reports).items()}
    assert set(share) == set(LANGS)
    assert 0.40 <= share["es"] <= 0.50
    assert 0.30 <= share["en"] <= 0.40
    assert 0.15 <= share["pt"] <= 0.25


def test_languages_per_code(reports: list[dict]) -> None:
    by_lang = {lang: label_counts([r for r in reports if r["lang"] == lang]) for lang in LANGS}
    for code in UNREST:
        assert all(by_lang[lang][code] >= 3 for lang in LANGS), code
    for code in MAIN_INSTITUTIONAL:
        assert all(by_lang[lang][code] >= 1 for lang in LANGS), code
        assert by_lang["es"][code] >= 3 and by_lang["en"][code] >= 2, code
    assert by_lang["es"]["none"] >= 20 and by_lang["en"]["none"] >= 10 and by_lang["pt"]["none"] >= 10


def test_modality_cases(reports: list[dict]) -> None:
    modal = Counter(r["modality"] for r in reports if r.get("modality", "actual") != "actual")
    assert sum(modal.values()) >= 60
    assert all(modal[m] >= 10 for m in ("threat", "claim", "denial")), modal


def test_peru_weight(reports: list[dict]) -> None:
    assert sum(r["country"] == "PE" for r in reports) >= 0.25 * len(reports)


def test_readme_counts_match_the_corpus(reports: list[dict]) -> None:
    readme = _corpus_dir().joinpath("README.md").read_text(encoding="utf-8")
    row = re.compile(r"^\| `([a-z_]+)` \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$", re.MULTILINE)
    rows = row.findall(readme)
    assert {row[0] for row in rows} == set(CODES)
    by_lang = {lang: label_counts([r for r in reports if r["lang"] == lang]) for lang in LANGS}
    counts = label_counts(reports)
    primary = Counter(r["labels"][0] for r in reports)
    for code, total, prim, es, en, pt in rows:
        expected = (counts[code], primary[code], *(by_lang[lang][code] for lang in LANGS))
        assert tuple(map(int, (total, prim, es, en, pt))) == expected, code
