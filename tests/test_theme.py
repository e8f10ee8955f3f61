"""The theme as a team uses it: `theme: name: briefing`, changed from a custom_dir.

Every template the theme renders (the chrome in main.html and base.html, partials,
page bodies, the pack) is looked up in custom_dir first; `briefing/<name>` is always
the theme's own, for an override that wraps it. Real `mkdocs build --strict` runs.
"""

from __future__ import annotations

from pathlib import Path

from browser import MKDOCS, parse_page, project_with_content, run
from conftest import event_document

EVENT = "events/2022/talks.yaml"


def themed_project(tmp_path: Path, overrides: dict[str, str], settings: str = "") -> Path:
    project = project_with_content(tmp_path / "project", {EVENT: event_document("Talks", "2022-01-01")})
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  name: briefing\n", "  name: briefing\n  custom_dir: overrides\n")
    (project / "mkdocs.yml").write_text(config + settings, encoding="utf-8")
    for relative, text in overrides.items():
        path = project / "overrides" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return project


def mkdocs_build(project: Path) -> str:
    result = run([MKDOCS, "build", "--strict", "-d", "site"], cwd=project)
    assert result.returncode == 0, result.stdout
    return result.stdout


def test_a_page_body_and_a_block_of_main_html_are_overridden(tmp_path: Path) -> None:
    project = themed_project(
        tmp_path,
        {
            "pages/event.html": (
                '<p class="house-banner">House style</p>\n{% include "briefing/pages/event.html" %}\n'
                "<p>{{ event.title }} has {{ participants|length }} participants</p>"
            ),
            "main.html": (
                '{% extends "base.html" %}\n{% block extrahead %}<meta name="house" content="ours">{% endblock %}'
            ),
        },
    )
    mkdocs_build(project)

    page = (project / "site/events/talks.html").read_text(encoding="utf-8")
    assert '<p class="house-banner">House style</p>' in page
    assert "<h1>Talks</h1>" in page  # the theme's own body, included
    assert "<p>Talks has 0 participants</p>" in page
    assert '<meta name="house" content="ours">' in page
    assert '<meta name="house" content="ours">' in (project / "site/index.html").read_text(encoding="utf-8")
    assert 'class="house-banner"' not in (project / "site/index.html").read_text(encoding="utf-8")


def test_a_partial_and_an_asset_are_overridden(tmp_path: Path) -> None:
    project = themed_project(
        tmp_path,
        {
            "_header.html": (
                '{% import "briefing/_header.html" as theme %}'
                "{% macro site_header_inner(home, name, search_label, current=false) %}"
                '<p class="house-header">House</p>{{ theme.site_header_inner(home, name, search_label, current) }}'
                "{% endmacro %}"
            ),
            "assets/briefing.css": "body { color: rebeccapurple; }\n",
        },
    )
    mkdocs_build(project)

    page = (project / "site/events/talks.html").read_text(encoding="utf-8")
    assert '<p class="house-header">House</p>' in page
    assert 'class="site-name"' in page  # the theme's own header, still there
    assert (project / "site/assets/briefing.css").read_text(encoding="utf-8") == "body { color: rebeccapurple; }\n"


def test_extra_css_and_extra_javascript_are_included(tmp_path: Path) -> None:
    project = themed_project(
        tmp_path,
        {},
        settings="extra_css: [house/house.css]\nextra_javascript: [house/house.js]\n",
    )
    (project / "overrides/house").mkdir(parents=True)
    (project / "overrides/house/house.css").write_text(".entry { border: 0; }\n", encoding="utf-8")
    (project / "overrides/house/house.js").write_text("document.documentElement.dataset.house = '1';\n")
    mkdocs_build(project)

    references = {(ref.tag, ref.value) for ref in parse_page(project / "site/events/talks.html").references}
    assert ("link", "../house/house.css") in references
    assert ("script", "../house/house.js") in references
    assert (project / "site/house/house.css").is_file()


def test_the_theme_needs_no_templates_in_the_site(tmp_path: Path) -> None:
    """`theme: name: briefing` alone: the installed theme, no copy of templates/."""
    project = project_with_content(tmp_path / "project", {EVENT: event_document("Talks", "2022-01-01")})
    assert not (project / "templates").exists()
    mkdocs_build(project)

    page = (project / "site/events/talks.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="../assets/briefing.css">' in page
    assert not (project / "site/__init__.py").exists()
    assert not (project / "site/mkdocs_theme.yml").exists()
