"""Real MkDocs builds of the sample content, through `briefing build` and `mkdocs build`."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from browser import (
    BRIEFING,
    MKDOCS,
    REPO,
    REPOSITORY_SETTINGS,
    build,
    copy_project,
    html_files,
    parse_page,
    project_with_content,
    run,
    tree_hashes,
)
from test_rendering import large_tree

from builder.rendering.feeds import NO_SITE_URL

PATRUSHEV_EVENT = "events/patrushev-meets-guo-shengkun-nanping.html"
SAMARKAND_EVENT = "events/putin-xi-meeting-samarkand.html"


@pytest.fixture(name="sample_site", scope="module")
def fixture_sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample content built once for the module, as `briefing build -d` writes it."""
    site = tmp_path_factory.mktemp("sample") / "site"
    result = build(site)
    assert result.returncode == 0, result.stdout
    assert result.stdout == f"built {site}\nnote: {NO_SITE_URL}\n"  # SITE_URL is unset here
    return site


def sample_ids(kind: str) -> list[str]:
    return sorted(path.stem for path in (REPO / "content" / kind).rglob("*.yaml"))


def expected_pages() -> set[str]:
    tags = yaml.safe_load((REPO / "content" / "tags.yaml").read_text(encoding="utf-8"))
    pages = {
        "index.html",
        "timeline.html",
        "map.html",
        "timeline/2022.html",
        "events.html",
        "events/by-title/index.html",
        "actors.html",
        "network.html",
        "methodology.html",
        "search.html",
        "data.html",
        "tags.html",
        "briefings.html",
    }
    pages |= {f"events/{ident}.html" for ident in sample_ids("events")}
    pages |= {f"actors/{ident}.html" for ident in sample_ids("actors")}
    pages |= {f"briefings/{ident}.html" for ident in sample_ids("briefings")}
    pages |= {f"tags/{ident}.html" for ident in tags}
    content = REPO / "content"
    pages |= {path.relative_to(content).with_suffix(".html").as_posix() for path in content.rglob("*.md")}
    return pages


def test_every_page_exists(sample_site: Path) -> None:
    built = {path.relative_to(sample_site).as_posix() for path in html_files(sample_site)}
    assert len(expected_pages()) == 39
    assert built == expected_pages() | {"404.html"}
    assert {p.relative_to(sample_site).as_posix() for p in (sample_site / "assets").iterdir()} == {
        "assets/briefing.css",
        "assets/search.js",
        "assets/search-index.js",
        "assets/search-bodies.js",
        "assets/world.svg",
    }


def links_from(site: Path, page: str) -> set[str]:
    """The site files a page's <a> elements lead to, relative to the site root."""
    folder = (site / page).parent
    targets = set()
    for ref in parse_page(site / page).references:
        if ref.tag == "a" and ref.attribute == "href" and not urlsplit(ref.value).scheme:
            path = urlsplit(ref.value).path
            if path:
                targets.add((folder / unquote(path)).resolve().relative_to(site.resolve()).as_posix())
    return targets


@pytest.mark.parametrize(
    ("page", "target"),
    [
        (PATRUSHEV_EVENT, "actors/nikolai-patrushev.html"),
        ("actors/nikolai-patrushev.html", PATRUSHEV_EVENT),
        (PATRUSHEV_EVENT, "actors/guo-shengkun.html"),
        ("actors/guo-shengkun.html", PATRUSHEV_EVENT),
        (PATRUSHEV_EVENT, SAMARKAND_EVENT),
        (SAMARKAND_EVENT, PATRUSHEV_EVENT),
        (SAMARKAND_EVENT, "events/sco-summit-samarkand-2022.html"),
        ("events/sco-summit-samarkand-2022.html", SAMARKAND_EVENT),
        ("events/russia-invades-ukraine.html", "events/china-russia-no-limits-joint-statement.html"),
        ("events/china-russia-no-limits-joint-statement.html", "events/russia-invades-ukraine.html"),
        ("actors/nikolai-patrushev.html", "actors/security-council-of-russia.html"),
        ("actors/security-council-of-russia.html", "actors/nikolai-patrushev.html"),
        (PATRUSHEV_EVENT, "tags/cybersecurity.html"),
        ("tags/cybersecurity.html", PATRUSHEV_EVENT),
        ("briefings/russia-china-security-partnership-2022.html", PATRUSHEV_EVENT),
        ("timeline/2022.html", PATRUSHEV_EVENT),
        ("index.html", "briefings/russia-china-security-partnership-2022.html"),
    ],
    ids=lambda value: value.removesuffix(".html"),
)
def test_cross_links_both_ways(sample_site: Path, page: str, target: str) -> None:
    assert target in links_from(sample_site, page)


