"""A build: one book, one theme, and the outputs made from them, each made at most once.

Writers are functions ``BuildContext -> bytes`` listed in ``bookgen.writers.WRITERS``; a writer
that builds on another asks the context for its output (the PDF writer for the HTML, the
booklet for the PDF), so ``bookgen build`` renders with WeasyPrint once.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bookgen.dates import build_timestamp
from bookgen.errors import BookError, Problem
from bookgen.model import Book
from bookgen.theme import Theme

SUFFIXES = {"html": ".html", "pdf": ".pdf", "epub": ".epub", "booklet": "-booklet.pdf"}


@dataclass
class BuildContext:
    book: Book
    theme: Theme
    problems: list[Problem] = field(default_factory=list)
    _cache: dict[str, Any] = field(default_factory=dict)

    @property
    def timestamp(self) -> datetime:
        return self.shared("timestamp", lambda ctx: build_timestamp(ctx.book.root))

    def shared(self, key: str, make: Callable[[BuildContext], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = make(self)
        return self._cache[key]

    def output(self, name: str) -> bytes:
        from bookgen.writers import WRITERS

        if name not in WRITERS:
            raise BookError(f"no writer for '{name}' (known: {', '.join(WRITERS)})")
        data = self.shared(f"output:{name}", WRITERS[name])
        errors = [p for p in self.problems if p.severity == "error"]
        if errors:
            raise BookError(self.problems)
        return data


def default_output(book: Book, name: str) -> Path:
    return book.root / "dist" / f"{book.slug}{SUFFIXES[name]}"


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place when complete,
    so an interrupted build never leaves a half-written file under the final name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
