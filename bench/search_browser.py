"""How the reader's search copes with a large site: opened from disk in Chromium, no network.

    python bench/search_browser.py SITE_DIR [QUERY ...]

SITE_DIR is a built site (for example the 10,000-event tree's, after `make bench`
or `briefing build` in it). Prints the size of the search index, the time from
typing in the search box to the first answer (the index is loaded then, by a
<script> element), and for each query the time the page spends handling one
keystroke (searching and listing the results, measured inside the page).
Uses the tests' Chromium set-up (Debian's chromium, driven by Playwright).
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import chromium  # the tests' helpers, found by the path above

QUERIES = ["pipeline", "naval drills", "security cooperation", "2019", "ministry of", "zzzz"]
ANSWERED = "/result/i.test(document.getElementById('search-count').textContent)"
"""True once the count under the box says "No results", "1 result" or "N results"."""
ONE_KEYSTROKE = """(query) => {
  const input = document.querySelector('#search-input');
  input.value = query;
  const start = performance.now();
  input.dispatchEvent(new Event('input', { bubbles: true }));
  return performance.now() - start;
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("queries", nargs="*", default=QUERIES)
    args = parser.parse_args()
    for name in ("search-index.js", "search-bodies.js"):
        if (args.site / "assets" / name).is_file():
            data = (args.site / "assets" / name).read_bytes()
            print(f"{name}: {len(data) / 1e6:.1f} MB, {len(gzip.compress(data)) / 1e6:.1f} MB gzipped")
    with chromium() as browser:
        page = browser.new_page()
        page.route("http*://**", lambda route: route.abort())
        page.goto((args.site.resolve() / "index.html").as_uri())
        start = time.perf_counter()
        page.fill("#search-input", args.queries[0])
        page.wait_for_function(ANSWERED, timeout=120_000)
        print(f"focus and type -> first answer: {time.perf_counter() - start:.2f} s (index loaded and prepared)")
        if (args.site / "assets/search-bodies.js").is_file():  # the bodies come after the first answer
            page.wait_for_function("document.documentElement.dataset.searchBodies === 'loaded'", timeout=120_000)
            print(f"  ... and the body texts: {time.perf_counter() - start:.2f} s")
        for query in args.queries:
            times = sorted(page.evaluate(ONE_KEYSTROKE, query) for _ in range(5))
            print(f"  {query!r}: {times[2]:.1f} ms per keystroke (median of 5)")


if __name__ == "__main__":
    main()
