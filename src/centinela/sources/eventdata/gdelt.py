"""GDELT 2.0: the event exports (61 tab-separated columns, no header) and the GKG (27 columns).

Event rows carry a CAMEO code (mapped through ``mapping.cameo_code``), the actors' CAMEO country and
type codes, and the place of the action in FIPS codes. GKG rows are articles with their themes: the
few themes that name an event of ours become codes, with the lowest confidence of the importers.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import IO

from centinela.coding.ontology import BY_NAME, NONE
from centinela.errors import MalformedRowError
from centinela.sources.eventdata.geo import Places
from centinela.sources.eventdata.mapping import Parties, cameo_code, kinds
from centinela.sources.eventdata.model import EventRecord, actor

GDELT_COLUMNS = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
)
GKG_COLUMNS = (
    "GKGRECORDID",
    "DATE",
    "SourceCollectionIdentifier",
    "SourceCommonName",
    "DocumentIdentifier",
    "Counts",
    "V2Counts",
    "Themes",
    "V2Themes",
    "Locations",
    "V2Locations",
    "Persons",
    "V2Persons",
    "Organizations",
    "V2Organizations",
    "V2Tone",
    "Dates",
    "GCAM",
    "SharingImage",
    "RelatedImages",
    "SocialImageEmbeds",
    "SocialVideoEmbeds",
    "Quotations",
    "AllNames",
    "Amounts",
    "TranslationInfo",
    "Extras",
)
#: GKG themes that name an event of ours. Most themes are topics (TAX_*, WB_*, ECON_*), not events.
GKG_THEMES = {
    "PROTEST": "protest",
    "STRIKE": "strike",
    "BLOCKADE": "blockade",
    "VIOLENT_UNREST": "riot",
    "COUP": "coup_attempt",
    "IMPEACHMENT": "vacancy_motion",
    "STATE_OF_EMERGENCY": "state_of_emergency",
    "CURFEW": "state_of_emergency",
    "SANCTIONS": "sanctions",
    "ELECTION": "election_event",
    "MEDIA_CENSORSHIP": "press_freedom",
    "ASSASSINATION": "political_violence",
}
_TITLE = re.compile(r"<PAGE_TITLE>(.*?)</PAGE_TITLE>", re.S)


def _day(value: str, line: int, name: str) -> date:
    value = value.strip()[:8]
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        raise MalformedRowError(line, f"{name} {value!r} is not YYYYMMDD") from None


def _row(cells: list[str], line: int, expected: int, what: str) -> list[str]:
    if len(cells) != expected:
        raise MalformedRowError(line, f"{len(cells)} columns, {what} rows have {expected}")
    return [c.strip() for c in cells]


def _event(c: list[str], line: int, places: Places) -> EventRecord:
    if not c[0].isdigit() or not c[26].isdigit():
        raise MalformedRowError(line, "no numeric GLOBALEVENTID or EventCode")
    day = _day(c[1], line, "SQLDATE")
    parties = Parties(c[7], c[17], kinds(c[12], c[13], c[14]), kinds(c[22], c[23], c[24]))
    code = cameo_code(c[26], parties)
    country = places.fips_country(c[53], c[52])
    region = places.peru_fips_region(c[54]) if country == "PE" else ""
    who = c[6] or "unspecified actor"
    what = BY_NAME[code].description if code != NONE else f"CAMEO {c[26]}"
    title = f"{who}: {what}" + (f" -> {c[16]}" if c[16] else "") + (f" ({c[52]})" if c[52] else "")
    text = (
        f"{title}. CAMEO {c[26]}, Goldstein {c[30] or '?'}, average tone {c[34] or '?'}, "
        f"{c[33] or '?'} articles. Source: {c[60] or 'unknown'}."
    )
    return EventRecord(
        dataset="gdelt",
        event_id=c[0],
        date=day,
        codes=() if code == NONE else (code,),
        source_code=c[26],
        line=line,
        title=title[:500],
        text=text,
        country=country,
        region=region,
        actors=tuple(
            actor(n, role, cc) for n, role, cc in ((c[6], "source", c[7]), (c[16], "target", c[17])) if n
        ),
        place=c[52],
        url=c[60],
        publisher=_host(c[60]),
        detail={"goldstein": c[30], "tone": c[34], "articles": c[33], "root": c[25] == "1"},
    )


def _host(url: str) -> str:
    match = re.match(r"https?://(?:www\.)?([^/:]+)", url)
    return match.group(1) if match else ""


def read_gdelt_events(stream: IO[str], places: Places) -> Iterator[EventRecord | MalformedRowError]:
    """GDELT 2.0 event rows; a malformed row is yielded as its error with its line (the rest go on)."""
    reader = csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        try:
            yield _event(
                _row(cells, reader.line_num, len(GDELT_COLUMNS), "GDELT 2.0 event"), reader.line_num, places
            )
        except MalformedRowError as exc:
            yield exc


def _locations(field: str, places: Places) -> tuple[str, str, str]:
    """(country, Peru department, first place name) most named in a GKG V1LOCATIONS field."""
    countries: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    first = ""
    for block in field.split(";"):
        parts = block.split("#")
        if len(parts) < 4:
            continue
        first = first or parts[1]
        country = places.fips_country(parts[2], parts[1])
        if country:
            countries[country] += 1
        if country == "PE":
            region = places.peru_fips_region(parts[3])
            if region:
                regions[region] += 1
    country = countries.most_common(1)[0][0] if countries else ""
    region = regions.most_common(1)[0][0] if regions and country == "PE" else ""
    return country, region, first


def _gkg(c: list[str], line: int, places: Places) -> EventRecord:
    if not c[0] or not c[4]:
        raise MalformedRowError(line, "no GKGRECORDID or DocumentIdentifier")
    day = _day(c[1], line, "DATE")
    themes = [t for t in c[7].split(";") if t]
    codes = tuple(dict.fromkeys(GKG_THEMES[t] for t in themes if t in GKG_THEMES))
    country, region, place = _locations(c[9], places)
    found = _TITLE.search(c[26])
    title = (
        found.group(1).strip() if found else f"{c[3] or 'article'}: {', '.join(themes[:5]) or 'no themes'}"
    )
    names = [(n, "person") for n in c[11].split(";") if n] + [
        (n, "organization") for n in c[13].split(";") if n
    ]
    url = c[4] if c[4].startswith(("http://", "https://")) else ""
    tone = c[15].split(",")[0]
    return EventRecord(
        dataset="gkg",
        event_id=c[0],
        date=day,
        codes=codes,
        source_code=";".join(t for t in themes if t in GKG_THEMES) or "-",
        line=line,
        title=title[:500],
        text=f"{title}. Themes: {', '.join(themes[:30])}. Tone: {tone or '?'}. Source: {c[4]}.",
        country=country,
        region=region,
        actors=tuple(actor(n, kind) for n, kind in names[:20]),
        place=place,
        url=url,
        publisher=c[3],
        detail={"tone": tone, "themes": themes[:50]},
        document_url=url,
    )


def read_gkg(stream: IO[str], places: Places) -> Iterator[EventRecord | MalformedRowError]:
    """GKG 2.1 records (one per article); a malformed row is yielded as its error with its line."""
    # GKG fields hold quotes and very long GCAM lists: no quoting, no field size limit but the row's.
    csv.field_size_limit(1 << 26)
    reader = csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        try:
            yield _gkg(_row(cells, reader.line_num, len(GKG_COLUMNS), "GKG 2.1"), reader.line_num, places)
        except MalformedRowError as exc:
            yield exc
