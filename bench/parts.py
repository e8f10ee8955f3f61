"""The cost of the parts issue 15 added, each timed alone at a tree from bench/generate.py:

    python bench/parts.py TREE

Exports, feeds (with a site_url) and the search index, after every summary is rendered
as the pages render it; CPU seconds and the bytes each writes."""

import time, sys
from pathlib import Path
from builder.pipeline import load_site
from builder.rendering.pages import Options, list_pages
from builder.rendering.renderer import Renderer
from builder.rendering.exports import Exporter
from builder.rendering.feeds import FeedWriter, feeds
from builder.rendering.search import search_scripts
root = Path(sys.argv[1])
site = load_site(root / "content", root=root, drafts=False).site
opts = Options(site_name="S", site_url="https://example.org/briefing/")
renderer = Renderer(site, opts, root=root)
for e in site.events: renderer._rendered(e.summary)  # the pages render every summary first
t=time.process_time(); n=sum(len("".join(c)) for p,c in Exporter(site, opts).files()); print(f"exports {time.process_time()-t:.2f} s CPU, {n/1e6:.1f} MB")
w=FeedWriter(renderer, opts.site_url, "S", site.as_of)
t=time.process_time(); n=0; k=0
for f in feeds(site, "S"):
    for p,x in w.files(f): n+=len(x); k+=1
print(f"feeds {time.process_time()-t:.2f} s CPU, {k} files, {n/1e6:.1f} MB")
t=time.process_time(); a,b=search_scripts(site, opts); print(f"search index {time.process_time()-t:.2f} s CPU, {len(a)/1e6:.1f} + {len(b)/1e6:.1f} MB")
