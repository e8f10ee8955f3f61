"""The content rules of CONTENT-MODEL.md (ids, dates, fields, references, relations, links),
one test per error class, each asserting the full `path:line:column: message` of every problem.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_ACTOR, MINIMAL_EVENT, CheckTree

from builder.cli import main
from builder.pipeline import load_site

EVENT = "content/events/patrushev-nanping.yaml"
ACTOR = "content/actors/nikolai-patrushev.yaml"
EVENT_FILE = "events/patrushev-nanping.yaml"
ACTOR_FILE = "actors/nikolai-patrushev.yaml"
BRIEFING = "content/briefings/b.yaml"
RUSSIA = "name: Russia\nkind: state\n"
PUTIN = "name: Vladimir Putin\nkind: person\n"
# The minimal event is 11 lines long: appended fields start on line 12.


def event(extra: str = "", *, replace: tuple[str, str] | None = None) -> str:
    text = MINIMAL_EVENT if replace is None else MINIMAL_EVENT.replace(*replace)
    return text + extra


def actor(extra: str = "") -> str:
    return MINIMAL_ACTOR + extra


def related(*entries: str) -> str:
    return event("related:\n" + "".join(f"  - {entry}\n" for entry in entries))


def briefing(select: str, head: str = "title: B\nsummary: The bottom line.\n") -> dict[str, str | bytes]:
    return {"briefings/b.yaml": head + "select:\n" + select}


# --- identifiers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "Russia",
            "the file name 'Russia.yaml' is not a valid id (lowercase letters, digits and single hyphens); "
            "rename it to 'russia.yaml'",
        ),
        (
            "a--b",
            "the file name 'a--b.yaml' is not a valid id (lowercase letters, digits and single hyphens); "
            "rename it to 'a-b.yaml'",
        ),
        (
            "-x",
            "the file name '-x.yaml' is not a valid id (lowercase letters, digits and single hyphens); "
            "rename it to 'x.yaml'",
        ),
        (
            "kyiv_city",
            "the file name 'kyiv_city.yaml' is not a valid id (lowercase letters, digits and single "
            "hyphens); rename it to 'kyiv-city.yaml'",
        ),
        (
            "łódź",
            "the file name 'łódź.yaml' is not a valid id (lowercase letters, digits and single hyphens); "
            "rename it to 'lodz.yaml'",
        ),
        (
            "a" * 101,
            f"the file name '{'a' * 20}….yaml' is 101 characters before '.yaml', over the id limit of 100; "
            "rename it to a shorter id",
        ),
    ],
    ids=["uppercase", "double-hyphen", "leading-hyphen", "underscore", "non-ascii", "too-long"],
)
def test_a_file_name_that_is_not_a_valid_id_is_an_error(check_tree: CheckTree, name: str, message: str) -> None:
    assert check_tree({f"actors/{name}.yaml": RUSSIA}) == [f"content/actors/{name}.yaml:1:1: {message}"]


def test_an_id_of_exactly_100_characters_is_accepted(check_tree: CheckTree) -> None:
    assert check_tree({f"actors/{'a' * 100}.yaml": RUSSIA}) == []


def test_a_file_with_a_bad_name_still_has_its_fields_checked(check_tree: CheckTree) -> None:
    assert check_tree({"actors/Russia.yaml": "name: Russia\nkind: country\n"}) == [
        "content/actors/Russia.yaml:1:1: the file name 'Russia.yaml' is not a valid id (lowercase letters, digits "
        "and single hyphens); rename it to 'russia.yaml'",
        "content/actors/Russia.yaml:2:7: 'kind' is 'country'; it must be one of 'person', 'organization', 'state' "
        "or 'group'",
    ]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {EVENT_FILE: event("tags: [Security, kyiv_city]\n"), "tags.yaml": "security: {title: Security}\n"},
            [
                f"{EVENT}:12:8: 'Security' is not a valid id: use lowercase letters, digits and single hyphens, "
                "e.g. 'security'",
                f"{EVENT}:12:18: 'kyiv_city' is not a valid id: use lowercase letters, digits and single hyphens, "
                "e.g. 'kyiv-city'",
            ],
        ),
        (
            {EVENT_FILE: event(f"tags: [{'a' * 101}]\n")},
            [
                f"{EVENT}:12:8: the id '{'a' * 20}…' in 'tags' is 101 characters, over the limit of 100; shorten it",
            ],
        ),
        (
            {"tags.yaml": "Bad Tag: {title: Bad}\nfine: {title: Fine}\n"},
            [
                "content/tags.yaml:1:1: 'Bad Tag' is not a valid id: use lowercase letters, digits and single hyphens, "
                "e.g. 'bad-tag'",
            ],
        ),
        (
            {ACTOR_FILE: actor("redirect_from: [N_Patrushev]\n")},
            [
                f"{ACTOR}:4:17: 'N_Patrushev' is not a valid id: use lowercase letters, digits and single hyphens, "
                "e.g. 'n-patrushev'",
            ],
        ),
    ],
    ids=["list-items", "too-long-in-list", "tag-key", "redirect"],
)
def test_an_invalid_id_in_content_is_an_error(
    check_tree: CheckTree, files: dict[str, str | bytes], expected: list[str]
) -> None:
    assert check_tree(files) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "id: nikolai\n",
            f"{ACTOR}:1:5: id 'nikolai' does not match the file name 'nikolai-patrushev.yaml'; "
            "the id is the file name: write id: nikolai-patrushev, or rename the file",
        ),
        (
            "id: Nikolai_P\n",
            f"{ACTOR}:1:5: id 'Nikolai_P' does not match the file name 'nikolai-patrushev.yaml'; "
            "the id is the file name: write id: nikolai-patrushev, or rename the file",
        ),
        ("id: 007\n", f"{ACTOR}:1:5: 'id' must be text, but YAML reads 007 as a number; put it in quotes: \"007\""),
    ],
    ids=["other-id", "invalid-id", "number"],
)
def test_an_id_field_must_equal_the_file_name(check_tree: CheckTree, line: str, expected: str) -> None:
    assert check_tree({ACTOR_FILE: line + MINIMAL_ACTOR}) == [expected]


def test_an_id_field_equal_to_the_file_name_is_accepted(check_tree: CheckTree) -> None:
    assert check_tree({ACTOR_FILE: "id: nikolai-patrushev\n" + MINIMAL_ACTOR}) == []


def test_duplicate_ids_across_folders_are_reported_at_the_second_file(check_tree: CheckTree) -> None:
    files: dict[str, str | bytes] = {
        "events/2022/patrushev-nanping.yaml": MINIMAL_EVENT,
        "actors/people/nikolai-patrushev.yaml": MINIMAL_ACTOR,
        "briefings/2022/b.yaml": "title: B\nsummary: S.\nselect: {from: 2022}\n",
        "briefings/b.yaml": "title: B\nsummary: S.\nselect: {from: 2022}\n",
    }
    rest = "ids are unique across folders, so rename one file"
    assert check_tree(files) == [
        f"content/actors/people/nikolai-patrushev.yaml:1:1: duplicate actor id 'nikolai-patrushev': {ACTOR} "
        f"already has it; {rest}",
        "content/briefings/b.yaml:1:1: duplicate briefing id 'b': content/briefings/2022/b.yaml already has it; "
        f"{rest}",
        f"{EVENT}:1:1: duplicate event id 'patrushev-nanping': content/events/2022/patrushev-nanping.yaml "
        f"already has it; {rest}",
    ]


def test_an_event_and_an_actor_may_share_an_id(check_tree: CheckTree) -> None:
    assert check_tree({"events/russia.yaml": MINIMAL_EVENT, "actors/russia.yaml": RUSSIA}) == []


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {EVENT_FILE: event("tags:\n  - security\n  - security\n"), "tags.yaml": "security: {title: S}\n"},
            f"{EVENT}:14:5: 'security' is listed twice in 'tags' (first on line 13); keep one",
        ),
        (
            {ACTOR_FILE: actor("aliases: [Patrushev, Patrushev]\n")},
            f"{ACTOR}:4:22: 'Patrushev' is listed twice in 'aliases' (first on line 4); keep one",
        ),
        (
            {ACTOR_FILE: actor("redirect_from: [n-p, n-p]\n")},
            f"{ACTOR}:4:22: 'n-p' is listed twice in 'redirect_from' (first on line 4); keep one",
        ),
        (
            briefing("  events: [patrushev-nanping, patrushev-nanping]\n"),
            f"{BRIEFING}:4:31: 'patrushev-nanping' is listed twice in 'events' (first on line 4); keep one",
        ),
    ],
    ids=["tags", "aliases", "redirect_from", "select-events"],
)
def test_a_list_of_ids_never_repeats_one(check_tree: CheckTree, files: dict[str, str | bytes], expected: str) -> None:
    assert check_tree(files) == [expected]


def test_an_actor_appears_once_in_an_event(check_tree: CheckTree) -> None:
    text = event(replace=("actors:\n", "actors:\n  - nikolai-patrushev\n"))
    assert check_tree({EVENT_FILE: text}) == [
        f"{EVENT}:6:5: actor 'nikolai-patrushev' is listed twice in 'actors' (first on line 5); give several "
        "roles in one text: role: host, co-chair",
    ]


def test_redirect_from_equal_to_a_live_id_is_an_error(check_tree: CheckTree) -> None:
    message = "cannot also be a former one; remove it from 'redirect_from'"
    assert check_tree(
        {ACTOR_FILE: actor("redirect_from: [russia, nikolai-patrushev]\n"), "actors/russia.yaml": RUSSIA}
    ) == [
        f"{ACTOR}:4:17: 'russia' is the id of a current actor, so it {message}",
        f"{ACTOR}:4:25: 'nikolai-patrushev' is the id of a current actor, so it {message}",
    ]


def test_a_redirect_to_an_id_of_another_kind_is_accepted(check_tree: CheckTree) -> None:
    assert check_tree({EVENT_FILE: event("redirect_from: [nikolai-patrushev]\n")}) == []


def test_the_same_old_id_in_two_redirects_is_an_error(check_tree: CheckTree) -> None:
    files: dict[str, str | bytes] = {
        ACTOR_FILE: actor("redirect_from: [patrushev]\n"),
        "actors/russia.yaml": RUSSIA + "redirect_from: [patrushev]\n",
    }
    assert check_tree(files) == [
        f"content/actors/russia.yaml:3:17: 'patrushev' is already a former id of actor 'nikolai-patrushev' "
        f"({ACTOR}); an old id leads to one page only: remove it from one of them",
    ]


def test_a_reference_to_an_old_id_names_the_new_one(check_tree: CheckTree) -> None:
    files: dict[str, str | bytes] = {
        ACTOR_FILE: actor("redirect_from: [n-patrushev]\n"),
        EVENT_FILE: event(
            "body: See [him](actor:n-patrushev).\n", replace=("actor: nikolai-patrushev", "actor: n-patrushev")
        ),
    }
    assert check_tree(files) == [
        f"{EVENT}:5:12: actor 'n-patrushev' was renamed to 'nikolai-patrushev'; write 'nikolai-patrushev'",
        f"{EVENT}:12:17: actor 'n-patrushev' was renamed to 'nikolai-patrushev'; write 'nikolai-patrushev'",
    ]


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2022-02-30", "'2022-02-30' is not a date: February 2022 has 28 days"),
        ("2022-13", "'2022-13' is not a date: there is no month 13"),
        ("2022-09-19T10:00", "'2022-09-19T10:00' is not a date: a time of day is not allowed; write '2022-09-19'"),
        ("2022-09-19 10:00", "'2022-09-19 10:00' is not a date: a time of day is not allowed; write '2022-09-19'"),
        ("19/09/2022", "'19/09/2022' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-09-19"),
        ("2022-9-1", "'2022-9-1' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-09-19"),
        ("0000", "'0000' is not a date: years run from 0001 to 9999"),
        ("2022-09?~", "'2022-09?~' is not a date: give one qualifier, ~ (approximate) or ? (uncertain)"),
        ("2022-09-16/2022-09-15", "'2022-09-16/2022-09-15' ends before it starts; put the earlier date first"),
        ("../..", "'../..' is not a date: an interval needs at least one known end, e.g. 2022-05/.."),
        ("yes", "'date' must be a date such as 2022-09-19, not true/false"),
        ("2022.5", "'date' must be a date such as 2022-09-19, not a number"),
        ("[2022]", "'date' must be a date such as 2022-09-19, not a list"),
    ],
    ids=[
        "bad-day",
        "month-13",
        "time-iso",
        "time-space",
        "other-form",
        "unpadded",
        "year-zero",
        "two-qualifiers",
        "reversed",
        "both-open",
        "bool",
        "float",
        "list",
    ],
)
def test_a_bad_event_date_is_an_error(check_tree: CheckTree, value: str, message: str) -> None:
    assert check_tree({EVENT_FILE: event(replace=("date: 2022-09-19", f"date: {value}"))}) == [
        f"{EVENT}:2:7: {message}",
    ]


@pytest.mark.parametrize(
    "value",
    [
        "2022-09-19",
        '"2022-09-19"',
        "'2022-09-19'",
        "2022",
        "2022-09",
        "2022-09~",
        "2022?",
        "2022-09-15/2022-09-16",
        "2022-09/2022-09-15",
        "2022-05/..",
        "../2022-05~",
        "2022-05~/2022-06?",
    ],
    ids=[
        "unquoted",
        "double-quoted",
        "single-quoted",
        "year-number",
        "month",
        "approximate",
        "uncertain",
        "interval",
        "month-to-day",
        "open-end",
        "unknown-start",
        "qualified-ends",
    ],
)
def test_every_date_form_is_accepted(check_tree: CheckTree, value: str) -> None:
    assert check_tree({EVENT_FILE: event(replace=("date: 2022-09-19", f"date: {value}"))}) == []


def test_an_unquoted_date_is_read_as_written(check_tree: CheckTree, tmp_path: Path) -> None:
    dates = []
    for value in ("2022-09-19", '"2022-09-19"'):
        assert check_tree({EVENT_FILE: event(replace=("date: 2022-09-19", f"date: {value}"))}) == []
        site = load_site(tmp_path / "content", root=tmp_path).site
        assert site is not None
        dates.append(site.content.events["patrushev-nanping"].date)
    assert dates[0] == dates[1]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {EVENT_FILE: event("updated: 2022-09/2022-10\n")},
            f"{EVENT}:12:10: '2022-09/2022-10' is an interval; this field takes a single date such as 2022-09",
        ),
        (
            {EVENT_FILE: event("updated: 2022-09/..\n")},
            f"{EVENT}:12:10: '2022-09/..' is an interval; this field takes a single date such as 2022-09",
        ),
        (
            {EVENT_FILE: event("    published: 2022-09-19/2022-09-20\n")},
            f"{EVENT}:12:16: '2022-09-19/2022-09-20' is an interval; this field takes a single date such as 2022-09-19",
        ),
        (
            {ACTOR_FILE: actor("roles:\n  - title: Secretary\n    start: 2008/2009\n")},
            f"{ACTOR}:6:12: '2008/2009' is an interval; this field takes a single date such as 2008",
        ),
        (
            briefing("  from: 2022-01/2022-02\n"),
            f"{BRIEFING}:4:9: '2022-01/2022-02' is an interval; this field takes a single date such as 2022-01",
        ),
    ],
    ids=["updated", "updated-open", "published", "role-start", "briefing-from"],
)
def test_an_interval_in_a_single_date_field_is_an_error(
    check_tree: CheckTree, files: dict[str, str | bytes], expected: str
) -> None:
    assert check_tree(files) == [expected]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {ACTOR_FILE: actor("roles:\n  - title: Secretary\n    start: 2008-05\n    end: 2008-04-30\n")},
            f"{ACTOR}:7:10: 'end' (2008-04-30) is before 'start' (2008-05); correct one of them",
        ),
        (
            {
                ACTOR_FILE: actor(
                    "relations:\n  - actor: russia\n    relation: member-of\n    start: 2010\n    end: 2009\n"
                ),
                "actors/russia.yaml": RUSSIA,
            },
            f"{ACTOR}:8:10: 'end' (2009) is before 'start' (2010); correct one of them",
        ),
        (
            briefing("  from: 2023\n  to: 2022\n"),
            f"{BRIEFING}:5:7: 'to' (2022) is before 'from' (2023); correct one of them",
        ),
    ],
    ids=["role", "relation", "briefing"],
)
def test_a_period_that_ends_before_it_starts_is_an_error(
    check_tree: CheckTree, files: dict[str, str | bytes], expected: str
) -> None:
    assert check_tree(files) == [expected]


def test_a_period_ending_within_its_start_month_is_accepted(check_tree: CheckTree) -> None:
    assert check_tree({ACTOR_FILE: actor("roles:\n  - title: S\n    start: 2008-05\n    end: 2008-05-01\n")}) == []


# --- fields: unknown, missing, one paragraph, titles -------------------------------------------------


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {EVENT_FILE: event(replace=("actors:", "actor:"))},
            [f"{EVENT}:4:1: unknown field 'actor' in this event; did you mean 'actors'?"],
        ),
        (
            {EVENT_FILE: event(replace=("summary:", "sumary:"))},
            [f"{EVENT}:3:1: unknown field 'sumary' in this event; did you mean 'summary'?"],
        ),
        (
            {ACTOR_FILE: actor("roles:\n  - titel: Secretary\n")},
            [f"{ACTOR}:5:5: unknown field 'titel' in this role; did you mean 'title'?"],
        ),
        (
            briefing("  event: [patrushev-nanping]\n"),
            [f"{BRIEFING}:4:3: unknown field 'event' in 'select'; did you mean 'events'?"],
        ),
        (
            {"tags.yaml": "security: {title: Security, descripton: x}\n"},
            ["content/tags.yaml:1:29: unknown field 'descripton' in tag 'security'; did you mean 'description'?"],
        ),
        (
            {ACTOR_FILE: actor("zzz: 1\n")},
            [
                f"{ACTOR}:4:1: unknown field 'zzz' in this actor; the fields are 'id', 'name', 'kind', 'native_name', "
                "'native_name_lang', 'aliases', 'country', 'summary', 'body', 'roles', 'relations', 'links' "
                "or 'redirect_from'"
            ],
        ),
    ],
    ids=["actor-for-actors", "sumary", "nested-titel", "select-event", "tag-descripton", "no-close-name"],
)
def test_an_unknown_field_is_an_error_with_the_nearest_name(
    check_tree: CheckTree, files: dict[str, str | bytes], expected: list[str]
) -> None:
    # A typo of a required field is not also reported as missing: one mistake, one message.
    assert check_tree(files) == expected


def missing(path: str, position: str, where: str, *fields: str) -> list[str]:
    return [f"{path}:{position}: {where} is missing the required field '{name}'; add it" for name in fields]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {EVENT_FILE: "body: Nothing else.\n"},
            missing(EVENT, "1:1", "this event", "date", "sources", "summary", "title"),
        ),
        ({ACTOR_FILE: "native_name: Николай\n"}, missing(ACTOR, "1:1", "this actor", "kind", "name")),
        ({"briefings/b.yaml": "body: x\n"}, missing(BRIEFING, "1:1", "this briefing", "select", "summary", "title")),
        (
            {"tags.yaml": "security: {description: x}\n"},
            missing("content/tags.yaml", "1:11", "tag 'security'", "title"),
        ),
        ({EVENT_FILE: event("  - publisher: TASS\n")}, missing(EVENT, "12:5", "this source", "id", "title")),
        (
            {EVENT_FILE: event("quotes:\n  - context: At the meeting.\n")},
            missing(EVENT, "13:5", "this quote", "actor", "source", "text"),
        ),
        (
            {ACTOR_FILE: actor("links:\n  - {title: Site}\n  - {url: https://example.org}\n")},
            missing(ACTOR, "5:5", "this link", "url") + missing(ACTOR, "6:5", "this link", "title"),
        ),
        ({ACTOR_FILE: actor("roles:\n  - start: 2008\n")}, missing(ACTOR, "5:5", "this role", "title")),
        (
            {ACTOR_FILE: actor("relations:\n  - start: 2008\n")},
            missing(ACTOR, "5:5", "this relation", "actor", "relation"),
        ),
        (
            {EVENT_FILE: event("related:\n  - relation: follows\n")},
            missing(EVENT, "13:5", "this related entry", "event"),
        ),
    ],
    ids=["event", "actor", "briefing", "tag", "source", "quote", "link", "role", "relation", "related"],
)
def test_a_missing_required_field_is_reported_at_its_mapping(
    check_tree: CheckTree, files: dict[str, str | bytes], expected: list[str]
) -> None:
    assert check_tree(files) == expected


@pytest.mark.parametrize(
    ("files", "position"),
    [
        (
            {
                EVENT_FILE: event(
                    replace=("summary: Nikolai Patrushev met Guo Shengkun in Nanping.", "summary: |\n  One.\n\n  Two.")
                )
            },
            (EVENT, "3:10"),
        ),
        ({ACTOR_FILE: actor('summary: "One.\\n\\nTwo."\n')}, (ACTOR, "4:10")),
        ({"briefings/b.yaml": "title: B\nsummary: |\n  One.\n  \n  Two.\nselect: {from: 2022}\n"}, (BRIEFING, "2:10")),
    ],
    ids=["event", "actor", "briefing-blank-with-spaces"],
)
def test_a_summary_with_a_blank_line_is_an_error(
    check_tree: CheckTree, files: dict[str, str | bytes], position: tuple[str, str]
) -> None:
    assert check_tree(files) == [
        f"{position[0]}:{position[1]}: 'summary' must be one paragraph (no blank line); put the rest in 'body'",
    ]


def test_a_summary_folded_over_several_lines_is_one_paragraph(check_tree: CheckTree) -> None:
    assert check_tree({ACTOR_FILE: actor("summary: >\n  Secretary of the\n  Security Council.\n")}) == []


LONG = "x" * 201
TOO_LONG = "'title' is 201 characters, over the limit of 200; shorten it and move detail into the summary"
ONE_LINE = "'title' must be one line; use the summary or body for more"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {EVENT_FILE: event(replace=("title: Patrushev meets Guo Shengkun in Nanping", f"title: {LONG}"))},
            f"{EVENT}:1:8: {TOO_LONG}",
        ),
        (
            {EVENT_FILE: event(replace=("title: Patrushev meets Guo Shengkun in Nanping", "title: |\n  A\n  B"))},
            f"{EVENT}:1:8: {ONE_LINE}",
        ),
        (
            {EVENT_FILE: event(replace=("title: News report", f"title: {LONG} report"))},
            f"{EVENT}:9:12: 'title' is 227 characters, over the limit of 200; shorten it and move detail into the "
            "summary",
        ),
        (
            {EVENT_FILE: event(replace=("title: News report, 19 September 2022", 'title: "News\\nreport"'))},
            f"{EVENT}:9:12: {ONE_LINE}",
        ),
        ({ACTOR_FILE: actor(f"roles:\n  - title: {LONG}\n")}, f"{ACTOR}:5:12: {TOO_LONG}"),
        ({ACTOR_FILE: actor("roles:\n  - title: |\n      Secretary\n\n      General\n")}, f"{ACTOR}:5:12: {ONE_LINE}"),
        (
            {ACTOR_FILE: actor(f"links:\n  - title: {LONG}\n    url: https://example.org\n")},
            f"{ACTOR}:5:12: {TOO_LONG}",
        ),
        (
            {ACTOR_FILE: actor("links:\n  - title: 'Site\n\n      home'\n    url: https://example.org\n")},
            f"{ACTOR}:5:12: {ONE_LINE}",
        ),
        ({"tags.yaml": f"security:\n  title: {LONG}\n"}, f"content/tags.yaml:2:10: {TOO_LONG}"),
        ({"tags.yaml": "security:\n  title: |\n    Security\n    Policy\n"}, f"content/tags.yaml:2:10: {ONE_LINE}"),
        ({"briefings/b.yaml": f"title: {LONG}\nsummary: S.\nselect: {{from: 2022}}\n"}, f"{BRIEFING}:1:8: {TOO_LONG}"),
        (
            {"briefings/b.yaml": "title: |-\n  A\n  B\nsummary: S.\nselect: {from: 2022}\n"},
            f"{BRIEFING}:1:8: {ONE_LINE}",
        ),
    ],
    ids=[
        "event-long",
        "event-lines",
        "source-long",
        "source-lines",
        "role-long",
        "role-lines",
        "link-long",
        "link-lines",
        "tag-long",
        "tag-lines",
        "briefing-long",
        "briefing-lines",
    ],
)
def test_every_title_is_one_line_of_at_most_200_characters(
    check_tree: CheckTree, files: dict[str, str | bytes], expected: str
) -> None:
    assert check_tree(files) == [expected]


@pytest.mark.parametrize(
    "title",
    ["é" * 200, ">\n  A long title folded\n  over two source lines", "|\n  One line", "A plain title\n  folded"],
    ids=["200-code-points", "folded-block", "literal-one-line", "plain-folded"],
)
def test_a_title_of_one_line_is_accepted(check_tree: CheckTree, title: str) -> None:
    text = f"title: {title}\nsummary: S.\nselect: {{from: 2022}}\n"
    assert check_tree({"briefings/b.yaml": text}) == []


# --- locations, countries, sources ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        (
            "{country: ru}",
            "12:21: 'ru' is not an ISO 3166-1 alpha-2 country code (two capital letters, e.g. 'RU'); "
            "did you mean 'RU'?",
        ),
        (
            "{country: UK}",
            "12:21: 'UK' is not an ISO 3166-1 alpha-2 country code (two capital letters, e.g. 'RU'); "
            "did you mean 'GB'?",
        ),
        ("{country: XX}", "12:21: 'XX' is not an ISO 3166-1 alpha-2 country code (two capital letters, e.g. 'RU')"),
        ("{country: RUS}", "12:21: 'RUS' is not an ISO 3166-1 alpha-2 country code (two capital letters, e.g. 'RU')"),
        ("{lat: 26.6}", "12:11: 'lat' and 'lon' go together; add 'lon' or remove the other"),
        ("{lon: 118.2}", "12:11: 'lat' and 'lon' go together; add 'lat' or remove the other"),
        ("{lat: 91, lon: 0}", "12:17: 'lat' is 91; it must be between -90 and 90"),
        ("{lat: 0, lon: -180.5}", "12:25: 'lon' is -180.5; it must be between -180 and 180"),
        (
            '{lat: "26.6", lon: 118}',
            "12:17: 'lat' is '26.6', not a number of degrees; write a decimal number without quotes, e.g. lat: 26.64",
        ),
        (
            "{lat: 26:30, lon: 118}",
            "12:17: 'lat' is '26:30', not a number of degrees; write a decimal number without quotes, e.g. lat: 26.64",
        ),
        ("{}", "12:11: 'location' is empty; give a value or remove the field"),
        ("[]", "12:11: 'location' is empty; give a value or remove the field"),
        ("Nanping", "12:11: 'location' must be a mapping of 'name', 'country', 'lat' or 'lon', not a value"),
        (
            "{city: Nanping}",
            "12:12: unknown field 'city' in this location; the fields are 'name', 'country', 'lat' or 'lon'",
        ),
    ],
    ids=[
        "lowercase",
        "UK",
        "unassigned",
        "alpha-3",
        "lat-alone",
        "lon-alone",
        "lat-range",
        "lon-range",
        "quoted-number",
        "sexagesimal",
        "empty-mapping",
        "empty-list",
        "plain-text",
        "unknown-key",
    ],
)
def test_location_rules(check_tree: CheckTree, location: str, expected: str) -> None:
    assert check_tree({EVENT_FILE: event(f"location: {location}\n")}) == [f"{EVENT}:{expected}"]


@pytest.mark.parametrize(
    "location",
    [
        "{country: XK}",
        "{name: Nanping, country: CN, lat: 26.64, lon: 118.17}",
        "{lat: -90, lon: 180}",
        "[{name: Nanping}, {country: CN}]",
        "\n  - name: Samarkand\n    country: UZ",
    ],
    ids=["kosovo", "full", "limits", "flow-list", "block-list"],
)
def test_valid_locations_are_accepted(check_tree: CheckTree, location: str) -> None:
    assert check_tree({EVENT_FILE: event(f"location: {location}\n")}) == []


def test_an_actor_country_follows_the_location_rules(check_tree: CheckTree) -> None:
    assert check_tree({ACTOR_FILE: actor("country: ru\n")}) == [
        f"{ACTOR}:4:10: 'ru' is not an ISO 3166-1 alpha-2 country code (two capital letters, e.g. 'RU'); "
        "did you mean 'RU'?",
    ]


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("ru", []),
        ("zh-Hans", []),
        ("sr-Latn-RS", []),
        (
            "ZH_hans",
            [
                f"{ACTOR}:4:19: 'native_name_lang' is 'ZH_hans', not a language tag; write one such as ru, uk, "
                "zh-Hans or ar; did you mean 'zh-Hans'?"
            ],
        ),
        (
            "Russian",
            [
                f"{ACTOR}:4:19: 'native_name_lang' is 'Russian', not a language tag; write one such as ru, uk, "
                "zh-Hans or ar"
            ],
        ),
    ],
)
def test_a_native_name_language_is_a_language_tag(check_tree: CheckTree, tag: str, expected: list[str]) -> None:
    assert check_tree({ACTOR_FILE: actor(f"native_name_lang: {tag}\n")}) == expected


def test_source_ids_are_unique_within_an_event(check_tree: CheckTree) -> None:
    source = "  - id: report\n    title: Another report\n    reliability: C\n"
    assert check_tree({EVENT_FILE: event(source)}) == [
        f"{EVENT}:12:9: source id 'report' is used twice in this event (first on line 8); quotes cite sources by "
        "id, so each needs its own",
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reliability", "c", "'reliability' is 'c'; it must be one letter A–F (uppercase); did you mean 'C'?"),
        ("reliability", "G", "'reliability' is 'G'; it must be one letter A–F (uppercase)"),
        ("reliability", "B2", "'reliability' is 'B2'; it must be one letter A–F (uppercase)"),
        ("credibility", "7", "'credibility' is '7'; it must be a digit from 1 to 6"),
        ("credibility", "0", "'credibility' is '0'; it must be a digit from 1 to 6"),
        ("credibility", "2.0", "'credibility' is '2.0'; it must be a digit from 1 to 6"),
        ("credibility", "two", "'credibility' is 'two'; it must be a digit from 1 to 6"),
    ],
    ids=[
        "reliability-lowercase",
        "reliability-G",
        "reliability-grade",
        "credibility-7",
        "credibility-0",
        "credibility-float",
        "credibility-word",
    ],
)
def test_source_grades_follow_the_admiralty_scale(check_tree: CheckTree, field: str, value: str, message: str) -> None:
    line = 10 if field == "reliability" else 11
    text = event(replace=(f"{field}: {'C' if field == 'reliability' else '2'}", f"{field}: {value}"))
    assert check_tree({EVENT_FILE: text}) == [f"{EVENT}:{line}:18: {message}"]


@pytest.mark.parametrize("value", ['"2"', "'6'", "1"], ids=["quoted-digit", "single-quoted", "number"])
def test_a_quoted_credibility_digit_is_accepted(check_tree: CheckTree, value: str) -> None:
    assert check_tree({EVENT_FILE: event(replace=("credibility: 2", f"credibility: {value}"))}) == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "confidence: hgh\n",
            "12:13: 'confidence' is 'hgh'; it must be one of 'low', 'moderate' or 'high'; did you mean 'high'?",
        ),
        (
            "confidence: HIGH\n",
            "12:13: 'confidence' is 'HIGH'; it must be one of 'low', 'moderate' or 'high'; did you mean 'high'?",
        ),
        ("status: drat\n", "12:9: 'status' is 'drat'; it must be one of 'published' or 'draft'; did you mean 'draft'?"),
        ("status: no\n", "12:9: 'status' must be text, but YAML reads no as true/false; put it in quotes: \"no\""),
        (
            "related:\n  - {event: patrushev-nanping, relation: preceeds}\n",
            "13:42: 'relation' is 'preceeds'; it must be one of 'precedes', 'follows', 'part-of', 'response-to' or "
            "'related'; did you mean 'precedes'?",
        ),
    ],
    ids=["confidence-typo", "confidence-case", "status-typo", "status-bool", "relation-typo"],
)
def test_enumerations_suggest_the_nearest_value(check_tree: CheckTree, line: str, expected: str) -> None:
    assert check_tree({EVENT_FILE: event(line)}) == [f"{EVENT}:{expected}"]


def test_actor_kind_is_an_enumeration(check_tree: CheckTree) -> None:
    assert check_tree({ACTOR_FILE: "name: Nikolai Patrushev\nkind: persn\n"}) == [
        f"{ACTOR}:2:7: 'kind' is 'persn'; it must be one of 'person', 'organization', 'state' or 'group'; "
        "did you mean 'person'?",
    ]


# --- references between files -------------------------------------------------------------------------


def test_unknown_references_suggest_the_nearest_id(check_tree: CheckTree) -> None:
    text = event(
        "tags: [securty]\nrelated: [patrushev-nanpin]\n",
        replace=("actor: nikolai-patrushev", "actor: nikolai-patrushv"),
    )
    assert check_tree({EVENT_FILE: text, "tags.yaml": "security: {title: Security}\n"}) == [
        f"{EVENT}:5:12: unknown actor 'nikolai-patrushv'; did you mean 'nikolai-patrushev'?",
        f"{EVENT}:12:8: unknown tag 'securty'; did you mean 'security'?",
        f"{EVENT}:13:11: unknown event 'patrushev-nanpin'; did you mean 'patrushev-nanping'?",
    ]


def test_unknown_references_without_a_near_id_say_where_to_add_it(check_tree: CheckTree) -> None:
    text = event("tags: [qqq]\nrelated: [xxx]\n", replace=("actor: nikolai-patrushev", "actor: zzz"))
    assert check_tree({EVENT_FILE: text}) == [
        f"{EVENT}:5:12: unknown actor 'zzz'; add content/actors/zzz.yaml",
        f"{EVENT}:12:8: unknown tag 'qqq'; add it to content/tags.yaml",
        f"{EVENT}:13:11: unknown event 'xxx'; add content/events/xxx.yaml",
    ]


QUOTE = "quotes:\n  - text: We agreed.\n    actor: {actor}\n    source: {source}\n"


@pytest.mark.parametrize(
    ("speaker", "source", "expected"),
    [
        ("russia", "report", [f"{EVENT}:14:12: quote speaker 'russia' is not in this event's 'actors'; add it there"]),
        (
            "[nikolai-patrushev, russia]",
            "report",
            [f"{EVENT}:14:32: quote speaker 'russia' is not in this event's 'actors'; add it there"],
        ),
        (
            "nikolai-patrushev",
            "reprt",
            [
                f"{EVENT}:15:13: quote source 'reprt' is not a source of this event; did you mean 'report'? "
                "(sources: report)"
            ],
        ),
        (
            "[nikolai-patrushev, nikolai-patrushev]",
            "report",
            [f"{EVENT}:14:32: 'nikolai-patrushev' is listed twice in 'actor' (first on line 14); keep one"],
        ),
    ],
    ids=["speaker", "joint-statement", "source", "joint-repeated"],
)
def test_a_quote_cites_the_event_own_actors_and_sources(
    check_tree: CheckTree, speaker: str, source: str, expected: list[str]
) -> None:
    files: dict[str, str | bytes] = {
        EVENT_FILE: event(QUOTE.format(actor=speaker, source=source)),
        "actors/russia.yaml": RUSSIA,
    }
    assert check_tree(files) == expected


def test_a_joint_statement_of_the_event_actors_is_accepted(check_tree: CheckTree) -> None:
    text = event(
        QUOTE.format(actor="[nikolai-patrushev, russia]", source="report"),
        replace=("actors:\n", "actors:\n  - russia\n"),
    )
    assert check_tree({EVENT_FILE: text, "actors/russia.yaml": RUSSIA}) == []


@pytest.mark.parametrize(
    ("organization", "expected"),
    [
        (
            "vladimir-putin",
            "'organization' is 'vladimir-putin', a person; name the organization, state or group in "
            "which the role is held",
        ),
        ("rusia", "unknown actor 'rusia'; did you mean 'russia'?"),
    ],
    ids=["person", "unknown"],
)
def test_a_role_organization_is_an_organization_state_or_group(
    check_tree: CheckTree, organization: str, expected: str
) -> None:
    files: dict[str, str | bytes] = {
        ACTOR_FILE: actor(f"roles:\n  - title: Secretary\n    organization: {organization}\n"),
        "actors/vladimir-putin.yaml": PUTIN,
        "actors/russia.yaml": RUSSIA,
    }
    assert check_tree(files) == [f"{ACTOR}:6:19: {expected}"]


def test_a_role_organization_with_a_wrong_kind_is_reported_once(check_tree: CheckTree) -> None:
    files: dict[str, str | bytes] = {
        ACTOR_FILE: actor("roles:\n  - title: Secretary\n    organization: council\n"),
        "actors/council.yaml": "name: Security Council\nkind: organisation\n",
    }
    assert check_tree(files) == [
        "content/actors/council.yaml:2:7: 'kind' is 'organisation'; it must be one of 'person', 'organization', "
        "'state' or 'group'; did you mean 'organization'?",
    ]


def test_an_actor_relation_to_itself_is_an_error(check_tree: CheckTree) -> None:
    assert check_tree({ACTOR_FILE: actor("relations:\n  - actor: nikolai-patrushev\n    relation: leads\n")}) == [
        f"{ACTOR}:5:12: 'nikolai-patrushev' is this actor itself; a relation names another actor",
    ]


# --- relations between events ---------------------------------------------------------------------------

EVENT_A = "content/events/a.yaml"
EVENT_B = "content/events/b.yaml"


def test_an_event_related_to_itself_is_an_error(check_tree: CheckTree) -> None:
    assert check_tree({EVENT_FILE: related("{event: patrushev-nanping, relation: follows}")}) == [
        f"{EVENT}:13:13: 'patrushev-nanping' is this event itself; an event cannot be related to itself: remove it",
    ]


def test_a_related_event_is_named_once(check_tree: CheckTree) -> None:
    files: dict[str, str | bytes] = {
        "events/a.yaml": related("b", "{event: b, relation: follows}"),
        "events/b.yaml": MINIMAL_EVENT,
    }
    assert check_tree(files) == [
        f"{EVENT_A}:14:13: 'b' is listed twice in 'related' (first on line 13); two events have at most one "
        "relation: keep one",
    ]


@pytest.mark.parametrize(
    ("on_a", "on_b", "says_a", "says_b"),
    [
        ("follows", "follows", "a follows b", "b follows a"),
        ("precedes", "precedes", "a precedes b", "b precedes a"),
        ("part-of", "related", "a is part of b", "b is related to a"),
        ("part-of", "part-of", "a is part of b", "b is part of a"),
        ("response-to", "follows", "a is a response to b", "b follows a"),
    ],
    ids=["follows-both", "precedes-both", "part-of-related", "part-of-both", "response-follows"],
)
def test_a_contradiction_between_the_two_sides_is_an_error(
    check_tree: CheckTree, on_a: str, on_b: str, says_a: str, says_b: str
) -> None:
    files: dict[str, str | bytes] = {
        "events/a.yaml": related(f"{{event: b, relation: {on_a}}}"),
        "events/b.yaml": related(f"{{event: a, relation: {on_b}}}"),
    }
    assert check_tree(files) == [
        f"{EVENT_B}:13:13: contradicts {EVENT_A}: it says '{says_a}', this says '{says_b}'; keep one (a relation "
        "is shown on both events)",
    ]


@pytest.mark.parametrize(
    ("on_a", "on_b"),
    [
        ("{event: b, relation: follows}", "{event: a, relation: precedes}"),
        ("{event: b, relation: precedes}", "{event: a, relation: follows}"),
        ("b", "{event: a, relation: related}"),
    ],
    ids=["follows-precedes", "precedes-follows", "related-both"],
)
def test_a_relation_written_compatibly_on_both_sides_is_accepted(check_tree: CheckTree, on_a: str, on_b: str) -> None:
    assert check_tree({"events/a.yaml": related(on_a), "events/b.yaml": related(on_b)}) == []


@pytest.mark.parametrize(
    ("relations", "expected"),
    [
        (
            {
                "a": "{event: b, relation: follows}",
                "b": "{event: c, relation: response-to}",
                "c": "{event: a, relation: follows}",
            },
            f"{EVENT_A}:13:13: relations form a cycle: a comes after b comes after c comes after a; remove or correct "
            "one of them",
        ),
        (
            {
                "a": "{event: b, relation: precedes}",
                "b": "{event: c, relation: precedes}",
                "c": "{event: a, relation: precedes}",
            },
            "content/events/c.yaml:13:13: relations form a cycle: a comes after c comes after b comes after a; remove "
            "or correct one of them",
        ),
        (
            {
                "a": "{event: b, relation: part-of}",
                "b": "{event: c, relation: part-of}",
                "c": "{event: a, relation: part-of}",
            },
            f"{EVENT_A}:13:13: relations form a cycle: a is part of b is part of c is part of a; remove or correct one "
            "of them",
        ),
    ],
    ids=["follows-response-to", "precedes", "part-of"],
)
def test_a_cycle_of_relations_is_an_error(check_tree: CheckTree, relations: dict[str, str], expected: str) -> None:
    files: dict[str, str | bytes] = {f"events/{name}.yaml": related(entry) for name, entry in relations.items()}
    assert check_tree(files) == [expected]


def test_a_chain_without_a_cycle_is_accepted(check_tree: CheckTree) -> None:
    files: dict[str, str | bytes] = {
        "events/a.yaml": related("{event: b, relation: follows}"),
        "events/b.yaml": related("{event: c, relation: part-of}"),
        "events/c.yaml": related("{event: a, relation: related}"),
    }
    assert check_tree(files) == []


# --- URLs and Markdown links -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "example.org/report",
        "/events/x/",
        "https://exa mple.org",
        "ftp://example.org",
        "https://",
        "http:///path",
        "https://example.org/a|b",
        "mailto:desk@example.org",
    ],
    ids=["javascript", "relative", "root-relative", "space", "ftp", "no-host", "empty-host", "pipe", "mailto"],
)
def test_a_url_field_is_a_full_http_url(check_tree: CheckTree, value: str) -> None:
    assert check_tree({EVENT_FILE: event(f'    url: "{value}"\n    archive_url: "{value}"\n')}) == [
        f"{EVENT}:12:10: 'url' is '{value}', not a web address; write a full http:// or https:// URL with a host "
        "and no spaces, e.g. https://example.org/report",
        f"{EVENT}:13:18: 'archive_url' is '{value}', not a web address; write a full http:// or https:// URL with "
        "a host and no spaces, e.g. https://example.org/report",
    ]


def test_a_link_url_is_a_full_http_url(check_tree: CheckTree) -> None:
    assert check_tree({ACTOR_FILE: actor("links:\n  - title: Site\n    url: javascript:alert(1)\n")}) == [
        f"{ACTOR}:6:10: 'url' is 'javascript:alert(1)', not a web address; write a full http:// or https:// URL "
        "with a host and no spaces, e.g. https://example.org/report",
    ]


def test_http_urls_in_any_case_are_accepted(check_tree: CheckTree) -> None:
    assert check_tree({EVENT_FILE: event("    url: HTTPS://Example.ORG/a?b=c#d\n")}) == []


NOT_ALLOWED = (
    "is not allowed: use an https:// URL, event:<id>, actor:<id>, tag:<id>, briefing:<id>, page:<path>, "
    "#anchor or mailto:"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "See [x](/events/x/).",
            "4:16: link '/events/x/' is root-relative, which breaks on a sub-path and from disk; write 'event:x'",
        ),
        ("[x](javascript:alert(1))", f"4:12: link 'javascript:alert(1)' {NOT_ALLOWED}"),
        ("[x](JaVaScRiPt:alert(1))", f"4:12: link 'JaVaScRiPt:alert(1)' {NOT_ALLOWED}"),
        ("[x](java&#115;cript:alert(1))", f"4:12: link 'java&#115;cript:alert(1)' {NOT_ALLOWED}"),
        ("[x][ref]\\n\\n[ref]: javascript:alert(1)", f"4:27: link 'javascript:alert(1)' {NOT_ALLOWED}"),
        (
            "![chart](data:image/png;base64,AAAA)",
            "4:17: image 'data:image/png;base64,AAAA' must be an http:// or https:// URL",
        ),
        ("[x](../other.html)", f"4:12: link '../other.html' {NOT_ALLOWED}"),
        ("[x](event:patrushev-nanpin)", "4:12: unknown event 'patrushev-nanpin'; did you mean 'patrushev-nanping'?"),
        ("[x](tag:nope)", "4:12: unknown tag 'nope'; add it to content/tags.yaml"),
        (
            "[x](actor:Bad_Id)",
            "4:12: link 'actor:Bad_Id' names an invalid id: ids are lowercase letters, digits and single hyphens",
        ),
    ],
    ids=[
        "root-relative",
        "javascript",
        "javascript-mixed-case",
        "javascript-entity",
        "reference-definition",
        "data-image",
        "relative",
        "unknown-event",
        "unknown-tag",
        "invalid-id",
    ],
)
def test_markdown_links_are_checked_where_they_are_written(check_tree: CheckTree, body: str, expected: str) -> None:
    assert check_tree({ACTOR_FILE: actor(f'body: "{body}"\n')}) == [f"{ACTOR}:{expected}"]


def test_links_in_block_and_folded_text_point_at_their_line(check_tree: CheckTree) -> None:
    text = actor("body: |\n  First.\n\n  See [x](/events/x/).\nsummary: >\n  Folded\n  [y](/actors/y/) text.\n")
    assert check_tree({ACTOR_FILE: text}) == [
        f"{ACTOR}:7:11: link '/events/x/' is root-relative, which breaks on a sub-path and from disk; write 'event:x'",
        f"{ACTOR}:10:7: link '/actors/y/' is root-relative, which breaks on a sub-path and from disk; write 'actor:y'",
    ]


def test_a_link_to_a_draft_and_other_allowed_targets_are_accepted(check_tree: CheckTree) -> None:
    body = "[a](event:draft) [b](#part) [c](mailto:desk@example.org) [d](https://example.org) [e](actor:russia)"
    files: dict[str, str | bytes] = {
        ACTOR_FILE: actor(f'body: "{body}"\n'),
        "events/draft.yaml": event("status: draft\n"),
        "actors/russia.yaml": RUSSIA,
    }
    assert check_tree(files) == []


# --- briefings ------------------------------------------------------------------------------------------------


def test_a_briefing_select_needs_a_criterion(check_tree: CheckTree) -> None:
    assert check_tree(briefing("  exclude: [patrushev-nanping]\n")) == [
        f"{BRIEFING}:4:3: 'select' chooses no event without one of 'events', 'actors', 'tags', 'from' or 'to'; "
        "add at least one",
    ]


def test_a_briefing_select_with_unknown_ids_is_an_error(check_tree: CheckTree) -> None:
    select = "  events: [patrushev-nanpin]\n  actors: [nobody]\n  tags: [t]\n  exclude: [zz]\n"
    assert check_tree(briefing(select)) == [
        f"{BRIEFING}:4:12: unknown event 'patrushev-nanpin'; did you mean 'patrushev-nanping'?",
        f"{BRIEFING}:5:12: unknown actor 'nobody'; add content/actors/nobody.yaml",
        f"{BRIEFING}:6:10: unknown tag 't'; add it to content/tags.yaml",
        f"{BRIEFING}:7:13: unknown event 'zz'; add content/events/zz.yaml",
    ]


def test_a_briefing_select_must_be_a_mapping(check_tree: CheckTree) -> None:
    assert check_tree({"briefings/b.yaml": "title: B\nsummary: S.\nselect: everything\n"}) == [
        f"{BRIEFING}:3:9: 'select' must be a mapping of 'events', 'actors', 'tags', 'from', 'to' or 'exclude', "
        "not a value",
    ]


@pytest.mark.parametrize(
    ("files", "select"),
    [({}, "  from: 2024\n"), ({EVENT_FILE: event("status: draft\n")}, "  events: [patrushev-nanping]\n")],
    ids=["nothing-in-period", "only-a-draft"],
)
def test_a_briefing_that_selects_no_published_event_is_a_warning(
    check_tree: CheckTree, tmp_path: Path, files: dict[str, str | bytes], select: str
) -> None:
    warning = f"{BRIEFING}:4:3: warning: this briefing selects no published event; check its 'select'"
    assert check_tree({**files, **briefing(select)}) == [warning]
    assert load_site(tmp_path / "content", root=tmp_path).site is not None
    runner = CliRunner()
    plain = runner.invoke(main, ["check", "--content", "content"])
    strict = runner.invoke(main, ["check", "--content", "content", "--strict"])
    assert (plain.exit_code, strict.exit_code) == (0, 1)
    assert warning in strict.output


def test_drafts_are_validated_in_full(check_tree: CheckTree) -> None:
    text = event("status: draft\ntags: [nope]\nconfidence: sure\n")
    assert check_tree({EVENT_FILE: text}) == [
        f"{EVENT}:13:8: unknown tag 'nope'; add it to content/tags.yaml",
        f"{EVENT}:14:13: 'confidence' is 'sure'; it must be one of 'low', 'moderate' or 'high'",
    ]


# --- every problem, in one run, in order ---------------------------------------------------------------------


def test_every_problem_of_a_tree_is_reported_in_one_run_sorted(check_tree: CheckTree, tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        EVENT_FILE: event(
            "confidence: sure\nrelated: [nowhere]\n",
            replace=("actors:\n", "actors:\n  - nikolai-patrushev\n"),
        ),
        ACTOR_FILE: "name: NO\nkind: persn\ncountry: ru\n",
        "actors/Bad.yaml": RUSSIA,
        "events/2022/x.yml": "x: 1\n",
        "tags.yaml": "security: {title: Security, extra: 1}\n",
        "briefings/b.yaml": "title: B\nselect: {from: 2023, to: 2022}\n",
        "notes.txt": "x",
    }
    expected = [
        "content/actors/Bad.yaml:1:1: the file name 'Bad.yaml' is not a valid id (lowercase letters, digits and "
        "single hyphens); rename it to 'bad.yaml'",
        f"{ACTOR}:1:7: 'name' must be text, but YAML reads NO as true/false; put it in quotes: \"NO\"",
        f"{ACTOR}:2:7: 'kind' is 'persn'; it must be one of 'person', 'organization', 'state' or 'group'; did you "
        "mean 'person'?",
        f"{ACTOR}:3:10: 'ru' is not an ISO 3166-1 alpha-2 country code (two capital letters, e.g. 'RU'); did you "
        "mean 'RU'?",
        f"{BRIEFING}:1:1: this briefing is missing the required field 'summary'; add it",
        f"{BRIEFING}:2:26: 'to' (2022) is before 'from' (2023); correct one of them",
        "content/events/2022/x.yml:1:1: content files end in '.yaml'; rename it to 'x.yaml'",
        f"{EVENT}:6:5: actor 'nikolai-patrushev' is listed twice in 'actors' (first on line 5); give several roles "
        "in one text: role: host, co-chair",
        f"{EVENT}:13:13: 'confidence' is 'sure'; it must be one of 'low', 'moderate' or 'high'",
        f"{EVENT}:14:11: unknown event 'nowhere'; add content/events/nowhere.yaml",
        "content/notes.txt:1:1: warning: ignored: only .yaml files in events/, actors/ and briefings/, "
        "tags.yaml and .md pages are content",
        "content/tags.yaml:1:29: unknown field 'extra' in tag 'security'; the fields are 'title' or 'description'",
    ]
    assert check_tree(files) == expected
    assert load_site(tmp_path / "content", root=tmp_path).site is None


def test_the_sample_content_is_clean() -> None:
    content = Path(__file__).resolve().parent.parent / "content"
    result = load_site(content, root=content.parent)
    assert [str(p) for p in result.problems] == []


def test_the_minimal_tree_is_clean(minimal_tree: Callable[..., Path], tmp_path: Path) -> None:
    result = load_site(minimal_tree(), root=tmp_path)
    assert result.problems == []
    assert result.site is not None


GRADED_SOURCE = "sources:\n  - id: r\n    title: R\n    reliability: C\n    credibility: 2\n"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"events/a.yaml": "title: T\ndate: 2022-01-01\nsummary: S.\nrelations: []\n" + GRADED_SOURCE},
            "content/events/a.yaml:4:1: unknown field 'relations' in this event; did you mean 'related'?",
        ),
        (
            {"actors/a.yaml": "name: A\nkind: person\nrelated: [x]\n"},
            "content/actors/a.yaml:3:1: unknown field 'related' in this actor; did you mean 'relations'?",
        ),
        (
            {"events/a.yaml": "title: T\ndate: 2022-01-01\nsummary: S.\nsource: []\n" + GRADED_SOURCE},
            "content/events/a.yaml:4:1: unknown field 'source' in this event; did you mean 'sources'?",
        ),
    ],
)
def test_did_you_mean_suggests_the_field_of_the_same_meaning(
    check_tree: CheckTree, files: dict[str, str], expected: str
) -> None:
    assert expected in check_tree(files)


def test_an_anchor_in_a_cross_reference_is_explained(check_tree: CheckTree) -> None:
    text = 'title: T\ndate: 2022-01-01\nsummary: "See [it](event:patrushev-nanping#talks)."\n' + GRADED_SOURCE
    assert check_tree({"events/a.yaml": text}) == [
        "content/events/a.yaml:3:20: link 'event:patrushev-nanping#talks' has an anchor ('#talks'), but an id names "
        "the whole item: anchors are not part of ids; write event:patrushev-nanping"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("tag", []),
        ("actor", []),
        (
            "tags",
            [
                "content/briefings/b.yaml:3:17: 'timeline_lanes' is 'tags'; it must be one of 'tag' or 'actor'; "
                "did you mean 'tag'?"
            ],
        ),
        ("place", ["content/briefings/b.yaml:3:17: 'timeline_lanes' is 'place'; it must be one of 'tag' or 'actor'"]),
    ],
)
def test_timeline_lanes_are_by_tag_or_by_actor(check_tree: CheckTree, value: str, expected: list[str]) -> None:
    files = briefing("  events: [patrushev-nanping]\n", f"title: B\nsummary: S.\ntimeline_lanes: {value}\n")
    files[EVENT_FILE] = event()
    assert check_tree(files) == expected
