"""Who appears with whom: co-actor counts at a cost linear in the participations.

Counting, for every event, each pair of its actors costs k² for an event of k
actors: one summit of 10,000 actors would cost 100 million steps, and "appears
most often with" would say nothing a reader can use (everyone shares that one
event with everyone). So only events of at most `CROWD_SIZE` actors count their
pairs; a larger event is a crowd, and each of its actors is told how many crowds
it was in instead. The total work is at most `CROWD_SIZE` steps per participation.
Part of the index stage: `index.py` keeps the result on its `Site`.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

CROWD_SIZE = 30
"""An event with more actors than this is a crowd: its actors share it, but it counts no pairs."""


@dataclass(frozen=True)
class Companions:
    """Shared events between actors, from the events of at most `CROWD_SIZE` actors,
    and how many larger events (crowds) each actor took part in."""

    shared: dict[str, dict[str, int]] = field(default_factory=dict)
    crowds: dict[str, int] = field(default_factory=dict)

    def most_shared(self, actor_id: str, limit: int, name: Callable[[str], str]) -> list[tuple[str, int]]:
        """The `limit` actors sharing most events with this one, most first, then by
        `name` and id: a fixed order, and a heap rather than a full sort of every companion."""
        counts = self.shared.get(actor_id, {})
        return heapq.nsmallest(limit, counts.items(), key=lambda item: (-item[1], name(item[0]), item[0]))


def count_companions(casts: Iterable[Sequence[str]]) -> Companions:
    """Co-actor counts from each event's cast (the ids of its actors, each once)."""
    shared: dict[str, dict[str, int]] = {}
    crowds: dict[str, int] = {}
    for cast in casts:
        if len(cast) > CROWD_SIZE:
            for actor in cast:
                crowds[actor] = crowds.get(actor, 0) + 1
            continue
        for actor in cast:
            counts = shared.setdefault(actor, {})
            for other in cast:
                if other != actor:
                    counts[other] = counts.get(other, 0) + 1
    return Companions(shared, crowds)
