"""The field reference of docs/fields.md: every field of every kind of content file, what
it accepts, whether it is required, and its rule, written from the validator's field
tables through the same schemas editors get (`schema.document`). So a field added to a
table is in the reference as soon as `briefing schema` rewrites it (with the schemas),
and `briefing schema --check` and tests/test_reference.py fail until it does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from builder.schema import KINDS, document
from builder.validation.core import Schema

FILE = Path("docs") / "fields.md"
"""Where the reference goes, from the folder that holds the schemas folder (the repository)."""

TITLES = {"event": "Events", "actor": "Actors", "tags": "Tags (`tags.yaml`)", "briefing": "Briefings"}
MAX_LISTED = 12
"""An enumeration longer than this (the country codes) is counted, not listed."""

_TYPES = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false"}


def field_reference() -> str:
    """The whole of docs/fields.md."""
    sections = [_header()]
    for kind in KINDS:
        schema = document(kind)
        sections.append(f"## {TITLES[kind]}\n\n{schema['description']}\n")
        if kind == "tags":
            sections.append(_table(_rows(schema["additionalProperties"], "<tag id>.")))
        else:
            sections.append(_table(_rows(schema, "")))
    return "\n".join(sections)


def path_beside(schemas: Path) -> Path:
    """docs/fields.md in the folder that holds `schemas`, as in the repository."""
    return schemas.parent / FILE


def write(path: Path) -> list[Path]:
    """Write the reference if it differs from `path`; returns `[path]` if written."""
    if not stale(path):
        return []
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(field_reference(), encoding="utf-8")
    return [path]


def stale(path: Path) -> list[Path]:
    """`[path]` if the file is missing or differs from the field tables, else `[]`."""
    try:
        current = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        current = None
    return [] if current == field_reference() else [path]


def _header() -> str:
    ident = _identifier()
    rule = str(ident["patternErrorMessage"]).removeprefix("An id: ").rstrip(".")
    return f"""# Field reference

Generated from the validator's field tables by `briefing schema`; do not edit by hand
(`briefing schema --check` fails while it is out of date). The rules in words, with
examples, are in [curators.md](curators.md); the contract is
[content-model.md](content-model.md).

A nested field is written with its parents: `sources[].reliability` is the
`reliability` of each entry of `sources`, and `<tag id>.title` the `title` of each tag.
A field not marked required may be left out, but no field may be empty: remove it
instead.

An id: {rule}; at most {ident["maxLength"]} characters.
"""


def _identifier() -> Schema:
    ident: Schema = document("tags")["propertyNames"]
    return ident


def _rows(schema: Schema, prefix: str) -> list[tuple[str, str, str, str]]:
    rows = []
    required = set(schema.get("required", ()))
    for name, field in schema.get("properties", {}).items():
        path = prefix + name
        need = "required" if name in required else "optional"
        rows.append((path, need, accepts(field), field.get("description", "")))
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
    """What a field accepts, in words, from its schema."""
    bare = {key: value for key, value in field.items() if key != "description"}
    if "properties" in field:
        return _mapping(field)
    if "enum" in field:
        return _enum(field)
    if "anyOf" in field:
        return _either(field["anyOf"])
    if field.get("type") == "array":
        each = ", each once" if field.get("uniqueItems") else ""
        return f"a list of: {accepts(field.get('items', {}))}{each}"
    if bare == _identifier():
        return "an id"
    if field.get("pattern") == r"\S":
        return "text"
    message = str(field.get("patternErrorMessage", ""))
    if message:
        words = message.split(";")[0].rstrip(".")  # what follows is advice for one place
        return words[:1].lower() + words[1:]
    if "minimum" in field and "maximum" in field:
        return f"{_TYPES.get(str(field.get('type')), 'a number')} from {field['minimum']} to {field['maximum']}"
    return _TYPES.get(str(field.get("type")), "a value")


def _either(choices: list[Schema]) -> str:
    """One of several shapes; a list of an earlier shape is "a list of them"."""
    said: list[str] = []
    for choice in choices:
        item = choice.get("items") if choice.get("type") == "array" else None
        if item is not None and accepts(item) in said:
            said.append("a list of them" + (", each once" if choice.get("uniqueItems") else ""))
        else:
            said.append(accepts(choice))
    return " or ".join(dict.fromkeys(said))


def _enum(field: Schema) -> str:
    described = dict(zip((str(value) for value in field["enum"]), field.get("enumDescriptions", []), strict=False))
    values = list(dict.fromkeys(str(value) for value in field["enum"]))
    if len(values) > MAX_LISTED:
        return f"one of {len(values)} codes (the JSON Schema lists them)"
    return "one of " + ", ".join(f"`{v}` ({described[v]})" if v in described else f"`{v}`" for v in values)


def _mapping(field: Schema) -> str:
    """A mapping, with the rules between its fields that the schema states."""
    rules = []
    alternatives = field.get("anyOf", [])
    if alternatives and all(set(choice) == {"required"} for choice in alternatives):
        names = [name for choice in alternatives for name in choice["required"]]
        rules.append("at least one of " + _names(names, "or"))
    said: list[set[str]] = []
    for name, needs in field.get("dependencies", {}).items():
        group = {name, *needs}
        if group in said:
            continue
        said.append(group)
        mutual = all(name in field["dependencies"].get(other, ()) for other in needs)
        rules.append(_names([name, *needs]) + " together" if mutual else f"`{name}` only with {_names(needs)}")
    return "a mapping of the fields below" + (f" ({'; '.join(rules)})" if rules else "")


def _names(names: list[str], last: str = "and") -> str:
    quoted = [f"`{name}`" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" {last} {quoted[-1]}"


def _table(rows: list[tuple[str, str, str, str]]) -> str:
    lines = ["| field | required | accepts | rule |", "| --- | --- | --- | --- |"]
    lines += [f"| `{path}` | {need} | {_cell(what)} | {_cell(rule)} |" for path, need, what, rule in rows]
    return "\n".join(lines) + "\n"


def _cell(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


if __name__ == "__main__":
    print(field_reference(), end="")
