"""The library API the CLI is a thin layer over: load a book, build its outputs."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from bookgen.build import BuildContext, default_output, write_atomically
from bookgen.errors import Problem
from bookgen.model import Book
from bookgen.readers import read_book
from bookgen.theme import Theme
from bookgen.transforms import apply_transforms


def load_book(root: Path | str, print_marks: bool | None = None) -> Book:
    """Read a book folder and apply the transforms: the book as the writers see it."""
    book = apply_transforms(read_book(root))
    if print_marks is not None:
        pdf = dataclasses.replace(book.metadata.pdf, print_marks=print_marks)
        book = dataclasses.replace(book, metadata=dataclasses.replace(book.metadata, pdf=pdf))
    return book


def build(root: Path | str, formats: list[str], outputs: dict[str, Path] | None = None,
          print_marks: bool | None = None,
          on_step: Callable[[str, Path], None] | None = None,
          on_warning: Callable[[Problem], None] | None = None) -> dict[str, Path]:
    """Build ``formats`` (html, pdf, epub, booklet) of the book at ``root``; return the paths.

    Every output is rendered before any is written, and each is written only when complete
    (temporary file, then rename), so a failed build leaves the last good files as they were.
    """
    book = load_book(root, print_marks)
    ctx = BuildContext(book, Theme(book.root))
    made = {name: ctx.output(name) for name in formats}
    for problem in (*book.warnings, *ctx.problems):
        if on_warning:
            on_warning(problem)
    written: dict[str, Path] = {}
    for name, data in made.items():
        path = Path((outputs or {}).get(name) or default_output(book, name))
        write_atomically(path, data)
        written[name] = path
        if on_step:
            on_step(name, path)
    return written
