"""The library API the CLI is a thin layer over: load a book, build its outputs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bookgen.build import BuildContext, default_output, write_atomically
from bookgen.model import Book
from bookgen.readers import read_book
from bookgen.theme import Theme
from bookgen.transforms import apply_transforms


def load_book(root: Path | str) -> Book:
    """Read a book folder and apply the transforms: the book as the writers see it."""
    return apply_transforms(read_book(root))


def build(root: Path | str, formats: list[str], outputs: dict[str, Path] | None = None,
          on_step: Callable[[str, Path], None] | None = None) -> dict[str, Path]:
    """Build ``formats`` (html, pdf, epub, booklet) of the book at ``root``; return the paths.

    Each output is written only when complete (temporary file, then rename).
    """
    book = load_book(root)
    ctx = BuildContext(book, Theme(book.root))
    written: dict[str, Path] = {}
    for name in formats:
        path = (outputs or {}).get(name) or default_output(book, name)
        data = ctx.output(name)
        write_atomically(path, data)
        written[name] = path
        if on_step:
            on_step(name, path)
    return written
