"""Tests for builder.links: where the links of a text are, and which are allowed."""

from __future__ import annotations

import pytest

from builder.links import FoundLink, check_link, cross_reference, find_links, is_http_url

# --------------------------------------------------------------------------
# find_links
# --------------------------------------------------------------------------

FIND_CASES = [
    (
        "inline-link-image-and-angle",
        '[a](https://x.org "t") ![i](<img.png>) [b](<javascript:x>)',
        [("https://x.org", False, 0, 4), ("img.png", True, 0, 29), ("javascript:x", False, 0, 44)],
    ),
    (
        "cross-reference-position",
        "Met in\nSamarkand ([report](event:putin-xi-samarkand)).",
        [("event:putin-xi-samarkand", False, 1, 20)],
    ),
    ("code-spans-skipped", "`[x](javascript:y)` and ``a ` [y](z) `` [ok](#p)", [("#p", False, 0, 45)]),
    ("backtick-fence-skipped", "```\n[x](javascript:y)\n```\n\nafter [z](/events/x/)", [("/events/x/", False, 4, 10)]),
    ("indented-code-skipped", "para\n\n    [code](javascript:x)\n\ntext", []),
    ("tab-indented-code-skipped", "para\n\n\t[code](javascript:x)", []),
    ("lazy-indented-line-is-not-code", "text\n    [lazy](tag:y)", [("tag:y", False, 1, 11)]),
    (
        "list-continuation-is-not-code",
        "- item\n\n    [cont](event:a)\n\n        [code](event:b)\n\nend [e](event:c)",
        [("event:a", False, 2, 11), ("event:c", False, 6, 8)],
    ),
    (
        "reference-definitions",
        '[ref]: https://x.org/r "T"\n[^1]: note [n](event:f)\n[r2]:\n  <https://y.org/>\n',
        [("https://x.org/r", False, 0, 7), ("event:f", False, 1, 15), ("https://y.org/", False, 3, 3)],
    ),
    (
        "autolinks",
        "see <https://a.org/x> and <mailto:me@x.org> and <x@y.org>",
        # `<x@y.org>` is an automatic e-mail link too: Python-Markdown makes it mailto:x@y.org.
        [("https://a.org/x", False, 0, 5), ("mailto:me@x.org", False, 0, 27), ("mailto:x@y.org", False, 0, 49)],
    ),
    (
        "nested-brackets-and-escapes",
        r"[![alt](https://i/x.png)](https://x.org) \[not](a) [a [b](c) d](e)",
        # A link inside a link's text is not rendered (Python-Markdown does not look for links there again).
        [("https://i/x.png", True, 0, 8), ("https://x.org", False, 0, 26), ("e", False, 0, 64)],
    ),
    (
        "newline-parentheses-and-spaces",
        "[x](java\nscript:alert(1)) [y](a(b)c) [z](  spaced  )",
        [("java\nscript:alert(1)", False, 0, 4), ("a(b)c", False, 1, 21), ("spaced", False, 1, 34)],
    ),
    ("column-counts-code-points", "é\t😀 [x](event:x)", [("event:x", False, 0, 8)]),
    ("empty-destination", "[x]()", [("", False, 0, 4)]),
    ("unclosed-destination-ends-at-paragraph", "[open](never closed\n\n[x](y)", [("y", False, 2, 4)]),
    ("no-links", "Just [brackets] and <em>tags</em>.", []),
    ("footnote-reference-is-not-a-link", "Text[^1].", []),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in FIND_CASES], ids=[case[0] for case in FIND_CASES])
def test_find_links(text: str, expected: list[tuple[str, bool, int, int]]) -> None:
    assert find_links(text) == [FoundLink(*link) for link in expected]


def test_find_links_targets_point_at_the_text() -> None:
    text = "Intro [a](https://x.org/a)\n\n- [b](event:x)\n\n[r]: <tag:y>\n"
    lines = text.split("\n")
    for link in find_links(text):
        assert lines[link.line][link.column :].startswith(link.target)


# --------------------------------------------------------------------------
# check_link, is_http_url, cross_reference
# --------------------------------------------------------------------------

NOT_ALLOWED = ": use an https:// URL, event:<id>, actor:<id>, tag:<id>, briefing:<id>, page:<path>, #anchor or mailto:"
ROOT_RELATIVE = (
    " is root-relative; link to a page with event:<id>, actor:<id>, tag:<id> or briefing:<id>, "
    "or give a full https:// URL"
)


def root_relative_page(target: str, suggestion: str) -> str:
    return f"link '{target}' is root-relative, which breaks on a sub-path and from disk; write '{suggestion}'"


INVALID_ID = " names an invalid id: ids are lowercase letters, digits and single hyphens"

