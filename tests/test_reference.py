"""docs/fields.md is the field tables, written out: it must be regenerated when a table changes."""

from __future__ import annotations

from browser import REPO

from builder.reference import accepts, field_reference
from builder.validation.fields import ACTOR_FIELDS, BRIEFING_FIELDS, EVENT_FIELDS, SOURCE_FIELDS, TAG_FIELDS

REFERENCE = REPO / "docs" / "fields.md"


def test_the_committed_reference_is_the_field_tables() -> None:
    assert REFERENCE.read_text(encoding="utf-8") == field_reference(), "docs/fields.md is stale: run make docs"


def test_every_field_of_every_table_has_a_row() -> None:
    text = field_reference()
    for prefix, table in (
        ("", EVENT_FIELDS),
        ("", ACTOR_FIELDS),
        ("", BRIEFING_FIELDS),
        ("sources[].", SOURCE_FIELDS),
        ("<tag id>.", TAG_FIELDS),
    ):
        for name in table:
            assert f"| `{prefix}{name}` |" in text, f"{prefix}{name}"


def test_a_row_says_what_is_accepted_and_whether_it_is_required() -> None:
    text = field_reference()
    assert "| `confidence` |  | one of `low`, `moderate`, `high` |" in text
    assert "| `sources` | yes | a list of: a mapping of the fields below |" in text
    assert "| `sources[].credibility` |  | one of `1`, `2`, `3`, `4`, `5`, `6` |" in text
    assert (
        accepts({"type": "string", "enum": [str(n) for n in range(40)]})
        == "one of 40 codes (the JSON Schema lists them)"
    )
