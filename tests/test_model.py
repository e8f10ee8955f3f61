"""What the model derives from a curator's values (builder/model.py): the best grade that lists
show beside each event."""

from __future__ import annotations

import pytest

from builder.dates import parse_date
from builder.model import Event, Source


def event_with(*grades: tuple[str | None, int | None]) -> Event:
    sources = tuple(
        Source(id=f"s{n}", title="Report", reliability=reliability, credibility=credibility)
        for n, (reliability, credibility) in enumerate(grades)
    )
    return Event(id="e", path="events/e.yaml", title="E", date=parse_date("2022-09-19"), summary="S.", sources=sources)


@pytest.mark.parametrize(
    ("grades", "best"),
    [
        ([("C", 3), ("B", 4), ("F", 1)], "B4"),  # reliability first: B4 over F1
        ([("B", 4), ("B", 2)], "B2"),  # then credibility
        ([("B", None), ("B", 6)], "B6"),  # a part not graded counts as worst
        ([("A", None), (None, 1)], "A?"),  # and shows as "?"
        ([(None, 2), (None, None)], "?2"),
        ([(None, None)], None),  # no grade at all: nothing to show
        ([("E", 5), ("E", 5)], "E5"),
    ],
)
def test_best_grade_is_one_sources_grade(grades: list[tuple[str | None, int | None]], best: str | None) -> None:
    assert event_with(*grades).best_grade == best
