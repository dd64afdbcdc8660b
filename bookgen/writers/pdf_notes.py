"""Measure and fix up footnotes after WeasyPrint has laid the book out.

WeasyPrint 70 cannot split a footnote across pages (Kozea/WeasyPrint#1833): a note taller than
the room at the foot of its call's page goes to a later page, and one taller than a page runs
over the top of the text. And a note can still land on the page before its call (#1564). After
the layout, every note's page is compared with its call's page and every page's footnote area
with its text area; a note that fails either is set again as a *block note*, in small type
right after the paragraph of its call (never lost, never on the wrong page), and the build
warns with the note's ``path:line``.
"""

from __future__ import annotations

from bookgen import model as m
from bookgen.errors import Problem

MAX_FIXUPS = 3  # layouts after the first: setting one note as a block can move others


def book_notes(book: m.Book) -> list[m.Footnote]:
    return [b for s in book.sections for b in s.blocks if isinstance(b, m.Footnote)]


def misplaced_notes(document, book: m.Book) -> list[m.Footnote]:
    """The notes not at the foot of their call's page, in a footnote area that overflows, or
    not set at all (a note WeasyPrint moves on from the last page is lost)."""
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    page_of: dict[str, int] = {}
    overflowing: set[int] = set()
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            page_of.setdefault(anchor, number)
        box = page._page_box
        for child in box.children:
            if isinstance(child, FootnoteAreaBox) and child.children and \
                    child.position_y < box.content_box_y() - 0.5:
                overflowing.add(number)
    bad = []
    for note in book_notes(book):
        call, body = page_of.get(f"{note.id}-ref"), page_of.get(note.id)
        if call is None:
            continue
        # No body: WeasyPrint carried the note past the last page and dropped it.
        if body is None or call != body or body in overflowing:
            bad.append(note)
    return bad


def block_note_warning(note: m.Footnote) -> Problem:
    first = note.blocks[0].source if note.blocks and hasattr(note.blocks[0], "source") else None
    return Problem(f"footnote {note.number} does not fit at the foot of its call's page "
                   "(WeasyPrint cannot split a note across pages): the PDF sets it below the "
                   "paragraph of its call; shorten it or move it into the text",
                   first if first and first.line else note.source, "warning")
