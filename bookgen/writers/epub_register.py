"""The EPUB's register: the same lists as the PDF's, in the EPUB Indexes vocabulary.

Each entry (``index-entry``) holds its term (``index-term``) and one locator per mention
(``index-locator``), a link to the mention's anchor in its chapter. An e-book has no pages, so
a locator reads as the chapter's number and which mention of the name it is in that chapter
("2.1", "2.2"), with the chapter's title as its tooltip.
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
    titles = {s.id: s.title for s in book.sections}
    strings = context["strings"]
    register = register_context(book, strings,
                                lambda x: f"{files.get(x.section_id, '')}#{x.anchor}")
    for entry_list, kind in zip(register["lists"], _kinds(book)):
        entries = [e for e in book.register if e.kind == kind]
        for shown, entry in zip(entry_list["entries"], entries):
            for ref, (label, mention) in zip(shown["refs"], _labels(entry, numbers)):
                ref["text"] = label
                ref["title"] = titles.get(mention.section_id, "")
    data = xhtml(theme, "epub/register.xhtml.j2", **context, register=register)
    return Document("register", REGISTER_FILE, strings.get("register", "Register"), data)


def _kinds(book: m.Book) -> list[str]:
    present = {e.kind for e in book.register}
    return [k for k in ("person", "place", "organisation") if k in present]


def _labels(entry: m.RegisterEntry, numbers: dict[str, int]):
    """Each mention's locator: the chapter's number and which mention of the name it is there
    ("2.1", "2.2"), in reading order."""
    counts: dict[str, int] = {}
    for mention in entry.mentions:
        counts[mention.section_id] = counts.get(mention.section_id, 0) + 1
        yield f"{numbers.get(mention.section_id, 0)}.{counts[mention.section_id]}", mention
