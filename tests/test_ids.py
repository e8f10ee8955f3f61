"""One id rule (builder/ids.py), Windows device names refused wherever an id is judged,
and a "did you mean" whose cost per unknown id is bounded (builder/errors.NameIndex)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_ACTOR, MINIMAL_EVENT, CheckTree

from builder import ids, links, scaffold
from builder.cli import main
from builder.errors import NameIndex, nearest
from builder.links import FoundLink, check_link
from builder.validation import core, values

EVENT = "content/events/patrushev-nanping.yaml"
DEVICE = "is a Windows device name, which can't be a file name on Windows; choose another id"


@pytest.mark.parametrize("name", sorted(ids.WINDOWS_DEVICE_NAMES))
def test_every_device_name_is_refused_by_the_one_rule(name: str) -> None:
    assert ids.ID_PATTERN.fullmatch(name) and not ids.is_valid_id(name)
    assert not re.search(ids.SCHEMA_PATTERN, name)
    assert ids.is_valid_id(name + "-x") and re.search(ids.SCHEMA_PATTERN, name + "-x")


def test_there_is_one_definition_of_the_id_rule() -> None:
    """Every stage judges ids with builder/ids.py's objects, not a copy of them."""
    assert scaffold.ID_PATTERN is ids.ID_PATTERN
    assert links.is_valid_id is ids.is_valid_id
    assert core.ACCEPTS[values.identifier]["pattern"] == ids.SCHEMA_PATTERN
    source = {path.name: path.read_text(encoding="utf-8") for path in Path(ids.__file__).parent.rglob("*.py")}
    copies = [name for name, text in source.items() if "[a-z0-9]+(" in text and name != "ids.py"]
    assert copies == []


def test_suggestions_are_never_device_names() -> None:
    assert ids.suggest_id("con") == "con-1"
    assert ids.suggest_id("c o n") == "c-o-n"


def test_device_names_are_refused_wherever_an_id_is_judged(check_tree: CheckTree) -> None:
    event = MINIMAL_EVENT.replace("id: report", "id: aux") + (
        "body: See [the console](actor:con) and ![an image](actor:con).\n"
        "tags: [prn]\n"
        "related: [lpt1]\n"
        "redirect_from: [com9]\n"
    )
    problems = check_tree(
        {
            "events/patrushev-nanping.yaml": event,
            "actors/nul.yaml": "name: Nul Device\nkind: state\n",
            "actors/lpt2.yaml": "id: lpt2\nname: Printer\nkind: state\n",
            "tags.yaml": "com1: {title: Serial}\n",
        }
    )
    assert problems == [
        f"content/actors/lpt2.yaml:1:1: the file name 'lpt2.yaml' is not a valid id: 'lpt2' {DEVICE}",
        f"content/actors/nul.yaml:1:1: the file name 'nul.yaml' is not a valid id: 'nul' {DEVICE}",
        f"{EVENT}:8:9: 'aux' {DEVICE}",
        f"{EVENT}:12:25: link 'actor:con' names an invalid id: 'con' {DEVICE}",
        f"{EVENT}:12:52: image 'actor:con' must be an http:// or https:// URL",
        f"{EVENT}:13:8: 'prn' {DEVICE}",
        f"{EVENT}:14:11: 'lpt1' {DEVICE}",
        f"{EVENT}:15:17: 'com9' {DEVICE}",
        f"content/tags.yaml:1:1: 'com1' {DEVICE}",
    ]


def test_check_link_refuses_a_cross_reference_to_a_device_name() -> None:
    assert check_link(FoundLink("event:con", is_image=False, line=1, column=1)) is not None
    assert check_link(FoundLink("event:con-1", is_image=False, line=1, column=1)) is None


@pytest.fixture(name="repo")
def fixture_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content" / "actors").mkdir(parents=True)
    (tmp_path / "content" / "actors" / "nikolai-patrushev.yaml").write_text(MINIMAL_ACTOR, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["event", "Con", "--date", "2022"], f"cannot use the id made from 'Con': 'con' {DEVICE} with --id"),
        (["actor", "AUX", "--kind", "state"], f"cannot use the id made from 'AUX': 'aux' {DEVICE} with --id"),
        (["event", "Talks", "--date", "2022", "--id", "com3"], f"--id: 'com3' {DEVICE}"),
        (["event", "Talks", "--date", "2022", "--id", "CON"], "--id 'CON' is not a valid id"),
        (["event", "Talks", "--date", "2022", "--id", "CON"], "e.g. 'con-1'"),
    ],
)
def test_briefing_new_never_makes_a_device_name_id(repo: Path, args: list[str], message: str) -> None:
    before = sorted(repo.rglob("*"))
    result = CliRunner().invoke(main, ["new", *args])
    assert result.exit_code == 2 and message in result.output, result.output
    assert sorted(repo.rglob("*")) == before


