"""What the live preview remembers between rebuilds, so a save rebuilds only the pages it changes.

MkDocs' `serve` rebuilds every page it is given; the plugin gives it only the
pages whose title, template or context changed since the folder was written
(`Written.holds`), unless something every page depends on changed
(`site_fingerprint`: settings, templates, mkdocs.yml, which items have a page,
the as-of date).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from builder.index import Site
from builder.model import Actor, Briefing, Event, Tag
from builder.rendering.pages import Options, Page
from builder.rendering.renderer import THEME_DIR


@dataclasses.dataclass(frozen=True)
class Written:
    """What a live preview's site folder holds: each page as it was rendered, and the
    fingerprint of everything else its HTML depends on."""

    pages: dict[str, Page] = dataclasses.field(default_factory=dict)
    fingerprint: tuple[object, ...] = ()

    def holds(self, page: Page, nav: frozenset[str]) -> bool:
        """Whether the folder already has this page as it would be rendered now, given
        the same fingerprint. The pages of the navigation (`nav`) are always rebuilt:
        MkDocs warns about a nav entry whose file is missing, and they are few."""
        held = self.pages.get(page.path)
        return (
            held is not None
            and page.path not in nav
            and (held.title, held.template, held.context) == (page.title, page.template, page.context)
        )

    def remove_pages_gone_from(self, now: Written, config: MkDocsConfig) -> None:
        """Delete the output of pages that no longer exist (a deleted or renamed event)."""
        for path in self.pages.keys() - now.pages.keys():
            # Where MkDocs wrote it, as MkDocs works it out.
            Path(File.generated(config, path, content="").abs_dest_path).unlink(missing_ok=True)


def site_fingerprint(site: Site, options: Options, sources: list[Path], nav: object) -> tuple[object, ...]:
    """What every page's HTML may depend on besides its own context: the settings, the
    as-of date, which items have a page (links to them), the navigation every page's
    header shows (prose pages' titles among it), and the files of `sources`."""
    content = site.content
    items: list[Event | Actor | Tag | Briefing] = [
        *content.events.values(),
        *content.actors.values(),
        *content.tags.values(),
        *content.briefings.values(),
    ]
    with_pages = frozenset((item.KIND.name, item.id) for item in items if site.has_page(item))
    return (options, site.as_of, with_pages, repr(nav), _files_stamp(sources))


def chrome_sources(config: MkDocsConfig) -> list[Path]:
    """What pages are made of besides content: the theme's and our page templates, and
    mkdocs.yml, whose settings (a copyright, a repository link) the page chrome shows."""
    sources = [*map(Path, config.theme.dirs), THEME_DIR]
    if config.config_file_path:
        sources.append(Path(config.config_file_path))
    return sources


def _files_stamp(sources: list[Path]) -> tuple[tuple[str, int, int], ...]:
    files = sorted(path for source in sources for path in [source, *source.rglob("*")] if path.is_file())
    return tuple((path.as_posix(), status.st_mtime_ns, status.st_size) for path in files for status in [path.stat()])
