"""`briefing new`: skeletons at the right path with the right id, never over an existing file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from builder import scaffold, schema
from builder.cli import main
from builder.errors import UsageError
from builder.pipeline import load_site

TAGS = "security-cooperation:\n  title: Security cooperation\n"
ACTOR = "name: Nikolai Patrushev\nkind: person\nredirect_from: [patrushev]\n"
OLD_EVENT = """\
title: An older meeting
date: 2021-05
summary: An older meeting.
sources:
  - id: report
    title: A report
    reliability: C
    credibility: 2
redirect_from: [first-meeting]
"""


@pytest.fixture(name="repo")
def fixture_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with content/ and the committed schemas/ beside it; the working directory."""
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"
    (content / "actors").mkdir(parents=True)
    (content / "events" / "2021").mkdir(parents=True)
    (content / "tags.yaml").write_text(TAGS, encoding="utf-8")
    (content / "actors" / "nikolai-patrushev.yaml").write_text(ACTOR, encoding="utf-8")
    (content / "events" / "2021" / "older-meeting.yaml").write_text(OLD_EVENT, encoding="utf-8")
    schema.write(tmp_path / "schemas")
    return tmp_path


Invoke = Callable[..., Result]


@pytest.fixture(name="new")
def fixture_new(repo: Path) -> Invoke:
    def invoke(*args: str) -> Result:
        return CliRunner().invoke(main, ["new", *args])

    return invoke


def problems(repo: Path) -> list[str]:
    return [str(p) for p in load_site(repo / "content", root=repo).problems]


# --- slugs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "ident"),
    [
        ("Patrushev meets Guo Shengkun in Nanping", "patrushev-meets-guo-shengkun-in-nanping"),
        ("China and Russia declare a “no limits” friendship", "china-and-russia-declare-a-no-limits-friendship"),
        ("Russia's  --  war", "russias-war"),
        ("Président Macron à Genève", "president-macron-a-geneve"),
        ("Straße, Ødegård, Łódź, Œuvre", "strasse-odegard-lodz-oeuvre"),
        ("SCO summit 2022: day 1", "sco-summit-2022-day-1"),
        ("Николай Патрушев", ""),
        ("Xi 习近平 visits", "xi-visits"),
    ],
)
def test_slug(title: str, ident: str) -> None:
    assert scaffold.slug(title) == ident


def test_slug_is_cut_after_a_whole_word_within_the_id_limit() -> None:
    ident = scaffold.slug("word " * 30)
    assert len(ident) <= 100 and ident.endswith("-word") and "--" not in ident
    assert scaffold.slug("x" * 150) == "x" * 100


# --- new event ---------------------------------------------------------------------------


def test_new_event_writes_the_skeleton_and_prints_its_path(repo: Path, new: Invoke) -> None:
    result = new(
        "event",
        "Patrushev meets Guo Shengkun in Nanping",
        "--date",
        "2022-09-19",
        "--actor",
        "nikolai-patrushev",
        "--tag",
        "security-cooperation",
    )
    assert result.exit_code == 0, result.output
    path = Path("content/events/2022/patrushev-meets-guo-shengkun-in-nanping.yaml")
    assert result.stdout == f"{path}\n"
    assert "briefing check" in result.stderr
    assert (repo / path).read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../../schemas/event.schema.json\n"
        "title: Patrushev meets Guo Shengkun in Nanping\n"
        "date: 2022-09-19\n"
        "summary:  # TODO one Markdown paragraph: what happened, who, where, and why it matters\n"
        "actors:\n"
        "  - nikolai-patrushev\n"
        "tags:\n"
        "  - security-cooperation\n"
        "sources:\n"
        "  - id:  # TODO <publisher>-<yyyy-mm-dd>, or news-report-<yyyy-mm-dd> when the publisher is unknown\n"
        "    title:  # TODO the headline, or e.g. News report, 19 September 2022 (publisher unknown)\n"
        "    published:  # TODO the date the source was published\n"
        "    reliability:  # TODO A-F: A completely reliable ... E unreliable, F cannot be judged\n"
        "    credibility:  # TODO 1-6: 1 confirmed by other sources ... 5 improbable, 6 cannot be judged\n"
        "confidence:  # TODO low, moderate or high\n"
    )


