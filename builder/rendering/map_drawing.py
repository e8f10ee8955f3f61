"""The drawn map: located events as marks on a world outline, computed at build time.

No tiles and no network: the outline is Natural Earth's 1:110m countries (public domain),
projected once by scripts/make_world_outline.py into builder/data/world.json: each country's
SVG path, to shade it, and all of them together, `world_svg`, the picture a build writes as
assets/world.svg and every map shows under its marks. Here the same projection places the
marks, so both line up. Events at
one place share a mark sized by their count; a map lists at most `PLACES_DRAWN` places, so
no page grows with the whole site.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources

from builder.memo import MEMOS
from builder.model import Event

WIDTH = 960.0
LAT_TOP = 84.0
LAT_BOTTOM = -57.0
"""Antarctica is left out: no briefing needs it, and it would take a third of every map."""
HEIGHT = round((LAT_TOP - LAT_BOTTOM) * WIDTH / 360, 1)
PLACES_DRAWN = 400
"""The most places one map draws, the busiest first; the rest are counted in words."""
PLACE_PRECISION = 1
"""Coordinates are rounded to this many decimals (about 10 km) to tell one place from another."""
LOCATOR_SPAN = 60.0
"""Degrees of longitude a locator map shows around its event."""


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular: honest about distances along the parallels, and the same in the
    script that draws the outline and here."""
    x = (lon + 180) * WIDTH / 360
    y = (LAT_TOP - lat) * WIDTH / 360
    return round(x, 1), round(y, 1)


@dataclass(frozen=True)
class Place:
    """Events at one place (one location's coordinates, rounded): `anchor` names its row in
    the map page's list of places."""

    name: str
    x: float
    y: float
    radius: float
    events: tuple[Event, ...]
    anchor: str


@dataclass(frozen=True)
class MapDrawing:
    ident: str
    title: str
    description: str
    view: tuple[float, float, float, float]
    places: tuple[Place, ...]
    countries: tuple[tuple[str, str, int], ...]
    """Countries to shade: (code, SVG path, how many events name only that country)."""
    left_out: int
    """Places not drawn (past `PLACES_DRAWN`)."""

    @property
    def width(self) -> float:
        return WIDTH

    @property
    def height(self) -> float:
        return HEIGHT


@MEMOS.cached(1)
def country_paths() -> dict[str, str]:
    """Each country's outline as an SVG path in the map's coordinates, by ISO alpha-2 code."""
    text = resources.files("builder").joinpath("data/world.json").read_text(encoding="utf-8")
    paths: dict[str, str] = json.loads(text)["countries"]
    return paths


WORLD_PATH = "assets/world.svg"


@MEMOS.cached(1)
def world_svg() -> str:
    """Every country as one picture in the map's coordinates. Its colours are fixed, since an
    image does not see the page's stylesheet: a grey that reads on the light and dark theme."""
    body = "".join(f'<path d="{d}"/>' for d in country_paths().values())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:g} {HEIGHT:g}" '
        f'width="{WIDTH:g}" height="{HEIGHT:g}">'
        f'<g fill="#9aa3ad" fill-opacity="0.45" stroke="#8a939c" stroke-width="0.4">{body}</g></svg>\n'
    )


def places(events: list[Event]) -> list[Place]:
    """The located events grouped by place, busiest first (then by name), each sized by the
    square root of its count so that areas compare as counts do."""
    grouped: dict[tuple[float, float], tuple[str, list[Event]]] = {}
    for event in events:
        for location in event.locations:
            if location.lat is None or location.lon is None:
                continue
            key = (round(location.lat, PLACE_PRECISION), round(location.lon, PLACE_PRECISION))
            name, members = grouped.setdefault(key, (location.name or _coordinates(*key), []))
            if event not in members:
                members.append(event)
    ranked = sorted(grouped.items(), key=lambda item: (-len(item[1][1]), item[1][0], item[0]))
    result = []
    for n, ((lat, lon), (name, members)) in enumerate(ranked, start=1):
        x, y = project(lon, lat)
        radius = round(5 + 3 * (math.sqrt(len(members)) - 1), 1)
        result.append(Place(name, x, y, min(radius, 24.0), tuple(members), f"place-{n}"))
    return result


def country_only(events: list[Event]) -> dict[str, int]:
    """How many events name each country with no coordinates: those shade the country."""
    counts: dict[str, int] = {}
    for event in events:
        for location in event.locations:
            if location.country and (location.lat is None or location.lon is None):
                counts[location.country] = counts.get(location.country, 0) + 1
    return counts


def draw(ident: str, title: str, events: list[Event], *, locator: bool = False) -> MapDrawing | None:
    """The map of `events`, or None when none has a place to draw. A locator (an event's own
    map) is cropped around its place; the others show the whole world."""
    found = places(events)
    shaded = country_only(events)
    paths = country_paths()
    countries = tuple((code, paths[code], n) for code, n in sorted(shaded.items()) if code in paths)
    if not found and not countries:
        return None
    drawn = found[:PLACES_DRAWN]
    view = _locator_view(found, [code for code, _path, _n in countries]) if locator else (0.0, 0.0, WIDTH, HEIGHT)
    named = sum(len(place.events) for place in found)
    description = (
        f"{len(found)} places, {named} located events"
        + (f"; {len(countries)} countries shaded for events that name only a country" if countries else "")
        + ". Each place is a link; the list of places gives the same in words."
    )
    if locator:
        description = "Where it happened: " + ", ".join(
            [place.name for place in found] + [code for code, _path, _n in countries]
        )
    return MapDrawing(ident, title, description, view, tuple(drawn), countries, len(found) - len(drawn))


def _locator_view(found: list[Place], countries: list[str]) -> tuple[float, float, float, float]:
    """A window `LOCATOR_SPAN` degrees wide (wider if the places need it) around the places,
    or around the countries shaded, at the map's proportions, kept inside the world."""
    points = [(place.x, place.y) for place in found]
    for code in countries:
        points += _path_points(country_paths()[code])
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    span = max(LOCATOR_SPAN * WIDTH / 360, (max(xs) - min(xs)) * 1.3, (max(ys) - min(ys)) * 1.3 * WIDTH / HEIGHT)
    width = min(span, WIDTH)
    height = width * HEIGHT / WIDTH
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    x = min(max(cx - width / 2, 0.0), WIDTH - width)
    y = min(max(cy - height / 2, 0.0), HEIGHT - height)
    return round(x, 1), round(y, 1), round(width, 1), round(height, 1)


def _path_points(path: str) -> list[tuple[float, float]]:
    numbers = [float(n) for n in path.replace("M", " ").replace("L", " ").replace("Z", " ").split()]
    return list(zip(numbers[0::2], numbers[1::2], strict=True))


def _coordinates(lat: float, lon: float) -> str:
    return f"{abs(lat):.1f}°{'N' if lat >= 0 else 'S'} {abs(lon):.1f}°{'E' if lon >= 0 else 'W'}"
