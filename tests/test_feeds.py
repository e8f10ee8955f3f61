"""Feeds (builder/rendering/feeds.py): Atom 1.0 and JSON Feed 1.1 from a real build. Atom is
read with a real feed parser (feedparser) and checked for the elements RFC 4287 requires;
JSON Feed against the elements version 1.1 requires (feedparser 6 reads no JSON)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import feedparser
import jsonschema
import pytest
from browser import BRIEFING, build, project_with_content, run, tree_hashes
from conftest import actor_document, event_document

from builder.rendering import feeds

BASE = "https://org.github.io/repo/"
ATOM = "{http://www.w3.org/2005/Atom}"


def files(events: int = 3, updated: dict[int, str] | None = None) -> dict[str, str]:
    tree = {
        "tags.yaml": "security:\n  title: Security\n",
        "actors/ann.yaml": actor_document("Ann Archer"),
        "briefings/b.yaml": "title: B\nsummary: The bottom line.\nselect:\n  tags: [security]\n",
        "events/hostile.yaml": event_document(
            "Hostile",
            "2022-12-31",
            tags=["security"],
            summary="Meets [Ann](actor:ann), [as sourced](#sources-heading). <script>alert(1)</script> "
            "<a href='javascript:alert(1)'>x</a>",
        ),
    }
    for number in range(events):
        extra = {"updated": (updated or {})[number]} if number in (updated or {}) else {}
        tree[f"events/e{number:03}.yaml"] = event_document(
            f"Event {number}", f"2022-02-{number % 28 + 1:02}", actors=["ann"], tags=["security"], **extra
        )
    return tree


@pytest.fixture(name="built", scope="module")
def fixture_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("feeds")
    tree = files(events=feeds.FEED_ENTRIES + 5, updated={1: "2023-05-01"})
    project = project_with_content(root / "project", tree)
    for folder in ("site", "again"):
        result = build(root / folder, cwd=project, env={"SITE_URL": BASE})
        assert result.returncode == 0, result.stdout
    assert tree_hashes(root / "site") == tree_hashes(root / "again")  # byte-identical
    return root / "site"


FEEDS = ["site", "briefings/b", "tags/security", "actors/ann"]
JSON_FEED_1_1 = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": {"type": "string", "pattern": "^https?://"},
        "feed_url": {"type": "string", "pattern": "^https?://"},
        "authors": {"type": "array", "items": {"type": "object", "required": ["name"]}},
        "language": {"type": "string"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "url": {"type": "string", "pattern": "^https?://"},
                    "title": {"type": "string"},
                    "content_html": {"type": "string", "minLength": 1},
                    "date_modified": {"type": "string", "format": "date-time"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}
"""JSON Feed 1.1's required elements (https://jsonfeed.org/version/1.1): feedparser reads no JSON."""


@pytest.mark.parametrize("name", FEEDS)
def test_each_atom_feed_parses_and_holds_what_atom_requires(built: Path, name: str) -> None:
    path = built / "feeds" / f"{name}.xml"
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    root = ET.fromstring(path.read_bytes())
    for required in ("id", "title", "updated"):
        assert root.find(ATOM + required) is not None and root.findtext(ATOM + required)
    assert root.find(f"{ATOM}author/{ATOM}name") is not None  # entries without an author need the feed's
    entries = root.findall(ATOM + "entry")
    assert 0 < len(entries) == (feeds.FEED_ENTRIES if name == "site" else feeds.ITEM_FEED_ENTRIES)
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.findtext(ATOM + required)
    links = [entry.link for entry in parsed.entries]
    assert all(link.startswith(BASE + "events/") for link in links)
    assert len(set(links)) == len(links)


@pytest.mark.parametrize("name", FEEDS)
def test_each_json_feed_holds_what_json_feed_1_1_requires(built: Path, name: str) -> None:
    document = json.loads((built / "feeds" / f"{name}.json").read_text(encoding="utf-8"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"]
    assert document["feed_url"] == f"{BASE}feeds/{name}.json"
    assert document["home_page_url"].startswith(BASE)
    jsonschema.validate(document, JSON_FEED_1_1)
    for item in document["items"]:
        assert item["url"].startswith(BASE)
    atom = feedparser.parse((built / "feeds" / f"{name}.xml").read_bytes())
    assert [entry.link for entry in atom.entries] == [item["url"] for item in document["items"]]


def test_the_site_feed_is_newest_first_by_updated_else_date_and_bounded(built: Path) -> None:
    parsed = feedparser.parse((built / "feeds/site.xml").read_bytes())
    assert len(parsed.entries) == feeds.FEED_ENTRIES
    assert parsed.entries[0].title == "Event 1"  # updated in 2023, though dated February 2022
    days = [entry.updated for entry in parsed.entries]
    assert days == sorted(days, reverse=True)
    assert parsed.feed.updated == "2023-05-01T00:00:00Z"


def test_entries_are_sanitised_summaries_with_absolute_links(built: Path) -> None:
    for name in ("site.xml", "site.json", "tags/security.xml"):
        text = (built / "feeds" / name).read_text(encoding="utf-8")
        assert "<script" not in text and "&lt;script" not in text and "javascript:" not in text
    parsed = feedparser.parse((built / "feeds/tags/security.xml").read_bytes())
    hostile = next(entry for entry in parsed.entries if entry.title == "Hostile")
    assert f'<a href="{BASE}actors/ann.html">Ann</a>' in hostile.summary
    assert f'<a href="{BASE}events/hostile.html#sources-heading">as sourced</a>' in hostile.summary


def test_pages_announce_the_site_feed_and_their_own(built: Path) -> None:
    tag = (built / "tags/security.html").read_text(encoding="utf-8")
    head = tag[: tag.index("</head>")]
    assert re.search(
        r'<link rel="alternate" type="application/atom\+xml" title="[^"]+ \(Atom\)" href="../feeds/site.xml">', head
    )
    assert 'type="application/feed+json" title="Security (JSON Feed)" href="../feeds/tags/security.json">' in head
    event = (built / "events/e000.html").read_text(encoding="utf-8")
    assert event.count('rel="alternate"') == 2  # the site's feed, in both formats


def test_without_site_url_there_are_no_feeds_and_the_build_says_so_once(tmp_path: Path) -> None:
    project = project_with_content(tmp_path / "project", files())
    result = build(tmp_path / "site", cwd=project, env={"SITE_URL": ""})
    assert result.returncode == 0, result.stdout
    assert result.stdout.count(feeds.NO_SITE_URL) == 1
    assert not (tmp_path / "site/feeds").exists()
    assert 'rel="alternate"' not in (tmp_path / "site/index.html").read_text(encoding="utf-8")


def test_a_pack_has_no_feeds(tmp_path: Path) -> None:
    """A pack is read from disk: its feeds would point at the published site, not at itself."""
    project = project_with_content(tmp_path / "project", files())
    output = tmp_path / "pack.zip"
    result = run([BRIEFING, "pack", "--format", "zip", "-o", output], cwd=project, env={"SITE_URL": BASE})
    assert result.returncode == 0, result.stdout
    with zipfile.ZipFile(output) as archive:
        names = archive.namelist()
        index = archive.read("site/index.html").decode("utf-8")
    assert "site/index.html" in names and not [name for name in names if name.startswith("site/feeds/")]
    assert 'rel="alternate"' not in index