CHECK_CASES = [
    ("https", "https://x.org/a", False, None),
    ("http-upper-case-scheme", "HTTP://X.ORG", False, None),
    ("event", "event:putin-xi-samarkand", False, None),
    ("actor", "actor:xi", False, None),
    ("tag", "tag:trade", False, None),
    ("briefing", "briefing:weekly-1", False, None),
    ("anchor", "#part", False, None),
    ("mailto", "mailto:desk@x.org", False, None),
    ("image-https", "https://x.org/a.png", True, None),
    ("root-relative-event", "/events/x/", False, root_relative_page("/events/x/", "event:x")),
    ("root-relative-event-no-slash", "/events/x", False, root_relative_page("/events/x", "event:x")),
    ("root-relative-actor", "/actors/xi/", False, root_relative_page("/actors/xi/", "actor:xi")),
    ("root-relative-tag", "/tags/trade/", False, root_relative_page("/tags/trade/", "tag:trade")),
    ("root-relative-briefing", "/briefings/b", False, root_relative_page("/briefings/b", "briefing:b")),
    ("root-relative-other", "/about/", False, "link '/about/'" + ROOT_RELATIVE),
    ("root-relative-section", "/events/", False, "link '/events/'" + ROOT_RELATIVE),
    ("javascript", "javascript:alert(1)", False, "link 'javascript:alert(1)' is not allowed" + NOT_ALLOWED),
    ("relative-path", "page.html", False, "link 'page.html' is not allowed" + NOT_ALLOWED),
    ("protocol-relative", "//evil.org/", False, "link '//evil.org/' is not allowed" + NOT_ALLOWED),
    ("ftp", "ftp://x.org/", False, "link 'ftp://x.org/' is not allowed" + NOT_ALLOWED),
    ("bare-hash", "#", False, "link '#' is not allowed" + NOT_ALLOWED),
    ("empty", "", False, "link '' is not allowed" + NOT_ALLOWED),
    ("newline-shown-escaped", "java\nscript:x", False, "link 'java\\nscript:x' is not allowed" + NOT_ALLOWED),
    ("image-relative", "x.png", True, "image 'x.png' must be an http:// or https:// URL"),
    ("image-crossref", "event:x", True, "image 'event:x' must be an http:// or https:// URL"),
    (
        "image-data",
        "data:image/png;base64,AA",
        True,
        "image 'data:image/png;base64,AA' must be an http:// or https:// URL",
    ),
    ("image-root-relative", "/img/x.png", True, "image '/img/x.png' must be an http:// or https:// URL"),
    ("invalid-id", "event:Bad_Id", False, "link 'event:Bad_Id'" + INVALID_ID),
    ("double-hyphen-id", "actor:a--b", False, "link 'actor:a--b'" + INVALID_ID),
    ("empty-id", "tag:", False, "link 'tag:'" + INVALID_ID),
    ("id-too-long", "event:" + "a" * 101, False, "link 'event:" + "a" * 101 + "'" + INVALID_ID),
    (
        "malformed-http",
        "https://x.org/{a}",
        False,
        "link 'https://x.org/{a}' is not a valid URL: write http:// or https://, a host, and no spaces,"
        ' control characters or " < > \\ ^ ` { | }',
    ),
]


@pytest.mark.parametrize(
    ("target", "is_image", "expected"), [case[1:] for case in CHECK_CASES], ids=[case[0] for case in CHECK_CASES]
)
def test_check_link(target: str, is_image: bool, expected: str | None) -> None:
    assert check_link(FoundLink(target, is_image, 0, 0)) == expected


def test_id_of_exactly_100_characters_is_allowed() -> None:
    assert check_link(FoundLink("event:" + "a" * 100, is_image=False, line=0, column=0)) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://x.org", True),
        ("http://x.org/a/b?c=d&e=f#g", True),
        ("HtTpS://x.org", True),
        ("https://user@x.org:8080/", True),
        ("https://[2001:db8::1]/", True),
        ("https://例え.jp/パス", True),
        ("https://", False),
        ("https:///path", False),
        ("https://:80/", False),
        ("https:x.org", False),
        ("ftp://x.org", False),
        ("//x.org", False),
        ("https://x.org/a b", False),
        ("https://x.org/a\tb", False),
        ("https://x.org/\x00", False),
        ("https://x.org/\x85", False),
        ("https://x.org/\u00a0", False),
        *[(f"https://x.org/a{c}b", False) for c in '"<>\\^`{|}'],
    ],
    ids=lambda value: repr(value) if isinstance(value, str) else None,
)
def test_is_http_url(value: str, expected: bool) -> None:
    assert is_http_url(value) is expected


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("event:x", ("event", "x")),
        ("actor:putin", ("actor", "putin")),
        ("tag:trade", ("tag", "trade")),
        ("briefing:b-1", ("briefing", "b-1")),
        ("event:Bad_Id", ("event", "Bad_Id")),
        ("events:x", None),
        ("Event:x", None),
        ("https://x.org", None),
        ("event", None),
    ],
    ids=["event", "actor", "tag", "briefing", "invalid-id-still-split", "plural", "capitalised", "url", "no-colon"],
)
def test_cross_reference(target: str, expected: tuple[str, str] | None) -> None:
    assert cross_reference(target) == expected


# Python-Markdown finds links before images across the whole paragraph, so here the
# image's `](` never closes and `[a](javascript:x)` near the end is a link: the scan
# alone, reading left to right, does not see it.
TANGLED = (
    '</div>![(\'\'a@b.c[a](https://a.example "t")> [q]: javascript:q![[^1]: [^1]    ](<div>"event:x*'
    "/events/x/\\([[x][r][^1]: [a](javascript:x)[^1]1. [r] *\\"
)


def test_a_tangled_text_takes_its_links_from_python_markdowns_parse() -> None:
    from builder import links

    assert not links.scan_is_sure(TANGLED)
    assert all(target != "javascript:x" for *_place, target in links._scanned_targets(TANGLED))
    found = links.link_targets(TANGLED)
    offset = TANGLED.index("javascript:x)")
    assert (offset, len("javascript:x"), False, "javascript:x") in found
    assert check_link(FoundLink("javascript:x", is_image=False, line=0, column=0)) is not None


def test_prose_with_links_is_read_by_the_scan_alone() -> None:
    from builder import links

    prose = "Met in Samarkand ([report](event:putin-xi), [video](https://x.org/v?a=1)).\n\n[ref]: https://x.org"
    assert links.scan_is_sure(prose)
