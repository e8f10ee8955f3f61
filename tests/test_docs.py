"""The curator guide and the schema must agree: a field is documented where it is declared."""

from __future__ import annotations

import dataclasses
import inspect
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import content_kinds
from test_dependencies import pins

from builder import schema
from builder.starter import FILES as STARTER_FILES
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


CHECK_JSONSCHEMA_HOOKS = "https://github.com/python-jsonschema/check-jsonschema"


def guide_pre_commit_config() -> dict[str, Any]:
    """The `.pre-commit-config.yaml` of the guide's "Checking files before you commit"."""
    blocks = re.findall(r"^```yaml\n(.*?)^```$", GUIDE.read_text(encoding="utf-8"), flags=re.MULTILINE | re.DOTALL)
    [config] = [yaml.safe_load(block) for block in blocks if CHECK_JSONSCHEMA_HOOKS in block]
    return config  # type: ignore[no-any-return]


def test_the_guides_pre_commit_hooks_run_the_pinned_check_jsonschema() -> None:
    [hooks] = guide_pre_commit_config()["repos"]
    assert hooks["repo"] == CHECK_JSONSCHEMA_HOOKS
    assert hooks["rev"] == pins("requirements-dev.lock")["check-jsonschema"]


@pytest.mark.parametrize("site", [ROOT, STARTER_FILES], ids=["sample", "starter site"])
def test_each_pre_commit_hook_checks_the_files_of_one_kind_with_its_schema(site: Path) -> None:
    """pre-commit matches `files` with re.search against the path from the repository's top;
    a new site reads the schemas `briefing schema` writes, the same as ours."""
    hooks = guide_pre_commit_config()["repos"][0]["hooks"]
    kinds = {path.relative_to(site).as_posix(): kind for path, kind in content_kinds(site / "content").items()}
    every_file = sorted(path.relative_to(site).as_posix() for path in (site / "content").rglob("*") if path.is_file())
    checked = []
    for hook in hooks:
        assert hook["id"] == "check-jsonschema" and hook["name"]
        option, schema_file = hook["args"]
        assert option == "--schemafile" and (ROOT / schema_file).is_file(), schema_file
        [kind] = [kind for kind in schema.KINDS if schema_file == f"schemas/{schema.file_name(kind)}"]
        matched = [path for path in every_file if re.search(hook["files"], path)]
        assert matched, hook["name"]
        assert matched == sorted(path for path, found in kinds.items() if found == kind), hook["name"]
        checked.append(kind)
    assert sorted(checked) == sorted(schema.KINDS)
