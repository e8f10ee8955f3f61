"""The cost of the parts issue 15 added, each timed alone on a tree from bench/generate.py:

    python bench/parts.py TREE

Exports, feeds (as with a site_url) and the search index, after every summary is rendered
as the pages render it; CPU seconds and the bytes each writes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from builder.pipeline import load_site
from builder.rendering.exports import Exporter
from builder.rendering.feeds import FeedWriter, feeds
from builder.rendering.pages import Options
from builder.rendering.renderer import Renderer
from builder.rendering.search import search_scripts


def main() -> None:
    root = Path(sys.argv[1])
    site = load_site(root / "content", root=root, drafts=False).site
    assert site is not None, "the tree has content errors: run briefing check in it"
    options = Options(site_name="S", site_url="https://example.org/briefing/")
    renderer = Renderer(site, options, root=root)
    for event in site.events:  # the pages render every summary before the exports and feeds
        renderer._rendered(event.summary)

    start = time.process_time()
    size = sum(len("".join(chunks)) for _path, chunks in Exporter(site, options).files())
    print(f"exports {time.process_time() - start:.2f} s CPU, {size / 1e6:.1f} MB")

    writer = FeedWriter(renderer, "https://example.org/briefing/", "S", site.as_of)
    start = time.process_time()
    files = [text for feed in feeds(site, "S") for _path, text in writer.files(feed)]
    elapsed = time.process_time() - start
    print(f"feeds {elapsed:.2f} s CPU, {len(files)} files, {sum(map(len, files)) / 1e6:.1f} MB")

    start = time.process_time()
    index, bodies = search_scripts(site, options)
    elapsed = time.process_time() - start
    print(f"search index {elapsed:.2f} s CPU, {len(index) / 1e6:.1f} + {len(bodies) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
