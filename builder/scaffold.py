"""`briefing new`: a new event or actor file at the right path, with the right id.

What this module owns is the skeleton a curator starts from. The decisions:

- The id is made from the title (accents transliterated, lowercase ASCII,
  single hyphens, cut at a word to at most 100 characters) unless `--id`
  gives one; ids are unique across folders, so an id that any event (or
  actor) already has, or had (`redirect_from`), is refused.
- An existing file is never overwritten: the file is opened for exclusive
  creation, so even a file that appears meanwhile is kept.
- A new event that may repeat one the content has (the same date and a
  common actor, or a very similar title: duplicates.py) is written all the
  same, with warnings naming that event: only the curator can tell two
  meetings of one pair apart, and a refusal would need an option to override.
- Every refusal is a `UsageError` (exit code 2, like a mistyped option):
  the command asked for something the content does not allow, and nothing
  was written. Exit code 1 keeps meaning "content problems".
- An event's skeleton holds everything the command line knew (title, date,
  actors, tags) and leaves what only the curator can write empty, each with
  a `# TODO` comment saying what goes there: the summary and one source with
  its grades, and the confidence. `briefing check` then lists exactly those
  lines until they are written, so an unfinished event can never be built
  or published by mistake, and no placeholder text can slip through review.
- An actor's skeleton has every required field (name and kind come from the
  command line), so it passes `briefing check` at once; summary, roles and
  links are added when known.
- Values are written with PyYAML's emitter, which quotes whatever YAML 1.1
  would read as something other than text (`NO`, `1984`, `a: b`), and the
  text is read back with the builder's own YAML reader before it is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from builder import duplicates, schema
from builder.countries import COUNTRY_NAMES
from builder.dates import DateError, parse_date
from builder.errors import Problem, UsageError, nearest, printable
from builder.ids import ID_PATTERN, MAX_ID_LENGTH, WINDOWS_DEVICE_NAMES, device_name_message, slug, suggest_id
from builder.kinds import ACTOR, EVENT
from builder.loading import load_content
from builder.model import ACTOR_KINDS
from builder.validation import ids_and_redirects
from builder.validation.text import MAX_TITLE_LENGTH, character_fault
from builder.validation.values import COUNTRY_MISTAKES
from builder.yamltree import Mapping, Scalar, parse_yaml

# Letters that Unicode does not decompose into an ASCII letter and a mark.


@dataclass(frozen=True)
class Created:
    """The file written, and what the curator does next."""

    path: Path
    next_step: str
    warnings: tuple[str, ...] = ()
    """What the curator should look at before going on (an event this one may repeat)."""


def new_event(
    content: Path,
    title: str,
    *,
    date: str,
    actors: Iterable[str] = (),
    tags: Iterable[str] = (),
    ident: str | None = None,
) -> Created:
    """Write content/events/<year>/<id>.yaml; raises UsageError, writing nothing, when it cannot."""
    title = _one_line(title, "the title", limit=MAX_TITLE_LENGTH)
    try:
        when = parse_date(date)
    except DateError as error:
        raise UsageError(f"--date: {error}") from None
    known = _Known(content)
    ident = _choose_id(ident, title, "event", known)
    actors, tags = list(dict.fromkeys(actors)), list(dict.fromkeys(tags))
    unknown = [known.unknown("actor", actor) for actor in actors] + [known.unknown("tag", tag) for tag in tags]
    if any(unknown):
        raise UsageError("\n".join(message for message in unknown if message))

    path = content / EVENT.folder / f"{when.timeline_year():04d}" / f"{ident}.yaml"
    lines = [*_modeline("event", path, content), _line("title", title), f"date: {date}"]
    lines.append("summary:  # TODO one Markdown paragraph: what happened, who, where, and why it matters")
    if actors:
        lines += ["actors:", *(f"  - {actor}" for actor in actors)]
    if tags:
        lines += ["tags:", *(f"  - {tag}" for tag in tags)]
    lines += [
        "sources:",
        "  - id:  # TODO <publisher>-<yyyy-mm-dd>, or news-report-<yyyy-mm-dd> when the publisher is unknown",
        "    title:  # TODO the headline, or e.g. News report, 19 September 2022 (publisher unknown)",
        "    published:  # TODO the date the source was published",
        "    reliability:  # TODO A-F: A completely reliable ... E unreliable, F cannot be judged",
        "    credibility:  # TODO 1-6: 1 confirmed by other sources ... 5 improbable, 6 cannot be judged",
        "confidence:  # TODO low, moderate or high",
    ]
    repeated = duplicates.possible_duplicates(known.documents, title, when, actors)
    _write(path, lines, "event", {"title": title, "date": date})
    return Created(
        path,
        "next: write the lines marked TODO (the summary and the source), then run `briefing check`; "
        "it lists every line still to write",
        tuple(duplicates.warnings(repeated, str(path))),
    )


def new_actor(
    content: Path,
    name: str,
    *,
    kind: str,
    country: str | None = None,
    native_name: str | None = None,
    ident: str | None = None,
) -> Created:
    """Write content/actors/<id>.yaml; raises UsageError, writing nothing, when it cannot."""
    name = _one_line(name, "the name")
    if kind not in ACTOR_KINDS:
        raise UsageError(f"--kind is '{kind}'; it must be one of {', '.join(ACTOR_KINDS)}")
    if country is not None and country not in COUNTRY_NAMES:
        guess = COUNTRY_MISTAKES.get(country.upper(), country.upper())
        hint = f"; did you mean '{guess}'?" if guess in COUNTRY_NAMES else ""
        raise UsageError(f"--country '{country}' is not an ISO 3166-1 alpha-2 code (two capitals, e.g. RU){hint}")
    if native_name is not None:
        native_name = _one_line(native_name, "--native-name")
    known = _Known(content)
    ident = _choose_id(ident, name, "actor", known)

    path = content / ACTOR.folder / f"{ident}.yaml"
    lines = [*_modeline("actor", path, content), _line("name", name), _line("kind", kind)]
    expected = {"name": name, "kind": kind}
    for key, value in (("native_name", native_name), ("country", country)):
        if value is not None:
            lines.append(_line(key, value))
            expected[key] = value
    _write(path, lines, "actor", expected)
    return Created(path, "next: add a summary, and roles and links where known, then run `briefing check`")


class _Known:
    """The ids the content already has or had, from every file, even one with problems,
    and the files themselves, for a new event to be compared with (duplicates.py)."""

    def __init__(self, content: Path) -> None:
        if not content.is_dir():
            raise UsageError(f"there is no content folder at {content}; run from the repository root or give --content")
        documents = load_content(content, display_root=Path.cwd()).documents
        known = ids_and_redirects(documents)
        self.ids, self.former = known.ids, known.redirects
        self.documents = documents

    def unknown(self, kind: str, ident: str) -> str:
        """Why an id of another item cannot be used, naming the one meant; "" when it can."""
        if ident in self.ids[kind]:
            return ""
        renamed = self.former[kind].get(ident)
        if renamed is not None:
            renamed = printable(renamed)  # a file's name, which may hold anything
            return f"{kind} '{ident}' was renamed to '{renamed}'; give --{kind} {renamed}"
        meant = nearest(ident, self.ids[kind])
        if meant is not None:
            return f"unknown {kind} '{ident}'; did you mean '{meant}'?"
        add = (
            "add it to content/tags.yaml first"
            if kind == "tag"
            else 'create it first: briefing new actor "Name" --kind person'
        )
        return f"unknown {kind} '{ident}'; {add}"


def _choose_id(ident: str | None, title: str, kind: str, known: _Known) -> str:
    if ident is None:
        ident = slug(title)
        if not ident:
            raise UsageError(f"cannot make an id from '{title}' (no Latin letters or digits); give one with --id")
        if ident in WINDOWS_DEVICE_NAMES:
            raise UsageError(f"cannot use the id made from '{title}': {device_name_message(ident)} with --id")
    elif len(ident) > MAX_ID_LENGTH or not ID_PATTERN.fullmatch(ident):
        suggestion = suggest_id(ident)
        raise UsageError(
            f"--id '{ident}' is not a valid id: lowercase letters, digits and single hyphens, at most "
            f"{MAX_ID_LENGTH} characters, e.g. '{suggestion}'"
        )
    elif ident in WINDOWS_DEVICE_NAMES:
        raise UsageError(f"--id: {device_name_message(ident)}")
    taken = known.ids[kind].get(ident)
    if taken is not None:
        # Paths and names from the content are shown printable, as in every problem (errors.printable).
        raise UsageError(
            f"{printable(taken)} already has the {kind} id '{ident}'; edit that file, or choose another with --id"
        )
    renamed = known.former[kind].get(ident)
    if renamed is not None:
        raise UsageError(
            f"'{ident}' is a former id of {kind} '{printable(renamed)}' and still leads to it; choose another with --id"
        )
    return ident


def _one_line(value: str, what: str, *, limit: int | None = None) -> str:
    value = value.strip()
    if not value:
        raise UsageError(f"{what} is empty")
    fault = character_fault(value, one_line=True)
    if fault is not None:
        raise UsageError(f"{what} {fault[1]}")
    if limit is not None and len(value) > limit:
        raise UsageError(f"{what} is {len(value)} characters, over the limit of {limit}; shorten it")
    return value


def _line(key: str, value: str) -> str:
    """`key: value` with the value quoted wherever YAML would not read it back as this text."""
    dumped = yaml.safe_dump({key: value}, allow_unicode=True, width=1 << 16, sort_keys=False)
    return dumped.removesuffix("\n")


def _modeline(kind: str, path: Path, content: Path) -> list[str]:
    """The editor's schema line, when the schemas are beside the content folder (the repository's layout)."""
    schemas = content.parent / "schemas"
    if not (schemas / schema.file_name(kind)).is_file():
        return []
    return [schema.modeline(kind, path.resolve(), schemas.resolve())]


def _write(path: Path, lines: list[str], kind: str, expected: dict[str, str]) -> None:
    text = "\n".join(lines) + "\n"
    _check_reads_back(text, path, kind, expected)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        raise UsageError(f"{path} already exists; it was left as it is") from None


def _check_reads_back(text: str, path: Path, kind: str, expected: dict[str, str]) -> None:
    """Read the skeleton as `briefing check` will; a difference is a bug here, never the curator's."""
    problems: list[Problem] = []
    root = parse_yaml(text, str(path), problems, kind="event" if kind == "event" else "actor")
    assert isinstance(root, Mapping) and not problems, problems
    for key, value in expected.items():
        node = root.items[key][1]
        assert isinstance(node, Scalar) and node.text == value, (key, node)
        assert node.kind == "str" or key == "date", (key, node.kind)
