"""The checks of single values: ids and references, choices, dates, URLs, countries,
coordinates, and the source grades."""

from __future__ import annotations

import re

from builder.countries import COUNTRY_NAMES
from builder.dates import DateError, DateValue, parse_date
from builder.errors import did_you_mean
from builder.ids import (
    ID_PATTERN,
    MAX_ID_LENGTH,
    SCHEMA_PATTERN,
    WINDOWS_DEVICE_NAMES,
    device_name_message,
    suggest_id,
)
from builder.links import is_http_url
from builder.memo import MEMOS, Memo
from builder.model import (
    CREDIBILITY,
    RELIABILITY,
)
from builder.validation.core import INVALID, YAML_READS_AS, Check, Context, Invalid, accepts, expect_scalar
from builder.validation.text import text
from builder.yamltree import Node, Scalar

# Codes people write that ISO does not assign, and the code they mean.
COUNTRY_MISTAKES = {"UK": "GB", "EL": "GR"}
# A coordinate as people write one: decimal degrees, no YAML 1.1 oddities
# (`1:30` is sexagesimal 90, `0x1F`, `.nan`), which would be silently wrong.
_DECIMAL = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")
# The same forms as ECMA-262 patterns, as editors run them; tests/test_schema.py
# holds them against the checks. A date's calendar (no 2022-02-30) is left to `briefing check`.
_SCHEMA_ID = {
    "type": "string",
    "pattern": SCHEMA_PATTERN,
    "maxLength": MAX_ID_LENGTH,
    "patternErrorMessage": "An id: lowercase letters, digits and single hyphens, e.g. nikolai-patrushev; "
    "not a Windows device name (con, prn, aux, nul, com1-9, lpt1-9).",
}
_SINGLE_DATE = r"(?!0000)[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?[~?]?"
_URL_CHARACTER = r'[^\s\u0000-\u001f\u007f-\u009f"<>\\^`{|}]'
"""A character a URL may hold, as JSON Schema's ECMA-262 regular expressions read it with the `u`
flag (as editors and check-jsonschema do): there `\\"` is no valid escape, so `"` is bare."""


@accepts(_SCHEMA_ID)
def identifier(node: Node, name: str, ctx: Context) -> str | Invalid:
    value = text(node, name, ctx)
    if isinstance(value, str) and not valid_id(value, node, ctx, name):
        return INVALID
    return value


def valid_id(value: str, node: Node, ctx: Context, name: str) -> bool:
    if len(value) > MAX_ID_LENGTH:
        ctx.problem(
            node,
            f"the id '{value[:20]}…' in '{name}' is {len(value)} characters, over the limit of "
            f"{MAX_ID_LENGTH}; shorten it",
        )
        return False
    if not ID_PATTERN.fullmatch(value):
        ctx.problem(
            node,
            f"'{value}' is not a valid id: use lowercase letters, digits and single hyphens, "
            f"e.g. '{suggest_id(value)}'",
        )
        return False
    if value in WINDOWS_DEVICE_NAMES:
        ctx.problem(node, device_name_message(value))
        return False
    return True


@accepts(_SCHEMA_ID)
def own_id(node: Node, name: str, ctx: Context) -> str | Invalid:
    """The optional `id:` of an event, actor or briefing: its file name, written again.

    Checked against the file name only, so a wrong value gets one message
    that names the right one, not a second about its spelling.
    """
    value = text(node, name, ctx)
    stem = ctx.document.stem
    if isinstance(value, str) and value != stem:
        ctx.problem(
            node,
            f"id '{value}' does not match the file name '{stem}.yaml'; the id is the file "
            f"name: write id: {stem}, or rename the file",
        )
        return INVALID
    return value


def reference(kind: str) -> Check:
    """An id of another item, resolved in the second pass when every id is known."""

    @accepts(_SCHEMA_ID)
    def check(node: Node, name: str, ctx: Context) -> str | Invalid:
        value = identifier(node, name, ctx)
        if isinstance(value, str):
            assert isinstance(node, Scalar)
            ctx.refer(kind, node, f"'{name}'")
        return value

    return check


def choice(options: tuple[str, ...]) -> Check:
    @accepts({"type": "string", "enum": list(options)})
    def check(node: Node, name: str, ctx: Context) -> str | Invalid:
        value = text(node, name, ctx)
        if isinstance(value, str) and value not in options:
            ctx.problem(
                node, f"'{name}' is '{value}'; it must be one of {listing(options)}{did_you_mean(value, options)}"
            )
            return INVALID
        return value

    return check


def listing(options: tuple[str, ...] | list[str]) -> str:
    quoted = [f"'{o}'" for o in options]
    return ", ".join(quoted[:-1]) + f" or {quoted[-1]}" if len(quoted) > 1 else quoted[0]


def date_field(*, single: bool) -> Check:
    forms = _SINGLE_DATE if single else rf"{_SINGLE_DATE}|{_SINGLE_DATE}/(?:{_SINGLE_DATE}|\.\.)|\.\./{_SINGLE_DATE}"
    examples = (
        "2022-09-19, 2022-09 or 2022, optionally with ~ or ?" if single else "2022-09-19 or 2022-09-15/2022-09-16"
    )

    # A bare year is a number to an editor's YAML reader.
    @accepts(
        {
            "type": ["string", "integer"],
            "pattern": f"^(?:{forms})$",
            "minimum": 1,
            "maximum": 9999,
            "patternErrorMessage": f"A date such as {examples}.",
        }
    )
    def check(node: Node, name: str, ctx: Context) -> DateValue | Invalid:
        scalar = expect_scalar(node, name, ctx, "a date such as 2022-09-19")
        if scalar is None:
            return INVALID
        if scalar.kind not in ("str", "int", "timestamp"):
            reads_as = YAML_READS_AS.get(scalar.kind, "that")
            ctx.problem(scalar, f"'{name}' must be a date such as 2022-09-19, not {reads_as}")
            return INVALID
        try:
            return _parsed_date(scalar.text, single)
        except DateError as error:
            ctx.problem(scalar, str(error))
            return INVALID

    return check


