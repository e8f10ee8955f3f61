"""The date forms of CONTENT-MODEL.md, section "Dates", pinned to exact text."""

from __future__ import annotations

import datetime

import pytest

from builder.dates import DateError, DateValue, SingleDate, end_before_start, parse_date

D = datetime.date

# text, normalised EDTF, display, first day, last day
FORMS = [
    ("2022-09-19", "2022-09-19", "19 September 2022", D(2022, 9, 19), D(2022, 9, 19)),
    ("2022-09", "2022-09", "September 2022", D(2022, 9, 1), D(2022, 9, 30)),
    ("2022", "2022", "2022", D(2022, 1, 1), D(2022, 12, 31)),
    ("2022-09~", "2022-09~", "c. September 2022", D(2022, 9, 1), D(2022, 9, 30)),
    ("2022-09?", "2022-09?", "September 2022 (?)", D(2022, 9, 1), D(2022, 9, 30)),
    (
        "2022-09-19~",
        "2022-09-19~",
        "c. 19 September 2022",
        D(2022, 9, 19),
        D(2022, 9, 19),
    ),
    ("2022?", "2022?", "2022 (?)", D(2022, 1, 1), D(2022, 12, 31)),
    ("2022-02", "2022-02", "February 2022", D(2022, 2, 1), D(2022, 2, 28)),
    ("2024-02", "2024-02", "February 2024", D(2024, 2, 1), D(2024, 2, 29)),
    ("0001", "0001", "0001", D(1, 1, 1), D(1, 12, 31)),
    ("9999-12-31", "9999-12-31", "31 December 9999", D(9999, 12, 31), D(9999, 12, 31)),
    (
        "2022-09-15/2022-09-16",
        "2022-09-15/2022-09-16",
        "15–16 September 2022",
        D(2022, 9, 15),
        D(2022, 9, 16),
    ),
    (
        "2022-09-15/2022-10-02",
        "2022-09-15/2022-10-02",
        "15 September – 2 October 2022",
        D(2022, 9, 15),
        D(2022, 10, 2),
    ),
    (
        "2022-09/2022-10",
        "2022-09/2022-10",
        "September–October 2022",
        D(2022, 9, 1),
        D(2022, 10, 31),
    ),
    (
        "2021-12-30/2022-01-02",
        "2021-12-30/2022-01-02",
        "30 December 2021 – 2 January 2022",
        D(2021, 12, 30),
        D(2022, 1, 2),
    ),
    ("2021/2022", "2021/2022", "2021–2022", D(2021, 1, 1), D(2022, 12, 31)),
    (
        "2021-11/2022-03",
        "2021-11/2022-03",
        "November 2021 – March 2022",
        D(2021, 11, 1),
        D(2022, 3, 31),
    ),
    (
        "2022-09/2022-09-15",
        "2022-09/2022-09-15",
        "September – 15 September 2022",
        D(2022, 9, 1),
        D(2022, 9, 15),
    ),
    (
        "2022/2022-09",
        "2022/2022-09",
        "2022 – September 2022",
        D(2022, 1, 1),
        D(2022, 9, 30),
    ),
    (
        "2022-09-15/2022-09-15",
        "2022-09-15/2022-09-15",
        "15 September 2022",
        D(2022, 9, 15),
        D(2022, 9, 15),
    ),
    (
        "2022-09~/2022-10?",
        "2022-09~/2022-10?",
        "c. September 2022 – October 2022 (?)",
        D(2022, 9, 1),
        D(2022, 10, 31),
    ),
    (
        "2022-09-15~/2022-09-16",
        "2022-09-15~/2022-09-16",
        "c. 15 September 2022 – 16 September 2022",
        D(2022, 9, 15),
        D(2022, 9, 16),
    ),
    ("2022-05/..", "2022-05/..", "since May 2022", D(2022, 5, 1), None),
    ("2022-05~/..", "2022-05~/..", "since c. May 2022", D(2022, 5, 1), None),
    ("../2022-05", "../2022-05", "until May 2022", None, D(2022, 5, 31)),
    ("../2022-05?", "../2022-05?", "until May 2022 (?)", None, D(2022, 5, 31)),
]


@pytest.mark.parametrize(("text", "edtf", "display", "first", "last"), FORMS, ids=[form[0] for form in FORMS])
def test_form(text: str, edtf: str, display: str, first: D | None, last: D | None) -> None:
    value = parse_date(text)
    assert (str(value), value.display(), value.first_day(), value.last_day()) == (
        edtf,
        display,
        first,
        last,
    )


