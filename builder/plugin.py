"""The MkDocs plugin: MkDocs events turned into calls on the plain stages.

Content is loaded, validated and indexed in `on_config`, before MkDocs
cleans or writes anything, so a content error aborts with the previous
site/ untouched. Pages come from the renderer as generated files; MkDocs
adds the theme around them. With `project` (the command line's builds and
preview) and `preview` (what a live preview remembers), these are the only
modules that import MkDocs, which keeps a move to a maintained fork
(ProperDocs) cheap.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import itertools
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from builder.errors import Problem, UsageError
from builder.index import Site
from builder.memo import MEMOS
from builder.outputs import safe_output_folder
from builder.pipeline import KeptFiles, load_site
from builder.preview import Written, chrome_sources, site_fingerprint
from builder.rendering.contexts import Cover, CoverPage, EventPage
from builder.rendering.exports import Exporter, data_page
from builder.rendering.feeds import NO_SITE_URL, FeedWriter, feed_links, feeds
from builder.rendering.hosted import BODY_STYLESHEET, OUR_THEME, TESTED_THEMES, body_stylesheet, wrapped
from builder.rendering.map_drawing import WORLD_PATH, world_svg
from builder.rendering.metadata import event_json_ld, feed_owner, page_description, page_type
from builder.rendering.navigation import default_nav, nav_paths, resolve_nav
from builder.rendering.pages import COVER_TEMPLATE, HOME_PAGE, Options, Page, list_pages, redirect_pages
from builder.rendering.problems import PROBLEMS_PAGE, problems_page, render_problems_page
from builder.rendering.renderer import THEME_DIR, Renderer, RenderFailed, theme_file, theme_loader
from builder.rendering.search import SEARCH_BODIES_PATH, SEARCH_INDEX_PATH, search_scripts
from builder.rendering.urls import page_url, section_paths
from builder.serving import LAST_GOOD, PreviewStatus, keep_serving
from builder.typography import typographic

log = logging.getLogger("mkdocs.plugins.briefing")


@dataclasses.dataclass(frozen=True)
class PackSite:
    """What a pack's build renders: its restricted site, and where (and whether with
    directory URLs) the published site is, for links to what the pack leaves out."""

    site: Site
    external_base: str | None
    external_directory_urls: bool
    cover: Cover
    """What the pack opens on, in place of the site's home page."""


class BriefingConfig(Config):
    drafts = c.Type(bool, default=False)
    """Publish draft events too; on by itself under `mkdocs serve`, the live preview."""


