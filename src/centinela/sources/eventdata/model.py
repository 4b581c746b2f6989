"""One imported event, whatever dataset it came from, and its two stored forms.

An event-data row becomes a short document (so it flows through the same store, dedupe and evidence
links as a news item) and a coded result in the ``centinela code`` contract (so the same writer stores
its events). Its codes come from the dataset's own coding mapped to our ontology, not from our text
coder: the dataset's coders read the full article, we only have their summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from centinela.model import Document

#: How much an imported code is trusted, by dataset: human-coded ACLED above the machine-coded ones,
#: GKG themes (keyword lists over a whole article) lowest.
CONFIDENCE = {"acled": 0.9, "icews": 0.7, "polecat": 0.7, "gdelt": 0.6, "gkg": 0.4}


@dataclass(frozen=True, slots=True)
class EventRecord:
    """An event (or, for GKG, an article) of an event dataset, mapped to the ontology.

    ``codes`` is empty when the dataset's type has no equivalent in the ontology: such rows are
    counted as outside the ontology, never stored as events.
    """

    dataset: str
    event_id: str
    date: date
    codes: tuple[str, ...]
    source_code: str
    line: int
    title: str
    text: str
    country: str = ""
    region: str = ""
    actors: tuple[dict[str, str], ...] = ()
    place: str = ""
    url: str = ""
    publisher: str = ""
    detail: dict[str, Any] = field(default_factory=dict)
    #: The document's own address when the dataset names one (GKG: the article); else a URN of the event.
    document_url: str = ""


def urn(dataset: str, event_id: str) -> str:
    """The address of an event that has no article of its own ("urn:icews:event:123", as ingest writes)."""
    return f"urn:{dataset}:event:{event_id}"


def record_document(record: EventRecord) -> Document:
    """The document that carries an imported event (title and text summarise the coded row)."""
    address = record.document_url or urn(record.dataset, record.event_id)
    published = datetime(record.date.year, record.date.month, record.date.day, tzinfo=UTC)
    return Document(
        url=address,
        source=record.dataset,
        title=record.title,
        text=record.text,
        lang="en",
        published=published,
        guid=address,
        outlets=(record.publisher or record.dataset.upper(),),
        flags=(record.dataset, f"{record.dataset}:{record.source_code}"[:200]),
    )


def record_coded(record: EventRecord) -> dict[str, Any]:
    """The record in the coder's JSON contract, with the dataset's own fields in ``detail``."""
    confidence = CONFIDENCE.get(record.dataset, 0.5)
    detail = {"dataset": record.dataset, "source_code": record.source_code, **record.detail}
    if record.url:
        detail["source_url"] = record.url
    return {
        "id": record.event_id,
        "lang": "en",
        "primary": record.codes[0] if record.codes else "none",
        "labels": list(record.codes),
        "events": [
            {"type": code, "confidence": confidence, "evidence": record.title, "modality": "actual"}
            for code in record.codes
        ],
        "country": record.country or None,
        "region": record.region or None,
        "actors": [dict(a) for a in record.actors],
        "places": [{"name": record.place}] if record.place else [],
        "date": record.date.isoformat(),
        "detail": detail,
    }


def actor(name: str, role: str, country: str = "", sectors: str = "") -> dict[str, str]:
    """An actor as stored in the events' ``actors`` column (the coder's shape: name, kind, id)."""
    found = {"name": name, "kind": role}
    if country:
        found["country"] = country
    if sectors:
        found["sectors"] = sectors
    return found