def test_parsed_single_date_fields() -> None:
    value = parse_date("2022-09~")
    assert value == DateValue(SingleDate(2022, 9, None, "~"), None, is_interval=False)


def test_parsed_open_interval_fields() -> None:
    value = parse_date("../2022-05-03")
    assert value == DateValue(None, SingleDate(2022, 5, 3), is_interval=True)


@pytest.mark.parametrize(
    ("text", "precision"),
    [("2022", "year"), ("2022-09~", "month"), ("2022-09-19?", "day")],
    ids=["year", "month", "day"],
)
def test_precision(text: str, precision: str) -> None:
    start = parse_date(text, single=True).start
    assert start is not None
    assert start.precision == precision


@pytest.mark.parametrize(
    ("date", "display", "edtf"),
    [
        (SingleDate(2022, 9, 19), "19 September 2022", "2022-09-19"),
        (SingleDate(2022, 9), "September 2022", "2022-09"),
        (SingleDate(2022), "2022", "2022"),
        (SingleDate(2022, 9, qualifier="~"), "c. September 2022", "2022-09~"),
        (SingleDate(2022, 9, qualifier="?"), "September 2022 (?)", "2022-09?"),
        (SingleDate(2022, 1, 5), "5 January 2022", "2022-01-05"),
    ],
    ids=["day", "month", "year", "approximate", "uncertain", "padding"],
)
def test_single_date_text(date: SingleDate, display: str, edtf: str) -> None:
    assert (date.display(), str(date)) == (display, edtf)


@pytest.mark.parametrize(
    ("text", "exists"),
    [
        ("2024-02-29", True),
        ("2000-02-29", True),
        ("2023-02-29", False),
        ("1900-02-29", False),
        ("2022-04-31", False),
        ("2022-12-31", True),
    ],
    ids=[
        "leap-2024",
        "leap-2000",
        "common-2023",
        "century-1900",
        "april-31",
        "december-31",
    ],
)
def test_leap_years_and_month_lengths(text: str, exists: bool) -> None:
    if exists:
        assert str(parse_date(text)) == text
    else:
        with pytest.raises(DateError):
            parse_date(text)


ERRORS = [
    ("2022-02-30", "'2022-02-30' is not a date: February 2022 has 28 days"),
    ("2023-02-29", "'2023-02-29' is not a date: February 2023 has 28 days"),
    ("1900-02-29", "'1900-02-29' is not a date: February 1900 has 28 days"),
    ("2022-04-31", "'2022-04-31' is not a date: April 2022 has 30 days"),
    ("2022-09-00", "'2022-09-00' is not a date: there is no day 0"),
    ("2022-13", "'2022-13' is not a date: there is no month 13"),
    ("2022-00-10", "'2022-00-10' is not a date: there is no month 0"),
    ("0000", "'0000' is not a date: years run from 0001 to 9999"),
    (
        "2022-09-19T10:45",
        "'2022-09-19T10:45' is not a date: a time of day is not allowed; write '2022-09-19'",
    ),
    (
        "2022-09-19 10:45:00",
        "'2022-09-19 10:45:00' is not a date: a time of day is not allowed; write '2022-09-19'",
    ),
    ("2022-02-30T10:45", "'2022-02-30T10:45' is not a date: February 2022 has 28 days"),
    (
        "19 Sept 2022",
        "'19 Sept 2022' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-09-19",
    ),
    (
        "22-09-19",
        "'22-09-19' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-09-19",
    ),
    (
        "20220",
        "'20220' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-09-19",
    ),
    (
        "2022-9-1",
        "'2022-9-1' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-09-19",
    ),
    (
        "2022/09/19",
        "'2022/09/19' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-09-19",
    ),
    ("", "'' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-09-19"),
    (
        "~2022",
        "'~2022' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-09-19",
    ),
    ("٢٠٢٢-٠٩", "'٢٠٢٢-٠٩' is not a date: use the digits 0-9, e.g. 2022-09-19"),
    ("２０２２", "'２０２２' is not a date: use the digits 0-9, e.g. 2022-09-19"),
    (
        "2022-09~?",
        "'2022-09~?' is not a date: give one qualifier, ~ (approximate) or ? (uncertain)",
    ),
    (
        "2022??",
        "'2022??' is not a date: give one qualifier, ~ (approximate) or ? (uncertain)",
    ),
    (
        "2022%",
        "'2022%' is not a date: give one qualifier, ~ (approximate) or ? (uncertain)",
    ),
    (
        " 2022-09-19",
        "' 2022-09-19' is not a date: spaces are not allowed; write '2022-09-19'",
    ),
    (
        "2022-09-19\n",
        "'2022-09-19\\n' is not a date: spaces are not allowed; write '2022-09-19'",
    ),
    (
        "2022-09-15 / 2022-09-16",
        ("'2022-09-15 / 2022-09-16' is not a date: spaces are not allowed; write '2022-09-15/2022-09-16'"),
    ),
    (
        " 19 Sept",
        "' 19 Sept' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-09-19",
    ),
    ("2022-09-16/2022-09-15", "'2022-09-16/2022-09-15' ends before it starts; put the earlier date first"),
    ("2022-10/2022-09-30", "'2022-10/2022-09-30' ends before it starts; put the earlier date first"),
    ("2023~/2022?", "'2023~/2022?' ends before it starts; put the earlier date first"),
    (
        "2022-09-15/2022-02-30",
        "'2022-09-15/2022-02-30' is not a date: February 2022 has 28 days",
    ),
    (
        "2022-09-19T10:45/2022-09-20",
        ("'2022-09-19T10:45/2022-09-20' is not a date: a time of day is not allowed; write '2022-09-19/2022-09-20'"),
    ),
    (
        "2022-09-15/",
        (
            "'2022-09-15/' is not a date: write each end as YYYY, YYYY-MM or YYYY-MM-DD,"
            " or .. for an open end, e.g. 2022-09-15/2022-09-16"
        ),
    ),
    (
        "2022-09-15/16",
        (
            "'2022-09-15/16' is not a date: write each end as YYYY, YYYY-MM or YYYY-MM-DD,"
            " or .. for an open end, e.g. 2022-09-15/2022-09-16"
        ),
    ),
    (
        "../..",
        "'../..' is not a date: an interval needs at least one known end, e.g. 2022-05/..",
    ),
]


