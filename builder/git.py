"""git, as briefing reads it: the repository around a content folder, a revision's files
and their bytes, and the short facts a pack is stamped with.

Every command runs with a fixed locale and no prompt, and never writes to the
repository (`GIT_OPTIONAL_LOCKS=0`: not even the index's stat cache).
`briefing diff` fails with a UsageError when git cannot answer; a pack's
stamp (`output`) is only a courtesy and takes "no answer" as None.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from builder.errors import UsageError

TIMEOUT = 120
"""Seconds any one git command may take."""
LINK_MODE = "120000"
"""The mode git gives a symbolic link."""
_ENVIRONMENT = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}


@dataclass(frozen=True)
class Repository:
    """The git work tree that holds the content folder, and where in it the folder is."""

    top: Path
    prefix: str  # the content folder relative to `top`, posix; "" when it is the top

    @property
    def content_dir(self) -> Path:
        return self.top / self.prefix if self.prefix else self.top


def open_repository(content_dir: Path) -> Repository:
    """The repository around `content_dir` (which need not exist in the working tree)."""
    absolute = Path.cwd() / content_dir  # not resolved: the folder may be gone
    probe = absolute
    while not probe.is_dir() and probe != probe.parent:
        probe = probe.parent
    done = run(["rev-parse", "--show-toplevel"], probe)
    if done.returncode != 0:
        raise UsageError(f"'{content_dir}' is not in a git repository ({message(done)})")
    top = Path(os.fsdecode(done.stdout.rstrip(b"\n")))
    relative = os.path.relpath(os.path.realpath(absolute), os.path.realpath(top))
    if relative == ".." or relative.startswith("../"):
        raise UsageError(f"'{content_dir}' is outside the git repository at {top}")
    return Repository(top, "" if relative == "." else Path(relative).as_posix())


def resolve_revision(repository: Repository, revision: str) -> str:
    """The commit a revision names; a UsageError when it names none."""
    done = run(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], repository.top)
    if done.returncode != 0 or not revision:
        raise UsageError(f"'{revision}' is not a revision of the repository at {repository.top}")
    return done.stdout.decode("ascii").strip()


@dataclass(frozen=True)
class Entry:
    mode: str
    kind: str
    blob: str
    size: int
    path: str


def list_tree(repository: Repository, commit: str) -> list[Entry]:
    """Every file under the content folder at `commit`, with its size, from `git ls-tree`."""
    args = ["--literal-pathspecs", "ls-tree", "-r", "-z", "-l", "--full-tree", commit]
    if repository.prefix:
        args += ["--", repository.prefix]
    done = run(args, repository.top)
    if done.returncode != 0:
        raise UsageError(f"cannot list the files of {commit[:12]} ({message(done)})")
    entries = []
    inside = repository.prefix + "/" if repository.prefix else ""
    for record in done.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, blob, size = meta.decode("ascii").split()
        path = os.fsdecode(raw_path)
        if not path.startswith(inside) or not safe_path(path):
            continue
        entries.append(Entry(mode, kind, blob, int(size) if size.isdigit() else 0, path))
    return entries


def safe_path(path: str) -> bool:
    """A path git would check out: relative, with no empty, '.', '..' or '.git' part."""
    parts = path.split("/")
    return not path.startswith("/") and all(part not in ("", ".", "..") and part.lower() != ".git" for part in parts)


def cat_blobs(repository: Repository, blobs: list[str]) -> dict[str, bytes]:
    if not blobs:
        return {}
    done = run(["cat-file", "--batch"], repository.top, ("\n".join(blobs) + "\n").encode("ascii"))
    if done.returncode != 0:
        raise UsageError(f"cannot read files from git ({message(done)})")
    found: dict[str, bytes] = {}
    output, offset = done.stdout, 0
    while offset < len(output):
        header_end = output.index(b"\n", offset)
        header = output[offset:header_end].decode("ascii").split()
        offset = header_end + 1
        if len(header) != 3:  # "<name> missing"
            continue
        size = int(header[2])
        found[header[0]] = output[offset : offset + size]
        offset += size + 1
    return found


def run(args: list[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, **_ENVIRONMENT}
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=environment,
            timeout=TIMEOUT,
            check=False,
        )
    except FileNotFoundError as error:
        raise UsageError("git is not installed; briefing diff reads revisions with git") from error
    except subprocess.TimeoutExpired as error:
        raise UsageError(f"git did not answer within {TIMEOUT} seconds") from error


def message(done: subprocess.CompletedProcess[bytes]) -> str:
    lines = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
    return lines[0] if lines else f"git exited with {done.returncode}"


def output(folder: Path, *arguments: str) -> str | None:
    """What a git command prints in `folder`, stripped; None outside a repository or when
    git is missing, fails or takes too long."""
    try:
        done = subprocess.run(
            ["git", *arguments],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
            env={**os.environ, **_ENVIRONMENT},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None
