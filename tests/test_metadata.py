"""What a page says of itself (builder/rendering/metadata.py and the head of templates/base.html):
its own description, a canonical link and Open Graph tags from site_url, schema.org Event data
that says no more than the page, and the "Cite this" line."""

from __future__ import annotations

import json
import re
from pathlib import Path

from browser import build, project_with_content
from conftest import LoadTree, actor_document, event_document

from builder.rendering import metadata
from builder.rendering.pages import Options, event_page

SUMMARY = "Talks in **Nanping** on security. " + "More words follow here. " * 20


def files() -> dict[str, str]:
    return {
        "actors/ann.yaml": actor_document("Ann Archer"),
        "actors/ruritania.yaml": actor_document("Ruritania", "state"),
        "events/talks.yaml": event_document(
            "Talks “in” Nanping",
            "2022-09-19",
            actors=["ann", "ruritania"],
            summary=SUMMARY,
            location={"name": "Nanping", "country": "CN", "lat": 26.64, "lon": 118.18},
        ),
        "events/guess.yaml": event_document("A guessed meeting", "2021-05~"),
    }


def test_a_description_is_the_pages_own_summary_trimmed_at_a_word() -> None:
    assert metadata.trimmed("short", 200) == "short"
    cut = metadata.trimmed("one two three four", 12)
    assert cut == "one two…" and len(cut) <= 12


def test_event_json_ld_says_what_the_page_says_and_no_more(load_tree: LoadTree) -> None:
    site = load_tree(files())
    events = {event.id: event for event in site.events}
    page = event_page(site, events["talks"], Options())
    script = metadata.event_json_ld(page.context, "https://example.org/events/talks.html")
    data = json.loads(script.split(">", 1)[1].rsplit("<", 1)[0])
    assert data["@type"] == "Event" and data["name"] == "Talks “in” Nanping"
    assert data["startDate"] == "2022-09-19" and "endDate" not in data
    assert data["location"]["geo"] == {"@type": "GeoCoordinates", "latitude": 26.64, "longitude": 118.18}
    assert data["location"]["address"]["addressCountry"] == "CN"
    assert data["actor"] == [{"@type": "Person", "name": "Ann Archer"}, {"@type": "Country", "name": "Ruritania"}]
    assert data["url"] == "https://example.org/events/talks.html"
    assert data["description"].startswith("Talks in Nanping on security.")
    guessed = metadata.event_json_ld(event_page(site, events["guess"], Options()).context, None)
    assert "startDate" not in guessed and "url" not in guessed  # "about May 2021" has no date to give


def head(page: str) -> str:
    return page[: page.index("</head>")]


def test_pages_carry_their_own_description_canonical_link_and_card(tmp_path: Path) -> None:
    project = project_with_content(tmp_path / "project", files())
    result = build(tmp_path / "site", cwd=project, env={"SITE_URL": "https://org.github.io/repo/"})
    assert result.returncode == 0, result.stdout
    event = (tmp_path / "site/events/talks.html").read_text(encoding="utf-8")
    url = "https://org.github.io/repo/events/talks.html"
    meta = head(event)
    description = re.search(r'<meta name="description" content="([^"]*)">', meta)
    assert description is not None and description.group(1).startswith("Talks in Nanping on security. More")
    assert description.group(1).endswith("…") and len(description.group(1)) <= metadata.DESCRIPTION_LENGTH
    assert f'<link rel="canonical" href="{url}">' in meta
    assert f'<meta property="og:url" content="{url}">' in meta
    assert '<meta property="og:type" content="article">' in meta
    assert '<meta property="og:title" content="Talks “in” Nanping">' in meta
    assert '<meta name="twitter:card" content="summary">' in meta
    assert '<script type="application/ld+json">' in event
    cite = event[event.index('<p class="cite__text">') :]
    assert cite.startswith('<p class="cite__text">“Talks ‘in’ Nanping.” <cite>')
    assert f'<span class="cite__url">{url}</span> (accessed <span class="cite__accessed">[date]</span>)' in cite
    home = head((tmp_path / "site/index.html").read_text(encoding="utf-8"))
    assert '<meta property="og:type" content="website">' in home


def test_without_site_url_there_is_no_canonical_link_and_the_reader_address_is_filled_in(tmp_path: Path) -> None:
    project = project_with_content(tmp_path / "project", files())
    result = build(tmp_path / "site", cwd=project, env={"SITE_URL": ""})
    assert result.returncode == 0, result.stdout
    event = (tmp_path / "site/events/talks.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in event and "og:url" not in event
    assert '<span class="cite__url" data-cite-here hidden></span>' in event
