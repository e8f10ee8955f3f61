"""Where the commands may write, and how a finished build takes the old site's place.

No command may destroy content. A MkDocs build empties its output folder, and
`briefing build` swaps a new folder in for the old one, so an output folder
that is (or holds, or lies in) the content folder, or that is or holds the
project folder, would lose the curators' files; it is refused before
anything is written. A pack replaces one file, so `pack -o` may replace a
pack and nothing else.

A build is staged in a folder beside the output folder and swapped in with one
atomic `renameat2(RENAME_EXCHANGE)` on Linux, so a reader, a second build or a
kill at any moment finds a whole site, old or new. Each live staging folder is
held under an advisory lock (`flock`, released by the kernel when the process
dies), which is how the next build tells a killed build's leftovers, which it
removes, from a concurrent build's folder, which it leaves alone.

Imports none of our modules but `errors`: the command line and the plugin both
use it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import stat
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

from builder.errors import UsageError, printable

STAGING_PREFIX = ".briefing-build-"
"""Every staging folder's name starts so; only such folders are ever removed as stale."""
PACK_STAGING_PREFIX = ".briefing-pack-"
PAUSE_VARIABLE = "BRIEFING_TEST_PAUSE_AT"
"""Test hook: the name of a point (`PAUSE_POINTS`) where the build announces itself on
standard error and waits, so that a test can kill it exactly there."""
PAUSE_POINTS = ("staged", "built", "moved-aside", "swapped", "cleaned")
NO_EXCHANGE_VARIABLE = "BRIEFING_TEST_NO_EXCHANGE"
"""Test hook: use the fallback for systems without an atomic exchange of two folders."""
PACK_FORMATS = ("zip", "html")
"""The forms of `briefing pack --format`: a zipped folder site, or one HTML file."""
PACK_SUFFIXES = tuple(f".{name}" for name in PACK_FORMATS)
HTML_PACK_MARK = b'<meta name="generator" content="briefing pack">'
"""What `templates/pack/single.html` writes near its top; how an existing .html is known as a pack."""
ZIP_PACK_ENTRIES = ("index.html", "assets/search-index.js")
"""What every folder pack holds in its one top-level folder (a MkDocs build through our plugin);
how a .zip is known as a pack."""


def pause_for_tests(point: str) -> None:
    """Wait at `point` when a test asked for it (`BRIEFING_TEST_PAUSE_AT`), after saying so
    on standard error; the test then kills the process. Does nothing otherwise."""
    if os.environ.get(PAUSE_VARIABLE) == point:
        print(f"paused at {point}", file=sys.stderr, flush=True)
        time.sleep(600)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def safe_output_folder(given: Path, *, option: str, content_dir: Path, project_dir: Path) -> Path:
    """The output folder `given` with symbolic links and `..` resolved, or a `UsageError`
    (exit code 2) when writing there could destroy content: it is, holds or lies in the
    content folder, or is or holds the project folder (the one holding mkdocs.yml)."""
    target = given.resolve()
    content = content_dir.resolve()
    project = project_dir.resolve()
    where = f"{option} {printable(str(given))}"
    if target == content:
        raise UsageError(f"{where}: the output folder may not be the content folder {printable(str(content))}")
    if _inside(target, content):
        raise UsageError(f"{where}: the output folder may not be inside the content folder {printable(str(content))}")
    if _inside(content, target):
        raise UsageError(f"{where}: the output folder may not contain the content folder {printable(str(content))}")
    if target == project:
        raise UsageError(f"{where}: the output folder may not be the project folder {printable(str(project))}")
    if _inside(project, target):
        raise UsageError(f"{where}: the output folder may not contain the project folder {printable(str(project))}")
    if target.exists() and not target.is_dir():
        raise UsageError(f"{where}: the output folder is a file")
    _refuse_what_is_not_a_site(target, where)
    return target


def _refuse_what_is_not_a_site(target: Path, where: str) -> None:
    """A build replaces its output folder whole, so an existing folder must be a site a
    build made (it has an `index.html`) or empty: `-d ~/Documents` or a git checkout is
    refused rather than replaced, whatever it holds."""
    if not target.is_dir():
        return
    if (target / ".git").exists():
        raise UsageError(f"{where}: the output folder holds a git repository; nothing was written")
    if not (target / "index.html").is_file() and any(target.iterdir()):
        raise UsageError(
            f"{where}: the output folder holds files but no index.html, so it is not a built site; "
            "nothing was written: empty it, remove it or choose another folder"
        )


def safe_pack_file(given: Path, *, content_dir: Path) -> Path:
    """`pack -o`: a `UsageError` for a path inside the content folder (symbolic links
    and `..` resolved) or for an existing file that is not a pack (`is_pack`); else
    `given`. An empty file holds nothing to lose and may be replaced."""
    target = given.resolve()
    content = content_dir.resolve()
    where = f"-o {printable(str(given))}"
    if _inside(target, content) or _inside(content, target):
        raise UsageError(f"{where}: a pack may not be written inside the content folder {printable(str(content))}")
    try:
        status = given.stat()
    except FileNotFoundError:
        return given
    except OSError as error:
        raise UsageError(f"{where}: {error.strerror}") from error
    if not stat.S_ISREG(status.st_mode):
        raise UsageError(f"{where}: exists and is not a file")
    if status.st_size and not is_pack(given):
        raise UsageError(
            f"{where}: exists and is not a pack (a .zip or .html made by briefing pack); "
            "nothing was written: remove it or choose another name"
        )
    return given


