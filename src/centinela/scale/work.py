"""What a worker does with one partition: prepare each document and code it. No store, no clock.

Documents from files are prepared (plain text, canonical URL, language, fingerprints) and coded by the
coder; event records carry their codes already (the dataset's, mapped) and are only prepared. The
result is plain picklable data that the one writer stores.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from centinela.model import Document
from centinela.sources.eventdata import EventRecord, record_coded, record_document
from centinela.sources.ingest import is_url
from centinela.sources.items import Context, outlet_of, prepare_document
from centinela.sources.model import Prepared

if TYPE_CHECKING:
    from centinela.coding.coder import Coder


@dataclass(frozen=True, slots=True)
class Options:
    """The settings a worker needs (picklable: they travel to the workers with each partition)."""

    fetched: datetime
    future_tolerance_hours: float = 24.0
    #: None: an archive's old dates are its point, not a sign of a broken feed.
    past_limit_days: float | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One document ready to store, with its coded result (the ``centinela code`` contract)."""

    prepared: Prepared
    coded: dict[str, Any]


@dataclass(slots=True)
class Result:
    """A partition after coding: what to store, and what could not be used (with line or row)."""

    fingerprint: str
    source: str
    kind: str
    index: int
    size: int
    rows: int
    items: list[Item] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    #: Rows read fine but not stored: events outside the ontology, documents with no title and no text.
    skipped: int = 0


def _context(source: str, doc: Document, options: Options) -> Context:
    outlet = doc.outlets[0] if doc.outlets else outlet_of(doc.url, "" if is_url(doc.source) else doc.source)
    return Context(
        source=source,
        outlet=outlet,
        fetched=options.fetched,
        future_tolerance_hours=options.future_tolerance_hours,
        past_limit_days=options.past_limit_days,
    )


def _coder_input(index: int, p: Prepared) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": index, "title": p.title, "text": p.text, "url": p.url}
    if p.lang != "und":
        doc["lang"] = p.lang
    if p.published is not None:
        doc["date"] = p.published.date().isoformat()
    return doc


def _code_documents(coder: Coder, prepared: list[Prepared], result: Result, first_row: int) -> None:
    inputs = [_coder_input(i, p) for i, p in enumerate(prepared)]
    try:
        coded = coder.code_many(inputs)
    except ValueError:  # one document the coder refuses: code them one by one to find it
        coded = []
        for i, doc in enumerate(inputs):
            try:
                coded.append(coder.code(doc))
            except ValueError as exc:
                result.errors.append((0, f"row {first_row + i}: cannot be coded: {exc}"))
                coded.append({})
    for p, c in zip(prepared, coded, strict=True):
        if c:
            result.items.append(Item(p, c))


def process(partition: Any, coder_of: Callable[[], Coder], options: Options) -> Result:
    """Prepare and code one partition (``scale.inputs.Partition``). ``coder_of`` gives the coder; it is
    called only for partitions of documents (event records carry their codes)."""
    result = Result(
        partition.fingerprint,
        partition.source,
        partition.kind,
        partition.index,
        partition.size,
        partition.rows,
        errors=list(partition.errors),
    )
    documents: list[Prepared] = []
    for item in partition.items:
        if isinstance(item, EventRecord):
            if not item.codes:
                result.skipped += 1
                continue
            doc = record_document(item)
            p = prepare_document(doc, _context(item.dataset, doc, options), match_content=False)
            if p is None:
                result.skipped += 1
            else:
                result.items.append(Item(p, record_coded(item)))
            continue
        p = prepare_document(item, _context(partition.source, item, options))
        if p is None:
            result.skipped += 1
        else:
            documents.append(p)
    if documents:
        _code_documents(coder_of(), documents, result, partition.index * partition.size + 1)
    return result
