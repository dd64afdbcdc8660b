"""The HTML writer: the whole book as one self-contained HTML document.

It is what ``bookgen html`` writes and exactly what the PDF writer hands to WeasyPrint: images are
inlined as data: URLs, the stylesheet sits in a <style> element. The EPUB writer reuses
``chapter_html`` and ``timeline_context`` to package the same chapters.
"""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from markupsafe import Markup

from bookgen import __version__
from bookgen import model as m
from bookgen.util.dates import book_year, build_timestamp
from bookgen.theme.fonts import font_stack
from bookgen.readers.ids import TIMELINE_ID
from bookgen.readers.references import image_path, resolve_link
from bookgen.util.text import length_mm
from bookgen.theme.folders import Theme
from bookgen.writers.markup import Links, blocks_html, text_html
from bookgen.writers.register import register_context



@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    html: Markup


def section_files(book: m.Book) -> dict[str, str]:
    """Content file name → section id, for links between content files."""
    return {PurePosixPath(s.source.path).name: s.id for s in book.sections}


def image_data_url(book: m.Book, src: str) -> str:
    """An image inside the book folder as a data: URL (the reader has checked it exists)."""
    path = image_path(book.root, src)
    if path is None or not path.is_file():
        return ""
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def chapter_html(book: m.Book, links: Links) -> list[Chapter]:
    return [Chapter(s.id, s.title, Markup(blocks_html(s.blocks, links))) for s in book.sections]


def settings_css(meta: m.Metadata, strings: dict[str, str]) -> str:
    """The book.toml choices as CSS, written before the theme's stylesheet."""
    pdf = meta.pdf
    marks = "bleed: 3mm; marks: crop cross;" if pdf.print_marks else ""
    page_abbr = strings.get("page_abbr", "p.").replace('"', "")
    colophon_drop = round((length_mm(pdf.height) or 210.0) * 0.55)
    return (f"html {{ font-family: {font_stack(meta.typeface)}; }}\n"
            f"@page {{ size: {pdf.width} {pdf.height}; {marks} }}\n"
            f"@media print {{ .colophon {{ padding-top: {colophon_drop}mm; }} }}\n"
            "@media print { .timeline-ref::after { content: \", "
            f"{page_abbr} \" target-counter(attr(href), page); font-style: normal; }} }}\n")


def timeline_context(book: m.Book, strings: dict[str, str],
                     href: Callable[[m.Event], str]) -> dict:
    """The appendix's data: events grouped by year, dates written out, and the drawing."""
    if not book.events:
        return {"id": TIMELINE_ID, "events": (), "groups": [], "svg": ""}
    from bookgen.transforms.timeline.edtf import format_date
    from bookgen.transforms.timeline.svg import timeline_svg

    titles = {s.id: s.title for s in book.sections}
    groups: dict[str, list[dict]] = {}
    for event in book.events:
        year = event.date[:4]
        label = year if year.isdigit() else format_date(event.date, book.metadata.language)
        date_text = format_date(event.date, book.metadata.language)
        groups.setdefault(label, []).append({
            "date_text": date_text, "date_shown": date_text != label,
            "text": Markup(text_html(event.text)), "href": href(event) if event.anchor else "",
            "section_title": titles.get(event.section_id, ""),
        })
    svg = timeline_svg(book.events, book.metadata.language, book.metadata.typeface)
    return {"id": TIMELINE_ID, "events": book.events, "svg": Markup(svg),
            "groups": [{"label": k, "events": v} for k, v in groups.items()]}


def book_context(book: m.Book, theme: Theme) -> dict:
    """Everything the templates are given, shared by the HTML and EPUB writers."""
    strings = theme.strings(book.metadata.language)
    built = build_timestamp()
    return {"meta": book.metadata, "strings": strings, "version": __version__,
            "date": book.metadata.date, "year": book_year(book.metadata.date, built)}


def render_html(book: m.Book, theme: Theme, pages: dict[str, int] | None = None,
                first_folio: int = 0) -> str:
    """The book as one HTML document; with ``pages`` (mention anchor → folio) only its register,
    set with merged page ranges, its first page numbered ``first_folio`` (the PDF's 2nd pass)."""
    files = section_files(book)
    links = Links(href=lambda target: resolve_link(target, files),
                  image=lambda src: image_data_url(book, src))
    context = book_context(book, theme)
    css = settings_css(book.metadata, context["strings"]) + theme.stylesheet("book.css")
    if pages is not None:
        css += f"\n@page :first {{ counter-reset: page {first_folio}; }}\n"
    css = css.replace("</", "<\\/")  # a stylesheet can never close the <style> element
    register = register_context(book, context["strings"], lambda x: f"#{x.anchor}", pages,
                                per_chapter=True)
    if pages is not None:
        return theme.render("book.html.j2", **context, css=Markup(css), chapters=[],
                            timeline={"events": ()}, register=register, register_only=True)
    return theme.render(
        "book.html.j2", **context, css=Markup(css), chapters=chapter_html(book, links),
        timeline=timeline_context(book, context["strings"], lambda e: f"#{e.anchor}"),
        register=register, register_only=False)


def write_html(book: m.Book, theme: Theme) -> bytes:
    return render_html(book, theme).encode("utf-8")
