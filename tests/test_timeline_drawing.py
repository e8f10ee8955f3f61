"""The drawn timeline's numbers (builder/rendering/timeline_drawing.py): what each date form
draws, rows that never let a mark touch a title, the density band past MARKS_DRAWN, lanes."""

from __future__ import annotations

import datetime
import itertools

import pytest

from builder.dates import parse_date
from builder.model import Event, Source
from builder.rendering import timeline_drawing
from builder.rendering.timeline_drawing import CHAR_WIDTH, MARKS_DRAWN, POINT_RADIUS, Drawing, Mark, draw

SOURCE = (Source(id="s", title="Report", reliability="B", credibility=2),)


def event(ident: str, date: str, title: str | None = None, **fields: object) -> Event:
    return Event(
        id=ident,
        path=f"events/{ident}.yaml",
        title=title or ident.title(),
        date=parse_date(date),
        summary="S.",
        sources=SOURCE,
        **fields,  # type: ignore[arg-type]
    )


def one_mark(date: str, period: tuple[datetime.date, datetime.date] | None = None) -> Mark:
    drawing = draw("t", "T", [event("e", date)], period=period or timeline_drawing.year_period(2022))
    assert drawing is not None
    (mark,) = drawing.marks
    return mark


def x_of(day: datetime.date) -> float:
    """Where a day starts on the drawing of 2022."""
    return round(4 + (timeline_drawing.WIDTH - 8) * (day - datetime.date(2022, 1, 1)).days / 365, 1)


def test_a_known_day_is_a_point_on_its_day() -> None:
    mark = one_mark("2022-09-19")
    assert (mark.shape, mark.halo, mark.open_start, mark.open_end) == ("point", None, False, False)
    assert x_of(datetime.date(2022, 9, 19)) <= mark.x <= x_of(datetime.date(2022, 9, 20))


def test_a_month_covers_its_month_and_an_interval_is_a_bar() -> None:
    month = one_mark("2022-09")
    assert month.shape == "span"
    assert month.x == x_of(datetime.date(2022, 9, 1))
    assert month.x + month.width == pytest.approx(x_of(datetime.date(2022, 10, 1)), abs=0.2)
    interval = one_mark("2022-03-01/2022-05-31")
    assert interval.shape == "interval"
    assert interval.x + interval.width == pytest.approx(x_of(datetime.date(2022, 6, 1)), abs=0.2)


def test_a_guess_gets_a_halo_over_what_it_could_mean() -> None:
    uncertain = one_mark("2022-09?")
    approximate = one_mark("2022-09~")
    assert uncertain.halo == pytest.approx((uncertain.x, uncertain.x + uncertain.width), abs=0.2)
    assert approximate.halo is not None
    assert approximate.halo[0] < approximate.x - 30 and approximate.halo[1] > approximate.x + approximate.width + 30


def test_an_open_end_runs_out_of_the_drawing() -> None:
    since = one_mark("2022-05-03/..")
    until = one_mark("../2022-05-03")
    assert (since.open_start, since.open_end) == (False, True)
    assert since.x + since.width == pytest.approx(timeline_drawing.WIDTH - 4, abs=0.2)
    assert (until.open_start, until.open_end) == (True, False)
    assert until.x == pytest.approx(4, abs=0.2)
    beyond = one_mark("2021-11/2022-02")  # begins before the year drawn: it continues
    assert beyond.open_start and not beyond.open_end


def test_each_mark_carries_its_confidence() -> None:
    drawing = draw("t", "T", [event("a", "2022-01-01", confidence="high"), event("b", "2022-06-01")], period=None)
    assert drawing is not None
    assert [mark.confidence for mark in drawing.marks] == ["high", "none"]


def extents(drawing: Drawing) -> dict[float, list[tuple[float, float]]]:
    """Each labelled row's marks with their titles, as the drawing lays them out."""
    rows: dict[float, list[tuple[float, float]]] = {}
    for mark in drawing.marks:
        if mark.label is None:
            continue
        left = mark.x - POINT_RADIUS if mark.shape == "point" else mark.x
        right = mark.x + POINT_RADIUS if mark.shape == "point" else mark.x + mark.width
        text = len(mark.label) * CHAR_WIDTH
        if mark.label_end:
            left = min(left, mark.label_x - text)
        else:
            right = max(right, mark.label_x + text)
        if mark.halo is not None:
            left, right = min(left, mark.halo[0]), max(right, mark.halo[1])
        rows.setdefault(mark.y, []).append((left, right))
    return rows