class BriefingPlugin(BasePlugin[BriefingConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.site: Site | None = None
        self.renderer: Renderer | None = None
        self.pages: dict[str, Page] = {}
        self.pack: PackSite | None = None
        """While `building_pack` runs: the pack's site, built instead of the content's."""
        self.written = Written()
        """Under `serve`: the pages the site folder holds from the last good build."""
        self.kept: KeptFiles | None = None
        """Under `serve`: each content file's first pass, reused while the file is unchanged."""
        self.building: Written | None = None
        self.hosted = False
        """Whether another MkDocs theme draws the chrome around our page bodies."""
        self.warned_themes: set[str] = set()
        self.generated_nav: list[dict[str, Any]] | None = None
        """The nav made for a mkdocs.yml without one, made again when the same config is built again."""
        self.status = PreviewStatus()
        """Under `serve`: what the server answers with (see builder/serving.py)."""
        self.problems_html: str | None = None
        """Under `serve`, while this build's content has problems: the page listing them, the
        one page the build writes."""
        self.config_before_problems: tuple[Any, set[str]] | None = None
        """The nav and static templates `_show_problems` replaced, put back when the build ends:
        MkDocs' server loads mkdocs.yml again for each build, but a caller may build one config twice."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Start afresh: because this method exists, MkDocs keeps one plugin object for
        the whole process (across the live preview's rebuilds, which is what lets
        `written` outlast a build, and across every config loaded), so nothing from
        an earlier command may carry over."""
        self.serving = command == "serve"
        MEMOS.clear()
        self.written = Written()
        self.kept = KeptFiles() if self.serving else None
        self.pack = None
        self.status = PreviewStatus()

    @contextlib.contextmanager
    def building_pack(self, pack: PackSite) -> Iterator[None]:
        """Build `pack.site` (a pack's restricted site) instead of the content, for the
        builds run inside this block; the plugin is itself again after it."""
        self.pack = pack
        try:
            yield
        finally:
            self.pack = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.building = None
        self._host_in(config)
        root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        content_dir = Path(config.docs_dir)
        if self.pack is not None:
            config.nav = default_nav(self.pack.site.pages)
            self.site = self.pack.site
            options = dataclasses.replace(
                site_options(config, content_dir, root),
                external_base=self.pack.external_base,
                external_directory_urls=self.pack.external_directory_urls,
            )
            self.renderer = Renderer(self.pack.site, options, root=root)
            self.pages = self._our_pages(options)
            cover = CoverPage(self.pack.cover)
            self.pages[HOME_PAGE] = Page(HOME_PAGE, self.pack.cover.title, COVER_TEMPLATE, cover)
            if problems := self._markdown_problems():
                raise PluginError(f"{len(problems)} content error(s); nothing was written")
            return config
        self.problems_html, self.config_before_problems = None, None
        result = load_site(content_dir, root=root, drafts=self.config.drafts or self.serving, kept=self.kept)
        for problem in result.problems:
            (log.error if problem.is_error else log.warning)(str(problem))
        stopped = content_stopped(result.errors, result.warnings, strict=config.strict)
        if stopped and self.serving:
            return self._show_problems(config, result.problems, site_options(config, content_dir, root))
        if stopped:
            raise PluginError(stopped)
        assert result.site is not None
        self.site = result.site
        self.renderer = Renderer(result.site, site_options(config, content_dir, root), root=root)
        self.pages = self._our_pages(self.renderer.options)
        config.nav = self._nav(config)
        problems = self._markdown_problems()
        if problems and self.serving:
            return self._show_problems(config, problems, self.renderer.options)
        if problems:
            raise PluginError(f"{len(problems)} content error(s); nothing was written")
        return config

    def _our_pages(self, options: Options) -> dict[str, Page]:
        """Every page made from the content, by source name: the page list, and the Data page
        (in `exports`, beside the files it describes). No results page in another theme, which
        has its own search and does not load ours."""
        assert self.site is not None and self.renderer is not None
        pages = {page.path: page for page in (*list_pages(self.site, options), data_page(self.site))}
        if self.hosted:
            del pages[self.renderer.sections["search"]]
        return pages

    def _show_problems(self, config: MkDocsConfig, problems: list[Problem], options: Options) -> MkDocsConfig:
        """Under `serve`: build only the page listing `problems`, which the server shows in place
        of every page, and leave the folder's last good build as it is (no sitemap, no 404 page:
        the theme's static templates are this config's own, made again for the next build)."""
        page = problems_page(problems, options, strict=bool(config.strict), built_before=self.status.built)
        self.problems_html = render_problems_page(page, options)
        self.site, self.renderer, self.pages = None, None, {page.path: page}
        self.config_before_problems = (config.nav, set(config.theme.static_templates))
        config.nav = [PROBLEMS_PAGE]  # the header's one entry, named by the page's title
        last_good = f"; the last good build is at {config.site_url or '/'}{LAST_GOOD}" if self.status.built else ""
        log.error(f"The preview shows these problems in place of every page until they are fixed{last_good}.")
        return config

    def _host_in(self, config: MkDocsConfig) -> None:
        """With another theme than ours (not named briefing, and not layered on our folder),
        our page bodies bring their own stylesheet; a theme the tests never built with
        gets a warning, once, saying what to look at."""
        name = config.theme.name
        self.hosted = name != OUR_THEME and str(THEME_DIR) not in map(str, config.theme.dirs)
        if not self.hosted:
            return
        if BODY_STYLESHEET not in config.extra_css:
            config.extra_css.append(BODY_STYLESHEET)
        shown = name or f"custom_dir {config.theme.custom_dir}"
        if name not in TESTED_THEMES and shown not in self.warned_themes:
            self.warned_themes.add(shown)
            log.warning(
                f"briefing is not tested with the theme '{shown}': check that an event page shows its "
                f"styles ({BODY_STYLESHEET}) inside the theme's page, and that the theme's search finds events"
            )

    def _nav(self, config: MkDocsConfig) -> Any:
        """mkdocs.yml's `nav`, its generated sections named by URL made MkDocs' source names;
        with none, the generated sections and the prose pages. A dead entry stops the build."""
        assert self.site is not None
        if not config.nav or config.nav is self.generated_nav:
            self.generated_nav = default_nav(self.site.pages)
            return self.generated_nav
        nav, dead = resolve_nav(config.nav, self.pages)
        for entry in dead:
            log.error(f"{config_name(config)}: the nav entry '{entry}' names no page of the site")
        if dead:
            raise PluginError(f"{len(dead)} dead nav entr{'y' if len(dead) == 1 else 'ies'}; nothing was written")
        return nav

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Let an override of the chrome (main.html, _header.html) reach the theme's own
        template as `briefing/<name>`, as page bodies can (see `make_environment`). The chrome's
        search box sends a reader to the results page, wherever the prose pages left it."""
        env.loader = jinja2.ChoiceLoader([env.loader, theme_loader()])  # type: ignore[list-item]
        search = (self.renderer.sections if self.renderer is not None else section_paths(()))["search"]
        env.globals["search_page"] = page_url(search, directory_urls=config.use_directory_urls)
        return env

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Refuse, before MkDocs empties it, a site_dir that is, holds or lies in the content
        folder, or is or holds the project folder (symbolic links resolved, which MkDocs'
        own check does not do). `briefing build` checks its -d the same way. The live
        preview builds into a folder of its own making (mkdtemp), which a first build
        stopped by the content leaves without an index.html."""
        if self.serving:
            return
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
        MkDocs rebuilds every page it is given, so a save would cost a whole build.
        Anything that could change every page (settings, templates, mkdocs.yml, which
        items have pages, the as-of date) rebuilds them all.
        """
        for file in [f for f in files if f.src_dir == config.docs_dir]:
            files.remove(file)
        if self.problems_html is not None:
            return self._problems_files(files, config)
        assert self.site is not None and self.renderer is not None
        unchanged = False
        always = nav_paths(config.nav)
        if self.serving:
            fingerprint = site_fingerprint(self.site, self.renderer.options, chrome_sources(config), config.nav)
            self.building = Written(self.pages, fingerprint)
            unchanged = self.written.fingerprint == fingerprint
        for page in self.pages.values():
            if not (unchanged and self.written.holds(page, always)):
                files.append(File.generated(config, page.path, content=""))
        if self.hosted:
            css = theme_file(self.renderer.options, "assets/briefing.css").read_text(encoding="utf-8")
            files.append(File.generated(config, BODY_STYLESHEET, content=body_stylesheet(css)))
        else:
            index, bodies = search_scripts(self.site, self.renderer.options)
            files.append(File.generated(config, SEARCH_INDEX_PATH, content=index))
            files.append(File.generated(config, SEARCH_BODIES_PATH, content=bodies))
        files.append(File.generated(config, WORLD_PATH, content=world_svg()))
        for path, target in redirect_pages(self.site, self.renderer.options):
            files.append(File.generated(config, path, content=self.renderer.redirect_page(target)))
        return files

    def _write_data_files(self, site_dir: Path) -> None:
        """The exports and the feeds, written one file at a time once the pages are: as MkDocs
        files they would all be held in memory to the end of the build (tens of MB at 10,000
        events). Not by the live preview, where they would add seconds to every save."""
        assert self.site is not None and self.renderer is not None
        for path, chunks in itertools.chain(Exporter(self.site, self.renderer.options).files(), self._feed_files()):
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("w", encoding="utf-8", newline="") as out:
                out.writelines(chunks)

    def _feed_files(self) -> Iterator[tuple[str, list[str]]]:
        """The site's feeds, when it has an address to link them to; a pack has none."""
        assert self.site is not None and self.renderer is not None
        options = self.renderer.options
        if self.pack is not None:
            return
        if options.site_url is None:
            log.info(NO_SITE_URL)
            return
        writer = FeedWriter(self.renderer, options.site_url, typographic(options.site_name), self.site.as_of)
        for feed in feeds(self.site, typographic(options.site_name)):
            for path, text in writer.files(feed):
                yield path, [text]

    def _problems_files(self, files: Files, config: MkDocsConfig) -> Files:
        """The build's one page, the problems; and, for another theme, our page bodies' stylesheet.
        No static template either (sitemap, 404 page), emptied only now: MkDocs leaves them out
        of the theme's files to copy, which it has just listed."""
        config.theme.static_templates.clear()
        page = File.generated(config, PROBLEMS_PAGE, content="")
        self.status.page_dest, self.status.page_url = page.dest_uri, page.url
        files.append(page)
        if self.hosted:
            stylesheet = theme_file(Options(custom_dir=config.theme.custom_dir), "assets/briefing.css")
            css = stylesheet.read_text(encoding="utf-8")
            files.append(File.generated(config, BODY_STYLESHEET, content=body_stylesheet(css)))
        return files

    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        ours = self.pages.get(page.file.src_uri)
        if ours is not None:
            page.meta["title"] = typographic(ours.title)
            page.meta["og_type"] = page_type(ours)
            if self.pack is None and self.renderer is not None and self.renderer.options.site_url is not None:
                page.meta["feeds"] = feed_links(feed_owner(ours), typographic(self.renderer.options.site_name))
            if (description := page_description(ours)) is not None:
                page.meta["description"] = description
        if self.site is not None:
            # The sitemap and its gzip header carry this date; the clock would make
            # every build differ. MkDocs also turns it into gzip's 32-bit mtime, so it
            # gets a day gzip can hold; on_post_template puts the true one in the sitemap.
            page.update_date = gzip_safe_day(self.site.as_of)
        return markdown

    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        if self.problems_html is not None and page.file.src_uri == PROBLEMS_PAGE:
            page.edit_url = None
            return wrapped(self.problems_html) if self.hosted else self.problems_html
        ours = self.pages.get(page.file.src_uri)
        if ours is None or self.renderer is None:
            return html
        page.edit_url = None
        # Rendered in on_page_context, just before the page is written, and let go in
        # on_post_page: MkDocs keeps every page's content until the build ends, so the
        # build's memory would grow with the HTML of every page.
        return ""

    @event_priority(50)  # before a search plugin's, which indexes page.content
    def on_page_context(
        self, context: TemplateContext, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        ours = self.pages.get(page.file.src_uri)
        if ours is not None and self.renderer is not None:
            try:
                page.content = self.renderer.render(ours)
                if isinstance(ours.context, EventPage):
                    json_ld = event_json_ld(ours.context, self.renderer.published_url(ours.context.event))
                    page.content = f"{page.content}{json_ld}"  # str + Markup would escape the page
                if self.hosted:
                    page.content = wrapped(page.content)
            except RenderFailed as failed:
                # What `_markdown_problems` did not foresee: still a content error
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
        if self.problems_html is None and self.site is not None and not self.serving:
            self._write_data_files(Path(config.site_dir))
        if self.building is not None:
            self.written.remove_pages_gone_from(self.building, config)
            self.written = self.building
        self.building = None
        self.status.showing_problems = self.problems_html is not None
        if self.problems_html is None:
            self.status.built = True
            shown = Path(config.site_dir) / self.status.page_dest
            shown.unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # not empty: a page of the site
                shown.parent.rmdir()
        self._restore(config)

    def _restore(self, config: MkDocsConfig) -> None:
        if self.config_before_problems is not None:
            config.nav, templates = self.config_before_problems
            config.theme.static_templates.update(templates)
        self.config_before_problems = None

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., None]
    ) -> LiveReloadServer:
        """Keep the preview answering every page, with the problems while the content has
        some (builder/serving.py), and rebuild when the theme or its overrides change."""
        keep_serving(server, self.status)
        for folder in theme_folders(config):
            server.watch(folder)
        return server

    def _markdown_problems(self) -> list[Problem]:
        """A text whose Markdown makes the renderer raise, as any content error, found here
        before MkDocs cleans or writes anything: so `mkdocs build` leaves the previous site/
        as it was and the live preview shows the problem in place of every page."""
        assert self.renderer is not None
        problems = self.renderer.markdown_problems()
        for problem in problems:
            log.error(str(problem))
        return problems

    def on_build_error(self, *, error: Exception) -> None:
        self.status.showing_problems = False
        self.problems_html, self.config_before_problems = None, None
        # Failing before on_files wrote nothing, so the folder still holds `written`;
        # failing later leaves it unknown, and the next build writes every page.
        if self.building is not None:
            self.written = Written()
        self.building = None


def theme_folders(config: MkDocsConfig) -> list[str]:
    """What the preview watches besides the content and mkdocs.yml: the site's overrides and
    the theme itself (templates/ in a checkout of briefing, where its developers edit it).
    MkDocs watches theme folders only under `--watch-theme`, so an edited override would
    otherwise show only after a restart."""
    folders = [config.theme.custom_dir] if config.theme.custom_dir else []
    return [*folders, str(THEME_DIR)]


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


def content_stopped(errors: list[Problem], warnings: list[Problem], *, strict: bool) -> str | None:
    """Why the content stops a build (the problems are printed already), or None."""
    if errors:
        return f"{len(errors)} content error(s); nothing was written"
    if strict and warnings:
        return f"{len(warnings)} content warning(s) in strict mode; nothing was written"
    return None


def config_name(config: MkDocsConfig) -> str:
    return Path(config.config_file_path).name if config.config_file_path else "mkdocs.yml"


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
        site_url=config.site_url or None,
        edit_base=edit_base,
        content_prefix=prefix,
        directory_urls=config.use_directory_urls,
        custom_dir=config.theme.custom_dir,
    )
