"""Where the site is: its mkdocs.yml, found the way git finds a repository, and its content.

Every command (`check`, `build`, `serve`, `pack`, `new`, `diff`) starts here, so each
reads the same content from any folder of the site. mkdocs.yml is read with a plain
YAML loader, not MkDocs, because `check` must stay light; the one setting read here,
`docs_dir`, is the content folder, and MkDocs itself reads the rest when a command
builds.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from builder.errors import UsageError, printable

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
"""The names MkDocs looks for, in its order."""

DEFAULT_DOCS_DIR = "docs"
"""MkDocs' own default for `docs_dir`, kept so a site without the setting reads the same."""


FALLBACK_CONTENT = "content"
"""The content folder of a command run outside any site (no mkdocs.yml above): ./content,
so `check` and `new` work in a content-only checkout as they always have."""


@dataclass(frozen=True)
class Location:
    """A command's site: its mkdocs.yml (None when only --content was given outside any
    site), its content folder, and the folder problem paths are written relative to."""

    config_file: Path | None
    content_dir: Path
    root: Path

    def site_config(self) -> Path:
        """mkdocs.yml, which building needs; a `UsageError` when there is none."""
        if self.config_file is None:
            raise UsageError(f"no {CONFIG_NAMES[0]} here or in any folder above it; name one with -f")
        return self.config_file


def find_config(start: Path) -> Path | None:
    """The nearest mkdocs.yml in `start` or a folder above it."""
    for folder in [start, *start.parents]:
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
    return None


def locate(
    config_file: Path | None, content_dir: Path | None, *, content_must_exist: bool = True, cwd: Path | None = None
) -> Location:
    """The site a command works on: `-f` if given, else the nearest mkdocs.yml; `--content` if
    given, else the `docs_dir` it names (./content when there is no mkdocs.yml at all).
    A missing file or folder is a `UsageError`.

    `content_must_exist` is off for `diff`, which may compare a folder that only the
    revisions hold."""
    here = (cwd or Path.cwd()).absolute()
    if config_file is not None:
        if not (here / config_file).is_file():
            raise UsageError(f"no such configuration file: {printable(str(config_file))}")
        config_file = here / config_file
    else:
        config_file = find_config(here)
    if config_file is None and content_dir is None and (here / FALLBACK_CONTENT).is_dir():
        content_dir = Path(FALLBACK_CONTENT)
    if config_file is None and content_dir is None:
        raise UsageError(
            f"no {CONFIG_NAMES[0]} in {printable(str(here))} or any folder above it; "
            "run this inside a briefing site, or name one with -f or the content with --content"
        )
    root = config_file.parent if config_file is not None else here
    if content_dir is not None:
        content = here / content_dir
    else:
        assert config_file is not None
        content = root / docs_dir(config_file)
    if content_must_exist and not content.is_dir():
        named = "--content" if content_dir is not None else f"docs_dir of {printable(str(config_file))}"
        raise UsageError(f"no such content folder: {printable(str(_from(here, content, root)))} ({named})")
    shown_config = _from(here, config_file, root) if config_file is not None else None
    return Location(shown_config, _from(here, content, root), root)


def _from(here: Path, path: Path, root: Path) -> Path:
    """`path` as a curator in `here` would type it (`content`, `../content`, not
    /home/.../content) when both lie in the site, so messages and printed paths stay short."""
    if here.is_relative_to(root) and path.is_relative_to(root):
        return Path(os.path.relpath(path, here))
    return path


def docs_dir(config_file: Path) -> str:
    """`docs_dir` of mkdocs.yml, as written (relative to its folder unless absolute)."""
    try:
        settings = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_SettingsLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise UsageError(f"cannot read {printable(str(config_file))}: {_first_line(error)}") from error
    value = settings.get("docs_dir", DEFAULT_DOCS_DIR) if isinstance(settings, dict) else DEFAULT_DOCS_DIR
    if not isinstance(value, str) or not value:
        raise UsageError(f"{printable(str(config_file))}: docs_dir must be a folder name")
    return value


class _SettingsLoader(yaml.SafeLoader):
    """The safe loader, reading MkDocs' own tags (`!ENV`, `!relative`) and Python-Markdown's
    `!!python/name:` extension values as plain text: only `docs_dir` is wanted here."""


def _tag_as_text(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    return None


_SettingsLoader.add_multi_constructor("!", _tag_as_text)
_SettingsLoader.add_multi_constructor("tag:yaml.org,2002:python/", _tag_as_text)


def _first_line(error: Exception) -> str:
    return " ".join(str(error).split())
