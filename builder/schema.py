"""JSON Schemas of the content files, for editors: derived from the field tables.

`builder/validation` declares, beside each check, the JSON Schema fragment of what
it accepts (`ACCEPTS`), and each field's one-line help; this
module only assembles them into one draft-07 document per kind of file. So a
field added to a table is in the schemas as soon as they are regenerated
(`briefing schema`), and tests/test_schema.py fails until they are.

Draft-07 is the newest draft that every YAML language server in use reads.
A schema is a convenience for editors, not the contract: it cannot say that
an id exists, that a date is on the calendar, or that `NO` must be quoted,
so `briefing check` stays the judge.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from builder.kinds import ACTOR, BRIEFING, EVENT
from builder.validation.core import ACCEPTS, Field, Schema
from builder.validation.fields import FIELDS, TAG_FIELDS
from builder.validation.values import identifier

DRAFT = "http://json-schema.org/draft-07/schema#"
KINDS = ("event", "actor", "tags", "briefing")
MODELINE = "# yaml-language-server: $schema="

_TITLES = {
    "event": ("Briefing event", f"One event: content/{EVENT.folder}/**/<id>.yaml, the file name being its id."),
    "actor": ("Briefing actor", f"One person, organization, state or group: content/{ACTOR.folder}/**/<id>.yaml."),
    "tags": ("Briefing tags", "content/tags.yaml: each tag's id and its title and description."),
    "briefing": ("Briefing", f"One briefing: content/{BRIEFING.folder}/**/<id>.yaml."),
}


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def document(kind: str) -> Schema:
    """The whole schema of one kind of content file."""
    if kind == "tags":
        tag = _object(TAG_FIELDS)
        body: Schema = {
            "type": "object",
            "propertyNames": ACCEPTS[identifier],
            "additionalProperties": tag,
            "minProperties": 1,
        }
    else:
        body = _object(FIELDS[kind])
    title, description = _TITLES[kind]
    return {
        "$schema": DRAFT,
        "$id": f"urn:briefing:schema:{kind}",
        "title": title,
        "description": description + " Checked in full by `briefing check`.",
        **body,
    }


def render(kind: str) -> str:
    """A schema as committed: sorted keys, two-space indent, a final line break."""
    return json.dumps(document(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write(directory: Path) -> list[Path]:
    """Write the schemas that differ from what `directory` holds; returns those written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for path, text in _expected(directory):
        if _read(path) != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def stale(directory: Path) -> list[Path]:
    """The schema files in `directory` that are missing or differ from the field tables."""
    return [path for path, text in _expected(directory) if _read(path) != text]


def modeline(kind: str, file: Path, schemas: Path) -> str:
    """The first line that points an editor at the schema, relative to the content file."""
    target = os.path.relpath(schemas / file_name(kind), file.parent)
    return MODELINE + Path(target).as_posix()


def _expected(directory: Path) -> list[tuple[Path, str]]:
    return [(directory / file_name(kind), render(kind)) for kind in KINDS]


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        return None


def _object(fields: dict[str, Field], extra: Schema | None = None) -> Schema:
    """A mapping of exactly these fields; none is empty, so neither is the mapping."""
    properties = {}
    for name, spec in fields.items():
        if not spec.help:
            raise ValueError(f"the field '{name}' has no help; give it one in its field table")
        properties[name] = {**fragment(spec.check), "description": spec.help}
    schema: Schema = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "minProperties": 1,
        **_expand(extra or {}),
    }
    required = [name for name, spec in fields.items() if spec.required]
    if required:
        schema["required"] = required
    return schema


def fragment(check: Callable[..., Any]) -> Schema:
    """The schema of what one check accepts, nested checks and tables expanded."""
    try:
        declared = ACCEPTS[check]
    except KeyError:
        raise ValueError(f"{check.__qualname__} declares no schema; give it one with @accepts") from None
    if "fields" in declared:
        extra = {key: value for key, value in declared.items() if key != "fields"}
        return _object(declared["fields"], extra)
    expanded: Schema = _expand(declared)
    return expanded


def _expand(value: Any) -> Any:
    if callable(value):
        return fragment(value)
    if isinstance(value, dict):
        return {key: _expand(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_expand(item) for item in value]
    return value
