"""The EPUB's register: the same lists as the PDF's, in the EPUB Indexes vocabulary.

Each entry (``index-entry``) holds its term (``index-term``) and one locator per mention
(``index-locator``), a link to the mention's anchor in its chapter. An e-book has no pages, so
a locator reads as the chapter's number and which mention of the name it is in that chapter
("2.1", "2.2"), with the chapter's title as its tooltip (``writers/register.py``).
"""

from __future__ import annotations

from bookgen import model as m
from bookgen.writers.epub_docs import REGISTER_FILE, Document, chapter_files, xhtml
from bookgen.writers.register import register_context

def register_document(book: m.Book, theme, context: dict) -> Document | None:
    if not book.register:
        return None
    files = chapter_files(book)
    strings = context["strings"]
    register = register_context(book, strings,
                                lambda x: f"{files.get(x.section_id, '')}#{x.anchor}")
    data = xhtml(theme, "epub/register.xhtml.j2", **context, register=register)
    return Document("register", REGISTER_FILE, strings.get("register", "Register"), data)
