"""Rebuild the Peru gazetteer CSVs from the shared data (a maintainer's tool, never run by centinela).

    python -m centinela.countries.peru.gazetteer.build DATA_FOLDER

It reads the cabinets, Congress 2021-2026, officeholders and UBIGEO files (see SOURCES.md) and writes
``persons.csv``, ``roles.csv`` and ``places.csv`` beside this file. ``organisations.csv`` and
``extra_persons.csv`` are written by hand and only read here.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent
PARTICLES = {"de", "del", "la", "las", "los", "y"}
ROLE_RANK = [
    "president",
    "vice_president",
    "pcm",
    "president_of_congress",
    "minister",
    "legislator",
    "politician",
]
OFFICE_ROLES = {
    "President of the Republic": "president",
    "First Vice-President": "vice_president",
    "Second Vice-President": "vice_president",
    "PCM": "pcm",
    "President of Congress": "president_of_congress",
}


def fold(text: str) -> str:
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode().lower()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def split_name(full: str) -> tuple[list[str], list[str]]:
    """Given names and surnames of a Spanish full name: the last two surnames, with their particles."""
    tokens = full.split()
    if len(tokens) <= 2:
        return tokens[:1], tokens[1:]
    cut = len(tokens) - 2
    while cut > 1 and tokens[cut - 1].lower() in PARTICLES:
        cut -= 1
    return tokens[:cut], tokens[cut:]


def name_aliases(full: str) -> set[str]:
    """Ways the press writes a person: full name, each given name with the first surname or both."""
    given, surnames = split_name(full)
    aliases = {full}
    first_surname = surnames[0] if surnames else ""
    if surnames and surnames[0].lower() in PARTICLES and len(surnames) > 1:
        first_surname = " ".join(surnames[:2])
    for name in given:
        if name.lower() in PARTICLES or len(name) < 3:
            continue
        aliases.add(f"{name} {first_surname}")
        aliases.add(f"{name} {' '.join(surnames)}")
    if given:
        aliases.add(f"{' '.join(given)} {first_surname}")
    return {a.strip() for a in aliases if len(a.split()) >= 2}


def iso(day_month_year: str) -> str:
    day, month, year = day_month_year.split("/")
    return f"{year}-{month}-{day}"


class Persons:
    """Persons merged across sources by their folded name tokens."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, object]] = {}

    def find(self, name: str) -> str | None:
        tokens = set(fold(name).replace("-", " ").split())
        matches = []
        for pid, row in self.rows.items():
            other = set(fold(str(row["name"])).replace("-", " ").split())
            if len(tokens & other) >= 2 and (tokens <= other or other <= tokens):
                matches.append(pid)
        return matches[0] if len(matches) == 1 else None

    def add(
        self,
        name: str,
        role: str,
        office: str,
        start: str,
        end: str,
        source: str,
        *,
        derive: bool = True,
        **extra: str,
    ) -> None:
        pid = self.find(name)
        if pid is None:
            pid = f"pe:person:{slug(name)}"
            self.rows[pid] = {"name": name, "aliases": set(), "roles": [], "party": "", "bancada": ""}
        row = self.rows[pid]
        if len(name.split()) > len(str(row["name"]).split()):
            row["name"] = name  # keep the fullest spelling as the display name
        aliases = row["aliases"]
        assert isinstance(aliases, set)
        # Short "Given Surname" spellings (officeholders.csv) cannot be split into given names and surnames.
        aliases.update(name_aliases(name) if derive else {name})
        roles = row["roles"]
        assert isinstance(roles, list)
        if not any(r[0] == role and r[2] == start for r in roles):  # the same tenure from another source
            roles.append((role, office, start, end, source))
        for key, value in extra.items():
            if value:
                row[key] = value


