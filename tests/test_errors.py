"""Problems as values, and the one "did you mean" every message uses (builder/errors.py)."""

from __future__ import annotations

import pytest

from builder.errors import Problem, did_you_mean, nearest


def test_problem_reads_as_path_line_column_message() -> None:
    assert str(Problem("content/a.yaml", 3, 5, "bad")) == "content/a.yaml:3:5: bad"
    assert str(Problem("content/a.yaml", 1, 1, "odd", "warning")) == "content/a.yaml:1:1: warning: odd"


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        ("actor", ["actors", "tags", "title"], "actors"),
        ("sumary", ["summary", "sources"], "summary"),
        ("EVENTS", ["events", "actors"], "events"),
        ("zzz", ["events", "actors"], None),
    ],
    ids=["plural", "typo", "case-only", "nothing-close"],
)
def test_nearest(value: str, options: list[str], expected: str | None) -> None:
    assert nearest(value, options) == expected


def test_nearest_breaks_ties_the_same_way_whatever_the_order() -> None:
    assert nearest("abcd", ["abce", "abcf"]) == nearest("abcd", ["abcf", "abce"]) is not None
    assert nearest("X", ["x", "X "]) == nearest("X", ["X ", "x"])


def test_did_you_mean_ends_a_message_or_adds_nothing() -> None:
    assert did_you_mean("persn", ("person", "state")) == "; did you mean 'person'?"
    assert did_you_mean("xyz", ("person", "state")) == ""
