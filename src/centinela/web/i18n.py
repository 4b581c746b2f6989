"""The interface in Spanish and English: gettext catalogues (web/locale/LANG/LC_MESSAGES/messages.po).

English is the source language, so the English catalogue may leave strings untranslated. The .po
files are compiled in memory when the app starts: no binary .mo file lives in the repository.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = Path(__file__).with_name("locale")
LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"
LANGUAGE_NAMES = MappingProxyType({"es": "Español", "en": "English"})


def load_catalogues(folder: Path = LOCALES) -> dict[str, gettext.NullTranslations]:
    """One translations object per language, read from the .po files."""
    found: dict[str, gettext.NullTranslations] = {}
    for lang in LANGUAGES:
        po = folder / lang / "LC_MESSAGES" / "messages.po"
        if not po.is_file():
            found[lang] = gettext.NullTranslations()
            continue
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        buf = io.BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        found[lang] = gettext.GNUTranslations(buf)
    return found


def _parse_accept(header: str) -> list[tuple[float, str]]:
    ranked = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        # Earlier entries win ties, as browsers list them in preference order.
        ranked.append((quality - index * 1e-6, tag.strip().lower()))
    return sorted(ranked, reverse=True)


def negotiate(query: str | None, cookie: str | None, accept: str | None) -> str:
    """The language to answer in: a choice (query, then cookie), else the browser's, else Spanish."""
    for chosen in (query, cookie):
        if chosen in LANGUAGES:
            return chosen
    for quality, tag in _parse_accept(accept or ""):
        base = tag.split("-")[0]
        if quality > 0 and base in LANGUAGES:
            return base
    return DEFAULT_LANGUAGE


class Translator:
    """gettext for one request's language, with %-formatting that never breaks on a bad catalogue entry."""

    def __init__(self, catalogues: Mapping[str, gettext.NullTranslations], lang: str) -> None:
        self.lang = lang
        self._t = catalogues.get(lang) or gettext.NullTranslations()

    def gettext(self, message: str, **values: object) -> str:
        text = self._t.gettext(message)
        if not values:
            return text
        try:
            return text % values
        except (KeyError, ValueError, TypeError):
            return message % values

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        text = self._t.ngettext(singular, plural, n)
        try:
            return text % ({"n": n} | values)
        except (KeyError, ValueError, TypeError):
            return (singular if n == 1 else plural) % ({"n": n} | values)
