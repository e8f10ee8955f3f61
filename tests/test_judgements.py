"""A briefing's key judgements (CONTENT-MODEL.md, "Briefings" and "Quality warnings"):
checked against the briefing's selection, shown after the bottom line, never naming a draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CheckTree, LoadTree, WriteTree, event_document, jinja_environment

from builder.index import Site
from builder.model import CONFIDENCE_LEVELS, CREDIBILITY, LIKELIHOODS, RELIABILITY
from builder.pipeline import load_site
from builder.rendering.pages import Options, list_pages
from builder.rendering.renderer import Renderer

BRIEFING = "content/briefings/b.yaml"
HEAD = "title: B\nsummary: The bottom line.\nselect:\n  tags: [security]\n"


def tree(judgements: str, *, confidence: str = "low") -> dict[str, str | bytes]:
    """Two events tagged `security` (chosen) and one that is not (not chosen), and a briefing."""
    return {
        "tags.yaml": "security:\n  title: Security\n",
        "events/talks.yaml": event_document("Talks", "2022-09-19", tags=["security"], confidence=confidence),
        "events/summit.yaml": event_document("Summit", "2022-09-15", tags=["security"], confidence="moderate"),
        "events/elsewhere.yaml": event_document("Elsewhere", "2022-01-01"),
        "briefings/b.yaml": HEAD + "judgements:\n" + judgements,
    }


def test_valid_judgements_reach_the_model(load_tree: LoadTree) -> None:
    site = load_tree(
        tree(
            "  - text: Moscow **seeks** closer security ties.\n"
            "    confidence: moderate\n"
            "    likelihood: very likely\n"
            "    based_on: [talks, summit]\n"
            "  - text: More to come.\n    confidence: low\n    based_on: [talks]\n"
        )
    )
    (briefing,) = site.briefings
    first, second = briefing.judgements
    assert (first.text, first.confidence, first.likelihood, first.based_on) == (
        "Moscow **seeks** closer security ties.",
        "moderate",
        "very likely",
        ("talks", "summit"),
    )
    assert (second.likelihood, second.based_on) == (None, ("talks",))


@pytest.mark.parametrize(
    ("judgements", "expected"),
    [
        (
            "  - text: T.\n    confidence: moderate\n    based_on: [talks, elsewhere]\n",
            f"{BRIEFING}:8:23: this judgement rests on event 'elsewhere', which the briefing's 'select' does not "
            "choose; add it to 'select' or remove it from 'based_on'",
        ),
        (
            "  - text: T.\n    confidence: moderate\n    likelihood: likley\n    based_on: [talks]\n",
            f"{BRIEFING}:8:17: 'likelihood' is 'likley'; it must be one of 'almost no chance', 'very unlikely', "
            "'unlikely', 'roughly even chance', 'likely', 'very likely' or 'almost certain'; did you mean 'likely'?",
        ),
        (
            "  - text: T.\n    confidence: sure\n    based_on: [talks]\n",
            f"{BRIEFING}:7:17: 'confidence' is 'sure'; it must be one of 'low', 'moderate' or 'high'",
        ),
        (
            "  - text: T.\n    based_on: [talks]\n",
            f"{BRIEFING}:6:5: this judgement is missing the required field 'confidence'; add it",
        ),
        (
            "  - text: T.\n    confidence: low\n",
            f"{BRIEFING}:6:5: this judgement is missing the required field 'based_on'; add it",
        ),
        (
            "  - text: T.\n    confidence: low\n    based_on: [talsk]\n",
            f"{BRIEFING}:8:16: unknown event 'talsk'; did you mean 'talks'?",
        ),
        (
            "  - text: |\n      One.\n\n      Two.\n    confidence: low\n    based_on: [talks]\n",
            f"{BRIEFING}:6:11: 'text' must be one paragraph (no blank line); put the rest in 'body'",
        ),
        (
            "  - text: See [this](javascript:alert(1)).\n    confidence: low\n    based_on: [talks]\n",
            f"{BRIEFING}:6:22: link 'javascript:alert(1)' is not allowed: use an https:// URL, event:<id>, "
            "actor:<id>, tag:<id>, briefing:<id>, page:<path>, #anchor or mailto:",
        ),
    ],
    ids=[
        "not-selected",
        "likelihood-typo",
        "confidence",
        "no-confidence",
        "no-basis",
        "unknown-event",
        "two-paragraphs",
        "bad-link",
    ],
)
def test_a_judgement_problem_is_reported_where_it_is_written(
    check_tree: CheckTree, judgements: str, expected: str
) -> None:
    assert check_tree(tree(judgements)) == [expected]


def test_high_confidence_on_low_confidence_events_is_a_warning(check_tree: CheckTree) -> None:
    high_on_low = "  - text: T.\n    confidence: high\n    based_on: [talks]\n"
    assert check_tree(tree(high_on_low, confidence="low")) == [
        f"{BRIEFING}:6:5: warning: this judgement's confidence is 'high', but every event it rests on has "
        "confidence 'low' or none; lower it, or rest it on better-sourced events"
    ]
    # One better-sourced event is enough, and so is a lower claim.
    assert check_tree(tree("  - text: T.\n    confidence: high\n    based_on: [talks, summit]\n")) == []
    assert check_tree(tree("  - text: T.\n    confidence: moderate\n    based_on: [talks]\n")) == []


def render_briefing(site: Site) -> str:
    options = Options(site_name="Test site")
    pages = {page.path: page for page in list_pages(site, options)}
    return Renderer(site, options, jinja_environment()).render(pages["briefings/b.md"])


def test_the_briefing_page_opens_with_its_judgements(load_tree: LoadTree) -> None:
    site = load_tree(
        tree("  - text: Ties <b>deepen</b>.\n    confidence: moderate\n    likelihood: likely\n    based_on: [talks]\n")
    )
    page = render_briefing(site)
    assert page.index("The bottom line.") < page.index("Key judgements") < page.index("Chronology")
    assert '<p class="judgement__text">Ties deepen.</p>' in page  # raw HTML other than the few inline kept is cut
    assert "Confidence: <strong>moderate</strong></a>" in page
    assert "Likelihood: <strong>likely</strong></a>" in page
    assert 'Based on <a href="../events/talks.html">Talks</a>' in page


def test_a_draft_behind_a_judgement_is_not_named_in_a_published_build(write_tree: WriteTree, tmp_path: Path) -> None:
    files = tree("  - text: T.\n    confidence: low\n    based_on: [talks, summit]\n")
    files["events/summit.yaml"] = event_document("Secret summit", "2022-09-15", tags=["security"], status="draft")
    content = write_tree(files)
    published = load_site(content, root=tmp_path, drafts=False).site
    preview = load_site(content, root=tmp_path, drafts=True).site
    assert published is not None and preview is not None
    assert "Secret summit" not in render_briefing(published)
    assert "Secret summit" in render_briefing(preview)


REPORT = {
    "id": "report",
    "title": "Readout",
    "url": "https://example.org/readout",
    "reliability": "B",
    "credibility": 2,
}


def sourced_tree() -> dict[str, str | bytes]:
    """The same report in two events (the second time graded lower, with a trailing slash), one
    source with no address, and an `updated` later than every event date."""
    files = tree("  - text: T.\n    confidence: low\n    based_on: [talks]\n")
    again = {**REPORT, "url": "https://example.org/readout/", "reliability": "C", "credibility": 3}
    note = {"id": "note", "title": "Embassy note", "publisher": "Embassy"}
    files["events/talks.yaml"] = event_document(
        "Talks", "2022-09-19", tags=["security"], sources=[REPORT], updated="2022-10-02"
    )
    files["events/summit.yaml"] = event_document("Summit", "2022-09-15", tags=["security"], sources=[again, note])
    return files


def test_a_briefing_says_what_its_information_runs_to_and_lists_each_source_once(load_tree: LoadTree) -> None:
    page = render_briefing(load_tree(sourced_tree()))
    assert 'Information as of <strong><time datetime="2022-10-02">2 October 2022</time></strong>' in page
    sources = page[page.index('id="briefing-sources-heading"') :]
    assert sources.count('<li class="source">') == 2
    # Best graded first; both grades the report was given; the events citing it, in time order.
    assert sources.index("Readout") < sources.index("Embassy note")
    assert '<span class="grade">B2</span> <span class="grade">C3</span>' in sources
    assert 'cited by <a href="../events/summit.html">Summit</a>, <a href="../events/talks.html">Talks</a>' in sources
    assert "Not graded" in sources


def test_every_certainty_marker_judgement_and_grade_links_to_the_methodology(load_tree: LoadTree) -> None:
    site = load_tree(sourced_tree())
    page = render_briefing(site)
    assert '<a class="certainty certainty--none" href="../methodology.html#confidence"' in page
    assert '<a class="judgement__confidence" href="../methodology.html#confidence">' in page
    assert '<a class="grade-link" href="../methodology.html#grades">' in page
    options = Options(site_name="Test site")
    pages = {page.path: page for page in list_pages(site, options)}
    event = Renderer(site, options, jinja_environment()).render(pages["events/talks.md"])
    assert '<a class="grade-link" href="../methodology.html#grades">' in event
    assert '<a href="../methodology.html#confidence">Confidence: not given</a>' in event


def test_the_methodology_page_is_written_from_the_validators_tables(load_tree: LoadTree) -> None:
    site = load_tree(sourced_tree())
    options = Options(site_name="Test site")
    pages = {page.path: page for page in list_pages(site, options)}
    page = Renderer(site, options, jinja_environment()).render(pages["methodology.md"])
    for table in (CONFIDENCE_LEVELS, LIKELIHOODS, RELIABILITY, CREDIBILITY):
        for word, meaning in table.items():
            assert str(word).capitalize() in page and meaning[0].upper() + meaning[1:] in page
    assert [f'id="{part}"' in page for part in ("confidence", "likelihood", "grades")] == [True] * 3
