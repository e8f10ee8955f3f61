"""Actor networks as geometry: who stands where, which lines join them, where labels go.

Pure functions from the index's data (co-actor counts, relations) to numbers the
templates draw as SVG (`pages/_network.html`): no markup here, so every name goes
through the templates' autoescaping. Coordinates are strings of fixed precision and
every order is sorted, so the same content always gives the same bytes. Two drawings:

* an actor's neighbourhood: the actor in the centre, at most `NEIGHBOURS_DRAWN` others
  on a circle, lines weighted by shared events, declared relations as labelled arrows;
* the site's network: the most connected actors (`pages.py` chooses them, a bounded
  number) on a circle grouped by kind, joined by curves weighted by shared events,
  labels along the radius.

Both are bounded by their caps, whatever the size of the site.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

from builder.model import Actor

NEIGHBOURS_DRAWN = 10
"""Actors around one actor's drawing: beyond about ten, labels on the circle collide."""
RELATED_DRAWN = 5
"""Of those, at most this many drawn for a declared relation before the most frequent co-actors."""
LABEL_CHARACTERS = 22
"""A longer name is cut with "…" on the drawing; the link's name and the list keep it whole."""


class Node(NamedTuple):
    """An actor on a drawing: its mark at (x, y), its label at (label_x, label_y),
    `anchor` the label's text-anchor and `rotate` its angle in degrees ("0" for level)."""

    actor: Actor
    x: str
    y: str
    radius: str
    label: str
    label_x: str
    label_y: str
    anchor: str
    rotate: str
    centre: bool = False


class Edge(NamedTuple):
    """A line between two actors: `path` its SVG path data, `width` its stroke width
    (shared events), `arrow` whether it ends in an arrowhead (a declared relation, drawn
    in its direction), and the relation's words placed at (label_x, label_y)."""

    source: Actor
    target: Actor
    path: str
    width: str
    shared: int
    arrow: bool
    label: str | None
    label_x: str
    label_y: str
    label_anchor: str = "middle"


class Drawing(NamedTuple):
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]


class Relation(NamedTuple):
    """A declared relation as one actor's drawing shows it: `outward` if it reads from this
    actor to the other ("includes"), else from the other to this one."""

    actor: Actor
    label: str
    outward: bool


def fixed(value: float) -> str:
    """A coordinate with one decimal: the same bytes on every machine; never "-0.0"."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def short_label(name: str) -> str:
    """The name, or its first whole words and "…" past `LABEL_CHARACTERS`: a cut word would
    no longer match the link's name, which is the full name."""
    if len(name) <= LABEL_CHARACTERS:
        return name
    cut = name[: LABEL_CHARACTERS - 1]
    words = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return words.rstrip(" ,;:-–") + "…"


def neighbours(
    co_actors: list[tuple[Actor, int]], relations: list[Relation]
) -> list[tuple[Actor, int, list[Relation]]]:
    """The actors one actor's drawing shows, with shared events and relations: up to
    `RELATED_DRAWN` related actors, then the most frequent co-actors, `NEIGHBOURS_DRAWN` in all;
    ordered by shared events, then name, as they go round the circle."""
    shared = {actor.id: n for actor, n in co_actors}
    related: dict[str, list[Relation]] = {}
    for relation in relations:
        related.setdefault(relation.actor.id, []).append(relation)
    actors = {actor.id: actor for actor, _n in co_actors} | {r.actor.id: r.actor for r in relations}
    chosen = list(related)[:RELATED_DRAWN]
    for actor, _n in co_actors:
        if len(chosen) >= NEIGHBOURS_DRAWN:
            break
        if actor.id not in chosen:
            chosen.append(actor.id)
    chosen += [ident for ident in related if ident not in chosen][: NEIGHBOURS_DRAWN - len(chosen)]
    ordered = sorted(chosen, key=lambda ident: (-shared.get(ident, 0), actors[ident].name.casefold(), ident))
    return [(actors[ident], shared.get(ident, 0), related.get(ident, [])) for ident in ordered]


def _stroke(shared: int, most: int) -> str:
    """Line width by shared events: 1 to 6 units, the most shared the thickest."""
    return fixed(1 + 5 * shared / most) if shared else "1.0"


def _level_label(angle: float, x: float, y: float, gap: float) -> tuple[str, str, str]:
    """A level label just outside a mark on a circle: to its right on the right side,
    left on the left, centred above or below at the top and bottom."""
    cos, sin = math.cos(angle), math.sin(angle)
    anchor = "start" if cos > 0.3 else "end" if cos < -0.3 else "middle"
    baseline = 4 + (8 * sin if anchor == "middle" else 0)
    return fixed(x + gap * cos), fixed(y + gap * sin + baseline), anchor


