"""The live preview, for real: `briefing serve` on 127.0.0.1 rebuilds when content changes.

Each test starts its own server on a free loopback port and stops it before
it returns.
"""

from __future__ import annotations

import contextlib
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
from browser import BRIEFING, copy_project

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


@pytest.fixture(name="server")
def fixture_server(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    project = copy_project(tmp_path / "project")
    with serving(project, tmp_path) as url:
        yield project, url


@contextlib.contextmanager
def serving(project: Path, tmp_path: Path) -> Iterator[str]:
    """`briefing serve` of `project` on a free port, stopped when the block ends."""
    port = free_port()
    # MkDocs serves from a folder it makes with mkdtemp: here, where a test can look.
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = subprocess.Popen(
        [str(BRIEFING), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
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
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [str(BRIEFING), "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "TMPDIR": str(temporary)},
        )
        try:
            assert "<title>Russia invades Ukraine" in wait_for(base + PAGE, "<title>Russia invades Ukraine")
            event = project / EVENT
            good = event.read_text(encoding="utf-8")
            body = "body: |\n" + "".join(f"  {line}\n" for line in DEEP_LIST.splitlines())
            event.write_text(
                good.replace("title: Russia invades Ukraine", "title: Never shown") + body, encoding="utf-8"
            )
            deadline = time.monotonic() + 20
            while "The preview still shows the last good build" not in log.read_text(encoding="utf-8"):
                assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
                time.sleep(0.2)
            printed = log.read_text(encoding="utf-8")

            assert "Traceback" not in printed and "RecursionError" not in printed, printed
            assert re.search(rf"^{re.escape(EVENT)}:\d+:\d+: \S", printed, re.M), printed
            assert "<title>Russia invades Ukraine" in (fetch(base + PAGE) or "")  # the last good site
            assert process.poll() is None

            event.write_text(good.replace("title: Russia invades Ukraine", "title: Fixed and shown"), encoding="utf-8")
            assert "<title>Fixed and shown" in wait_for(base + PAGE, "<title>Fixed and shown")
        finally:
            process.terminate()
            process.wait(timeout=10)


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
