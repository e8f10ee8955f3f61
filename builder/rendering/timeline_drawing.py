"""The drawn timeline: events placed on one time axis, as numbers a template turns into SVG.

A reader sees at a glance what happened when and how sure we are, with no script and no
server: every mark is computed here at build time, in the order of the content, with
coordinates rounded to one decimal, so the same content draws the same bytes. What a date
could mean is drawn, not only written: an interval is a bar, a date known to the month or
year covers it, a guess (`~`, `?`) gets a hatched halo over what it could mean, and an open
end runs out to the edge. Past `MARKS_DRAWN` events a drawing shows how many events each
month (or year) holds instead, so no page grows with the whole site.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from builder.dates import MONTHS, DateValue, SingleDate
from builder.model import Event
from builder.typography import typographic

MARKS_DRAWN = 300
"""Above this many events a drawing gives way to a density band: past a few hundred marks
nobody reads them, and a page's size must not grow with the whole site."""

WIDTH = 960.0
AXIS_HEIGHT = 30.0
ROW_HEIGHT = 22.0
COMPACT_ROW_HEIGHT = 12.0
LABELLED_ROWS = 24
"""Rows of marks with their titles; marks past them go in compact rows without a visible
title (their link still names the event), so a crowded week cannot make a page metres long."""
LANE_GUTTER = 150.0
CHAR_WIDTH = 6.1
"""An average character of the 11-pixel label text: wide enough that labels never touch."""
GAP = 10.0
YEAR_MARKS_DRAWN = 2000
"""A year's page draws every event of the year up to this many (its list holds them all);
past `LABELLED_ROWS` rows they go untitled in compact rows."""
DENSITY_HEIGHT = 60.0
LANES_SHOWN = 8


@dataclass(frozen=True)
class Mark:
    """One event: `shape` is point (a known day, centred on `x`), span (a month or year,
    from `x` over `width`) or interval; `halo` the hatched range a guessed date could mean;
    `open_start`/`open_end` when the mark runs out of the drawing (an open interval, or
    beyond the drawing's period); `label` None in a compact row."""

    event: Event
    shape: str
    x: float
    width: float
    y: float
    halo: tuple[float, float] | None
    open_start: bool
    open_end: bool
    confidence: str
    label: str | None
    label_x: float
    label_end: bool
    """Whether the label sits left of the mark (text-anchor end), near the right edge."""


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    year: int | None
    """The year a tick starts, for a link to its page; None for a month tick."""


@dataclass(frozen=True)
class Bin:
    year: int
    x: float
    width: float
    y: float
    height: float
    count: int
    label: str


@dataclass(frozen=True)
class YearBand:
    """A year of a density band, a link to that year's page."""

    year: int
    x: float
    width: float
    count: int


@dataclass(frozen=True)
class Lane:
    label: str
    y: float
    height: float


@dataclass(frozen=True)
class Drawing:
    ident: str
    title: str
    description: str
    width: float
    height: float
    left: float
    marks: tuple[Mark, ...]
    ticks: tuple[Tick, ...]
    bins: tuple[Bin, ...]
    years: tuple[YearBand, ...]
    lanes: tuple[Lane, ...]

    @property
    def dense(self) -> bool:
        return bool(self.bins)

    @property
    def keys(self) -> frozenset[str]:
        """What the legend explains: the shapes drawn, "halo" and "open" when there are any."""
        keys = {mark.shape for mark in self.marks}
        keys |= {"halo" for mark in self.marks if mark.halo is not None}
        keys |= {"open" for mark in self.marks if mark.open_start or mark.open_end}
        return frozenset(keys)


@dataclass(frozen=True)
class _Scale:
    first: datetime.date
    last: datetime.date
    left: float
    right: float

    def x(self, day: datetime.date) -> float:
        span = (self.last - self.first).days + 1
        return self.left + (self.right - self.left) * (day - self.first).days / span

    def x_after(self, day: datetime.date) -> float:
        """The right edge of a day: where the next one starts."""
        return self.x(day + datetime.timedelta(days=1))


