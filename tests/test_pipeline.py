"""The stages in order (builder/pipeline.py), and the live preview's kept files.

A live preview keeps each file's first pass while the file is unchanged;
whatever it reuses, every call must find exactly what a fresh load finds.
"""

from __future__ import annotations

import os
from pathlib import Path

from conftest import WriteTree, actor_document, event_document

from builder.pipeline import KeptFiles, Result, load_site

TREE: dict[str, str | bytes] = {
    "actors/guo-shengkun.yaml": actor_document("Guo Shengkun"),
    "actors/nikolai-patrushev.yaml": actor_document("Nikolai Patrushev"),
    "events/2022/nanping.yaml": event_document(
        "Patrushev meets Guo", "2022-09-19", actors=["nikolai-patrushev", "guo-shengkun"], related=["earlier"]
    ),
    "events/2021/earlier.yaml": event_document("Earlier", "2021-03", redirect_from=["older-name"]),
    "events/2021/broken.yaml": "title: [unclosed\n",
    "events/2021/typo.yaml": event_document("Typo", "2021-04-31", sumary="x"),
}


def shown(result: Result) -> list[str]:
    return [str(problem) for problem in result.problems]


def test_kept_files_give_what_a_fresh_load_gives(write_tree: WriteTree, tmp_path: Path) -> None:
    content = write_tree(TREE)
    kept = KeptFiles()

    fresh = load_site(content, root=tmp_path)
    first = load_site(content, root=tmp_path, kept=kept)
    second = load_site(content, root=tmp_path, kept=kept)

    assert shown(fresh) and shown(first) == shown(fresh) and shown(second) == shown(fresh)
    assert sorted(kept.files) == [
        "content/actors/guo-shengkun.yaml",
        "content/actors/nikolai-patrushev.yaml",
        "content/events/2021/earlier.yaml",
        "content/events/2021/typo.yaml",
        "content/events/2022/nanping.yaml",
    ]


def test_an_unchanged_file_is_not_read_again_and_a_changed_one_is(write_tree: WriteTree, tmp_path: Path) -> None:
    valid = {path: text for path, text in TREE.items() if "broken" not in path and "typo" not in path}
    content = write_tree(valid)
    kept = KeptFiles()
    before = load_site(content, root=tmp_path, kept=kept).site
    edited = content / "events/2022/nanping.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Patrushev meets Guo", "Edited"), encoding="utf-8")

    after = load_site(content, root=tmp_path, kept=kept).site

    assert before is not None and after is not None
    assert after.content.events["earlier"] is before.content.events["earlier"]
    assert after.content.events["nanping"].title == "Edited"


def test_a_deleted_file_is_missed_by_the_kept_files_that_name_it(write_tree: WriteTree, tmp_path: Path) -> None:
    """The references of an unchanged file are checked again on every call."""
    content = write_tree(TREE)
    kept = KeptFiles()
    load_site(content, root=tmp_path, kept=kept)
    (content / "actors/guo-shengkun.yaml").unlink()
    (content / "events/2021/earlier.yaml").unlink()

    problems = shown(load_site(content, root=tmp_path, kept=kept))

    assert problems == shown(load_site(content, root=tmp_path))
    assert any("unknown actor 'guo-shengkun'" in problem for problem in problems)
    assert any("unknown event 'earlier'" in problem for problem in problems)
    assert "content/actors/guo-shengkun.yaml" not in kept.files


def test_a_second_file_with_a_kept_files_id_is_the_duplicate(write_tree: WriteTree, tmp_path: Path) -> None:
    content = write_tree(TREE)
    kept = KeptFiles()
    load_site(content, root=tmp_path, kept=kept)
    write_tree({"events/2023/nanping.yaml": event_document("Again", "2023-01-01")})

    problems = shown(load_site(content, root=tmp_path, kept=kept))

    assert problems == shown(load_site(content, root=tmp_path))
    assert any(
        problem.startswith("content/events/2023/nanping.yaml:1:1: duplicate event id 'nanping'") for problem in problems
    )


def test_an_edit_is_seen_even_when_the_modification_time_is_set_back(write_tree: WriteTree, tmp_path: Path) -> None:
    """Tools that copy or check out files may restore the old modification time."""
    content = write_tree(TREE)
    kept = KeptFiles()
    load_site(content, root=tmp_path, kept=kept)
    event = content / "events/2022/nanping.yaml"
    before = event.stat()
    event.write_text(event.read_text(encoding="utf-8").replace("2022-09-19", "2022-09-31"), encoding="utf-8")
    os.utime(event, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert event.stat().st_size == before.st_size

    problems = shown(load_site(content, root=tmp_path, kept=kept))

    assert any("'2022-09-31' is not a date" in problem for problem in problems)
