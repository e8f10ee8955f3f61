"""One notion of the site for every command: mkdocs.yml found by walking up, its docs_dir read.

Commands run through Click's runner in a real folder tree; `diff` in a real git repository.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import event_document
from test_diff import Repo

from builder.cli import main
from builder.errors import UsageError
from builder.settings import locate

SETTINGS = (
    "site_name: Ours\ndocs_dir: data\nuse_directory_urls: false\nsite_url: !ENV [SITE_URL, null]\nplugins: [briefing]\n"
)


@pytest.fixture(name="site")
def fixture_site(tmp_path: Path) -> Path:
    """A site whose content is in data/, not content/, with a subfolder to run commands from."""
    root = tmp_path / "site"
    (root / "data/events/2022").mkdir(parents=True)
    (root / "data/events/2022/talks.yaml").write_text(event_document("Talks", "2022-01-01"), encoding="utf-8")
    (root / "data/actors").mkdir()
    (root / "notes/deep").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(SETTINGS, encoding="utf-8")
    return root


def test_locate_walks_up_to_mkdocs_yml_and_reads_docs_dir(site: Path) -> None:
    found = locate(None, None, cwd=site / "notes/deep")
    assert found.config_file == Path("../../mkdocs.yml")  # as typed from there, like git's paths
    assert found.root == site
    assert (site / "notes/deep" / found.content_dir).resolve() == (site / "data").resolve()


def test_locate_prefers_f_and_content(site: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    (other / "stuff").mkdir(parents=True)
    (other / "conf.yml").write_text("site_name: Other\n", encoding="utf-8")
    found = locate(Path("conf.yml"), Path("stuff"), cwd=other)
    assert (found.config_file, found.content_dir, found.root) == (Path("conf.yml"), Path("stuff"), other)


def test_without_mkdocs_yml_check_reads_content_here(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    assert locate(None, None, cwd=tmp_path).content_dir == Path("content")
    with pytest.raises(UsageError, match=r"no mkdocs\.yml in .* or any folder above it"):
        locate(None, None, cwd=tmp_path / "content")


def test_check_from_a_subfolder_reads_docs_dir(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    monkeypatch.chdir(site)
    at_root = runner.invoke(main, ["check"])
    monkeypatch.chdir(site / "notes/deep")
    below = runner.invoke(main, ["check"])
    assert (at_root.exit_code, below.exit_code) == (0, 0)
    assert at_root.stdout == below.stdout == "content OK: 1 event, 0 actors, 0 tags, 0 briefings\n"


def test_problems_are_placed_from_the_site_root_wherever_check_runs(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (site / "data/events/2022/talks.yaml").write_text("title: Talks\ndate: 2022-13-01\n", encoding="utf-8")
    monkeypatch.chdir(site / "notes")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert "data/events/2022/talks.yaml:2:7: '2022-13-01' is not a date" in result.stdout
    assert all(line.startswith("data/events/2022/talks.yaml:") for line in result.stdout.splitlines())


def test_new_event_from_a_subfolder_writes_into_docs_dir(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(site / "notes")
    result = CliRunner().invoke(main, ["new", "event", "More talks", "--date", "2023-02-03"])
    assert result.exit_code == 0, result.output
    assert (site / "data/events/2023/more-talks.yaml").is_file()
    assert result.stdout == "../data/events/2023/more-talks.yaml\n"


def test_build_from_a_subfolder_uses_the_sites_settings(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(site / "notes/deep")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert (site / "site/events/talks.html").is_file()


def test_diff_from_a_subfolder_equals_diff_from_the_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = Repo(tmp_path / "repo")
    (repo.root / "mkdocs.yml").write_text("site_name: Ours\ndocs_dir: content\n", encoding="utf-8")
    repo.write({"events/2022/talks.yaml": event_document("Talks", "2022-01-01")})
    base = repo.commit()
    repo.write({"events/2022/more.yaml": event_document("More talks", "2022-02-01")})
    (repo.root / "notes").mkdir()
    runner = CliRunner()
    monkeypatch.chdir(repo.root)
    at_root = runner.invoke(main, ["diff", base, "--format", "json"])
    monkeypatch.chdir(repo.root / "notes")
    below = runner.invoke(main, ["diff", base, "--format", "json"])
    assert (at_root.exit_code, below.exit_code) == (0, 0)
    assert '"more"' in at_root.stdout
    assert below.stdout == at_root.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["check", "-f", "nowhere.yml"], "no such configuration file: nowhere.yml"),
        (["build", "-f", "nowhere.yml"], "no such configuration file: nowhere.yml"),
        (["serve", "-f", "nowhere.yml"], "no such configuration file: nowhere.yml"),
        (["pack", "-f", "nowhere.yml"], "no such configuration file: nowhere.yml"),
        (["diff", "HEAD", "-f", "nowhere.yml"], "no such configuration file: nowhere.yml"),
        (["new", "event", "X", "--date", "2022", "-f", "nowhere.yml"], "no such configuration file: nowhere.yml"),
        (["check", "--content", "nowhere"], "no such content folder: nowhere (--content)"),
        (["build", "--content", "nowhere"], "no such content folder: nowhere (--content)"),
        (["serve", "--content", "nowhere"], "no such content folder: nowhere (--content)"),
        (["pack", "--content", "nowhere"], "no such content folder: nowhere (--content)"),
        (["new", "actor", "X", "--kind", "person", "--content", "nowhere"], "no such content folder: nowhere"),
    ],
)
def test_a_bad_path_is_a_one_line_usage_error(
    site: Path, monkeypatch: pytest.MonkeyPatch, arguments: list[str], message: str
) -> None:
    monkeypatch.chdir(site / "notes")
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {message}")
    assert len(result.stderr.splitlines()) == 1
    assert ":1:1:" not in result.stderr


def test_a_docs_dir_that_is_not_there_is_named(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (site / "mkdocs.yml").write_text(SETTINGS.replace("docs_dir: data", "docs_dir: gone"), encoding="utf-8")
    monkeypatch.chdir(site)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 2
    assert result.stderr == f"Error: no such content folder: gone (docs_dir of {site / 'mkdocs.yml'})\n"


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"briefing, version {version('briefing')}\n"