def draw(
    ident: str,
    title: str,
    events: list[Event],
    *,
    period: tuple[datetime.date, datetime.date] | None = None,
    lanes: Callable[[Event], Iterable[str]] | None = None,
    marks_up_to: int = MARKS_DRAWN,
) -> Drawing | None:
    """The drawing of `events` (in the content's order) over `period`, or over their whole
    span; None when there is nothing to draw. `lanes` gives each event's lane names (its tags
    or actors): the most frequent `LANES_SHOWN` get a lane each, the rest share "Other".
    Past `marks_up_to` events (`MARKS_DRAWN`; a page's own limit, lower where it sends
    readers to a page per year, higher on a year's page, which lists every event of the
    year anyway) it draws the density band."""
    if not events:
        return None
    first, last = period or _span(events)
    left = LANE_GUTTER if lanes is not None else 0.0
    scale = _Scale(first, last, left + 4, WIDTH - 4)
    ticks = tuple(_ticks(scale))
    if len(events) > marks_up_to:
        bins = tuple(_density(events, scale))
        description = (
            f"{len(events)} events, too many to draw one by one: each bar is how many begin in its "
            "month (its year, over thirty years); each year is a link to its page."
        )
        height = AXIS_HEIGHT + DENSITY_HEIGHT + 8
        return Drawing(ident, title, description, WIDTH, height, left, (), ticks, bins, tuple(_years(bins, scale)), ())
    marks: list[Mark] = []
    lane_rows: list[Lane] = []
    top = AXIS_HEIGHT + 6
    for name, members in _lanes(events, lanes):
        placed, height = _rows([_item(event, scale) for event in members], top)
        marks += placed
        if name is not None:
            lane_rows.append(Lane(name, top, height))
        top += height + (8 if name is not None else 0)
    counted = "1 event" if len(events) == 1 else f"{len(events)} events"
    description = (
        f"{counted} from {_day(first)} to {_day(last)}, each a link to its page; "
        "the list below gives the same events in words."
    )
    return Drawing(ident, title, description, WIDTH, top + 6, left, tuple(marks), ticks, (), (), tuple(lane_rows))


def mark_svg(mark: Mark, href: str | None, ident: str) -> Markup:
    """One mark as SVG: a link (or, with no page in this output, a named group) holding its
    shape, halo, arrows and title. Written here rather than in the template because a year's
    page draws up to `YEAR_MARKS_DRAWN` of them, and a Jinja loop body costs many times a
    function call (as `fragments.event_item` does for lists). Every text is escaped."""
    confidence = "not given" if mark.confidence == "none" else mark.confidence
    name = escape(typographic(f"{mark.event.title}, {mark.event.date.display()}, confidence {confidence}"))
    parts = []
    if href is None:
        parts.append(f'<g class="tl-mark tl-mark--{mark.confidence}" role="img" aria-label="{name}">')
    else:
        external = ' rel="external"' if href.startswith("http") else ""
        parts.append(
            f'<a class="tl-mark tl-mark--{mark.confidence}" href="{escape(href)}"{external} aria-label="{name}">'
        )
    parts.append(f"<title>{name}</title>")
    guess = " tl-shape--guess" if mark.halo else ""
    if mark.halo:
        x0, x1 = mark.halo
        parts.append(
            f'<rect class="tl-halo" x="{x0:.1f}" y="{mark.y - 7:.1f}" width="{x1 - x0:.1f}" height="14" '
            f'fill="url(#{ident}-hatch)"/>'
        )
    if mark.shape == "point":
        parts.append(f'<circle class="tl-shape{guess}" cx="{mark.x:.1f}" cy="{mark.y:.1f}" r="5"/>')
    else:
        half, rounded = (5, 2) if mark.shape == "interval" else (3, 3)
        fade = ""
        if mark.open_end and not mark.open_start:
            fade = f' mask="url(#{ident}-out)"'
        elif mark.open_start and not mark.open_end:
            fade = f' mask="url(#{ident}-in)"'
        parts.append(
            f'<rect class="tl-shape tl-shape--{mark.shape}{guess}" x="{mark.x:.1f}" y="{mark.y - half:.1f}" '
            f'width="{mark.width:.1f}" height="{2 * half}" rx="{rounded}"{fade}/>'
        )
    if mark.open_end:
        parts.append(f'<path class="tl-arrow" d="M{mark.x + mark.width - 1:.1f} {mark.y - 5:.1f}l5 5l-5 5z"/>')
    if mark.open_start:
        parts.append(f'<path class="tl-arrow" d="M{mark.x + 1:.1f} {mark.y - 5:.1f}l-5 5l5 5z"/>')
    if mark.label:
        anchor = ' text-anchor="end"' if mark.label_end else ""
        parts.append(
            f'<text class="tl-label" x="{mark.label_x:.1f}" y="{mark.y + 4:.1f}"{anchor}>'
            f"{escape(typographic(mark.label))}</text>"
        )
    parts.append("</g>" if href is None else "</a>")
    return Markup("".join(parts))


