"""The rendering stage: which pages exist, where they link, and that content stays data (builder/rendering.py)."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import inspect
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import LoadTree, actor_document, event_document, jinja_environment

from builder import fragments, markup
from builder.index import CROWD_SIZE, Site, build_site, initial
from builder.rendering.pages import (
    ACTOR_EVENTS_ON_ONE_PAGE,
    ACTORS_ON_ONE_PAGE,
    EVENTS_ON_ONE_PAGE,
    NETWORK_DRAWN,
    TAG_EVENTS_ON_ONE_PAGE,
    Options,
    list_pages,
)
from builder.rendering.renderer import Renderer, RenderFailed
from builder.rendering.search import search_index
from builder.rendering.urls import page_url, relative_url

EDIT_BASE = "https://github.com/example/briefing/edit/main/content/"
OPTIONS = Options(site_name="Test site", edit_base=EDIT_BASE, content_prefix="content/")


def render(site: Site, path: str, options: Options = OPTIONS) -> str:
    pages = {page.path: page for page in list_pages(site, options)}
    return Renderer(site, options, jinja_environment()).render(pages[path])


def search_entries(site: Site, options: Options = OPTIONS) -> list[dict[str, str]]:
    script = search_index(site, options)
    prefix, suffix = "window.BRIEFING_SEARCH = ", ";\n"
    assert script.startswith(prefix) and script.endswith(suffix)
    entries: list[dict[str, str]] = json.loads(script[len(prefix) : -len(suffix)])
    return entries


SMALL_TREE: dict[str, str | bytes] = {
    "actors/nikolai-patrushev.yaml": actor_document(
        "Nikolai Patrushev", native_name="Николай Патрушев", aliases=["Nikolay Patrushev", "Совбез"]
    ),
    "actors/guo-shengkun.yaml": actor_document("Guo Shengkun", native_name="郭声琨", aliases=["Guō Shēngkūn"]),
    "tags.yaml": "security:\n  title: Security\n",
    "briefings/brief.yaml": "title: Brief\nsummary: S.\nselect:\n  tags: [security]\n",
    "events/2022/nanping.yaml": event_document(
        "Patrushev meets Guo in Nanping",
        "2022-09-19",
        actors=[{"actor": "nikolai-patrushev", "role": "visiting"}, "guo-shengkun"],
        tags=["security"],
        location={"name": "Nanping", "country": "CN"},
    ),
    "events/2021/earlier.yaml": event_document("Earlier", "2021-03"),
}


def test_page_list_and_urls(load_tree: LoadTree) -> None:
    site = load_tree(SMALL_TREE)
    pages = list(list_pages(site, OPTIONS))

    assert [(page.path, page.title, page_url(page.path, directory_urls=False)) for page in pages] == [
        ("index.md", "Test site", "index.html"),
        ("timeline.md", "Timeline", "timeline.html"),
        ("map.md", "Map", "map.html"),
        ("timeline/2021.md", "Timeline 2021", "timeline/2021.html"),
        ("timeline/2022.md", "Timeline 2022", "timeline/2022.html"),
        ("events.md", "Events", "events.html"),
        ("events/by-title/index.md", "Events A–Z", "events/by-title/index.html"),
        ("events/earlier.md", "Earlier", "events/earlier.html"),
        ("events/nanping.md", "Patrushev meets Guo in Nanping", "events/nanping.html"),
        ("actors.md", "Actors", "actors.html"),
        ("actors/guo-shengkun.md", "Guo Shengkun", "actors/guo-shengkun.html"),
        ("actors/nikolai-patrushev.md", "Nikolai Patrushev", "actors/nikolai-patrushev.html"),
        ("network.md", "Network", "network.html"),
        ("tags.md", "Tags", "tags.html"),
        ("tags/security.md", "Security", "tags/security.html"),
        ("briefings.md", "Briefings", "briefings.html"),
        ("briefings/brief.md", "Brief", "briefings/brief.html"),
        ("methodology.md", "How to read confidence and sources", "methodology.html"),
        ("search.md", "Search", "search.html"),
    ]
    assert [page.source for page in pages if page.source] == [
        "content/events/2021/earlier.yaml",
        "content/events/2022/nanping.yaml",
        "content/actors/guo-shengkun.yaml",
        "content/actors/nikolai-patrushev.yaml",
        "content/tags.yaml",
        "content/briefings/brief.yaml",
    ]


@pytest.mark.parametrize(
    ("path", "directory_urls", "url"),
    [
        ("index.md", False, "index.html"),
        ("events/x.md", False, "events/x.html"),
        ("timeline/2022.md", False, "timeline/2022.html"),
        ("index.md", True, ""),
        ("events.md", True, "events/"),
        ("events/x.md", True, "events/x/"),
        ("events/index.md", True, "events/"),
    ],
    ids=["home", "event", "year", "home-dir", "section-dir", "event-dir", "index-in-folder-dir"],
)
def test_page_url(path: str, directory_urls: bool, url: str) -> None:
    assert page_url(path, directory_urls=directory_urls) == url


@pytest.mark.parametrize(
    ("target", "current", "expected"),
    [
        ("events/x.html", "index.html", "events/x.html"),
        ("index.html", "events/x.html", "../index.html"),
        ("events/y.html", "events/x.html", "y.html"),
        ("actors/a.html", "events/x.html", "../actors/a.html"),
        ("events/x.html", "events/x.html", "x.html"),
        ("timeline/2022.html", "timeline.html", "timeline/2022.html"),
        ("assets/search.js", "timeline/2022.html", "../assets/search.js"),
        ("events/x/", "", "events/x/"),
        ("events/x/", "actors/a/", "../../events/x/"),
        ("events/", "events/x/", "../"),
        ("", "events/x/", "../.."),
    ],
    ids=[
        "down",
        "up",
        "sibling",
        "across",
        "self",
        "section-to-year",
        "asset",
        "dir-down",
        "dir-across",
        "dir-up",
        "dir-home",
    ],
)
def test_relative_url(target: str, current: str, expected: str) -> None:
    assert relative_url(target, current) == expected


HOSTILE_TITLES = [
    ("jinja-expression", "{{ config }}", "{{ config }}"),
    ("jinja-statement", '{% include "main.html" %}', "{% include “main.html” %}"),  # quotes typographic
    ("jinja-comment", "{# hidden #} shown", "{# hidden #} shown"),
    ("script", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("attribute", '"><img src=x onerror=alert(1)>', "“&gt;&lt;img src=x onerror=alert(1)&gt;"),
    ("snippet-include", "--8<-- secrets.txt", "--8&lt;-- secrets.txt"),
]


@pytest.mark.parametrize(("title", "escaped"), [t[1:] for t in HOSTILE_TITLES], ids=[t[0] for t in HOSTILE_TITLES])
def test_hostile_title_is_shown_as_characters(load_tree: LoadTree, title: str, escaped: str) -> None:
    site = load_tree(
        {
            "events/hostile.yaml": event_document(title, "2022-01-01", summary="Nothing {{ 7 * 7 }} here."),
            "events/other.yaml": event_document("Other", "2022-01-02", related=["hostile"]),
        }
    )

    event_page = render(site, "events/hostile.md")
    assert f"<h1>{escaped}</h1>" in event_page
    assert "Nothing {{ 7 * 7 }} here." in event_page
    assert "49" not in event_page
    assert '<a href="hostile.html">' + escaped + "</a>" in render(site, "events/other.md")
    for page in ("index.md", "events.md", "timeline/2022.md"):
        assert escaped in render(site, page)
        assert "<script" not in render(site, page)
        assert "<img" not in render(site, page)


DRAFT_LINKS: dict[str, str | bytes] = {
    "events/live.yaml": event_document(
        "Live", "2022-01-01", summary="Compare [the draft](event:wip).", related=["wip"]
    ),
    "events/wip.yaml": event_document("Work in progress", "2022-01-02", status="draft"),
}


def test_draft_is_plain_text_in_a_published_build(load_tree: LoadTree) -> None:
    site = load_tree(DRAFT_LINKS)
    page = render(site, "events/live.md")

    assert "wip.html" not in page
    assert "Compare the draft." in page
    assert "Work in progress" not in page and "badge--draft" not in page and "Related events" not in page
    assert [p.path for p in list_pages(site, OPTIONS) if p.path.startswith("events/")] == [
        "events/by-title/index.md",
        "events/live.md",
    ]
    assert "wip" not in json.dumps(search_entries(site))


def test_draft_is_linked_with_drafts(load_tree: LoadTree) -> None:
    site = load_tree(DRAFT_LINKS, drafts=True)
    page = render(site, "events/live.md")

    assert 'Compare <a href="wip.html">the draft</a>.' in page
    assert '<a href="wip.html">Work in progress</a> <span class="badge badge--draft">Draft</span>' in page
    assert "<dd>Draft — not yet reviewed</dd>" in render(site, "events/wip.md")


def test_a_summary_is_converted_once_and_linked_from_every_depth(
    load_tree: LoadTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A summary with a cross-reference is shown at several folder depths; it is
    converted once and each page gets the link relative to itself."""
    tree = {
        "actors/guo-shengkun.yaml": actor_document("Guo Shengkun"),
        "tags.yaml": "security:\n  title: Security\n",
        "events/2022/met.yaml": event_document(
            "Met",
            "2022-09-19",
            summary="Met [Guo](actor:guo-shengkun) once.",
            tags=["security"],
            actors=["guo-shengkun"],
        ),
    }
    site = load_tree(tree)
    converted: list[str] = []
    real = markup._converted
    markup._RENDERED.clear()
    monkeypatch.setattr(markup, "_converted", lambda text, *args: converted.append(text) or real(text, *args))
    directory_urls = Options(directory_urls=True)

    expected_links = [
        ("index.md", OPTIONS, "actors/guo-shengkun.html"),
        ("timeline/2022.md", OPTIONS, "../actors/guo-shengkun.html"),
        ("actors/guo-shengkun.md", OPTIONS, "guo-shengkun.html"),
        ("index.md", directory_urls, "actors/guo-shengkun/"),
        ("events/met.md", directory_urls, "../../actors/guo-shengkun/"),
        ("tags/security.md", directory_urls, "../../actors/guo-shengkun/"),
    ]
    for path, options, href in expected_links:
        assert f'Met <a href="{href}">Guo</a> once.' in render(site, path, options), (path, href)
    assert converted.count("Met [Guo](actor:guo-shengkun) once.") == 2  # one per URL style
    assert "briefing-root" not in render(site, "events/met.md")


