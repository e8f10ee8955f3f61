"""Loaded documents → the typed model, and every problem with it.

Two passes (`passes`): the first checks each file on its own against its
kind's field table (`fields`, `items`) with the checks of `text`, `values`
and `structure`; the second resolves references between files
(`references`) and relations between events (`relations`). Nothing raises
on bad content: each check appends a Problem and the run goes on, so a
curator sees all of them at once.
"""

from builder.validation.items import Checked, check_item
from builder.validation.passes import validate
from builder.validation.references import IdsAndRedirects, ids_and_redirects

__all__ = ["Checked", "IdsAndRedirects", "check_item", "ids_and_redirects", "validate"]