def crowded(n: int) -> list[Event]:
    forms = ["2022-09-{:02d}", "2022-09-{:02d}~", "2022-09", "2022-09-{:02d}/2022-09-28", "2022-09?"]
    return [
        event(f"e{i:03d}", forms[i % len(forms)].format(1 + i % 27), title=f"Event {i} " + "word " * (i % 7))
        for i in range(n)
    ]


def test_no_mark_or_title_touches_another_in_its_row() -> None:
    drawing = draw("t", "T", crowded(120), period=timeline_drawing.year_period(2022))
    assert drawing is not None and len(drawing.marks) == 120
    rows = extents(drawing)
    assert len(rows) == timeline_drawing.LABELLED_ROWS  # the crowd fills every titled row
    for row in rows.values():
        row.sort()
        for (_left, right), (next_left, _right) in itertools.pairwise(row):
            assert right + timeline_drawing.GAP <= next_left + 0.2
    assert any(mark.label is None for mark in drawing.marks)  # the rest go untitled, still linked


def test_the_same_events_draw_the_same_numbers_in_any_order() -> None:
    events = crowded(80)
    assert draw("t", "T", events) == draw("t", "T", list(reversed(events)))


def test_past_marks_drawn_a_density_band_with_a_link_per_year() -> None:
    events = [event(f"e{i:04d}", f"{2020 + i % 3}-{1 + i % 12:02d}-01") for i in range(MARKS_DRAWN + 1)]
    drawing = draw("t", "T", events)
    assert drawing is not None and drawing.dense and not drawing.marks
    assert sum(one.count for one in drawing.bins) == MARKS_DRAWN + 1
    assert [(year.year, year.count) for year in drawing.years] == [(2020, 101), (2021, 100), (2022, 100)]
    assert len(drawing.bins) == len({(2020 + i % 3, i % 12) for i in range(MARKS_DRAWN + 1)})  # months with events
    assert draw("t", "T", events[:MARKS_DRAWN]).marks  # type: ignore[union-attr]


def test_lanes_give_the_most_frequent_names_a_lane_and_the_rest_other() -> None:
    tags = {f"e{i}": [f"tag{i % 10}"] + (["common"] if i % 2 else []) for i in range(40)}
    events = [event(ident, f"2022-{1 + n % 12:02d}-01") for n, ident in enumerate(tags)]
    drawing = draw("t", "T", events, lanes=lambda e: tags[e.id])
    assert drawing is not None
    names = [lane.label for lane in drawing.lanes]
    assert names[0] == "common" and names[-1] == "Other" and len(names) == timeline_drawing.LANES_SHOWN + 1
    assert all(mark.x >= timeline_drawing.LANE_GUTTER for mark in drawing.marks)
    assert draw("t", "T", [], lanes=lambda e: []) is None


def test_the_legend_explains_only_what_is_drawn() -> None:
    plain = draw("t", "T", [event("a", "2022-09-19")])
    mixed = draw("t", "T", [event("a", "2022-09-19"), event("b", "2022-10~"), event("c", "2022-05/..")])
    assert plain is not None and plain.keys == {"point"}
    assert mixed is not None and mixed.keys == {"point", "span", "interval", "halo", "open"}


def test_a_year_page_draws_every_event_past_marks_drawn() -> None:
    events = [event(f"e{i:04d}", f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}") for i in range(MARKS_DRAWN + 50)]
    drawing = draw(
        "t", "T", events, period=timeline_drawing.year_period(2022), marks_up_to=timeline_drawing.YEAR_MARKS_DRAWN
    )
    assert drawing is not None and not drawing.dense and len(drawing.marks) == MARKS_DRAWN + 50
    assert sum(mark.label is not None for mark in drawing.marks) < len(drawing.marks)  # the rest untitled