def test_search_index_has_native_names_and_aliases(load_tree: LoadTree) -> None:
    site = load_tree(SMALL_TREE)

    assert search_entries(site) == [
        {
            "u": "events/nanping.html",
            "k": "event",
            "t": "Patrushev meets Guo in Nanping",
            "d": "19 September 2022",
            "s": "Patrushev meets Guo in Nanping.",
            "n": "Nanping",
            "c": "none",
            "g": "C2",
            "a": "Nikolai Patrushev · Николай Патрушев · Nikolay Patrushev · Совбез · "
            "Guo Shengkun · 郭声琨 · Guō Shēngkūn",
            "r": "20220919-20220919",
        },
        {
            "u": "events/earlier.html",
            "k": "event",
            "t": "Earlier",
            "d": "March 2021",
            "s": "Earlier.",
            "n": "",
            "c": "none",
            "g": "C2",
            "r": "20210301-20210331",
        },
        {
            "u": "actors/guo-shengkun.html",
            "k": "actor",
            "t": "Guo Shengkun",
            "d": "",
            "s": "",
            "n": "郭声琨 · Guō Shēngkūn",
        },
        {
            "u": "actors/nikolai-patrushev.html",
            "k": "actor",
            "t": "Nikolai Patrushev",
            "d": "",
            "s": "",
            "n": "Николай Патрушев · Nikolay Patrushev · Совбез",
        },
        {"u": "tags/security.html", "k": "tag", "t": "Security", "d": "", "s": "", "n": ""},
        {"u": "briefings/brief.html", "k": "briefing", "t": "Brief", "d": "", "s": "S.", "n": ""},
    ]
    script = search_index(site, OPTIONS)
    assert "Николай Патрушев" in script and "郭声琨" in script  # written as characters, not \u escapes


