"""The curator guide and the schema must agree: a field is documented where it is declared."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.validation import fields

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "curators.md"
SHARED_MODEL = ROOT.parent / "shared" / "CONTENT-MODEL.md"

TABLES = {
    "Events": fields.EVENT_FIELDS,
    "Sources": fields.SOURCE_FIELDS,
    "Actors": fields.ACTOR_FIELDS,
    "Briefings": fields.BRIEFING_FIELDS,
}


def documented_fields(markdown: str, heading: str) -> dict[str, bool]:
    """Field name → required, from the first table under a heading of the guide."""
    section = markdown.split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z_]+)` \| (yes|no)", section, flags=re.MULTILINE)
    return {name: required == "yes" for name, required in rows}


@pytest.mark.parametrize("heading", list(TABLES), ids=str)
def test_guide_documents_every_field_with_its_requirement(heading: str) -> None:
    declared = {name: spec.required for name, spec in TABLES[heading].items()}
    assert documented_fields(GUIDE.read_text(encoding="utf-8"), heading) == declared


@pytest.mark.skipif(not SHARED_MODEL.exists(), reason="the shared content model is not beside this checkout")
def test_every_field_of_the_content_model_is_declared() -> None:
    model = SHARED_MODEL.read_text(encoding="utf-8")
    sections = {"Event": "Events", "Sources": "Sources", "Actor": "Actors", "Briefings": "Briefings"}
    for model_heading, table in sections.items():
        section = model.split(f"## {model_heading}", 1)[1].split("\n## ", 1)[0]
        fields = set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE))
        assert fields == set(TABLES[table]), model_heading


def test_tags_and_select_fields_are_documented() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for name in [
        *fields.TAG_FIELDS,
        *fields.SELECT_FIELDS,
        *fields.LOCATION_FIELDS,
        *fields.QUOTE_FIELDS,
        *fields.ROLE_FIELDS,
        *fields.LINK_FIELDS,
    ]:
        assert f"`{name}`" in guide, name
