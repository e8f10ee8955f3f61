"""The index stage: what every page shows about other items, derived once (builder/index.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import LoadTree, WriteTree, actor_document, event_document

from builder.errors import Problem
from builder.index import CO_ACTORS_SHOWN, CROWD_SIZE, Site
from builder.pipeline import load_site
from builder.rendering.pages import actor_link_label, latest, months, related_label


def related_ids(site: Site, event_id: str) -> list[tuple[str, str]]:
    return [(related_label(related), related.event.id) for related in site.related.get(event_id, [])]


# (relation written on A, A's date, B's date, shown on A, shown on B)
RELATIONS = [
    ("precedes", "2022-01-01", "2022-02-01", "precedes", "preceded by"),
    ("follows", "2022-02-01", "2022-01-01", "follows", "followed by"),
    ("part-of", "2022-01-02", "2022-01-01/2022-01-03", "part of", "includes"),
    ("response-to", "2022-02-01", "2022-01-01", "response to", "prompted"),
    ("related", "2022-01-01", "2022-02-01", "related to", "related to"),
]


@pytest.mark.parametrize(("relation", "date_a", "date_b", "on_a", "on_b"), RELATIONS, ids=[r[0] for r in RELATIONS])
def test_relation_is_labelled_on_both_events(
    load_tree: LoadTree, relation: str, date_a: str, date_b: str, on_a: str, on_b: str
) -> None:
    site = load_tree(
        {
            "events/a.yaml": event_document("A", date_a, related=[{"event": "b", "relation": relation}]),
            "events/b.yaml": event_document("B", date_b),
        }
    )

    assert related_ids(site, "a") == [(on_a, "b")]
    assert related_ids(site, "b") == [(on_b, "a")]


def test_bare_id_is_related_to(load_tree: LoadTree) -> None:
    site = load_tree(
        {
            "events/a.yaml": event_document("A", "2022-01-01", related=["b"]),
            "events/b.yaml": event_document("B", "2022-02-01"),
        }
    )

    assert related_ids(site, "a") == [("related to", "b")]
    assert related_ids(site, "b") == [("related to", "a")]


@pytest.mark.parametrize(
    ("on_a", "on_b", "shown_on_a", "shown_on_b"),
    [
        ({"event": "b", "relation": "follows"}, {"event": "a", "relation": "precedes"}, "preceded by", "precedes"),
        ({"event": "b", "relation": "related"}, "a", "related to", "related to"),
    ],
    ids=["follows-and-precedes", "related-both"],
)
def test_relation_written_on_both_sides_is_shown_once(
    load_tree: LoadTree, on_a: object, on_b: object, shown_on_a: str, shown_on_b: str
) -> None:
    site = load_tree(
        {
            "events/a.yaml": event_document("A", "2022-02-01", related=[on_a]),  # type: ignore[list-item]
            "events/b.yaml": event_document("B", "2022-01-01", related=[on_b]),  # type: ignore[list-item]
        }
    )

    assert related_ids(site, "a") == [(shown_on_a, "b")]
    assert related_ids(site, "b") == [(shown_on_b, "a")]


def test_related_events_are_listed_chronologically(load_tree: LoadTree) -> None:
    site = load_tree(
        {
            "events/hub.yaml": event_document("Hub", "2022-06-01", related=["late", "early"]),
            "events/late.yaml": event_document("Late", "2022-09-01"),
            "events/early.yaml": event_document("Early", "2022-01-01"),
            "events/middle.yaml": event_document(
                "Middle", "2022-03-01", related=[{"event": "hub", "relation": "precedes"}]
            ),
        }
    )

    assert related_ids(site, "hub") == [("related to", "early"), ("preceded by", "middle"), ("related to", "late")]


def test_actor_events_are_chronological_with_role(load_tree: LoadTree) -> None:
    site = load_tree(
        {
            "actors/p.yaml": actor_document("P"),
            "events/z-first.yaml": event_document("First", "2021-05", actors=[{"actor": "p", "role": "host"}]),
            "events/a-last.yaml": event_document("Last", "2023-01-02", actors=["p"]),
            "events/m-middle.yaml": event_document(
                "Middle", "2022-07-08", actors=[{"actor": "p", "role": "visiting, co-chair"}]
            ),
        }
    )

    assert [(event.id, role) for event, role in site.actor_events["p"]] == [
        ("z-first", "host"),
        ("m-middle", "visiting, co-chair"),
        ("a-last", None),
    ]


def test_co_actors_rank_by_shared_events_then_name(load_tree: LoadTree) -> None:
    site = load_tree(
        {
            "actors/x.yaml": actor_document("Xavier"),
            "actors/y.yaml": actor_document("Yolanda"),
            "actors/w.yaml": actor_document("Beta"),
            "actors/z.yaml": actor_document("Alpha"),
            "actors/lone.yaml": actor_document("Lone"),
            "events/e1.yaml": event_document("E1", "2022-01-01", actors=["x", "y", "w"]),
            "events/e2.yaml": event_document("E2", "2022-01-02", actors=["y", "x"]),
            "events/e3.yaml": event_document("E3", "2022-01-03", actors=["z", "x"]),
            "events/e4.yaml": event_document("E4", "2022-01-04", actors=["lone"]),
            "events/e5.yaml": event_document("E5", "2022-01-05", actors=["x", "w", "y"], status="draft"),
        }
    )

    assert [(actor.id, n) for actor, n in site.co_actors("x")] == [("y", 2), ("z", 1), ("w", 1)]
    assert site.co_actors("lone") == []


def test_a_crowded_event_counts_no_companions(load_tree: LoadTree) -> None:
    """A summit of CROWD_SIZE + 1 delegations says little about who works with whom, and
    counting its pairs would cost the square of its size: it is left out, and counted."""
    crowd = [f"a{i:03d}" for i in range(CROWD_SIZE + 1)]
    tree = {f"actors/{ident}.yaml": actor_document(ident.upper()) for ident in crowd}
    tree["events/summit.yaml"] = event_document("Summit", "2022-01-01", actors=crowd)
    tree["events/talks.yaml"] = event_document("Talks", "2022-01-02", actors=crowd[:2])
    tree["events/full.yaml"] = event_document("Full", "2022-01-03", actors=crowd[2 : 2 + CROWD_SIZE])
    site = load_tree(tree)

    assert [(actor.id, n) for actor, n in site.co_actors("a000")] == [("a001", 1)]
    assert site.crowded_events("a000") == 1
    assert len(site.co_actors("a002")) == CO_ACTORS_SHOWN
    assert site.crowded_events("a002") == 1


def test_co_actors_count_drafts_in_preview(load_tree: LoadTree) -> None:
    site = load_tree(
        {
            "actors/x.yaml": actor_document("Xavier"),
            "actors/y.yaml": actor_document("Yolanda"),
            "events/e1.yaml": event_document("E1", "2022-01-01", actors=["x", "y"]),
            "events/e2.yaml": event_document("E2", "2022-01-02", actors=["x", "y"], status="draft"),
        },
        drafts=True,
    )

    assert [(actor.id, n) for actor, n in site.co_actors("x")] == [("y", 2)]


def links_of(site: Site, actor_id: str) -> list[tuple[str, str, str | None, str | None]]:
    return [
        (
            actor_link_label(link),
            link.actor.id,
            str(link.start) if link.start else None,
            str(link.end) if link.end else None,
        )
        for link in site.actor_links.get(actor_id, [])
    ]


def test_actor_relation_is_shown_on_both_actors(load_tree: LoadTree) -> None:
    site = load_tree(
        {
            "actors/person.yaml": actor_document(
                "Person", relations=[{"actor": "council", "relation": "member-of", "start": "2008-05", "end": "2012"}]
            ),
            "actors/council.yaml": actor_document("Council", "organization"),
        }
    )

    assert links_of(site, "person") == [("member of", "council", "2008-05", "2012")]
    assert links_of(site, "council") == [("has member", "person", "2008-05", "2012")]


@pytest.mark.parametrize(
    ("relation", "other_side"),
    [("part-of", "includes"), ("rules", "ruled by"), ("Member-of", "has member"), ("mentors", "mentors ←")],
)
def test_the_other_side_reads_the_relation_inverted_when_it_is_known(
    load_tree: LoadTree, relation: str, other_side: str
) -> None:
    site = load_tree(
        {
            "actors/council.yaml": actor_document("Council", relations=[{"actor": "state", "relation": relation}]),
            "actors/state.yaml": actor_document("State", "state"),
        }
    )
    assert links_of(site, "state")[0][:2] == (other_side, "council")


def test_actor_relation_stated_on_both_actors_is_not_mirrored(load_tree: LoadTree) -> None:
    site = load_tree(
        {
            "actors/person.yaml": actor_document("Person", relations=[{"actor": "council", "relation": "member-of"}]),
            "actors/council.yaml": actor_document(
                "Council", "organization", relations=[{"actor": "person", "relation": "includes"}]
            ),
        }
    )

    assert links_of(site, "person") == [("member of", "council", None, None)]
    assert links_of(site, "council") == [("includes", "person", None, None)]


def test_role_holders_are_listed_on_the_organisation(load_tree: LoadTree) -> None:
    site = load_tree(
        {
            "actors/person.yaml": actor_document(
                "Person",
                roles=[{"title": "Secretary", "organization": "council", "start": "2008-05"}, {"title": "Author"}],
            ),
            "actors/council.yaml": actor_document("Council", "organization"),
        }
    )

    assert [(actor.id, role.title) for actor, role in site.role_holders["council"]] == [("person", "Secretary")]
    assert list(site.role_holders) == ["council"]


# Selection fixtures: dates cover a closed, an open-ended and an unknown-start interval.
SELECTION_TREE: dict[str, str | bytes] = {
    "actors/a.yaml": actor_document("A"),
    "actors/b.yaml": actor_document("B"),
    "tags.yaml": "t1:\n  title: T1\nt2:\n  title: T2\n",
    "events/e1.yaml": event_document("E1", "2021-06", actors=["a"], tags=["t1"]),
    "events/e2.yaml": event_document("E2", "2022-03-10", actors=["b"], tags=["t1"]),
    "events/e3.yaml": event_document("E3", "2022-05/..", actors=["a"], tags=["t2"]),
    "events/e4.yaml": event_document("E4", "../2021-01", actors=["a", "b"]),
    "events/e5.yaml": event_document("E5", "2022-04", actors=["a"], tags=["t1"], status="draft"),
}
SELECTIONS = [
    ("events-only", {"events": ["e4", "e2"]}, ["e4", "e2"], ["e4", "e2"]),
    ("actor", {"actors": ["a"]}, ["e4", "e1", "e3"], ["e4", "e1", "e5", "e3"]),
    ("any-listed-actor", {"actors": ["a", "b"]}, ["e4", "e1", "e2", "e3"], ["e4", "e1", "e2", "e5", "e3"]),
    ("actor-and-tag", {"actors": ["a"], "tags": ["t1"]}, ["e1"], ["e1", "e5"]),
    ("any-listed-tag", {"tags": ["t1", "t2"]}, ["e1", "e2", "e3"], ["e1", "e2", "e5", "e3"]),
    ("tag-and-period", {"tags": ["t1"], "from": "2022", "to": "2022-03-10"}, ["e2"], ["e2"]),
    ("from-open-end-reaches-forward", {"from": "2030"}, ["e3"], ["e3"]),
    ("to-unknown-start-reaches-back", {"to": "1990"}, ["e4"], ["e4"]),
    ("period-inclusive-month", {"from": "2021-02", "to": "2021-06-01"}, ["e1"], ["e1"]),
    ("period-excludes-ended", {"from": "2021-02-01", "to": "2021-05-31"}, [], []),
    ("exclude", {"actors": ["a"], "exclude": ["e1"]}, ["e4", "e3"], ["e4", "e5", "e3"]),
    ("events-or-criteria", {"events": ["e2"], "tags": ["t2"]}, ["e2", "e3"], ["e2", "e3"]),
    ("exclude-beats-criteria", {"tags": ["t1"], "exclude": ["e2", "e5"]}, ["e1"], ["e1"]),
]


@pytest.mark.parametrize(
    ("selection", "published", "preview"), [s[1:] for s in SELECTIONS], ids=[s[0] for s in SELECTIONS]
)
def test_briefing_selection(
    load_tree: LoadTree, selection: dict[str, object], published: list[str], preview: list[str]
) -> None:
    briefing = yaml.safe_dump({"title": "B", "summary": "S.", "select": selection})
    tree = {**SELECTION_TREE, "briefings/brief.yaml": briefing}

    assert [e.id for e in load_tree(tree).briefing_events["brief"]] == published
    assert [e.id for e in load_tree(tree, drafts=True).briefing_events["brief"]] == preview


EMPTY_BRIEFING = """\
title: Nothing yet
summary: S.
select:
  tags: [t2]
  to: 2020
