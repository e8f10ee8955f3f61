"""The live preview's server: every page answers at once, whatever the state of the content.

MkDocs' server holds each request while a build runs, and after a build that
raised it holds them for good ("the server will appear stuck"): a curator who
saved a mistake saw a browser that hung, and the error only in a terminal.
Here a failed build is a state of the preview, not a crash of it:

- while the content has problems, every page the browser asks for is answered
  with the problems page, which the plugin wrote in place of the site
  (`rendering/problems.py`); a build that raised (a template's syntax, a bug)
  gets a plain page listing what it printed;
- the last good build stays in the folder, served under `LAST_GOOD`;
- MkDocs' live-reload script, which the problems page carries like every page,
  reloads it when the next build ends, so a fix shows the page asked for.

Only the plugin and this module know MkDocs' server.
"""

from __future__ import annotations

import contextlib
import html
import logging
import re
import threading
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.livereload import LiveReloadServer

from builder.rendering.problems import LAST_GOOD_LINK
from builder.rendering.renderer import template_error

log = logging.getLogger("mkdocs.plugins.briefing")

LAST_GOOD = "_preview/last-good/"
"""Where the last good build is served while the content has problems: `_preview/last-good/events/x.html`
is `events/x.html` as last built, and its relative links stay under the same prefix."""

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@dataclass
class PreviewStatus:
    """What the server must know of the last build. The plugin and the rebuild write it from
    the build's thread; each request reads it from its own (single attribute reads)."""

    page_dest: str = "_preview/problems.html"
    """The problems page's file in the site folder, and its URL from the site's root."""
    page_url: str = "_preview/problems.html"
    showing_problems: bool = False
    """The last build found problems in the content, and wrote the problems page listing them."""
    failure: list[str] | None = None
    """The last build raised instead: what it printed, for the plain page that stands in."""
    built: bool = False
    """The site was built since the preview started: the folder holds a last good build."""
    root: Path = field(default_factory=Path)
    idle: threading.Event = field(default_factory=threading.Event)
    """Set while no build runs (MkDocs' server sets its own epoch just before, and after)."""

    def __post_init__(self) -> None:
        self.idle.set()

    @property
    def failing(self) -> bool:
        return self.showing_problems or self.failure is not None


def keep_serving(server: LiveReloadServer, status: PreviewStatus) -> None:
    """Make `server` answer every page at once with the problems while the last build failed,
    and let no build's exception stop it from serving."""
    status.root = Path(server.root)
    rebuild = server.builder

    def rebuild_and_keep_serving() -> None:
        status.idle.clear()
        try:
            status.failure = rebuilt_or_failure(rebuild)
        finally:
            status.idle.set()
        if status.failure is not None:
            status.showing_problems = False
            write_failure_page(status, server.mount_path)
            last_good = f"; the last good build is at {server.url}{LAST_GOOD}" if status.built else ""
            log.error(f"The preview shows this in place of every page until the build works again{last_good}.")

    server.builder = rebuild_and_keep_serving
    server.set_app(problems_or(server.get_app(), server.mount_path, status))  # type: ignore[arg-type]


def rebuilt_or_failure(rebuild: Callable[[], None]) -> list[str] | None:
    """Run a build; None if it ended, else what it printed: MkDocs' server would print a
    traceback and hold every request until a build ends (see the module's docstring)."""
    with errors_logged() as printed:
        try:
            rebuild()
        except Abort:
            return printed or ["The build stopped."]
        except ConfigurationError as error:  # mkdocs.yml no longer loads
            said = " ".join(str(error).split())
            log.error(said)
            return [*printed, said]
        except jinja2.TemplateError as error:
            log.error(template_error(error))
            return [template_error(error)]
        except Exception as error:  # a bug: its traceback is what a report needs
            log.exception("The build failed")
            return [*printed, f"{type(error).__name__}: {error} (the terminal shows where)"]
    return None


