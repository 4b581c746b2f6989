"""The Atom feed: valid Atom that feed readers parse, stable ids, evidence as links."""

from __future__ import annotations

from datetime import UTC, date, datetime
from xml.etree import ElementTree as ET

import feedparser

from centinela.alerts.feed import ATOM, atom_feed, entry_id

A = {
    "id": 1,
    "key": "k1",
    "country": "PE",
    "kind": "institutional",
    "code": "vacancy_passed",
    "level": "critical",
    "date": date(2020, 11, 9),
    "created": datetime(2020, 11, 9, 20, 0),
    "title": "Vacancy passed <b>",
    "body": "105 votes \x07for",
    "evidence": [{"url": "https://a.pe/1?x=1&y=2", "outlet": "RPP"}, {"url": "https://b.pe/2"}],
}
B = A | {
    "id": 2,
    "key": "k2",
    "created": datetime(2020, 11, 10, 1, 0, tzinfo=UTC),
    "title": "Succession",
    "evidence": [],
}


def test_feed_parses_and_lists_newest_first() -> None:
    text = atom_feed([A, B], title="centinela: Peru", scope="country:PE")
    parsed = feedparser.parse(text)
    assert not parsed.bozo
    assert parsed.feed.title == "centinela: Peru"
    assert [e.title for e in parsed.entries] == [
        "[PE] CRITICAL Succession",
        "[PE] CRITICAL Vacancy passed <b>",
    ]
    assert parsed.entries[1].link == "https://a.pe/1?x=1&y=2"
    assert [link.href for link in parsed.entries[1].links] == ["https://a.pe/1?x=1&y=2", "https://b.pe/2"]
    assert parsed.feed.updated == "2020-11-10T01:00:00Z"


def test_feed_is_well_formed_atom_with_stable_ids() -> None:
    text = atom_feed([A], title="t", scope="subscription:3", self_url="https://example.org/feed.xml")
    root = ET.fromstring(text.encode())
    ns = {"a": ATOM}
    assert root.tag == f"{{{ATOM}}}feed"
    assert root.find("a:entry/a:id", ns).text == entry_id("k1")  # type: ignore[union-attr]
    assert root.find("a:link[@rel='self']", ns) is not None
    assert "\x07" not in text  # control characters would make the XML invalid
    assert atom_feed([A], title="t", scope="subscription:3", self_url="https://example.org/feed.xml") == text


def test_empty_feed_is_valid() -> None:
    assert not feedparser.parse(atom_feed([], title="nothing", scope="country:BO")).bozo