def test_search_index_cannot_close_a_script_element(load_tree: LoadTree) -> None:
    title = "</script><script>alert(1)</script>"
    site = load_tree(
        {
            "events/x.yaml": event_document(title, "2022-01-01", summary="A </SCRIPT > and <!-- <script> text."),
            "actors/a.yaml": actor_document("A", aliases=["</script>"]),
        }
    )

    script = search_index(site, OPTIONS)
    assert re.search(r"</script", script, re.IGNORECASE) is None
    assert "<!--" not in script
    entries = search_entries(site)
    assert [entry["t"] for entry in entries] == [title, "A"]
    assert entries[1]["n"] == "</script>"


QUOTED_EVENT = event_document(
    "Statement",
    "2022-02-04",
    actors=["china", "russia", {"actor": "putin", "role": "signatory"}],
    quotes=[
        {"text": "no limits", "actor": ["china", "russia"], "source": "report", "context": "On the friendship."},
        {"text": "balanced", "actor": "putin", "source": "other"},
    ],
    sources=[
        {
            "id": "report",
            "title": "News report",
            "publisher": "Agency",
            "url": "https://example.org/a",
            "reliability": "B",
            "credibility": 2,
        },
        {"id": "other", "title": "Other report", "reliability": "F"},
    ],
    related=[{"event": "invasion", "relation": "precedes"}],
)
QUOTED_TREE: dict[str, str | bytes] = {
    "actors/china.yaml": actor_document("China", "state"),
    "actors/russia.yaml": actor_document("Russia", "state"),
    "actors/putin.yaml": actor_document("Vladimir Putin"),
    "events/2022/statement.yaml": QUOTED_EVENT,
    "events/2022/invasion.yaml": event_document("Invasion", "2022-02-24"),
}


def test_event_page_grades_are_spelled_out(load_tree: LoadTree) -> None:
    site = load_tree(QUOTED_TREE)
    sources = site.content.events["statement"].sources
    page = render(site, "events/statement.md")

    assert [source.grade_text for source in sources] == [
        "B2 — usually reliable, probably true",
        "F? — reliability cannot be judged",
    ]
    assert (
        '<span class="grade">B2</span> <span class="source__grade-text">usually reliable, probably true</span>' in page
    )
    assert '<span class="grade">F?</span> <span class="source__grade-text">reliability cannot be judged</span>' in page


def test_event_page_confidence_says_what_the_curator_and_the_sources_say(load_tree: LoadTree) -> None:
    """The level, the curator's own note and the sources counted: never a fixed sentence."""
    sources = [
        {"id": "a", "title": "A", "reliability": "B", "credibility": 2},
        {"id": "b", "title": "B", "reliability": "F", "credibility": 1},
        {"id": "c", "title": "C"},
    ]
    tree: dict[str, str | bytes] = {
        "events/e.yaml": event_document(
            "E", "2022-01-01", confidence="high", confidence_note="Two *independent* reports.", sources=sources
        ),
        "events/bare.yaml": event_document("Bare", "2022-01-02"),
    }
    site = load_tree(tree)
    page = render(site, "events/e.md")
    bare = render(site, "events/bare.md")

    level = '<strong class="confidence__level"><a href="../methodology.html#confidence">Confidence: high</a></strong>'
    assert level in page
    assert '<span class="confidence__text">Two <em>independent</em> reports.</span>' in page
    assert '<a class="confidence__sources" href="#sources-heading">3 sources, graded B2, F1; 1 not graded</a>' in page
    assert "Confidence: not given" in bare and "1 source, graded C2" in bare
    assert "confidence__text" not in bare
    assert "Corroborated" not in page + bare