def year_period(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _span(events: list[Event]) -> tuple[datetime.date, datetime.date]:
    """From the first day of the earliest month to the last of the latest (of the year, past
    two years), so that ticks fall on the drawing's edges."""
    days = [day for event in events for day in _known_days(event.date)]
    first, last = min(days), max(days)
    if (last - first).days > 730:
        return datetime.date(first.year, 1, 1), datetime.date(last.year, 12, 31)
    end_month = SingleDate(last.year, last.month)
    return datetime.date(first.year, first.month, 1), end_month.last_day()


def _known_days(value: DateValue) -> list[datetime.date]:
    return [day for day in (value.first_day(), value.last_day()) if day is not None] or [
        value.sort_key()[0]  # an interval open at both ends has no day; it cannot be written
    ]


@dataclass(frozen=True)
class _Item:
    """A mark before its row is known: where it is and what its title will take."""

    event: Event
    shape: str
    x: float
    width: float
    halo: tuple[float, float] | None
    open_start: bool
    open_end: bool
    label: str
    label_end: bool
    lo: float
    hi: float
    """The extent it takes in its row, title and halo included."""


POINT_RADIUS = 5.0


def _item(event: Event, scale: _Scale) -> _Item:
    """Where an event's mark goes: its shape (a point is centred on its day, x is the
    centre), the halo of a guess, whether it runs out of the drawing, and the room its
    title needs: to the right, or to the left near the right edge."""
    value = event.date
    start, end = value.start, (value.end if value.is_interval else value.start)
    shape = "interval" if value.is_interval else ("point" if start is not None and start.day else "span")
    lo = start.first_day() if start is not None else None
    hi = end.last_day() if end is not None else None
    open_start = lo is None or lo < scale.first
    open_end = hi is None or hi > scale.last
    x0 = scale.left if open_start or lo is None else scale.x(lo)
    x1 = scale.right if open_end or hi is None else scale.x_after(hi)
    x0, x1 = min(x0, scale.right - 3), max(x1, scale.left + 3)
    if shape == "point":
        x, width = (x0 + x1) / 2, 0.0
        left, right = x - POINT_RADIUS, x + POINT_RADIUS
    else:
        x, width = x0, max(x1 - x0, 3.0)
        left, right = x0, x0 + width
    halo = _halo(start, end, scale)
    label = event.title  # whole: a link's visible words must be part of its name
    text_width = len(label) * CHAR_WIDTH
    label_end = right + 4 + text_width > WIDTH
    lo_x = min(left - 4 - text_width if label_end else left, halo[0] if halo else left)
    hi_x = max(right if label_end else right + 4 + text_width, halo[1] if halo else right)
    return _Item(event, shape, round(x, 1), round(width, 1), halo, open_start, open_end, label, label_end, lo_x, hi_x)


def _halo(start: SingleDate | None, end: SingleDate | None, scale: _Scale) -> tuple[float, float] | None:
    """What a guessed date could mean: its unit, and for `~` half a unit more on each side
    (a day ±3 days, a month ±15 days, a year ±6 months)."""
    guessed = [part for part in (start, end) if part is not None and part.qualifier is not None]
    if not guessed:
        return None
    lows, highs = [], []
    for part in guessed:
        slack = datetime.timedelta(days=0)
        if part.qualifier == "~":
            slack = datetime.timedelta(days={"day": 3, "month": 15, "year": 182}[part.precision])
        lows.append(part.first_day() - slack)
        highs.append(part.last_day() + slack)
    x0 = scale.x(min(max(min(lows), scale.first), scale.last))
    x1 = scale.x_after(max(min(max(highs), scale.last), scale.first))
    return round(x0, 1), round(max(x1, x0 + 2), 1)


def _rows(items: list[_Item], top: float) -> tuple[list[Mark], float]:
    """Rows by greedy packing in order of the left edge, title included: each mark takes the
    first row where it and its title clear the last one by `GAP`, so no mark touches a label.
    Past `LABELLED_ROWS`, marks go untitled in compact rows packed the same way."""
    labelled: list[float] = []
    compact: list[float] = []
    placed: list[tuple[_Item, int, bool]] = []
    for item in sorted(items, key=lambda item: (item.lo, item.event.id)):
        row = next((i for i, end in enumerate(labelled) if end + GAP <= item.lo), None)
        if row is None and len(labelled) < LABELLED_ROWS:
            row = len(labelled)
            labelled.append(0.0)
        if row is not None:
            labelled[row] = item.hi
            placed.append((item, row, True))
            continue
        left = item.x - POINT_RADIUS if item.shape == "point" else item.x
        right = item.x + POINT_RADIUS if item.shape == "point" else item.x + item.width
        row = next((i for i, end in enumerate(compact) if end + 2 <= left), None)
        if row is None:
            row = len(compact)
            compact.append(0.0)
        compact[row] = right
        placed.append((item, row, False))
    labelled_height = len(labelled) * ROW_HEIGHT
    marks = []
    for item, row, titled in placed:
        if titled:
            y = top + row * ROW_HEIGHT + ROW_HEIGHT / 2
        else:
            y = top + labelled_height + row * COMPACT_ROW_HEIGHT + COMPACT_ROW_HEIGHT / 2
        right = item.x + (POINT_RADIUS if item.shape == "point" else item.width)
        left = item.x - (POINT_RADIUS if item.shape == "point" else 0)
        marks.append(
            Mark(
                item.event,
                item.shape,
                item.x,
                item.width,
                round(y, 1),
                item.halo,
                item.open_start,
                item.open_end,
                item.event.confidence or "none",
                item.label if titled else None,
                round(left - 4 if item.label_end else right + 4, 1),
                item.label_end,
            )
        )
    return marks, labelled_height + len(compact) * COMPACT_ROW_HEIGHT


def _lanes(events: list[Event], lanes: Callable[[Event], Iterable[str]] | None) -> list[tuple[str | None, list[Event]]]:
    """The events of each lane, most frequent lane first (then by name), "Other" last; one
    unnamed lane when there are none. An event is drawn in every shown lane it belongs to."""
    if lanes is None:
        return [(None, events)]
    names = {event.id: sorted(set(lanes(event))) for event in events}
    counts = Counter(name for event in events for name in names[event.id])
    shown = [name for name, _n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:LANES_SHOWN]]
    result: list[tuple[str | None, list[Event]]] = [
        (name, [event for event in events if name in names[event.id]]) for name in shown
    ]
    rest = [event for event in events if not set(names[event.id]) & set(shown)]
    if rest:
        result.append(("Other" if shown else "All", rest))
    return result


