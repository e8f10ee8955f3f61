"""Prose pages (CONTENT-MODEL.md, "Pages"): `.md` files next to the data, checked like it.

`check` runs on small inline trees; builds are real `mkdocs build --strict` runs.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from browser import BRIEFING, MKDOCS, project_with_content, run
from conftest import CheckTree, LoadTree, event_document

from builder.markup import render_markdown
from builder.validation.pages import anchored, headings

ABOUT = "# About us\n\nWe follow [the talks](event:patrushev-nanping) and [grades](methods/sourcing.md#grades).\n"
SOURCING = "---\ntitle: Sourcing standards\n---\nIntro.\n\n## Grades\n\nA to F.\n\n## Grades\n\nAgain.\n"


def test_a_valid_page_has_no_problem(check_tree: CheckTree) -> None:
    assert check_tree({"about.md": ABOUT, "methods/sourcing.md": SOURCING}) == []


def test_title_comes_from_front_matter_or_the_first_heading(load_tree: LoadTree) -> None:
    site = load_tree(
        {
            "events/talks.yaml": event_document("Talks", "2022-01-01"),
            "about.md": ABOUT.replace("patrushev-nanping", "talks"),
            "methods/sourcing.md": SOURCING,
        }
    )
    about, sourcing = site.pages
    assert (about.id, about.title) == ("about", "About us")
    assert not about.body.lstrip().startswith("#")  # the title's heading is the page's h1, not in its body
    assert (sourcing.id, sourcing.title) == ("methods/sourcing", "Sourcing standards")
    assert [(h.level, h.text, h.anchor) for h in sourcing.headings] == [
        (2, "Grades", "grades"),
        (2, "Grades", "grades-2"),
    ]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"about.md": "Just text.\n"}, "content/about.md:1:1: the page has no title: start it with a '# Title' line"),
        (
            {"about.md": "---\ntitel: About\n---\nText.\n"},
            "content/about.md:2:1: unknown field 'titel' in this page's front matter; did you mean 'title'?",
        ),
        ({"about.md": "---\ntitle: About\nText.\n"}, "content/about.md:1:1: the front matter that starts here never"),
        ({"about.md": "---\ntitle: About\n---\n"}, "content/about.md:4:1: the page has no text"),
        ({"About Us.md": "# About\n\nText.\n"}, "content/About Us.md:1:1: the name 'About Us' in this page's path"),
        ({"events/notes.md": "# Notes\n"}, "content/events/notes.md:1:1: a .md file in events/ is neither an item"),
        (
            {"index.md": "# Home\n\nText.\n"},
            "content/index.md:1:1: this page would be built at index.html, which is the home page",
        ),
        (
            {"timeline.md": "# T\n\nText.\n"},
            "content/timeline.md:1:1: this page would be built at timeline.html, which is the site's own timeline page",
        ),
        (
            {"tags/notes.md": "# N\n\nText.\n"},
            "content/tags/notes.md:1:1: this page would be built at tags/notes.html, in tags/, which holds",
        ),
        (
            {"assets/x.md": "# X\n\nText.\n"},
            "content/assets/x.md:1:1: this page would be built at assets/x.html, in assets/",
        ),
        (
            {"about.md": "# About\n\n[x](methods/sourcing.md)\n"},
            "content/about.md:3:5: unknown page 'methods/sourcing'; add methods/sourcing.md to the content folder",
        ),
        (
            {"about.md": "# About\n\n[x](page:methods/sourcing#grade)\n", "methods/sourcing.md": SOURCING},
            "content/about.md:3:5: page 'methods/sourcing' has no heading with the anchor '#grade'; "
            "did you mean '#grades'?",
        ),
        (
            {"about.md": "# About\n\n[x](page:method/sourcing)\n", "methods/sourcing.md": SOURCING},
            "content/about.md:3:5: unknown page 'method/sourcing'; did you mean 'page:methods/sourcing'?",
        ),
        (
            {"about.md": "# About\n\n[x](event:patrushev-nanpin)\n"},
            "content/about.md:3:5: unknown event 'patrushev-nanpin'; did you mean 'patrushev-nanping'?",
        ),
        ({"about.md": "# About\n\n[x](javascript:alert(1))\n"}, "content/about.md:3:5: link 'javascript:alert(1)'"),
        ({"about.md": "# About\n\n[x](../outside.md)\n"}, "content/about.md:3:5: link '../outside.md' is not allowed"),
        (
            {"about.md": "# About\n\n[x](page:Bad_Path)\n"},
            "content/about.md:3:5: link 'page:Bad_Path' names no page path",
        ),
    ],
)
def test_page_problems_are_placed_and_explained(check_tree: CheckTree, files: dict[str, str], expected: str) -> None:
    problems = check_tree(files)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_any_text_links_to_a_page_and_a_folders_index(check_tree: CheckTree) -> None:
    event = event_document("Talks", "2022-01-01", body="See [our method](page:methods#scope) and [about](page:about).")
    files = {
        "events/talks.yaml": event,
        "about.md": "# About\n\nText.\n",
        "methods/index.md": "# Methods\n\n## Scope\n\nText.\n",
    }
    assert check_tree(files) == []


def test_headings_found_by_the_scan_are_the_renderers() -> None:
    """The anchors `check` accepts are the ids the rendered page has, for the headings curators write."""
    text = (
        "# Title\n\nIntro.\n\n## The *grades* we use\n\nText.\n\n### Snake_case & `code`\n\n"
        "Setext heading\n--------------\n\n## [Linked](event:x) heading\n\n    # not a heading (code)\n\n"
        "## Русский заголовок\n\n## Content\n\n##Tight\n\n## The *grades* we use\n"
    )
    scanned = [(h.level, h.anchor) for h in anchored(headings(text))]
    rendered = render_markdown(text, lambda kind, ident: "x.html", page_folder="")
    ids = re.findall(r'<h([1-6]) id="([^"]+)"', str(rendered))
    assert [anchor for _level, anchor in scanned] == [anchor for _level, anchor in ids]
    assert [anchor for _level, anchor in scanned] == [
        "title",
        "the-grades-we-use",
        "snake-case-code",
        "setext-heading",
        "linked-heading",
        "русский-заголовок",
        "content-2",  # the theme's <main id="content"> keeps its id
        "tight",
        "the-grades-we-use-2",
    ]


@pytest.fixture(name="project")
def fixture_project(tmp_path: Path) -> Path:
    files = {
        "events/2022/talks.yaml": event_document(
            "Talks", "2022-01-01", body="Method: [grades](page:methods/sourcing#grades)."
        ),
        "about.md": ABOUT.replace("patrushev-nanping", "talks") + "\n## Who we are\n\n<script>alert(1)</script>Us.\n",
        "methods/sourcing.md": SOURCING + "\nBack to [about](../about.md#who-we-are).\n",
    }
    return project_with_content(tmp_path / "project", files)


def mkdocs_build(project: Path) -> str:
    result = run([MKDOCS, "build", "--strict", "-d", "site"], cwd=project)
    assert result.returncode == 0, result.stdout
    return result.stdout


def test_pages_are_built_at_their_paths_with_anchors_links_and_a_toc(project: Path) -> None:
    mkdocs_build(project)
    about = (project / "site/about.html").read_text(encoding="utf-8")
    assert "<title>About us · " in about
    assert "<h1>About us</h1>" in about
    assert '<a href="events/talks.html">the talks</a>' in about
    assert '<a href="methods/sourcing.html#grades">grades</a>' in about
    assert '<h2 id="who-we-are">Who we are</h2>' in about
    assert "<script" not in about.split('<main id="content"')[1].split("</main>")[0]
    sourcing = (project / "site/methods/sourcing.html").read_text(encoding="utf-8")
    assert '<a href="../about.html#who-we-are">about</a>' in sourcing
    assert '<nav class="aside-box page-toc" aria-label="On this page">' in sourcing
    assert '<a href="#grades-2">Grades</a>' in sourcing
    talks = (project / "site/events/talks.html").read_text(encoding="utf-8")
    assert '<a href="../methods/sourcing.html#grades">grades</a>' in talks
    assert '<h2 id="mentioned-in-heading">Mentioned in</h2>' in talks
    assert '<li><a href="../about.html">About us</a></li>' in talks


def test_pages_are_in_the_search_index_and_the_default_nav(project: Path) -> None:
    mkdocs_build(project)
    index = (project / "site/assets/search-index.js").read_text(encoding="utf-8")
    assert '"k":"page","n":"Who we are","s":"","t":"About us","u":"about.html"' in index
    page = (project / "site/index.html").read_text(encoding="utf-8")
    header = page.split('<nav class="site-nav"')[1].split("</nav>")[0]
    assert re.findall(r'href="([^"]+)"', header) == [
        "index.html",
        "timeline.html",
        "map.html",
        "events.html",
        "actors.html",
        "tags.html",
        "briefings.html",
        "data.html",
        "about.html",
        "methods/sourcing.html",
    ]


def test_a_page_may_take_a_name_the_content_model_leaves_free(tmp_path: Path) -> None:
    """The content model reserves index, timeline and the kinds' folders; the site's later
    pages (map, network, methodology, data, search) give their names to a curator's page
    and are built in assets/, with every link, the nav and the search box following them."""
    files = {
        "events/2022/talks.yaml": event_document("Talks", "2022-01-01", confidence="low"),
        "map.md": "# Our maps\n\nHow we draw them.\n",
        "methodology.md": "# How we work\n\nOur own words.\n",
        "data.md": "# About the data\n\nText.\n",
        "search/index.md": "# Searching\n\nTips.\n",
    }
    project = project_with_content(tmp_path / "project", files)
    mkdocs_build(project)
    site = project / "site"
    assert "<h1>Our maps</h1>" in (site / "map.html").read_text(encoding="utf-8")
    assert "<h1>How we work</h1>" in (site / "methodology.html").read_text(encoding="utf-8")
    assert "<h1>About the data</h1>" in (site / "data.html").read_text(encoding="utf-8")
    assert "<h1>Searching</h1>" in (site / "search/index.html").read_text(encoding="utf-8")
    assert (site / "network.html").is_file()  # not taken: still at the top
    assert "How to read confidence" in (site / "assets/methodology.html").read_text(encoding="utf-8")
    event = (site / "events/talks.html").read_text(encoding="utf-8")
    assert 'href="../assets/methodology.html#confidence"' in event
    assert 'data-search-page="../assets/search.html"' in event
    header = event.split('<nav class="site-nav"')[1].split("</nav>")[0]
    assert re.findall(r'href="([^"]+)"', header)[2:8] == [
        "../assets/map.html",
        "../events.html",
        "../actors.html",
        "../tags.html",
        "../briefings.html",
        "../assets/data.html",
    ]
    assert "../data/events.json" in (site / "assets/data.html").read_text(encoding="utf-8")


def test_nav_is_written_the_mkdocs_way(project: Path) -> None:
    nav = (
        "nav:\n  - Home: index.html\n  - About: about.md\n  - Method:\n      - Sourcing: methods/sourcing.md\n"
        "      - Timeline: timeline.html\n  - Elsewhere: https://example.org/\n"
    )
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(nav)
    mkdocs_build(project)
    page = (project / "site/methods/sourcing.html").read_text(encoding="utf-8")
    header = page.split('<nav class="site-nav"')[1].split("</nav>")[0]
    assert re.findall(r'href="([^"]+)"', header) == [
        "../index.html",
        "../about.html",
        "sourcing.html",
        "../timeline.html",
        "https://example.org/",
    ]
    assert '<summary class="is-current">Method</summary>' in header
    assert 'href="sourcing.html" aria-current="page"' in header


def test_a_dead_nav_entry_is_an_error(project: Path) -> None:
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("nav:\n  - About: about.md\n  - Gone: methods/gone.md\n  - Old: chronology.html\n")
    result = run([BRIEFING, "build", "-d", "site"], cwd=project)
    assert result.returncode == 1
    assert "mkdocs.yml: the nav entry 'methods/gone.md' names no page of the site" in result.stdout
    assert "mkdocs.yml: the nav entry 'chronology.html' names no page of the site" in result.stdout
    assert not (project / "site").exists()


def test_a_whole_site_pack_holds_the_pages(project: Path, tmp_path: Path) -> None:
    result = run([BRIEFING, "pack", "-o", str(tmp_path / "site.zip")], cwd=project)
    assert result.returncode == 0, result.stdout
    with zipfile.ZipFile(tmp_path / "site.zip") as archive:
        names = archive.namelist()
        about = archive.read(next(name for name in names if name.endswith("about.html"))).decode("utf-8")
    assert any(name.endswith("methods/sourcing.html") for name in names)
    assert '<a href="events/talks.html">the talks</a>' in about


def test_the_title_is_the_first_level_one_heading_wherever_it_is(load_tree: LoadTree) -> None:
    site = load_tree({"notes.md": "## Before\n\nText.\n\n# The notes\n\nMore.\n"})
    (page,) = site.pages
    assert page.title == "The notes"
    assert [heading.text for heading in page.headings] == ["Before"]
    assert "# The notes" not in page.body


def test_a_nav_entry_is_read_from_the_content_folder_only() -> None:
    from builder.rendering.navigation import resolve_nav

    nav, dead = resolve_nav(
        [{"About": "./about.md"}, {"Out": "../about.md"}, {"Home": "index.html"}], ["about.md", "index.md"]
    )
    assert nav == [{"About": "about.md"}, {"Out": "../about.md"}, {"Home": "index.md"}]
    assert dead == ["../about.md"]