@pytest.mark.parametrize(("text", "message"), ERRORS, ids=[error[0] for error in ERRORS])
def test_error_message(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert str(caught.value) == message


def test_date_error_is_value_error() -> None:
    assert issubclass(DateError, ValueError)


SINGLE_ERRORS = [
    (
        "2022-09-15/2022-09-16",
        "'2022-09-15/2022-09-16' is an interval; this field takes a single date such as 2022-09-15",
    ),
    (
        "2022-05~/..",
        "'2022-05~/..' is an interval; this field takes a single date such as 2022-05~",
    ),
    (
        "../2022-05",
        "'../2022-05' is an interval; this field takes a single date such as 2022-05",
    ),
    (
        "2022-09-16/2022-09-15",
        "'2022-09-16/2022-09-15' is an interval; this field takes a single date such as 2022-09-16",
    ),
    ("2022-13", "'2022-13' is not a date: there is no month 13"),
]


@pytest.mark.parametrize(("text", "message"), SINGLE_ERRORS, ids=[error[0] for error in SINGLE_ERRORS])
def test_single_field_error_message(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text, single=True)
    assert str(caught.value) == message


@pytest.mark.parametrize("text", ["2022-09-19", "2022-09", "2022", "2022-09~", "2022?"], ids=str)
def test_single_field_takes_single_forms(text: str) -> None:
    value = parse_date(text, single=True)
    assert (str(value), value.is_interval, value.end) == (text, False, None)


def _sorted(texts: list[str]) -> list[str]:
    return sorted(texts, key=lambda text: parse_date(text).sort_key())


@pytest.mark.parametrize(
    "expected",
    [
        ["2022", "2022-01", "2022-01-01"],
        ["2022-09", "2022-09-01", "2022-09-01/2022-09-03"],
        ["2022-09", "2022-09/2022-10", "2022-09-01"],
        ["2021-12-31", "2022-05", "../2022-05", "2022-05-02"],
        ["2022", "../2022", "2022-01-01"],
        ["2021/2023", "2022-05/..", "2022-06"],
        ["2022-09-15~", "2022-09-16?", "2022-10"],
    ],
    ids=[
        "less-precise-first",
        "single-before-interval",
        "precision-before-interval",
        "unknown-start-sorts-by-end",
        "unknown-start-year",
        "open-end-sorts-by-start",
        "qualifiers-do-not-move",
    ],
)
def test_sort_order(expected: list[str]) -> None:
    assert _sorted(list(reversed(expected))) == expected


def test_sort_key_leaves_ties_to_the_caller() -> None:
    keys = {parse_date(text).sort_key() for text in ["2022-09~", "2022-09?", "2022-09"]}
    assert keys == {(D(2022, 9, 1), 1, 0)}


@pytest.mark.parametrize(
    ("text", "year", "month"),
    [
        ("2022-09-19", 2022, 9),
        ("2022-09?", 2022, 9),
        ("2022", 2022, None),
        ("2021-12/2022-02", 2021, 12),
        ("2021/2022-02", 2021, None),
        ("../2022-05", 2022, 5),
        ("../2022", 2022, None),
        ("2022-05~/..", 2022, 5),
    ],
    ids=[
        "day",
        "month",
        "year",
        "interval",
        "interval-year",
        "unknown-start",
        "unknown-start-year",
        "open",
    ],
)
def test_timeline_place(text: str, year: int, month: int | None) -> None:
    value = parse_date(text)
    assert (value.timeline_year(), value.timeline_month()) == (year, month)


SEPT_1, SEPT_30 = D(2022, 9, 1), D(2022, 9, 30)


@pytest.mark.parametrize(
    ("text", "start", "end", "overlaps"),
    [
        ("2022-09-19", SEPT_1, SEPT_30, True),
        ("2022-09-01", SEPT_1, SEPT_30, True),
        ("2022-09-30", SEPT_1, SEPT_30, True),
        ("2022-08-31", SEPT_1, SEPT_30, False),
        ("2022-10-01", SEPT_1, SEPT_30, False),
        ("2022", SEPT_1, SEPT_30, True),
        ("2022-09~", D(2022, 9, 30), D(2022, 10, 5), True),
        ("2022-08-25/2022-09-02", SEPT_1, SEPT_30, True),
        ("2022-07/2022-08", SEPT_1, SEPT_30, False),
        ("2021-05/..", SEPT_1, SEPT_30, True),
        ("2022-10/..", SEPT_1, SEPT_30, False),
        ("2022-10/..", SEPT_1, None, True),
        ("../2021", SEPT_1, SEPT_30, False),
        ("../2022-09-01", SEPT_1, SEPT_30, True),
        ("../2021", None, SEPT_30, True),
        ("2022-09-19", None, None, True),
        ("2022-09-19", D(2022, 9, 20), None, False),
        ("2022-09-19", None, D(2022, 9, 18), False),
    ],
    ids=[
        "inside",
        "first-bound-inclusive",
        "last-bound-inclusive",
        "day-before",
        "day-after",
        "year-covers-period",
        "month-touches-start",
        "interval-straddles-start",
        "interval-before",
        "open-end-started-before",
        "open-end-starts-after",
        "open-end-unbounded-period",
        "unknown-start-ends-before",
        "unknown-start-ends-on-first-day",
        "unknown-start-unbounded-from",
        "unbounded-period",
        "after-from-only",
        "before-to-only",
    ],
)
def test_overlaps(text: str, start: D | None, end: D | None, overlaps: bool) -> None:
    assert parse_date(text).overlaps(start, end) is overlaps


@pytest.mark.parametrize(
    ("start", "end", "reversed_"),
    [
        ("2022-09-16", "2022-09-15", True),
        ("2022-09-15", "2022-09-15", False),
        ("2022-09", "2022-09-15", False),
        ("2022-09-15", "2022-09", False),
        ("2022-10", "2022-09-30", True),
        ("2023", "2022-12-31", True),
        ("2022~", "2021?", True),
    ],
    ids=[
        "day-before",
        "same-day",
        "day-inside-month",
        "month-holds-day",
        "month-after",
        "year-after",
        "qualified",
    ],
)
def test_end_before_start(start: str, end: str, reversed_: bool) -> None:
    assert end_before_start(parse_date(start), parse_date(end)) is reversed_


def test_end_before_start_with_unknown_bound_is_never_reversed() -> None:
    assert not end_before_start(parse_date("../2022"), parse_date("2021"))
    assert not end_before_start(parse_date("2022"), parse_date("2021/.."))


def test_value_without_any_end_is_refused() -> None:
    with pytest.raises(ValueError, match="a date value needs a start or an end"):
        DateValue(None, None, is_interval=True).sort_key()