"""


def test_briefing_selecting_nothing_warns(write_tree: WriteTree, tmp_path: Path) -> None:
    content = write_tree({**SELECTION_TREE, "briefings/empty.yaml": EMPTY_BRIEFING})
    result = load_site(content, root=tmp_path)

    assert result.site is not None
    assert result.site.briefing_events["empty"] == []
    assert result.problems == [
        Problem(
            "content/briefings/empty.yaml",
            4,
            3,
            "this briefing selects no published event; check its 'select'",
            "warning",
        ),
    ]


def test_briefing_selecting_only_a_draft_warns_even_in_preview(write_tree: WriteTree, tmp_path: Path) -> None:
    briefing = "title: Draft only\nsummary: S.\nselect:\n  events: [e5]\n"
    content = write_tree({**SELECTION_TREE, "briefings/draft-only.yaml": briefing})
    result = load_site(content, root=tmp_path, drafts=True)

    assert result.site is not None
    assert [e.id for e in result.site.briefing_events["draft-only"]] == ["e5"]
    assert [str(p) for p in result.warnings] == [
        "content/briefings/draft-only.yaml:4:3: warning: this briefing selects no published event; check its 'select'"
    ]


def test_drafts_are_indexed_only_in_preview(load_tree: LoadTree) -> None:
    tree: dict[str, str | bytes] = {
        "actors/p.yaml": actor_document("P"),
        "tags.yaml": "t:\n  title: T\n",
        "events/live.yaml": event_document("Live", "2022-01-01", actors=["p"], tags=["t"]),
        "events/wip.yaml": event_document("Wip", "2022-01-02", actors=["p"], tags=["t"], status="draft"),
    }
    published, preview = load_tree(tree), load_tree(tree, drafts=True)

    assert [e.id for e in published.events] == ["live"]
    assert [e.id for e, _ in published.actor_events["p"]] == ["live"]
    assert [e.id for e in published.tag_events["t"]] == ["live"]
    assert [e.id for e in preview.events] == ["live", "wip"]
    assert [e.id for e, _ in preview.actor_events["p"]] == ["live", "wip"]
    assert [e.id for e in preview.tag_events["t"]] == ["live", "wip"]


def test_event_order(load_tree: LoadTree) -> None:
    site = load_tree(
        {
            "events/b-day.yaml": event_document("B", "2022-09-01"),
            "events/a-day.yaml": event_document("A", "2022-09-01"),
            "events/a-month.yaml": event_document("M", "2022-09"),
            "events/z-year.yaml": event_document("Y", "2022"),
            "events/c-interval.yaml": event_document("I", "2022-09-01/2022-09-03"),
            "events/b-unknown-start.yaml": event_document("U", "../2022-09-01"),
            "events/y-year-interval.yaml": event_document("YI", "2022/2023"),
            "events/d-approximate.yaml": event_document("C", "2022-08-31~"),
            "events/e-later.yaml": event_document("L", "2022-09-02"),
            "events/f-earlier-year.yaml": event_document("E", "2021-12-31"),
        }
    )

    assert [e.id for e in site.events] == [
        "f-earlier-year",
        "z-year",
        "y-year-interval",
        "d-approximate",
        "a-month",
        "a-day",
        "b-day",
        "b-unknown-start",
        "c-interval",
        "e-later",
    ]


def test_timeline_years_and_months(load_tree: LoadTree) -> None:
    site = load_tree(
        {
            "events/y2021.yaml": event_document("2021 event", "2021-06-15"),
            "events/y2022.yaml": event_document("Year only", "2022"),
            "events/feb.yaml": event_document("February", "2022-02-24"),
            "events/sep-a.yaml": event_document("September A", "2022-09-15/2022-09-16"),
            "events/sep-b.yaml": event_document("September B", "2022-09-19"),
            "events/y2023.yaml": event_document("Until March 2023", "../2023-03"),
        }
    )

    years = site.years()
    assert [(year, [e.id for e in events]) for year, events in years] == [
        (2021, ["y2021"]),
        (2022, ["y2022", "feb", "sep-a", "sep-b"]),
        (2023, ["y2023"]),
    ]
    assert [(label, [e.id for e in events]) for label, events in months(years[1][1])] == [
        ("2022 (month unknown)", ["y2022"]),
        ("February 2022", ["feb"]),
        ("September 2022", ["sep-a", "sep-b"]),
    ]
    assert [(label, [e.id for e in events]) for label, events in months(years[2][1])] == [
        ("March 2023", ["y2023"]),
    ]


def test_latest_and_letters(load_tree: LoadTree) -> None:
    site = load_tree(
        {
            f"events/e{n:02d}.yaml": event_document(title, f"2022-01-{n:02d}")
            for n, title in enumerate(
                [
                    "zulu",
                    "Alpha",
                    "échange",
                    "Bravo",
                    "9 lives",
                    "alpha two",
                    "Kilo",
                    "Lima",
                    "Mike",
                    "November",
                    "Oscar",
                    "Papa",
                ],
                start=1,
            )
        }
    )

    assert [e.id for e in latest(site)] == ["e12", "e11", "e10", "e09", "e08", "e07", "e06", "e05", "e04", "e03"]
    assert [(letter, [e.title for e in events]) for letter, events in site.letters()] == [
        ("#", ["9 lives", "échange"]),
        ("A", ["Alpha", "alpha two"]),
        ("B", ["Bravo"]),
        ("K", ["Kilo"]),
        ("L", ["Lima"]),
        ("M", ["Mike"]),
        ("N", ["November"]),
        ("O", ["Oscar"]),
        ("P", ["Papa"]),
        ("Z", ["zulu"]),
    ]
