"""The Python pieces of page HTML (builder/fragments.py), pinned byte for byte in golden files.

Each function is run over ordinary and hostile inputs (markup in text, quotes in a
class, a template expression as a title); every line of `tests/cases/fragments/<name>.txt`
is one call's inputs and the HTML it gave. `pytest --update-golden` rewrites them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from conftest import Golden
from markupsafe import Markup

from builder import fragments
from builder.dates import parse_date

GOLDEN = Path(__file__).resolve().parent / "cases" / "fragments"
HOSTILE = ["", "plain", "<b>&amp; \"quoted\" 'single'</b>", Markup("<em>already markup</em>"), "{{ config }}"]
CLASSES = ["", "tag", 'x" onclick="alert(1)']


@dataclass(frozen=True)
class FakeDate:
    """A date whose forms are any text; frozen, as DateValue is, because `date` keeps its answers."""

    machine_form: str | None
    display_form: str
    is_uncertain: bool = False

    def machine(self) -> str | None:
        return self.machine_form

    def display(self) -> str:
        return self.display_form


def _lines(calls: list[tuple[str, Any]]) -> str:
    """One line a call: its inputs as written, a tab, and the HTML (newlines shown as ⏎)."""
    return "".join(f"{inputs}\t{str(output).replace(chr(10), '⏎')}\n" for inputs, output in calls)


def test_date(golden: Golden) -> None:
    written = ["2022-09-19", "2022-09", "2022", "2022-09-15/2022-09-16", "2022-09~", "../2022-05-03"]
    dates: list[tuple[str, Any]] = [(text, parse_date(text)) for text in written]
    fakes = [FakeDate("2022-01-01", "<i>&'\"</i>"), FakeDate(None, "<i>&'\"</i>"), FakeDate('a"&<', "x")]
    dates += [(f"{d.machine_form!r}/{d.display_form!r}", d) for d in fakes]
    calls = [(f"{label} class={class_!r}", fragments.date(d, class_)) for class_ in CLASSES for label, d in dates]
    assert all(isinstance(output, Markup) for _inputs, output in calls)
    golden(GOLDEN / "date.txt", _lines(calls))


def test_link_to(golden: Golden) -> None:
    hrefs = [None, "events/x.html", "../a&b.html", "#event-x", "https://example.com/?a=1&b=<2>", 'http"x']
    calls = [
        (f"{href!r} {text!r} class={class_!r}", fragments.link_to(href, text, class_))
        for class_ in CLASSES
        for text in HOSTILE
        for href in hrefs
    ]
    assert isinstance(fragments.link_to(None, "x"), Markup)
    golden(GOLDEN / "link_to.txt", _lines(calls))


def test_draft_badge(golden: Golden) -> None:
    calls = [
        (status, fragments.draft_badge(SimpleNamespace(status=status))) for status in ["draft", "published", "Draft"]
    ]  # type: ignore[arg-type]
    golden(GOLDEN / "draft_badge.txt", _lines(calls))


def test_count(golden: Golden) -> None:
    nouns = [("event", "events"), ("shared event", "shared events"), ("<a&b>", "'quoted'")]
    calls = [
        (f"{n!r} {one!r} {many!r}", fragments.count(n, one, many)) for n in [0, 1, 2, 12, 1.0] for one, many in nouns
    ]
    golden(GOLDEN / "count.txt", _lines(calls))


def test_event_item(golden: Golden) -> None:
    summary = Markup('Met <a href="../actors/x.html">X</a> &amp; Y')
    calls = []
    for status in ["published", "draft"]:
        for note in [None, "", "signatory", "<b>R&D</b> 'lead'", Markup("<i>kept</i>")]:
            for href in [None, "../events/a&b.html", "https://example.com/x"]:
                for title in HOSTILE:
                    event = SimpleNamespace(
                        date=parse_date("2022-09-19"), title=title, status=status, confidence="high", best_grade="B2"
                    )
                    inputs = f"{status} note={note!r} {href!r} {title!r}"
                    calls.append((inputs, fragments.event_item(event, href, summary, note)))  # type: ignore[arg-type]
        event = SimpleNamespace(date=parse_date("2022~"), title="T", status=status, confidence=None, best_grade=None)
        calls.append((f"{status} defaults", fragments.event_item(event, "x.html", Markup("S"))))  # type: ignore[arg-type]
    golden(GOLDEN / "event_item.txt", _lines(calls))


def test_certainty(golden: Golden) -> None:
    """Every level with a grade and without; the words a screen reader hears are always there."""
    calls = [
        (f"{level!r} {grade!r}", fragments.certainty(level, grade))
        for level in [None, "low", "moderate", "high"]
        for grade in [None, "B2", "?3", "<A1>"]
    ]
    golden(GOLDEN / "certainty.txt", _lines(calls))
    assert all('<span class="visually-hidden">Confidence: ' in str(output) for _inputs, output in calls)


def test_sourcing_counts_grades_and_the_ungraded() -> None:
    def event(*grades: tuple[str | None, int | None]) -> Any:
        sources = [
            SimpleNamespace(grade=None if r is None and c is None else f"{r or '?'}{c or '?'}") for r, c in grades
        ]
        return SimpleNamespace(sources=sources)

    assert fragments.sourcing(event(("B", 2), ("C", 3), ("F", 1))) == "3 sources, graded B2, C3, F1"
    assert fragments.sourcing(event(("A", None), (None, None))) == "2 sources, graded A?; 1 not graded"
    assert fragments.sourcing(event((None, None))) == "1 source, not graded"
