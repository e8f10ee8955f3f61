"""The MkDocs plugin: the only module that imports mkdocs.

It turns MkDocs events into calls on the plain stages: content is loaded,
validated and indexed in `on_config`, before MkDocs cleans or writes
anything, so a content error aborts with the previous site/ untouched. Pages
come from the renderer as generated files; MkDocs adds the theme around them.
Keeping MkDocs behind this one thin module is what keeps a move to a
maintained fork (ProperDocs) cheap.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import logging
import sys
from collections.abc import Callable, Iterator
from html import escape
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import config_options as c
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from builder.errors import BuildFailed, UsageError, printable
from builder.index import Site
from builder.model import Actor, Briefing, Event, Tag
from builder.outputs import safe_output_folder
from builder.pipeline import KeptFiles, load_site
from builder.rendering.pages import Options, Page, list_pages
from builder.rendering.renderer import TEMPLATES_DIR, Renderer, RenderFailed
from builder.rendering.search import SEARCH_INDEX_PATH, search_index
from builder.rendering.urls import item_path, page_url, relative_url

log = logging.getLogger("mkdocs.plugins.briefing")

NAV = [
    {"Home": "index.md"},
    {"Timeline": "timeline.md"},
    {"Events": "events.md"},
    {"Actors": "actors.md"},
    {"Tags": "tags.md"},
    {"Briefings": "briefings.md"},
]
NAV_PATHS = frozenset(path for entry in NAV for path in entry.values())


class BriefingConfig(Config):
    drafts = c.Type(bool, default=False)
    """Publish draft events too; on by itself under `mkdocs serve`, the live preview."""


class BriefingPlugin(BasePlugin[BriefingConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.site: Site | None = None
        self.renderer: Renderer | None = None
        self.pages: dict[str, Page] = {}
        self.pack: tuple[Site, str | None, bool] | None = None
        """Set by `Project.build_pack_into`: a restricted site, and where (and whether with
        directory URLs) the published site is, for links to what the pack leaves out."""
        self.written = Written()
        """Under `serve`: the pages the site folder holds from the last good build."""
        self.kept: KeptFiles | None = None
        """Under `serve`: each content file's first pass, reused while the file is unchanged."""
        self.building: Written | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Start afresh: because this method exists, MkDocs keeps one plugin object for
        the whole process (across the live preview's rebuilds, which is what lets
        `written` outlast a build, and across every config loaded), so nothing from
        an earlier command may carry over."""
        self.serving = command == "serve"
        self.written = Written()
        self.kept = KeptFiles() if self.serving else None
        self.pack = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.building = None
        root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        content_dir = Path(config.docs_dir)
        if self.pack is not None:
            site, external_base, external_directory_urls = self.pack
            config.nav = config.nav or NAV
            self.site = site
            options = dataclasses.replace(
                site_options(config, content_dir, root),
                external_base=external_base,
                external_directory_urls=external_directory_urls,
            )
            self.renderer = Renderer(site, options, root=root)
            self._check_markdown_renders()
            return config
        result = load_site(content_dir, root=root, drafts=self.config.drafts or self.serving, kept=self.kept)
        for problem in result.problems:
            (log.error if problem.is_error else log.warning)(str(problem))
        if result.site is None:
            raise PluginError(f"{len(result.errors)} content error(s); nothing was written")
        if config.strict and result.warnings:
            raise PluginError(f"{len(result.warnings)} content warning(s) in strict mode; nothing was written")
        if not config.nav:
            config.nav = NAV
        self.site = result.site
        self.renderer = Renderer(result.site, site_options(config, content_dir, root), root=root)
        self._check_markdown_renders()
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Refuse, before MkDocs empties it, a site_dir that is, holds or lies in the content
        folder, or is or holds the project folder (symbolic links resolved, which MkDocs'
        own check does not do). `briefing build` checks its -d the same way."""
        root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        try:
            safe_output_folder(
                Path(config.site_dir), option="site_dir", content_dir=Path(config.docs_dir), project_dir=root
            )
        except UsageError as error:
            raise PluginError(str(error)) from error

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Content files are data, not pages: replace them by the pages made from them.

        Under `serve` (a dirty build, so the folder is not emptied first) a page whose
        title, template and context are what the folder already holds is left out:
        MkDocs rebuilds every page it is given, and that was 30 s per save at 10,000
        events. Anything that could change every page (settings, templates, mkdocs.yml, which
        items have pages, the as-of date) rebuilds them all.
        """
        assert self.site is not None and self.renderer is not None
        for file in [f for f in files if f.src_dir == config.docs_dir]:
            files.remove(file)
        self.pages = {page.path: page for page in list_pages(self.site, self.renderer.options)}
        unchanged = False
        if self.serving:
            fingerprint = site_fingerprint(self.site, self.renderer.options, _chrome_sources(config))
            self.building = Written(self.pages, fingerprint)
            unchanged = self.written.fingerprint == fingerprint
        for page in self.pages.values():
            if not (unchanged and self.written.holds(page)):
                files.append(File.generated(config, page.path, content=""))
        files.append(File.generated(config, SEARCH_INDEX_PATH, content=search_index(self.site, self.renderer.options)))
        for path, html in redirect_pages(self.site, self.renderer.options):
            files.append(File.generated(config, path, content=html))
        return files

    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        ours = self.pages.get(page.file.src_uri)
        if ours is not None:
            page.meta["title"] = ours.title
        if self.site is not None:
            # The sitemap and its gzip header carry this date; the clock would make
            # every build differ. MkDocs also turns it into gzip's 32-bit mtime, so it
            # gets a day gzip can hold; on_post_template puts the true one in the sitemap.
            page.update_date = gzip_safe_day(self.site.as_of)
        return markdown

    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        ours = self.pages.get(page.file.src_uri)
        if ours is None or self.renderer is None:
            return html
        page.edit_url = None
        # Rendered in on_page_context, just before the page is written, and let go in
        # on_post_page: MkDocs keeps every page's content until the build ends, which
        # for 10,000 events was a third of the build's memory.
        return ""

    def on_page_context(
        self, context: TemplateContext, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        ours = self.pages.get(page.file.src_uri)
        if ours is not None and self.renderer is not None:
            try:
                page.content = self.renderer.render(ours)
            except RenderFailed as failed:
                # What `_check_markdown_renders` did not foresee: still a content error
                # with its place, never a traceback (MkDocs prints one for other exceptions).
                log.error(str(failed.problem))
                raise PluginError("1 content error(s); the build stopped") from None
        return context

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        if page.file.src_uri in self.pages:
            page.content = None
        return output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The sitemap's <lastmod> is the content's date even where gzip cannot hold it
        (before 1970, after 2106): pages carry `gzip_safe_day`, replaced here before MkDocs
        writes sitemap.xml and compresses the same text into sitemap.xml.gz."""
        if template_name != "sitemap.xml" or self.site is None:
            return output_content
        stand_in = gzip_safe_day(self.site.as_of)
        if stand_in == self.site.as_of:
            return output_content
        return output_content.replace(f"<lastmod>{stand_in}</lastmod>", f"<lastmod>{self.site.as_of}</lastmod>")

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.building is not None:
            self.written.remove_pages_gone_from(self.building, config)
            self.written = self.building
        self.building = None

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., None]
    ) -> LiveReloadServer:
        """Keep the preview serving the last good site while the content has an error.

        MkDocs' server otherwise holds every request until a build succeeds ("the
        server will appear stuck"), so one bad save hid the whole preview. A build
        stopped by a content error (an `Abort`, the problems already printed with
        their places) wrote nothing, and the server may go on serving the folder.
        Any other exception is a bug and still reaches MkDocs' own handler."""
        rebuild = server.builder

        def rebuild_or_keep_the_last_good_site() -> None:
            try:
                rebuild()
            except Abort:
                log.error("The preview still shows the last good build; fix the problems above and save.")

        server.builder = rebuild_or_keep_the_last_good_site
        return server

    def _check_markdown_renders(self) -> None:
        """Stop, as for any content error, if a text's Markdown makes the renderer raise:
        here, before MkDocs cleans or writes anything, so `mkdocs build` leaves the
        previous site/ as it was and the live preview keeps serving the last good one."""
        assert self.renderer is not None
        problems = self.renderer.markdown_problems()
        for problem in problems:
            log.error(str(problem))
        if problems:
            raise PluginError(f"{len(problems)} content error(s); nothing was written")

    def on_build_error(self, *, error: Exception) -> None:
        # Failing before on_files wrote nothing, so the folder still holds `written`;
        # failing later leaves it unknown, and the next build writes every page.
        if self.building is not None:
            self.written = Written()
        self.building = None


