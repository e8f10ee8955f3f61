"""The built sample site in a real browser, opened from disk with the network cut off.

Debian's Chromium driven by Playwright: search (templates/assets/search.js,
which loads assets/search-index.js by a script element) must find actors by
native name and alias, every link on the home page must lead to a file, and
no page may ask another host for anything or log a console error.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser import CHROMIUM, Recorder, build, chromium, offline_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="BROWSER TESTS SKIPPED: /usr/bin/chromium is not installed (apt-get install chromium, "
    "or run scripts/install-chromium.sh); search and offline use are NOT tested",
)


@pytest.fixture(name="site", scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("browser") / "site"
    result = build(site)
    assert result.returncode == 0, result.stdout
    return site


@pytest.fixture(name="browser", scope="module")
def fixture_browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture(name="recorder")
def fixture_recorder() -> Recorder:
    return Recorder()


@pytest.fixture(name="page")
def fixture_page(browser: Browser, recorder: Recorder) -> Iterator[Page]:
    with offline_page(browser, recorder) as page:
        yield page
    assert recorder.external == []
    assert recorder.failed == []
    assert recorder.console == []


def search(page: Page, query: str) -> list[tuple[str, str]]:
    """Type into the header search box; the results as (link, title) pairs, in order."""
    page.fill("#search-input", query)
    page.wait_for_selector("#search-results a.search-result")
    results = page.locator("#search-results a.search-result:not(.search-result--all)")
    return [
        (link.get_attribute("href") or "", link.locator(".search-result__title").inner_text()) for link in results.all()
    ]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Патрушев", ("./actors/nikolai-patrushev.html", "Nikolai Patrushev")),
        ("郭声琨", ("./actors/guo-shengkun.html", "Guo Shengkun")),
        ("patrushev", ("./actors/nikolai-patrushev.html", "Nikolai Patrushev")),
        (
            "Nanping",
            (
                "./events/patrushev-meets-guo-shengkun-nanping.html",
                "Patrushev meets Guo Shengkun in Nanping, calls partnership with China an “unconditional priority”",
            ),
        ),
    ],
    ids=["cyrillic", "chinese", "latin-lowercase", "place"],
)
def test_search_from_disk(site: Path, page: Page, query: str, first: tuple[str, str]) -> None:
    page.goto((site / "index.html").as_uri())
    results = search(page, query)

    assert results[0] == first
    page.locator("#search-results a.search-result").first.click()
    page.wait_for_url((site / first[0]).resolve().as_uri())
    assert page.locator("h1").first.inner_text() == first[1]


def test_search_results_show_how_sure_an_event_is(site: Path, page: Page) -> None:
    """An event found by search carries the lists' certainty marker: bars for the eyes, words
    for a screen reader; an actor carries none."""
    page.goto((site / "index.html").as_uri())
    search(page, "Nanping")
    event = page.locator("#search-results a.search-result--event").first
    assert (
        event.locator(".certainty--moderate .visually-hidden").text_content() == "Confidence: moderate; best source: F2"
    )
    assert event.locator(".certainty__grade").inner_text() == "F2"
    search(page, "Патрушев")
    assert page.locator("#search-results a.search-result--actor .certainty").count() == 0


def test_search_finds_typographic_quotes_by_the_straight_ones_typed(site: Path, page: Page) -> None:
    page.goto((site / "index.html").as_uri())
    results = search(page, '"no limits"')
    assert results[0][1] == "China and Russia declare a “no limits” friendship in a joint statement"


NANPING = (
    "./events/patrushev-meets-guo-shengkun-nanping.html",
    "Patrushev meets Guo Shengkun in Nanping, calls partnership with China an “unconditional priority”",
)


def test_a_native_name_finds_the_actor_then_the_events_it_took_part_in(site: Path, page: Page) -> None:
    page.goto((site / "index.html").as_uri())

    assert search(page, "Патрушев") == [("./actors/nikolai-patrushev.html", "Nikolai Patrushev"), NANPING]
    assert search(page, "郭声琨") == [("./actors/guo-shengkun.html", "Guo Shengkun"), NANPING]
    assert page.inner_text("#search-count") == "2 results"


@pytest.mark.parametrize("query", ["patrushov", "2022-09-19", "19 September 2022"])
def test_a_typo_or_a_date_finds_what_a_reader_means(site: Path, page: Page, query: str) -> None:
    page.goto((site / "index.html").as_uri())
    results = search(page, query)
    assert NANPING in results[:2], results


def test_a_period_ranks_its_events_above_actors(site: Path, page: Page) -> None:
    page.goto((site / "index.html").as_uri())
    search(page, "September 2022")
    kinds = [
        (link.get_attribute("class") or "").split("--")[-1]
        for link in page.locator("#search-results a.search-result:not(.search-result--all)").all()
    ]
    assert kinds[:3] == ["event", "event", "event"] and "actor" in kinds[3:], kinds


def test_the_results_page_lists_every_match_from_disk(site: Path, page: Page) -> None:
    page.goto((site / "index.html").as_uri())
    search(page, "2022")
    total = int(page.inner_text("#search-count").split()[0])
    page.locator("#search-input").press("ArrowUp")  # the last option: every result on one page
    page.locator("#search-input").press("Enter")
    page.wait_for_url("**/search.html?q=2022")
    page.wait_for_selector(".search-page__results li")
    assert page.locator(".search-page__results li").count() == total >= 5
    assert page.inner_text(".search-page__status") == f"{total} results for “2022”."
    assert page.input_value("#search-page-q") == "2022"
    page.fill("#search-page-q", "samarknd")
    page.locator(".search-page__form button").click()
    page.wait_for_url("**/search.html?q=samarknd")
    page.wait_for_selector(".search-page__results li")
    first = page.locator(".search-page__results .search-result__title").first.inner_text()
    assert first == "SCO summit in Samarkand"


def test_search_from_a_nested_page(site: Path, page: Page) -> None:
    page.goto((site / "events/putin-xi-meeting-samarkand.html").as_uri())

    results = search(page, "patrushev")
    assert results[0] == ("../actors/nikolai-patrushev.html", "Nikolai Patrushev")
    assert (
        "../events/patrushev-meets-guo-shengkun-nanping.html",
        "Patrushev meets Guo Shengkun in Nanping, calls partnership with China an “unconditional priority”",
    ) in results


def test_every_link_on_the_home_page_leads_to_a_page(site: Path, page: Page) -> None:
    home = (site / "index.html").as_uri()
    page.goto(home)
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    local = sorted({href.split("#")[0] for href in hrefs if href.startswith("file:")})
    others = sorted({href for href in hrefs if not href.startswith("file:")})

    assert others == []
    assert len(local) >= 10
    for href in local:
        page.goto(href)
        assert page.locator("main#content").count() == 1, href
        assert page.title(), href
        assert page.evaluate("document.styleSheets.length") >= 1, href


def test_the_harness_blocks_and_records_other_hosts(site: Path, page: Page, recorder: Recorder) -> None:
    page.goto((site / "index.html").as_uri())
    page.evaluate("""() => new Promise(done => {
        const img = document.createElement("img");
        img.onerror = done;
        img.src = "https://example.org/pixel.png";
        document.body.append(img);
    })""")

    assert recorder.external == ["https://example.org/pixel.png"]
    recorder.clear()


@pytest.mark.parametrize(("width", "shown"), [(390, ".facts__item--actors"), (1280, ".aside-box--actors")])
def test_an_event_names_who_took_part_before_its_sources_on_a_phone(
    site: Path, page: Page, width: int, shown: str
) -> None:
    """On a phone the aside comes after the text: the actors are then among the header's facts,
    above the sources; beside the text (a desktop), in the aside alone."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto((site / "events/russia-invades-ukraine.html").as_uri())
    visible = [
        selector for selector in (".facts__item--actors", ".aside-box--actors") if page.locator(selector).is_visible()
    ]
    assert visible == [shown]
    actors = page.locator(shown).bounding_box()
    sources = page.locator("#sources-heading").bounding_box()
    assert actors is not None and sources is not None
    assert (actors["y"] < sources["y"]) if width == 390 else (actors["x"] > sources["x"])
    assert page.locator(shown).get_by_role("link", name="Vladimir Putin").count() == 1


