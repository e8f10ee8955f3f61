"""Helpers shared by the build and browser tests: run a real build, read what it wrote,
open it in Chromium with the network cut off.

Builds run `briefing build` / `mkdocs build` as subprocesses, as a curator
would, so MkDocs' logging and exit codes are exactly the command line's.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Route

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BRIEFING = BIN / "briefing"
MKDOCS = BIN / "mkdocs"


def run(
    command: list[str | Path],
    *,
    cwd: Path = REPO,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a command to completion; stdout and stderr together, as a terminal shows them."""
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
        check=False,
    )


def build(
    site_dir: Path,
    *options: str | Path,
    cwd: Path = REPO,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    return run([BRIEFING, "build", "-d", site_dir, *options], cwd=cwd, env=env)


REPOSITORY_SETTINGS = "repo_url: https://github.com/example/briefing\nedit_uri: edit/main/content/\n"
"""What a site published from a repository adds to mkdocs.yml: pages then link to it."""


def copy_project(destination: Path, settings: str = "") -> Path:
    """The repository's mkdocs.yml (with `settings` added) and sample content, in a folder of
    their own: a site as a team has it, using the installed theme."""
    destination.mkdir(parents=True, exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (destination / "mkdocs.yml").write_text(config + settings, encoding="utf-8")
    shutil.copytree(REPO / "content", destination / "content")
    return destination


def project_with_content(destination: Path, files: Mapping[str, str], settings: str = "") -> Path:
    """The repository's mkdocs.yml around a content tree of the test's own."""
    project = copy_project(destination, settings)
    shutil.rmtree(project / "content")
    for relative, text in files.items():
        path = project / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return project


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file under a folder, by relative path, with its SHA-256; folders too, as ''."""
    hashes: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        hashes[relative] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    return hashes


@dataclass
class Reference:
    """One URL in a page: which element and attribute hold it."""

    tag: str
    attribute: str
    value: str
    rel: str = ""


@dataclass
class ParsedPage:
    references: list[Reference] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


class _PageParser(HTMLParser):
    URL_ATTRIBUTES: ClassVar[frozenset[str]] = frozenset(
        {"href", "src", "action", "poster", "data", "formaction", "srcset"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        for name, value in values.items():
            if name in self.URL_ATTRIBUTES:
                self.page.references.append(Reference(tag, name, value, values.get("rel", "")))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            _delay, _, target = values.get("content", "").partition(";")
            self.page.references.append(Reference(tag, "refresh", target.strip().removeprefix("url=")))

    handle_startendtag = handle_starttag


def parse_page(path: Path) -> ParsedPage:
    return parse_html(path.read_text(encoding="utf-8"))


def parse_html(text: str) -> ParsedPage:
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return parser.page


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# ---------------------------------------------------------------- a real browser

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class Recorder:
    """What a page asked for beyond file: URLs (each blocked), and what went wrong in it."""

    external: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.external.clear()
        self.failed.clear()
        self.console.clear()


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium at /usr/bin/chromium, driven by Playwright (imported only here, so
    tests that never open a browser do not need it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def offline_page(browser: Browser, recorder: Recorder, **context_options: Any) -> Iterator[Page]:
    """A fresh page in a context of its own that may load only file: URLs: every other request
    is blocked and kept in `recorder.external`; console errors and warnings, page errors and
    failed requests are kept too. The caller decides which of them must stay empty."""
    context = browser.new_context(service_workers="block", **context_options)
    page = context.new_page()
    page.set_default_timeout(5_000)

    def route(route: Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            recorder.external.append(route.request.url)
            route.abort()

    def console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            recorder.console.append(f"{message.type}: {message.text} at {message.location}")

    page.route("**/*", route)
    page.on("console", console)
    page.on("pageerror", lambda error: recorder.console.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: recorder.failed.append(f"{request.url}: {request.failure}"))
    try:
        yield page
    finally:
        context.close()
