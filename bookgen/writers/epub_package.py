"""Packing the EPUB: ebooklib writes the OPF, the NCX and the zip; bookgen then fixes what
ebooklib cannot say (``xml:lang`` on the package) and repacks the zip so the same book always
gives the same bytes (fixed entry times and order, ``mimetype`` first and stored).
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from bookgen import __version__
from bookgen import model as m
from bookgen.util.dates import book_year
from bookgen.writers.epub_docs import Document, Resource

OPF_NS = "http://www.idpf.org/2007/opf"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
#: The first and last moments a zip entry can carry (DOS dates).
ZIP_FIRST, ZIP_LAST = (1980, 1, 1, 0, 0, 0), (2107, 12, 31, 23, 59, 58)
_W3CDTF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Package:
    """Everything that goes into the EPUB, in spine and manifest order."""

    meta: m.Metadata
    identifier: str
    summary: str
    timestamp: datetime
    spine: tuple[Document, ...]
    nav: Document
    resources: tuple[Resource, ...]
    cover_image: Resource
    toc: tuple[dict, ...]
    has_images: bool
    #: the EPUB 2 guide: ``{"type", "href", "title"}``, from the nav document's landmarks
    guide: tuple[dict, ...] = ()


def book_identifier(meta: m.Metadata) -> str:
    """book.toml's identifier, else a ``urn:uuid:`` that is always the same for the same book."""
    if meta.identifier.strip():
        return meta.identifier.strip()
    name = "\n".join([meta.title, *meta.authors])
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'bookgen:' + name)}"


#: EPUB 3 landmark → EPUB 2 guide reference (calibre and Kindle conversions read the guide: a
#: cover page it names is used as the cover instead of being taken for text).
GUIDE_TYPES = {"cover": "cover", "toc": "toc", "bodymatter": "text"}
EPUB_NS = "http://www.idpf.org/2007/ops"


def guide_from_landmarks(nav_xhtml: bytes | str) -> tuple[dict, ...]:
    """The guide references that match the nav document's landmarks, in their order."""
    data = nav_xhtml.encode("utf-8") if isinstance(nav_xhtml, str) else nav_xhtml
    root = etree.fromstring(data)
    guide = []
    for nav in root.iter("{http://www.w3.org/1999/xhtml}nav"):
        if nav.get(f"{{{EPUB_NS}}}type") != "landmarks":
            continue
        for link in nav.iter("{http://www.w3.org/1999/xhtml}a"):
            kind = GUIDE_TYPES.get(link.get(f"{{{EPUB_NS}}}type", ""))
            if kind:
                guide.append({"type": kind, "href": link.get("href", ""),
                              "title": "".join(link.itertext()).strip()})
    return tuple(guide)


def book_date(meta: m.Metadata, timestamp: datetime) -> str:
    return meta.date if _W3CDTF.match(meta.date) else book_year(meta.date, timestamp)


def _a11y_metadata(package: Package) -> list[tuple[str, str]]:
    modes = ["textual", "visual"] if package.has_images else ["textual"]
    features = ["structuralNavigation", "tableOfContents", "readingOrder"]
    features += ["alternativeText"] if package.has_images else []
    features += ["displayTransformability"]
    return ([("schema:accessMode", mode) for mode in modes]
            + [("schema:accessModeSufficient", "textual")]
            + [("schema:accessibilityFeature", f) for f in features]
            + [("schema:accessibilityHazard", "none"),
               ("schema:accessibilitySummary", package.summary),
               ("dcterms:conformsTo", CONFORMS_TO),
               ("a11y:certifiedBy", package.meta.publisher or ", ".join(package.meta.authors))])


def _metadata(book, package: Package) -> None:
    meta = package.meta
    book.set_identifier(package.identifier)
    _titles(book, meta)
    book.set_language(meta.language)
    for number, author in enumerate(meta.authors, 1):
        book.add_author(author, role="aut", uid=f"creator-{number}")
    book.add_metadata("DC", "date", book_date(meta, package.timestamp))
    if meta.publisher:
        book.add_metadata("DC", "publisher", meta.publisher)
    if meta.description:
        book.add_metadata("DC", "description", meta.description)
    if meta.isbn:  # the printed book's ISBN: the e-book is made from it (an EPUB has its own)
        book.add_metadata("DC", "source", f"urn:isbn:{meta.isbn}")
    for prop, value in _a11y_metadata(package):
        book.add_metadata(None, "meta", value, {"property": prop})
    book.add_metadata(None, "meta", "", {"name": "cover", "content": package.cover_image.id})
    opf = book.metadata["http://www.idpf.org/2007/opf"]
    opf["generator"] = [("", {"name": "generator", "content": f"bookgen {__version__}"})]


