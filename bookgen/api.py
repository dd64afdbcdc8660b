"""The library API the CLI is a thin layer over: start a book, load it, build, check, preview.

Every function takes the book folder and raises :class:`bookgen.errors.BookError` for a problem
in the book. Progress goes to an optional :class:`bookgen.progress.Reporter`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bookgen.build import BuildContext, default_output, write_outputs
from bookgen.errors import Problem
from bookgen.model import Book
from bookgen.readers import read_book
from bookgen.theme import Theme
from bookgen.transforms import apply_transforms

if TYPE_CHECKING:
    from bookgen.check import CheckReport
    from bookgen.preview import Preview
    from bookgen.progress import Reporter

#: The order outputs are made in (each builds on the one before), with what the step is called.
STEPS = {"html": ("Laying out", "HTML"), "pdf": ("Rendering", "PDF"),
         "booklet": ("Imposing", "booklet"), "epub": ("Packaging", "EPUB")}
_NEEDS = {"pdf": ("html",), "booklet": ("html", "pdf")}


def load_book(root: Path | str, print_marks: bool | None = None) -> Book:
    """Read a book folder and apply the transforms: the book as the writers see it."""
    book = apply_transforms(read_book(root))
    if print_marks is not None:
        pdf = dataclasses.replace(book.metadata.pdf, print_marks=print_marks)
        book = dataclasses.replace(book, metadata=dataclasses.replace(book.metadata, pdf=pdf))
    return book


def render(book: Book, formats: list[str], reporter: Reporter | None = None,
           ) -> tuple[dict[str, bytes], list[Problem]]:
    """Make ``formats`` of a loaded book in memory; return the bytes and the warnings."""
    from bookgen.progress import Silent

    reporter = reporter or Silent()
    ctx = BuildContext(book, Theme(book.root))
    wanted = set(formats) | {need for name in formats for need in _NEEDS.get(name, ())}
    for name in STEPS:
        if name in wanted:
            doing, what = STEPS[name]
            with reporter.step(doing, what):
                ctx.output(name)
    made = {name: ctx.output(name) for name in formats}
    return made, [*book.warnings, *ctx.problems]


def build(root: Path | str, formats: list[str], outputs: dict[str, Path] | None = None,
          print_marks: bool | None = None,
          on_step: Callable[[str, Path], None] | None = None,
          on_warning: Callable[[Problem], None] | None = None,
          reporter: Reporter | None = None) -> dict[str, Path]:
    """Build ``formats`` (html, pdf, epub, booklet) of the book at ``root``; return the paths.

    Every output is rendered before any is written, and all are written or none (temporary
    files, then renames), so a failed build leaves the last good files as they were.
    """
    from bookgen.progress import Silent

    reporter = reporter or Silent()
    with reporter.step("Reading", Path(root).resolve().name):
        book = load_book(root, print_marks)
    made, warnings = render(book, formats, reporter)
    for problem in warnings:
        if on_warning:
            on_warning(problem)
    written = {name: Path((outputs or {}).get(name) or default_output(book, name))
               for name in made}
    write_outputs({written[name]: data for name, data in made.items()}, book.root)
    for name, path in written.items():
        if on_step:
            on_step(name, path)
    return written


def new_book(folder: Path | str, title: str | None = None, author: str | None = None,
             language: str = "sv") -> list[Path]:
    """Make a new book folder that builds at once; return the files written."""
    from bookgen.scaffold import new_book as scaffold

    return scaffold(Path(folder), title=title, author=author, language=language)


def check(root: Path | str, reporter: Reporter | None = None,
          external: bool = True) -> CheckReport:
    """Everything ``bookgen check`` looks at, without writing into the book folder."""
    from bookgen.check import check_book

    return check_book(Path(root), reporter=reporter, external=external)


def preview(root: Path | str, port: int = 0, reporter: Reporter | None = None) -> Preview:
    """A started preview server (call ``.stop()``), rebuilding the HTML on every save."""
    from bookgen.preview import Preview

    server = Preview(Path(root), port=port, reporter=reporter)
    server.start()
    return server
