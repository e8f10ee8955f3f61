"""Answers kept while a command runs, and the one place that lets them all go.

A build asks the same small questions thousands of times: the YAML tag of
`true`, the date `2022-09-19`, the verdict on the link `event:x`, the HTML
of a summary shown on a dozen pages, a relative URL from one folder to
another. Each answer depends only on its question, so it is kept and
reused. `MEMOS` holds every such memo of the package: `MEMOS.memo()` makes
a dictionary, `MEMOS.cached()` a function that remembers its answers, and
`MEMOS.clear()` lets go of all of them at once. A memo past its limit
starts again, so a long-lived process (the live preview, whose rebuilds
reuse the answers of the builds before) stays bounded.

The plugin clears them when a command starts (`on_startup`): their scope is
one build, one check, or one live-preview session.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")
F = TypeVar("F", bound=Callable[..., Any])


class Memo(dict[K, V]):
    """A dictionary of answers that starts again once it holds `limit` of them."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def keep(self, key: K, answer: V) -> V:
        if len(self) >= self.limit:
            self.clear()
        self[key] = answer
        return answer


class Memos:
    """Every memo of the package, so that one call empties them all."""

    def __init__(self) -> None:
        self._memos: list[Memo[Any, Any]] = []
        self._functions: list[Any] = []

    def memo(self, limit: int = 50_000) -> Memo[Any, Any]:
        made: Memo[Any, Any] = Memo(limit)
        self._memos.append(made)
        return made

    def cached(self, limit: int) -> Callable[[F], F]:
        """`functools.lru_cache(limit)`, registered here."""

        def decorate(function: F) -> F:
            remembering = functools.lru_cache(maxsize=limit)(function)
            self._functions.append(remembering)
            return remembering  # type: ignore[return-value]

        return decorate

    def clear(self) -> None:
        for memo in self._memos:
            memo.clear()
        for function in self._functions:
            function.cache_clear()


MEMOS = Memos()