def load_sources(data: Path, persons: Persons) -> None:
    with (data / "congress" / "congresistas_2021_2026.json").open(encoding="utf-8") as handle:
        for member in json.load(handle):
            name = f"{member['nombre']} {member['apellido']}"
            bancada = member["bancada"][-1]["name"] if member["bancada"] else ""
            persons.add(
                name,
                "legislator",
                "Congress 2021-2026",
                iso(member["periodo"]["inicio"]),
                iso(member["periodo"]["fin"]),
                "congress",
                party=member["party_name"],
                bancada=bancada,
            )
    with (data / "cabinets" / "gabinetes-ppk-mvc.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            role = "pcm" if row["ministerio"].startswith("Presidencia del Consejo") else "minister"
            end = "" if row["fin"] in ("", "NA") else row["fin"]
            persons.add(row["titular"], role, row["ministerio"], row["inicio"], end, "cabinets")
    with (data / "peru" / "officeholders.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            persons.add(
                row["holder"],
                OFFICE_ROLES[row["office"]],
                row["office"],
                row["from"],
                row["to"],
                "officeholders",
                derive=False,
            )
    with (HERE / "extra_persons.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            persons.add(
                row["name"],
                row["role"],
                row["office"],
                row["from"],
                row["to"],
                "compiled",
                party=row["party"],
            )
            pid = persons.find(row["name"])
            if pid and row["aliases"]:
                aliases = persons.rows[pid]["aliases"]
                assert isinstance(aliases, set)
                aliases.update(a for a in row["aliases"].split("|") if a)


def write_persons(persons: Persons) -> None:
    with (
        (HERE / "persons.csv").open("w", encoding="utf-8", newline="") as out,
        (HERE / "roles.csv").open("w", encoding="utf-8", newline="") as roles_out,
    ):
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "name", "kind", "aliases", "party", "bancada"])
        roles_writer = csv.writer(roles_out, lineterminator="\n")
        roles_writer.writerow(["id", "role", "office", "from", "to", "source"])
        for pid, row in sorted(persons.rows.items()):
            roles = row["roles"]
            assert isinstance(roles, list)
            kind = min((r[0] for r in roles), key=ROLE_RANK.index)
            aliases = sorted(a for a in row["aliases"] if a != row["name"])  # type: ignore[attr-defined]
            writer.writerow([pid, row["name"], kind, "|".join(aliases), row["party"], row["bancada"]])
            for role in sorted(set(roles), key=lambda r: (r[2], r[0])):
                roles_writer.writerow([pid, *role])


def write_places(data: Path) -> None:
    places = data / "places"
    with (HERE / "places.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "ubigeo",
                "name",
                "level",
                "department",
                "province",
                "iso_3166_2",
                "latitude",
                "longitude",
                "aliases",
            ]
        )
        for level, file, column in (
            ("department", "ubigeo_departamento.csv", "departamento"),
            ("province", "ubigeo_provincia.csv", "provincia"),
            ("district", "ubigeo_distrito.csv", "distrito"),
        ):
            with (places / file).open(encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    name = display(row[column], row.get("capital", ""))
                    aliases = ALIASES.get(row[column], "") if level == "department" else ""
                    writer.writerow(
                        [
                            row["inei"],
                            name,
                            level,
                            row["departamento"],
                            row.get("provincia", ""),
                            row["iso_3166_2"],
                            row["latitude"],
                            row["longitude"],
                            aliases,
                        ]
                    )


DEPARTMENT_NAMES = {
    "ANCASH": "Áncash",
    "APURIMAC": "Apurímac",
    "HUANUCO": "Huánuco",
    "JUNIN": "Junín",
    "SAN MARTIN": "San Martín",
}
ALIASES = {"CUSCO": "Cuzco|Qosqo", "ANCASH": "Ancash", "LIMA": "Lima Metropolitana|Lima Provincias"}


def display(upper: str, capital: str) -> str:
    """Title-case name, taking the accents from the capital's spelling when it is the same name."""
    if upper in DEPARTMENT_NAMES:
        return DEPARTMENT_NAMES[upper]
    if capital and fold(capital) == fold(upper):
        return capital
    small = {"de", "del", "la", "las", "los", "y", "el"}
    words = upper.lower().split()
    return " ".join(w if (i and w in small) else w.capitalize() for i, w in enumerate(words))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    data = Path(argv[0])
    persons = Persons()
    load_sources(data, persons)
    write_persons(persons)
    write_places(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
