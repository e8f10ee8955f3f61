"""`briefing new event` names an event the new one may repeat, and writes the file all the same."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import WriteTree, actor_document, event_document

from builder.cli import main

ROOT = Path(__file__).resolve().parent.parent
ACTORS = ("nikolai-patrushev", "guo-shengkun", "vladimir-putin", "xi-jinping", "russia")
NANPING = "events/2022/patrushev-meets-guo-shengkun-nanping.yaml"


@pytest.fixture(name="content")
def fixture_content(write_tree: WriteTree) -> Path:
    """Five actors and the Nanping meeting, one actor given with a role."""
    tree = {f"actors/{ident}.yaml": actor_document(ident.replace("-", " ").title()) for ident in ACTORS}
    tree[NANPING] = event_document(
        'Patrushev meets Guo Shengkun in Nanping, calls partnership with China an "unconditional priority"',
        "2022-09-19",
        actors=[{"actor": "nikolai-patrushev", "role": "visiting"}, "guo-shengkun", "russia"],
    )
    return write_tree(tree)


def new_event(title: str, date: str, *actors: str) -> Result:
    options = [option for actor in actors for option in ("--actor", actor)]
    return CliRunner().invoke(main, ["new", "event", title, "--date", date, *options])


def warnings(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("warning:")]


def named(result: Result) -> list[str]:
    """The files the warnings name as possible duplicates."""
    return re.findall(r"^warning: (\S+) may be the same event: ", result.stderr, flags=re.MULTILINE)


CONTROL = "content/events/2000/control.yaml"


def add_control(content: Path, title: str) -> None:
    """An event the new one is sure to be named with, so that a test of what is not named
    fails where nothing is named at all."""
    (content / "events/2000").mkdir()
    (content / "events/2000/control.yaml").write_text(event_document(title, "2000"), encoding="utf-8")


def test_same_date_and_a_common_actor_names_the_event_and_still_writes(content: Path) -> None:
    result = new_event("Talks in Nanping", "2022-09-19", "guo-shengkun", "vladimir-putin", "nikolai-patrushev")
    assert result.exit_code == 0, result.output
    assert result.stdout == "content/events/2022/talks-in-nanping.yaml\n"
    assert result.stderr == (
        f"warning: content/{NANPING} may be the same event: 'Patrushev meets Guo Shengkun in Nanping, calls "
        'partnership with China an "unconditional priority"\' (19 September 2022), same date and actors '
        "guo-shengkun, nikolai-patrushev\n"
        "warning: content/events/2022/talks-in-nanping.yaml was written all the same; if it is the same event, "
        "delete it and edit the existing file instead\n"
        "next: write the lines marked TODO (the summary and the source), then run `briefing check`; "
        "it lists every line still to write\n"
    )
    assert (
        (content / "events/2022/talks-in-nanping.yaml")
        .read_text(encoding="utf-8")
        .startswith("title: Talks in Nanping\ndate: 2022-09-19\nsummary:  # TODO")
    )


def test_a_very_similar_title_is_named_whatever_the_date_and_actors(content: Path) -> None:
    result = new_event("Guo Shengkun meets Patrushev in Nanping, calls partnership an unconditional priority", "2023")
    assert result.exit_code == 0, result.output
    assert warnings(result)[0].endswith("(19 September 2022), a very similar title")
    assert warnings(result)[0].startswith(f"warning: content/{NANPING} may be the same event: 'Patrushev meets")
    assert (content.parent / result.stdout.strip()).is_file()


def test_both_reasons_are_given_together(content: Path) -> None:
    title = "Patrushev meets Guo Shengkun in Nanping and calls partnership with China unconditional priority"
    result = new_event(title, "2022-09", "russia")
    assert warnings(result)[0].endswith("(19 September 2022), same date and actor russia, and a very similar title")


@pytest.mark.parametrize(
    ("existing", "new"),
    [
        ("Putin meets Xi in Samarkand", "Xi meets Putin in Samarkand"),
        ("Putin meets Xi in Samarkand", "PUTIN MEETS XI, IN SAMARKAND!"),
        ("Putin and Xi meet in Samarkand", "Xi meets Putin in Samarkand"),
        ("Putin meets Xi in Samarkand", "Putin meets Xi Jinping in Samarkand"),
        ("Putin meets Xi in Samarkand", "Vladimir Putin meets Xi Jinping in Samarkand"),  # two more for four
        ("Putin meets Xi in Samarkand", "Putin meets Xi in Samarqand"),
        ("Macron visits Genève", "Macron visits Geneve"),
        ("Russia's envoy meets Xi", "Russias envoy meets Xi"),
        ("Talks", "talks"),
    ],
)
def test_titles_that_are_very_similar(content: Path, existing: str, new: str) -> None:
    (content / "events/2019").mkdir()
    (content / "events/2019/existing.yaml").write_text(event_document(existing, "2019"), encoding="utf-8")
    result = new_event(new, "2024-01-01")
    assert result.exit_code == 0, result.output
    assert warnings(result)[0] == (
        f"warning: content/events/2019/existing.yaml may be the same event: '{existing}' (2019), a very similar title"
    )


@pytest.mark.parametrize(
    ("existing", "new"),
    [
        ("Putin meets Xi in Samarkand", "Putin meets Modi in Samarkand"),  # another word in each
        ("Lavrov meets Wang Yi in Moscow", "Lavrov meets Wang Yi in Beijing"),
        ("SCO summit 2022", "SCO summit 2023"),  # a number is only itself
        ("SCO summit in Samarkand", "Putin and Xi meet at the SCO summit in Samarkand"),  # a part of it
        ("Talks in Nanping", "Talks"),  # a one-word title has no word more
        ("Putin meets Xi in Samarkand", "Vladimir Putin meets Xi Jinping in Samarkand in September"),
        ("Patrushev meets Guo Shengkun in Nanping, calls partnership an unconditional priority", "Patrushev meets Guo"),
        ("Putin meets Xi in Samarkand", "Erdogan opens a bridge in Samarkand"),  # one word in common
        ("Russia invades Ukraine", "Ukraine's army retakes Kharkiv"),
    ],
)
def test_near_misses_are_not_very_similar(content: Path, existing: str, new: str) -> None:
    (content / "events/2019").mkdir()
    (content / "events/2019/existing.yaml").write_text(event_document(existing, "2019"), encoding="utf-8")
    add_control(content, new)
    result = new_event(new, "2024-01-01")
    assert result.exit_code == 0, result.output
    assert named(result) == [CONTROL]


@pytest.mark.parametrize(
    ("existing_date", "new_date"),
    [
        ("2022-09-19", "2022-09-19"),
        ("2022-09-19", "2022-09"),  # it may be that day
        ("2022-09", "2022-09-19"),
        ("2022-09-15/2022-09-16", "2022-09-16"),
        ("2022-09-19~", "2022-09-19"),
        ("2022-09-15/2022-10-15", "2022-10-01"),  # 31 days, both ends counted
    ],
)
def test_dates_that_are_the_same(content: Path, existing_date: str, new_date: str) -> None:
    (content / "events/2022/other.yaml").write_text(
        event_document("An exchange of letters", existing_date, actors=["xi-jinping"]), encoding="utf-8"
    )
    result = new_event("A phone call", new_date, "xi-jinping")
    assert result.exit_code == 0, result.output
    first = warnings(result)[0]
    assert first.startswith("warning: content/events/2022/other.yaml may be the same event: 'An exchange of letters' (")
    assert first.endswith("), same date and actor xi-jinping")


@pytest.mark.parametrize(
    ("existing_date", "new_date"),
    [
        ("2022-09-18", "2022-09-19"),
        ("2022-08", "2022-09-19"),
        ("2022", "2022-09-19"),  # a year is the same date as nothing
        ("2022-09-19", "2022"),
        ("2022-09-15/2022-10-16", "2022-10-01"),  # 32 days
        ("2022-02-24/..", "2022-09-19"),  # ongoing
        ("../2022-09-30", "2022-09-19"),
    ],
)
def test_dates_that_are_not_the_same(content: Path, existing_date: str, new_date: str) -> None:
    (content / "events/2022/other.yaml").write_text(
        event_document("An exchange of letters", existing_date, actors=["xi-jinping"]), encoding="utf-8"
    )
    add_control(content, "Phone call")
    result = new_event("A phone call", new_date, "xi-jinping")
    assert result.exit_code == 0, result.output
    assert named(result) == [CONTROL]


def test_the_same_date_without_a_common_actor_is_not_named(content: Path) -> None:
    add_control(content, "Putin signs decree")
    result = new_event("Putin signs a decree", "2022-09-19", "vladimir-putin", "xi-jinping")
    assert result.exit_code == 0, result.output
    assert named(result) == [CONTROL]


def test_a_file_with_problems_is_still_compared_by_its_title(content: Path) -> None:
    (content / "events/2022/broken.yaml").write_text("title: Putin meets Xi\ndate: 2022-02-30\n", encoding="utf-8")
    result = new_event("Xi meets Putin", "2022-02-28", "vladimir-putin")
    assert warnings(result)[0] == (
        "warning: content/events/2022/broken.yaml may be the same event: 'Putin meets Xi', a very similar title"
    )


def test_five_are_named_likeliest_first_and_the_rest_counted(content: Path) -> None:
    for number in range(1, 8):
        actors = ["vladimir-putin", "xi-jinping"] if number == 7 else ["vladimir-putin"]
        path = content / f"events/2022/statement-{number}.yaml"
        path.write_text(event_document(f"Statement number {number}", "2022-09-19", actors=actors), encoding="utf-8")
    result = new_event("A meeting", "2022-09-19", "vladimir-putin", "xi-jinping")
    named = [re.sub(r" (may be the same event:|was written all the same;) .*", "", line) for line in warnings(result)]
    assert named == [
        "warning: content/events/2022/statement-7.yaml",
        *(f"warning: content/events/2022/statement-{number}.yaml" for number in range(1, 5)),
        "warning: and 2 more events that may be the same",
        "warning: content/events/2022/a-meeting.yaml",
    ]


# --- the curators' guide ------------------------------------------------------------------

GUIDE_SECTION = (
    (ROOT / "docs/curators.md")
    .read_text(encoding="utf-8")
    .split("## Starting a new event with briefing new\n")[1]
    .split("\n## ")[0]
)


def _blocks(language: str) -> list[str]:
    """The guide section's code blocks of a language, unindented, in order."""
    blocks = re.findall(rf"^( *)```{language}\n(.*?)^\1```$", GUIDE_SECTION, flags=re.MULTILINE | re.DOTALL)
    return [re.sub(rf"^{indent}", "", text, flags=re.MULTILINE) for indent, text in blocks]


def _run_guide_command(command: str) -> Result:
    words = shlex.split(command.replace("\\\n", " "))
    assert words[:3] == [".venv/bin/briefing", "new", "event"], words
    return CliRunner().invoke(main, words[1:])


@pytest.fixture(name="sample")
def fixture_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The repository's sample content and schemas, in a folder of their own."""
    for folder in ("content", "schemas"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_guides_example_is_a_new_event_and_writes_what_the_guide_shows(sample: Path) -> None:
    result = _run_guide_command(_blocks("sh")[0])
    assert result.exit_code == 0, result.output
    assert warnings(result) == []
    path = result.stdout.strip()
    assert f"writes `{path}`" in GUIDE_SECTION.replace("\n", " ")
    assert (sample / path).read_text(encoding="utf-8") == _blocks("yaml")[0]


def test_the_guides_duplicate_example_prints_what_the_guide_shows(sample: Path) -> None:
    result = _run_guide_command(_blocks("sh")[1])
    assert result.exit_code == 0, result.output
    assert result.output == _blocks("text")[0]
