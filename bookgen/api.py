"""The library API the CLI is a thin layer over: start a book, load it, build, check, preview.

Every function takes the book folder and raises :class:`bookgen.errors.BookError` for a problem
in the book. Progress goes to an optional :class:`bookgen.progress.Reporter`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

# The readers, the theme (Jinja2) and the transforms are imported where they are used, so a
# build the rebuild cache keeps, and ``bookgen --help``, do not pay for them.
if TYPE_CHECKING:
    from bookgen.errors import Problem
    from bookgen.model import Book
    from bookgen.check import CheckReport
    from bookgen.preview import Preview
    from bookgen.progress import Reporter

#: The order outputs are made in (each builds on the one before), with what the step is called.
STEPS = {"html": ("Laying out", "HTML"), "pdf": ("Rendering", "PDF"),
         "booklet": ("Imposing", "booklet"), "epub": ("Packaging", "EPUB")}
_NEEDS = {"pdf": ("html",), "booklet": ("html", "pdf")}


def load_book(root: Path | str, print_marks: bool | None = None) -> Book:
    """Read a book folder and apply the transforms: the book as the writers see it."""
    from bookgen.readers import read_book
    from bookgen.transforms import apply_transforms

    book = apply_transforms(read_book(root))
    if print_marks is not None:
        pdf = dataclasses.replace(book.metadata.pdf, print_marks=print_marks)
        book = dataclasses.replace(book, metadata=dataclasses.replace(book.metadata, pdf=pdf))
    return book


def render(book: Book, formats: list[str], reporter: Reporter | None = None,
           ) -> tuple[dict[str, bytes], list[Problem]]:
    """Make ``formats`` of a loaded book in memory; return the bytes and the warnings."""
    from bookgen.build import BuildContext
    from bookgen.progress import Silent
    from bookgen.theme import Theme

    reporter = reporter or Silent()
    ctx = BuildContext(book, Theme(book.root))
    wanted = set(formats) | {need for name in formats for need in _NEEDS.get(name, ())}
    with _fewer_collections():
        for name in STEPS:
            if name in wanted:
                doing, what = STEPS[name]
                with reporter.step(doing, what):
                    ctx.output(name)
    made = {name: ctx.output(name) for name in formats}
    return made, [*book.warnings, *ctx.problems]


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while rendering.

    WeasyPrint's layout and pypdf's parsing make millions of objects that live until the output
    is made; with Python's default thresholds the collector scans them again and again (about a
    tenth of a 300-page PDF's time, a sixth of its booklet's). The book, already read, is set
    aside (``gc.freeze``) and young objects are collected every 10 000 allocations instead of
    700: about 4 % more memory. Both are restored afterwards.
    """
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def build(root: Path | str, formats: list[str], outputs: dict[str, Path] | None = None,
          print_marks: bool | None = None,
          on_step: Callable[[str, Path], None] | None = None,
          on_warning: Callable[[Problem], None] | None = None,
          reporter: Reporter | None = None, force: bool = False) -> dict[str, Path]:
    """Build ``formats`` (html, pdf, epub, booklet) of the book at ``root``; return the paths.

    Every output is rendered before any is written, and all are written or none (temporary
    files, then renames), so a failed build leaves the last good files as they were.
    Outputs that are still what the book's files, the theme, the options and this bookgen
    would make are kept as they are (``bookgen.cache``), unless ``force``.
    """
    from bookgen.cache import RebuildCache, note_problem, problem_note
    from bookgen.progress import Silent

    reporter = reporter or Silent()
    cache = RebuildCache(Path(root), list(formats), outputs or {}, {"print_marks": print_marks})
    kept = None if force else cache.up_to_date()
    if kept is not None:
        reporter.kept()
        for note in cache.warnings(kept):
            if on_warning:
                on_warning(note_problem(note))
        for name, path in kept.items():
            if on_step:
                on_step(name, path)
        return kept
    from bookgen.build import default_output, write_outputs

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
    cache.record(written, [problem_note(p) for p in warnings], made)
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