def is_pack(path: Path) -> bool:
    """Whether an existing file is a pack: named `.zip` or `.html`, and either an HTML
    file whose first 4 KiB hold the single-file pack's generator mark or a zip archive
    holding one folder with a site's `index.html` and search index (a folder pack). Either form under
    either name counts, so `--format html -o x.zip` can be undone by the next run."""
    if path.suffix.lower() not in PACK_SUFFIXES:
        return False
    try:
        with path.open("rb") as file:
            if HTML_PACK_MARK in file.read(4096):
                return True
        if not zipfile.is_zipfile(path):
            return False
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return False
    tops = {name.split("/", 1)[0] for name in names}
    return len(tops) == 1 and all(f"{top}/{name}" in names for top in tops for name in ZIP_PACK_ENTRIES)


# ---------- staging and the swap ----------

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux or macOS
    fcntl = None  # type: ignore[assignment]


def _lock(path: Path, *, wait: bool) -> int | None:
    """An open descriptor of `path` holding an exclusive flock on it, or None when it is
    held elsewhere (`wait=False`) or the system cannot lock it (then nobody can, and
    nothing is removed as stale)."""
    if fcntl is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold `folder` (the output folder's parent) while staging folders are created,
    removed or swapped, so a build never sees another one's half-made step."""
    fd = _lock(folder, wait=True)
    try:
        yield
    finally:
        if fd is not None:
            os.close(fd)


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def remove_stale(parent: Path, prefix: str = STAGING_PREFIX, *, target: Path | None = None) -> None:
    """Remove staging folders of builds that died, never those of a live build (each holds
    a lock on its own folder). A site the fallback swap of a build killed midway moved
    aside from `target` is put back there when `target` is missing. Call under `_locked`."""
    stale = []
    for entry in sorted(parent.glob(prefix + "*")):
        if not entry.is_dir() or entry.is_symlink():
            continue
        fd = _lock(entry, wait=False)
        if fd is not None:
            stale.append((entry, fd))
    for entry, fd in stale:
        try:
            if target is not None and entry.name == _aside(entry, target, prefix).name and not target.exists():
                entry.rename(target)
            else:
                _remove(entry)
        finally:
            os.close(fd)


@contextlib.contextmanager
def staging(parent: Path, prefix: str = STAGING_PREFIX, *, target: Path | None = None) -> Iterator[Path]:
    """A new, locked folder in `parent` to build in, after removing killed builds'
    leftovers; removed on the way out whatever happened (after a swap it holds the old
    site). Created and locked under the parent's lock, so no other build can take it
    for stale in between."""
    with _locked(parent):
        remove_stale(parent, prefix, target=target)
        folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        fd = _lock(folder, wait=False)
    try:
        yield folder
    finally:
        _remove(folder)
        if target is not None:
            _remove(_aside(folder, target, prefix))
        if fd is not None:
            os.close(fd)


def replace_folder(new: Path, target: Path) -> None:
    """Put the finished folder `new` at `target` in one atomic step; `new` then holds the
    old site, for the caller to remove. On Linux the two folders are exchanged by
    `renameat2(RENAME_EXCHANGE)`; where that is missing, the old folder is renamed aside
    and the new one into place, which a kill can interrupt between the two renames: the
    next build then puts the old site back before it starts (`remove_stale`)."""
    pause_for_tests("built")
    with _locked(target.parent):
        try:
            new.rename(target)  # no site yet (or an empty folder): already atomic
        except OSError as error:
            if error.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
            if not _exchange(new, target):
                aside = _aside(new, target)
                target.rename(aside)
                pause_for_tests("moved-aside")
                try:
                    new.rename(target)
                except OSError:
                    aside.rename(target)  # the old site back, before the caller removes `new` and the aside
                    raise
                aside.rename(new)
    pause_for_tests("swapped")


def _aside(staged: Path, target: Path, prefix: str = STAGING_PREFIX) -> Path:
    """Where the fallback swap moves the old site: the staging folder's name (the prefix
    and mkdtemp's suffix, which has no dot), `.old-` and the output folder's name, so the
    next build puts it back only at the output folder it came from."""
    suffix = staged.name[len(prefix) :].split(".", 1)[0]
    return staged.with_name(f"{prefix}{suffix}.old-{target.name}")


RENAME_EXCHANGE = 2
AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically (Linux 3.15+, glibc 2.28+); False where this system or
    file system cannot, so the caller falls back."""
    if sys.platform != "linux" or os.environ.get(NO_EXCHANGE_VARIABLE):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))
