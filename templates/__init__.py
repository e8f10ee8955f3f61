"""The briefing theme: this folder ships in the package as `builder.theme`.

MkDocs finds a theme's folder from the module its `mkdocs.themes` entry point names,
so the folder needs this file; it holds no code.
"""