def test_event_page_quotes_name_speakers_and_source(load_tree: LoadTree) -> None:
    page = render(load_tree(QUOTED_TREE), "events/statement.md")

    assert "<blockquote><p>no limits</p></blockquote>" in page
    assert (
        '<span class="quote__speakers"><a href="../actors/china.html">China</a> and '
        '<a href="../actors/russia.html">Russia</a></span>' in page
    )
    assert '<span class="quote__context">On the friendship.</span>' in page
    assert '— cited from <a href="#source-report">News report</a>' in page
    assert '<span class="quote__speakers"><a href="../actors/putin.html">Vladimir Putin</a></span>' in page
    assert '— cited from <a href="#source-other">Other report</a>' in page
    assert '<li class="source" id="source-report">' in page
    assert '<li class="source" id="source-other">' in page


def test_event_page_shows_related_both_directions(load_tree: LoadTree) -> None:
    site = load_tree(QUOTED_TREE)

    assert re.search(
        r'Precedes</span>\s*<span class="related-item__event"><a href="invasion.html">Invasion</a>',
        render(site, "events/statement.md"),
    )
    assert re.search(
        r'Preceded by</span>\s*<span class="related-item__event"><a href="statement.html">Statement</a>',
        render(site, "events/invasion.md"),
    )


def test_event_page_edit_link_points_at_the_yaml_file(load_tree: LoadTree) -> None:
    site = load_tree(QUOTED_TREE)

    assert f'<a href="{EDIT_BASE}events/2022/statement.yaml" data-edit-link>' in render(site, "events/statement.md")
    without = Options(site_name="Test site")
    assert "data-edit-link" not in render(site, "events/statement.md", without)


def test_actor_page_links_events_relations_and_co_actors(load_tree: LoadTree) -> None:
    site = load_tree(QUOTED_TREE)
    page = render(site, "actors/china.md")

    assert '<a href="../events/statement.html">Statement</a>' in page
    assert '<a href="russia.html">Russia</a> <span class="count">1 shared event</span>' in page
    putin = render(site, "actors/putin.md")
    assert re.search(r'<span class="visually-hidden">Role: </span>signatory', putin)


def test_actor_page_says_which_events_are_too_crowded_to_count_companions(load_tree: LoadTree) -> None:
    crowd = [f"a{i:03d}" for i in range(CROWD_SIZE + 1)]
    tree: dict[str, str | bytes] = {f"actors/{ident}.yaml": actor_document(ident.upper()) for ident in crowd}
    tree["events/summit.yaml"] = event_document("Summit", "2022-01-01", actors=crowd)
    page = render(load_tree(tree), "actors/a000.md")

    assert f"Not counted: 1 event with more than {CROWD_SIZE} actors." in page
    assert 'class="co-actors"' not in page


def test_actor_page_draws_its_network_with_a_link_per_actor(load_tree: LoadTree) -> None:
    site = load_tree(QUOTED_TREE)
    page = render(site, "actors/china.md")

    svg = page[page.index('<svg class="network__svg"') : page.index("</svg>", page.index("network__svg"))]
    assert '<title id="network-title">The network of China</title>' in svg
    assert '<desc id="network-desc">' in svg
    assert '<a href="russia.html" aria-label="Russia">' in svg
    assert 'href="china.html"' not in svg  # the actor itself, in the centre, is not a link
    assert '<a href="russia.html">Russia</a> <span class="count">1 shared event</span>' in page  # the words stay


def test_network_page_draws_the_most_connected_actors_and_says_it_in_words(load_tree: LoadTree) -> None:
    site = load_tree(QUOTED_TREE)
    pages = {page.path for page in list_pages(site, OPTIONS)}
    page = render(site, "network.md")

    assert "network.md" in pages
    assert '<title id="network-title">The network of the most connected actors</title>' in page
    assert '<a href="actors/russia.html" aria-label="Russia">' in page
    assert re.search(r'<a href="actors/china.html">China</a></span> appears with <a href="actors/russia.html">', page)
    assert render(site, "network.md") == page
    assert 'href="network.html"' in render(site, "actors.md")


def test_network_page_caps_the_actors_drawn(load_tree: LoadTree) -> None:
    ids = [f"a{i:02}" for i in range(NETWORK_DRAWN + 5)]
    tree: dict[str, str | bytes] = {f"actors/{ident}.yaml": actor_document(ident.upper()) for ident in ids}
    for i, ident in enumerate(ids):
        tree[f"events/e{i:02}.yaml"] = event_document(f"E{i}", "2022-01-01", actors=[ident, ids[(i + 1) % len(ids)]])
    page = render(load_tree(tree), "network.md")

    assert page.count('<circle class="network__node"') == NETWORK_DRAWN
    assert f"the {NETWORK_DRAWN} actors in most events shared with others (at most {NETWORK_DRAWN})" in page


def test_timeline_pages_draw_every_event_as_a_named_link(load_tree: LoadTree) -> None:
    tree: dict[str, str | bytes] = {
        "events/sure.yaml": event_document("Sure", "2022-09-19", confidence="high"),
        "events/guess.yaml": event_document("Guess", "2022-10~"),
        "events/since.yaml": event_document("Since", "2022-05/.."),
    }
    site = load_tree(tree)
    for path, prefix in (("timeline.md", ""), ("timeline/2022.md", "../")):
        page = render(site, path)
        assert '<title id="tl-title">' in page and '<desc id="tl-desc">' in page
        assert f'href="{prefix}events/sure.html" aria-label="Sure, 19 September 2022, confidence high"' in page
        assert f'href="{prefix}events/guess.html" aria-label="Guess, c. October 2022, confidence not given"' in page
        assert 'fill="url(#tl-hatch)"' in page  # the guess's halo
        assert 'mask="url(#tl-out)"' in page  # the open end fades out
        assert "what a guessed date (c., ?) could mean" in page  # the legend