def problems_or(app: WSGIApp, mount: str, status: PreviewStatus) -> WSGIApp:
    """`app` (MkDocs' own), except that while the last build failed a page is answered with
    the problems page, and `LAST_GOOD` serves the site as last built."""

    def answer(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path: str = environ.get("PATH_INFO", "")
        if not path.startswith(mount):
            return app(environ, start_response)
        asked = path[len(mount) :]
        if asked.startswith(LAST_GOOD):
            return app({**environ, "PATH_INFO": mount + asked[len(LAST_GOOD) :]}, start_response)
        status.idle.wait()  # decide once the build under way has ended, on what it found
        if status.failing and asks_for_a_page(asked):
            return problems_answer(app, environ, start_response, mount, status)
        return app(environ, start_response)

    return answer


def asks_for_a_page(asked: str) -> bool:
    """Whether a path names a page (`events/x.html`, `events/`, `events/x`), not an asset the
    problems page itself needs (its stylesheet) or a file a page loads."""
    name = asked.rsplit("/", 1)[-1]
    return name == "" or name.endswith((".html", ".htm")) or "." not in name


def problems_answer(
    app: WSGIApp, environ: dict[str, Any], start_response: Callable[..., Any], mount: str, status: PreviewStatus
) -> Iterable[bytes]:
    """The problems page as MkDocs serves a page (with its live-reload script, once the build
    under way has ended), made to work at the URL asked for: a `<base>` for its relative links,
    its in-page links kept on this URL, and the link to this page as last built."""
    answered: dict[str, Any] = {}

    def keep(status_line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
        answered.update(status=status_line, headers=headers)
        return lambda data: None

    body_parts = app({**environ, "PATH_INFO": mount + status.page_dest}, keep)
    try:
        body = b"".join(body_parts)
    finally:
        if hasattr(body_parts, "close"):
            body_parts.close()
    if not str(answered.get("status", "")).startswith("200"):
        start_response(answered["status"], answered["headers"])
        return [body]
    path = environ["PATH_INFO"]
    body = placed(body, asked_url=urllib.parse.quote(path), base=mount + status.page_url)
    body = body.replace(LAST_GOOD_LINK.encode(), html.escape(last_good_url(path, mount, status)).encode())
    start_response(
        "503 Service Unavailable",
        [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
        ],
    )
    return [body]


_HEAD = re.compile(rb"<head(?:\s[^>]*)?>", re.IGNORECASE)
_IN_PAGE_LINK = re.compile(rb'href="#')


def placed(page: bytes, *, asked_url: str, base: str) -> bytes:
    """The problems page, written for its own URL, answering at `asked_url`."""
    base_element = b'<base href="' + html.escape(base).encode() + b'">'
    page = _HEAD.sub(lambda head: head.group(0) + base_element, page, count=1)
    return _IN_PAGE_LINK.sub(b'href="' + html.escape(asked_url).encode() + b"#", page)


def last_good_url(path: str, mount: str, status: PreviewStatus) -> str:
    """This page as last built, when the folder has it; else the last good build's home."""
    asked = path[len(mount) :]
    file = status.root / (asked + "index.html" if asked.endswith("/") or not asked else asked)
    shown = asked if file.is_file() and not asked.startswith("_preview/") else ""
    return urllib.parse.quote(mount + LAST_GOOD + shown)


@contextlib.contextmanager
def errors_logged() -> Iterator[list[str]]:
    """The error lines MkDocs and the plugins print while the block runs (a mkdocs.yml that no
    longer loads, a nav entry to no page), for the page shown when a build raises."""
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(" ".join(record.getMessage().split()))

    handler = Keep(logging.ERROR)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)


def write_failure_page(status: PreviewStatus, mount: str) -> None:
    """The plain page that stands in when the build raised, and the theme may be what is broken:
    no template, only the theme's stylesheet when the folder has one."""
    stylesheet = status.root / "assets/briefing.css"
    link = f'<link rel="stylesheet" href="{html.escape(mount)}assets/briefing.css">' if stylesheet.is_file() else ""
    last_good = (
        f'<p class="problems-last-good">The site as it was last built is still there: '
        f'<a href="{LAST_GOOD_LINK}">see this page as last built</a>.</p>'
        if status.built
        else "<p>The preview has not built the site since it started, so there is no earlier version to show.</p>"
    )
    lines = "".join(f'<li class="problem"><code>{html.escape(line)}</code></li>' for line in status.failure or [])
    page = status.root / status.page_dest
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Preview paused: the build failed</title>\n{link}\n</head>\n<body>\n"
        '<main id="content" class="site-main"><div class="page"><article class="entry entry--problems">\n'
        '<header class="entry-header"><p class="entry-kicker">Live preview</p><h1>The build failed</h1>\n'
        '<p class="lead">The preview shows this page in place of every page until the build works again. '
        "It reloads by itself when you save the fix.</p></header>\n"
        f'{last_good}\n<h2>What the build printed</h2>\n<ol class="problems">{lines}</ol>\n'
        "</article></div></main>\n</body>\n</html>\n",
        encoding="utf-8",
    )
