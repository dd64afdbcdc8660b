"""The EPUB's register: the same lists as the PDF's, in the EPUB Indexes vocabulary.

Each entry (``index-entry``) holds its term (``index-term``) and one locator per mention
(``index-locator``), a link to the mention's anchor in its chapter. An e-book has no pages, so
a locator reads as the chapter's number and the mention's number in it ("2.1", "2.2").
"""

from __future__ import annotations

from bookgen import model as m
from bookgen.writers.epub_docs import REGISTER_FILE, Document, chapter_files, xhtml
from bookgen.writers.register import register_context

def register_document(book: m.Book, theme, context: dict) -> Document | None:
    if not book.register:
        return None
    files = chapter_files(book)
    numbers = {s.id: n for n, s in enumerate(book.sections, 1)}
    strings = context["strings"]
    register = register_context(book, strings,
                                lambda x: f"{files.get(x.section_id, '')}#{x.anchor}")
    labels = _labels(book, numbers)
    for entry_list, kind in zip(register["lists"], _kinds(book)):
        entries = [e for e in book.register if e.kind == kind]
        for shown, entry in zip(entry_list["entries"], entries):
            for ref, mention in zip(shown["refs"], entry.mentions):
                ref["text"] = labels[mention.anchor]
    data = xhtml(theme, "epub/register.xhtml.j2", **context, register=register)
    return Document("register", REGISTER_FILE, strings.get("register", "Register"), data)


def _kinds(book: m.Book) -> list[str]:
    present = {e.kind for e in book.register}
    return [k for k in ("person", "place", "organisation") if k in present]


def _labels(book: m.Book, numbers: dict[str, int]) -> dict[str, str]:
    """Mention anchor → "chapter.mention in that chapter" for every mention."""
    counts: dict[str, int] = {}
    labels: dict[str, str] = {}
    order = sorted((int(x.anchor[3:]), x) for e in book.register for x in e.mentions)
    for _, mention in order:
        counts[mention.section_id] = counts.get(mention.section_id, 0) + 1
        labels[mention.anchor] = f"{numbers.get(mention.section_id, 0)}." \
                                 f"{counts[mention.section_id]}"
    return labels
