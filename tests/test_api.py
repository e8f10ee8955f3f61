"""The public API of `builder`, held as mkdocstrings holds its own (tests/test_api.py there):
what `__all__` lists exists and is documented, and nothing public is left out of it."""

from __future__ import annotations

import inspect
import subprocess
import sys
import types

import builder


def test_every_name_in_all_exists_and_is_documented() -> None:
    for name in builder.__all__:
        obj = getattr(builder, name)
        assert inspect.getdoc(obj), f"builder.{name} has no docstring"


def test_all_is_sorted_and_unique() -> None:
    assert builder.__all__ == sorted(set(builder.__all__))


def test_every_public_name_of_the_package_is_in_all() -> None:
    public = {
        name
        for name, value in vars(builder).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType) and name != "annotations"
        and name != "Any"
    }  # fmt: skip
    assert public <= set(builder.__all__)


def test_importing_the_package_does_not_load_mkdocs() -> None:
    code = "import sys, builder; print('mkdocs' in sys.modules, 'markdown' in sys.modules)"
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.split() == ["False", "False"]


def test_the_plugin_is_there_on_first_use() -> None:
    from builder.plugin import BriefingPlugin

    assert builder.BriefingPlugin is BriefingPlugin
