"""YAML syntax errors in a curator's words (builder/yamlerrors.py): each usual mistake of the
curators' guide ("Writing YAML safely") is named at the line and column where it is, with the
fix. The full message of each is pinned here."""

from __future__ import annotations

import pytest
from conftest import CheckTree

FILE = "events/talks.yaml"
AT = f"content/{FILE}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "title: T\ndate: 2022-01-01\nsummary: S.\nsources:\n\t- id: r\n",
            "5:1: tabs can't indent YAML; use spaces (two per level)",
            id="tab",
        ),
        pytest.param(
            'title: "Xi and Putin\ndate: 2022-01-01\nsummary: S.\n',
            '1:8: this value opens a quote (") that is never closed; end the value with " on the same line, or '
            "write it without quotes",
            id="unclosed-double-quote",
        ),
        pytest.param(
            "title: T\ndate: 2022-01-01\nsummary: 'Xi said\n",
            "3:10: this value opens a quote (') that is never closed; end the value with ' on the same line, or "
            "write it without quotes",
            id="unclosed-single-quote",
        ),
        pytest.param(
            'title: "Xi and Putin\ndate: 2022-01-01\nsummary: Talks on "security" and more.\n',
            '1:8: this value opens a quote (") that is not closed on its line, so YAML reads on to the next ", on '
            'line 3; end the value with " on the same line, or write it without quotes',
            id="quote-closed-by-a-later-line",
        ),
        pytest.param(
            "title: @Talks\ndate: 2022-01-01\nsummary: S.\n",
            "1:8: a value can't start with '@' in YAML; put the whole value in quotes: title: \"@Talks\"",
            id="reserved-first-character",
        ),
        pytest.param(
            "title: > Talks\ndate: 2022-01-01\nsummary: S.\n",
            "1:8: '>' starts a block of text on the lines below, indented under 'title'; for text on this line, put "
            'the whole value in quotes: title: "> Talks"',
            id="block-indicator-then-text",
        ),
        pytest.param(
            "title: T\ndate: 2022-01-01\nsummary: S.\nbody: |\nTalks were held.\nconfidence: low\n",
            "5:1: the text of 'body' must be indented under it (by two spaces more than 'body'), on every line",
            id="block-text-not-indented",
        ),
        pytest.param(
            "title Talks\ndate: 2022-01-01\nsummary: S.\n",
            "1:6: 'title' has no ':' after it; write 'title: Talks'",
            id="field-without-colon",
        ),
        pytest.param(
            "title:Talks\ndate: 2022-01-01\nsummary: S.\n",
            "1:6: 'title:Talks' needs a space after the colon; write 'title: Talks'",
            id="no-space-after-colon",
        ),
        pytest.param(
            "title: T\ndate: 2022-01-01\nsummary: S.\nsources:\n  - id: r\n    title: R\n - id: s\n   title: S\n",
            "7:2: this list item is indented less than the items above it (their '-' is in column 3); line it up "
            "with them",
            id="dedented-list-item",
        ),
        pytest.param(
            "title: T\ndate: 2022-01-01\nsummary: S.\nsources:\n  - id: r\n    title: R\n      - id: s\n",
            "7:7: this list item is indented more than the items above it (their '-' is in column 3); line it up "
            "with them",
            id="over-indented-list-item",
        ),
        pytest.param(
            'title: "Xi and Putin" speak\ndate: 2022-01-01\nsummary: S.\n',
            "1:23: the value starts with a quote, so it ends at the closing \", and 'speak' after it is not YAML; "
            "quote the whole value: title: '\"Xi and Putin\" speak'",
            id="text-after-a-quoted-value",
        ),
        pytest.param(
            "title: Talks: the sequel\ndate: 2022-01-01\nsummary: S.\n",
            "1:13: a ': ' inside a value starts another field; put the value in quotes: title: \"Talks: the sequel\"",
            id="colon-in-a-value",
        ),
        pytest.param(
            "title: T\ndate: 2022-01-01\nsummary: [Patrushev met Guo.\n",
            "3:10: a value that starts with '[' is a list to YAML, and this one is not closed with ']'; if it is "
            "text, put the whole value in quotes",
            id="unclosed-bracket",
        ),
        pytest.param(
            "title: T\ndate: 2022-01-01\nsummary: S.\n- one\n",
            "4:1: a list item where a field is expected; a list belongs to a field: write the field's name and ':' "
            "on the line above, and indent the items under it",
            id="list-item-for-a-field",
        ),
        pytest.param(
            "title: T\ndate: 2022-01-01\nsummary: S.\n  body: B.\n",
            "4:3: 'body' is indented more than 'summary' above it, which already has a value; line it up with the "
            "fields around it",
            id="indented-field",
        ),
    ],
)
def test_each_usual_mistake_is_named_where_it_is(check_tree: CheckTree, text: str, expected: str) -> None:
    assert check_tree({FILE: text}) == [f"{AT}:{expected}"]


def test_an_unusual_mistake_keeps_libyamls_words_with_a_hint(check_tree: CheckTree) -> None:
    (problem,) = check_tree({FILE: "title: T\n]\n"})
    assert problem.startswith(f"{AT}:")
    assert "YAML syntax error: " in problem
    assert problem.endswith("; check the indentation and quotes on this line")
