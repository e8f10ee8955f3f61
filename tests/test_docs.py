"""The curator guide and the schema must agree: a field is documented where it is declared."""

from __future__ import annotations

import dataclasses
import inspect
import re
from pathlib import Path

import pytest

from builder.validation import fields

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "curators.md"
MODEL = ROOT / "docs" / "content-model.md"
"""The contract with curators, as this repository implements it: a copy of the shared
CONTENT-MODEL.md, so that the field tables are checked against it wherever the tests run."""
SHARED_MODEL = ROOT.parent / "shared" / "CONTENT-MODEL.md"
MODELS = [MODEL, *([SHARED_MODEL] if SHARED_MODEL.exists() else [])]

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


@pytest.mark.parametrize("model_file", MODELS, ids=lambda path: path.parent.name)
def test_every_field_of_the_content_model_is_declared(model_file: Path) -> None:
    """Against the repository's copy always, and against the shared original where it is
    beside the checkout, where the copy must also be current."""
    model = model_file.read_text(encoding="utf-8")
    assert model == MODEL.read_text(encoding="utf-8"), "docs/content-model.md is out of date: copy it again"
    sections = {"Event": "Events", "Sources": "Sources", "Actor": "Actors", "Briefings": "Briefings"}
    for model_heading, table in sections.items():
        section = model.split(f"## {model_heading}", 1)[1].split("\n## ", 1)[0]
        fields = set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE))
        assert fields <= set(TABLES[table]), model_heading  # the builder may accept more, never less


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


THEME_GUIDE = ROOT / "docs" / "theme.md"


def _context_classes() -> dict[str, type]:
    from builder import packs
    from builder.rendering import contexts, problems

    classes = {
        name: value
        for name, value in vars(contexts).items()
        if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == contexts.__name__
    }
    classes["SingleFile"] = packs.SingleFile
    classes["ProblemsContext"] = problems.ProblemsContext
    return classes


@pytest.mark.parametrize("name", sorted(_context_classes()))
def test_the_theme_guide_names_every_field_of_each_template_context(name: str) -> None:
    """docs/theme.md's table gives each page template's context: a field added to a
    context (a new name a template can use) must be written there too."""
    rows = [row for row in THEME_GUIDE.read_text(encoding="utf-8").splitlines() if f"| `{name}` |" in row]
    assert len(rows) == 1, f"docs/theme.md has no row for {name}"
    for field in dataclasses.fields(_context_classes()[name]):
        assert f"`{field.name}`" in rows[0], f"docs/theme.md does not name {name}.{field.name}"


def test_the_theme_guide_names_every_template_name() -> None:
    from builder.rendering.renderer import TemplateNames

    text = THEME_GUIDE.read_text(encoding="utf-8")
    names = set(re.findall(r'^\s+"(\w+)":', inspect.getsource(TemplateNames.mapping), re.MULTILINE))
    assert names, "TemplateNames.mapping lists no names"
    assert {name for name in names if f"`{name}" not in text} == set()
