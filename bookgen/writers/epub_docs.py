"""The EPUB's content documents: one XHTML file per chapter, the front matter, nav and timeline.

Every document is rendered whole from ``templates/epub/*.xhtml.j2`` and checked to be well-formed
XML here, so ebooklib never re-parses (and never loses) an attribute. Links between chapters
(``#id`` in the shared markup renderer) become ``file.xhtml#id`` through an id → file map.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePosixPath

from lxml import etree
from markupsafe import Markup

from bookgen import model as m
from bookgen.readers.references import resolve_link
from bookgen.util.text import slugify
from bookgen.theme.folders import Theme
from bookgen.util.tree import all_inlines, plain_text, walk_blocks
from bookgen.writers.context import BuildContext
from bookgen.writers.html import (TIMELINE_ID, Chapter, chapters_context, section_files,
                                  timeline_context)
from bookgen.writers.hyphenate import soft_hyphens
from bookgen.writers.markup import Links, Picture, blocks_html

SVG_NS = "http://www.w3.org/2000/svg"
CSS_HREF = "styles/epub.css"
COVER_FILE, TITLE_FILE, COLOPHON_FILE = "cover.xhtml", "title-page.xhtml", "colophon.xhtml"
NAV_FILE, TIMELINE_FILE = "nav.xhtml", "timeline.xhtml"


@dataclass(frozen=True)
class Document:
    """One XHTML file of the spine (or the nav)."""

    id: str
    file: str
    title: str
    xhtml: bytes
    properties: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resource:
    """A file the documents use: an image, the stylesheet."""

    id: str
    file: str
    media_type: str
    data: bytes
    properties: tuple[str, ...] = ()


@dataclass
class ImageShelf:
    """Images from the text, each packed once as ``images/NN-name.ext`` in order of first use,
    prepared by the image pipeline for screens (upright, sRGB, no metadata, at most
    ``EPUB_LONG_SIDE`` pixels long)."""

    ctx: BuildContext
    names: dict[str, str] = field(default_factory=dict)  # sha256 of the bytes → file
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # file → (bytes, type)

    def __post_init__(self) -> None:
        from bookgen.writers.pictures import book_geometry, image_places, image_store

        self.store, self.geo = image_store(self.ctx), book_geometry(self.ctx)
        self.places = image_places(self.ctx.book)

    def href(self, src: str) -> str:
        picture = self.picture(m.Image(src, ""), None)
        return picture.src if picture else ""

    def picture(self, image: m.Image, figure: m.Figure | None) -> Picture | None:
        from bookgen.images.placement import epub_target, epub_width_percent
        from bookgen.images.walk import is_raster

        ref = figure.source if figure is not None else self.places.get(image.src)
        if not is_raster(image.src):
            data = self.store.data(image.src, ref)
            return None if data is None else Picture(
                self._file(image.src, data, "image/svg+xml", ".svg"))
        made = self.store.prepared(image.src, epub_target(), ref)
        if made is None:
            return None
        share = epub_width_percent(image, self.geo, figure is not None)
        width = f"width: {share:g}%" if share else ""
        img_style = "width: 100%" if width and figure is not None else width
        return Picture(self._file(image.src, made.data, made.media_type, made.extension),
                       made.width, made.height, img_style if share else "",
                       width if figure is not None else "")

    def _file(self, src: str, data: bytes, media_type: str, extension: str) -> str:
        digest = hashlib.sha256(data).hexdigest()
        if digest not in self.names:
            stem = slugify(PurePosixPath(src).stem) or "image"
            name = f"images/{len(self.names) + 1:02d}-{stem}{extension}"
            self.names[digest] = name
            self.files[name] = (data, media_type)
        return self.names[digest]

    def resources(self) -> list[Resource]:
        return [Resource(f"image-{n:02d}", name, kind, data)
                for n, (name, (data, kind)) in enumerate(self.files.items(), 1)]


def chapter_file(number: int, section: m.Section) -> str:
    return f"{number:02d}-{section.id}.xhtml"


def part_file(part: m.Part) -> str:
    return f"part-{part.number:02d}-{part.id.removeprefix('part-')}.xhtml"


def chapter_files(book: m.Book) -> dict[str, str]:
    """Section id (and part id) → its document's file name."""
    files = {s.id: chapter_file(n, s) for n, s in enumerate(book.sections, 1)}
    files.update({p.id: part_file(p) for p in book.parts})
    return files


