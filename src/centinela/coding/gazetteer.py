"""Actors, places and countries named in a text, found in one pass and linked to stable ids.

Data: the country pack's gazetteer (countries/peru/gazetteer: persons with their roles and dates,
organisations, UBIGEO places), the international bodies and country names of coding/data, and
pycountry's English country names. Everything is read once when the ``Gazetteer`` is built.

Districts are where names collide with common words and with places abroad ("Independencia",
"La Paz", "Santiago", "Comas"): a district is linked only when its name is not in the stop list
below and is unique among districts, or when the text says "distrito de ..." (and then, when the
name is shared, one of its department's names appears too).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable

import pycountry

from centinela.coding.matcher import CASE_ANY, CASE_PROPER, Alias, Matcher, Mention, default_case
from centinela.coding.text import fold

#: District and province names that are also common words, first names or places abroad.
AMBIGUOUS_PLACES = frozenset(
    fold(w)
    for w in (
        "union",
        "la union",
        "progreso",
        "el progreso",
        "independencia",
        "libertad",
        "victoria",
        "la victoria",
        "esperanza",
        "la esperanza",
        "florida",
        "la florida",
        "paz",
        "la paz",
        "pampas",
        "colonia",
        "cruz",
        "santa cruz",
        "santa rosa",
        "rosa",
        "carmen",
        "el carmen",
        "pilar",
        "mercedes",
        "dolores",
        "soledad",
        "jesus",
        "jesus maria",
        "santa maria",
        "santiago",
        "concepcion",
        "rosario",
        "trinidad",
        "san jose",
        "san juan",
        "san pedro",
        "san pablo",
        "santa ana",
        "san luis",
        "san miguel",
        "san antonio",
        "san francisco",
        "san rafael",
        "santo domingo",
        "santa lucia",
        "santa isabel",
        "comas",
        "ate",
        "lince",
        "surco",
        "bellavista",
        "miraflores",
        "magdalena",
        "san isidro",
        "pueblo libre",
        "los olivos",
        "barranco",
        "manu",
        "bolivar",
        "grau",
        "sucre",
        "santa",
        "ambo",
        "canta",
        "la mar",
        "alto",
        "nuevo",
        "nueva",
        "andes",
        "caminaca",
        "eten",
        "chavin",
        "huaca",
        "palca",
        "oyon",
        "salas",
        "lucma",
        "mala",
        "vitor",
        "quilla",
        "platería",
        "plateria",
        "yura",
        "sama",
        "paras",
        "pomas",
        "acari",
        "bella union",
        "belen",
        "canaan",
        "chala",
        "cocha",
        "huanca",
        "mina",
        "llama",
        "capital",
        "central",
        "general",
        "presidente",
        "mariscal",
        "padre",
        "coronel",
        "teniente",
        "pueblo nuevo",
        "nuevo progreso",
        "independiente",
        "tambo",
        "el tambo",
        "corona",
        "torata",
        "ayo",
        "mara",
        "colca",
        "manta",
        "cabana",
        "cabanas",
        "matucana",
        "pacific",
        "pacifico",
        "ocoña",
        "sol",
        "el porvenir",
        "porvenir",
        "buenos aires",
        "argentina",
        "chile",
        "colombia",
        "bolivia",
        "ecuador",
        "brasil",
        "mexico",
        "francia",
        "holanda",
        "huari",
        "jose crespo y castillo",
        "daniel alcides carrion",
        "jorge basadre",
        "sanchez carrion",
        "mariscal caceres",
        "ramon castilla",
        "mariscal ramon castilla",
        "bolognesi",
        "san roman",
        "san marcos",
        "san ignacio",
        "san pablo",
        "san antonio de putina",
        "carlos fermin fitzcarrald",
    )
)
#: Words before a name that say it is a district or province.
_PLACE_CONTEXT = (
    "distrito de ",
    "distrito ",
    "district of ",
    "provincia de ",
    "province of ",
    "municipio de ",
)

KIND_ORDER = ("president", "vice_president", "pcm", "president_of_congress", "minister", "legislator")


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    kind: str
    country: str = ""
    party: str = ""
    bancada: str = ""


@dataclass(frozen=True, slots=True)
class Place:
    code: str
    name: str
    level: str  # country, department, province, district
    country: str
    department: str = ""  # ISO 3166-2 of the department for Peru places


@dataclass(frozen=True, slots=True)
class Role:
    actor_id: str
    role: str
    office: str
    start: date | None
    end: date | None


@dataclass(frozen=True, slots=True)
class Found:
    """What one text names: actors, places, country mentions (alpha-2) and demonyms, in order."""

    actors: list[tuple[Mention, Actor]]
    places: list[tuple[Mention, Place]]
    countries: list[tuple[Mention, str]]
    demonyms: list[tuple[Mention, str]]


def _rows(folder: Traversable, name: str) -> Iterator[dict[str, str]]:
    with folder.joinpath(name).open(encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _split(aliases: str) -> list[str]:
    return [a.strip() for a in aliases.split("|") if a.strip()]


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


class Gazetteer:
    """Actors, places and countries of one country pack plus the international ones. Build once."""

    def __init__(self, pack: Traversable, common: Traversable, country: str = "PE") -> None:
        self.country = country
        self.actors: dict[str, Actor] = {}
        self.places: dict[str, Place] = {}
        self.roles: list[Role] = []
        aliases: list[Alias] = []
        aliases += self._load_persons(pack)
        aliases += self._load_organisations(pack, "organisations.csv", country)
        aliases += self._load_organisations(common, "international.csv", "")
        aliases += self._load_places(pack)
        aliases += self._load_countries(common)
        self._matcher = Matcher(aliases)

    @classmethod
    def peru(cls) -> Gazetteer:
        """The Peru pack's gazetteer with the international names (package data only)."""
        pack = resources.files("centinela.countries.peru").joinpath("gazetteer")
        common = resources.files("centinela.coding").joinpath("data")
        return cls(pack, common, "PE")

    def _load_persons(self, pack: Traversable) -> list[Alias]:
        aliases = []
        for row in _rows(pack, "persons.csv"):
            actor = Actor(row["id"], row["name"], row["kind"], self.country, row["party"], row["bancada"])
            self.actors[actor.id] = actor
            for text in [row["name"], *_split(row["aliases"])]:
                aliases.append(Alias(text, "actor:" + actor.id, default_case(text)))
        for row in _rows(pack, "roles.csv"):
            self.roles.append(Role(row["id"], row["role"], row["office"], _day(row["from"]), _day(row["to"])))
        return aliases

    def _load_organisations(self, folder: Traversable, name: str, country: str) -> list[Alias]:
        aliases = []
        for row in _rows(folder, name):
            actor = Actor(row["id"], row["name"], row["kind"], row.get("country", country) or country)
            self.actors[actor.id] = actor
            for text in [row["name"], *_split(row["aliases"])]:
                # Multi-word lowercase titles ("presidente del Congreso") match in any case.
                case = CASE_ANY if (" " in text and text[:1].islower()) else default_case(text)
                aliases.append(Alias(text, "actor:" + actor.id, case))
        return aliases

    def _load_places(self, pack: Traversable) -> list[Alias]:
        rows = list(_rows(pack, "places.csv"))
        departments = {fold(r["name"]) for r in rows if r["level"] == "department"}
        provinces = {fold(r["name"]) for r in rows if r["level"] == "province"}
        aliases = []
        for row in rows:
            place = Place(
                "PE-" + row["ubigeo"] if row["level"] != "department" else row["iso_3166_2"],
                row["name"],
                row["level"],
                self.country,
                row["iso_3166_2"],
            )
            self.places[place.code] = place
            key = "place:" + place.code
            folded = fold(place.name)
            if row["level"] == "department":
                aliases += [Alias(t, key) for t in [row["name"], *_split(row["aliases"])]]
                aliases += [Alias(f"{w} {row['name']}", key, CASE_ANY) for w in ("región", "departamento")]
                continue
            higher = departments if row["level"] == "province" else departments | provinces
            if folded in higher:
                continue  # the same name at a higher level wins: "Puno" is the department
            context = "provincia de " if row["level"] == "province" else "distrito de "
            english = "province of " if row["level"] == "province" else "district of "
            aliases += [
                Alias(context + place.name, key, CASE_ANY),
                Alias(english + place.name, key, CASE_ANY),
            ]
            if folded not in AMBIGUOUS_PLACES and len(folded) > 4:
                aliases.append(Alias(place.name, key, CASE_PROPER))
        return aliases

    def _load_countries(self, common: Traversable) -> list[Alias]:
        aliases = []
        for country in pycountry.countries:
            code = country.alpha_2
            self.places[code] = Place(code, getattr(country, "common_name", country.name), "country", code)
            for text in {
                country.name,
                getattr(country, "common_name", ""),
                getattr(country, "official_name", ""),
            }:
                if text and "," not in text:
                    aliases.append(Alias(text, "country:" + code, CASE_PROPER))
        for row in _rows(common, "countries.csv"):
            code = row["alpha2"]
            names = {*_split(row["es"]), *_split(row["pt"]), *_split(row["en"])}
            aliases += [Alias(t, "country:" + code, default_case(t)) for t in names]
            aliases += [Alias(t, "demonym:" + code, CASE_ANY) for t in _split(row["demonyms"])]
            if code != self.country:
                aliases += self._foreign_government(row)
        return aliases

    def _foreign_government(self, row: dict[str, str]) -> list[Alias]:
        code = row["alpha2"]
        es, pt, en = _split(row["es"])[0], _split(row["pt"])[0], _split(row["en"])[0]
        actor_id = f"gov:{code}"
        if actor_id not in self.actors:
            self.actors[actor_id] = Actor(actor_id, f"Gobierno de {es}", "foreign_government", code)
        texts = [
            f"gobierno de {es}",
            f"gobierno del {es}",
            f"cancilleria de {es}",
            f"{en} government",
            f"government of {en}",
            f"{en}'s government",
            f"governo do {pt}",
            f"governo da {pt}",
            f"governo de {pt}",
        ]
        demonyms = _split(row["demonyms"])
        if demonyms:
            texts += [f"gobierno {demonyms[0]}", f"governo {demonyms[-1]}"]
        return [Alias(t, "actor:" + actor_id, CASE_ANY) for t in texts]

    def find(self, folded: str, original: str) -> Found:
        """Actors, places, countries and demonyms named in ``original`` (folded as ``folded``)."""
        found = Found([], [], [], [])
        pending: list[tuple[Mention, list[Place]]] = []
        for mention in self._matcher.find(folded, original):
            kinds = {key.split(":", 1)[0] for key in mention.keys}
            if "country" in kinds:
                found.countries.append((mention, _first_key(mention, "country")))
            elif "actor" in kinds:
                ids = [k.split(":", 1)[1] for k in mention.keys if k.startswith("actor:")]
                if len(ids) == 1:  # an alias shared by two people names neither
                    found.actors.append((mention, self.actors[ids[0]]))
            elif "place" in kinds:
                pending.append(
                    (mention, [self.places[k[6:]] for k in mention.keys if k.startswith("place:")])
                )
            elif "demonym" in kinds:
                found.demonyms.append((mention, _first_key(mention, "demonym")))
        found.places.extend(_resolve_places(pending))
        return found

    def officeholder(self, role: str, on: date) -> Actor | None:
        """Who held ``role`` (president, pcm, vice_president, president_of_congress) on ``on``."""
        for held in self.roles:
            if held.role == role and held.start and held.start <= on and (held.end is None or on < held.end):
                return self.actors.get(held.actor_id)
        return None

    def held(self, actor_id: str, role: str, on: date) -> bool:
        """Whether ``actor_id`` held ``role`` on ``on``."""
        return any(
            r.role == role and r.start and r.start <= on and (r.end is None or on < r.end)
            for r in self.roles
            if r.actor_id == actor_id
        )

    def roles_of(self, actor_id: str) -> list[Role]:
        return [r for r in self.roles if r.actor_id == actor_id]


def _first_key(mention: Mention, prefix: str) -> str:
    return next(k.split(":", 1)[1] for k in mention.keys if k.startswith(prefix + ":"))


def _resolve_places(pending: list[tuple[Mention, list[Place]]]) -> list[tuple[Mention, Place]]:
    """Unique places stand; a name shared by several places needs one of its departments named too."""
    named = {c[0].department for _, c in pending if len(c) == 1}
    resolved = []
    for mention, candidates in pending:
        if len(candidates) == 1:
            resolved.append((mention, candidates[0]))
            continue
        matching = [p for p in candidates if p.department in named]
        if len(matching) == 1:
            resolved.append((mention, matching[0]))
    return resolved
