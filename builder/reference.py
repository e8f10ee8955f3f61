"""The field reference of docs/fields.md: every field of every kind of content file, what
it accepts, whether it is required, and its rule, written from the validator's field
tables through the same schemas editors get (`schema.document`), so a field added to a
table is in the reference as soon as it is regenerated (`make docs`), and
tests/test_reference.py fails until it is.
"""

from __future__ import annotations

from typing import Any

from builder.schema import KINDS, document
from builder.validation.core import Schema

HEADER = """# Field reference

Generated from the validator's field tables by `make docs` (`python -m builder.reference`);
do not edit by hand. The rules in words, with examples, are in [curators.md](curators.md);
the contract is [content-model.md](content-model.md). A nested field is written with its
parents: `sources[].reliability` is the `reliability` of each entry of `sources`.
"""

TITLES = {"event": "Events", "actor": "Actors", "tags": "Tags (`tags.yaml`)", "briefing": "Briefings"}


def field_reference() -> str:
    sections = [HEADER]
    for kind in KINDS:
        schema = document(kind)
        sections.append(f"## {TITLES[kind]}\n\n{schema['description']}\n")
        rows = _rows(
            schema["additionalProperties"] if kind == "tags" else schema, "<tag id>." if kind == "tags" else ""
        )
        sections.append(_table(rows))
    return "\n".join(sections)


def _rows(schema: Schema, prefix: str) -> list[tuple[str, str, str, str]]:
    rows = []
    required = set(schema.get("required", ()))
    for name, field in schema.get("properties", {}).items():
        path = prefix + name
        rows.append((path, "yes" if name in required else "", accepts(field), field.get("description", "")))
        shown: list[Schema] = []
        for nested, suffix in _nested(field):
            if nested["properties"] not in shown:  # a mapping or a list of the same mappings: once
                shown.append(nested["properties"])
                rows.extend(_rows(nested, f"{path}{suffix}."))
    return rows


def _nested(field: Schema) -> list[tuple[Schema, str]]:
    """The mappings inside a field (itself, its list's entries, or a choice's mapping)."""
    if "properties" in field:
        return [(field, "")]
    if "items" in field:
        return [(nested, "[]") for nested, _suffix in _nested(field["items"])]
    return [pair for choice in field.get("anyOf", []) for pair in _nested(choice)]


def accepts(field: Schema) -> str:
    """What a field accepts, in words."""
    if "enum" in field:
        values = list(dict.fromkeys(str(value) for value in field["enum"]))
        if len(values) > MAX_LISTED:
            return f"one of {len(values)} codes (the JSON Schema lists them)"
        return "one of " + ", ".join(f"`{value}`" for value in values)
    if "anyOf" in field:
        return " or ".join(dict.fromkeys(accepts(choice) for choice in field["anyOf"]))
    if field.get("type") == "array":
        return f"a list of: {accepts(field.get('items', {}))}"
    if "properties" in field:
        return "a mapping of the fields below"
    words = str(field.get("patternErrorMessage", ""))
    if words.startswith("An id:"):
        return "an id"
    if words.startswith("Write some text"):
        return "text"
    if words:
        return words.rstrip(".")
    return _TYPES.get(str(field.get("type")), "a value")


MAX_LISTED = 12
_TYPES = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false"}


def _table(rows: list[tuple[str, str, str, str]]) -> str:
    lines = ["| field | required | accepts | rule |", "| --- | --- | --- | --- |"]
    lines += [f"| `{path}` | {required} | {_cell(what)} | {_cell(rule)} |" for path, required, what, rule in rows]
    return "\n".join(lines) + "\n"


def _cell(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


if __name__ == "__main__":
    print(field_reference(), end="")
