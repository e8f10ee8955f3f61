"""`briefing new site DIR`: a new briefing site, ready to check, build and publish.

The files are in builder/starter_files/, as a team will see them: mkdocs.yml with
comments on what to change, one example of each kind of content and a page, the
publish and pull-request workflows, a README with the two commands. Only the
site's name and the version of briefing are filled in. Like `mkdocs new` and
`hugo new site`, it writes into a new or empty folder only, and never over a file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from builder.errors import UsageError, printable

FILES = Path(__file__).resolve().parent / "starter_files"

PLACES = {
    "gitignore": ".gitignore",
    "workflows/publish.yml": ".github/workflows/publish.yml",
    "workflows/pull-request.yml": ".github/workflows/pull-request.yml",
}
"""Where a starter file goes when its place is not its own path: names git or GitHub give a
meaning to (a dot-file, .github/) would be hidden in the package or taken for its own."""

DEFAULT_DESCRIPTION = "A curated briefing: events, actors and sources, checked and published."


@dataclass(frozen=True)
class NewSite:
    folder: Path
    files: list[Path]


def new_site(folder: Path, title: str) -> NewSite:
    """Write a new site into `folder` (made if missing); a `UsageError`, writing nothing,
    when `folder` is a file or holds anything."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{printable(str(folder))} is a file; name a new or empty folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise UsageError(f"{printable(str(folder))} is not empty; name a new or empty folder")
    title = " ".join(title.split())
    if not title:
        raise UsageError("--title is empty; give the site's name")
    values = {
        "__SITE_NAME__": title,
        "__SITE_DESCRIPTION__": DEFAULT_DESCRIPTION,
        "__VERSION__": version("briefing"),
    }
    written = []
    for source in sorted(path for path in FILES.rglob("*") if path.is_file()):
        relative = source.relative_to(FILES).as_posix()
        target = folder / PLACES.get(relative, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = _filled(source.read_text(encoding="utf-8"), values, yaml=relative == "mkdocs.yml")
        with target.open("x", encoding="utf-8") as file:  # never over a file that appeared meanwhile
            file.write(text)
        written.append(target)
    return NewSite(folder, written)


def _filled(text: str, values: dict[str, str], *, yaml: bool) -> str:
    """The file with its placeholders filled in; in mkdocs.yml as YAML strings (a title
    may hold `:` or `#`), which JSON's quoting is."""
    for placeholder, value in values.items():
        text = text.replace(placeholder, json.dumps(value, ensure_ascii=False) if yaml else value)
    return text
