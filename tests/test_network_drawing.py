"""The actor networks' geometry (builder/rendering/network_drawing.py): a fixed layout, finite
numbers of fixed precision, the caps, labels cut but never lost, arrows in the relation's
direction; and one small drawing as a golden fragment a reviewer can read."""

from __future__ import annotations

import math
import re
from pathlib import Path

from builder.model import Actor
from builder.rendering.network_drawing import (
    LABEL_CHARACTERS,
    NEIGHBOURS_DRAWN,
    RELATED_DRAWN,
    Drawing,
    Relation,
    neighbourhood,
    network,
)
from tests.conftest import Golden, jinja_environment

CASES = Path(__file__).parent / "cases" / "fragments"
NUMBER = re.compile(r"-?\d+\.\d")


def actor(ident: str, name: str | None = None, kind: str = "person") -> Actor:
    return Actor(id=ident, path=f"actors/{ident}.yaml", name=name or ident.title(), kind=kind)


CENTRE = actor("centre", "Centre")


def numbers(drawing: Drawing) -> list[str]:
    """Every coordinate and width of a drawing, as written into the SVG."""
    values = []
    for node in drawing.nodes:
        values += [node.x, node.y, node.radius, node.label_x, node.label_y]
    for edge in drawing.edges:
        values += [edge.width, edge.label_x, edge.label_y, *NUMBER.findall(edge.path)]
    return values


def test_neighbourhood_is_the_same_whatever_the_order_it_is_given_in() -> None:
    others = [(actor(f"a{i}", f"Name {i % 3}"), 3 - i % 3) for i in range(6)]
    relations = [Relation(actor("r1"), "member of", outward=True), Relation(actor("r2"), "leads", outward=False)]

    once = neighbourhood(CENTRE, others, relations)
    again = neighbourhood(CENTRE, list(reversed(others)), list(reversed(relations)))

    assert once is not None and again is not None
    assert [node.actor.id for node in once.nodes] == [node.actor.id for node in again.nodes]
    assert numbers(once) == numbers(again)


def test_every_number_is_finite_with_one_decimal() -> None:
    drawing = neighbourhood(CENTRE, [(actor("only"), 1)], [])
    assert drawing is not None

    for value in numbers(drawing):
        assert re.fullmatch(r"-?\d+\.\d", value) and math.isfinite(float(value)) and value != "-0.0"


def test_neighbourhood_draws_at_most_the_cap_keeping_room_for_relations() -> None:
    co_actors = [(actor(f"c{i:02}"), 20 - i) for i in range(20)]
    relations = [Relation(actor(f"r{i}"), "ally of", outward=True) for i in range(8)]

    drawing = neighbourhood(CENTRE, co_actors, relations)

    assert drawing is not None
    drawn = {node.actor.id for node in drawing.nodes if not node.centre}
    assert len(drawn) == NEIGHBOURS_DRAWN
    assert drawn == {f"r{i}" for i in range(RELATED_DRAWN)} | {
        f"c{i:02}" for i in range(NEIGHBOURS_DRAWN - RELATED_DRAWN)
    }


def test_long_names_are_cut_on_the_drawing_only() -> None:
    long = actor("long", "Shanghai Cooperation Organisation")

    drawing = neighbourhood(CENTRE, [(long, 1)], [])

    assert drawing is not None
    node = drawing.nodes[1]
    assert node.actor.name == "Shanghai Cooperation Organisation"
    assert node.label == "Shanghai Cooperation…" and len(node.label) <= LABEL_CHARACTERS


def test_an_arrow_points_the_way_the_relation_reads() -> None:
    outward = Relation(actor("part"), "includes", outward=True)
    inward = Relation(actor("boss"), "adviser to", outward=False)

    drawing = neighbourhood(CENTRE, [], [outward, inward])

    assert drawing is not None
    edges = {edge.label: edge for edge in drawing.edges}
    assert (edges["includes"].source.id, edges["includes"].target.id) == ("centre", "part")
    assert (edges["adviser to"].source.id, edges["adviser to"].target.id) == ("boss", "centre")
    assert all(edge.arrow for edge in drawing.edges)


def test_an_actor_alone_is_not_drawn() -> None:
    assert neighbourhood(CENTRE, [], []) is None
    assert network([CENTRE], [], lambda a: 0) is None


def test_network_groups_by_kind_and_joins_each_pair_once() -> None:
    state, person, other = actor("s", "State", "state"), actor("p", "Person"), actor("o", "Other")
    order = {"person": 0, "state": 1}

    drawing = network([state, person, other], [(state, person, 3), (person, other, 1)], lambda a: order[a.kind])

    assert drawing is not None
    assert [node.actor.id for node in drawing.nodes] == ["o", "p", "s"]
    assert [(e.source.id, e.target.id, e.width) for e in drawing.edges] == [("s", "p", "6.0"), ("p", "o", "2.7")]
    assert all(re.fullmatch(r"-?\d+\.\d", value) for value in numbers(drawing))


def test_a_small_drawing_as_svg(golden: Golden) -> None:
    russia, sco, council, china = (
        actor("russia", "Russia", "state"),
        actor("sco", "Shanghai Cooperation Organisation", "organization"),
        actor("council", "Security Council of Russia", "organization"),
        actor("china", "China <PRC>", "state"),
    )
    drawing = neighbourhood(
        russia,
        [(china, 4), (council, 1)],
        [Relation(sco, "member of", outward=True), Relation(council, "includes", outward=True)],
    )
    template = jinja_environment().from_string(
        '{% import "pages/_network.html" as n with context %}'
        '{{ n.drawing(d, "net", "The network of Russia", "Russia & co.") }}'
    )

    svg = template.render(d=drawing, url=lambda item: f"{item.id}.html")

    assert "China &lt;PRC&gt;" in svg and "Russia &amp; co." in svg
    golden(CASES / "network.svg", svg + "\n")
