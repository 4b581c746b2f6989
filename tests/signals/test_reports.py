"""The text-based parts on the project's own labelled reports (coding/corpus/reports.jsonl).

No date is written here: the days checked are found in the reports themselves (the busiest day of each
family in the country with most reports), and the reports enter either by their labels or through the
coder, as events of their own date.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from importlib import resources
from statistics import mean
from typing import Any

import pytest

from centinela.coding.ontology import BY_NAME
from centinela.signals import RiskDay, packaged_lexicon, risk_series, sentence_tone
from centinela.signals.parts import FAMILY_PART
from centinela.signals.tone import sentences

CORPUS = resources.files("centinela.coding").joinpath("corpus", "reports.jsonl")
pytestmark = pytest.mark.skipif(not CORPUS.is_file(), reason="the labelled corpus is not in the package yet")
TEXT_PARTS = tuple(FAMILY_PART.values())


@pytest.fixture(scope="module")
def reports() -> list[dict[str, Any]]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if (
            row.get("date")
            and row.get("country")
            and all(label in BY_NAME for label in row.get("labels", ()))
        ):
            rows.append(row)
    return rows


@pytest.fixture(scope="module")
def country(reports: list[dict[str, Any]]) -> str:
    return Counter(r["country"] for r in reports).most_common(1)[0][0]


@pytest.fixture(scope="module")
def chosen(reports: list[dict[str, Any]], country: str) -> list[dict[str, Any]]:
    return [r for r in reports if r["country"] == country]


@pytest.fixture(scope="module")
def by_family(chosen: list[dict[str, Any]]) -> dict[str, Counter[str]]:
    """For each family, the number of reports labelled with it on each day."""
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for r in chosen:
        for family in {BY_NAME[label].family for label in r["labels"]}:
            found[family][r["date"]] += 1
    return found


def labelled_events(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "date": r["date"],
            "code": label,
            "family": BY_NAME[label].family,
            "country": r["country"],
            "confidence": 1.0,
            "evidence": r["text"],
            "id": r["id"],
        }
        for r in reports
        for label in r["labels"]
        if label != "none"
    ]


def _rises(days: list[RiskDay], part: str) -> list[RiskDay]:
    """Days on which a part grew: fading only lowers a part and a capped one cannot grow, so each is
    a day with an impulse of its own."""
    return [d for before, d in zip(days, days[1:], strict=False) if d.parts[part] > before.parts[part] + 1e-9]


def test_each_part_rises_only_on_days_with_reports_of_its_family(
    chosen: list[dict[str, Any]], country: str, by_family: dict[str, Counter[str]]
) -> None:
    days = risk_series(country, [], labelled_events(chosen), coups=[])
    texts = defaultdict(set)
    for r in chosen:
        texts[r["date"]].add(r["text"])
    risen = shown = 0
    for part in TEXT_PARTS:
        for day in _rises(days, part):
            key = day.date.isoformat()
            assert by_family[part][key] > 0, f"{part} rose on {key} without a report of its family"
            today = [e.sentence for e in day.evidence if e.part == part and e.date == day.date]
            assert all(sentence in texts[key] for sentence in today)
            risen += 1
            shown += bool(today)
    assert risen >= 10 and shown >= risen / 2


def test_the_busiest_day_of_each_family_raises_its_part(
    chosen: list[dict[str, Any]], country: str, by_family: dict[str, Counter[str]]
) -> None:
    days = {d.date.isoformat(): d for d in risk_series(country, [], labelled_events(chosen), coups=[])}
    checked = 0
    for part in TEXT_PARTS:
        if not by_family[part]:
            continue
        busiest, count = by_family[part].most_common(1)[0]
        if count < 2:
            continue
        print(f"\n{part}: busiest day {busiest} ({count} reports): {days[busiest].parts[part]:.1f} points")
        assert days[busiest].parts[part] > 0
        checked += 1
    assert checked >= 2


def test_coded_reports_move_the_same_parts_as_their_labels(
    chosen: list[dict[str, Any]], country: str, by_family: dict[str, Counter[str]]
) -> None:
    from centinela.coding.coder import Coder

    coder = Coder.build()
    results = coder.code_many(
        [{"id": r["id"], "text": r["text"], "lang": r["lang"], "date": r["date"]} for r in chosen]
    )
    coded = [
        {
            "date": r["date"],
            "code": e["type"],
            "family": BY_NAME[e["type"]].family,
            "country": country,
            "confidence": e["confidence"],
            "modality": e["modality"],
            "evidence": e["evidence"],
        }
        for r, result in zip(chosen, results, strict=True)
        for e in result["events"]
    ]
    from_text = risk_series(country, [], coded, coups=[])
    from_labels = risk_series(country, [], labelled_events(chosen), coups=[])
    for part in ("unrest", "security"):
        peak = max(from_text, key=lambda d: d.parts[part])
        assert by_family[part][peak.date.isoformat()] > 0, (
            f"coded {part} peaks on {peak.date} without reports"
        )
        text_days = {d.date for d in from_text if d.parts[part] > 1}
        label_days = {d.date for d in from_labels if d.parts[part] > 1}
        assert len(text_days & label_days) >= 0.6 * len(text_days | label_days)


def test_reports_of_violence_and_information_read_more_negative_than_the_rest(
    reports: list[dict[str, Any]],
) -> None:
    lexicon = packaged_lexicon()
    tone: dict[str, list[float]] = defaultdict(list)
    for r in reports:
        if r["lang"] in lexicon.languages():
            score = sum(sentence_tone(lexicon, s, r["lang"]) for s in sentences(r["text"]))
            for family in {BY_NAME[label].family for label in r["labels"]}:
                tone[family].append(score)
    print({family: round(mean(values), 2) for family, values in tone.items()})
    assert mean(tone["security"]) < mean(tone["none"])
    assert mean(tone["information"]) < mean(tone["none"])
