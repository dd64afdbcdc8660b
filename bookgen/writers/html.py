"""The HTML writer: the whole book as one self-contained HTML document.

It is what ``bookgen html`` writes and what the PDF writer hands to WeasyPrint, the stylesheet in
a <style> element. The images come from the image pipeline (``writers.pictures``): in the
one-file HTML as data: URLs, in the PDF's copy as URLs the fetcher serves, each image once. The EPUB writer reuses
``chapter_html`` and ``timeline_context`` to package the same chapters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from markupsafe import Markup

from bookgen import __version__
from bookgen import model as m
from bookgen.util.dates import book_year, build_timestamp
from bookgen.theme.fonts import font_stack
from bookgen.readers.config import isbn_hyphenated
from bookgen.readers.ids import TIMELINE_ID
from bookgen.errors import BookError
from bookgen.readers.references import resolve_link
from bookgen.util.text import length_mm
from bookgen.theme.folders import Theme
from bookgen.writers import notes  # noqa: F401  (writes footnotes in the markup below)
from bookgen.writers.context import BuildContext
from bookgen.writers.markup import Links, blocks_html, text_html
from bookgen.writers.timeline import timeline_context  # noqa: F401  (the EPUB's too)
from bookgen.writers.register import register_context



@dataclass(frozen=True)
class Chapter:
    """A section as the templates see it: its markup, kind, number and part."""

    id: str
    title: str
    html: Markup
    kind: str = "chapter"
    number: int | None = None  # chapters only, counted through the book
    matter: str = "body"
    #: The part's title page, on the first section of a part: id, title, label, html
    part: dict | None = None
    first_of_body: bool = False
    part_id: str = ""  # the part it belongs to, or "" (a loose section)


def roman(number: int) -> str:
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
              (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for value, letters in values:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def part_label(part: m.Part, strings: dict[str, str]) -> str:
    """``Del II`` / ``Part II``: the words from the strings files."""
    return strings.get("part_label", "Part {number}").replace("{number}", roman(part.number))


def book_notes(book: m.Book) -> dict[str, m.Footnote]:
    """Every footnote of the book by id (the one-file HTML sets each at its call)."""
    return {b.id: b for s in (*book.sections, *book.parts) for b in s.blocks
            if isinstance(b, m.Footnote)}


def chapters_context(book: m.Book, strings: dict[str, str],
                     html: Callable[[m.Section], str],
                     part_html: Callable[[m.Part], str]) -> list[Chapter]:
    """The sections in reading order with what the templates need to set them."""
    numbers = book.chapter_numbers
    firsts = {p.sections[0]: p for p in book.parts if p.sections}
    body_start = next((s.id for s in book.sections if s.matter == "body"), None)
    chapters = []
    for section in book.sections:
        part = firsts.get(section.id)
        part_page = None if part is None else {
            "id": part.id, "title": part.title, "label": part_label(part, strings),
            "html": Markup(part_html(part)), "number": part.number}
        owner = book.part_of(section.id)
        chapters.append(Chapter(section.id, section.title, Markup(html(section)), section.kind,
                                numbers.get(section.id), section.matter, part_page,
                                section.id == body_start, owner.id if owner else ""))
    return chapters


def toc_context(chapters: list[Chapter], href: Callable[[str], str]) -> list[dict]:
    """The contents: front matter after the contents, the parts with their sections nested,
    loose sections and back matter; never the dedication or the epigraph."""
    entries: list[dict] = []
    parts: dict[str, dict] = {}
    for chapter in chapters:
        if chapter.matter == "front-before-contents":
            continue
        if chapter.part:
            parts[chapter.part_id] = {
                "href": href(chapter.part["id"]), "title": chapter.part["title"],
                "label": chapter.part["label"], "number": None, "kind": "part",
                "matter": "body", "children": []}
            entries.append(parts[chapter.part_id])
        entry = {"href": href(chapter.id), "title": chapter.title, "number": chapter.number,
                 "kind": chapter.kind, "matter": chapter.matter, "children": []}
        (parts[chapter.part_id]["children"] if chapter.part_id in parts else entries).append(entry)
    return entries


def section_files(book: m.Book) -> dict[str, str]:
    """Content file name → section id, for links between content files."""
    return {PurePosixPath(s.source.path).name: s.id for s in book.sections}


def chapter_html(book: m.Book, links: Links, strings: dict[str, str]) -> list[Chapter]:
    return chapters_context(book, strings, lambda s: blocks_html(s.blocks, links),
                            lambda p: blocks_html(p.blocks, links))


def settings_css(meta: m.Metadata, strings: dict[str, str]) -> str:
    """The book.toml choices as CSS, written before the theme's stylesheet."""
    pdf = meta.pdf
    marks = "bleed: 3mm; marks: crop cross;" if pdf.print_marks else ""
    page_abbr = strings.get("page_abbr", "p.").replace('"', "")
    colophon_drop = round((length_mm(pdf.height) or 210.0) * 0.55)
    return (f"html {{ font-family: {font_stack(meta.typeface)}; }}\n"
            f"@page {{ size: {pdf.width} {pdf.height}; {marks} }}\n"
            f"@media print {{ .colophon {{ padding-top: {colophon_drop}mm; }} }}\n"
            "@media print { .timeline-ref::after { content: \""
            f"{page_abbr}\\a0\" target-counter(attr(href), page); font-style: normal; }} }}\n"
            "@media print { .timeline-ref.front::after { content: \""
            f"{page_abbr}\\a0\" target-counter(attr(href), page, lower-roman); }} }}\n")


