"""The live preview's server (builder/serving.py): which requests the problems page answers, and
how it is made to work at any URL. tests/test_serve.py drives the whole of it on a real server."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.serving import LAST_GOOD, PreviewStatus, asks_for_a_page, last_good_url, placed


@pytest.mark.parametrize("asked", ["", "events/", "events/x.html", "timeline/2022.html", "actors", "404.htm"])
def test_a_page_is_answered_with_the_problems(asked: str) -> None:
    assert asks_for_a_page(asked)


@pytest.mark.parametrize("asked", ["assets/briefing.css", "assets/search-index.js", "media/map.png", "sitemap.xml"])
def test_a_file_a_page_loads_is_served_as_it_is(asked: str) -> None:
    assert not asks_for_a_page(asked)


def test_the_problems_page_is_placed_at_the_url_asked_for() -> None:
    page = (
        b'<!doctype html>\n<html lang="en">\n<head lang="en">\n<meta charset="utf-8">\n'
        b'<link rel="stylesheet" href="../assets/briefing.css"></head>\n'
        b'<body><a class="skip-link" href="#content">Skip</a><main id="content"></main></body></html>'
    )
    shown = placed(page, asked_url="/events/a%20b.html", base="/_preview/problems.html")
    assert shown == (
        b'<!doctype html>\n<html lang="en">\n<head lang="en"><base href="/_preview/problems.html">\n'
        b'<meta charset="utf-8">\n<link rel="stylesheet" href="../assets/briefing.css"></head>\n'
        b'<body><a class="skip-link" href="/events/a%20b.html#content">Skip</a><main id="content"></main></body></html>'
    )


def test_the_last_good_link_names_the_page_asked_for_when_the_folder_has_it(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events/x y.html").write_text("x", encoding="utf-8")
    (tmp_path / "index.html").write_text("home", encoding="utf-8")
    status = PreviewStatus(root=tmp_path)
    assert last_good_url("/events/x y.html", "/", status) == f"/{LAST_GOOD}events/x%20y.html"
    assert last_good_url("/", "/", status) == f"/{LAST_GOOD}"
    assert last_good_url("/events/new.html", "/", status) == f"/{LAST_GOOD}"  # not built yet
    assert last_good_url("/repo/events/x y.html", "/repo/", PreviewStatus(root=tmp_path)) == (
        f"/repo/{LAST_GOOD}events/x%20y.html"
    )