def test_related_events_are_labelled_both_ways(sample_site: Path) -> None:
    samarkand = (sample_site / SAMARKAND_EVENT).read_text(encoding="utf-8")
    patrushev = (sample_site / PATRUSHEV_EVENT).read_text(encoding="utf-8")

    assert re.search(
        r'Followed by</span>\s*<span class="related-item__event">'
        r'<a href="patrushev-meets-guo-shengkun-nanping.html">',
        samarkand,
    )
    assert re.search(
        r'Follows</span>\s*<span class="related-item__event">'
        r'<a href="putin-xi-meeting-samarkand.html">',
        patrushev,
    )


def test_event_page_has_edit_link_to_its_yaml(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", REPOSITORY_SETTINGS)
    assert build(project / "site", cwd=project).returncode == 0
    page = (project / "site" / PATRUSHEV_EVENT).read_text(encoding="utf-8")
    edit = "https://github.com/example/briefing/edit/main/content/events/2022/patrushev-meets-guo-shengkun-nanping.yaml"
    assert f'<a href="{edit}" data-edit-link>' in page
    assert '<a href="https://github.com/example/briefing">Source repository</a>' in page


def test_without_repo_url_no_page_links_to_a_repository(sample_site: Path) -> None:
    for path in html_files(sample_site):
        text = path.read_text(encoding="utf-8")
        assert "data-edit-link" not in text, path
        assert "Source repository" not in text, path
        assert 'class="entry-footer"></footer>' not in text, path


def broken_references(site: Path) -> list[str]:
    """Every URL in every page that does not lead to a file (and anchor) of this site, or leaves it."""
    site = site.resolve()
    pages = {path: parse_page(path) for path in html_files(site)}
    problems = []
    for path, page in pages.items():
        where = path.relative_to(site).as_posix()
        for ref in page.references:
            shown = f"{where}: <{ref.tag} {ref.attribute}={ref.value!r}>"
            parts = urlsplit(ref.value)
            if parts.scheme in ("http", "https") or ref.value.startswith("//"):
                if ref.tag != "a":
                    problems.append(f"{shown} loads from another host")
                continue
            if parts.scheme == "data" and ref.tag == "link" and ref.rel == "icon":
                continue
            if parts.scheme == "mailto" and ref.tag == "a":
                continue
            if parts.scheme or ref.value.startswith("/") or not ref.value:
                problems.append(f"{shown} is not a relative link")
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.is_relative_to(site) or not target.is_file():
                problems.append(f"{shown} leads to no file")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse_page(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{shown} leads to no element with that id")
    return problems


def test_every_internal_link_script_and_stylesheet_resolves(sample_site: Path) -> None:
    assert len(html_files(sample_site)) >= 31
    assert broken_references(sample_site) == []


def test_no_page_loads_anything_from_another_host(sample_site: Path) -> None:
    external = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
    for path in html_files(sample_site):
        for ref in parse_page(path).references:
            if ref.tag != "a":
                assert not re.match(r"(?:https?:)?//", ref.value, re.IGNORECASE), (path, ref)
    for path in (sample_site / "assets").iterdir():
        text = path.read_text(encoding="utf-8")
        assert re.search(r"@import|url\(\s*['\"]?\s*(?:https?:)?//", text, re.IGNORECASE) is None, path
        if path.suffix == ".js":
            assert external.search(text) is None, path
            assert re.search(r"\bfetch\(|XMLHttpRequest|https?://", text) is None, path


def test_external_links_are_only_sources_and_the_repository(sample_site: Path) -> None:
    external = {
        ref.value
        for path in html_files(sample_site)
        for ref in parse_page(path).references
        if urlsplit(ref.value).scheme in ("http", "https")
    }
    sources = {
        source["url"]
        for path in (REPO / "content").rglob("*.yaml")
        for source in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("sources", [])
        if isinstance(source, dict) and "url" in source
    }
    assert external <= sources


def test_mkdocs_build_strict_matches_briefing_build(sample_site: Path, tmp_path: Path) -> None:
    result = run([MKDOCS, "build", "--strict", "-d", tmp_path / "strict"])

    assert result.returncode == 0, result.stdout
    assert "WARNING" not in result.stdout
    assert tree_hashes(tmp_path / "strict") == tree_hashes(sample_site)


def test_two_builds_are_byte_identical(sample_site: Path, tmp_path: Path) -> None:
    assert build(tmp_path / "again").returncode == 0
    assert tree_hashes(tmp_path / "again") == tree_hashes(sample_site)


def test_builds_on_different_days_are_byte_identical(tmp_path: Path) -> None:
    # MkDocs dates sitemap.xml.gz's gzip header by the build day unless pages carry their own date.
    assert build(tmp_path / "day1", env={"SOURCE_DATE_EPOCH": "1663545600"}).returncode == 0
    assert build(tmp_path / "day2", env={"SOURCE_DATE_EPOCH": "1663632000"}).returncode == 0
    first, second = tree_hashes(tmp_path / "day1"), tree_hashes(tmp_path / "day2")
    assert {path for path in first if first[path] != second[path]} == set()


def write_yaml(path: Path, document: Mapping[str, object]) -> None:
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(name="project")
def fixture_project(tmp_path: Path) -> Path:
    """A copy of the repository's mkdocs.yml, templates and content to change freely."""
    return copy_project(tmp_path / "project")


def break_content(project: Path) -> list[str]:
    """Two errors in two files; returns the path:line:column each must be reported at."""
    event = project / "content/events/2022/russia-invades-ukraine.yaml"
    event.write_text(
        event.read_text(encoding="utf-8").replace("date: 2022-02-24", "date: 2022-02-30"), encoding="utf-8"
    )
    actor = project / "content/actors/ukraine.yaml"
    actor.write_text(actor.read_text(encoding="utf-8").replace("kind: state", "kind: stat"), encoding="utf-8")
    return ["content/actors/ukraine.yaml:3:7:", "content/events/2022/russia-invades-ukraine.yaml:3:7:"]


PROBLEM_LINE = re.compile(r"^(?:ERROR\s+-\s+)?(content/\S+?:\d+:\d+:) ", re.MULTILINE)


@pytest.mark.parametrize("command", ["briefing", "mkdocs"])
def test_content_error_writes_nothing(project: Path, command: str) -> None:
    assert build(project / "site", cwd=project).returncode == 0
    (project / "site" / "extra.txt").write_text("kept", encoding="utf-8")
    before_site, before_project = tree_hashes(project / "site"), sorted(p.name for p in project.iterdir())
    expected = break_content(project)

    commands: dict[str, list[str | Path]] = {"briefing": [BRIEFING, "build"], "mkdocs": [MKDOCS, "build"]}
    result = run(commands[command], cwd=project)

    assert result.returncode == 1, result.stdout
    assert PROBLEM_LINE.findall(result.stdout) == expected
    assert "Traceback" not in result.stdout
    assert tree_hashes(project / "site") == before_site
    assert sorted(p.name for p in project.iterdir()) == before_project


def test_content_error_creates_no_site_folder(project: Path) -> None:
    expected = break_content(project)
    result = build(project / "out" / "site", cwd=project)

    assert result.returncode == 1
    assert PROBLEM_LINE.findall(result.stdout) == expected
    assert "2 content error(s); nothing was written" in result.stdout
    assert "Traceback" not in result.stdout
    assert not (project / "out").exists()


def test_problem_in_yaml_syntax_is_reported_without_traceback(project: Path) -> None:
    (project / "content/events/2022/broken.yaml").write_bytes(b"title: [unclosed\ndate: \xff\n")
    for result in (build(project / "site", cwd=project), run([MKDOCS, "build", "--strict"], cwd=project)):
        assert result.returncode == 1
        assert re.search(r"^(?:ERROR\s+-\s+)?content/events/2022/broken\.yaml:\d+:\d+: ", result.stdout, re.M)
        assert "Traceback" not in result.stdout
    assert not (project / "site").exists()


DRAFT_EVENT = {
    "title": "Unconfirmed follow-up meeting",
    "date": "2022-10",
    "summary": "A draft account.",
    "status": "draft",
    "related": [{"event": "patrushev-meets-guo-shengkun-nanping", "relation": "follows"}],
    "sources": [{"id": "note", "title": "Curator's note"}],
    "redirect_from": ["old-draft-name"],
}


def test_drafts_only_with_drafts_option(project: Path) -> None:
    write_yaml(project / "content/events/2022/draft-follow-up.yaml", DRAFT_EVENT)

    assert build(project / "published", cwd=project).returncode == 0
    assert build(project / "preview", "--drafts", cwd=project).returncode == 0

    published, preview = project / "published", project / "preview"
    assert not (published / "events/draft-follow-up.html").exists()
    assert not (published / "events/old-draft-name.html").exists()
    assert (preview / "events/draft-follow-up.html").is_file()
    assert (preview / "events/old-draft-name.html").is_file()
    for site, present in ((published, False), (preview, True)):
        texts = [path.read_text(encoding="utf-8") for path in [*html_files(site), site / "assets/search-index.js"]]
        assert any("draft-follow-up" in text for text in texts) is present
        assert ("events/draft-follow-up.html" in links_from(site, PATRUSHEV_EVENT)) is present
    assert broken_references(published) == []
    assert broken_references(preview) == []


def test_redirect_from_refreshes_to_the_new_url(project: Path) -> None:
    event = project / "content/events/2022/russia-invades-ukraine.yaml"
    event.write_text(event.read_text(encoding="utf-8") + "redirect_from:\n  - invasion-of-ukraine\n", encoding="utf-8")
    actor = project / "content/actors/nikolai-patrushev.yaml"
    actor.write_text(actor.read_text(encoding="utf-8") + "redirect_from: [patrushev]\n", encoding="utf-8")

    assert build(project / "site", cwd=project).returncode == 0

    for old, new in (
        ("events/invasion-of-ukraine.html", "russia-invades-ukraine.html"),
        ("actors/patrushev.html", "nikolai-patrushev.html"),
    ):
        page = (project / "site" / old).read_text(encoding="utf-8")
        assert f'<meta http-equiv="refresh" content="0; url={new}">' in page
        assert f'<a href="{new}">' in page
    assert broken_references(project / "site") == []


def test_hostile_title_in_a_real_build(project: Path) -> None:
    title = "{{ config.repo_url }} {% include 'main.html' %} <script>alert(1)</script>"
    event = project / "content/events/2022/putin-xi-meeting-samarkand.yaml"
    text = event.read_text(encoding="utf-8")
    event.write_text(
        re.sub(r"^title: .*$", "title: " + yaml.safe_dump(title).split("\n")[0], text, count=1, flags=re.MULTILINE),
        encoding="utf-8",
    )

    result = build(project / "site", cwd=project)
    assert result.returncode == 0, result.stdout

    # Shown as characters, with typographic quotes:
    escaped = "{{ config.repo_url }} {% include ‘main.html’ %} &lt;script&gt;alert(1)&lt;/script&gt;"
    page = (project / "site" / SAMARKAND_EVENT).read_text(encoding="utf-8")
    assert f"<h1>{escaped}</h1>" in page
    assert "<title>{{ config.repo_url }} {% include" in page
    assert "<script>alert" not in page
    for path in html_files(project / "site"):
        assert "<script>alert" not in path.read_text(encoding="utf-8"), path


def test_link_checker_finds_what_it_must(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="events/x.html#here">ok</a><a href="events/x.html#gone">anchor</a><a href="missing.html">file</a>'
        '<a href="/index.html">rooted</a><a href="https://example.org/">source</a><a href="#top" id="top">self</a>'
        '<script src="https://cdn.example.org/x.js"></script><link rel="stylesheet" href="//fonts.example.org/f.css">'
        '<link rel="icon" href="data:image/svg+xml,x"><img src="../outside.png">',
        encoding="utf-8",
    )
    (tmp_path / "events/x.html").write_text(
        '<p id="here"></p><meta http-equiv="refresh" content="0; url=y.html">', encoding="utf-8"
    )

    assert broken_references(tmp_path) == [
        "events/x.html: <meta refresh='y.html'> leads to no file",
        "index.html: <a href='events/x.html#gone'> leads to no element with that id",
        "index.html: <a href='missing.html'> leads to no file",
        "index.html: <a href='/index.html'> is not a relative link",
        "index.html: <script src='https://cdn.example.org/x.js'> loads from another host",
        "index.html: <link href='//fonts.example.org/f.css'> loads from another host",
        "index.html: <img src='../outside.png'> leads to no file",
    ]


def test_site_folder_is_readable_like_mkdir_makes_it(project: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    assert build(project / "site", cwd=project).returncode == 0
    assert stat.S_IMODE((project / "site").stat().st_mode) == 0o777 & ~umask

    (project / "site").chmod(0o750)
    assert build(project / "site", cwd=project).returncode == 0
    assert stat.S_IMODE((project / "site").stat().st_mode) == 0o750
    assert sorted(p.name for p in project.iterdir()) == ["content", "mkdocs.yml", "site"]


def test_split_indexes_of_a_large_site_are_built_and_linked(tmp_path: Path) -> None:
    """Above the thresholds, the split pages exist, are small, and every link among them resolves."""
    project = project_with_content(tmp_path / "project", {k: str(v) for k, v in large_tree().items()})

    result = build(project / "site", cwd=project)
    assert result.returncode == 0, result.stdout

    site = project / "site"
    for page in ("events/by-title/a.html", "events/by-title/other.html", "actors/by-kind/person/z.html"):
        assert (site / page).is_file(), page
    assert {p.name for p in (site / "tags/all").iterdir()} == {"2020.html", "2021.html", "2022.html"}
    assert "events/by-title/a.html" in links_from(site, "events/by-title/index.html")
    assert "events/e000.html" in links_from(site, "events/by-title/a.html")
    assert "tags/all.html" in links_from(site, "tags/all/2021.html")
    assert not any(target.startswith("events/e") for target in links_from(site, "events/by-title/index.html"))
    newest = [target for target in links_from(site, "events.html") if target.startswith("events/e")]
    assert len(set(newest)) == 100  # the newest events only: the page does not grow with the site
    assert broken_references(site) == []
