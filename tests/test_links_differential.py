"""The link check and the renderer read Markdown the same way.

Validation finds links with a linear scanner (`links.link_targets`), so that
`check` stays fast and does not run Python-Markdown. These tests run both over
every text in the test suite, the sample content, a generated briefing
corpus and a random corpus of link-shaped fragments, and compare the
destinations found (see tests/links_corpus.py for what counts).
"""

from __future__ import annotations

import pytest
from links_corpus import (
    content_texts,
    escaped_characters,
    fuzz_texts,
    generated_texts,
    rendered_links,
    scan_alone,
    scanned_links,
    suite_texts,
)

from builder import links
from builder.limits import markdown_limits
from builder.links import scan_is_sure


def _differences(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        if markdown_limits(text):
            continue  # never scanned nor rendered: reported as over a limit
        rendered, scanned = set(rendered_links(text)), set(scanned_links(text))
        if rendered != scanned:
            found.append(
                f"{text!r}: renderer only {sorted(rendered - scanned)}, scanner only {sorted(scanned - rendered)}"
            )
    return found


def test_the_scanner_unescapes_what_python_markdown_unescapes() -> None:
    assert escaped_characters() == set(links._ESCAPABLE)


@pytest.mark.parametrize(
    "text",
    [
        "> [r]: javascript:alert(1)\n\n[x][r]",
        "- item\n\n    [r]: javascript:alert(1)",
        "Note[^1].\n\n[^1]: The note.\n\n    A continuation with [a](javascript:alert(1)).",
        "[^1]: [r]: javascript:alert(1)",
        '[a](javascript:alert(1) "a \\"quoted\\" title")',
        "<vbscript://alert(1)>",
        "<someone@example.org> and <mailto:desk@example.org>",
        "[a](https&#58;//example.org) [b](&#106;avascript:alert(1)) [c](https://example.org/a\\_b)",
        "[x](java\tscript:alert(1))",
        "[a [b](javascript:x)](https://example.org) ![alt [c](javascript:y)](https://example.org/i.png)",
        '[x](https://x.org/"onmouseover="alert(1))',
        ">     [x](javascript:alert(1))",
        "> text\n>\n>     [x](javascript:alert(1))\n>     more",
        "> a\n>\n> > b\n> >\n> >     [x](javascript:alert(1))",
        "> - item\n>\n>     [x](javascript:alert(1))",
        "> - item\n>\n>         [x](javascript:alert(1))",
        "<div>\n[x](javascript:alert(1))\n</div>",
        "<pre>[x](javascript:alert(1))</pre>\n\nAfter [y](javascript:alert(2)).",
        "<div>a</div> [x](javascript:alert(1))",
        "<!--\n[x](javascript:alert(1))\n-->",
        "<div>\nnever closed [x](javascript:alert(1))",
    ],
)
def test_each_form_the_review_found_is_seen_as_the_renderer_sees_it(text: str) -> None:
    assert set(scanned_links(text)) == set(rendered_links(text))


def test_the_scanner_equals_the_renderer_on_the_test_suite_texts() -> None:
    assert _differences(suite_texts()) == []


def test_the_scanner_equals_the_renderer_on_the_sample_content() -> None:
    assert _differences(content_texts()) == []


def test_the_scanner_equals_the_renderer_on_a_generated_corpus() -> None:
    assert _differences(generated_texts()) == []


def _random_texts() -> list[str]:
    """Link-shaped fragments, and the same without `<` (which alone sends a text to the parse),
    so that the scan alone meets thousands of random texts too."""
    texts = fuzz_texts(1500) + [text.replace("<", "") for text in fuzz_texts(3000, seed=1)]
    return [text for text in texts if not markdown_limits(text)]


def test_validation_finds_what_the_renderer_renders_on_random_fragments() -> None:
    found = [f"{text!r}" for text in _random_texts() if scanned_links(text) != rendered_links(text)]
    assert found == []


def test_where_the_scan_is_sure_it_equals_the_parse_on_random_fragments() -> None:
    texts = [text.replace("<", "") for seed in (1, 2, 3, 4) for text in fuzz_texts(3000, seed=seed)]
    sure = [text for text in texts if scan_is_sure(text) and not markdown_limits(text)]
    assert len(sure) > 2500  # the scan alone is really exercised
    assert [f"{text!r}" for text in sure if scan_alone(text) != rendered_links(text)] == []


def test_ordinary_content_never_needs_the_parse() -> None:
    """`briefing check` on prose with links, as curators write it, loads no Python-Markdown."""
    assert [text for text in content_texts() + generated_texts() if not scan_is_sure(text)] == []
