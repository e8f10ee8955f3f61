"""Co-actor counts: what is counted, the crowd cap, a fixed order, and work linear in participations."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from builder.companions import CROWD_SIZE, count_companions
from tests.conftest import LoadTree, actor_document, event_document


class CountedCast(Sequence[str]):
    """An event's cast that counts every actor read from it: the work `count_companions` does."""

    reads = 0

    def __init__(self, actors: list[str]) -> None:
        self.actors = actors

    def __len__(self) -> int:
        return len(self.actors)

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        CountedCast.reads += 1
        return self.actors[index]

    def __iter__(self) -> Iterator[str]:
        for actor in self.actors:
            CountedCast.reads += 1
            yield actor


def reads_for(casts: list[list[str]]) -> int:
    CountedCast.reads = 0
    count_companions(CountedCast(cast) for cast in casts)
    return CountedCast.reads


def test_counts_shared_events_both_ways() -> None:
    companions = count_companions([["a", "b", "c"], ["a", "b"], ["c"]])

    assert companions.shared == {"a": {"b": 2, "c": 1}, "b": {"a": 2, "c": 1}, "c": {"a": 1, "b": 1}}
    assert companions.crowds == {}


def test_a_crowd_counts_no_pairs_but_is_counted_for_each_of_its_actors() -> None:
    crowd = [f"a{i:03}" for i in range(CROWD_SIZE + 1)]
    at_cap = crowd[:CROWD_SIZE]

    companions = count_companions([crowd, at_cap])

    assert companions.crowds == dict.fromkeys(crowd, 1)
    assert companions.shared["a000"] == dict.fromkeys(at_cap[1:], 1)
    assert crowd[-1] not in companions.shared


def test_most_shared_orders_by_count_then_name_then_id_whatever_the_input_order() -> None:
    casts = [["x", "y", "z"], ["x", "y"], ["x", "w"], ["x", "v"]]
    names = {"x": "X", "y": "Y", "z": "Same", "w": "Same", "v": "Alpha"}.__getitem__

    forward = count_companions(casts).most_shared("x", 3, names)
    backward = count_companions([list(reversed(cast)) for cast in reversed(casts)]).most_shared("x", 3, names)

    assert forward == backward == [("y", 2), ("v", 1), ("w", 1)]


def test_work_is_linear_in_participations_however_the_actors_are_grouped() -> None:
    actors = [f"a{i:05}" for i in range(10_000)]

    one_event = reads_for([actors])
    one_per_event = reads_for([[actor] for actor in actors])
    at_cap = reads_for([actors[i : i + CROWD_SIZE] for i in range(0, len(actors), CROWD_SIZE)])

    assert one_event <= 2 * one_per_event
    assert at_cap <= (CROWD_SIZE + 1) * len(actors)


def test_site_co_actors_leave_out_crowds_and_say_how_many(load_tree: LoadTree) -> None:
    crowd = [f"c{i:02}" for i in range(CROWD_SIZE + 1)]
    tree = {f"actors/{ident}.yaml": actor_document(ident.upper()) for ident in crowd}
    tree["events/summit.yaml"] = event_document("Summit", "2022-01-01", actors=crowd)
    tree["events/talks.yaml"] = event_document("Talks", "2022-01-02", actors=["c00", "c01"])

    site = load_tree(tree)

    assert [(actor.id, n) for actor, n in site.co_actors("c00")] == [("c01", 1)]
    assert site.crowd_events("c00") == 1
    assert site.co_actors("c05") == []
