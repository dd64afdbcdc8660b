"""The writers, one row per format (Pandoc's ``writers`` list): ``BuildContext -> bytes``.

Heavy libraries (WeasyPrint, ebooklib, pypdf) are imported when a writer runs, not before.
"""

from __future__ import annotations

from collections.abc import Callable

from bookgen.model import Book
from bookgen.theme.folders import Theme
from bookgen.writers.context import BuildContext


def _html(ctx: BuildContext) -> bytes:
    from bookgen.writers.html import write_html

    return write_html(ctx.book, ctx.theme)


def _pdf(ctx: BuildContext) -> bytes:
    from bookgen.writers.pdf import write_pdf

    return write_pdf(ctx)


def _epub(ctx: BuildContext) -> bytes:
    from bookgen.writers.epub import write_epub

    return write_epub(ctx)


def _booklet(ctx: BuildContext) -> bytes:
    from bookgen.writers.booklet import write_booklet

    booklet, notes = write_booklet(ctx.output("pdf"),
                                   ctx.book.metadata.booklet.sheets_per_signature)
    ctx.problems.extend(notes)
    return booklet


def _cover(ctx: BuildContext) -> bytes:
    from bookgen.writers.print_cover import write_print_cover

    return write_print_cover(ctx)


def _docx(ctx: BuildContext) -> bytes:
    from bookgen.writers.docx import write_docx

    return write_docx(ctx)


WRITERS: dict[str, Callable[[BuildContext], bytes]] = {
    "html": _html,
    "pdf": _pdf,
    "epub": _epub,
    "booklet": _booklet,
    "cover": _cover,
    "docx": _docx,
}


def new_context(book: Book, theme: Theme) -> BuildContext:
    """A build of ``book`` in ``theme`` that can make every format in :data:`WRITERS`."""
    return BuildContext(book, theme, WRITERS)
