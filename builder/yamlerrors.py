"""YAML syntax errors in a curator's words, at the place the mistake is.

libyaml names what it met where it gave up, which is often a line later than the
mistake (a missing space after a colon shows on the next field) and always in a
parser's terms ("found character that cannot start any token"). `explain` reads the
lines around that place and names the usual mistakes the curators' guide lists
("Writing YAML safely"), with the fix; anything else keeps libyaml's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Explained:
    line: int
    column: int
    message: str


_KEY_WITHOUT_SPACE = re.compile(r"^(\s*(?:- +)?)([A-Za-z_][\w-]*):(?! |$)(\S.*)$")
_LIST_ITEM = re.compile(r"^( *)- ")
_OPENS_FLOW = re.compile(r"^(\s*(?:- +)?[A-Za-z_][\w-]*): *([\[{])")
_COLON_IN_VALUE = re.compile(r"^(\s*(?:- +)?[A-Za-z_][\w-]*): +([^\"'\s].*?): ")
_OPENS_QUOTE = re.compile(r"""^(\s*(?:- +)?[A-Za-z_][\w-]*): +(["'])""")
_QUOTED_THEN_MORE = re.compile(r"""^(\s*(?:- +)?[A-Za-z_][\w-]*): +(["'])(.*?)\2\s*(\S.*)$""")


def explain(text: str, error: yaml.MarkedYAMLError) -> Explained:
    """The mistake behind `error`, in plain words, at its line and column (1-based)."""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    lines = text.splitlines()
    problem, context = error.problem or "", error.context or ""
    diagnoses = (
        _tab,
        _reserved_first_character,
        _block_indicator_then_text,
        _block_text_not_indented,
        _field_without_colon,
        _unclosed_quote,
        _quote_closed_lines_later,
        _unclosed_flow,
        _quoted_then_more,
        _key_without_space,
        _list_item_indent,
        _indented_field,
        _colon_in_value,
    )
    for diagnose in diagnoses:
        found = diagnose(lines, line, column, problem, context, error)
        if found is not None:
            return found
    detail = f"{problem or 'invalid YAML'}{f' ({context})' if context else ''}"
    return Explained(line, column, f"YAML syntax error: {detail}; check the indentation and quotes on this line")


def _tab(lines: list[str], line: int, column: int, problem: str, context: str, error: object) -> Explained | None:
    """A tab where YAML reads indentation: libyaml says only that a token cannot start."""
    if "cannot start any token" not in problem and "tab" not in problem:
        return None
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" not in text[:column]:
        return None
    return Explained(line, text.index("\t") + 1, "tabs can't indent YAML; use spaces (two per level)")


_RESERVED_FIRST = {"@": "'@'", "`": "a backtick", "%": "'%'"}


def _reserved_first_character(
    lines: list[str], line: int, column: int, problem: str, context: str, error: object
) -> Explained | None:
    """`title: @Talks`: YAML keeps `@`, `` ` `` and `%` for itself at the start of a value."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    found = _FIELD.match(text)
    if "cannot start any token" not in problem or found is None or found.group(3)[:1] not in _RESERVED_FIRST:
        return None
    value = found.group(3).rstrip()
    return Explained(
        line,
        found.start(3) + 1,
        f"a value can't start with {_RESERVED_FIRST[value[0]]} in YAML; put the whole value in quotes: "
        f"{found.group(2)}: {_quoted(value)}",
    )


def _block_indicator_then_text(
    lines: list[str], line: int, column: int, problem: str, context: str, error: object
) -> Explained | None:
    """`title: > Talks`: `>` and `|` start a block of text on the lines below, never on their own."""
    if "block scalar" not in context:
        return None
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    found = _FIELD.match(text)
    if found is None or found.group(3)[:1] not in ">|":
        return None
    value = found.group(3).rstrip()
    return Explained(
        line,
        found.start(3) + 1,
        f"'{value[0]}' starts a block of text on the lines below, indented under '{found.group(2)}'; for text on "
        f"this line, put the whole value in quotes: {found.group(2)}: {_quoted(value)}",
    )


_BLOCK_START = re.compile(r"^( *)(?:- +)?([A-Za-z_][\w-]*): *[>|][-+0-9]*\s*(?:#.*)?$")


def _block_text_not_indented(
    lines: list[str], line: int, column: int, problem: str, context: str, error: object
) -> Explained | None:
    """`body: |` followed by text at the field's own indentation: the block is empty, and the
    text is read as a field with no colon."""
    for number in range(min(line, len(lines)) - 1, 0, -1):
        found = _BLOCK_START.match(lines[number - 1])
        if found is None:
            continue
        following = lines[number] if number < len(lines) else ""
        indent = len(following) - len(following.lstrip(" "))
        if number + 1 > line or not following.strip() or indent > len(found.group(1)) or _FIELD.match(following):
            return None
        return Explained(
            number + 1,
            1,
            f"the text of '{found.group(2)}' must be indented under it (by two spaces more than "
            f"'{found.group(2)}'), on every line",
        )
    return None


_WORDS_WITHOUT_COLON = re.compile(r"^( *)(?:- +)?([A-Za-z_][\w-]*) +([^:#\s].*)$")


def _field_without_colon(
    lines: list[str], line: int, column: int, problem: str, context: str, error: object
) -> Explained | None:
    """`title Talks`: with no colon the line is text, which runs on into the next field;
    libyaml trips on that field's colon, a line late."""
    if "mapping values are not allowed" not in problem and "could not find expected ':'" not in problem:
        return None
    for number in range(min(line, len(lines)) - 1, 0, -1):
        text = lines[number - 1]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        found = _WORDS_WITHOUT_COLON.match(text)
        if found is None:
            return None
        return Explained(
            number,
            found.end(2) + 1,
            f"'{found.group(2)}' has no ':' after it; write '{found.group(2)}: {found.group(3).rstrip()}'",
        )
    return None


def _quoted(value: str) -> str:
    """A value in the quotes that need no escape inside it."""
    return f"'{value}'" if '"' in value and "'" not in value else '"' + value.replace('"', '\\"') + '"'


def _unclosed_quote(
    lines: list[str], line: int, column: int, problem: str, context: str, error: yaml.MarkedYAMLError
) -> Explained | None:
    """A quote never closed: libyaml reads to the end of the file, where it reports; the
    mistake is where the quote opens."""
    if "quoted scalar" not in context or error.context_mark is None:
        return None
    opened = error.context_mark
    text = lines[opened.line] if opened.line < len(lines) else ""
    quote = text[opened.column : opened.column + 1] or '"'
    return Explained(
        opened.line + 1,
        opened.column + 1,
        f"this value opens a quote ({quote}) that is never closed; end the value with {quote} on the same line, "
        "or write it without quotes",
    )


def _quote_closed_lines_later(
    lines: list[str], line: int, column: int, problem: str, context: str, error: object
) -> Explained | None:
    """A quote not closed on its line runs on to the next quote of the file, often one inside
    another field's text (`"no limits"`), where libyaml then gives up: the mistake is the
    nearest field above whose value opens a quote that its line does not close."""
    if "expected" not in problem:
        return None
    for number in range(min(line, len(lines)) - 1, 0, -1):
        found = _OPENS_QUOTE.match(lines[number - 1])
        if found is None:
            continue
        quote = found.group(2)
        if _closes(lines[number - 1][found.end() :], quote) or quote not in lines[line - 1][:column]:
            return None
        return Explained(
            number,
            found.start(2) + 1,
            f"this value opens a quote ({quote}) that is not closed on its line, so YAML reads on to the next "
            f"{quote}, on line {line}; end the value with {quote} on the same line, or write it without quotes",
        )
    return None


def _closes(rest: str, quote: str) -> bool:
    """Whether the text after an opening quote holds its closing quote (`\\"` and `''` are
    the quote itself, inside the value)."""
    inside = rest.replace("\\\\", "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
    return quote in inside


def _unclosed_flow(
    lines: list[str], line: int, column: int, problem: str, context: str, error: yaml.MarkedYAMLError
) -> Explained | None:
    """A value that starts with `[` or `{` is a list or a mapping to YAML, which must close."""
    if "flow" not in context or error.context_mark is None:
        return None
    opened = error.context_mark
    text = lines[opened.line] if opened.line < len(lines) else ""
    bracket = text[opened.column : opened.column + 1]
    at = (opened.line + 1, opened.column + 1)
    if bracket not in ("[", "{"):
        # libyaml marks where the list's next entry should have been: find where it opened.
        for number in range(min(line, len(lines)), 0, -1):
            found = _OPENS_FLOW.match(lines[number - 1])
            if found is not None:
                bracket, at = found.group(2), (number, found.start(2) + 1)
                break
        else:
            return None
    closing, what = ("]", "a list") if bracket == "[" else ("}", "a mapping")
    return Explained(
        *at,
        f"a value that starts with '{bracket}' is {what} to YAML, and this one is not closed with '{closing}'; "
        "if it is text, put the whole value in quotes",
    )


def _quoted_then_more(
    lines: list[str], line: int, column: int, problem: str, context: str, error: object
) -> Explained | None:
    """`title: "Xi and Putin" speak`: a quoted value ends at its closing quote."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    found = _QUOTED_THEN_MORE.match(text)
    if found is None or "expected" not in problem:
        return None
    key, quote, inside, rest = found.groups()
    other = "'" if quote == '"' else '"'
    whole = f"{quote}{inside}{quote} {rest}"
    return Explained(
        line,
        found.start(4) + 1,
        f"the value starts with a quote, so it ends at the closing {quote}, and '{rest}' after it is not YAML; "
        f"quote the whole value: {key.strip()}: {other}{whole}{other}",
    )


def _key_without_space(
    lines: list[str], line: int, column: int, problem: str, context: str, error: object
) -> Explained | None:
    """`title:Talks`: without a space the colon is part of a text, and libyaml trips on the
    next field. The mistake is the nearest such line at or above the one it reports."""
    if "mapping values" not in problem and "could not find expected ':'" not in problem:
        return None
    for number in range(min(line, len(lines)), 0, -1):
        text = lines[number - 1]
        found = _KEY_WITHOUT_SPACE.match(text)
        if found is not None and not found.group(3).startswith("//"):
            key, value = found.group(2), found.group(3)
            return Explained(
                number,
                found.end(2) + 1,
                f"'{key}:{value}' needs a space after the colon; write '{key}: {value}'",
            )
        if number < line and text.strip() and not text.startswith((" ", "\t")):
            break  # an earlier field, written right: the mistake is not above it
    return None


def _list_item_indent(
    lines: list[str], line: int, column: int, problem: str, context: str, error: object
) -> Explained | None:
    """A list item indented less or more than the items above it."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    item = _LIST_ITEM.match(text)
    if item is None:
        return None
    here = len(item.group(1))
    for above in reversed(lines[: line - 1]):
        other = _LIST_ITEM.match(above)
        if other is not None:
            there = len(other.group(1))
            if there == here:
                return None
            how = "less" if here < there else "more"
            return Explained(
                line,
                here + 1,
                f"this list item is indented {how} than the items above it (their '-' is in column "
                f"{there + 1}); line it up with them",
            )
    if "expected key" in problem:
        return Explained(
            line,
            here + 1,
            "a list item where a field is expected; a list belongs to a field: write the field's name and ':' on "
            "the line above, and indent the items under it",
        )
    return None


_FIELD = re.compile(r"^( *)(?:- +)?([A-Za-z_][\w-]*): *(.*)$")


def _indented_field(
    lines: list[str], line: int, column: int, problem: str, context: str, error: object
) -> Explained | None:
    """A field indented under a field that already has a value: YAML reads it as more of
    that value, then trips on its colon."""
    if "mapping values" not in problem:
        return None
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    here = _FIELD.match(text)
    above = next((other for other in reversed(lines[: line - 1]) if other.strip()), "")
    there = _FIELD.match(above)
    if here is None or there is None or not there.group(3) or len(here.group(1)) <= len(there.group(1)):
        return None
    return Explained(
        line,
        len(here.group(1)) + 1,
        f"'{here.group(2)}' is indented more than '{there.group(2)}' above it, which already has a value; "
        "line it up with the fields around it",
    )


def _colon_in_value(
    lines: list[str], line: int, column: int, problem: str, context: str, error: object
) -> Explained | None:
    """`title: Talks: the sequel`: ': ' inside a value starts another field."""
    if "mapping values" not in problem:
        return None
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    found = _COLON_IN_VALUE.match(text)
    if found is None:
        return None
    key = found.group(1).strip()
    value = text[found.end(1) :].lstrip(" :")
    return Explained(
        line,
        column,
        f"a ': ' inside a value starts another field; put the value in quotes: {key}: \"{value}\"",
    )