def test_briefing_new_gives_a_device_name_title_an_id_with_help(repo: Path) -> None:
    result = CliRunner().invoke(main, ["new", "event", "Con", "--date", "2022", "--id", "con-talks"])
    assert result.exit_code == 0, result.output
    assert (repo / "content/events/2022/con-talks.yaml").is_file()


# --- did you mean, at a bounded cost -----------------------------------------------------------


def random_ids(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words = ["patrushev", "guo", "nanping", "shanghai", "council", "security", "talks", "ministry", "visit"]
    made = set()
    for _ in range(count):
        first, second = rng.choice(words), rng.choice(words)
        made.add(f"{first}-{second}-{rng.randrange(2000, 2030)}-{rng.randrange(1000)}")
    return sorted(made)


def typo(rng: random.Random, ident: str) -> str:
    at = rng.randrange(len(ident))
    return ident[:at] + rng.choice("abcdefgh") + ident[at + 1 :]


def test_name_index_agrees_with_nearest_on_typos() -> None:
    names = random_ids(400, seed=1)
    index = NameIndex(names)
    rng = random.Random(2)
    values = [typo(rng, rng.choice(names)) for _ in range(200)] + ["zzz", "PATRUSHEV-GUO-2001-1", "x"]
    agree = sum(index.nearest(v) == nearest(v, names) for v in values)
    assert agree >= 0.95 * len(values), agree


@pytest.mark.parametrize(
    ("value", "expected"),
    [("nikolai-patrushv", "nikolai-patrushev"), ("Guo-Shengkun", "guo-shengkun"), ("zzzz", None), ("", None)],
)
def test_name_index_on_a_few_names(value: str, expected: str | None) -> None:
    index = NameIndex(["nikolai-patrushev", "guo-shengkun", "vladimir-putin", "a"])
    assert index.nearest(value) == expected == nearest(value, index.names)


def test_name_index_looks_at_a_bounded_number_of_names() -> None:
    """Ids that share most trigrams (every one has '-20') cost a bounded walk, and answers are kept."""
    names = random_ids(20_000, seed=3)
    index = NameIndex(names)
    assert index.nearest(names[5] + "x") == names[5]
    assert len(index.answers) == 1
    assert index.nearest(names[5] + "x") == names[5]
    assert len(index.answers) == 1


def test_an_error_in_every_event_costs_about_a_clean_check(tmp_path: Path) -> None:
    """bench/errors.py's trees at 600 events: a different unknown event named in every event
    (600 lookups among 600 long ids) costs at most twice the clean check, in CPU time.

    With difflib over every id (before NameIndex) the same check cost about thirty times the clean one.
    """
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import errors as bench_errors  # bench/errors.py

    events = 600
    clean = bench_errors.write_tree(tmp_path / "clean", events, 1, None)
    broken = bench_errors.write_tree(tmp_path / "broken", events, 1, bench_errors.unknown_events)
    bench_errors.check_seconds(clean)  # caches of values seen (dates, YAML tags) warm for both
    clean_cpu, _, clean_problems = bench_errors.check_seconds(clean, repeat=2)
    broken_cpu, _, broken_problems = bench_errors.check_seconds(broken, repeat=2)
    assert (clean_problems, broken_problems) == (0, events)
    assert broken_cpu < 2 * clean_cpu, (broken_cpu, clean_cpu)


def test_briefing_new_shows_a_path_from_the_content_printable(repo: Path) -> None:
    folder = repo / "content" / "events" / "2022\x1b]0;pwned\x07"
    folder.mkdir(parents=True)
    (folder / "talks.yaml").write_text(MINIMAL_EVENT, encoding="utf-8")
    result = CliRunner().invoke(main, ["new", "event", "Talks", "--date", "2022"])
    assert result.exit_code == 2
    assert "content/events/2022\\x1b]0;pwned\\x07/talks.yaml already has the event id 'talks'" in result.output
    assert "\x1b" not in result.output
