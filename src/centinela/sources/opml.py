"""OPML 2.0 import and export of source lists. Parsing goes through defusedxml (no entities, no DTD
tricks); writing uses the standard library's serialiser, which escapes every attribute."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - used only to build and serialise, never to parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from centinela.errors import InputFileError


@dataclass(frozen=True, slots=True)
class Outline:
    url: str
    name: str = ""
    lang: str = ""
    country: str = ""
    html_url: str = ""


def parse_opml(data: bytes) -> list[Outline]:
    """Every outline with an ``xmlUrl``, at any depth (folders are flattened)."""
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise InputFileError(
            f"OPML refused: {type(exc).__name__} (entities or DTDs are not accepted)"
        ) from None
    except ET.ParseError as exc:
        raise InputFileError(f"not valid OPML: {exc}") from None
    if root.tag.lower() != "opml":
        raise InputFileError(f"not OPML: the root element is <{root.tag}>")
    found, seen = [], set()
    for node in root.iter("outline"):
        url = (node.get("xmlUrl") or node.get("xmlurl") or "").strip()
        if not url or url in seen:
            continue
        seen.add(url)
        found.append(
            Outline(
                url=url,
                name=(node.get("title") or node.get("text") or "").strip(),
                lang=(node.get("language") or "").strip(),
                country=(node.get("country") or "").strip(),
                html_url=(node.get("htmlUrl") or "").strip(),
            )
        )
    return found


def build_opml(
    rows: Iterable[Mapping[str, Any]], title: str = "centinela sources", now: datetime | None = None
) -> bytes:
    """OPML 2.0 for source rows (url, name, lang, country)."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(now or datetime.now(UTC), usegmt=True)
    body = ET.SubElement(root, "body")
    for row in rows:
        attrs = {"type": "rss", "text": row.get("name") or row["url"], "xmlUrl": row["url"]}
        if row.get("name"):
            attrs["title"] = row["name"]
        if row.get("lang"):
            attrs["language"] = row["lang"]
        if row.get("country"):
            attrs["country"] = row["country"]
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