def test_a_briefing_may_draw_its_timeline_in_lanes(load_tree: LoadTree) -> None:
    briefing = "title: B\nsummary: S.\nselect:\n  tags: [a, b]\n"
    tree: dict[str, str | bytes] = {
        "tags.yaml": "a:\n  title: Alpha\nb:\n  title: Beta\n",
        "events/one.yaml": event_document("One", "2022-01-01", tags=["a"]),
        "events/two.yaml": event_document("Two", "2022-02-01", tags=["b"]),
        "briefings/plain.yaml": briefing,
        "briefings/laned.yaml": briefing + "timeline_lanes: tag\n",
    }
    site = load_tree(tree)
    plain = render(site, "briefings/plain.md")
    laned = render(site, "briefings/laned.md")

    assert 'class="tl-lane"' not in plain and 'class="tl-mark' in plain
    assert re.findall(r'<g class="tl-lane">\s*<rect [^>]*/>\s*<text [^>]*>(\w+)</text>', laned) == ["Alpha", "Beta"]


def test_located_events_are_drawn_on_maps(load_tree: LoadTree) -> None:
    place = {"name": "Nanping", "country": "CN", "lat": 26.64, "lon": 118.18}
    tree: dict[str, str | bytes] = {
        "tags.yaml": "t:\n  title: T\n",
        "events/one.yaml": event_document("One", "2022-01-01", location=place, tags=["t"]),
        "events/two.yaml": event_document("Two", "2022-02-01", location=place, tags=["t"]),
        "events/war.yaml": event_document("War", "2022-02-24", location={"name": "Ukraine", "country": "UA"}),
        "events/nowhere.yaml": event_document("Nowhere", "2022-03-01"),
        "briefings/b.yaml": "title: B\nsummary: S.\nselect:\n  tags: [t]\n",
    }
    site = load_tree(tree)
    one, war, nowhere = (render(site, f"events/{name}.md") for name in ("one", "war", "nowhere"))
    world, briefing = render(site, "map.md"), render(site, "briefings/b.md")

    assert '<image href="../assets/world.svg"' in one and 'class="map-mark" role="img"' in one  # no link to itself
    assert 'class="map-country"' in war and "Ukraine: 1 event with no place given" in war
    assert 'class="map-drawing' not in nowhere
    assert '<a class="map-mark" href="#map-place-1" aria-label="Nanping: 2 events">' in world
    assert '<li id="map-place-1"><span class="map-places__name">Nanping</span>' in world
    assert "Shaded, for events that name only a country: Ukraine" in world
    assert '<image href="../assets/world.svg"' in briefing and "Nanping: 2 events" in briefing
    assert "Ukraine" not in briefing  # the war is not in this briefing


# ---------------------------------------------------------------- indexes that would grow with the site