def test_check_lists_exactly_the_lines_left_to_write(repo: Path, new: Invoke) -> None:
    assert new("event", "Talks in Nanping", "--date", "2022-09").exit_code == 0
    path = "content/events/2022/talks-in-nanping.yaml"
    assert problems(repo) == [
        f"{path}:4:9: 'summary' is empty; it is required: write it",
        f"{path}:6:8: 'id' is empty; it is required: write it",
        f"{path}:7:11: 'title' is empty; it is required: write it",
        f"{path}:8:15: 'published' is empty; give a value or remove the field",
        f"{path}:9:17: 'reliability' is empty; give a value or remove the field",
        f"{path}:10:17: 'credibility' is empty; give a value or remove the field",
        f"{path}:11:12: 'confidence' is empty; give a value or remove the field",
    ]


def test_once_the_todo_lines_are_written_the_event_is_valid(repo: Path, new: Invoke) -> None:
    assert new("event", "Talks in Nanping", "--date", "2022-09", "--actor", "nikolai-patrushev").exit_code == 0
    path = repo / "content/events/2022/talks-in-nanping.yaml"
    filled = {
        "summary:": "summary: Talks were held.",
        "  - id:": "  - id: news-report-2022-09-19",
        "    title:": "    title: News report, 19 September 2022",
        "    published:": "    published: 2022-09-19",
        "    reliability:": "    reliability: F",
        "    credibility:": "    credibility: 2",
        "confidence:": "confidence: moderate",
    }
    lines = [filled.get(line.split("  #")[0], line) for line in path.read_text(encoding="utf-8").splitlines()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert problems(repo) == []


@pytest.mark.parametrize(
    "title",
    [
        "NO: {x}",
        "'quoted' and \"double\"",
        "1984",
        "yes",
        "- starts like a list",
        "# not a comment",
        "ends with a colon:",
        "tab\tand backslash \\ and % and @",
        "Patrushev — «Николай» 郭声琨 ✓",
        "x" * 200,
    ],
)
def test_hostile_titles_round_trip(repo: Path, new: Invoke, title: str) -> None:
    result = new("event", "--date", "2022", "--id", "hostile", "--", title)
    assert result.exit_code == 0, result.output
    path = repo / "content/events/2022/hostile.yaml"
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["title"] == title
    assert [problem for problem in problems(repo) if ":2:" in problem] == []  # line 2 is the title


def test_date_forms_choose_the_year_folder(repo: Path, new: Invoke) -> None:
    for date, folder in (("2022-09-15/2022-09-16", "2022"), ("../2023-05", "2023"), ("2019~", "2019")):
        result = new("event", f"Event {folder}", "--date", date)
        assert result.exit_code == 0, result.output
        assert result.stdout.strip().startswith(f"content/events/{folder}/")


def test_an_existing_file_is_never_overwritten(repo: Path, new: Invoke) -> None:
    assert new("event", "Talks", "--date", "2022-09").exit_code == 0
    path = repo / "content/events/2022/talks.yaml"
    path.write_text("edited by hand\n", encoding="utf-8")
    result = new("event", "Talks", "--date", "2022-09")
    assert result.exit_code == 2
    assert "content/events/2022/talks.yaml already has the event id 'talks'" in result.output
    assert path.read_text(encoding="utf-8") == "edited by hand\n"


def test_an_id_used_in_another_folder_or_formerly_is_refused(repo: Path, new: Invoke) -> None:
    result = new("event", "Older meeting", "--date", "2022-01")
    assert result.exit_code == 2
    assert "content/events/2021/older-meeting.yaml already has the event id 'older-meeting'" in result.output
    result = new("event", "First meeting", "--date", "2022-01")
    assert result.exit_code == 2
    assert "'first-meeting' is a former id of event 'older-meeting'" in result.output
    assert not (repo / "content/events/2022").exists()


def test_exclusive_creation_keeps_a_file_that_appears_meanwhile(repo: Path) -> None:
    """Past the id checks, a file created by someone else in the meantime is still kept."""
    target = repo / "content/events/2022/race.yaml"
    target.parent.mkdir(parents=True)
    target.write_text("theirs\n", encoding="utf-8")
    with pytest.raises(UsageError, match="already exists"):
        scaffold._write(target, ["title: Race", "date: 2022"], "event", {"title": "Race"})
    assert target.read_text(encoding="utf-8") == "theirs\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2022-02-30"], "--date: '2022-02-30' is not a date: February 2022 has 28 days"),
        (["--date", "19 September 2022"], "--date: '19 September 2022' is not a date"),
        (
            ["--date", "2022", "--actor", "nikolai-patrushv"],
            "unknown actor 'nikolai-patrushv'; did you mean 'nikolai-patrushev'?",
        ),
        (["--date", "2022", "--actor", "putin"], "unknown actor 'putin'; create it first: briefing new actor \"Name\""),
        (["--date", "2022", "--actor", "patrushev"], "actor 'patrushev' was renamed to 'nikolai-patrushev'"),
        (["--date", "2022", "--tag", "securty-cooperation"], "did you mean 'security-cooperation'?"),
        (["--date", "2022", "--tag", "economy"], "unknown tag 'economy'; add it to content/tags.yaml first"),
        (["--date", "2022", "--id", "Bad_Id"], "--id 'Bad_Id' is not a valid id"),
        (["--date", "2022", "--content", "elsewhere"], "no such content folder: elsewhere (--content)"),
        ([], "Missing option '--date'"),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(repo: Path, new: Invoke, args: list[str], message: str) -> None:
    before = sorted(repo.rglob("*"))
    result = new("event", "Talks", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert sorted(repo.rglob("*")) == before


def test_every_unknown_reference_is_named_at_once(new: Invoke) -> None:
    result = new("event", "Talks", "--date", "2022", "--actor", "nobody", "--tag", "nothing")
    assert result.exit_code == 2
    assert "unknown actor 'nobody'" in result.output and "unknown tag 'nothing'" in result.output


@pytest.mark.parametrize("title", ["", "   ", "two\nlines", "x" * 201])
def test_bad_titles_are_refused(new: Invoke, title: str) -> None:
    assert new("event", title, "--date", "2022").exit_code == 2


def test_a_title_without_latin_letters_needs_an_id(repo: Path, new: Invoke) -> None:
    result = new("event", "Встреча в Наньпине", "--date", "2022-09-19")
    assert result.exit_code == 2
    assert "give one with --id" in result.output
    result = new("event", "Встреча в Наньпине", "--date", "2022-09-19", "--id", "nanping-meeting")
    assert result.exit_code == 0
    assert (repo / "content/events/2022/nanping-meeting.yaml").is_file()


def test_without_schemas_beside_the_content_no_modeline_is_written(repo: Path, new: Invoke) -> None:
    (repo / "schemas" / "event.schema.json").unlink()
    assert new("event", "Talks", "--date", "2022").exit_code == 0
    assert (repo / "content/events/2022/talks.yaml").read_text(encoding="utf-8").startswith("title: Talks\n")


# --- new actor ---------------------------------------------------------------------------


def test_new_actor_is_valid_at_once(repo: Path, new: Invoke) -> None:
    result = new(
        "actor", "Jonas Gahr Støre", "--kind", "person", "--country", "NO", "--native-name", "Jonas Gahr Støre"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "content/actors/jonas-gahr-store.yaml\n"
    assert (repo / "content/actors/jonas-gahr-store.yaml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schemas/actor.schema.json\n"
        "name: Jonas Gahr Støre\n"
        "kind: person\n"
        "native_name: Jonas Gahr Støre\n"
        "country: 'NO'\n"
    )
    assert problems(repo) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Nikolai Patrushev", "--kind", "person"], "already has the actor id 'nikolai-patrushev'"),
        (["Patrushev", "--kind", "person"], "'patrushev' is a former id of actor 'nikolai-patrushev'"),
        (["Someone", "--kind", "people"], "'people' is not one of"),
        (["Someone", "--kind", "person", "--country", "UK"], "did you mean 'GB'?"),
        (["Someone", "--kind", "person", "--country", "ru"], "did you mean 'RU'?"),
        (["Someone"], "Missing option '--kind'"),
    ],
)
def test_new_actor_usage_errors(repo: Path, new: Invoke, args: list[str], message: str) -> None:
    before = (repo / "content/actors/nikolai-patrushev.yaml").read_text(encoding="utf-8")
    result = new("actor", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert sorted(p.name for p in (repo / "content/actors").iterdir()) == ["nikolai-patrushev.yaml"]
    assert (repo / "content/actors/nikolai-patrushev.yaml").read_text(encoding="utf-8") == before


def test_an_actor_made_by_new_can_be_used_by_new_event(repo: Path, new: Invoke) -> None:
    assert new("actor", "Guo Shengkun", "--kind", "person", "--country", "CN", "--native-name", "郭声琨").exit_code == 0
    result = new("event", "Patrushev meets Guo", "--date", "2022-09-19", "--actor", "guo-shengkun")
    assert result.exit_code == 0, result.output