GZIP_DAYS = (datetime.date(1970, 1, 1), datetime.date(2106, 2, 7))
"""The days whose midnight (UTC) gzip's header can hold: its mtime is an unsigned 32-bit
count of seconds since 1970, which ends on 7 February 2106 at 06:28:15."""


def gzip_safe_day(as_of: str) -> str:
    """`as_of` if gzip can hold its midnight, else 1970-01-01, an mtime of 0, which gzip
    reads as "no time stamp" (RFC 1952). MkDocs dates sitemap.xml.gz by the pages'
    `update_date` and fails with struct.error on any day outside that range, yet a
    historical briefing (1962) or an `updated:` in 2107 is valid content; a fixed value
    keeps such builds byte-identical."""
    first, last = GZIP_DAYS
    return as_of if first <= datetime.date.fromisoformat(as_of) <= last else first.isoformat()


@dataclasses.dataclass(frozen=True)
class Written:
    """What a live preview's site folder holds: each page as it was rendered, and the
    fingerprint of everything else its HTML depends on."""

    pages: dict[str, Page] = dataclasses.field(default_factory=dict)
    fingerprint: tuple[object, ...] = ()

    def holds(self, page: Page) -> bool:
        """Whether the folder already has this page as it would be rendered now, given
        the same fingerprint. The navigation pages are always rebuilt: MkDocs warns
        about a nav entry whose file is missing, and they are small."""
        held = self.pages.get(page.path)
        return (
            held is not None
            and page.path not in NAV_PATHS
            and (held.title, held.template, held.context) == (page.title, page.template, page.context)
        )

    def remove_pages_gone_from(self, now: Written, config: MkDocsConfig) -> None:
        """Delete the output of pages that no longer exist (a deleted or renamed event)."""
        for path in self.pages.keys() - now.pages.keys():
            # Where MkDocs wrote it, as MkDocs works it out.
            Path(File.generated(config, path, content="").abs_dest_path).unlink(missing_ok=True)


