"""The sample built in another MkDocs theme: MkDocs' `mkdocs` and `readthedocs`, and Material
(a test dependency only). That theme draws the chrome and its search indexes our pages;
our bodies bring their stylesheet. Real `mkdocs build --strict` runs."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import CHROMIUM, MKDOCS, REPO, chromium, copy_project, run

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


SEARCHES = {
    # theme: (page to open, how to search, the result links)
    "material": ("index.html", "material", ".md-search-result__item a.md-search-result__link"),
    "readthedocs": ("search.html?q=patrushev", None, "#mkdocs-search-results a"),
    "mkdocs": ("index.html", "mkdocs", "#mkdocs-search-results a"),
}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Not on standard error: the test says what failed."""


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` over HTTP on 127.0.0.1 (these themes' search fetches its index, which a
    browser refuses from disk), stopped when the block ends."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="BROWSER TEST SKIPPED: /usr/bin/chromium is not installed")
def test_the_themes_own_search_finds_an_event_in_a_browser(built: tuple[str, Path]) -> None:
    theme, site = built
    start, how, results = SEARCHES[theme]
    with served(site) as root, chromium() as browser:
        context = browser.new_context(service_workers="block")
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(root) else route.abort())
        if how == "mkdocs":  # its search listens for keys only once its index is built
            with page.expect_console_message(lambda message: "search ready" in message.text):
                page.goto(root + start)
        else:
            page.goto(root + start)
        if how == "material":
            page.keyboard.press("/")
            # Its search answers the query typed once its index is built: type until it does.
            for _attempt in range(10):
                page.fill("input.md-search__input", "")
                page.locator("input.md-search__input").press_sequentially("patrushev")
                page.wait_for_timeout(1_000)
                if page.locator(results).count():
                    break
        elif how == "mkdocs":
            page.keyboard.press("s")  # the theme's shortcut; it searches as keys are released
            page.locator("#mkdocs-search-query").press_sequentially("patrushev")
        page.wait_for_selector(results)
        links = [link.get_attribute("href") or "" for link in page.locator(results).all()]
        context.close()
    assert any("events/patrushev-meets-guo-shengkun-nanping.html" in link for link in links), links
