"""Write the map's world outline from Natural Earth 1:110m (public domain), once.

    cd /tmp && npm pack world-atlas@2.0.2 i18n-iso-countries@7.14.0
    tar xzf world-atlas-2.0.2.tgz && mv package world-atlas
    tar xzf i18n-iso-countries-7.14.0.tgz && mv package iso
    .venv/bin/python scripts/make_world_outline.py /tmp/world-atlas/countries-110m.json /tmp/iso/codes.json

world-atlas (ISC) carries Natural Earth's countries as TopoJSON, each with its ISO 3166-1
numeric code; i18n-iso-countries (MIT) gives the alpha-2 code our content uses. Writes
builder/data/world.json: each country's SVG path in the map's coordinates, by alpha-2 code,
through `builder.rendering.map_drawing.project`, so that marks and outline line up (a build
writes every path together as assets/world.svg, the picture under each map). Run it again only
to change the source or the projection.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from builder.rendering.map_drawing import LAT_BOTTOM, project

REPO = Path(__file__).resolve().parent.parent
LEFT_OUT = {"AQ"}  # Antarctica: below LAT_BOTTOM
NO_CODE = {"Kosovo": "XK"}  # Natural Earth gives it no ISO number; our content writes XK


def arcs(topology: dict) -> list[list[tuple[float, float]]]:  # type: ignore[type-arg]
    """TopoJSON's delta-encoded, quantised arcs as longitude/latitude points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def ring(indexes: list[int], lines: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        line = lines[index] if index >= 0 else list(reversed(lines[~index]))
        points += line[1:] if points else line
    return points


def unwrapped(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring that crosses the antimeridian jumps from 180° to -180°; keep it continuous
    (past 180° or below -180°) so that it is not drawn as a band across the world."""
    result: list[tuple[float, float]] = []
    for lon, lat in points:
        if result:
            previous = result[-1][0]
            while lon - previous > 180:
                lon -= 360
            while previous - lon > 180:
                lon += 360
        result.append((lon, lat))
    return result


def path(polygons: list[list[list[int]]], lines: list[list[tuple[float, float]]]) -> str:
    """One SVG path of every ring, projected, each point once (rounding merges neighbours); a
    ring past the antimeridian is drawn again a world away, and the map's frame cuts both."""
    parts = []
    for polygon in polygons:
        for indexes in polygon:
            points = unwrapped(ring(indexes, lines))
            lons = [lon for lon, _lat in points]
            shifts = [0] + ([-360] if max(lons) > 180 else []) + ([360] if min(lons) < -180 else [])
            for shift in shifts:
                projected: list[tuple[float, float]] = []
                for lon, lat in points:
                    point = project(lon + shift, max(lat, LAT_BOTTOM))
                    if not projected or projected[-1] != point:
                        projected.append(point)
                if len(projected) >= 3:
                    parts.append("M" + " ".join(f"{x:g} {y:g}" for x, y in projected) + "Z")
    return "".join(parts)


def main(world_atlas: Path, iso_codes: Path) -> None:
    topology = json.loads(world_atlas.read_text(encoding="utf-8"))
    alpha2 = {numeric: code for code, _alpha3, numeric, _sub in json.loads(iso_codes.read_text(encoding="utf-8"))}
    lines = arcs(topology)
    countries: dict[str, str] = {}
    for n, geometry in enumerate(topology["objects"]["countries"]["geometries"]):
        name = geometry["properties"]["name"]
        code = alpha2.get(geometry.get("id", ""), NO_CODE.get(name, f"_{n}"))  # _n: drawn, never shaded
        if code in LEFT_OUT:
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        countries[code] = countries.get(code, "") + path(polygons, lines)
    data = {
        "source": "Natural Earth 1:110m Admin 0 countries (public domain), via world-atlas 2.0.2 (ISC)",
        "projection": "equirectangular; see builder/rendering/map_drawing.py",
        "countries": dict(sorted(countries.items())),
    }
    (REPO / "builder" / "data" / "world.json").write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