def site_fingerprint(site: Site, options: Options, sources: list[Path]) -> tuple[object, ...]:
    """What every page's HTML may depend on besides its own context: the settings, the
    as-of date, which items have a page (links to them), and the files of `sources`."""
    content = site.content
    items: list[Event | Actor | Tag | Briefing] = [
        *content.events.values(),
        *content.actors.values(),
        *content.tags.values(),
        *content.briefings.values(),
    ]
    with_pages = frozenset((type(item).__name__, item.id) for item in items if site.has_page(item))
    return (options, site.as_of, with_pages, _files_stamp(sources))


def _chrome_sources(config: MkDocsConfig) -> list[Path]:
    """What pages are made of besides content: the theme's and our page templates, and
    mkdocs.yml, whose settings (a copyright, a repository link) the page chrome shows."""
    sources = [*map(Path, config.theme.dirs), TEMPLATES_DIR]
    if config.config_file_path:
        sources.append(Path(config.config_file_path))
    return sources


def _files_stamp(sources: list[Path]) -> tuple[tuple[str, int, int], ...]:
    files = sorted(path for source in sources for path in [source, *source.rglob("*")] if path.is_file())
    return tuple((path.as_posix(), status.st_mtime_ns, status.st_size) for path in files for status in [path.stat()])


def site_options(config: MkDocsConfig, content_dir: Path, root: Path) -> Options:
    """What the renderer needs of mkdocs.yml: names, URLs style, where files can be edited."""
    edit_base = None
    if config.repo_url and config.edit_uri:
        edit_base = config.repo_url.rstrip("/") + "/" + config.edit_uri.strip("/") + "/"
    try:
        prefix = content_dir.resolve().relative_to(root).as_posix().rstrip("/") + "/"
    except ValueError:
        prefix = content_dir.as_posix().rstrip("/") + "/"
    return Options(
        site_name=config.site_name,
        site_description=config.site_description,
        edit_base=edit_base,
        content_prefix=prefix,
        directory_urls=config.use_directory_urls,
    )


def redirect_pages(site: Site, options: Options) -> list[tuple[str, str]]:
    """A small page at each former id that sends readers on to the current one."""
    content = site.content
    renamed: list[Event | Actor | Briefing] = [
        *(e for e in content.events.values() if site.has_page(e)),
        *(a for a in content.actors.values() if site.has_page(a)),
        *(b for b in content.briefings.values() if site.has_page(b)),
    ]
    pages = []
    for item in renamed:
        target_path = item_path(item)
        folder = target_path.split("/")[0]
        for old in item.redirect_from:
            old_url = page_url(f"{folder}/{old}.md", directory_urls=options.directory_urls)
            target = relative_url(page_url(target_path, directory_urls=options.directory_urls), old_url)
            dest = old_url + "index.html" if old_url.endswith("/") else old_url
            pages.append((dest, _redirect_html(target)))
    return sorted(pages)


