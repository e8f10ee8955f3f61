"""The drawn map's numbers (builder/rendering/map_drawing.py) and its outline (builder/data/world.json)."""

from __future__ import annotations

import re

import pytest

from builder.dates import parse_date
from builder.model import Event, Location, Source
from builder.rendering import map_drawing
from builder.rendering.map_drawing import HEIGHT, PLACES_DRAWN, WIDTH, country_paths, draw, places, project

SOURCE = (Source(id="s", title="Report", reliability="B", credibility=2),)


def event(ident: str, *locations: Location) -> Event:
    return Event(
        id=ident,
        path=f"events/{ident}.yaml",
        title=ident.title(),
        date=parse_date("2022-09-19"),
        summary="S.",
        sources=SOURCE,
        locations=locations,
    )


NANPING = Location(name="Nanping", country="CN", lat=26.64, lon=118.18)
SAMARKAND = Location(name="Samarkand", country="UZ", lat=39.65, lon=66.96)


def test_the_projection_puts_known_places_where_they_are() -> None:
    assert project(-180, 84) == (0.0, 0.0)
    assert project(180, -57) == (WIDTH, HEIGHT)
    assert project(0, 0) == (480.0, 224.0)


def test_the_outline_holds_the_countries_content_names() -> None:
    paths = country_paths()
    assert {"CN", "RU", "UA", "UZ", "US", "XK"} <= set(paths)
    assert "AQ" not in paths  # Antarctica is left out
    for code, path in paths.items():
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]
        assert path.startswith("M") and path.endswith("Z") and len(numbers) % 2 == 0, code
    svg = map_drawing.world_svg()
    assert svg.count("<path ") == len(paths) and f'viewBox="0 0 {WIDTH:g} {HEIGHT:g}"' in svg


def test_events_at_one_place_share_a_mark_sized_by_their_count() -> None:
    events = [event("a", NANPING), event("b", NANPING), event("c", SAMARKAND), event("d", Location(country="UA"))]
    found = places(events)
    assert [(place.name, len(place.events)) for place in found] == [("Nanping", 2), ("Samarkand", 1)]
    assert found[0].radius > found[1].radius
    assert (found[0].x, found[0].y) == project(118.2, 26.6)  # the place, rounded to 0.1°


def test_an_event_with_only_a_country_shades_it() -> None:
    drawing = draw("map", "M", [event("d", Location(name="Ukraine", country="UA"))], locator=True)
    assert drawing is not None and not drawing.places
    assert [(code, n) for code, _path, n in drawing.countries] == [("UA", 1)]
    x, y, width, height = drawing.view
    assert x >= 0 and x + width <= WIDTH and y >= 0 and y + height <= HEIGHT
    assert draw("map", "M", [event("none")]) is None


def test_a_locator_is_a_window_around_its_place() -> None:
    drawing = draw("map", "M", [event("a", NANPING)], locator=True)
    assert drawing is not None
    x, y, width, height = drawing.view
    (place,) = drawing.places
    assert x < place.x < x + width and y < place.y < y + height
    assert width < WIDTH / 4 and width / height == pytest.approx(WIDTH / HEIGHT, rel=0.01)


def test_a_map_draws_at_most_places_drawn_places_and_counts_the_rest() -> None:
    events = [
        event(f"e{n}", Location(name=f"P{n}", lat=n / 10 - 50, lon=n / 10 - 100)) for n in range(PLACES_DRAWN + 5)
    ]
    drawing = draw("map", "M", events)
    assert drawing is not None
    assert len(drawing.places) == PLACES_DRAWN and drawing.left_out == 5
    assert drawing == draw("map", "M", list(reversed(events)))  # the same events, the same map