def _titles(book, meta: m.Metadata) -> None:
    """The title, and the subtitle as a second ``dc:title`` refined as such (EPUB 3.3 §5.5)."""
    book.set_title(meta.title)
    if not meta.subtitle:
        return
    dc = book.metadata["http://purl.org/dc/elements/1.1/"]
    dc["title"] = [(meta.title, {"id": "title-main"}), (meta.subtitle, {"id": "title-sub"})]
    for ref, kind, seq in (("title-main", "main", "1"), ("title-sub", "subtitle", "2")):
        book.add_metadata(None, "meta", kind, {"refines": f"#{ref}", "property": "title-type"})
        book.add_metadata(None, "meta", seq, {"refines": f"#{ref}", "property": "display-seq"})


def _item(resource: Resource | Document, media_type: str = "application/xhtml+xml"):
    from ebooklib import epub

    data = resource.xhtml if isinstance(resource, Document) else resource.data
    kind = media_type if isinstance(resource, Document) else resource.media_type
    item = epub.EpubItem(uid=resource.id, file_name=resource.file, media_type=kind, content=data)
    item.properties = list(resource.properties)
    return item


def _ncx_toc(entries, prefix: str = "nav") -> list:
    """The NCX's navMap from the nav's entries, nested as deep as they are (parts, their
    chapters, the chapters' headings)."""
    from ebooklib import epub

    toc: list = []
    for number, entry in enumerate(entries, 1):
        uid = f"{prefix}-{number:02d}"
        if entry["children"]:
            toc.append((epub.Section(entry["title"], entry["href"]),
                        _ncx_toc(entry["children"], uid)))
        else:
            toc.append(epub.Link(entry["href"], entry["title"], uid))
    return toc


def ebooklib_bytes(package: Package) -> bytes:
    """The EPUB as ebooklib writes it (entry times from the clock: repacked later)."""
    from ebooklib import epub

    book = epub.EpubBook()
    _metadata(book, package)
    items = {d.id: _item(d) for d in package.spine}
    extra = [] if package.nav.id in items else [_item(package.nav)]
    for item in [_item(package.cover_image), *items.values(), *extra,
                 *(_item(r) for r in package.resources)]:
        book.add_item(item)
    book.add_item(epub.EpubNcx())
    book.toc = _ncx_toc(package.toc)
    book.spine = list(items.values())
    book.guide = [dict(reference) for reference in package.guide]
    out = io.BytesIO()
    epub.write_epub(out, book, {"mtime": package.timestamp, "epub2_guide": bool(package.guide),
                                "epub3_landmark": False, "raise_exceptions": True})
    return out.getvalue()


def fix_opf(data: bytes, language: str) -> bytes:
    """What ebooklib cannot say: ``xml:lang`` on the package, no unused ``prefix``."""
    root = etree.fromstring(data)
    root.set(XML_LANG, language)
    root.attrib.pop("prefix", None)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True, pretty_print=True)


#: JPEG files are deflated fast (level 1): at level 9 a photo book's photos took most of the
#: time of packing its EPUB, for a percent or two; the drawn cover still shrinks by a third.
_COMPRESSED = (".jpg", ".jpeg")


def repack(data: bytes, timestamp: datetime, language: str) -> bytes:
    """The same entries in a zip with fixed times and attributes: reproducible bytes."""
    when = min(max(timestamp.timetuple()[:6], ZIP_FIRST), ZIP_LAST)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = source.namelist()
        order = ["mimetype", *(n for n in names if n != "mimetype")]
        for name in order:
            content = source.read(name)
            if name.endswith(".opf"):
                content = fix_opf(content, language)
            info = zipfile.ZipInfo(name, date_time=when)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" \
                else zipfile.ZIP_DEFLATED
            level = 1 if name.lower().endswith(_COMPRESSED) else 9
            target.writestr(info, content, compresslevel=level)
    return out.getvalue()


def pack(package: Package) -> bytes:
    return repack(ebooklib_bytes(package), package.timestamp, package.meta.language)