def _redirect_html(target: str) -> str:
    href = escape(target, quote=True)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Moved</title>\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n<link rel="canonical" href="{href}">\n'
        f'</head>\n<body>\n<p>This page has moved to <a href="{href}">{href}</a>.</p>\n</body>\n</html>\n'
    )


class Project:
    """A mkdocs.yml loaded for the command line, which builds and serves through these
    methods so that no other module needs to know MkDocs."""

    def __init__(
        self, config_file: Path, *, content_dir: Path | None, strict: bool = False, drafts: bool = False
    ) -> None:
        if not config_file.is_file():
            raise UsageError(f"no such configuration file: {config_file}")
        overrides: dict[str, object] = {"strict": strict}
        if content_dir is not None:
            overrides["docs_dir"] = str(content_dir.resolve())
        show_mkdocs_messages(logging.WARNING)
        with _config_errors() as errors:
            try:
                self.config = load_config(str(config_file), **overrides)  # type: ignore[arg-type]
            except ConfigurationError as error:
                raise UsageError(str(error)) from error
            except Abort as error:
                raise UsageError(f"{printable(str(config_file))}: {'; '.join(errors) or error}") from error
        # What MkDocs' own `build` command does first; see BriefingPlugin.on_startup.
        self.config.plugins.on_startup(command="build", dirty=False)
        if drafts:
            self.config.plugins["briefing"].config.drafts = True

    @property
    def site_dir(self) -> Path:
        return Path(self.config.site_dir)

    @property
    def content_dir(self) -> Path:
        return Path(self.config.docs_dir)

    @property
    def root(self) -> Path:
        return Path(self.config.config_file_path).resolve().parent

    @property
    def site_name(self) -> str:
        return str(self.config.site_name)

    def pack_options(self) -> Options:
        """The renderer's options for a single-file pack: links outside it go to site_url."""
        options = site_options(self.config, self.content_dir, self.root)
        return dataclasses.replace(
            options,
            external_base=self.config.site_url or None,
            external_directory_urls=bool(self.config.use_directory_urls),
        )

    def build_pack_into(self, folder: Path, site: Site) -> None:
        """Build a pack's restricted site for reading from disk: plain .html URLs, no
        site_url (so 404.html links stay relative), no repository or edit links; items
        outside the pack link to the published site_url when it is set, else read as text."""
        published = self.config.site_url or None
        plugin = self.config.plugins["briefing"]
        assert isinstance(plugin, BriefingPlugin)
        plugin.pack = (site, published, bool(self.config.use_directory_urls))
        self.config.site_url = None
        self.config.use_directory_urls = False
        self.config.repo_url = None
        self.config.edit_uri = None
        self.build_into(folder)

    def build_into(self, folder: Path) -> None:
        self.config.site_dir = str(folder)
        try:
            mkdocs_build(self.config)
        except (PluginError, BuildError, Abort) as error:
            raise BuildFailed(str(error)) from error


def serve(config_file: Path, *, content_dir: Path | None, dev_addr: str) -> None:
    """MkDocs' live-reloading server; the plugin adds drafts because the command is `serve`.

    Dirty builds, so that a rebuild keeps the pages it does not write: the plugin
    gives MkDocs only the pages whose HTML changed (see `BriefingPlugin.on_files`),
    which makes MkDocs' warning that dirty builds can be inaccurate moot here.
    """
    if not config_file.is_file():
        raise UsageError(f"no such configuration file: {config_file}")
    overrides: dict[str, object] = {"dev_addr": dev_addr}
    if content_dir is not None:
        overrides["docs_dir"] = str(content_dir.resolve())
    show_mkdocs_messages(logging.INFO)
    logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_build_warning)
    mkdocs_serve(str(config_file), livereload=True, build_type="dirty", **overrides)  # type: ignore[arg-type]


def _not_the_dirty_build_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build is being performed")


@contextlib.contextmanager
def _config_errors() -> Iterator[list[str]]:
    """The errors MkDocs finds in mkdocs.yml, kept instead of printed, so that the command
    line reports them as one usage error (exit code 2) rather than as MkDocs' log lines
    followed by "Aborted"; its warnings are printed as usual."""
    errors: list[str] = []

    def keep(record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            errors.append(" ".join(record.getMessage().split()))
            return False
        return True

    logger = logging.getLogger("mkdocs.config")
    logger.addFilter(keep)
    try:
        yield errors
    finally:
        logger.removeFilter(keep)


def show_mkdocs_messages(level: int) -> None:
    """MkDocs' messages (our problems among them) as plain lines on standard output."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_briefing", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler._briefing = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(level)
