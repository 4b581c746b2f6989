"""Maps drawn on the server as SVG paths from the bundled GeoJSON: no map library, no tiles, no network.

Each area becomes a link (keyboard-focusable, with a text label), so a click or Enter on a department
opens its events. Projection: equirectangular with the longitude scaled by the cosine of the middle
latitude, which keeps a country of Peru's size in shape.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

GEO = Path(__file__).with_name("static") / "geo"
PERU_DEPARTMENTS = GEO / "peru_departamental_simple.geojson"
WORLD = GEO / "countries-110m.geojson"
# Sequential palette (light to dark), readable by people with the common colour-vision deficiencies.
PALETTE = ("#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704")
EMPTY = "#eef1f4"


@dataclass(frozen=True, slots=True)
class Area:
    code: str  # ISO 3166-2 for departments, ISO 3166-1 alpha-2 for countries
    name: str
    path: str  # SVG path data in the map's own units


@dataclass(frozen=True, slots=True)
class Shape:
    width: int
    height: int
    areas: tuple[Area, ...]


def _rings(geometry: Mapping[str, Any]) -> Iterable[list[list[float]]]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def _bounds(features: list[dict[str, Any]]) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for f in features:
        for ring in _rings(f["geometry"]):
            xs += [p[0] for p in ring]
            ys += [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _path(geometry: Mapping[str, Any], project: Any, digits: int = 1) -> str:
    parts = []
    for ring in _rings(geometry):
        points = []
        last = None
        for lon, lat, *_ in ring:
            x, y = project(lon, lat)
            here = (round(x, digits), round(y, digits))
            if here != last:  # simplified rings repeat points once rounded: drop them, the file shrinks
                points.append(f"{here[0]:g},{here[1]:g}")
                last = here
        if len(points) > 2:
            parts.append("M" + "L".join(points) + "Z")
    return "".join(parts)


def draw(features: list[dict[str, Any]], codes: list[tuple[str, str]], width: int = 600) -> Shape:
    """Project ``features`` into a ``width``-wide box; ``codes`` gives each feature's (code, name)."""
    west, south, east, north = _bounds(features)
    k = math.cos(math.radians((south + north) / 2))
    scale = width / ((east - west) * k)
    height = int(math.ceil((north - south) * scale))

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon - west) * k * scale, (north - lat) * scale

    areas = tuple(
        Area(code, name, _path(f["geometry"], project))
        for f, (code, name) in zip(features, codes, strict=True)
    )
    return Shape(width, height, areas)


def department_codes() -> dict[str, tuple[str, str]]:
    """UBIGEO department prefix -> (ISO 3166-2, name), from the Peru gazetteer shipped with the coder."""
    text = resources.files("centinela.countries.peru").joinpath("gazetteer/places.csv").read_text("utf-8")
    return {
        row["ubigeo"][:2]: (row["iso_3166_2"], row["name"])
        for row in csv.DictReader(text.splitlines())
        if row["level"] == "department"
    }


def peru_departments() -> Shape:
    data = json.loads(PERU_DEPARTMENTS.read_text("utf-8"))
    known = department_codes()
    features = data["features"]
    codes = [
        known.get(f["properties"]["FIRST_IDDP"], ("", f["properties"]["NOMBDEP"].title())) for f in features
    ]
    return draw(features, codes, width=520)


def world() -> Shape:
    import pycountry

    data = json.loads(WORLD.read_text("utf-8"))
    features = [f for f in data["features"] if f["properties"].get("name") != "Antarctica"]
    codes = []
    for f in features:
        found = pycountry.countries.get(numeric=str(f["properties"].get("iso_n3") or f.get("id") or ""))
        codes.append((found.alpha_2 if found else "", f["properties"].get("name") or ""))
    # The world is not one country: a plain equirectangular (no cosine) keeps the usual look.
    west, south, east, north = -180.0, -60.0, 180.0, 84.0
    width = 720
    scale = width / (east - west)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon - west) * scale, (north - lat) * scale

    areas = tuple(
        Area(c, n, _path(f["geometry"], project)) for f, (c, n) in zip(features, codes, strict=True)
    )
    return Shape(width, int((north - south) * scale), areas)


def shade(value: float | None, top: float) -> str:
    """The fill for ``value`` on a scale up to ``top``; grey when nothing is there."""
    if not value or top <= 0:
        return EMPTY
    step = min(len(PALETTE) - 1, int(len(PALETTE) * value // top))
    return PALETTE[step]


def legend(top: float) -> list[tuple[str, str]]:
    """(colour, range) pairs for the legend: the whole counts that ``shade`` gives each colour."""
    if top <= 0:
        return [(EMPTY, "0")]
    n, whole, steps = len(PALETTE), int(top), [(EMPTY, "0")]
    for i, colour in enumerate(PALETTE):
        # Counts v with i <= n*v/top < i+1, in whole numbers: ceil(i*top/n) up to ceil((i+1)*top/n) - 1.
        low = max(1, -(-i * whole // n))
        high = whole if i == n - 1 else -(-(i + 1) * whole // n) - 1
        if low <= high:
            steps.append((colour, str(low) if low == high else f"{low}–{high}"))
    return steps
