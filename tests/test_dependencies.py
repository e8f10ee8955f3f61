"""The two lock files: requirements.lock holds exactly what building a site needs (the
closure of pyproject.toml's dependencies, and setuptools, which installs briefing), and
requirements-dev.lock adds the test tools and what they need, pinning nothing twice."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import distribution

from browser import REPO
from packaging.markers import default_environment
from packaging.requirements import Requirement

BUILD_BACKEND = {"setuptools"}


def name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def pins(lock: str) -> dict[str, str]:
    found = {}
    for line in (REPO / lock).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-r "):
            package, _, pinned = line.partition("==")
            assert pinned, f"{lock}: {line} is not pinned with =="
            found[name(package)] = pinned
    return found


def closure(roots: list[str]) -> set[str]:
    """The distributions `roots` need, in the running environment (no extras)."""
    environment = {**default_environment(), "extra": ""}
    needed: set[str] = set()
    stack = [Requirement(root).name for root in roots]
    while stack:
        package = name(stack.pop())
        if package in needed:
            continue
        needed.add(package)
        for requirement in map(Requirement, distribution(package).requires or []):
            if requirement.marker is None or requirement.marker.evaluate(environment):
                stack.append(requirement.name)
    return needed


def project() -> dict[str, list[str]]:
    settings = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return {"runtime": settings["project"]["dependencies"], "dev": settings["project"]["optional-dependencies"]["dev"]}


def test_the_runtime_lock_is_exactly_what_a_build_needs() -> None:
    pinned, needed = set(pins("requirements.lock")), closure(project()["runtime"]) | BUILD_BACKEND
    assert sorted(pinned - needed) == [], "pinned in requirements.lock, but no build needs them"
    assert sorted(needed - pinned) == [], "a build needs them, but requirements.lock does not pin them"


def test_the_dev_lock_adds_the_test_tools_and_repeats_nothing() -> None:
    runtime, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    assert "-r requirements.lock" in (REPO / "requirements-dev.lock").read_text(encoding="utf-8")
    assert sorted(set(runtime) & set(dev)) == [], "pinned in both lock files"
    tools = {name(Requirement(tool).name) for tool in project()["dev"]}
    assert sorted(tools - set(dev)) == [], "pyproject.toml's dev extra, missing from requirements-dev.lock"
    needed = closure(project()["dev"]) - set(runtime)
    assert sorted(needed - set(dev)) == [], "the dev tools need them, but neither lock file pins them"
    assert sorted(set(dev) - needed) == [], "pinned in requirements-dev.lock, but no dev tool needs them"


def test_the_pins_are_what_is_installed() -> None:
    for package, pinned in {**pins("requirements.lock"), **pins("requirements-dev.lock")}.items():
        assert distribution(package).version == pinned, package


def test_a_site_build_installs_the_runtime_lock_only() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    runtime_rule = makefile.split("$(STAMP): ")[1].split("\n\n")[0]
    assert "requirements.lock" in runtime_rule
    assert "requirements-dev.lock" not in runtime_rule
    assert re.search(r"(?m)^site: \$\(STAMP\)$", makefile)
    assert re.search(r"(?m)^test: \$\(DEV_STAMP\)", makefile)
    assert "make site" in (REPO / ".github/workflows/publish.yml").read_text(encoding="utf-8")
    for workflow in sorted((REPO / ".github/workflows").glob("*.yml")):
        text = workflow.read_text(encoding="utf-8")
        for dev_only in ("requirements-dev.lock", "make dev-setup", "make test", "make lint", "pytest"):
            assert dev_only not in text, f"{workflow.name} installs or runs the test tools ({dev_only})"
