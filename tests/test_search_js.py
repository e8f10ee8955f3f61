"""The search script's matching and ranking, unit-tested in JavaScript (tests/js/, Node's own
test runner): run here so that `make test` runs them, besides the browser tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="JAVASCRIPT TESTS SKIPPED: node is not installed (apt-get install nodejs)")
def test_the_search_scripts_unit_tests_pass() -> None:
    assert NODE is not None
    result = subprocess.run(
        [NODE, "--test", "tests/js/"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert result.returncode == 0, result.stdout
    assert "# fail 0" in result.stdout and "# pass 0" not in result.stdout
