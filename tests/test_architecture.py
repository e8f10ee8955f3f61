"""The layout docs/architecture.md describes, held by tests: stages import only earlier stages,
no module grows past what a newcomer reads in one sitting, and the kinds' folder names are
written in one place."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import builder

PACKAGE = Path(builder.__file__).resolve().parent
MAX_MODULE_LINES = 750

# The flow of docs/architecture.md, in order. A module of a stage may import the
# modules of the stages before it, never those after.
STAGES = [
    ["loading"],
    ["validation"],
    ["index"],
    ["rendering", "markup"],
    ["plugin"],
]


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name under `builder` (`validation.fields`)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path) -> set[str]:
    """The `builder` modules a file imports, anywhere in it (a function's lazy import counts)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("builder"):
            names.add(node.module.removeprefix("builder").lstrip("."))
            names.update(f"{node.module.removeprefix('builder.')}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name.removeprefix("builder.") for a in node.names if a.name.startswith("builder."))
    return {name for name in names if name}


def _top(name: str) -> str:
    return name.split(".")[0]


def test_each_stage_imports_only_the_stages_before_it() -> None:
    modules = _modules()
    rank = {module: position for position, stage in enumerate(STAGES) for module in stage}
    wrong = []
    for name, path in modules.items():
        own = rank.get(_top(name))
        if own is None:
            continue
        for imported in _imports(path):
            theirs = rank.get(_top(imported))
            if theirs is not None and theirs > own:
                wrong.append(f"{name} imports {imported}")
    assert wrong == []


def test_no_module_is_longer_than_a_newcomer_reads_in_one_sitting() -> None:
    lengths = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in _modules().items()}
    assert {name: lines for name, lines in lengths.items() if lines > MAX_MODULE_LINES} == {}


def test_the_kinds_folder_names_are_written_in_one_place() -> None:
    """builder/kinds.py names each kind's folder; every other module takes it from there.
    Docstrings may show a path to the reader; code, messages and help text may not spell one."""
    writing = set()
    for name, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        for node in ast.walk(tree):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            if is_text and _FOLDER_IN_PATH.search(node.value):
                writing.add(name)
    assert writing <= {"kinds"}


_FOLDER_IN_PATH = re.compile(r"(?:^|/)(?:events|actors|briefings|tags)/")