_DATES_SEEN: Memo[tuple[str, bool], DateValue] = MEMOS.memo()
"""Dates already read: an event's `date` is mostly its sources' `published` too."""


def _parsed_date(text: str, single: bool) -> DateValue:
    """`parse_date`, remembered: a `DateValue` is frozen, so events may share one."""
    key = (text, single)
    value = _DATES_SEEN.get(key)
    if value is None:
        value = parse_date(text, single=single)  # raises DateError for a date to correct
        _DATES_SEEN.keep(key, value)
    return value


@accepts(
    {
        "type": "string",
        "pattern": f"^[Hh][Tt][Tt][Pp][Ss]?://(?![/?#@]){_URL_CHARACTER}+$",
        "patternErrorMessage": "A full http:// or https:// address with a host and no spaces.",
    }
)
def url(node: Node, name: str, ctx: Context) -> str | Invalid:
    value = text(node, name, ctx)
    if isinstance(value, str) and not is_http_url(value):
        ctx.problem(
            node,
            f"'{name}' is '{value}', not a web address; write a full http:// or https:// URL with a host "
            "and no spaces, e.g. https://example.org/report",
        )
        return INVALID
    return value


@accepts(
    {"type": "string", "enum": sorted(COUNTRY_NAMES), "enumDescriptions": [n for _, n in sorted(COUNTRY_NAMES.items())]}
)
def country(node: Node, name: str, ctx: Context) -> str | Invalid:
    value = text(node, name, ctx)
    if isinstance(value, str) and value not in COUNTRY_NAMES:
        guess = COUNTRY_MISTAKES.get(value.upper(), value.upper())
        hint = f"; did you mean '{guess}'?" if guess in COUNTRY_NAMES else ""
        ctx.problem(node, f"'{value}' is not an ISO 3166-1 alpha-2 country code (two capital letters, e.g. 'RU'){hint}")
        return INVALID
    return value


_LANGUAGE_TAG = "[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?"
"""A BCP 47 tag as HTML's `lang` takes it, in its usual case: a language (ISO 639), then
perhaps a script (ISO 15924) and a region: `ru`, `zh-Hans`, `zh-Hant-TW`, `sr-Latn`."""


@accepts(
    {
        "type": "string",
        "pattern": f"^{_LANGUAGE_TAG}$",
        "patternErrorMessage": "A language tag such as ru, uk, zh-Hans or ar.",
    }
)
def language(node: Node, name: str, ctx: Context) -> str | Invalid:
    value = text(node, name, ctx)
    if isinstance(value, str) and not re.fullmatch(_LANGUAGE_TAG, value):
        usual = _usual_case(value)
        hint = f"; did you mean '{usual}'?" if re.fullmatch(_LANGUAGE_TAG, usual) else ""
        ctx.problem(node, f"'{name}' is '{value}', not a language tag; write one such as ru, uk, zh-Hans or ar{hint}")
        return INVALID
    return value


def _usual_case(tag: str) -> str:
    """`ZH-hans` as it is usually written, `zh-Hans`: language lower, script title, region upper."""
    first, *rest = tag.replace("_", "-").split("-")
    return "-".join([first.lower(), *(part.title() if len(part) == 4 else part.upper() for part in rest)])


def coordinate(limit: float) -> Check:
    @accepts({"type": "number", "minimum": -limit, "maximum": limit})
    def check(node: Node, name: str, ctx: Context) -> float | Invalid:
        scalar = expect_scalar(node, name, ctx, "a number")
        if scalar is None:
            return INVALID
        if scalar.kind not in ("int", "float") or not _DECIMAL.fullmatch(scalar.text):
            ctx.problem(
                scalar,
                f"'{name}' is '{scalar.text}', not a number of degrees; write a decimal "
                f"number without quotes, e.g. {name}: 26.64",
            )
            return INVALID
        value = float(scalar.text)
        if not -limit <= value <= limit:
            ctx.problem(scalar, f"'{name}' is {scalar.text}; it must be between -{limit:g} and {limit:g}")
            return INVALID
        return value

    return check


@accepts({"type": "string", "enum": list(RELIABILITY), "enumDescriptions": list(RELIABILITY.values())})
def reliability(node: Node, name: str, ctx: Context) -> str | Invalid:
    value = text(node, name, ctx)
    if isinstance(value, str) and value not in RELIABILITY:
        hint = f"; did you mean '{value.upper()}'?" if value.upper() in RELIABILITY else ""
        ctx.problem(node, f"'reliability' is '{value}'; it must be one letter A–F (uppercase){hint}")
        return INVALID
    return value


@accepts(
    {
        "enum": [*CREDIBILITY, *map(str, CREDIBILITY)],
        "enumDescriptions": [*CREDIBILITY.values(), *CREDIBILITY.values()],
        "errorMessage": "A digit from 1 to 6.",
    }
)
def credibility(node: Node, name: str, ctx: Context) -> int | Invalid:
    scalar = expect_scalar(node, name, ctx, "a digit 1–6")
    if scalar is None:
        return INVALID
    if scalar.kind in ("int", "str") and scalar.text in ("1", "2", "3", "4", "5", "6"):
        return int(scalar.text)
    ctx.problem(scalar, f"'credibility' is '{scalar.text}'; it must be a digit from 1 to 6")
    return INVALID