def _section_inlines(section: m.Section) -> Iterator[m.Inline]:
    yield from all_inlines(section.blocks)


def id_files(book: m.Book) -> dict[str, str]:
    """Every id a link may name (sections, parts, headings, event anchors, footnotes, the
    timeline) → its file."""
    files = chapter_files(book)
    ids: dict[str, str] = {p.id: files[p.id] for p in book.parts}
    for section in book.sections:
        ids[section.id] = files[section.id]
        for block in walk_blocks(section.blocks):
            if isinstance(block, (m.Heading, m.Footnote)):
                ids[block.id] = files[section.id]
        for inline in _section_inlines(section):
            if isinstance(inline, m.Anchor):
                ids[inline.id] = files[section.id]
    if book.events:
        ids[TIMELINE_ID] = TIMELINE_FILE
    return ids


def link_resolver(book: m.Book):
    """The ``Links.href`` of the EPUB: ``#id`` and ``02-file.md#id`` → ``chapter.xhtml#id``."""
    ids, by_name = id_files(book), section_files(book)
    sections = {s.id for s in book.sections} | {p.id for p in book.parts}

    def href(target: str) -> str:
        resolved = resolve_link(target, by_name)
        if not resolved.startswith("#") or resolved[1:] not in ids:
            return resolved
        name = resolved[1:]
        return ids[name] if name in sections else f"{ids[name]}#{name}"

    return href


def heading_offset(section: m.Section) -> int:
    """Shift the section's headings so the highest one is an h2 (the chapter title is h1)."""
    levels = [b.level for b in walk_blocks(section.blocks) if isinstance(b, m.Heading)]
    return 2 - min(levels) if levels else 1


def render_chapters(book: m.Book, shelf: ImageShelf, strings: dict[str, str]) -> list[Chapter]:
    href = link_resolver(book)

    text = partial(soft_hyphens, language=book.metadata.language if book.metadata else "")

    def section_html(section: m.Section) -> str:
        return blocks_html(section.blocks, Links(href=href, image=shelf.href, epub=True,
                                                 heading_offset=heading_offset(section),
                                                 picture=shelf.picture, text=text))

    def part_html(part: m.Part) -> str:
        return blocks_html(part.blocks, Links(href=href, image=shelf.href, epub=True,
                                              picture=shelf.picture, text=text))

    return chapters_context(book, strings, section_html, part_html)


def subheadings(section: m.Section, file: str) -> list[dict]:
    """The chapter's top headings (h2 in the EPUB), for nested entries in the contents."""
    offset = heading_offset(section)
    return [{"href": f"{file}#{b.id}", "title": _plain(b.inlines), "children": ()}
            for b in walk_blocks(section.blocks)
            if isinstance(b, m.Heading) and b.level + offset == 2]


def _plain(inlines: tuple[m.Inline, ...]) -> str:
    return " ".join(plain_text(inlines).split())


def xhtml(theme: Theme, template: str, **context) -> bytes:
    """Render a template and insist on well-formed XML (a broken document is a bookgen bug)."""
    text = theme.render(template, css_href=CSS_HREF, **context)
    data = text.encode("utf-8")
    etree.fromstring(data)  # raises XMLSyntaxError with the line
    return data


def has_svg(data: bytes) -> bool:
    return etree.fromstring(data).find(f".//{{{SVG_NS}}}svg") is not None


def timeline_document(book: m.Book, theme: Theme, context: dict) -> Document | None:
    if not book.events:
        return None
    files = chapter_files(book)
    strings = context["strings"]
    timeline = timeline_context(
        book, strings, lambda e: f"{files.get(e.section_id, '')}#{e.anchor}", layout="screen")
    intro = strings.get("timeline_intro_epub") or strings["timeline_intro"]
    data = xhtml(theme, "epub/timeline.xhtml.j2", **context, timeline=timeline, intro=intro)
    return Document("timeline", TIMELINE_FILE, strings["timeline"], data,
                    ("svg",) if has_svg(data) else ())