def test_an_event_links_to_the_events_before_and_after_it_and_its_year(site: Path, page: Page) -> None:
    page.goto((site / "events/russia-invades-ukraine.html").as_uri())
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    assert [text.casefold() for text in breadcrumb.get_by_role("link").all_inner_texts()] == [
        "timeline",
        "2022",
        "february",
    ]
    month = breadcrumb.get_by_role("link").last.get_attribute("href")
    assert month == "../timeline/2022.html#month-02"
    year_page = (site / "timeline/2022.html").read_text(encoding="utf-8")
    assert 'id="month-02"' in year_page and 'href="#month-02"' in year_page
    pager = page.get_by_role("navigation", name="Earlier and later events")
    earlier, later = pager.get_by_role("link").all()
    assert "no limits" in earlier.inner_text() and "Putin and Xi meet" in later.inner_text()
    later.click()
    page.wait_for_url("**/events/putin-xi-meeting-samarkand.html")


@pytest.mark.parametrize("width", [320, 390])
def test_a_phone_header_is_two_short_rows(site: Path, page: Page, width: int) -> None:
    """The site's name beside the search field, then the sections in one row that scrolls
    sideways: the header never pushes the page below the first screen's top quarter."""
    page.set_viewport_size({"width": width, "height": 700})
    page.goto((site / "events/russia-invades-ukraine.html").as_uri())
    name = page.locator(".site-name").bounding_box()
    search = page.locator(".site-search").bounding_box()
    header = page.locator(".site-header").bounding_box()
    assert name is not None and search is not None and header is not None
    assert abs(name["y"] + name["height"] / 2 - (search["y"] + search["height"] / 2)) < 4  # one row
    tops = set(page.eval_on_selector_all(".site-nav__list > li", "items => items.map(i => i.offsetTop)"))
    assert len(tops) == 1  # the sections: one row
    assert header["height"] <= 110
    page.locator("#search-input").click()
    field = page.locator(".site-search").bounding_box()
    assert field is not None and field["width"] > width * 0.8  # in use, the field takes the row
