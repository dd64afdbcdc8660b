"""The EPUB writer: an EPUB 3 with the same chapters as the HTML, for every e-reader.

The spine is cover, title page, colophon, the dedication and epigraph (if any), contents (the nav
document), the sections in order with each part's title page before its first, and the
timeline appendix (when the book has events). Documents come from ``epub_docs``, the
package (OPF, NCX, zip) from ``epub_package``, the raster cover from ``cover``.
"""

from __future__ import annotations

from bookgen import __version__
from bookgen.writers.context import BuildContext
from bookgen.writers.cover import CoverImage, book_cover
from bookgen.writers.epub_docs import (
    CSS_HREF,
    ImageShelf,
    Resource,
    chapter_documents,
    chapter_files,
    front_documents,
    nav_document,
    register_toc_entry,
    timeline_document,
    toc_entries,
)
from bookgen.writers.epub_package import Package, book_identifier, guide_from_landmarks, pack
from bookgen.writers.epub_register import register_document
from bookgen.writers.html import book_context

COVER_ID = "cover-image"


def cover_alt(meta, strings: dict[str, str]) -> str:
    """The cover's text alternative: what it shows, in the book's language."""
    title = f"{meta.title}. {meta.subtitle}" if meta.subtitle else meta.title
    authors = ", ".join(meta.authors)
    return f"{strings['cover']}: {title}. {strings['by'].capitalize()} {authors}."


def _cover(ctx: BuildContext, strings: dict[str, str]) -> tuple[Resource, dict]:
    image: CoverImage = book_cover(ctx)
    resource = Resource(COVER_ID, f"images/cover{image.extension}", image.media_type,
                        image.data, ("cover-image",))
    page = {"href": resource.file, "alt": cover_alt(ctx.book.metadata, strings),
            "width": image.width, "height": image.height}
    return resource, page


def build_package(ctx: BuildContext) -> Package:
    book, theme = ctx.book, ctx.theme
    context = book_context(book, theme)
    strings = context["strings"]
    identifier = book_identifier(book.metadata)
    made_with = strings.get("epub_made_with") or f"bookgen {__version__}"
    context.update(lang=book.metadata.language, identifier=identifier, made_with=made_with)
    cover, cover_page = _cover(ctx, strings)
    shelf = ImageShelf(ctx)
    chapters = chapter_documents(book, theme, context, shelf)
    ctx.errors_so_far()
    timeline = timeline_document(book, theme, context)
    nav = nav_document(book, theme, context)
    register = register_document(book, theme, context)
    before = [d for d, s in zip(chapters, _section_of(chapters, book)) if s
              and s.matter == "front-before-contents"]
    spine = [*front_documents(theme, context, cover_page), *before, nav,
             *(d for d in chapters if d not in before), *([timeline] if timeline else []),
             *([register] if register else [])]
    # Read and checked as book.css is (inside the book or the theme, url()s inlined or refused)
    css = Resource("style", CSS_HREF, "text/css", theme.stylesheet("epub.css").encode("utf-8"))
    images = shelf.resources()
    return Package(
        meta=book.metadata, identifier=identifier, summary=strings["accessibility_summary"],
        timestamp=ctx.timestamp, spine=tuple(spine), nav=nav, resources=(css, *images),
        cover_image=cover, toc=(*toc_entries(book, strings), *register_toc_entry(book, strings)),
        has_images=True, guide=guide_from_landmarks(nav.xhtml))


def _section_of(documents, book):
    """Each document's section (None for a part's title page)."""
    by_title = {s.id: s for s in book.sections}
    files = {f: sid for sid, f in chapter_files(book).items()}
    return [by_title.get(files.get(d.file, "")) for d in documents]


def write_epub(ctx: BuildContext) -> bytes:
    return pack(build_package(ctx))
