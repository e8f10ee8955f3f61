"""The date forms of CONTENT-MODEL.md, section "Dates": parse, order, overlap, display.

Curators write dates by hand, so parsing judges the characters exactly as written
and every rejection says what to write instead. Display uses a fixed table of
English month names, never the locale, so that builds are the same everywhere.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["year", "month", "day"]

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Less precise dates sort first on the same first day (CONTENT-MODEL, "Order").
_PRECISIONS: tuple[Precision, ...] = ("year", "month", "day")

_OPEN = ".."
_EN_DASH = "\N{EN DASH}"
_SINGLE_HINT = "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-09-19"
_INTERVAL_HINT = "write each end as YYYY, YYYY-MM or YYYY-MM-DD, or .. for an open end, e.g. 2022-09-15/2022-09-16"
_QUALIFIER_HINT = "give one qualifier, ~ (approximate) or ? (uncertain)"

# [0-9], not \d: \d would also accept other scripts' digits, which the model rejects.
_FORM = re.compile(
    r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?"
    r"(?P<qualifier>[~?%]*)"
)
_TIME_OF_DAY = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})(?:[Tt][0-9]|\s+[0-9]{1,2}:[0-9]{2}).*",
    re.DOTALL,
)


class DateError(ValueError):
    """A date a curator must correct; `str()` is the one-line message to show them."""


@dataclass(frozen=True)
class SingleDate:
    """One day, month or year, possibly approximate (`~`) or uncertain (`?`)."""

    year: int
    month: int | None = None
    day: int | None = None
    qualifier: str | None = None

    @property
    def precision(self) -> Precision:
        if self.month is None:
            return "year"
        return "month" if self.day is None else "day"

    def first_day(self) -> datetime.date:
        """The earliest day this date may mean, e.g. 2022-09-01 for `2022-09`."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> datetime.date:
        """The latest day this date may mean, e.g. 2022-09-30 for `2022-09`."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return datetime.date(self.year, month, day)

    def display(self) -> str:
        """The date as a reader expects it: "c. September 2022", "2022 (?)"."""
        words = [str(self.day)] if self.day is not None else []
        if self.month is not None:
            words.append(MONTHS[self.month - 1])
        words.append(f"{self.year:04d}")
        text = " ".join(words)
        if self.qualifier == "~":
            return f"c. {text}"
        return f"{text} (?)" if self.qualifier == "?" else text

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"]
        parts += [f"{n:02d}" for n in (self.month, self.day) if n is not None]
        return "-".join(parts) + (self.qualifier or "")


@dataclass(frozen=True)
class DateValue:
    """What a `date` field holds: one date, or an interval perhaps open at one end."""

    start: SingleDate | None
    end: SingleDate | None
    is_interval: bool

    def first_day(self) -> datetime.date | None:
        """The earliest possible day; None when the start is unknown."""
        return None if self.start is None else self.start.first_day()

    def last_day(self) -> datetime.date | None:
        """The latest possible day; None when the interval is still open."""
        last = self.end if self.is_interval else self.start
        return None if last is None else last.last_day()

    def sort_key(self) -> tuple[datetime.date, int, int]:
        """The model's order without the id: first day, precision, single first."""
        anchor = self._anchor()
        precision = _PRECISIONS.index(anchor.precision)
        return (anchor.first_day(), precision, int(self.is_interval))

    def timeline_year(self) -> int:
        return self._anchor().year

    def timeline_month(self) -> int | None:
        return self._anchor().month

    def overlaps(self, start: datetime.date | None, end: datetime.date | None) -> bool:
        """Whether any possible day of this value lies in the period from start to end.

        Both bounds are inclusive and None leaves that side unbounded. An open or
        unknown end of this value reaches without limit in its direction, so
        "since May 2022" overlaps every period that ends after April 2022.
        """
        first, last = self.first_day(), self.last_day()
        starts_in_time = end is None or first is None or first <= end
        lasts_long_enough = start is None or last is None or last >= start
        return starts_in_time and lasts_long_enough

    def display(self) -> str:
        """The value as a person writes it: "15–16 September 2022", "since May 2022"."""
        if not self.is_interval:
            return self._anchor().display()
        if self.start is None:
            return f"until {self._anchor().display()}"
        if self.end is None:
            return f"since {self.start.display()}"
        return _display_span(self.start, self.end)

    @property
    def is_uncertain(self) -> bool:
        """Whether the date is a guess or open-ended (`~`, `?`, `..`): lists style such a
        date apart from a sure one, beyond its "c." or "(?)"."""
        ends = (self.start, self.end) if self.is_interval else (self.start,)
        return any(end is None or end.qualifier is not None for end in ends)

    def machine(self) -> str | None:
        """A valid HTML `datetime` value, for single unqualified dates only.

        HTML has no way to say "about" or an interval, so those get none
        rather than a false precision.
        """
        if self.is_interval or self.start is None or self.start.qualifier is not None:
            return None
        return str(self.start)

    def _anchor(self) -> SingleDate:
        """The end that places this value in time: its start, else its known end."""
        anchor = self.start or self.end
        if anchor is None:
            raise ValueError("a date value needs a start or an end")
        return anchor

    def __str__(self) -> str:
        if not self.is_interval:
            return str(self._anchor())
        return f"{self.start or _OPEN}/{self.end or _OPEN}"


