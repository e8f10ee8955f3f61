#!/bin/sh
# Debian's headless Chromium for the browser tests (search, offline use, screenshots).
# From Debian's packages only: no test tool may download a browser of its own.
set -u
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ ! -x /usr/bin/chromium ]; then
    echo "WARNING: /usr/bin/chromium is not installed and could not be installed here;" >&2
    echo "WARNING: the browser tests will be SKIPPED. Install it with: apt-get install chromium" >&2
fi
exit 0
