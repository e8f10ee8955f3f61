"""A MkDocs project as the command line uses it: load mkdocs.yml, build a site or a pack's
site into a folder, serve the live preview. The command line builds and serves only
through here, so no other module of the command line needs to know MkDocs."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError

from builder.errors import BuildFailed, UsageError, printable
from builder.index import Site
from builder.plugin import BriefingPlugin, PackSite, site_options
from builder.rendering.contexts import Cover
from builder.rendering.pages import Options
from builder.rendering.renderer import template_error


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

    def build_pack_into(self, folder: Path, site: Site, cover: Cover) -> None:
        """Build a pack's restricted site for reading from disk: plain .html URLs, no
        site_url (so 404.html links stay relative), no repository or edit links; items
        outside the pack link to the published site_url when it is set, else read as text."""
        plugin = self.config.plugins["briefing"]
        assert isinstance(plugin, BriefingPlugin)
        pack = PackSite(site, self.config.site_url or None, bool(self.config.use_directory_urls), cover)
        self.config.site_url = None
        self.config.use_directory_urls = False
        self.config.repo_url = None
        self.config.edit_uri = None
        with plugin.building_pack(pack):
            self.build_into(folder)

    def build_into(self, folder: Path) -> None:
        self.config.site_dir = str(folder)
        try:
            mkdocs_build(self.config)
        except (PluginError, BuildError, Abort) as error:
            raise BuildFailed(str(error)) from error
        except jinja2.TemplateError as error:  # a template of the theme or its overrides, not the content
            raise BuildFailed(template_error(error)) from error


def serve(config_file: Path, *, content_dir: Path | None, dev_addr: str) -> None:
    """MkDocs' live-reloading server; the plugin adds drafts because the command is `serve`.

    Dirty builds, so that a rebuild keeps the pages it does not write: the plugin
    gives MkDocs only the pages whose HTML changed (see `BriefingPlugin.on_files`),
    which makes MkDocs' warning that dirty builds can be inaccurate moot here.
    Content with problems never stops it (builder/serving.py); a template that fails
    the first build does, with its place (`BuildFailed`): there is no page yet to show it on.
    """
    if not config_file.is_file():
        raise UsageError(f"no such configuration file: {config_file}")
    overrides: dict[str, object] = {"dev_addr": dev_addr}
    if content_dir is not None:
        overrides["docs_dir"] = str(content_dir.resolve())
    show_mkdocs_messages(logging.INFO)
    logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_build_warning)
    try:
        mkdocs_serve(str(config_file), livereload=True, build_type="dirty", **overrides)  # type: ignore[arg-type]
    except jinja2.TemplateError as error:  # the first build's; later ones show on the preview's pages
        raise BuildFailed(template_error(error)) from error
    except Abort as error:
        raise BuildFailed(str(error)) from error


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
