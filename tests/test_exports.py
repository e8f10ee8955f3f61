"""Data exports (builder/rendering/exports.py), read back as their users read them: JSON with
`json` and its published JSON Schema, CSV with `csv` as a spreadsheet would, GeoJSON with a
GeoJSON validator; deterministic, drafts left out, in a zip pack too."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import geojson
import jsonschema
import pytest
from browser import BRIEFING, build, project_with_content, run, tree_hashes
from conftest import actor_document, event_document

from builder.rendering import exports

REPO = Path(__file__).resolve().parent.parent
TRICKY = 'Comma, "quote"\nand a new line'


def files() -> dict[str, str]:
    return {
        "tags.yaml": "security:\n  title: Security\n",
        "actors/ann.yaml": actor_document("Ann Archer", aliases=["=HYPERLINK(1)"], country="FR"),
        "actors/ruritania.yaml": actor_document("Ruritania", "state"),
        "events/talks.yaml": event_document(
            "Talks in Nanping",
            "2022-09-19",
            actors=[{"actor": "ann", "role": "host"}, "ruritania"],
            tags=["security"],
            summary=f"Meets [Ruritania](actor:ruritania). {TRICKY}",
            location={"name": "Nanping", "country": "CN", "lat": 26.64, "lon": 118.18},
            confidence="moderate",
            related=[{"event": "summit", "relation": "follows"}],
        ),
        "events/summit.yaml": event_document(
            "=SUM(A1) summit", "2022-09-15/2022-09-16", actors=["ann"], location={"country": "UZ"}
        ),
        "events/guess.yaml": event_document("A guessed meeting", "2021-05~"),
        "events/secret.yaml": event_document("Secret plan", "2022-10-01", status="draft"),
    }


@pytest.fixture(name="site", scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("exports")
    project = project_with_content(root / "project", files())
    for folder in ("site", "again"):
        result = build(root / folder, cwd=project, env={"SITE_URL": ""})
        assert result.returncode == 0, result.stdout
    assert tree_hashes(root / "site" / "data") == tree_hashes(root / "again" / "data")
    return root / "site"


def test_events_json_follows_its_published_schema_and_resolves_names(site: Path) -> None:
    document = json.loads((site / "data/events.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "data/events.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    events = {event["id"]: event for event in document["events"]}
    assert list(events) == ["guess", "summit", "talks"]  # time order, the draft left out
    talks = events["talks"]
    assert talks["url"] == "events/talks.html"
    assert talks["actors"][0] == {"id": "ann", "name": "Ann Archer", "kind": "person", "role": "host"}
    assert talks["date"] == {
        "as_written": "2022-09-19",
        "shown": "19 September 2022",
        "start": "2022-09-19",
        "end": "2022-09-19",
        "uncertain": False,
    }
    assert talks["sources"][0]["grade"] == "C2"
    assert talks["related"] == [{"event": "summit", "relation": "follows", "as_written": True, "label": "follows"}]
    assert events["summit"]["related"][0] == {
        "event": "talks",
        "relation": "follows",
        "as_written": False,
        "label": "followed by",
    }
    assert events["summit"]["date"]["end"] == "2022-09-16"
    assert events["guess"]["date"]["uncertain"] is True


def test_the_committed_schema_is_the_published_one() -> None:
    committed = (REPO / "docs/events-export.schema.json").read_text(encoding="utf-8")
    assert committed == json.dumps(exports.EVENTS_SCHEMA, ensure_ascii=False, indent=1) + "\n", (
        "docs/events-export.schema.json differs from exports.EVENTS_SCHEMA: copy data/events.schema.json from a build"
    )


def read_csv(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode()), "no byte-order mark: a spreadsheet would misread the accents"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_events_csv_reads_back_one_row_per_event_with_the_documented_columns(site: Path) -> None:
    rows = read_csv(site / "data/events.csv")
    assert [row["id"] for row in rows] == ["guess", "summit", "talks"]
    assert list(rows[0]) == [name for name, _meaning in exports.EVENT_COLUMNS]
    talks = rows[2]
    assert talks["summary"] == 'Meets Ruritania. Comma, "quote" and a new line'  # as plain text, in one line
    assert talks["actors"] == "Ann Archer; Ruritania" and talks["actor_ids"] == "ann; ruritania"
    assert (talks["start"], talks["end"], talks["confidence"], talks["best_grade"]) == (
        "2022-09-19",
        "2022-09-19",
        "moderate",
        "C2",
    )
    assert rows[1]["title"] == "'=SUM(A1) summit"  # a spreadsheet would run it as a formula
    assert rows[0]["date_uncertain"] == "yes" and rows[0]["date"] == "2021-05~"
    assert "Secret plan" not in (site / "data/events.csv").read_text(encoding="utf-8")


def test_actors_csv_reads_back_one_row_per_actor(site: Path) -> None:
    rows = read_csv(site / "data/actors.csv")
    assert list(rows[0]) == [name for name, _meaning in exports.ACTOR_COLUMNS]
    ann = next(row for row in rows if row["id"] == "ann")
    assert (ann["name"], ann["events"], ann["country"], ann["aliases"]) == ("Ann Archer", "2", "FR", "'=HYPERLINK(1)")


def test_events_geojson_is_valid_and_has_longitude_first(site: Path) -> None:
    collection = geojson.loads((site / "data/events.geojson").read_text(encoding="utf-8"))
    assert collection.is_valid, collection.errors()
    assert collection["type"] == "FeatureCollection"
    (feature,) = collection["features"]  # the summit names only a country: no point
    assert feature.is_valid
    assert feature["geometry"]["coordinates"] == [118.18, 26.64]
    assert feature["properties"]["event"] == "talks" and feature["properties"]["url"] == "events/talks.html"


def test_timeline_json_is_in_timelinejs_format(site: Path) -> None:
    timeline = json.loads((site / "data/timeline.json").read_text(encoding="utf-8"))
    assert set(timeline) == {"title", "events"}
    summit = next(e for e in timeline["events"] if e["unique_id"] == "summit")
    assert summit["start_date"] == {"year": 2022, "month": 9, "day": 15}
    assert summit["end_date"] == {"year": 2022, "month": 9, "day": 16}
    assert summit["text"]["headline"] == "=SUM(A1) summit"
    talks = next(e for e in timeline["events"] if e["unique_id"] == "talks")
    assert "&#34;quote&#34;" in talks["text"]["text"] and "<script" not in talks["text"]["text"]
    assert talks["group"] == "Security"


def test_the_data_page_links_every_file(site: Path) -> None:
    page = (site / "data.html").read_text(encoding="utf-8")
    for file in exports.DATA_FILES:
        assert f'<a href="data/{file.name}" type="{file.media_type}">' in page
        assert (site / "data" / file.name).is_file()
    for name, _meaning in (*exports.EVENT_COLUMNS, *exports.ACTOR_COLUMNS):
        assert f"<td><code>{name}</code></td>" in page


def test_a_zip_pack_holds_the_exports_of_its_own_events(tmp_path: Path) -> None:
    project = project_with_content(tmp_path / "project", files())
    output = tmp_path / "pack.zip"
    result = run([BRIEFING, "pack", "--tag", "security", "--format", "zip", "-o", output], cwd=project)
    assert result.returncode == 0, result.stdout
    with zipfile.ZipFile(output) as archive:
        document = json.loads(archive.read("selection/data/events.json"))
        assert "selection/data/events.csv" in archive.namelist()
    assert [event["id"] for event in document["events"]] == ["talks"]
