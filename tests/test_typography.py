"""Typographic quotes (builder/typography.py): one rule for titles, names and Markdown."""

from __future__ import annotations

from builder.typography import typographic, typographic_html


def test_a_quote_opens_at_a_word_and_closes_after_it() -> None:
    said = {
        'China and Russia declare a "no limits" friendship': "China and Russia declare a “no limits” friendship",
        'Russia\'s "core interests"': "Russia’s “core interests”",
        "Leaders' meetings": "Leaders’ meetings",
        "He said 'no' (\"quote 'inner' end\")": "He said ‘no’ (“quote ‘inner’ end”)",
        "Already “curly” and ’tis": "Already “curly” and ’tis",
        '"Quoted at the start"': "“Quoted at the start”",
        "No quotes at all": "No quotes at all",
    }
    assert {text: typographic(text) for text in said} == said


def test_html_text_is_curled_but_never_tags_or_code() -> None:
    html = (
        '<p>An "unconditional priority" of <a href="x.html" title="a \'t\'">Russia</a>\'s policy; '
        '<code>"x"</code> <em>word</em>\'s</p>\n<blockquote>\n<p>"quoted"</p>\n</blockquote>'
    )
    assert typographic_html(html) == (
        '<p>An “unconditional priority” of <a href="x.html" title="a \'t\'">Russia</a>’s policy; '
        '<code>"x"</code> <em>word</em>’s</p>\n<blockquote>\n<p>“quoted”</p>\n</blockquote>'
    )


def test_a_quote_block_that_starts_with_a_quote_is_not_doubled() -> None:
    assert typographic_html("<p>“Already curly,” she said.</p>") == "<p>“Already curly,” she said.</p>"
