"""No command destroys content, a killed build leaves a whole site, and any valid date builds
(builder/outputs.py, the swap in builder/cli.py, the dates of builder/plugin.py and packs.py).

Every command here is the real CLI in a subprocess on a copy of the project, with real
MkDocs builds; kills are SIGKILL at points the build announces (BRIEFING_TEST_PAUSE_AT).
"""

from __future__ import annotations

import datetime
import gzip
import os
import selectors
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import BRIEFING, MKDOCS, copy_project, project_with_content, run, tree_hashes
from conftest import LoadTree, actor_document, event_document

from builder import outputs, packs
from builder.plugin import gzip_safe_day

# ---------- refusals: nothing is written ----------


@pytest.fixture(name="project")
def fixture_project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder` (the project and what is beside it), hashed."""
    return tree_hashes(folder)


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("content", "may not be the content folder {content}"),
        ("content/events", "may not be inside the content folder {content}"),
        ("content/events/2022", "may not be inside the content folder {content}"),
        ("out/../content", "may not be the content folder {content}"),
        ("content-link", "may not be the content folder {content}"),
        (".", "may not contain the content folder {content}"),
        ("..", "may not contain the content folder {content}"),
        ("/", "may not contain the content folder {content}"),
    ],
)
def test_build_refuses_an_output_folder_that_could_destroy_content(project: Path, given: str, why: str) -> None:
    (project / "content-link").symlink_to("content")
    before = snapshot(project.parent)

    result = run([BRIEFING, "build", "-d", given], cwd=project)

    content = project / "content"
    assert (result.returncode, result.stdout) == (
        2,
        f"Error: -d {given}: the output folder {why.format(content=content)}\n",
    )
    assert snapshot(project.parent) == before


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("project", "may not be the project folder {project}"),
        ("content/../project", "may not be the project folder {project}"),
        (".", "may not contain the project folder {project}"),
        ("project-link", "may not be the project folder {project}"),
    ],
)
def test_build_refuses_the_project_folder_when_content_is_elsewhere(tmp_path: Path, given: str, why: str) -> None:
    work = tmp_path / "work"
    project = copy_project(work / "project")
    (tmp_path / "elsewhere").mkdir()
    (project / "content").rename(tmp_path / "elsewhere" / "content")
    (work / "project-link").symlink_to("project")
    (work / "content").mkdir()
    before = snapshot(tmp_path)

    result = run(
        [BRIEFING, "build", "-f", "project/mkdocs.yml", "--content", tmp_path / "elsewhere/content", "-d", given],
        cwd=work,
    )

    assert (result.returncode, result.stdout) == (
        2,
        f"Error: -d {given}: the output folder {why.format(project=project)}\n",
    )
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("setup", "why"),
    [
        (
            "notes",
            "holds files but no index.html, so it is not a built site; nothing was written: "
            "empty it, remove it or choose another folder",
        ),
        ("git", "holds a git repository; nothing was written"),
    ],
)
def test_build_refuses_a_folder_that_is_not_a_site(project: Path, setup: str, why: str) -> None:
    """`-d ~/Documents` must not replace someone's documents: only a built site or an empty
    folder is replaced."""
    documents = project.parent / "documents"
    documents.mkdir()
    (documents / ("notes.md" if setup == "notes" else "index.html")).write_text("mine\n", encoding="utf-8")
    if setup == "git":
        (documents / ".git").mkdir()
    before = snapshot(project.parent)

    result = run([BRIEFING, "build", "-d", "../documents"], cwd=project)

    assert (result.returncode, result.stdout) == (2, f"Error: -d ../documents: the output folder {why}\n")
    assert snapshot(project.parent) == before
    (documents / ".git").rmdir() if setup == "git" else (documents / "notes.md").unlink()
    assert run([BRIEFING, "build", "-d", "../documents"], cwd=project).returncode == 0  # now empty: built
    assert (documents / "index.html").read_text(encoding="utf-8") != "mine\n"


def test_site_dir_of_mkdocs_yml_is_checked_by_briefing_and_mkdocs_build(project: Path) -> None:
    """A site_dir that is a symbolic link to content/ passes MkDocs' own check (which compares
    the names as written); both commands refuse it, and content/ keeps every file."""
    (project / "public").symlink_to("content")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_dir: public\n", encoding="utf-8")
    before = snapshot(project)
    message = f"site_dir {project / 'public'}: the output folder may not be the content folder {project / 'content'}"

    ours = run([BRIEFING, "build"], cwd=project)
    theirs = run([MKDOCS, "build"], cwd=project)

    assert (ours.returncode, ours.stdout) == (2, f"Error: {message}\n")
    assert theirs.returncode == 1
    assert message in theirs.stdout
    assert "Traceback" not in theirs.stdout
    assert snapshot(project) == before


def test_a_site_dir_mkdocs_itself_refuses_is_one_usage_line(project: Path) -> None:
    """`site_dir: content` is caught by MkDocs' own config check; `briefing build` reports it
    as one line and exit code 2, like its own refusals, not as log lines and "Aborted"."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_dir: site", "site_dir: content"), "utf-8")
    before = snapshot(project)

    ours = run([BRIEFING, "build"], cwd=project)

    assert ours.returncode == 2
    assert ours.stdout.startswith("Error: mkdocs.yml: Config value 'site_dir': The 'docs_dir' should not be within")
    assert ours.stdout.count("\n") == 1
    assert snapshot(project) == before


def pack(project: Path, output: str, *options: str) -> subprocess.CompletedProcess[str]:
    return run([BRIEFING, "pack", "-o", output, *options], cwd=project)


NOT_A_PACK = (
    "exists and is not a pack (a .zip or .html made by briefing pack); nothing was written: "
    "remove it or choose another name"
)


@pytest.mark.parametrize(
    ("given", "existing", "why"),
    [
        ("content/events/2022/russia-invades-ukraine.yaml", None, "inside"),
        ("content/events/2022/new.zip", None, "inside"),
        ("content-link/tags.yaml", None, "inside"),
        ("mkdocs.yml", None, "not-a-pack"),
        ("notes.txt", b"my notes", "not-a-pack"),
        ("report.html", b"<!doctype html><title>My report</title>", "not-a-pack"),
        ("archive.zip", b"PK\x05\x06" + bytes(18), "not-a-pack"),  # an empty zip archive: no site in it
        ("photos.zip", None, "not-a-pack"),
    ],
)
def test_pack_refuses_content_and_files_that_are_not_packs(
    project: Path, given: str, existing: bytes | None, why: str
) -> None:
    (project / "content-link").symlink_to("content")
    if existing is not None:
        (project / given).write_bytes(existing)
    if given == "photos.zip":
        with zipfile.ZipFile(project / given, "w") as archive:
            archive.writestr("holiday/index.html", "<p>not a site root</p>")
    before = snapshot(project)

    result = pack(project, given)

    expected = (
        f"a pack may not be written inside the content folder {project / 'content'}" if why == "inside" else NOT_A_PACK
    )
    assert (result.returncode, result.stdout.splitlines()[-1]) == (2, f"Error: -o {given}: {expected}")
    assert "Traceback" not in result.stdout
    assert snapshot(project) == before


def test_pack_replaces_a_pack_of_either_form_and_an_empty_file(project: Path) -> None:
    (project / "empty.zip").touch()
    (project / f"{outputs.PACK_STAGING_PREFIX}killed/site").mkdir(parents=True)  # a killed pack's scratch
    for output, fmt in (
        ("a.zip", "zip"),
        ("a.html", "html"),
        ("a.zip", "html"),
        ("a.zip", "zip"),
        ("empty.zip", "zip"),
    ):
        result = pack(project, output, "--format", fmt)
        assert result.returncode == 0, result.stdout
    assert zipfile.ZipFile(project / "a.zip").testzip() is None
    assert (project / "empty.zip").read_bytes() == (project / "a.zip").read_bytes()
    assert not any(path.name.startswith(".briefing-") for path in project.iterdir())


# ---------- any valid date builds ----------

DATED_SITES = {
    # name: (the event's date fields, the site's as-of day, the day in gzip's header, the day in the zip)
    "1962": ({"date": "1962-10-28"}, "1962-10-28", "1970-01-01", "1980-01-01"),
    "2107": ({"date": "2022-09-19", "updated": "2107-01-01"}, "2107-01-01", "1970-01-01", "2107-01-01"),
    "year-1": ({"date": "0001-01-01"}, "0001-01-01", "1970-01-01", "1980-01-01"),
    "9999": ({"date": "0001-01-01", "updated": "9999-12-31"}, "9999-12-31", "1970-01-01", "1980-01-01"),
    "1999": ({"date": "1999-12-31"}, "1999-12-31", "1999-12-31", "1999-12-31"),
}


def dated_project(root: Path, fields: dict[str, str]) -> Path:
    date = fields["date"]
    extra = {key: value for key, value in fields.items() if key != "date"}
    return project_with_content(
        root,
        {
            "events/crisis.yaml": event_document("The crisis ends", date, actors=["kennedy"], **extra),
            "actors/kennedy.yaml": actor_document("John F. Kennedy", country="US"),
        },
    )


def gzip_mtime(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[4:8], "little")


def midnight(day: str) -> int:
    return int(datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(), datetime.UTC).timestamp())


@pytest.mark.parametrize("name", list(DATED_SITES))
def test_any_valid_date_builds_the_site_the_sitemap_and_both_packs(tmp_path: Path, name: str) -> None:
    fields, as_of, gzip_day, zip_day = DATED_SITES[name]
    project = dated_project(tmp_path / "project", fields)
    env = {"SITE_URL": "https://briefing.example.org/"}

    assert run([BRIEFING, "check"], cwd=project).returncode == 0
    for folder in ("site", "again"):
        result = run([BRIEFING, "build", "-d", folder], cwd=project, env=env)
        assert result.returncode == 0, result.stdout
        assert "Traceback" not in result.stdout
    assert tree_hashes(project / "site") == tree_hashes(project / "again")

    site = project / "site"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<lastmod>{as_of}</lastmod>" in sitemap
    assert sitemap.count("<lastmod>") == sitemap.count("<loc>") > 0
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap
    assert gzip_mtime(site / "sitemap.xml.gz") == midnight(gzip_day)
    assert (site / "events/crisis.html").is_file()

    for fmt in ("zip", "html"):
        first, second = project / f"one.{fmt}", project / f"two.{fmt}"
        for output in (first, second):
            result = run([BRIEFING, "pack", "--format", fmt, "-o", output], cwd=project)
            assert result.returncode == 0, result.stdout
        assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(project / "one.zip") as archive:
        day = datetime.date.fromisoformat(zip_day)
        assert {info.date_time for info in archive.infolist()} == {(day.year, day.month, day.day, 0, 0, 0)}
        assert "site/events/crisis.html" in archive.namelist()  # in the pack's one folder
    assert "The crisis ends" in (project / "one.html").read_text(encoding="utf-8")


def test_mkdocs_build_of_a_1962_site(tmp_path: Path) -> None:
    project = dated_project(tmp_path / "project", {"date": "1962-10-28"})
    result = run([MKDOCS, "build", "--strict", "-d", "site"], cwd=project, env={"SITE_URL": "https://example.org/"})

    assert result.returncode == 0, result.stdout
    assert "<lastmod>1962-10-28</lastmod>" in (project / "site/sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("as_of", "stand_in"),
    [
        ("1969-12-31", "1970-01-01"),
        ("1970-01-01", "1970-01-01"),
        ("2022-09-19", "2022-09-19"),
        ("2106-02-07", "2106-02-07"),  # midnight is 2^32 - 23,296 s
        ("2106-02-08", "1970-01-01"),
        ("0001-01-01", "1970-01-01"),
        ("9999-12-31", "1970-01-01"),
    ],
)
def test_the_day_gzip_is_given(as_of: str, stand_in: str) -> None:
    assert gzip_safe_day(as_of) == stand_in
    gzip.compress(b"x", mtime=midnight(stand_in))  # raises struct.error when out of range


@pytest.mark.parametrize(
    ("day", "stamp"),
    [
        ("1979-12-31", (1980, 1, 1)),
        ("1980-01-01", (1980, 1, 1)),
        ("2107-12-31", (2107, 12, 31)),
        ("2108-01-01", (1980, 1, 1)),
        ("0001-01-01", (1980, 1, 1)),
    ],
)
def test_the_day_a_zip_is_given(day: str, stamp: tuple[int, int, int], tmp_path: Path) -> None:
    when = packs.Stamp("unknown", datetime.date.fromisoformat(day)).zip_time
    assert when == (*stamp, 0, 0, 0)
    (tmp_path / "site").mkdir()
    (tmp_path / "site/index.html").write_text("x")
    packs.write_zip(tmp_path / "site", tmp_path / "pack.zip", when, top="pack")  # raises when out of range


# ---------- a killed build leaves a whole site ----------


def start_build(project: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(BRIEFING), "build", "-d", "site"],
        cwd=project,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_pause(process: subprocess.Popen[str], point: str, timeout: float = 60) -> None:
    """Read the build's standard error until it says it paused at `point`."""
    assert process.stderr is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stderr, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        if selector.select(timeout=1):
            line = process.stderr.readline()
            if line == f"paused at {point}\n":
                return
            if not line:
                break
            seen.append(line)
    process.kill()
    raise AssertionError(f"the build never paused at {point}: {seen}")


def kill(process: subprocess.Popen[str]) -> None:
    process.kill()
    process.wait(timeout=30)
    assert process.stderr is not None
    process.stderr.close()


def staging_folders(project: Path) -> list[str]:
    return sorted(path.name for path in project.iterdir() if path.name.startswith(outputs.STAGING_PREFIX))


def set_version(project: Path, version: str) -> None:
    """Content that differs by one event's title, so old and new sites differ by content."""
    event = project / "content/events/2022/russia-invades-ukraine.yaml"
    text = event.read_text(encoding="utf-8")
    lines = [
        line if not line.startswith("title: ") else f"title: Russia invades Ukraine ({version})"
        for line in text.split("\n")
    ]
    event.write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture(name="versions")
def fixture_versions(project: Path) -> Iterator[dict[str, dict[str, str]]]:
    """The site of content versions A and B, each built once outside the project."""
    hashes = {}
    for version in ("A", "B"):
        set_version(project, version)
        reference = project.parent / f"reference-{version}"
        assert run([BRIEFING, "build", "-d", reference], cwd=project).returncode == 0
        hashes[version] = tree_hashes(reference)
    assert hashes["A"] != hashes["B"]
    yield hashes


def test_a_build_killed_anywhere_leaves_a_whole_site(project: Path, versions: dict[str, dict[str, str]]) -> None:
    set_version(project, "A")
    assert run([BRIEFING, "build", "-d", "site"], cwd=project).returncode == 0
    current, leftovers = "A", 0
    for point in ("staged", "built", "swapped", "cleaned", "staged", "swapped"):
        other = "B" if current == "A" else "A"
        set_version(project, other)
        process = start_build(project, {outputs.PAUSE_VARIABLE: point})
        wait_for_pause(process, point)
        kill(process)
        if point in ("swapped", "cleaned"):
            current = other
        assert tree_hashes(project / "site") == versions[current], point
        leftovers += len(staging_folders(project))
    for delay in (0.2, 0.5, 0.8, 1.1, 1.4):  # somewhere in loading, validating or MkDocs' writing
        set_version(project, "B" if current == "A" else "A")
        process = start_build(project, {})
        time.sleep(delay)
        kill(process)
        found = tree_hashes(project / "site")
        assert found in (versions["A"], versions["B"]), delay
        current = "A" if found == versions["A"] else "B"
    assert leftovers > 0  # the kills did strand staging folders: the next build must remove them

    result = run([BRIEFING, "build", "-d", "site"], cwd=project)
    assert result.returncode == 0, result.stdout
    assert staging_folders(project) == []
    assert sorted(path.name for path in project.iterdir()) == ["content", "mkdocs.yml", "site"]


def test_a_live_builds_staging_folder_is_never_removed(project: Path, versions: dict[str, dict[str, str]]) -> None:
    set_version(project, "A")
    paused = start_build(project, {outputs.PAUSE_VARIABLE: "staged"})
    wait_for_pause(paused, "staged")
    live = staging_folders(project)
    assert len(live) == 1

    result = run([BRIEFING, "build", "-d", "site"], cwd=project)
    assert result.returncode == 0, result.stdout
    assert staging_folders(project) == live  # locked by the paused build: left alone
    kill(paused)

    assert run([BRIEFING, "build", "-d", "site"], cwd=project).returncode == 0
    assert staging_folders(project) == []
    assert tree_hashes(project / "site") == versions["A"]


def test_concurrent_builds_both_succeed_and_leave_one_whole_site(
    project: Path, versions: dict[str, dict[str, str]]
) -> None:
    set_version(project, "A")
    assert run([BRIEFING, "build", "-d", "site"], cwd=project).returncode == 0
    for _ in range(3):
        processes = [start_build(project, {}) for _ in range(2)]
        for process in processes:
            _, errors = process.communicate(timeout=120)
            assert (process.returncode, errors) == (0, "")
        assert tree_hashes(project / "site") == versions["A"]
        assert staging_folders(project) == []


def test_without_an_atomic_exchange_a_kill_between_renames_is_repaired_by_the_next_build(
    project: Path, versions: dict[str, dict[str, str]]
) -> None:
    """Where renameat2 is missing the old site is renamed aside, then the new one into place;
    a kill between leaves no site, and the next build puts the old one back before it starts."""
    set_version(project, "A")
    assert run([BRIEFING, "build", "-d", "site"], cwd=project).returncode == 0
    set_version(project, "B")
    fallback = {outputs.NO_EXCHANGE_VARIABLE: "1"}
    process = start_build(project, {**fallback, outputs.PAUSE_VARIABLE: "moved-aside"})
    wait_for_pause(process, "moved-aside")
    kill(process)
    assert not (project / "site").exists()

    process = start_build(project, {**fallback, outputs.PAUSE_VARIABLE: "staged"})
    wait_for_pause(process, "staged")
    assert tree_hashes(project / "site") == versions["A"]
    kill(process)

    assert run([BRIEFING, "build", "-d", "site"], cwd=project, env=fallback).returncode == 0
    assert tree_hashes(project / "site") == versions["B"]
    assert staging_folders(project) == []


READER = """
import os, sys, time
marker = sys.argv[1]
seen = missing = 0
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    seen += 1
    if not os.path.exists(marker):
        missing += 1
print(seen, missing)
"""


def test_a_reader_never_finds_the_site_missing_during_swaps(tmp_path: Path) -> None:
    """Another process looks for the site's index.html as fast as it can while the site is
    replaced hundreds of times: with the atomic exchange it is always there."""
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("0")
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(target / "index.html"), "3"], stdout=subprocess.PIPE, text=True
    )
    swaps = 0
    deadline = time.monotonic() + 2.5
    while time.monotonic() < deadline:
        swaps += 1
        with outputs.staging(tmp_path, target=target) as new:
            (new / "index.html").write_text(str(swaps))
            outputs.replace_folder(new, target)
    seen, missing = map(int, reader.communicate(timeout=30)[0].split())

    assert (target / "index.html").read_text() == str(swaps)
    assert swaps > 100 and seen > 1000
    assert missing == 0
    assert staging_folders(tmp_path) == []


def test_a_site_moved_aside_goes_back_only_where_it_came_from(tmp_path: Path) -> None:
    aside = tmp_path / f"{outputs.STAGING_PREFIX}abc123.old-a"
    aside.mkdir()
    (aside / "index.html").write_text("old a")

    with outputs.staging(tmp_path, target=tmp_path / "b"):
        assert aside.is_dir() is False  # a killed build's leftover, but not b's site
        assert not (tmp_path / "b").exists()

    aside.mkdir()
    (aside / "index.html").write_text("old a")
    with outputs.staging(tmp_path, target=tmp_path / "a") as new:
        assert (tmp_path / "a/index.html").read_text() == "old a"
        assert staging_folders(tmp_path) == [new.name]
    assert staging_folders(tmp_path) == []


def test_source_date_epoch_before_1970_or_beyond_9999(load_tree: LoadTree, tmp_path: Path) -> None:
    site = load_tree({"events/e.yaml": event_document("E", "1962-10-28")})

    before = packs.stamp(tmp_path / "content", site, {"SOURCE_DATE_EPOCH": "-1"})
    assert (before.date.isoformat(), before.zip_time) == ("1969-12-31", (1980, 1, 1, 0, 0, 0))
    for epoch in ("253402300800", "-62135596801"):
        with pytest.raises(packs.PackError) as refused:
            packs.stamp(tmp_path / "content", site, {"SOURCE_DATE_EPOCH": epoch})
        assert str(refused.value) == (
            f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 within the years 1-9999, not '{epoch}'"
        )
