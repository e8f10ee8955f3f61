"""The editors' JSON Schemas: derived from the field tables, committed in sync, and in agreement with the validator."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from browser import BIN, run
from click.testing import CliRunner
from conftest import MINIMAL_ACTOR, MINIMAL_EVENT, CheckTree, content_kinds

from builder import schema
from builder.cli import main
from builder.dates import DateError, parse_date
from builder.ids import SCHEMA_PATTERN, WINDOWS_DEVICE_NAMES, is_valid_id
from builder.starter import FILES as STARTER_FILES
from builder.validation import fields, text, values

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
CONTENT = ROOT / "content"


class EditorLoader(yaml.SafeLoader):
    """YAML as the YAML language server reads it (YAML 1.2 core): dates stay text, only true/false are booleans."""


EditorLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag != "tag:yaml.org,2002:timestamp" and (tag != "tag:yaml.org,2002:bool" or first in "tTfF")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def editor_errors(kind: str, text: str) -> list[str]:
    validator = jsonschema.Draft7Validator(json.loads((SCHEMAS / schema.file_name(kind)).read_text(encoding="utf-8")))
    return [error.message for error in validator.iter_errors(yaml.load(text, Loader=EditorLoader))]


SAMPLE_KINDS = content_kinds(CONTENT)
SAMPLES = sorted(SAMPLE_KINDS)


def kind_of(path: Path) -> str:
    return SAMPLE_KINDS[path]


def test_committed_schemas_are_the_generated_ones() -> None:
    assert sorted(p.name for p in SCHEMAS.iterdir()) == sorted(schema.file_name(k) for k in schema.KINDS)
    assert schema.stale(SCHEMAS) == [], "run: .venv/bin/briefing schema"


@pytest.mark.parametrize("kind", schema.KINDS)
def test_each_schema_is_valid_draft_07(kind: str) -> None:
    document = json.loads((SCHEMAS / schema.file_name(kind)).read_text(encoding="utf-8"))
    assert document["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert document["$id"] and document["title"]
    jsonschema.Draft7Validator.check_schema(document)


def test_output_is_deterministic() -> None:
    text = schema.render("event")
    assert text == schema.render("event")
    assert text.endswith("}\n") and '\n  "$id"' in text
    assert json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n" == text


def properties(document: dict[str, Any]) -> dict[str, Any]:
    return document["properties"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("kind", ["event", "actor", "briefing"])
def test_fields_and_requirements_come_from_the_tables(kind: str) -> None:
    document = schema.document(kind)
    table = fields.FIELDS[kind]
    assert list(properties(document)) == list(table)
    assert document["required"] == [name for name, spec in table.items() if spec.required]
    assert document["additionalProperties"] is False
    for name, spec in table.items():
        assert properties(document)[name]["description"] == spec.help


def test_nested_tables_enums_and_limits() -> None:
    event = properties(schema.document("event"))
    source = event["sources"]["items"]
    assert list(source["properties"]) == list(fields.SOURCE_FIELDS)
    assert source["required"] == ["id", "title"]
    assert source["properties"]["reliability"]["enum"] == ["A", "B", "C", "D", "E", "F"]
    assert source["properties"]["credibility"]["enum"] == [1, 2, 3, 4, 5, 6, "1", "2", "3", "4", "5", "6"]
    assert event["confidence"]["enum"] == ["low", "moderate", "high"]
    assert event["status"]["enum"] == ["published", "draft"]
    assert event["title"]["maxLength"] == 200
    assert event["tags"]["uniqueItems"] is True
    location = event["location"]["anyOf"][0]
    assert location["dependencies"] == {"lat": ["lon"], "lon": ["lat"]}
    assert "RU" in location["properties"]["country"]["enum"]
    relation = event["related"]["items"]["anyOf"][1]["properties"]["relation"]
    assert relation["enum"] == ["precedes", "follows", "part-of", "response-to", "related"]
    actor = properties(schema.document("actor"))
    assert actor["kind"]["enum"] == ["person", "organization", "state", "group"]
    assert actor["id"]["pattern"] == SCHEMA_PATTERN and actor["id"]["maxLength"] == 100


def test_a_check_without_a_fragment_is_named() -> None:
    def unknown(node: object, name: str, ctx: object) -> None: ...

    with pytest.raises(ValueError, match="declares no schema"):
        schema.fragment(unknown)


# --- the patterns agree with the checks -------------------------------------------------

DATES = [
    "2022-09-19",
    "2022-09",
    "2022",
    "2022-09~",
    "2022-09?",
    "2022~",
    "2022-09-15/2022-09-16",
    "2022-05/..",
    "../2022-05",
    "2022-09-15~/2022-09-20",
    "0001",
    "0000",
    "2022-13",
    "2022-09-32",
    "2022-00",
    "22-09-19",
    "2022/09/19",
    "../..",
    "2022-09~?",
    "2022-09-19T10:00",
    "2022-09-15 / 2022-09-16",
    "2022-09-19\u00a0",
    "..",
]


@pytest.mark.parametrize("single", [True, False], ids=["single", "any"])
@pytest.mark.parametrize("text", DATES)
def test_date_pattern_agrees_with_the_date_parser(text: str, single: bool) -> None:
    """The pattern may accept a day the calendar lacks (2022-02-30), but otherwise agrees."""
    event = properties(schema.document("event"))
    pattern = event["updated"] if single else event["date"]
    try:
        parse_date(text, single=single)
        valid = True
    except DateError:
        valid = False
    assert bool(re.search(pattern["pattern"], text)) is valid
    assert pattern["type"] == ["string", "integer"] and pattern["maximum"] == 9999


IDS = [
    *("a", "nikolai-patrushev", "x1-2", "A", "a--b", "-a", "a-", "a_b", "é", "a" * 100, "a" * 101),
    *("con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9", "con-1", "com10", "lpt0", "acon", "nul2"),
]


@pytest.mark.parametrize("ident", IDS, ids=lambda i: i[:12])
def test_id_pattern_agrees_with_the_id_rule(ident: str) -> None:
    fragment = schema.fragment(values.identifier)
    in_schema = bool(re.search(fragment["pattern"], ident)) and len(ident) <= fragment["maxLength"]
    assert in_schema is is_valid_id(ident)


def test_every_windows_device_name_is_refused_by_the_schema_pattern() -> None:
    pattern = schema.fragment(values.identifier)["pattern"]
    assert [name for name in sorted(WINDOWS_DEVICE_NAMES) if re.search(pattern, name)] == []
    assert len(WINDOWS_DEVICE_NAMES) == 22


URLS = [
    ("https://example.org/report", True),
    ("HTTP://example.org", True),
    ("http://[::1]/x", True),
    ("ftp://example.org", False),
    ("https://", False),
    ("https:///path", False),
    ("https://exa mple.org", False),
    ('https://example.org/"x"', False),
    ("https://example.org/{x}", False),
    ("example.org", False),
]


@pytest.mark.parametrize(("url", "valid"), URLS)
def test_url_pattern_agrees_with_the_url_check(url: str, valid: bool) -> None:
    from builder.links import is_http_url

    assert is_http_url(url) is valid
    assert bool(re.search(schema.fragment(values.url)["pattern"], url)) is valid


@pytest.mark.parametrize(
    ("summary", "valid"),
    [("One line.", True), ("Two\nlines, one paragraph.", True), ("One.\n\nTwo.", False), ("One.\n  \t\nTwo.", False)],
)
def test_paragraph_pattern_agrees_with_the_check(summary: str, valid: bool) -> None:
    assert bool(re.search(schema.fragment(text.paragraph)["pattern"], summary)) is valid


# --- content files against their schemas -------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.relative_to(CONTENT).as_posix())
def test_every_sample_file_is_valid_against_its_schema(path: Path) -> None:
    assert editor_errors(kind_of(path), path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.relative_to(CONTENT).as_posix())
def test_every_sample_file_starts_with_its_modeline(path: Path) -> None:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == schema.modeline(kind_of(path), path, SCHEMAS)
    target = first.removeprefix(schema.MODELINE)
    assert (path.parent / target).resolve() == SCHEMAS / schema.file_name(kind_of(path))


INVALID_EVENTS = {
    "unknown field": MINIMAL_EVENT + "colour: red\n",
    "missing summary": MINIMAL_EVENT.replace("summary: Nikolai Patrushev met Guo Shengkun in Nanping.\n", ""),
    "bad date": MINIMAL_EVENT.replace("date: 2022-09-19", "date: 19 September 2022"),
    "bad reliability": MINIMAL_EVENT.replace("reliability: C", "reliability: G"),
    "bad credibility": MINIMAL_EVENT.replace("credibility: 2", "credibility: 7"),
    "bad confidence": MINIMAL_EVENT + "confidence: certain\n",
    "bad id in actors": MINIMAL_EVENT.replace("actor: nikolai-patrushev", "actor: Nikolai_Patrushev"),
    "title too long": MINIMAL_EVENT.replace("title: Patrushev meets", "title: " + "x" * 200),
    "empty sources": MINIMAL_EVENT.split("sources:")[0] + "sources: []\n",
    "not a url": MINIMAL_EVENT.replace("    credibility: 2\n", "    credibility: 2\n    url: www.example.org\n"),
    "lat without lon": MINIMAL_EVENT + "location:\n  lat: 26.6\n",
    "two paragraphs": MINIMAL_EVENT.replace("in Nanping.\n", "in Nanping.\n\n  More.\n", 1).replace(
        "summary: ", "summary: |\n  ", 1
    ),
}


@pytest.mark.parametrize("text", list(INVALID_EVENTS.values()), ids=list(INVALID_EVENTS))
def test_invalid_events_are_rejected_by_schema_and_validator(text: str, check_tree: CheckTree) -> None:
    assert editor_errors("event", text) != []
    assert check_tree({"events/patrushev-nanping.yaml": text}) != []


def test_the_minimal_tree_is_valid_both_ways(check_tree: CheckTree) -> None:
    assert editor_errors("event", MINIMAL_EVENT) == []
    assert editor_errors("actor", MINIMAL_ACTOR) == []
    assert check_tree() == []


@pytest.mark.parametrize(
    "text",
    [
        MINIMAL_ACTOR + "country: Russia\n",
        MINIMAL_ACTOR.replace("kind: person", "kind: people"),
        MINIMAL_ACTOR + "roles:\n  - organization: russia\n",
        MINIMAL_ACTOR + "links:\n  - title: Site\n    url: javascript:alert(1)\n",
    ],
    ids=["country", "kind", "role without title", "link url"],
)
def test_invalid_actors_are_rejected_by_schema_and_validator(text: str, check_tree: CheckTree) -> None:
    assert editor_errors("actor", text) != []
    assert check_tree({"actors/nikolai-patrushev.yaml": text}) != []


def test_tags_and_briefing_schemas_reject_what_the_validator_rejects(check_tree: CheckTree) -> None:
    tags = "Bad_Tag:\n  title: Bad\n"
    briefing = "title: B\nsummary: S.\nselect:\n  exclude: [patrushev-nanping]\n"
    assert editor_errors("tags", tags) != []
    assert editor_errors("briefing", briefing) != []
    assert check_tree({"tags.yaml": tags}) != []
    assert check_tree({"briefings/b.yaml": briefing}) != []


# --- the command -------------------------------------------------------------------------


def test_schema_command_writes_then_checks(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "schemas"
    result = runner.invoke(main, ["schema", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(schema.file_name(k) for k in schema.KINDS)
    for kind in schema.KINDS:
        assert (out / schema.file_name(kind)).read_text(encoding="utf-8") == schema.render(kind)
    assert runner.invoke(main, ["schema", "--check", "-o", str(out)]).exit_code == 0

    (out / "actor.schema.json").write_text("{}\n", encoding="utf-8")
    (out / "tags.schema.json").unlink()
    result = runner.invoke(main, ["schema", "--check", "-o", str(out)])
    assert result.exit_code == 1
    assert "actor.schema.json is out of date" in result.output
    assert "tags.schema.json is out of date" in result.output
    assert (out / "actor.schema.json").read_text(encoding="utf-8") == "{}\n"

    result = runner.invoke(main, ["schema", "-o", str(out)])
    assert result.exit_code == 0
    assert sorted(Path(line.removeprefix("wrote ")).name for line in result.output.splitlines()) == [
        "actor.schema.json",
        "tags.schema.json",
    ]


def _patterns(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        found += list(node.get("patternProperties", {}))
        return found + [pattern for value in node.values() for pattern in _patterns(value)]
    if isinstance(node, list):
        return [pattern for value in node for pattern in _patterns(value)]
    return []


@pytest.mark.parametrize("kind", schema.KINDS)
def test_every_pattern_is_an_ecma_262_regular_expression(kind: str) -> None:
    """Editors and check-jsonschema compile patterns as ECMA-262 with the `u` flag, where an
    escape Python accepts (`\\"` in a class) is an error; regress is that engine."""
    import regress

    patterns = _patterns(schema.document(kind))
    assert patterns
    for pattern in patterns:
        regress.Regex(pattern, "u")


# --- check-jsonschema, the command line and pre-commit hook teams use --------------------

CHECK_JSONSCHEMA = BIN / "check-jsonschema"


def check_jsonschema(kind: str, *files: Path, options: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """The command as the guide's pre-commit hooks run it: one kind's files with that kind's
    schema, and no other flag."""
    return run([CHECK_JSONSCHEMA, *options, "--schemafile", SCHEMAS / schema.file_name(kind), *files])


@pytest.mark.parametrize("content", [CONTENT, STARTER_FILES / "content"], ids=["sample", "starter site"])
@pytest.mark.parametrize("kind", schema.KINDS)
def test_check_jsonschema_accepts_every_content_file_with_its_schema(content: Path, kind: str) -> None:
    files = sorted(path for path, found in content_kinds(content).items() if found == kind)
    assert files, f"no {kind} file in {content}"
    result = check_jsonschema(kind, *files)
    assert (result.returncode, result.stdout) == (0, "ok -- validation done\n")


BAD_FOR_CHECK_JSONSCHEMA = {
    "unknown field": (MINIMAL_EVENT + "colour: red\n", "$", "Additional properties are not allowed ('colour' was"),
    "bad id": (MINIMAL_EVENT.replace("id: report", "id: Report_1"), "$.sources[0].id", "'Report_1' does not match"),
    "a time in the date": (
        MINIMAL_EVENT.replace("date: 2022-09-19", "date: 2022-09-19 10:00"),
        "$.date",
        "'2022-09-19 10:00' does not match",
    ),
}


@pytest.mark.parametrize(("text", "path", "message"), BAD_FOR_CHECK_JSONSCHEMA.values(), ids=BAD_FOR_CHECK_JSONSCHEMA)
def test_check_jsonschema_rejects_a_bad_event_at_its_field(tmp_path: Path, text: str, path: str, message: str) -> None:
    event = tmp_path / "content" / "events" / "patrushev-nanping.yaml"
    event.parent.mkdir(parents=True)
    event.write_text(text, encoding="utf-8")
    result = check_jsonschema("event", event, options=("--output-format", "json"))
    assert result.returncode == 1, result.stdout
    [error] = json.loads(result.stdout)["errors"]
    assert (error["filename"], error["path"]) == (str(event), path)
    assert error["message"].startswith(message)


def test_an_unquoted_date_is_text_to_check_jsonschema_and_a_date_to_pyyaml(tmp_path: Path) -> None:
    """The guide's date caveat. check-jsonschema reads `date: 2022-09-19` as the text it is,
    as editors do, so the dates the guide teaches pass with no flag; a validator fed by
    PyYAML (or ruamel.yaml) as it comes gets a date object, which no JSON type is, and
    rejects correct content; quoted, the date is text to both."""
    unquoted, quoted = tmp_path / "unquoted.yaml", tmp_path / "quoted.yaml"
    assert "\ndate: 2022-09-19\n" in MINIMAL_EVENT
    unquoted.write_text(MINIMAL_EVENT, encoding="utf-8")
    quoted.write_text(MINIMAL_EVENT.replace("date: 2022-09-19", 'date: "2022-09-19"'), encoding="utf-8")
    result = check_jsonschema("event", unquoted, quoted)
    assert (result.returncode, result.stdout) == (0, "ok -- validation done\n")

    event_schema = json.loads((SCHEMAS / schema.file_name("event")).read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(event_schema)
    as_pyyaml_reads = yaml.safe_load(MINIMAL_EVENT)
    assert [error.message for error in validator.iter_errors(as_pyyaml_reads)] == [
        "datetime.date(2022, 9, 19) is not of type 'string', 'integer'"
    ]
    assert list(validator.iter_errors(yaml.safe_load(quoted.read_text(encoding="utf-8")))) == []