INITIALS = [*"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "9", "É"]
LARGE_EVENTS = EVENTS_ON_ONE_PAGE + 30
LARGE_PEOPLE = ACTORS_ON_ONE_PAGE + 5


def large_tree() -> dict[str, str | bytes]:
    """A tree above every threshold: more events than the A–Z index lists on one page, all
    tagged `all` (more than a tag page lists) and all with State A (more than an actor page
    lists) over three years, titles under every letter and '#'; more people than the actors
    index lists, and two states that it still lists. The tag `few` and State B, in every
    50th event, stay on one page."""
    tree: dict[str, str | bytes] = {
        "tags.yaml": "all:\n  title: Everything\nfew:\n  title: A few\n",
        "actors/state-a.yaml": actor_document("State A", "state"),
        "actors/state-b.yaml": actor_document("State B", "state"),
    }
    for n in range(LARGE_EVENTS):
        title = f"{INITIALS[n % len(INITIALS)]}vent number {n}"
        tags = ["all", "few"] if n % 50 == 0 else ["all"]
        date = f"{2020 + n % 3}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        actors: list[str | dict[str, str]] = [{"actor": "state-a", "role": f"role {n}"}]
        if n % 50 == 0:
            actors.append("state-b")
        tree[f"events/{2020 + n % 3}/e{n:03d}.yaml"] = event_document(title, date, tags=tags, actors=actors)
    for n in range(LARGE_PEOPLE):
        tree[f"actors/p{n:03d}.yaml"] = actor_document(f"{INITIALS[n % len(INITIALS)]}erson {n}")
    return tree


def links_to(html: str, folder: str) -> list[str]:
    """The ids of the items in `folder` that a rendered page links to, once per link."""
    return re.findall(rf'href="(?:\.\./)*{folder}/([a-z0-9-]+)\.html"', html)


def test_large_site_splits_the_events_index_by_letter(load_tree: LoadTree) -> None:
    site = load_tree(large_tree())
    pages = {page.path: page for page in list_pages(site, OPTIONS)}
    renderer = Renderer(site, OPTIONS, jinja_environment())
    letter_pages = sorted(
        path for path in pages if path.startswith("events/by-title/") and path != "events/by-title/index.md"
    )

    slugs = [*"abcdefghijklmnopqrstuvwxyz", "other"]
    assert letter_pages == sorted(f"events/by-title/{slug}.md" for slug in slugs)
    assert pages["events/by-title/other.md"].title == "Events: other titles"
    index = renderer.render(pages["events/by-title/index.md"])
    assert links_to(index, "events") == []
    assert re.findall(r'href="([a-z]+\.html)"', index) == [f"{slug}.html" for slug in ["other", *slugs[:-1]]]
    assert f"{LARGE_EVENTS} events, by title, a page for each letter" in index
    newest = renderer.render(pages["events.md"])
    assert f"The latest 100 of {LARGE_EVENTS} events, newest first" in newest
    assert re.findall(r'<p class="event-item__title"><a href="events/(e\d+)\.html">', newest) == [
        event.id for event in reversed(site.events[-100:])
    ]

    seen: Counter[str] = Counter()
    for path in letter_pages:
        html = renderer.render(pages[path])
        listed = re.findall(r'<p class="event-item__title"><a href="\.\./(e\d+)\.html">', html)
        letter = path.removeprefix("events/by-title/").removesuffix(".md")
        expected = [e.id for e in site.events if initial(e.title) == ("#" if letter == "other" else letter.upper())]
        assert sorted(listed) == sorted(expected)
        assert len(listed) <= 2 * (len(site.events) // len(INITIALS) + 1)  # its initials ("#" has two), not the site
        seen.update(listed)
        # Every letter page links to every other one and back to the index, and to its neighbours.
        assert set(re.findall(r'href="([a-z]+\.html)"', html)) == {f"{slug}.html" for slug in [*slugs, "index"]}
        assert 'href="index.html">All letters</a>' in html
    assert seen == Counter({event.id: 1 for event in site.events})

    first, last = renderer.render(pages["events/by-title/other.md"]), renderer.render(pages["events/by-title/z.md"])
    assert 'rel="prev"' not in first and '<a class="pager__next" href="a.html" rel="next">A' in first
    assert '<a class="pager__prev" href="y.html" rel="prev"><span aria-hidden="true">←</span> Y</a>' in last
    assert 'rel="next"' not in last
    assert '<a href="z.html" aria-current="page">Z' in last


def test_large_site_splits_a_big_kind_of_actor_by_letter(load_tree: LoadTree) -> None:
    site = load_tree(large_tree())
    pages = {page.path: page for page in list_pages(site, OPTIONS)}
    renderer = Renderer(site, OPTIONS, jinja_environment())

    index = renderer.render(pages["actors.md"])
    assert sorted(links_to(index, "actors")) == ["state-a", "state-b"]  # two states: listed here
    assert 'href="actors/by-kind/person/a.html"' in index
    assert 'aria-label="People by first letter"' in index
    letter_pages = [path for path in pages if path.startswith("actors/by-kind/")]
    assert len(letter_pages) == len(INITIALS) - 1  # "9" and "É" share '#'
    assert all(path.startswith("actors/by-kind/person/") for path in letter_pages)
    seen: Counter[str] = Counter()
    for path in letter_pages:
        listed = re.findall(r'<a href="\.\./\.\./([a-z0-9-]+)\.html">', renderer.render(pages[path]))
        assert 0 < len(listed) <= ACTORS_ON_ONE_PAGE
        seen.update(listed)
    assert seen == Counter({actor.id: 1 for actor in site.actors if actor.kind == "person"})
    assert pages["actors/by-kind/person/b.md"].title == "People: B"


def test_large_tag_is_split_by_year_newest_first(load_tree: LoadTree) -> None:
    site = load_tree(large_tree())
    pages = {page.path: page for page in list_pages(site, OPTIONS)}
    renderer = Renderer(site, OPTIONS, jinja_environment())
    assert len(site.tag_events["all"]) > TAG_EVENTS_ON_ONE_PAGE >= len(site.tag_events["few"])

    tag = renderer.render(pages["tags/all.md"])
    assert links_to(tag, "events") == []
    assert re.findall(r'href="(all/\d+\.html)"', tag) == ["all/2022.html", "all/2021.html", "all/2020.html"]
    assert [path for path in pages if path.startswith("tags/all/")] == [
        "tags/all/2022.md",
        "tags/all/2021.md",
        "tags/all/2020.md",
    ]
    seen: Counter[str] = Counter()
    for year in (2020, 2021, 2022):
        html = renderer.render(pages[f"tags/all/{year}.md"])
        listed = links_to(html, "events")
        assert {site.content.events[ident].date.timeline_year() for ident in listed} == {year}
        seen.update(listed)
        assert 'href="../all.html">All years</a>' in html
    assert seen == Counter({event.id: 1 for event in site.events})
    middle = renderer.render(pages["tags/all/2021.md"])
    assert '<a class="pager__prev" href="2020.html" rel="prev">' in middle  # older on the left
    assert '<a class="pager__next" href="2022.html" rel="next">' in middle

    few = renderer.render(pages["tags/few.md"])
    assert not any(path.startswith("tags/few/") for path in pages)
    assert re.findall(r'<h2 id="year-(\d+)">', few) == ["2022", "2021", "2020"]
    assert sorted(links_to(few, "events")) == sorted(e.id for e in site.tag_events["few"])


def test_actor_in_many_events_is_split_by_year_newest_first(load_tree: LoadTree) -> None:
    site = load_tree(large_tree())
    pages = {page.path: page for page in list_pages(site, OPTIONS)}
    renderer = Renderer(site, OPTIONS, jinja_environment())
    assert len(site.actor_events["state-a"]) > ACTOR_EVENTS_ON_ONE_PAGE

    actor = renderer.render(pages["actors/state-a.md"])
    assert links_to(actor, "events") == []
    assert f"{LARGE_EVENTS} events, from 2022 back to 2020. Choose a year to read them." in actor
    assert re.findall(r'href="(state-a/\d+\.html)"', actor) == [
        "state-a/2020.html",  # the drawing's density band, oldest first: each year a link
        "state-a/2021.html",
        "state-a/2022.html",
        "state-a/2022.html",  # the cards, newest first
        "state-a/2021.html",
        "state-a/2020.html",
    ]
    assert 'class="tl-mark' not in actor  # a split page draws counts, not one mark per event
    assert [path for path in pages if path.startswith("actors/state-a/")] == [
        "actors/state-a/2022.md",
        "actors/state-a/2021.md",
        "actors/state-a/2020.md",
    ]
    assert pages["actors/state-a/2021.md"].title == "State A: 2021"
    seen: Counter[str] = Counter()
    for year in (2020, 2021, 2022):
        html = renderer.render(pages[f"actors/state-a/{year}.md"])
        listed = links_to(html, "events")
        assert {site.content.events[ident].date.timeline_year() for ident in listed} == {year}
        assert [int(n) for n in re.findall(r"Role: </span>role (\d+)</p>", html)] == [
            int(ident.removeprefix("e")) for ident in listed
        ]
        seen.update(listed)
        assert 'href="../state-a.html">All years</a>' in html
    assert seen == Counter({event.id: 1 for event in site.events})
    middle = renderer.render(pages["actors/state-a/2021.md"])
    assert '<a class="pager__prev" href="2020.html" rel="prev">' in middle
    assert '<a class="pager__next" href="2022.html" rel="next">' in middle
    # A single-file pack has no year pages: the actor's context still holds every event.
    assert len(pages["actors/state-a.md"].context.events) == LARGE_EVENTS
    few = renderer.render(pages["actors/state-b.md"])
    assert not any(path.startswith("actors/state-b/") for path in pages)
    listed_b = sorted(event.id for event, _role in site.actor_events["state-b"])
    assert sorted(links_to(few, "events")) == sorted(listed_b * 2)  # the drawing's mark and the list's item
    assert 0 < len(site.actor_events["state-b"]) <= ACTOR_EVENTS_ON_ONE_PAGE


def test_small_site_keeps_one_page_per_index(load_tree: LoadTree) -> None:
    site = load_tree(SMALL_TREE)
    paths = [page.path for page in list_pages(site, OPTIONS)]

    assert not any(
        path.startswith(("events/by-title/", "actors/by-kind/", "tags/security/"))
        for path in paths
        if path != "events/by-title/index.md"
    )
    assert '<h2 id="year-2022">2022 <span class="heading-count">1</span></h2>' in render(site, "tags/security.md")
    assert '<a href="../events/nanping.html">' in render(site, "tags/security.md")


def test_search_index_holds_no_angle_bracket_a_parser_could_read(load_tree: LoadTree) -> None:
    title = "Talks <!--<script> & more -->"
    site = load_tree({"events/x.yaml": event_document(title, "2022-01-01")})

    script = search_index(site, OPTIONS)
    assert "<" not in script and ">" not in script and "&" not in script
    assert "\\u003c!--\\u003cscript\\u003e \\u0026 more --\\u003e" in script
    assert search_entries(site)[0]["t"] == title


def test_relation_names_keep_their_case_on_pages_and_in_a_pack(load_tree: LoadTree) -> None:
    from builder import packs

    site = load_tree(
        {
            "actors/li.yaml": actor_document(
                "Li", relations=[{"actor": "sco", "relation": "adviser to the SCO Secretariat"}]
            ),
            "actors/sco.yaml": actor_document(
                "SCO", "organization", relations=[{"actor": "nato", "relation": "rival-of NATO"}]
            ),
            "actors/nato.yaml": actor_document("NATO", "organization"),
            "events/a.yaml": event_document("A", "2022-01-01", actors=["li", "sco", "nato"]),
            "events/b.yaml": event_document("B", "2022-02-01", related=[{"event": "a", "relation": "response-to"}]),
        }
    )

    assert '<span class="relations__label">Adviser to the SCO Secretariat</span>' in render(site, "actors/li.md")
    sco = render(site, "actors/sco.md")
    assert '<span class="relations__label">Adviser to the SCO Secretariat ←</span>' in sco
    assert '<span class="relations__label">Rival of NATO</span>' in sco
    assert '<span class="related-item__label">Prompted</span>' in render(site, "events/a.md")
    assert '<span class="related-item__label">Response to</span>' in render(site, "events/b.md")
    pack = packs.resolve(site, packs.Request(), "Site")
    html = packs.single_file(pack, OPTIONS, packs.Stamp("abc", datetime.date(2024, 1, 1)))
    assert "<li>Adviser to the SCO Secretariat ←" in html and "<li>Rival of NATO " in html
    assert "Sco secretariat" not in html and "of nato" not in html


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ("adviser to the SCO Secretariat", "Adviser to the SCO Secretariat"),
        ("member-of", "Member of"),
        ("ally of the USA ←", "Ally of the USA ←"),
        ("élu de l'OTAN", "Élu de l'OTAN"),
        ("", ""),
    ],
)
def test_sentence_case_changes_hyphens_and_the_first_letter_only(label: str, shown: str) -> None:
    assert fragments.sentence_case(label) == shown


