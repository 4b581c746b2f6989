"""`centinela code [FILE] --format jsonl`: code documents given as JSON Lines, one result line per input line.

Input lines are ``{"id", "text", "title"?, "lang"?, "date"?, "url"?}``; a malformed line gets
``{"line": N, "error": "..."}`` in its place and the rest go on. Lines are coded in small batches (the
classifier is faster over many sentences at once) but printed in input order as soon as a batch is done.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

import typer

from centinela.cli.common import check_readable, emit_jsonl, get_app
from centinela.coding.coder import Coder, validate_document

BATCH = 64


class CodeFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"  # the same JSON Lines, under the name the other commands use


def code(
    ctx: typer.Context,
    file: Path | None = typer.Argument(
        None, help="JSON Lines file of documents; standard input when absent or '-'."
    ),
    output_format: CodeFormat = typer.Option(
        CodeFormat.jsonl, "--format", "-f", help="Output format: jsonl."
    ),
) -> None:
    """Code documents into events, actors, places, votes and dates; one JSON line out per line in."""
    coder = _coder(ctx)
    if file is None or file == Path("-"):
        _run(coder, sys.stdin.buffer)
        return
    with check_readable(file).open("rb") as handle:
        _run(coder, handle)


def _coder(ctx: typer.Context) -> Coder:
    """The composition root's coder when it has one, else one built here for this run."""
    existing = getattr(get_app(ctx), "coder", None)
    return existing if isinstance(existing, Coder) else Coder.build()


def _run(coder: Coder, stream: BinaryIO) -> None:
    for result in code_lines(coder, stream):
        emit_jsonl(result)


def code_lines(coder: Coder, lines: Iterable[bytes]) -> Iterator[dict[str, Any]]:
    """One output object per non-blank input line, in order: the coded document or an error line."""
    batch: list[tuple[int, dict[str, Any] | str]] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        batch.append((number, _parse(raw)))
        if len(batch) >= BATCH:
            yield from _code_batch(coder, batch)
            batch = []
    yield from _code_batch(coder, batch)


def _parse(raw: bytes) -> dict[str, Any] | str:
    """The validated document of one line, or the reason it is malformed."""
    try:
        return validate_document(json.loads(raw.decode("utf-8")))
    except UnicodeDecodeError:
        return "not valid UTF-8"
    except json.JSONDecodeError as exc:
        return f"not valid JSON ({exc.msg} at column {exc.colno})"
    except ValueError as exc:
        return str(exc)


def _code_batch(coder: Coder, batch: list[tuple[int, dict[str, Any] | str]]) -> Iterator[dict[str, Any]]:
    documents = [doc for _, doc in batch if isinstance(doc, dict)]
    try:
        coded = iter(coder.code_many(documents))
    except Exception:  # noqa: BLE001 - one bad document must not cost the batch: code them one by one
        coded = iter([_code_one(coder, doc) for doc in documents])
    for number, doc in batch:
        if isinstance(doc, str):
            yield {"line": number, "error": doc}
            continue
        result = next(coded)
        yield {"line": number, **result} if "error" in result else result


def _code_one(coder: Coder, doc: dict[str, Any]) -> dict[str, Any]:
    try:
        return coder.code(doc)
    except Exception as exc:  # noqa: BLE001 - reported on its line, the run goes on
        return {"error": f"could not code this document: {type(exc).__name__}: {exc}"}
