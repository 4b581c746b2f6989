"""The inputs of a backfill: files of documents or events, their fingerprints, and their partitions.

A partition is a run of consecutive rows of one file (``partition_size`` rows, malformed ones
included, so the boundaries do not move when a reader learns to accept a row). A file is known by a
fingerprint of its kind, size and first and last MiB: the same file moved or renamed resumes where it
stopped, a changed file starts over (and de-duplication keeps what was already stored).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from centinela.errors import CentinelaError, InputFileError, MalformedRowError
from centinela.model import Document
from centinela.sources.eventdata import EventRecord, Places, detect_kind, read_event_file
from centinela.sources.files import kind_of_file, read_documents

DOCUMENT_KINDS = ("jsonl", "csv")
_SAMPLE = 1 << 20


@dataclass(frozen=True, slots=True)
class Input:
    """One file to backfill."""

    path: Path
    kind: str
    fingerprint: str
    size: int


@dataclass(slots=True)
class Partition:
    """A run of rows of one input: the items that parsed, and the rows that did not (line, reason)."""

    fingerprint: str
    source: str
    kind: str
    index: int
    size: int
    items: list[Document | EventRecord] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.items) + len(self.errors)


def fingerprint(path: Path, kind: str) -> str:
    """A stable name for the file's content (kind, size, first and last MiB), cheap on huge files."""
    digest = hashlib.sha256(f"{kind}\0{path.stat().st_size}\0".encode())
    with path.open("rb") as fh:
        digest.update(fh.read(_SAMPLE))
        size = path.stat().st_size
        if size > 2 * _SAMPLE:
            fh.seek(size - _SAMPLE)
            digest.update(fh.read(_SAMPLE))
    return digest.hexdigest()


def open_input(target: str | Path, kind: str | None = None) -> Input:
    """The input at ``target``, its kind detected when not given."""
    path = Path(target).expanduser()
    if not path.is_file():
        raise InputFileError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    if kind is None:
        kind = detect_kind(path)
    if kind is None:
        kind = kind_of_file(path)
        if kind not in DOCUMENT_KINDS:
            raise InputFileError(
                f"{path}: not a file centinela can backfill (documents as JSON Lines or CSV; "
                "GDELT, GKG, ICEWS, POLECAT or ACLED events)"
            )
    return Input(
        path=path.resolve(), kind=kind, fingerprint=fingerprint(path, kind), size=path.stat().st_size
    )


def count_rows(path: Path) -> int:
    """About how many rows the file has (its lines, less a header): the progress bar's total."""
    lines = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            lines += chunk.count(b"\n")
    return max(lines, 1)


def items(source: Input) -> Iterator[Document | EventRecord | MalformedRowError]:
    """Every row of the input, in file order: a document, an event record, or the row's error."""
    if source.kind in DOCUMENT_KINDS:
        found: Iterator[Document | CentinelaError] = read_documents(source.path, source.kind)
        for item in found:
            yield item if isinstance(item, Document | MalformedRowError) else MalformedRowError(0, str(item))
        return
    yield from read_event_file(source.path, source.kind, Places())


def partitions(source: Input, size: int, done: frozenset[int] = frozenset()) -> Iterator[Partition]:
    """The partitions of ``source`` not in ``done``, in order; the rows of done ones are read and let go."""
    if size < 1:
        raise InputFileError(f"partition size must be at least 1, not {size}")
    rows = items(source)
    index = 0
    while chunk := list(islice(rows, size)):
        if index not in done:
            part = Partition(source.fingerprint, str(source.path), source.kind, index, size)
            for item in chunk:
                if isinstance(item, MalformedRowError):
                    part.errors.append((item.line, item.reason))
                else:
                    part.items.append(item)
            yield part
        index += 1