def parse_date(text: str, *, single: bool = False) -> DateValue:
    """Read a date field as written; `single=True` for fields that take one date.

    Raises:
        DateError: the text is not one of the model's forms; the message quotes it.
    """
    tidy = "/".join(part.strip() for part in text.split("/"))
    try:
        value = _parse(tidy)
    except _Invalid as bad:
        raise DateError(f"'{_shown(text)}' is not a date: {bad}") from None
    if single and value.is_interval:
        example = value.start or value.end
        raise DateError(f"'{_shown(text)}' is an interval; this field takes a single date such as {example}")
    if _ends_before(value.last_day(), value.first_day()):
        raise DateError(f"'{_shown(text)}' ends before it starts; put the earlier date first")
    if tidy != text:
        # Checked last, so that the suggested text is known to be a valid date.
        raise DateError(f"'{_shown(text)}' is not a date: spaces are not allowed; write '{tidy}'")
    return value


def end_before_start(start: DateValue, end: DateValue) -> bool:
    """Whether `end` is certainly before `start`, as for a role's or briefing's bounds.

    Only certainty counts: `2022-09` to `2022-09-15` is fine, because the start
    may be any day of September.
    """
    return _ends_before(end.last_day(), start.first_day())


class _Invalid(Exception):
    """Why some text is not a date, with a corrected text where one is certain.

    Kept apart from the text so the message can quote the whole value as written.
    """

    def __init__(self, reason: str, fix: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix

    def __str__(self) -> str:
        return self.reason if self.fix is None else f"{self.reason}; write '{self.fix}'"

    def within(self, parts: list[str], index: int) -> _Invalid:
        """Restate a bad interval end so that its fix is the whole interval."""
        if self.fix is None:
            return self
        fixed = [*parts]
        fixed[index] = self.fix
        return _Invalid(self.reason, "/".join(fixed))


def _parse(text: str) -> DateValue:
    # Two or more slashes is more likely a date written 2022/09/19 than an interval.
    if text.count("/") != 1:
        return DateValue(_parse_single(text, _SINGLE_HINT), None, is_interval=False)
    parts = text.split("/")
    if parts == [_OPEN, _OPEN]:
        raise _Invalid("an interval needs at least one known end, e.g. 2022-05/..")
    start, end = (_parse_end(parts, index) for index in range(2))
    return DateValue(start, end, is_interval=True)


def _parse_end(parts: list[str], index: int) -> SingleDate | None:
    if parts[index] == _OPEN:
        return None
    try:
        return _parse_single(parts[index], _INTERVAL_HINT)
    except _Invalid as bad:
        raise bad.within(parts, index) from None


def _parse_single(text: str, hint: str) -> SingleDate:
    """Read a year, month or day, maybe qualified; `hint` names the expected forms."""
    timed = _TIME_OF_DAY.fullmatch(text)
    if timed:
        day = _parse_single(timed["date"], hint)
        raise _Invalid("a time of day is not allowed", str(day))
    if not text.isascii() and any(char.isdigit() and not char.isascii() for char in text):
        raise _Invalid("use the digits 0-9, e.g. 2022-09-19")
    form = _FORM.fullmatch(text)
    if form is None:
        raise _Invalid(hint)
    qualifier = form["qualifier"]
    if len(qualifier) > 1 or qualifier == "%":
        raise _Invalid(_QUALIFIER_HINT)
    date = SingleDate(
        year=int(form["year"]),
        month=_optional_int(form["month"]),
        day=_optional_int(form["day"]),
        qualifier=qualifier or None,
    )
    _check_exists(date)
    return date


def _optional_int(digits: str | None) -> int | None:
    return None if digits is None else int(digits)


def _check_exists(date: SingleDate) -> None:
    """Reject a year, month or day the calendar does not have, naming which."""
    if date.year == 0:
        raise _Invalid("years run from 0001 to 9999")
    if date.month is None:
        return
    if not 1 <= date.month <= 12:
        raise _Invalid(f"there is no month {date.month}")
    if date.day is None:
        return
    days = calendar.monthrange(date.year, date.month)[1]
    if date.day == 0:
        raise _Invalid("there is no day 0")
    if date.day > days:
        raise _Invalid(f"{MONTHS[date.month - 1]} {date.year:04d} has {days} days")


def _ends_before(last: datetime.date | None, first: datetime.date | None) -> bool:
    """Whether a last possible day precedes a first possible day; unknown never does."""
    return last is not None and first is not None and last < first


def _display_span(start: SingleDate, end: SingleDate) -> str:
    """Write both ends of an interval, naming a month or year they share only once.

    Qualified ends are written in full, each with its own qualifier, so that
    "c." or "(?)" is never read as belonging to the other end.
    """
    if start == end:
        return start.display()
    if start.qualifier or end.qualifier:
        return f"{start.display()} {_EN_DASH} {end.display()}"
    first, last = start.display().split(" "), end.display().split(" ")
    shared = _shared_words(first, last)
    head = " ".join(first[: len(first) - shared])
    tail = " ".join(last[: len(last) - shared])
    return " ".join([_dash(head, tail), *last[len(last) - shared :]])


def _shared_words(first: list[str], last: list[str]) -> int:
    """How many final words two displays share, leaving each at least one of its own."""
    shared = 0
    while shared < min(len(first), len(last)) - 1 and first[-1 - shared] == last[-1 - shared]:
        shared += 1
    return shared


def _dash(first: str, last: str) -> str:
    """Join with a bare en dash ("15–16"), spaced when either side has several words."""
    separator = f" {_EN_DASH} " if " " in first + last else _EN_DASH
    return f"{first}{separator}{last}"


def _shown(text: str) -> str:
    """The text for quoting in a one-line message: unprintable characters escaped."""
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)
