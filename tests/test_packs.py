"""Offline packs (builder/packs.py): selection, restriction, reproducible bytes, and real
use from disk in Debian's Chromium with every request beyond file: blocked and recorded.

The browser tests unzip a folder pack, open a single-file pack, and open the full
sample site, follow their links, search them, and count requests that left the
machine (there must be none), on the sample content and on a generated larger tree.
"""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from browser import BRIEFING, CHROMIUM, REPO, Recorder, build, chromium, offline_page, project_with_content, run
from conftest import LoadTree, actor_document, event_document, jinja_environment

from builder import packs
from builder.index import Site
from builder.rendering.pages import Options, event_page, network_page
from builder.rendering.renderer import Renderer
from builder.rendering.search import search_index

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

BRIEFING_ID = "russia-china-security-partnership-2022"
EPOCH = "1700000000"  # 14 November 2023, UTC
SKIP_REASON = (
    "BROWSER TESTS SKIPPED: /usr/bin/chromium is not installed (apt-get install chromium, "
    "or run scripts/install-chromium.sh); offline packs are NOT tested in a browser"
)


def small_tree() -> dict[str, str | bytes]:
    return {
        "actors/ann.yaml": actor_document("Ann Archer", native_name="Анна"),
        "actors/bob.yaml": actor_document("Bob Baker"),
        "actors/cat.yaml": actor_document(
            "Cat Corp", "organization", aliases=["CC"], body="Founded by [Bob](actor:bob)."
        ),
        "tags.yaml": "alpha:\n  title: Alpha\nbeta:\n  title: Beta\n",
        "events/one.yaml": event_document(
            "Ann meets Cat", "2021-03-01", actors=["ann", "cat"], tags=["alpha"], body="Talks on zeppelins."
        ),
        "events/two.yaml": event_document(
            "Bob alone", "2022-05-01", actors=["bob"], tags=["beta"], related=[{"event": "one", "relation": "follows"}]
        ),
        "events/three.yaml": event_document(
            "Ann and Bob", "2022-06-01", actors=["ann", "bob"], tags=["alpha"], body="See [two](event:two)."
        ),
        "briefings/b.yaml": yaml.safe_dump(
            {"title": "Alpha brief", "summary": "About alpha.", "select": {"tags": ["alpha"]}}
        ),
    }


# ---------- selection and restriction ----------


def test_a_briefing_pack_holds_its_events_their_actors_and_tags(load_tree: LoadTree) -> None:
    site = load_tree(small_tree())
    pack = packs.resolve(site, packs.Request(briefing="b"), "Site")

    assert [e.id for e in pack.site.events] == ["one", "three"]
    assert [a.id for a in pack.site.actors] == ["ann", "bob", "cat"]
    assert [t.id for t in pack.site.tags] == ["alpha"]
    assert [b.id for b in pack.site.briefings] == ["b"]
    assert pack.site.actor_events["bob"] == [(site.content.events["three"], None)]
    assert not pack.site.has_page(site.content.events["two"])
    assert ("Tags", "Alpha") in pack.criteria


def test_a_packs_network_page_draws_only_what_the_pack_holds(load_tree: LoadTree) -> None:
    site = load_tree(small_tree())
    pack = packs.resolve(site, packs.Request(actors=("cat",)), "Site")

    network = network_page(pack.site).context

    assert [(actor.id, [(other.id, n) for other, n in others]) for actor, others in network.rows] == [
        ("ann", [("cat", 1)]),
        ("cat", [("ann", 1)]),
    ]


