"""Coordination: one story from many distinct outlets within a short window, and its place in the risk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from centinela.signals import coordinated, daily_candidates, risk_series

T0 = datetime(2024, 3, 1, 12, tzinfo=UTC)


def story(
    doc_id: int, outlets: list[tuple[str, float]], start: datetime = T0, title: str = ""
) -> dict[str, Any]:
    return {
        "id": doc_id,
        "url": f"https://first.example/{doc_id}",
        "title": title or f"story {doc_id}",
        "text": "",
        "lang": "es",
        "published": start,
        "outlets": [
            {"outlet": o, "url": f"https://{o}/{doc_id}", "seen": start + timedelta(hours=h)}
            for o, h in outlets
        ],
    }


def test_many_distinct_outlets_within_the_window_make_a_candidate() -> None:
    docs = [
        story(1, [(f"site{i}.pe", i * 0.5) for i in range(6)]),
        story(2, [("a.pe", 0), ("a.pe", 1), ("A.PE", 2), ("b.pe", 3), ("c.pe", 4)]),  # 3 distinct outlets
        story(3, [("a.pe", 0), ("b.pe", 1), ("c.pe", 30), ("d.pe", 31), ("e.pe", 32)]),  # late ones outside
    ]
    found = coordinated(docs, min_outlets=5, window_hours=24)
    assert [c.document_id for c in found] == [1]
    assert len(found[0].outlets) == 6 and found[0].first_seen == T0
    assert found[0].urls[0] == "https://site0.pe/1"
    assert [c.document_id for c in coordinated(docs, min_outlets=5, window_hours=48)] == [1, 3]


def test_naive_and_string_times_are_read_as_utc() -> None:
    doc = story(1, [("a.pe", 0), ("b.pe", 1)])
    doc["outlets"][0]["seen"] = "2024-03-01T12:00:00"
    doc["outlets"][1]["seen"] = datetime(2024, 3, 1, 13)
    [cluster] = coordinated([doc], min_outlets=2, window_hours=2)
    assert cluster.first_seen == T0 and cluster.to_dict()["outlets"] == ["a.pe", "b.pe"]


def test_candidates_by_day_largest_first() -> None:
    docs = [story(1, [(f"s{i}", 0) for i in range(5)]), story(2, [(f"s{i}", 0) for i in range(8)])]
    by_day = daily_candidates(coordinated(docs, min_outlets=5, window_hours=24))
    assert [c.document_id for c in by_day[T0.date()]] == [2, 1]


def test_a_burst_of_coordinated_stories_raises_the_information_part() -> None:
    quiet = [
        story(100 + d, [(f"s{i}", 0) for i in range(5)], T0 - timedelta(days=d)) for d in range(1, 60, 7)
    ]
    burst = [story(i, [(f"n{j}", 0.1 * j) for j in range(12)], T0, f"the same text {i}") for i in range(6)]
    days = {
        d.date: d
        for d in risk_series(
            "PE",
            [],
            documents=quiet + burst,
            coups=[],
            tracked=[],
            start=T0.date() - timedelta(days=60),
            end=T0.date(),
        )
    }
    assert days[T0.date()].parts["information"] > 0
    assert days[T0.date() - timedelta(days=1)].parts["information"] == 0
    [top] = [e for e in days[T0.date()].evidence if e.part == "information"][:1]
    assert "12 outlets" in top.sentence and top.url.startswith("https://first.example/")