def back_links(book: m.Book) -> dict[str, str]:
    """Section id → the timeline entry of its first event, for the link at the chapter's end."""
    links: dict[str, str] = {}
    for event in book.events:
        if event.anchor and event.in_appendix and event.section_id not in links:
            links[event.section_id] = f"{TIMELINE_FILE}#tl-{event.anchor}"
    return links


MATTER_TYPES = {"front-before-contents": "frontmatter", "front": "frontmatter",
                "body": "bodymatter", "back": "backmatter"}


def chapter_documents(book: m.Book, theme: Theme, context: dict,
                      shelf: ImageShelf) -> list[Document]:
    """The sections' documents in reading order, each part's title page before its first."""
    files, backs = chapter_files(book), back_links(book)
    documents = []
    for number, chapter in enumerate(render_chapters(book, shelf, context["strings"]), 1):
        if chapter.part:
            part = chapter.part
            data = xhtml(theme, "epub/part.xhtml.j2", **context, part=part)
            documents.append(Document(f"part-{part['number']:02d}", files[part["id"]],
                                      f"{part['label']}. {part['title']}", data))
        data = xhtml(theme, "epub/chapter.xhtml.j2", **context, chapter=chapter,
                     matter=MATTER_TYPES[chapter.matter], back_link=backs.get(chapter.id, ""))
        documents.append(Document(f"chapter-{number:02d}", files[chapter.id], chapter.title,
                                  data, ("svg",) if has_svg(data) else ()))
    return documents


def toc_entries(book: m.Book, strings: dict[str, str]) -> list[dict]:
    """The navigation: every section (the dedication and epigraph too: the EPUB's contents is
    also how a reader finds them), parts nesting their sections, headings under sections."""
    files = chapter_files(book)
    entries: list[dict] = []
    parts: dict[str, dict] = {}
    for section in book.sections:
        entry = {"href": files[section.id], "title": section.title, "appendix": False,
                 "children": subheadings(section, files[section.id])}
        part = book.part_of(section.id)
        if part is None:
            entries.append(entry)
            continue
        if part.id not in parts:
            from bookgen.writers.html import part_label

            parts[part.id] = {"href": files[part.id], "children": [], "appendix": False,
                              "title": f"{part_label(part, strings)}. {part.title}"}
            entries.append(parts[part.id])
        parts[part.id]["children"].append(entry)
    if book.events:
        entries.append({"href": TIMELINE_FILE, "title": strings["timeline"], "appendix": True,
                        "children": ()})
    return entries


REGISTER_FILE = "register.xhtml"


def register_toc_entry(book: m.Book, strings: dict[str, str]) -> list[dict]:
    """The register's line in the contents, when the book has one."""
    if not book.register:
        return []
    return [{"href": REGISTER_FILE, "title": strings.get("register", "Register"),
             "appendix": True, "children": ()}]


def nav_document(book: m.Book, theme: Theme, context: dict) -> Document:
    strings = context["strings"]
    files = chapter_files(book)
    body = next((s for s in book.sections if s.matter == "body"), None)
    part = book.part_of(body.id) if body else None
    first = files[part.id if part else body.id] if body else TIMELINE_FILE
    landmarks = [{"type": "cover", "href": COVER_FILE, "title": strings["cover"]},
                 {"type": "toc", "href": f"{NAV_FILE}#toc", "title": strings["contents"]},
                 {"type": "bodymatter", "href": first, "title": strings["start"]}]
    toc = [*toc_entries(book, strings), *register_toc_entry(book, strings)]
    data = xhtml(theme, "epub/nav.xhtml.j2", **context, toc=toc,
                 landmarks=landmarks)
    return Document("nav", NAV_FILE, strings["contents"], data, ("nav",))


def front_documents(theme: Theme, context: dict, cover: dict) -> list[Document]:
    strings = context["strings"]
    return [
        Document("cover", COVER_FILE, strings["cover"],
                 xhtml(theme, "epub/cover.xhtml.j2", **context, cover=cover), ("svg",)),
        Document("title-page", TITLE_FILE, strings["title_page"],
                 xhtml(theme, "epub/title-page.xhtml.j2", **context)),
        Document("colophon", COLOPHON_FILE, strings["colophon"],
                 xhtml(theme, "epub/colophon.xhtml.j2", **context)),
    ]