def test_an_adhoc_selection_uses_the_briefing_rules(load_tree: LoadTree) -> None:
    site = load_tree(small_tree())

    by_actor = packs.resolve(site, packs.Request(actors=("bob",), start="2022-06"), "Site")
    assert [e.id for e in by_actor.site.events] == ["three"]
    assert by_actor.site.briefings == []
    assert by_actor.criteria == [("Actors", "Bob Baker"), ("From", "June 2022")]
    whole = packs.resolve(site, packs.Request(), "Site")
    assert whole.site.scope is None
    assert len(whole.site.events) == 3


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (packs.Request(briefing="bb"), "unknown briefing 'bb'; did you mean 'b'?"),
        (packs.Request(actors=("anne",)), "unknown actor 'anne'; did you mean 'ann'?"),
        (packs.Request(tags=("alpah",)), "unknown tag 'alpah'; did you mean 'alpha'?"),
        (packs.Request(start="2022-02-30"), "--from: "),
        (packs.Request(start="2023", end="2021"), "--from 2023 is after --to 2021"),
        (packs.Request(briefing="b", tags=("alpha",)), "cannot be combined"),
        (packs.Request(start="2030"), "chooses no published event"),
    ],
)
def test_bad_requests_are_usage_errors(load_tree: LoadTree, request_: packs.Request, message: str) -> None:
    site = load_tree(small_tree())
    with pytest.raises(packs.PackError, match=re.escape(message)):
        packs.resolve(site, request_, "Site")


def _event_html(site: Site, event_id: str, options: Options) -> str:
    event = site.content.events[event_id]
    return Renderer(site, options, jinja_environment()).render(event_page(site, event, options))


def test_links_out_of_a_pack_are_text_or_marked_external(load_tree: LoadTree) -> None:
    site = load_tree(small_tree())
    pack = packs.resolve(site, packs.Request(tags=("beta",)), "Site")  # event two only

    plain = _event_html(pack.site, "two", Options())
    assert "Ann meets Cat" in plain
    assert "one.html" not in plain
    external = _event_html(pack.site, "two", Options(external_base="https://example.org/brief/"))
    assert '<a href="https://example.org/brief/events/one.html" rel="external">Ann meets Cat</a>' in external
    anchors = _event_html(pack.site, "two", Options(anchors=True))
    assert 'href="#actor-bob"' in anchors


def test_search_entries_carry_body_text_and_anchors(load_tree: LoadTree) -> None:
    site = load_tree(small_tree())
    on_site = search_index(site, Options())
    in_file = search_index(site, Options(anchors=True))

    assert '"b":"Talks on zeppelins."' in on_site
    assert '"u":"events/one.html"' in on_site
    assert '"u":"#event-one"' in in_file


# ---------- reproducible bytes ----------


