"""Coordination: the same or nearly the same text carried by many distinct outlets in a short window.

The ingestion edge already folds near-duplicates (SimHash) into one stored document and records each
outlet that carried it (``document_outlets``). A story whose distinct outlets within the window reach
the minimum is a candidate information operation: wire copy does this too, which is why the risk
judges the daily number of candidates against the country's own history instead of alarming on each.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any


@dataclass(frozen=True, slots=True)
class Sighting:
    outlet: str
    url: str
    seen: datetime


@dataclass(frozen=True, slots=True)
class Cluster:
    """A candidate: one story, the distinct outlets that carried it within the window, from first sighting."""

    document_id: Any
    title: str
    url: str
    first_seen: datetime
    outlets: tuple[str, ...]
    urls: tuple[str, ...]

    @property
    def day(self) -> date:
        return self.first_seen.date()

    def to_dict(self) -> dict[str, Any]:
        return {
            "document_id": self.document_id,
            "title": self.title,
            "url": self.url,
            "first_seen": self.first_seen.isoformat(),
            "outlets": list(self.outlets),
            "urls": list(self.urls),
        }


def _when(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        found = value
    elif isinstance(value, date):
        found = datetime(value.year, value.month, value.day)
    else:
        found = datetime.fromisoformat(str(value))
    # Naive times are UTC in the store; comparing aware with naive would raise.
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def sightings(doc: Mapping[str, Any]) -> list[Sighting]:
    """The outlets of a document (``outlets``: mappings with outlet, url, seen), earliest first."""
    found = []
    for item in doc.get("outlets") or ():
        if not isinstance(item, Mapping):
            continue
        seen = _when(item.get("seen")) or _when(doc.get("published"))
        if seen is not None and item.get("outlet"):
            found.append(Sighting(str(item["outlet"]).strip().lower(), str(item.get("url") or ""), seen))
    return sorted(found, key=lambda s: s.seen)


def cluster_of(doc: Mapping[str, Any], window: timedelta) -> Cluster | None:
    """The document's distinct outlets within ``window`` of its first sighting (None without any)."""
    seen = sightings(doc)
    if not seen:
        return None
    first = seen[0].seen
    outlets: dict[str, str] = {}
    for s in seen:
        if s.seen - first > window:
            break
        outlets.setdefault(s.outlet, s.url)
    return Cluster(
        doc.get("id"),
        str(doc.get("title") or ""),
        str(doc.get("url") or seen[0].url),
        first,
        tuple(outlets),
        tuple(outlets.values()),
    )


def coordinated(docs: Iterable[Mapping[str, Any]], *, min_outlets: int, window_hours: float) -> list[Cluster]:
    """Candidate information operations: stories with ``min_outlets`` distinct outlets in the window."""
    window = timedelta(hours=window_hours)
    # A story seen fewer times than the minimum cannot reach it: skip it before reading its times.
    possible = (d for d in docs if len(d.get("outlets") or ()) >= min_outlets)
    found = [c for c in map(lambda d: cluster_of(d, window), possible) if c and len(c.outlets) >= min_outlets]
    return sorted(found, key=lambda c: (c.first_seen, str(c.document_id)))


def daily_candidates(clusters: Sequence[Cluster]) -> dict[date, list[Cluster]]:
    """Candidates grouped by the day of their first sighting, the largest first."""
    by_day: dict[date, list[Cluster]] = {}
    for cluster in clusters:
        by_day.setdefault(cluster.day, []).append(cluster)
    return {day: sorted(group, key=lambda c: -len(c.outlets)) for day, group in sorted(by_day.items())}
