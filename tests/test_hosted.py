"""The sample built in another MkDocs theme: MkDocs' `mkdocs` and `readthedocs`, and Material
(a test dependency only). That theme draws the chrome and its search indexes our pages;
our bodies bring their stylesheet. Real `mkdocs build --strict` runs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser import MKDOCS, REPO, copy_project, run

from builder.rendering.hosted import BODY_STYLESHEET, body_stylesheet

EVENT = "events/putin-xi-meeting-samarkand.html"
THEME_MARKUP = {
    "mkdocs": 'class="navbar',
    "readthedocs": 'class="wy-nav-side',
    "material": 'class="md-header',
}


def hosted_project(tmp_path: Path, theme: str) -> Path:
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  name: briefing\n", f"  name: {theme}\n").replace(
        "  - briefing\n", "  - search\n  - briefing\n"
    )
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


@pytest.fixture(name="built", scope="module", params=sorted(THEME_MARKUP))
def fixture_built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    theme = str(request.param)
    project = hosted_project(tmp_path_factory.mktemp(theme), theme)
    result = run([MKDOCS, "build", "--strict", "-d", "site"], cwd=project, env={"NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout
    return theme, project / "site"


def test_an_event_page_is_in_the_themes_chrome_with_our_body(built: tuple[str, Path]) -> None:
    theme, site = built
    page = (site / EVENT).read_text(encoding="utf-8")
    assert THEME_MARKUP[theme] in page
    assert '<div class="briefing-body">' in page
    assert '<article class="entry entry--event">' in page
    assert re.search(r'<link [^>]*href="\.\./assets/briefing-body\.css"', page)
    assert (site / BODY_STYLESHEET).read_text(encoding="utf-8").startswith("/* briefing: the page bodies' styles")
    assert not (site / "assets/search.js").exists()  # the theme's search, not ours


def test_the_themes_search_indexes_every_event_with_its_text(built: tuple[str, Path]) -> None:
    _theme, site = built
    documents = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    text = {}
    for document in documents:
        page = document["location"].split("#")[0]
        text[page] = text.get(page, "") + document["text"]
    events = {f"events/{path.stem}.html" for path in (REPO / "content/events").rglob("*.yaml")}
    assert events <= set(text)
    assert all(len(text[event]) > 100 for event in events)
    assert "unconditional priority" in text["events/patrushev-meets-guo-shengkun-nanping.html"]


def test_the_body_stylesheet_scopes_the_tokens_to_the_bodies() -> None:
    css = body_stylesheet((REPO / "templates/assets/briefing.css").read_text(encoding="utf-8"))
    assert ":root" not in css
    assert ".briefing-body {\n" in css
    assert ".site-header" not in css and ".site-footer" not in css
    assert ".entry-header" in css and ".page-toc__title" in css


def test_a_theme_never_tested_gets_one_warning(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "house").mkdir()
    (project / "house/main.html").write_text(
        "<!doctype html><html lang=en><title>{{ page.title }}</title>{{ page.content }}</html>", encoding="utf-8"
    )
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("  name: briefing\n", "  name: null\n  custom_dir: house\n"))
    result = run([MKDOCS, "build", "-d", "site"], cwd=project)
    assert result.returncode == 0, result.stdout
    assert result.stdout.count("briefing is not tested with the theme") == 1
    assert '<div class="briefing-body">' in (project / "site" / EVENT).read_text(encoding="utf-8")