NESTED_20 = "\n".join("    " * level + "- x" for level in range(20))
"""A list as deep as the content model allows: Python-Markdown needs about 90 frames of stack for it."""


def deepest_stack(call: Callable[[], object]) -> int:
    """How many Python frames `call` stacks up at its deepest, above the caller's."""
    depth = deepest = 0

    def profile(_frame: object, event: str, _arg: object) -> None:
        nonlocal depth, deepest
        if event == "call":
            depth += 1
            deepest = max(deepest, depth)
        elif event == "return":
            depth -= 1

    sys.setprofile(profile)
    try:
        call()
    finally:
        sys.setprofile(None)
    return deepest


@contextlib.contextmanager
def stack_of(frames: int) -> Iterator[None]:
    """Python's recursion limit `frames` above the caller's depth: a text the renderer handles
    on a full stack becomes one it cannot, as a deeper one would be on the usual stack."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + frames)
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


def with_body(site: Site, event_id: str, body: str) -> Site:
    """The site with one event's body replaced in the model, as if read so: this tests the
    renderer's safety net alone, whatever the checks before it accept."""
    event = dataclasses.replace(site.content.events[event_id], body=body)
    content = dataclasses.replace(site.content, events={**site.content.events, event_id: event})
    return build_site(content, drafts=False)[0]


