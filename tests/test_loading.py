"""The file- and YAML-level rules of CONTENT-MODEL.md ("Files"), pinned to the exact problem text.

Each test writes a small tree (the conftest's valid minimal tree plus the
files under test) and asserts every problem the run reports, in full:
`path:line:column: message`, pointing at the offending byte or value.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINIMAL_ACTOR, MINIMAL_EVENT, CheckTree

from builder.pipeline import load_site

EVENT = "content/events/patrushev-nanping.yaml"
ACTOR = "content/actors/nikolai-patrushev.yaml"
ACTOR_FILE = "actors/nikolai-patrushev.yaml"
EVENT_FILE = "events/patrushev-nanping.yaml"
TAG_HINT = "remove it (only !!str, !!int, !!float, !!bool, !!null, !!timestamp, !!seq and !!map are)"


def actor(extra: str) -> dict[str, str | bytes]:
    """The minimal actor with `extra` lines appended."""
    return {ACTOR_FILE: MINIMAL_ACTOR + extra}


# --- encoding and documents -----------------------------------------------------


def test_not_utf8_is_reported_at_the_bad_byte(check_tree: CheckTree) -> None:
    data = MINIMAL_ACTOR.encode() + "aliases: [Патрушев, caf".encode() + b"\xe9]\n"
    assert check_tree({ACTOR_FILE: data}) == [
        f"{ACTOR}:4:24: not UTF-8 text (byte 0xe9); save the file as UTF-8",
    ]


def test_byte_order_mark_and_crlf_are_accepted(check_tree: CheckTree) -> None:
    bom_crlf = b"\xef\xbb\xbf" + MINIMAL_EVENT.replace("\n", "\r\n").encode()
    assert check_tree({EVENT_FILE: bom_crlf, ACTOR_FILE: MINIMAL_ACTOR.replace("\n", "\r\n").encode()}) == []


def test_positions_count_lines_after_crlf_and_bom(check_tree: CheckTree) -> None:
    data = b"\xef\xbb\xbf" + (MINIMAL_ACTOR + "country: ru\n").replace("\n", "\r\n").encode()
    assert check_tree({ACTOR_FILE: data}) == [
        f"{ACTOR}:4:10: 'ru' is not an ISO 3166-1 alpha-2 country code (two capital letters, e.g. 'RU'); "
        "did you mean 'RU'?",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty; write the fields of one item, or delete the file"),
        ("\n  \n", "the file is empty; write the fields of one item, or delete the file"),
        ("# a comment\n# another\n", "the file holds only comments; write the fields of one item, or delete the file"),
        ("---\n", "the file is empty; write the fields of one item, or delete the file"),
        ("--- # nothing\n...\n", "the file holds only comments; write the fields of one item, or delete the file"),
    ],
    ids=["empty", "blank-lines", "comments-only", "document-marker-only", "markers-and-comment"],
)
def test_a_file_without_a_document_is_an_error(check_tree: CheckTree, text: str, message: str) -> None:
    assert check_tree({"briefings/empty.yaml": text}) == [f"content/briefings/empty.yaml:1:1: {message}"]


def test_an_empty_tags_file_says_what_belongs_in_it(check_tree: CheckTree) -> None:
    assert check_tree({"tags.yaml": "# tags\n"}) == [
        "content/tags.yaml:1:1: the file holds only comments; write tag definitions such as "
        "'security: {title: Security}', or delete the file",
    ]


def test_a_second_document_is_an_error_at_its_marker(check_tree: CheckTree) -> None:
    assert check_tree(actor("---\nname: Another\n")) == [
        f"{ACTOR}:4:1: a second YAML document ('---'); one file holds one item: move it to its own file",
    ]


def test_explicit_document_start_and_end_markers_are_accepted(check_tree: CheckTree) -> None:
    assert check_tree({ACTOR_FILE: "---\n" + MINIMAL_ACTOR + "...\n"}) == []


@pytest.mark.parametrize(
    ("text", "position"),
    [("- name: x\n- kind: person\n", "1:1"), ("just words\n", "1:1"), ("# note\n\n42\n", "3:1")],
    ids=["list", "scalar", "number-after-comment"],
)
def test_the_top_level_must_be_a_mapping(check_tree: CheckTree, text: str, position: str) -> None:
    assert check_tree({ACTOR_FILE: text}) == [
        f"{ACTOR}:{position}: the top level must be a mapping of fields, e.g. 'title: …'",
    ]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "aliases: [a, b\n",
            "4:10: a value that starts with '[' is a list to YAML, and this one is not closed with ']'; if it is "
            "text, put the whole value in quotes",
        ),
        (
            "aliases: x\n  bad: y\n",
            "5:3: 'bad' is indented more than 'aliases' above it, which already has a value; line it up with the "
            "fields around it",
        ),
        (
            "aliases: 'open\n",
            "4:10: this value opens a quote (') that is never closed; end the value with ' on the same line, or "
            "write it without quotes",
        ),
        ("\tsummary: tab\n", "4:1: tabs can't indent YAML; use spaces (two per level)"),
    ],
    ids=["unclosed-flow", "bad-indent", "unclosed-quote", "tab-indent"],
)
def test_yaml_syntax_errors_point_at_the_problem(check_tree: CheckTree, extra: str, message: str) -> None:
    assert check_tree(actor(extra)) == [f"{ACTOR}:{message}"]


def test_a_broken_file_does_not_make_references_to_it_unknown(check_tree: CheckTree) -> None:
    # The event names nikolai-patrushev; only the actor file's own problem is reported.
    assert check_tree({ACTOR_FILE: "name: [\n", "tags.yaml": "a: {\n"}) == [
        "content/actors/nikolai-patrushev.yaml:1:7: a value that starts with '[' is a list to YAML, and this one "
        "is not closed with ']'; if it is text, put the whole value in quotes",
        "content/tags.yaml:1:4: a value that starts with '{' is a mapping to YAML, and this one is not closed with "
        "'}'; if it is text, put the whole value in quotes",
    ]


# --- what YAML would read as something else ----------------------------------------


@pytest.mark.parametrize(
    ("value", "reads_as"),
    [
        ("NO", "true/false"),
        ("yes", "true/false"),
        ("off", "true/false"),
        ("10:45", "a number"),
        ("007", "a number"),
        ("42", "a number"),
        ("3.5", "a number"),
        ("~", "null (no value)"),
        ("null", "null (no value)"),
        ("2022-09-19", "a date"),
    ],
    ids=["NO", "yes", "off", "sexagesimal", "octal", "int", "float", "tilde", "null", "date"],
)
def test_unquoted_non_text_where_text_is_expected_asks_for_quotes(
    check_tree: CheckTree, value: str, reads_as: str
) -> None:
    assert check_tree(actor(f"summary: {value}\n")) == [
        f"{ACTOR}:4:10: 'summary' must be text, but YAML reads {value} as {reads_as}; put it in quotes: \"{value}\"",
    ]


def test_country_no_is_never_silently_false(check_tree: CheckTree, tmp_path: Path) -> None:
    assert check_tree(actor("country: NO\n")) == [
        f"{ACTOR}:4:10: 'country' must be text, but YAML reads NO as true/false; put it in quotes: \"NO\"",
    ]
    assert check_tree(actor('country: "NO"\n')) == []
    result = load_site(tmp_path / "content", root=tmp_path)
    assert result.site is not None
    assert result.site.content.actors["nikolai-patrushev"].country == "NO"


def test_a_list_item_that_is_not_text_asks_for_quotes(check_tree: CheckTree) -> None:
    assert check_tree(actor("aliases: [Patrushev, 007]\n")) == [
        f"{ACTOR}:4:22: 'aliases' must be text, but YAML reads 007 as a number; put it in quotes: \"007\"",
    ]


@pytest.mark.parametrize(
    "value",
    ["!!str 007", "!!str yes", "! 10:45", '!!str "quoted"', "!<tag:yaml.org,2002:str> NO"],
    ids=["str-octal", "str-bool", "non-specific", "str-quoted", "verbatim-str"],
)
def test_standard_tags_are_accepted(check_tree: CheckTree, value: str) -> None:
    assert check_tree(actor(f"summary: {value}\n")) == []


def test_standard_collection_tags_are_accepted(check_tree: CheckTree) -> None:
    assert check_tree({ACTOR_FILE: "!!map\n" + MINIMAL_ACTOR + "aliases: !!seq [a, b]\n"}) == []


# --- anchors, aliases, merge keys and tags ------------------------------------------


def test_anchors_and_aliases_are_errors(check_tree: CheckTree) -> None:
    assert check_tree(actor("summary: &s Secretary of the Security Council.\naliases: [*s]\n")) == [
        f"{ACTOR}:4:10: anchors (&s) are not allowed; write the value out where it is used",
        f"{ACTOR}:5:11: aliases (*s) are not allowed; write the value out in full",
    ]


def test_merge_keys_are_errors(check_tree: CheckTree) -> None:
    text = "links:\n  - &link\n    title: Kremlin\n  - <<: *link\n    url: https://kremlin.ru\n"
    assert check_tree(actor(text)) == [
        f"{ACTOR}:5:5: anchors (&link) are not allowed; write the value out where it is used",
        f"{ACTOR}:5:5: this link is missing the required field 'url'; add it",
        f"{ACTOR}:7:5: merge keys (<<) are not allowed; write the fields out in full",
        f"{ACTOR}:7:5: this link is missing the required field 'title'; add it",
        f"{ACTOR}:7:9: aliases (*link) are not allowed; write the value out in full",
    ]


@pytest.mark.parametrize(
    ("value", "tag", "column"),
    [
        ("!!python/object:os.system x", "!!python/object:os.system", 10),
        ('!!python/object/apply:os.system ["ls"]', "!!python/object/apply:os.system", 10),
        ("!!binary aGVsbG8=", "!!binary", 10),
        ("!custom value", "!custom", 10),
        ("!!set {a, b}", "!!set", 10),
        ("!!omap [a: 1]", "!!omap", 10),
    ],
    ids=["python-object", "python-apply", "binary", "custom", "set", "omap"],
)
def test_other_tags_are_errors_reported_once(check_tree: CheckTree, value: str, tag: str, column: int) -> None:
    # One problem each: the value under a refused tag is not judged again for its shape.
    assert check_tree(actor(f"summary: {value}\n")) == [
        f"{ACTOR}:4:{column}: the tag '{tag}' is not allowed; {TAG_HINT}",
    ]


def test_a_custom_tag_on_the_top_level_is_reported_and_fields_still_checked(check_tree: CheckTree) -> None:
    assert check_tree({ACTOR_FILE: "!custom\nname: X\nkind: persn\n"}) == [
        f"{ACTOR}:1:1: the tag '!custom' is not allowed; {TAG_HINT}",
        f"{ACTOR}:3:7: 'kind' is 'persn'; it must be one of 'person', 'organization', 'state' or 'group'; "
        "did you mean 'person'?",
    ]


def test_a_tag_declared_with_a_directive_is_an_error(check_tree: CheckTree) -> None:
    text = "%TAG !e! tag:example.com,2000:\n---\n" + MINIMAL_ACTOR + "summary: !e!thing x\n"
    assert check_tree({ACTOR_FILE: text}) == [
        f"{ACTOR}:6:10: the tag 'tag:example.com,2000:thing' is not allowed; {TAG_HINT}",
    ]


def test_a_key_given_twice_is_an_error(check_tree: CheckTree) -> None:
    assert check_tree(actor("kind: organization\n")) == [
        f"{ACTOR}:4:1: 'kind' is given twice in this mapping (first on line 2); keep one",
    ]


def test_a_key_given_twice_in_a_nested_mapping_is_an_error(check_tree: CheckTree) -> None:
    assert check_tree(actor("links:\n  - {title: a, url: https://a.org, title: b}\n")) == [
        f"{ACTOR}:5:36: 'title' is given twice in this mapping (first on line 5); keep one",
    ]


# --- empty values -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "column"),
    [("", 6), ('""', 7), ("''", 7), ('"   "', 7), ("|\n  \n", 7), ("[]", 7), ("{}", 7)],
    ids=["nothing", "double-quoted", "single-quoted", "blank", "blank-block", "empty-list", "empty-mapping"],
)
def test_an_empty_value_is_an_error(check_tree: CheckTree, value: str, column: int) -> None:
    assert check_tree(actor(f"body: {value}\n")) == [
        f"{ACTOR}:4:{column}: 'body' is empty; give a value or remove the field",
    ]


@pytest.mark.parametrize(
    ("value", "column"),
    [("[]", 8), ("{}", 8), ("", 7), ("\n  - {}\n", 5)],
    ids=["empty-list", "empty-mapping", "nothing", "empty-item"],
)
def test_an_empty_list_field_is_an_error(check_tree: CheckTree, value: str, column: int) -> None:
    line = 5 if value.startswith("\n") else 4
    assert check_tree(actor(f"roles: {value}\n")) == [
        f"{ACTOR}:{line}:{column}: 'roles' is empty; give a value or remove the field",
    ]


def test_an_empty_list_item_is_an_error(check_tree: CheckTree) -> None:
    assert check_tree(actor('aliases:\n  -\n  - ""\n')) == [
        f"{ACTOR}:5:4: 'aliases' is empty; give a value or remove the field",
        f"{ACTOR}:6:5: 'aliases' is empty; give a value or remove the field",
    ]


# --- limits --------------------------------------------------------------------------------


def test_a_file_over_2_mib_is_an_error_and_exactly_2_mib_is_accepted(check_tree: CheckTree) -> None:
    head = "name: Big\nkind: person\nbody: "
    exact = head + "x" * (2 * 1024 * 1024 - len(head) - 1) + "\n"
    assert len(exact.encode()) == 2 * 1024 * 1024
    assert check_tree({"actors/big.yaml": exact}) == []
    assert check_tree({"actors/big.yaml": exact + "#"}) == [
        "content/actors/big.yaml:1:1: the file is 2,097,153 bytes, over the limit of 2 MiB (2,097,152 bytes); "
        "split it or shorten it",
    ]


def nested(levels: int) -> str:
    """An actor whose `body` holds mappings so that the file is `levels` deep (top level = 1)."""
    text = "name: Deep\nkind: person\nbody:\n"
    for level in range(2, levels + 1):
        text += "  " * (level - 1) + ("k:\n" if level < levels else "k: v\n")
    return text


def test_nesting_deeper_than_20_levels_is_an_error(check_tree: CheckTree) -> None:
    assert check_tree({"actors/deep.yaml": nested(21)}) == [
        "content/actors/deep.yaml:23:41: nested deeper than 20 levels; flatten the structure",
    ]


def test_nesting_of_exactly_20_levels_is_accepted_by_the_loader(check_tree: CheckTree) -> None:
    # The file loads; the only problem is that `body` must be text.
    assert check_tree({"actors/deep.yaml": nested(20)}) == [
        "content/actors/deep.yaml:4:3: 'body' must be text, not a mapping",
    ]


def test_deep_flow_nesting_is_an_error_at_the_21st_level(check_tree: CheckTree) -> None:
    assert check_tree(actor("aliases: " + "[" * 20 + "]" * 20 + "\n")) == [
        f"{ACTOR}:4:29: nested deeper than 20 levels; flatten the structure",
    ]


def test_pathologically_deep_flow_nesting_is_the_same_error(check_tree: CheckTree) -> None:
    assert check_tree(actor("aliases: " + "[" * 100_000 + "]" * 100_000 + "\n")) == [
        f"{ACTOR}:4:1009: nested deeper than 20 levels; flatten the structure",
    ]


# --- which files are content -------------------------------------------------------------


def test_yml_and_other_capitalisations_are_errors_naming_the_right_file(check_tree: CheckTree) -> None:
    files: dict[str, str | bytes] = {
        "events/a.yml": "x: 1\n",
        "actors/b.YAML": "x: 1\n",
        "briefings/2022/c.Yml": "x: 1\n",
        "tags.yml": "x: 1\n",
    }
    assert check_tree(files) == [
        "content/actors/b.YAML:1:1: content files end in '.yaml'; rename it to 'b.yaml'",
        "content/briefings/2022/c.Yml:1:1: content files end in '.yaml'; rename it to 'c.yaml'",
        "content/events/a.yml:1:1: content files end in '.yaml'; rename it to 'a.yaml'",
        "content/tags.yml:1:1: content files end in '.yaml'; rename it to 'tags.yaml'",
    ]


def test_yaml_files_outside_the_content_folders_are_errors_naming_the_place(check_tree: CheckTree) -> None:
    files: dict[str, str | bytes] = {
        "summit.yaml": MINIMAL_EVENT,
        "tag.yaml": "a: {title: A}\n",
        "event/summit.yaml": MINIMAL_EVENT,
        "notes/2022/summit.yaml": MINIMAL_EVENT,
    }
    assert check_tree(files) == [
        "content/event/summit.yaml:1:1: 'event/' is not a content folder (events/, actors/, briefings/); "
        "did you mean 'events/summit.yaml'?",
        "content/notes/2022/summit.yaml:1:1: 'notes/' is not a content folder (events/, actors/, briefings/); "
        "move it to the folder for its kind, e.g. events/2022/summit.yaml",
        "content/summit.yaml:1:1: 'summit.yaml' is outside events/, actors/ and briefings/; move it into the "
        "folder for its kind, e.g. events/summit.yaml",
        "content/tag.yaml:1:1: 'tag.yaml' is not a content file; did you mean 'tags.yaml'?",
    ]


def test_other_files_are_ignored_with_a_warning(check_tree: CheckTree, tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"README.txt": "# notes", "events/notes.txt": "x", "events/a.yaml.bak": "x"}
    warning = (
        "warning: ignored: only .yaml files in events/, actors/ and briefings/, tags.yaml and .md pages are content"
    )
    assert check_tree(files) == [
        f"content/README.txt:1:1: {warning}",
        f"content/events/a.yaml.bak:1:1: {warning}",
        f"content/events/notes.txt:1:1: {warning}",
    ]
    assert load_site(tmp_path / "content", root=tmp_path).site is not None


def test_dotfiles_and_dot_folders_are_ignored_silently(check_tree: CheckTree) -> None:
    files: dict[str, str | bytes] = {
        ".DS_Store": b"\x00\x01",
        ".git/config": "[core]",
        "events/.draft.yaml": "title: [unfinished",
        "events/.hidden/x.yml": "x",
    }
    assert check_tree(files) == []


def test_a_file_name_that_is_not_utf8_is_reported_not_fatal(
    check_tree: CheckTree, minimal_tree: Callable[..., Path], tmp_path: Path
) -> None:
    content = minimal_tree()
    try:
        descriptor = os.open(os.fsencode(content / "actors") + b"/caf\xe9.yaml", os.O_WRONLY | os.O_CREAT)
    except OSError:  # pragma: no cover - a file system that refuses such names
        pytest.skip("file system refuses non-UTF-8 names")
    os.write(descriptor, b"name: X\nkind: person\n")
    os.close(descriptor)
    assert check_tree() == [
        "content/actors/caf\\xe9.yaml:1:1: the file name 'caf\\xe9.yaml' is not a valid id (lowercase letters, "
        "digits and single hyphens); rename it to 'caf-xe9.yaml'",
    ]


# --- links and special files ----------------------------------------------------------------


def test_symbolic_links_are_errors_and_never_followed(minimal_tree: Callable[..., Path], tmp_path: Path) -> None:
    content = minimal_tree()
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "more").mkdir(parents=True)
    (elsewhere / "russia.yaml").write_text("name: Russia\nkind: state\n", encoding="utf-8")
    (elsewhere / "more" / "broken.yaml").write_text("name: [\n", encoding="utf-8")
    (content / "actors" / "russia.yaml").symlink_to(elsewhere / "russia.yaml")
    (content / "events" / "linked").symlink_to(elsewhere / "more", target_is_directory=True)
    (content / "events" / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    message = "a symbolic link, which is never followed; put the file or folder itself here, or remove the link"
    result = load_site(content, root=tmp_path)
    assert [str(p) for p in result.problems] == [
        f"content/actors/russia.yaml:1:1: {message}",
        f"content/events/dangling.yaml:1:1: {message}",
        f"content/events/linked:1:1: {message}",
    ]


def test_a_pipe_is_an_error_and_never_opened(minimal_tree: Callable[..., Path], tmp_path: Path) -> None:
    content = minimal_tree()
    os.mkfifo(content / "events" / "pipe.yaml")
    os.mkfifo(content / "fifo")
    message = "not a regular file (a pipe, socket or device); remove it"
    result = load_site(content, root=tmp_path)  # opening a pipe to read it would block forever
    assert [str(p) for p in result.problems] == [
        f"content/events/pipe.yaml:1:1: {message}",
        f"content/fifo:1:1: {message}",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_reported_not_fatal(minimal_tree: Callable[..., Path], tmp_path: Path) -> None:
    content = minimal_tree()
    secret = content / "actors" / "russia.yaml"
    secret.write_text("name: Russia\nkind: state\n", encoding="utf-8")
    secret.chmod(0)
    try:
        result = load_site(content, root=tmp_path)
    finally:
        secret.chmod(0o644)
    assert [str(p) for p in result.problems] == [
        "content/actors/russia.yaml:1:1: cannot be read (Permission denied); fix or remove it",
    ]


# --- hostile input: never an exception, always fast ----------------------------------------------


def test_an_alias_bomb_finishes_fast_with_a_bounded_report(check_tree: CheckTree) -> None:
    lines = ["a0: &a0 [lol, lol]"] + [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 10_000)]
    # Expanding the aliases would need 2**10000 items: finishing at all proves they are not expanded.
    problems = check_tree({"actors/bomb.yaml": "\n".join(lines) + "\n"})
    assert problems[:3] == [
        "content/actors/bomb.yaml:1:1: this actor is missing the required field 'kind'; add it",
        "content/actors/bomb.yaml:1:1: this actor is missing the required field 'name'; add it",
        "content/actors/bomb.yaml:1:1: unknown field 'a0' in this actor; the fields are 'id', 'name', 'kind', "
        "'native_name', 'native_name_lang', 'aliases', 'country', 'summary', 'body', 'roles', 'relations', 'links' "
        "or 'redirect_from'",
    ]
    alias_problems = [p for p in problems if "anchors" in p or "aliases (" in p]
    assert len(alias_problems) == 21
    assert alias_problems[-1] == (
        "content/actors/bomb.yaml:8:10: more anchors (&) and aliases (*) from here on are not reported one by "
        "one; write every value out in full"
    )


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_never_raise(check_tree: CheckTree, seed: int) -> None:
    rnd = random.Random(seed)
    alphabet = b"-:[]{}&*!|>'\"%@`#,? \n\t\r\x00\xff\xfe\xef\xbb\xbfabc019~.<\\"
    for _ in range(40):
        yaml_like = bytes(rnd.choice(alphabet) for _ in range(rnd.randint(0, 120)))
        noise = bytes(rnd.getrandbits(8) for _ in range(rnd.randint(0, 120)))
        problems = check_tree({ACTOR_FILE: yaml_like, "events/noise.yaml": noise, "tags.yaml": yaml_like})
        assert all(p.startswith("content/") for p in problems)


def test_hostile_scalars_and_keys_never_raise(check_tree: CheckTree) -> None:
    text = (
        "? [complex, key]\n: value\n"
        "? {a: b}\n: value\n"
        "1: number key\n"
        "~: null key\n"
        "location: {lat: .nan, lon: .inf}\n"
        "date: 9999-99-99\n"
        'body: "\\u0000 \\x85 \\u2028"\n'
    )
    fields = (
        "the fields are 'id', 'title', 'date', 'summary', 'body', 'location', 'actors', 'tags', 'quotes', "
        "'sources', 'related', 'confidence', 'confidence_note', 'status', 'updated' or 'redirect_from'"
    )
    path = "content/events/hostile.yaml"
    assert check_tree({"events/hostile.yaml": text}) == [
        f"{path}:1:1: this event is missing the required field 'sources'; add it",
        f"{path}:1:1: this event is missing the required field 'summary'; add it",
        f"{path}:1:1: this event is missing the required field 'title'; add it",
        f"{path}:1:3: a key must be a plain name, e.g. 'title'",
        f"{path}:3:3: a key must be a plain name, e.g. 'title'",
        f"{path}:5:1: unknown field '1' in this event; {fields}",
        f"{path}:6:1: unknown field '~' in this event; {fields}",
        f"{path}:7:17: 'lat' is '.nan', not a number of degrees; write a decimal number without quotes, "
        "e.g. lat: 26.64",
        f"{path}:7:28: 'lon' is '.inf', not a number of degrees; write a decimal number without quotes, "
        "e.g. lon: 26.64",
        f"{path}:8:7: '9999-99-99' is not a date: there is no month 99",
        f"{path}:9:7: 'body' holds the control character U+0000, which text may not contain; remove it",
    ]
