"""Rebuild ``cline_coups.csv`` from the project's shared data (a maintainer's tool, never run by centinela).

    python -m centinela.countries.coups.build DATA_FOLDER

Keeps the columns the structural base rate reads and adds ``iso2``, the ISO 3166-1 alpha-2 code of the
country (by name through pycountry; states that no longer exist keep an empty code: see SOURCES.md).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pycountry

HERE = Path(__file__).parent
COLUMNS = [
    "coup_id",
    "cowcode",
    "country",
    "year",
    "month",
    "day",
    "event_type",
    "realized",
    "attempt",
    "conspiracy",
    "auto",
    "military",
    "popular",
    "foreign",
]
# Names in the Cline data that pycountry does not resolve, or resolves to the wrong country.
NAMES = {
    "Bolivia": "BO",
    "Iran": "IR",
    "Laos": "LA",
    "Russia": "RU",
    "Syria": "SY",
    "Tanzania": "TZ",
    "Venezuela": "VE",
    "Republic of Korea": "KR",
    "Cote d'Ivoire": "CI",
    "Congo": "CG",
    "Democratic Republic of the Congo": "CD",
    "Surinam": "SR",
    "Rumania": "RO",
    "Swaziland": "SZ",
    "East Timor": "TL",
    "Cape Verde": "CV",
    "Turkey": "TR",
    "Czech Republic": "CZ",
    "Moldova": "MD",
    "Gambia": "GM",
    "Vietnam": "VN",
    "Yemen": "YE",
}
# States that no longer exist: their coups are not any current country's own history.
GONE = {
    "USSR",
    "German Democratic Republic",
    "Czechoslovakia",
    "Yemen Arab Republic",
    "Yemen PDR",
    "Republic of Vietnam",
    "Yugoslavia",
    "Zanzibar",
}


def iso2(name: str) -> str:
    if name in GONE:
        return ""
    if name in NAMES:
        return NAMES[name]
    found = pycountry.countries.get(name=name) or pycountry.countries.get(common_name=name)
    if found is None:
        raise SystemExit(f"no ISO code for {name!r}: add it to NAMES or GONE")
    return str(found.alpha_2)


def main(shared: Path) -> None:
    with (shared / "coups" / "cline_coup_v2.1.2.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with (HERE / "cline_coups.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["iso2", *COLUMNS])
        for row in rows:
            writer.writerow([iso2(row["country"]), *(row[c] for c in COLUMNS)])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