def neighbourhood(centre: Actor, co_actors: list[tuple[Actor, int]], relations: list[Relation]) -> Drawing | None:
    """One actor's drawing, or None when it has no one to draw."""
    around = neighbours(co_actors, relations)
    if not around:
        return None
    width, height, ring = 560, 320, 105.0
    cx, cy = width / 2, height / 2
    most = max((n for _actor, n, _relations in around), default=0) or 1
    nodes = [
        Node(
            centre,
            fixed(cx),
            fixed(cy),
            "10.0",
            short_label(centre.name),
            fixed(cx),
            fixed(cy + 26),
            "middle",
            "0",
            centre=True,
        )
    ]
    edges = []
    for position, (actor, shared, related) in enumerate(around):
        angle = -math.pi / 2 + 2 * math.pi * position / len(around)
        x, y = cx + ring * math.cos(angle), cy + ring * math.sin(angle)
        label_x, label_y, anchor = _level_label(angle, x, y, 12)
        nodes.append(Node(actor, fixed(x), fixed(y), "6.0", short_label(actor.name), label_x, label_y, anchor, "0"))
        edges.append(_spoke(centre, actor, (cx, cy), (x, y), shared, most, related))
    return Drawing(width, height, nodes, edges)


def _spoke(
    centre: Actor,
    actor: Actor,
    middle: tuple[float, float],
    end: tuple[float, float],
    shared: int,
    most: int,
    related: list[Relation],
) -> Edge:
    """The line from the centre to a neighbour, stopped short of both marks so an arrowhead
    shows; pointing at the neighbour when the relation reads outward, else at the centre."""
    (x1, y1), (x2, y2) = middle, end
    length = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    start, stop = (x1 + 13 * ux, y1 + 13 * uy), (x2 - 9 * ux, y2 - 9 * uy)
    first = related[0] if related else None
    if first is not None and not first.outward:
        start, stop = stop, start
    label = "; ".join(r.label for r in related) or None
    # The relation's words beside the middle of the line, on its clockwise side.
    across = math.atan2(y2 - y1, x2 - x1) + math.pi / 2
    label_x, label_y, label_anchor = _level_label(across, x1 + 0.55 * (x2 - x1), y1 + 0.55 * (y2 - y1), 6)
    path = f"M{fixed(start[0])} {fixed(start[1])}L{fixed(stop[0])} {fixed(stop[1])}"
    arrow = first is not None
    source, target = (centre, actor) if first is None or first.outward else (actor, centre)
    return Edge(
        source,
        target,
        path,
        _stroke(shared, most),
        shared,
        arrow,
        label and short_label(label),
        label_x,
        label_y,
        label_anchor,
    )


def network(
    drawn: list[Actor], pairs: list[tuple[Actor, Actor, int]], kind_order: Callable[[Actor], int]
) -> Drawing | None:
    """The site's drawing: `drawn` on a circle grouped by kind (`kind_order`), then by name;
    each of `pairs` (two drawn actors and their shared events) joined by a curve bent
    towards the middle, weighted by them."""
    if len(drawn) < 2:
        return None
    ring = 150.0 + 4.0 * len(drawn)
    size = int(2 * (ring + 190))
    middle = size / 2
    ordered = sorted(drawn, key=lambda a: (kind_order(a), a.name.casefold(), a.id))
    places: dict[str, tuple[float, float]] = {}
    nodes = []
    for position, actor in enumerate(ordered):
        angle = 2 * math.pi * position / len(ordered) - math.pi / 2
        x, y = middle + ring * math.cos(angle), middle + ring * math.sin(angle)
        places[actor.id] = (x, y)
        nodes.append(_radial_node(actor, angle, x, y))
    most = max((n for _a, _b, n in pairs), default=1)
    edges = [
        Edge(
            a,
            b,
            _curve(places[a.id], places[b.id], middle),
            _stroke(n, most),
            n,
            arrow=False,
            label=None,
            label_x="0.0",
            label_y="0.0",
        )
        for a, b, n in pairs
    ]
    return Drawing(size, size, nodes, edges)


def _radial_node(actor: Actor, angle: float, x: float, y: float) -> Node:
    """A mark on the network's circle with its label along the radius, outward, turned
    so that it never reads upside down: labels on a circle never overlap each other."""
    degrees = math.degrees(angle)
    left = math.cos(angle) < -1e-9
    gap = 10.0
    label_x, label_y = x + gap * math.cos(angle), y + gap * math.sin(angle)
    rotate = (degrees + 180 if left else degrees) % 360
    return Node(
        actor, fixed(x), fixed(y), "5.0", short_label(actor.name), fixed(label_x), fixed(label_y),
        "end" if left else "start", fixed(rotate),
    )  # fmt: skip


def _curve(start: tuple[float, float], end: tuple[float, float], middle: float) -> str:
    """A curve between two marks bent halfway to the centre: chords through one point
    would hide each other."""
    (x1, y1), (x2, y2) = start, end
    qx, qy = (x1 + x2) / 4 + middle / 2, (y1 + y2) / 4 + middle / 2
    return f"M{fixed(x1)} {fixed(y1)}Q{fixed(qx)} {fixed(qy)} {fixed(x2)} {fixed(y2)}"
