"""The indexed site → the pages it publishes, each an HTML fragment from a template.

`pages` lists the pages and gives each its context (every split decision is
there), `urls` says where each lives and how pages link, `renderer` renders
them through one Jinja environment, and `search` writes the search index.
"""