def book_context(book: m.Book, theme: Theme) -> dict:
    """Everything the templates are given, shared by the HTML and EPUB writers."""
    strings = theme.strings(book.metadata.language)
    built = build_timestamp()
    return {"meta": book.metadata, "strings": strings, "version": __version__,
            "date": book.metadata.date, "year": book_year(book.metadata.date, built),
            "isbn": isbn_hyphenated(book.metadata.isbn)}


def render_html(book: m.Book, theme: Theme, picture: Callable | None = None,
                block_notes: frozenset[str] = frozenset(),
                pages: dict[str, int] | None = None, first_folio: int = 0,
                alone: bool = False, mention_holders: bool = False) -> str:
    """The one-file book; ``picture`` sets each image (``Links.picture``), ``block_notes`` are
    set after their paragraph (the PDF's fix-up). With ``pages`` (mention anchor → folio) only
    its register, set with merged page ranges, its first page numbered ``first_folio`` (the
    PDF's second layout of the register). ``alone``: the chapters without the front matter and
    the appendix, as the PDF lays out a chapter alone (``chapter_fixes``). ``mention_holders``:
    the register's mentions as ids of the elements holding them (the PDF,
    ``Links.mention_holders``)."""
    files = section_files(book)
    links = Links(href=lambda target: resolve_link(target, files), image=lambda src: "",
                  picture=picture, notes=book_notes(book), block_notes=block_notes,
                  after_block=notes.notes_after, mention_holders=mention_holders)
    context = book_context(book, theme)
    css = settings_css(book.metadata, context["strings"]) + theme.stylesheet("book.css")
    if pages is not None:
        css += f"\n@page :first {{ counter-reset: page {first_folio}; }}\n"
    css = css.replace("</", "<\\/")  # a stylesheet can never close the <style> element
    register = register_context(book, context["strings"], lambda x: f"#{x.anchor}", pages,
                                per_chapter=True)
    if pages is not None:
        return theme.render("book.html.j2", **context, css=Markup(css), chapters=[],
                            toc={}, timeline={"events": ()}, register=register,
                            register_only=True)
    chapters = chapter_html(book, links, context["strings"])
    return theme.render(
        "book.html.j2", **context, css=Markup(css), chapters=chapters,
        toc=toc_context(chapters, lambda i: f"#{i}"),
        timeline=timeline_context(book, context["strings"], lambda e: f"#{e.anchor}"),
        register=register, register_only=False, alone=alone)


def write_html(book: m.Book, theme: Theme, ctx: BuildContext | None = None) -> bytes:
    """The one-file HTML: images as data: URLs, prepared as for the PDF."""
    from bookgen.writers.pictures import PrintImages

    ctx = ctx or BuildContext(book, theme, {})
    pictures = PrintImages(ctx, data_urls=True)
    html = render_html(book, theme, pictures.picture).encode("utf-8")
    if any(p.severity == "error" for p in ctx.problems):
        raise BookError(ctx.problems)
    return html


def print_html(ctx: BuildContext, book: m.Book | None = None,
               block_notes: frozenset[str] = frozenset(), alone: bool = False,
               ) -> tuple[bytes, dict[str, tuple[bytes, str]]]:
    """The HTML WeasyPrint lays out (of ``book``, the build's own or one with figures moved,
    ``alone`` without front matter and appendix), and the images its URLs name (served by
    the fetcher)."""
    from bookgen.writers.pictures import PrintImages

    pictures = PrintImages(ctx)
    html = render_html(book or ctx.book, ctx.theme, pictures.picture, block_notes,
                       alone=alone, mention_holders=True).encode("utf-8")
    return html, pictures.served
