"""A build in memory: read the book, apply the transforms, run the writers it needs.

Readers, the theme (Jinja2) and the transforms are imported where they are used, so a build the
rebuild cache keeps does not pay for them. :mod:`bookgen.api` is the facade over these for the
CLI and for Python users; the author's tools (check, preview) call them directly.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bookgen.errors import Problem
    from bookgen.model import Book
    from bookgen.util.progress import Reporter

#: The order outputs are made in (each builds on the one before), with what the step is called.
STEPS = {"html": ("Laying out", "HTML"), "pdf": ("Rendering", "PDF"),
         "booklet": ("Imposing", "booklet"), "epub": ("Packaging", "EPUB"),
         "docx": ("Writing", "Word document"), "cover": ("Drawing", "cover")}
_NEEDS = {"pdf": ("html",), "booklet": ("html", "pdf"), "cover": ("html",)}


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
           image_cache: str = "write") -> tuple[dict[str, bytes], list[Problem]]:
    """Make ``formats`` of a loaded book in memory; return the bytes and the warnings.
    ``image_cache``: "write" keeps prepared images (and the register's lexicon facts) in
    dist/, "read" only uses them, "off"."""
    from bookgen.theme.folders import Theme
    from bookgen.util.progress import Silent
    from bookgen.writers import keep_prepared_images, lay_out, new_context

    reporter = reporter or Silent()
    ctx = new_context(book, Theme(book.root))
    ctx.image_cache = image_cache
    wanted = set(formats) | {need for name in formats for need in _NEEDS.get(name, ())}
    with _fewer_collections():
        for name in STEPS:
            if name in wanted:
                doing, what = STEPS[name]
                with reporter.step(doing, what):
                    if name == "html" and name not in formats:
                        lay_out(ctx)  # the PDF's HTML (images served, not inlined)
                    else:
                        ctx.output(name)
    made = {name: ctx.output(name) for name in formats}
    keep_prepared_images(ctx)
    if image_cache == "write" and book.metadata.index.enabled:
        from bookgen.transforms.index.lexicon_cache import commit

        commit(book.root)  # the register's lexicon facts, for the next build (see there)
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
