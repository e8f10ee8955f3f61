"""What a pull request changes in the content, in terms of events, actors and pages.

`briefing diff BASE [HEAD]` reads the content folder at two git revisions
(HEAD None is the working tree; `sides`), loads and validates each side with
the same functions `briefing check` uses, and compares the items and prose
pages (`compare`, with `fields` for which fields changed): added, removed,
renamed (through `redirect_from`, which pages do not have), changed. It also reports events that move on the timeline,
sources and grades, references a change breaks or creates, and whether each
side validates. `report.markdown` and `Diff.to_json` are the two forms the
command line writes; nothing here prints.
"""

from builder.diff.compare import diff_revisions
from builder.diff.fields import word_diff
from builder.diff.report import markdown

__all__ = ["diff_revisions", "markdown", "word_diff"]
