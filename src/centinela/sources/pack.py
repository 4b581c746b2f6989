"""Source packs: the feeds that cover a country, as a data file in the package (packs/<code>.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import yaml

from centinela.errors import UnknownCountryError


@dataclass(frozen=True, slots=True)
class PackSource:
    url: str
    name: str
    lang: str
    country: str
    pack: str
    verified: bool = False


def available_packs() -> list[str]:
    folder = resources.files("centinela.sources") / "packs"
    return sorted(p.name[:-5].upper() for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_pack(code: str) -> list[PackSource]:
    """The sources of the pack for country ``code`` (ISO 3166-1 alpha-2, any case)."""
    known = available_packs()
    if code.upper() not in known:
        raise UnknownCountryError(code, known)
    text = (resources.files("centinela.sources") / "packs" / f"{code.lower()}.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    country = str(data.get("country", code)).upper()
    pack = str(data.get("pack", code)).upper()
    return [
        PackSource(
            url=str(s["url"]),
            name=str(s.get("name", "")),
            lang=str(s.get("lang", "")),
            country=str(s.get("country", country)).upper(),
            pack=pack,
            verified=bool(s.get("verified", False)),
        )
        for s in data.get("sources", [])
    ]
