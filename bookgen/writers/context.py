"""A build: one book, one theme, and the outputs made from them, each made at most once.

Writers are functions ``BuildContext -> bytes`` listed in ``bookgen.writers.WRITERS``; a writer
that builds on another asks the context for its output (the PDF writer for the HTML, the
booklet for the PDF), so ``bookgen build`` renders with WeasyPrint once. The context is given
the table when it is made (:func:`bookgen.writers.new_context`), so this module imports no
writer and every writer can import it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bookgen.errors import BookError, Problem
from bookgen.model import Book
from bookgen.theme.folders import Theme
from bookgen.util.dates import build_timestamp


@dataclass
class BuildContext:
    book: Book
    theme: Theme
    #: format name → writer: the table in :mod:`bookgen.writers` (see ``new_context``)
    writers: Mapping[str, Callable[[BuildContext], bytes]]
    problems: list[Problem] = field(default_factory=list)
    _cache: dict[str, Any] = field(default_factory=dict)

    @property
    def timestamp(self) -> datetime:
        return self.shared("timestamp", lambda ctx: build_timestamp())

    def shared(self, key: str, make: Callable[[BuildContext], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = make(self)
        return self._cache[key]

    def output(self, name: str) -> bytes:
        if name not in self.writers:
            raise BookError(f"no writer for '{name}' (known: {', '.join(self.writers)})")
        data = self.shared(f"output:{name}", self.writers[name])
        errors = [p for p in self.problems if p.severity == "error"]
        if errors:
            raise BookError(self.problems)
        return data