def test_zips_are_byte_identical_whatever_the_files_mtimes(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    (folder / "b").mkdir(parents=True)
    (folder / "b" / "z.html").write_text("z")
    (folder / "a.html").write_text("a")
    (folder / "b" / "z.html").chmod(0o600)
    packs.write_zip(folder, tmp_path / "one.zip", (1980, 1, 1, 0, 0, 0), top="pack")
    os.utime(folder / "a.html", (2_000_000_000, 2_000_000_000))
    packs.write_zip(folder, tmp_path / "two.zip", (1980, 1, 1, 0, 0, 0), top="pack")

    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == ["pack/a.html", "pack/b/z.html"]
    assert {(i.date_time, i.external_attr >> 16) for i in infos} == {((1980, 1, 1, 0, 0, 0), 0o100644)}


def test_the_stamp_outside_git_is_unknown_and_dated_by_content(load_tree: LoadTree, tmp_path: Path) -> None:
    site = load_tree(small_tree())

    assert packs.stamp(tmp_path / "content", site, {}) == packs.Stamp("unknown", site_date(site))
    dated = packs.stamp(tmp_path / "content", site, {"SOURCE_DATE_EPOCH": EPOCH})
    assert dated.date.isoformat() == "2023-11-14"
    assert dated.zip_time == (2023, 11, 14, 0, 0, 0)
    with pytest.raises(packs.PackError, match="SOURCE_DATE_EPOCH"):
        packs.stamp(tmp_path / "content", site, {"SOURCE_DATE_EPOCH": "soon"})


def site_date(site: Site) -> object:
    import datetime

    return datetime.date.fromisoformat(site.as_of)


def pack_command(output: Path, *options: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = run([BRIEFING, "pack", "-o", output, *options], env=env)
    return result.returncode, result.stdout


@pytest.mark.parametrize("fmt", ["zip", "html"])
def test_two_runs_give_the_same_bytes_and_print_the_checksum(tmp_path: Path, fmt: str) -> None:
    outputs = [tmp_path / f"{run_}.{fmt}" for run_ in ("one", "two")]
    for output in outputs:
        code, printed = pack_command(output, "--briefing", BRIEFING_ID, "--format", fmt)
        assert code == 0, printed
        digest = hashlib.sha256(output.read_bytes()).hexdigest()
        assert f"{digest}  {output}" in printed

    assert outputs[0].read_bytes() == outputs[1].read_bytes()


def test_source_date_epoch_dates_the_cover(tmp_path: Path) -> None:
    output = tmp_path / "pack.html"
    code, printed = pack_command(output, "--format", "html", env={"SOURCE_DATE_EPOCH": EPOCH})

    assert code == 0, printed
    assert '<time datetime="2023-11-14">14 November 2023</time>' in output.read_text(encoding="utf-8")


def test_unknown_ids_are_usage_errors_with_a_hint(tmp_path: Path) -> None:
    code, printed = pack_command(tmp_path / "x.zip", "--actor", "nikolai-patrushv")

    assert code == 2
    assert "unknown actor 'nikolai-patrushv'; did you mean 'nikolai-patrushev'?" in printed
    assert not (tmp_path / "x.zip").exists()


def test_content_errors_exit_1_and_write_nothing(tmp_path: Path) -> None:
    (tmp_path / "content/events").mkdir(parents=True)
    (tmp_path / "content/events/bad.yaml").write_text("title: no date\n")
    result = run([BRIEFING, "pack", "--content", tmp_path / "content", "-o", tmp_path / "x.zip"])

    assert result.returncode == 1, result.stdout
    assert not (tmp_path / "x.zip").exists()


# ---------- a generated larger tree ----------


def write_large_project(root: Path, *, events: int = 60, actors: int = 15) -> Path:
    """mkdocs.yml with a site_url, and a tree of `events` events among `actors` actors."""
    root.mkdir(parents=True, exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^#? *site_url:.*$", "", config) + "\nsite_url: https://briefing.example.org/large/\n"
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    content = root / "content"
    tags = {f"topic-{n}": {"title": f"Topic {n}", "description": f"Things about topic {n}."} for n in range(6)}
    (content / "actors").mkdir(parents=True)
    (content / "tags.yaml").write_text(yaml.safe_dump(tags), encoding="utf-8")
    for n in range(actors):
        extra: dict[str, object] = {"native_name": f"Актёр {n}", "aliases": [f"Agent {n:02d}"]}
        if n:
            extra["relations"] = [{"actor": f"actor-{n - 1:02d}", "relation": "ally"}]
        (content / "actors" / f"actor-{n:02d}.yaml").write_text(
            actor_document(f"Actor {n:02d}", summary=f"Actor number {n}.", **extra), encoding="utf-8"
        )
    for n in range(events):
        year = 2020 + n // 20
        folder = content / "events" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        cast = sorted({f"actor-{n % actors:02d}", f"actor-{(n * 7 + 3) % actors:02d}"})
        fields: dict[str, object] = {
            "body": f"Event {n} in depth: the word lighthouse{n} appears only here. See [the first](event:event-000).",
            "quotes": [{"text": f"We said {n}.", "actor": cast[0], "source": "report"}],
            "sources": [
                {
                    "id": "report",
                    "title": f"Report {n}",
                    "url": f"https://news.example.com/{n}",
                    "reliability": "B",
                    "credibility": 2,
                }
            ],
        }
        (folder / f"event-{n:03d}.yaml").write_text(
            event_document(
                f"Event {n:03d} happens",
                f"{year}-{n % 12 + 1:02d}-{n % 27 + 1:02d}",
                actors=cast,
                tags=[f"topic-{n % 6}"],
                related=[f"event-{n - 1:03d}"] if n else None,
                **fields,
            ),
            encoding="utf-8",
        )
    (content / "briefings").mkdir()
    (content / "briefings" / "topic-two.yaml").write_text(
        yaml.safe_dump({"title": "Topic two", "summary": "All about topic two.", "select": {"tags": ["topic-2"]}}),
        encoding="utf-8",
    )
    return root


def test_a_large_tree_packs_what_it_selects(tmp_path: Path) -> None:
    project = write_large_project(tmp_path / "large")
    output = tmp_path / "large.html"
    result = run([BRIEFING, "pack", "--briefing", "topic-two", "--format", "html", "-o", output], cwd=project)

    assert result.returncode == 0, result.stdout
    html = output.read_text(encoding="utf-8")
    assert html.count('class="pack-item entry entry--event"') == 10
    assert 'href="https://briefing.example.org/large/events/event-001.html" rel="external"' in html
    ids = set(re.findall(r' id="([^"]+)"', html))
    assert set(re.findall(r'href="#([^"]*)"', html)) <= ids
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', html)


# ---------- in a real browser ----------

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON)


@pytest.fixture(name="browser", scope="module")
def fixture_browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(SKIP_REASON)
    with chromium() as browser:
        yield browser


@pytest.fixture(name="page")
def fixture_page(browser: Browser) -> Iterator[Page]:
    recorder = Recorder()
    with offline_page(browser, recorder, java_script_enabled=True) as page:
        yield page
    assert recorder.external == [], "requests left the machine"
    assert recorder.console == []
    assert recorder.failed == []


@pytest.fixture(name="packs_dir", scope="module")
def fixture_packs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("packs")
    for fmt in ("zip", "html"):
        result = run([BRIEFING, "pack", "--briefing", BRIEFING_ID, "--format", fmt, "-o", folder / f"sample.{fmt}"])
        assert result.returncode == 0, result.stdout
    with zipfile.ZipFile(folder / "sample.zip") as archive:
        archive.extractall(folder / "sample")  # into sample/<briefing id>/, the pack's one folder
    result = run([BRIEFING, "pack", "--format", "zip", "-o", folder / "whole.zip"])
    assert result.returncode == 0, result.stdout
    with zipfile.ZipFile(folder / "whole.zip") as archive:
        archive.extractall(folder / "whole")  # into whole/site/
    project = write_large_project(folder / "large")
    for fmt in ("zip", "html"):
        options = [
            "--tag",
            "topic-1",
            "--tag",
            "topic-2",
            "--tag",
            "topic-3",
            "--from",
            "2021",
            "--format",
            fmt,
            "-o",
            folder / f"large.{fmt}",
        ]
        result = run([BRIEFING, "pack", *options], cwd=project)
        assert result.returncode == 0, result.stdout
    with zipfile.ZipFile(folder / "large.zip") as archive:
        archive.extractall(folder / "large-site")  # into large-site/selection/
    return folder


def crawl(page: Page, root: Path, *, external_base: str | None = None, limit: int = 400) -> set[Path]:
    """Open the site's index.html and every page it links to, page by page, from disk.

    Every file: link must name an existing file (never a folder); every other link is
    either a source's own URL or a link to the published site marked rel="external"."""
    seen: set[Path] = set()
    queue = [root / "index.html"]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        assert len(seen) <= limit
        page.goto(path.as_uri())
        assert page.locator("main#content").count() == 1, path
        assert page.evaluate("document.styleSheets.length") >= 1, path
        assert page.evaluate("getComputedStyle(document.body).display") != "inline", path
        links = page.eval_on_selector_all(
            "a[href]",  # an SVG link's href is not a string: resolve what is written, as a click would
            "as => as.map(a => [new URL(a.getAttribute('href'), document.baseURI).href,"
            " a.getAttribute('rel') || '', a.getAttribute('href')])",
        )
        for href, rel, written in links:
            if href.startswith("file:"):
                target = Path(unquote(urlsplit(href).path))
                assert target.is_file(), f"{path}: {written} is not a file"
                if target.suffix == ".html" and target.is_relative_to(root):
                    queue.append(target)
            elif external_base and href.startswith(external_base):
                assert rel == "external", f"{path}: {written} leaves the pack unmarked"
            else:
                assert href.startswith(("https://", "http://", "mailto:")), f"{path}: {written}"
    return seen


@needs_chromium
def test_the_folder_pack_works_from_disk(packs_dir: Path, page: Page) -> None:
    root = packs_dir / "sample" / BRIEFING_ID
    pages = crawl(page, root)

    assert len(pages) == len(list(root.rglob("*.html"))) - 2  # all but 404.html and search.html (the box opens it)
    page.goto((root / "index.html").as_uri())
    page.fill("#search-input", "郭声琨")
    page.wait_for_selector("#search-results a.search-result")
    assert page.locator(".search-result__title").first.inner_text() == "Guo Shengkun"
    page.fill("#search-input", "extremism")  # body text of the Nanping event and the briefing
    page.wait_for_selector("#search-results a.search-result")
    page.locator("#search-results a.search-result").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(root.as_uri())


def test_both_packs_open_on_a_cover_a_reader_can_use(packs_dir: Path) -> None:
    """Title, bottom line, judgements, what the information runs to, how many events over what
    period and one provenance line; none of the selection settings read as contents."""
    with zipfile.ZipFile(packs_dir / "sample.zip") as archive:
        assert {name.split("/", 1)[0] for name in archive.namelist()} == {BRIEFING_ID}
    single = (packs_dir / "sample.html").read_text(encoding="utf-8")
    folder = (packs_dir / "sample" / BRIEFING_ID / "index.html").read_text(encoding="utf-8")
    for page, cover_end in ((single, '<section class="pack-section'), (folder, "</article>")):
        cover = page[page.index('id="cover-heading"') : page.index(cover_end)]
        assert "The Russia–China security partnership in 2022</h1>" in cover
        assert "<strong>Bottom line:</strong>" in cover
        assert cover.count('<li class="judgement ') == 3
        assert '<dt>Information as of</dt><dd><time datetime="2022-09-19">19 September 2022</time></dd>' in cover
        assert "<dt>Events</dt><dd>5</dd>" in cover
        assert '<dt>Period</dt><dd><time datetime="2022-02-04">4 February 2022</time> to <time' in cover
        assert re.search(r"made with briefing [\w.]+ on .+ from content commit <code>[0-9a-f]{7,}", cover)
        for setting in ("<dt>From</dt>", "<dt>Briefing</dt>", "Content revision", "<dt>Generated</dt>"):
            assert setting not in cover


@needs_chromium
def test_the_whole_site_pack_holds_every_page_it_links_to(packs_dir: Path, page: Page) -> None:
    """An actor that takes part in no event (a party named only in relations) has its page in
    a pack of the whole site, which the actors index and the relations link to."""
    root = packs_dir / "whole" / "site"
    pages = crawl(page, root)
    assert len(pages) == len(list(root.rglob("*.html"))) - 2  # all but 404.html and search.html (the box opens it)
    assert root / "actors/chinese-communist-party.html" in pages


@needs_chromium
def test_the_single_file_pack_searches_and_links_within_itself(packs_dir: Path, page: Page) -> None:
    url = (packs_dir / "sample.html").as_uri()
    page.goto(url)

    assert page.locator("#cover h1").inner_text() == "The Russia–China security partnership in 2022"
    anchors = page.eval_on_selector_all("a[href^='#']", "as => as.map(a => a.getAttribute('href').slice(1))")
    assert len(anchors) > 30
    missing = page.evaluate("ids => ids.filter(id => !document.getElementById(id))", anchors)
    assert missing == []
    # The drawings are in the one file: the timeline's marks link within it, the map draws
    # the world outline inlined once (nothing to load), its marks at their places.
    assert page.locator(".timeline-drawing a.tl-mark").count() == 5
    assert page.locator("symbol#world-outline path").count() > 150
    assert page.locator(".map-drawing use").get_attribute("href") == "#world-outline"
    assert page.locator(".map-drawing a.map-mark").count() == 3
    assert page.locator(".map-drawing image").count() == 0
    page.fill("#search-input", "Патрушев")
    page.wait_for_selector("#search-results a.search-result")
    page.locator("#search-results a.search-result").first.click()
    page.wait_for_url(url + "#actor-nikolai-patrushev")
    page.fill("#search-input", "guo shengkun")
    page.wait_for_selector("#search-results a.search-result")
    assert page.locator("#search-results a.search-result").count() >= 2


@needs_chromium
@pytest.mark.parametrize("size", [(1280, 800), (800, 900), (390, 844)], ids=["desktop", "tablet", "phone"])
def test_an_anchor_in_the_single_file_pack_is_never_under_the_header(
    packs_dir: Path, page: Page, size: tuple[int, int]
) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.emulate_media(reduced_motion="reduce")  # no smooth scrolling: where it lands is where it stays
    page.goto((packs_dir / "sample.html").as_uri())
    page.locator("a[href='#event-russia-invades-ukraine']").first.click()
    header = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().bottom")
    target = page.evaluate("document.getElementById('event-russia-invades-ukraine').getBoundingClientRect().top")
    assert target >= max(header, 0) and target < size[1] / 2, (header, target)


@needs_chromium
def test_the_single_file_pack_reads_without_javascript(packs_dir: Path, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((packs_dir / "sample.html").as_uri())

    assert page.locator("#site-search").is_hidden()
    assert page.locator("article.entry--event").count() == 5
    assert requests == [(packs_dir / "sample.html").as_uri()]
    context.close()


@needs_chromium
def test_the_single_file_pack_prints(packs_dir: Path, browser: Browser, tmp_path: Path) -> None:
    page = browser.new_page()
    page.goto((packs_dir / "sample.html").as_uri())
    pdf = page.pdf(format="A4")
    page.close()

    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 8  # cover, briefing, chronology, an event a page


@needs_chromium
def test_the_large_packs_work_from_disk(packs_dir: Path, page: Page) -> None:
    root = packs_dir / "large-site" / "selection"
    pages = crawl(page, root, external_base="https://briefing.example.org/large/")

    event_pages = [p for p in pages if p.parent.name == "events"]
    assert 15 <= len(event_pages) < 60
    actor = min(p.stem for p in pages if p.parent.name == "actors").removeprefix("actor-")
    page.goto((root / "index.html").as_uri())
    page.fill("#search-input", f"Agent {actor}")
    page.wait_for_selector("#search-results a.search-result")
    assert page.locator(".search-result__title").first.inner_text() == f"Actor {actor}"

    page.goto((packs_dir / "large.html").as_uri())
    anchors = page.eval_on_selector_all("a[href^='#']", "as => as.map(a => a.getAttribute('href').slice(1))")
    assert page.evaluate("ids => ids.filter(id => !document.getElementById(id))", anchors) == []
    number = int(event_pages[0].stem.split("-")[1])
    page.fill("#search-input", f"lighthouse{number}")
    page.wait_for_selector("#search-results a.search-result")
    assert page.locator(".search-result__title").first.inner_text() == f"Event {number:03d} happens"


@needs_chromium
def test_the_published_site_works_from_disk(tmp_path: Path, page: Page) -> None:
    site = tmp_path / "site"
    result = build(site)
    assert result.returncode == 0, result.stdout

    pages = crawl(page, site)
    assert len(pages) == len(list(site.rglob("*.html"))) - 2  # all but 404.html and search.html (the box opens it)


HOSTILE = ["<!--<script>", "</script>", "<script>", "-->", "</SCRIPT >", "<!--"]


def hostile_project(root: Path) -> Path:
    """A project whose titles, actor names and summaries hold every sequence that can end a
    script element early or make the HTML parser miss its end (`<!--<script>`)."""
    files = {
        "actors/mallory.yaml": actor_document(
            "Mallory <!--<script> Doe", summary="Writes <!--<script> and </script> and -->.", aliases=["</script>"]
        ),
        "events/hostile.yaml": event_document(
            "Quokka <!--<script> summit </script>",
            "2022-03-01",
            actors=["mallory"],
            summary="A summary with <!--<script> in it.",
            body="Body: <!--<script>alert(1)</script> -->",
        ),
        "events/after.yaml": event_document("Wombat <script> accord -->", "2022-04-01", actors=["mallory"]),
        "tags.yaml": "t:\n  title: <!--<script>\n",
    }
    return project_with_content(root, files)


def test_a_single_file_pack_embeds_hostile_text_without_ending_its_script(tmp_path: Path) -> None:
    project = hostile_project(tmp_path / "hostile")
    output = tmp_path / "hostile.html"
    result = run([BRIEFING, "pack", "--format", "html", "-o", output], cwd=project)

    assert result.returncode == 0, result.stdout
    html = output.read_text(encoding="utf-8")
    start = html.index("<script>\n", html.index('<footer class="site-footer">')) + len("<script>")
    script = html[start : html.rindex("</script>")]
    assert re.search(r"<!--|<script|</script", script, re.IGNORECASE) is None
    style = html[html.index("<style>") : html.index("</style>")]
    assert re.search(r"</style", style[1:], re.IGNORECASE) is None


@needs_chromium
def test_search_works_in_a_single_file_pack_of_hostile_titles(tmp_path: Path, page: Page) -> None:
    project = hostile_project(tmp_path / "hostile")
    output = tmp_path / "hostile.html"
    result = run([BRIEFING, "pack", "--format", "html", "-o", output], cwd=project)
    assert result.returncode == 0, result.stdout
    page.goto(output.as_uri())

    assert (
        page.evaluate("Array.isArray(window.BRIEFING_SEARCH) && window.BRIEFING_SEARCH.length") == 4
    )  # 2 events, 1 actor, the tag t (used by no event: a pack of the whole site holds what the site does)
    assert page.locator("footer.site-footer").count() == 1  # the rest of the page is still a page
    assert page.locator("#event-hostile h3, #event-hostile h2").first.inner_text() == (
        "Quokka <!--<script> summit </script>"
    )
    page.fill("#search-input", "quokka")
    page.wait_for_selector("#search-results a.search-result")
    first = page.locator("#search-results a.search-result").first
    assert first.locator(".search-result__title").inner_text() == "Quokka <!--<script> summit </script>"
    first.click()
    page.wait_for_url(output.as_uri() + "#event-hostile")
    page.fill("#search-input", "wombat")
    page.wait_for_selector("#search-results a.search-result")
    assert page.locator(".search-result__title").first.inner_text() == "Wombat <script> accord -->"
    page.fill("#search-input", "mallory")
    page.wait_for_selector("#search-results a.search-result")
    assert page.locator(".search-result__title").first.inner_text() == "Mallory <!--<script> Doe"


# ---------- a published build never names a draft ----------

DRAFT_MARKS = ("Xylophone", "zzsecret", "13 July 2022", "2022-07-13", "badge badge--draft", "not yet reviewed")
"""What would show the draft: its title, id, date (as shown and as a machine date) and badge."""


def draft_project(root: Path) -> Path:
    """A draft referenced in every way content can: related from a published event (and to
    one), chosen by a briefing's `select.events` and by its tag and actor, cross-referenced
    from another event's body (inline and by reference) and from an actor's summary and a
    briefing's body, sharing actors and a tag with published events."""
    files = {
        "actors/ann.yaml": actor_document("Ann Archer", summary="Works on [the plan](event:zzsecret)."),
        "actors/bob.yaml": actor_document("Bob Baker", body="See [the plan][p].\n\n[p]: event:zzsecret\n"),
        "tags.yaml": "alpha:\n  title: Alpha\n  description: Things about alpha.\n",
        "events/2022/zzsecret.yaml": event_document(
            "Xylophone conspiracy",
            "2022-07-13",
            actors=["ann", "bob"],
            tags=["alpha"],
            related=[{"event": "one", "relation": "follows"}],
            status="draft",
            body="Drafted.",
        ),
        "events/2022/one.yaml": event_document(
            "Ann meets Bob",
            "2022-03-01",
            actors=["ann", "bob"],
            tags=["alpha"],
            related=[{"event": "zzsecret", "relation": "precedes"}],
            body="Leads to [the next step](event:zzsecret) and [another][n].\n\n[n]: event:zzsecret\n",
        ),
        "events/2022/two.yaml": event_document(
            "Bob alone", "2022-09-01", actors=["bob"], related=["zzsecret"], summary="Before [it](event:zzsecret)."
        ),
        "briefings/b.yaml": yaml.safe_dump(
            {
                "title": "Alpha brief",
                "summary": "About [the plan](event:zzsecret).",
                "body": "More on [it](event:zzsecret).",
                "select": {"events": ["zzsecret", "two"], "tags": ["alpha"], "actors": ["ann"]},
            }
        ),
        "briefings/c.yaml": yaml.safe_dump(
            {"title": "Bob brief", "summary": "Bob.", "select": {"actors": ["bob"], "exclude": ["zzsecret"]}}
        ),
    }
    return project_with_content(root, files)


def output_texts(folder: Path) -> dict[str, str]:
    """Every file under `folder` as text, by relative path; gzip files decompressed, zips opened."""
    import gzip

    texts = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    texts[f"{path.name}/{name}"] = archive.read(name).decode("utf-8", "replace")
            continue
        texts[path.relative_to(folder).as_posix()] = data.decode("utf-8", "replace")
    return texts


def test_a_published_build_and_its_packs_never_name_a_draft(tmp_path: Path) -> None:
    project = draft_project(tmp_path / "project")
    out = tmp_path / "out"
    for command in (
        ["build", "-d", out / "site"],
        ["pack", "--format", "html", "-o", out / "site.html"],
        ["pack", "--format", "zip", "-o", out / "site.zip"],
        ["pack", "--briefing", "b", "--format", "html", "-o", out / "b.html"],
        ["pack", "--briefing", "b", "--format", "zip", "-o", out / "b.zip"],
        ["pack", "--briefing", "c", "--format", "html", "-o", out / "c.html"],
        ["pack", "--tag", "alpha", "--format", "html", "-o", out / "alpha.html"],
    ):
        result = run([BRIEFING, *command], cwd=project, env={"SITE_URL": "https://example.org/b/"})
        assert result.returncode == 0, result.stdout
    texts = output_texts(out)
    assert "https://example.org/b/events/one.html" in texts["site/sitemap.xml"]

    assert {"site/index.html", "site/sitemap.xml", "site/assets/search-index.js", "b.zip/b/index.html"} <= set(texts)
    leaks = [(name, mark) for name, text in texts.items() for mark in DRAFT_MARKS if mark in text]
    assert leaks == []
    one = texts["site/events/one.html"]
    assert "Leads to the next step and another." in one  # the link's text, as plain text
    assert "Related events" not in one  # its only relation is to the draft
    assert "Works on the plan." in texts["site/actors/ann.html"]
    assert "See the plan." in texts["site/actors/bob.html"]
    assert "Ann meets Bob" in texts["b.html"] and "Bob alone" in texts["b.html"]


def test_a_preview_build_shows_the_draft_everywhere_it_is_referenced(tmp_path: Path) -> None:
    project = draft_project(tmp_path / "project")
    result = build(tmp_path / "site", "--drafts", cwd=project)
    assert result.returncode == 0, result.stdout
    texts = output_texts(tmp_path / "site")

    one, ann = texts["events/one.html"], texts["actors/ann.html"]
    assert '<a href="zzsecret.html">Xylophone conspiracy</a> <span class="badge badge--draft">Draft</span>' in one
    assert '<a href="zzsecret.html">the next step</a>' in one
    assert '<a href="../events/zzsecret.html">the plan</a>' in ann and "Xylophone conspiracy" in ann
    assert "Xylophone conspiracy" in texts["briefings/b.html"] and "Xylophone" in texts["assets/search-index.js"]