SAFETY_TREE: dict[str, str | bytes] = {
    "events/2022/deep.yaml": event_document("Deep", "2022-01-01", body="Short for now."),
    "events/2022/other.yaml": event_document("Other", "2022-02-01", body="Plain <b>words</b>."),
}
NESTS_TOO_DEEPLY = (
    "'body' could not be rendered: its Markdown nests too deeply (lists or quotes inside each other); flatten it"
)


def test_markdown_that_crashes_the_renderer_is_a_problem_at_its_field(load_tree: LoadTree) -> None:
    site = with_body(load_tree(SAFETY_TREE), "deep", NESTED_20)
    renderer = Renderer(site, OPTIONS, jinja_environment(), root=Path.cwd())
    pages = {page.path: page for page in list_pages(site, OPTIONS)}
    markup._RENDERED.clear()
    plain = deepest_stack(lambda: renderer.render(pages["events/other.md"]))
    expected = f"content/events/2022/deep.yaml:{body_line('content/events/2022/deep.yaml')}:7: {NESTS_TOO_DEEPLY}"

    markup._RENDERED.clear()
    with stack_of(40):
        problems = renderer.markdown_problems()
    assert [str(problem) for problem in problems] == [expected]
    markup._RENDERED.clear()
    with stack_of(plain + 40):
        assert "<p>Plain words.</p>" in renderer.render(pages["events/other.md"])
        with pytest.raises(RenderFailed) as failed:
            renderer.render(pages["events/deep.md"])
    assert str(failed.value.problem) == expected
    assert "<li>x" in renderer.render(pages["events/deep.md"])  # on a full stack it renders


def body_line(path: str) -> int:
    (line,) = [
        n for n, text in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1) if text.startswith("body:")
    ]
    return line


def test_a_judgement_that_crashes_the_renderer_is_a_problem_at_the_judgement(load_tree: LoadTree) -> None:
    tree: dict[str, str | bytes] = {
        **SAFETY_TREE,
        "briefings/b.yaml": "title: B\nsummary: S.\nselect: {from: 2022}\n"
        "judgements:\n  - text: Short for now.\n    confidence: low\n    based_on: [deep]\n",
    }
    site = load_tree(tree)
    (briefing,) = site.briefings
    judgement = dataclasses.replace(briefing.judgements[0], text=NESTED_20)
    briefing = dataclasses.replace(briefing, judgements=(judgement,))
    site = build_site(dataclasses.replace(site.content, briefings={"b": briefing}), drafts=False)[0]
    renderer = Renderer(site, OPTIONS, jinja_environment(), root=Path.cwd())

    markup._RENDERED.clear()
    with stack_of(40):
        problems = renderer.markdown_problems()
    assert [str(problem) for problem in problems] == [
        "content/briefings/b.yaml:5:5: this judgement's 'text' could not be rendered: its Markdown nests too deeply "
        "(lists or quotes inside each other); flatten it"
    ]


def test_a_native_name_carries_its_language(load_tree: LoadTree) -> None:
    site = load_tree(
        {
            "actors/patrushev.yaml": actor_document(
                "Nikolai Patrushev", native_name="Николай Патрушев", native_name_lang="ru"
            ),
            "actors/guo.yaml": actor_document("Guo Shengkun", native_name="郭声琨"),
            "events/a.yaml": event_document("A", "2022-01-01", actors=["patrushev", "guo"]),
        }
    )
    assert '<p class="native-name" lang="ru">Николай Патрушев</p>' in render(site, "actors/patrushev.md")
    assert '<p class="native-name">郭声琨</p>' in render(site, "actors/guo.md")  # no language given: none claimed
    assert '<span class="actor-item__native" lang="ru">Николай Патрушев</span>' in render(site, "actors.md")
