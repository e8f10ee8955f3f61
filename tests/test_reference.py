"""docs/fields.md is the field tables, written out: it must be regenerated when a table changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from browser import REPO
from click.testing import CliRunner

from builder import reference
from builder.cli import main
from builder.reference import accepts, field_reference
from builder.validation.core import ACCEPTS, Field
from builder.validation.fields import EVENT_FIELDS, FIELDS, TAG_FIELDS

REFERENCE = REPO / "docs" / "fields.md"


def test_the_committed_reference_is_the_field_tables() -> None:
    assert REFERENCE.read_text(encoding="utf-8") == field_reference(), "docs/fields.md is stale: run briefing schema"


def _paths(table: dict[str, Field], prefix: str) -> list[str]:
    """Every field of a table and of the tables nested in it, named as the reference names them."""
    found = []
    for name, spec in table.items():
        found.append(prefix + name)
        shown: list[dict[str, Field]] = []
        for nested, suffix in _tables(spec.check):
            if nested not in shown:  # a mapping or a list of the same mappings: named once, the first way
                shown.append(nested)
                found.extend(_paths(nested, f"{prefix}{name}{suffix}."))
    return found


def _tables(check: Any, suffix: str = "") -> list[tuple[dict[str, Field], str]]:
    """The field tables a check's fragment holds, with "[]" for each list on the way."""
    fragment = ACCEPTS[check]
    if "fields" in fragment:
        return [(fragment["fields"], suffix)]
    if callable(fragment.get("items")):
        return _tables(fragment["items"], suffix + "[]")
    return [found for choice in fragment.get("anyOf", []) if callable(choice) for found in _tables(choice, suffix)]


def test_every_field_of_every_table_has_a_row() -> None:
    text = field_reference()
    paths = [path for table in FIELDS.values() for path in _paths(table, "")] + _paths(TAG_FIELDS, "<tag id>.")
    assert {"sources[].reliability", "location.lat", "select.from", "judgements[].based_on"} <= set(paths)
    assert [path for path in paths if f"\n| `{path}` | " not in text] == []


def test_a_row_says_what_is_accepted_and_whether_it_is_required() -> None:
    text = field_reference()
    assert not EVENT_FIELDS["confidence"].required
    assert "\n| `confidence` | optional | one of `low`, `moderate`, `high` | How sure the curators" in text
    assert "\n| `judgements[].confidence` | required | one of `low`, `moderate`, `high` |" in text
    assert "\n| `sources` | required | a list of: a mapping of the fields below |" in text
    assert "\n| `sources[].credibility` | optional | one of `1` (confirmed by other sources), `2` (probably" in text
    assert "\n| `location.lat` | optional | a number from -90 to 90 |" in text
    assert "| a mapping of the fields below (at least one of `events`, `actors`, `tags`, `from` or `to`) |" in text
    assert "\n| `tags` | optional | a list of: an id, each once |" in text
    assert text.startswith("# Field reference\n\nGenerated from the validator's field tables by `briefing schema`")
    assert text.endswith("|\n") and not text.endswith("\n\n")
    assert (
        accepts({"type": "string", "enum": [str(n) for n in range(40)]})
        == "one of 40 codes (the JSON Schema lists them)"
    )


def test_briefing_schema_writes_and_checks_the_reference_beside_the_schemas(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "schemas"
    written = tmp_path / "docs" / "fields.md"
    result = runner.invoke(main, ["schema", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {written}" in result.output
    assert written.read_text(encoding="utf-8") == field_reference()
    assert reference.path_beside(Path("schemas")) == Path("docs/fields.md")
    assert runner.invoke(main, ["schema", "--check", "-o", str(out)]).exit_code == 0

    written.write_text("# Field reference\n", encoding="utf-8")
    result = runner.invoke(main, ["schema", "--check", "-o", str(out)])
    assert result.exit_code == 1
    assert f"{written} is out of date; run: briefing schema" in result.output
    assert written.read_text(encoding="utf-8") == "# Field reference\n"

    result = runner.invoke(main, ["schema", "-o", str(out)])
    assert result.output == f"wrote {written}\n"
    assert written.read_text(encoding="utf-8") == field_reference()
