"""The live preview, for real: `briefing serve` on 127.0.0.1 rebuilds when content changes.

Each test starts its own server on a free loopback port and stops it before
it returns.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import BRIEFING, MKDOCS, REPOSITORY_SETTINGS, chromium, copy_project, run

from builder.serving import LAST_GOOD

EVENT = "content/events/2022/russia-invades-ukraine.yaml"
PAGE = "events/russia-invades-ukraine.html"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return None


def wait_for(url: str, wanted: str, seconds: float = 20) -> str:
    """The page once it contains `wanted`; the last text seen if it never does."""
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        text = fetch(url) or ""
        if wanted in text:
            return text
        time.sleep(0.2)
    return text


def answer(url: str) -> tuple[int, str]:
    """The status and text of a page, error statuses included; (0, "") if the server did not answer."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode("utf-8")
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return 0, ""


def wait_for_answer(url: str, status: int, seconds: float = 20) -> tuple[int, str]:
    """The page once the server answers it with `status`; the last answer if it never does."""
    deadline = time.monotonic() + seconds
    got = answer(url)
    while got[0] != status and time.monotonic() < deadline:
        time.sleep(0.2)
        got = answer(url)
    return got


@pytest.fixture(name="server")
def fixture_server(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    project = copy_project(tmp_path / "project")
    with serving(project, tmp_path) as url:
        yield project, url


@contextlib.contextmanager
def serving(project: Path, tmp_path: Path, command: Path = BRIEFING) -> Iterator[str]:
    """`briefing serve` (or `mkdocs serve`) of `project` on a free port, its output in
    tmp_path/serve.log, stopped when the block ends."""
    port = free_port()
    # MkDocs serves from a folder it makes with mkdtemp: here, where a test can look.
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    with (tmp_path / "serve.log").open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [str(command), "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "TMPDIR": str(temporary)},
        )
        try:
            yield f"http://127.0.0.1:{port}/"
        finally:
            process.terminate()
            process.wait(timeout=10)


def write_draft(project: Path) -> Path:
    draft = project / "content/events/2022/a-draft.yaml"
    draft.write_text(
        "title: A draft in preview\ndate: 2022-09-20\nstatus: draft\nsummary: Not yet published.\n"
        "sources:\n  - id: note\n    title: Curator's note\n",
        encoding="utf-8",
    )
    return draft


def retitle_event(project: Path) -> None:
    """Save the sample invasion event as "Edited while serving"."""
    event = project / EVENT
    text = event.read_text(encoding="utf-8")
    event.write_text(text.replace("title: Russia invades Ukraine", "title: Edited while serving"), encoding="utf-8")


def served_folder(project: Path) -> Path:
    """The folder `briefing serve` writes the preview to (see the fixture)."""
    (folder,) = (project.parent / "tmp").glob("mkdocs_*")
    return folder


def test_serve_rebuilds_when_an_event_file_changes(server: tuple[Path, str]) -> None:
    project, base = server
    assert "<title>Russia invades Ukraine" in wait_for(base + PAGE, "<title>Russia invades Ukraine")
    retitle_event(project)
    assert "<title>Edited while serving" in wait_for(base + PAGE, "<title>Edited while serving")


def test_serve_includes_drafts(server: tuple[Path, str]) -> None:
    project, base = server
    write_draft(project)
    assert "A draft in preview" in wait_for(base + "events/a-draft.html", "A draft in preview")


def test_a_rebuild_writes_only_the_pages_an_edit_changes(server: tuple[Path, str]) -> None:
    project, base = server
    wait_for(base + PAGE, "<title>Russia invades Ukraine")
    served = served_folder(project)
    unrelated, listing = served / "actors/guo-shengkun.html", served / "actors/ukraine.html"
    assert "Russia invades Ukraine" not in unrelated.read_text(encoding="utf-8")
    assert "Russia invades Ukraine" in listing.read_text(encoding="utf-8")
    unrelated_written = unrelated.stat().st_mtime_ns

    retitle_event(project)

    assert "<title>Edited while serving" in wait_for(base + PAGE, "<title>Edited while serving")
    for page in ("actors/ukraine.html", "timeline/2022.html", "events.html", "tags/war-in-ukraine.html"):
        assert "Edited while serving" in wait_for(base + page, "Edited while serving"), page
    assert "Edited while serving" in (served / "assets/search-index.js").read_text(encoding="utf-8")
    assert unrelated.stat().st_mtime_ns == unrelated_written


def test_a_deleted_event_leaves_the_preview(server: tuple[Path, str]) -> None:
    project, base = server
    draft = write_draft(project)
    assert "A draft in preview" in wait_for(base + "timeline/2022.html", "A draft in preview")

    draft.unlink()

    deadline = time.monotonic() + 20
    while fetch(base + "events/a-draft.html") is not None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert fetch(base + "events/a-draft.html") is None
    assert "A draft in preview" not in (fetch(base + "timeline/2022.html") or "A draft in preview")


DEEP_LIST = "\n".join("    " * level + "- x" for level in range(250))
"""Python-Markdown recurses once a level of this list and raises RecursionError."""


def test_the_preview_survives_markdown_that_crashes_the_renderer(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    with serving(project, tmp_path) as base:
        assert "<title>Russia invades Ukraine" in wait_for(base + PAGE, "<title>Russia invades Ukraine")
        event = project / EVENT
        good = event.read_text(encoding="utf-8")
        body = "body: |\n" + "".join(f"  {line}\n" for line in DEEP_LIST.splitlines())
        event.write_text(good.replace("title: Russia invades Ukraine", "title: Never shown") + body, encoding="utf-8")

        code, page = wait_for_answer(base + PAGE, 503)
        assert code == 503, page
        assert re.search(rf"<code>{re.escape(EVENT)}:\d+:\d+: \S", page), page
        assert "<title>Russia invades Ukraine" in answer(base + LAST_GOOD + PAGE)[1]  # the last good site
        printed = (tmp_path / "serve.log").read_text(encoding="utf-8")
        assert "Traceback" not in printed and "RecursionError" not in printed, printed
        assert re.search(rf"^{re.escape(EVENT)}:\d+:\d+: \S", printed, re.M), printed

        event.write_text(good.replace("title: Russia invades Ukraine", "title: Fixed and shown"), encoding="utf-8")
        assert "<title>Fixed and shown" in wait_for(base + PAGE, "<title>Fixed and shown")


def test_serve_rebuilds_when_a_template_override_changes(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        config.replace("  name: briefing\n", "  name: briefing\n  custom_dir: overrides\n")
    )
    override = project / "overrides/pages/event.html"
    override.parent.mkdir(parents=True)
    override.write_text('{% include "briefing/pages/event.html" %}<p>First override</p>', encoding="utf-8")
    with serving(project, tmp_path) as url:
        assert "First override" in wait_for(url + PAGE, "First override")
        override.write_text('{% include "briefing/pages/event.html" %}<p>Second override</p>', encoding="utf-8")
        page = wait_for(url + PAGE, "Second override")
    assert "Second override" in page
    assert "Russia invades Ukraine</h1>" in page


PROBLEM_ITEM = re.compile(r'<li class="problem[^"]*"><code>(.*?)</code></li>', re.S)


def shown_problems(page: str) -> list[str]:
    """The problems a problems page lists, as text (its links' words kept)."""
    return [html.unescape(re.sub(r"<[^>]+>", "", item)) for item in PROBLEM_ITEM.findall(page)]


@pytest.mark.parametrize("command", [BRIEFING, MKDOCS], ids=["briefing-serve", "mkdocs-serve"])
def test_a_new_event_skeleton_is_previewed_as_its_problems(tmp_path: Path, command: Path) -> None:
    """The skeleton `briefing new event` writes is invalid by design: the preview starts anyway
    and answers every page at once with the problems `briefing check` prints, each linked to
    its line on the forge, in the theme's chrome."""
    project = copy_project(tmp_path / "project", REPOSITORY_SETTINGS)
    created = run([BRIEFING, "new", "event", "Patrushev visits Beijing", "--date", "2022-10-05"], cwd=project)
    assert created.returncode == 0, created.stdout
    checked = run([BRIEFING, "check"], cwd=project)
    printed = [line for line in checked.stdout.splitlines() if line.startswith("content/")]
    assert len(printed) >= 5 and all("patrushev-visits-beijing.yaml:" in line for line in printed)

    with serving(project, tmp_path, command) as base:
        code, page = wait_for_answer(base, 503)
        for path in ["", PAGE, "timeline/2022.html", "actors/", "no-such-page.html"]:
            started = time.monotonic()
            code, page = answer(base + path)
            assert time.monotonic() - started < 2, path
            assert code == 503, path
            assert shown_problems(page) == printed, path
        assert "<title>Preview paused: " in page
        assert '<link rel="stylesheet" href="../assets/briefing.css">' in page  # the theme's chrome ...
        assert '<base href="/_preview/problems.html">' in page  # ... whose links work at any depth
        assert answer(base + "assets/briefing.css")[0] == 200
        assert (
            '"https://github.com/example/briefing/edit/main/content/events/2022/patrushev-visits-beijing.yaml#L3"'
            in page
        )
        assert "has not built the site since it started" in page

    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "Traceback" not in log, log
    assert "The preview shows these problems in place of every page" in log


def test_the_preview_answers_every_page_at_once_while_content_breaks_and_is_fixed(
    server: tuple[Path, str], tmp_path: Path
) -> None:
    project, base = server
    event = project / EVENT
    good = event.read_text(encoding="utf-8")
    assert "<title>Russia invades Ukraine" in wait_for(base + PAGE, "<title>Russia invades Ukraine")
    slowest = 0.0

    def timed(url: str) -> tuple[int, str]:
        nonlocal slowest
        started = time.monotonic()
        got = answer(url)
        slowest = max(slowest, time.monotonic() - started)
        return got

    for round_ in (1, 2):
        event.write_text(good.replace("title: Russia invades Ukraine", 'title: "Unclosed'), encoding="utf-8")
        deadline = time.monotonic() + 20
        while (got := timed(base + PAGE))[0] != 503 and time.monotonic() < deadline:
            time.sleep(0.1)
        code, page = got
        assert code == 503, page
        assert shown_problems(page)[0].startswith(f"{EVENT}:2:8: "), page
        shown_title = "Russia invades Ukraine" if round_ == 1 else "Fixed once"
        last_good = f'href="/{LAST_GOOD}{PAGE}"'
        assert last_good in page and "still there" in page
        assert f"<title>{shown_title}" in timed(base + LAST_GOOD + PAGE)[1]
        assert timed(base + "timeline/2022.html")[0] == 503

        event.write_text(good.replace("title: Russia invades Ukraine", "title: Fixed once"), encoding="utf-8")
        deadline = time.monotonic() + 20
        while (got := timed(base + PAGE))[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert got[0] == 200 and "<title>Fixed once" in got[1]

    assert slowest < 2, f"a request took {slowest:.1f} s"
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "Traceback" not in log and "appear stuck" not in log, log


def test_the_problems_page_reloads_by_itself_when_the_fix_is_saved(server: tuple[Path, str]) -> None:
    project, base = server
    event = project / EVENT
    good = event.read_text(encoding="utf-8")
    wait_for(base + PAGE, "<title>Russia invades Ukraine")
    event.write_text(good.replace("date: 2022-02-24", "date: 2022-02-30"), encoding="utf-8")
    assert wait_for_answer(base + PAGE, 503)[0] == 503
    with chromium() as browser:
        page = browser.new_page()
        page.goto(base + PAGE)
        assert page.title().startswith("Preview paused: 1 error")
        assert "2022-02-30" in page.locator(".problems").inner_text()
        page.locator(".problems-last-good a").click()
        page.wait_for_url(f"**/{LAST_GOOD}{PAGE}")
        assert page.title().startswith("Russia invades Ukraine")
        page.go_back()
        page.wait_for_function("document.title.startsWith('Preview paused')")

        event.write_text(good.replace("title: Russia invades Ukraine", "title: Reloaded by itself"), encoding="utf-8")
        page.wait_for_function("document.title.startsWith('Reloaded by itself')", timeout=20_000)
        assert page.url == base + PAGE


def test_a_broken_template_shows_its_line_and_a_fixed_one_the_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        config.replace("  name: briefing\n", "  name: briefing\n  custom_dir: overrides\n"), encoding="utf-8"
    )
    override = project / "overrides/pages/event.html"
    override.parent.mkdir(parents=True)
    override.write_text('{% include "briefing/pages/event.html" %}<p>First override</p>', encoding="utf-8")
    with serving(project, tmp_path) as base:
        assert "First override" in wait_for(base + PAGE, "First override")
        override.write_text('{% include "briefing/pages/event.html" %}\n{% if %}<p>Broken</p>', encoding="utf-8")
        code, page = wait_for_answer(base + PAGE, 503)
        assert code == 503 and "The build failed" in page
        assert shown_problems(page) == [
            "overrides/pages/event.html:2: template syntax error: Expected an expression, got 'end of statement block'"
        ]
        assert "First override" in answer(base + LAST_GOOD + PAGE)[1]

        (project / "mkdocs.yml").write_text(config + "nav: [\n", encoding="utf-8")
        deadline = time.monotonic() + 20
        while "mkdocs.yml" not in (page := answer(base + PAGE)[1]) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert any("mkdocs.yml" in problem for problem in shown_problems(page)), page

        (project / "mkdocs.yml").write_text(
            config.replace("  name: briefing\n", "  name: briefing\n  custom_dir: overrides\n"), encoding="utf-8"
        )
        override.write_text('{% include "briefing/pages/event.html" %}<p>Second override</p>', encoding="utf-8")
        assert "Second override" in wait_for(base + PAGE, "Second override")
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "Traceback" not in log, log


def test_an_edited_stylesheet_override_is_served_after_the_save(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        config.replace("  name: briefing\n", "  name: briefing\n  custom_dir: overrides\n"), encoding="utf-8"
    )
    stylesheet = project / "overrides/assets/briefing.css"
    stylesheet.parent.mkdir(parents=True)
    stylesheet.write_text("/* first */\n", encoding="utf-8")
    with serving(project, tmp_path) as base:
        assert "/* first */" in wait_for(base + "assets/briefing.css", "/* first */")
        stylesheet.write_text("/* second */\n", encoding="utf-8")
        assert "/* second */" in wait_for(base + "assets/briefing.css", "/* second */")


def test_an_undefined_name_in_a_template_is_the_template_s_mistake_not_the_content_s(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        config.replace("  name: briefing\n", "  name: briefing\n  custom_dir: overrides\n"), encoding="utf-8"
    )
    override = project / "overrides/pages/event.html"
    override.parent.mkdir(parents=True)
    override.write_text('{% include "briefing/pages/event.html" %}<p>Fine</p>', encoding="utf-8")
    with serving(project, tmp_path) as base:
        assert "Fine" in wait_for(base + PAGE, "Fine")
        override.write_text(
            '{% include "briefing/pages/event.html" %}\n<p>{{ no_such_name.title }}</p>', encoding="utf-8"
        )
        code, page = wait_for_answer(base + PAGE, 503)
        assert code == 503
        assert shown_problems(page) == ["overrides/pages/event.html:2: template error: 'no_such_name' is undefined"]

    built = run([BRIEFING, "build", "-d", tmp_path / "site"], cwd=project)
    assert built.returncode == 1 and "Traceback" not in built.stdout, built.stdout
    assert "overrides/pages/event.html:2: template error: 'no_such_name' is undefined" in built.stdout
    assert "simplify this text" not in built.stdout

    started = run([BRIEFING, "serve", "-a", "127.0.0.1:1"], cwd=project)  # the first build fails: no server
    assert started.returncode == 1 and "Traceback" not in started.stdout, started.stdout
    assert "serve failed: overrides/pages/event.html:2: template error: 'no_such_name' is undefined" in started.stdout