def _ticks(scale: _Scale) -> Iterable[Tick]:
    """Month ticks over two years or less, else years (every 1, 2, 5, 10… so that at most
    about a dozen are labelled)."""
    first, last = scale.first, scale.last
    if (last - first).days <= 731:
        year, month = first.year, first.month
        while datetime.date(year, month, 1) <= last:
            day = datetime.date(year, month, 1)
            if day >= first:
                label = f"{MONTHS[month - 1][:3]} {year}" if month == 1 or day == first else MONTHS[month - 1][:3]
                yield Tick(round(scale.x(day), 1), label, year if month == 1 else None)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return
    years = last.year - first.year + 1
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if years / s <= 12)
    for year in range(first.year, last.year + 1):
        if year % step == 0 or year == first.year:
            yield Tick(round(scale.x(datetime.date(year, 1, 1)), 1), str(year), year)


def _density(events: list[Event], scale: _Scale) -> Iterable[Bin]:
    """How many events start in each month (each year past 30 years), as bars."""
    by_year = (scale.last.year - scale.first.year) >= 30
    counts: Counter[tuple[int, int]] = Counter()
    for event in events:
        day = max(min(event.date.sort_key()[0], scale.last), scale.first)
        counts[(day.year, 1 if by_year else day.month)] += 1
    most = max(counts.values())
    for (year, month), n in sorted(counts.items()):
        start = datetime.date(year, month, 1)
        end = datetime.date(year, 12, 31) if by_year else SingleDate(year, month).last_day()
        x0, x1 = scale.x(max(start, scale.first)), scale.x_after(min(end, scale.last))
        height = max(DENSITY_HEIGHT * n / most, 2.0)
        label = f"{year}" if by_year else f"{MONTHS[month - 1]} {year}"
        events_word = "event" if n == 1 else "events"
        yield Bin(
            year,
            round(x0, 1),
            round(max(x1 - x0 - 0.5, 0.5), 1),
            round(AXIS_HEIGHT + 4 + DENSITY_HEIGHT - height, 1),
            round(height, 1),
            n,
            f"{label}: {n} {events_word}",
        )


def _years(bins: tuple[Bin, ...], scale: _Scale) -> Iterable[YearBand]:
    """Each year of the drawing that holds events, over the whole year's width."""
    counts: Counter[int] = Counter()
    for one in bins:
        counts[one.year] += one.count
    for year, n in sorted(counts.items()):
        x0 = scale.x(max(datetime.date(year, 1, 1), scale.first))
        x1 = scale.x_after(min(datetime.date(year, 12, 31), scale.last))
        yield YearBand(year, round(x0, 1), round(x1 - x0, 1), n)


def _day(day: datetime.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
