"""The print shop's cover: one PDF/X-4 page that wraps the book, back | spine | front.

Its trim size is ``2 x trim width + spine`` by ``trim height``, with 3 mm bleed all round
(TrimBox and BleedBox set by WeasyPrint's ``bleed``). The spine is the print interior's page
count times ``[print] page_thickness``, plus ``[print] cover_thickness``. The page is laid out
by the theme's ``print-cover.html.j2`` and ``cover.css`` (an author can override both, as the
book's templates and styles), rendered by WeasyPrint in the book's typeface.

- Front: the ``[epub] cover`` image filling the panel and its bleed, with title, subtitle and
  authors over it on a band; without an image, bookgen's typographic cover (the colours and
  frame of :mod:`bookgen.writers.cover`, the EPUB's drawn cover) set as vector text.
- Spine: title and authors running top to bottom, when the spine is at least 6 mm wide;
  narrower, it is left blank, with a warning that says why.
- Back: ``[print] back_text`` or ``[book] description``, the publisher, and the ISBN's
  EAN-13 barcode (:mod:`bookgen.writers.isbn_barcode`) on a white box.

Safe areas: nothing but the background within :data:`SAFE_MM` of the trim or the spine folds
(spine text keeps :data:`SPINE_SAFE_MM` from each fold, as print-on-demand services ask).
Text sizes are chosen here so the text fits; :func:`cover_problems` says when it cannot.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from markupsafe import Markup

from bookgen import model as m
from bookgen.errors import Problem
from bookgen.theme import fonts
from bookgen.util.text import length_mm
from bookgen.writers import cover as drawn, isbn_barcode, pdfx
from bookgen.writers.context import BuildContext

BLEED_MM = 3.0
SAFE_MM = 3.0
SPINE_SAFE_MM = 1.6
MIN_SPINE_TEXT_MM = 6.0
FRONT_MARGIN = drawn.MARGIN / drawn.WIDTH  # the drawn cover's margins, as a share of width
FRAME_INSET = 70 / drawn.WIDTH
PT_MM = 25.4 / 72
MIN_TITLE_PT = 14


@dataclass(frozen=True)
class CoverSize:
    """The cover's geometry in millimetres, from the interior's size and page count."""

    trim_width: float
    trim_height: float
    pages: int
    spine: float

    @property
    def width(self) -> float:
        return 2 * self.trim_width + self.spine

    @property
    def front_left(self) -> float:
        return self.trim_width + self.spine

    @property
    def spine_has_text(self) -> bool:
        return self.spine >= MIN_SPINE_TEXT_MM


def spine_width(pages: int, settings: m.PrintSettings) -> float:
    """Page count x page thickness, plus the cover board: the spine in mm."""
    return round(pages * settings.page_mm + settings.cover_mm, 3)


def cover_size(meta: m.Metadata, pages: int) -> CoverSize:
    width = length_mm(meta.pdf.width) or 148.0
    height = length_mm(meta.pdf.height) or 210.0
    return CoverSize(width, height, pages, spine_width(pages, meta.print))


# ---------------------------------------------------------------- fitting text


def fit(text: str, typeface: str, width_mm: float, sizes: range, max_lines: int,
        italic: bool = False) -> tuple[float, list[str], bool]:
    """The largest size (pt) in ``sizes`` at which ``text`` wraps into ``max_lines`` lines of
    ``width_mm``; (size, lines, fits). Measured with the drawn cover's fonts (Pillow)."""
    font = drawn.cover_font(typeface, 100, italic)  # measure at 100 px; lengths scale with size
    lines: list[str] = []
    for size_pt in sizes:
        width = width_mm / (size_pt * PT_MM) * 100  # the line's width in 100-px units
        lines = drawn.wrap(text, font, width)
        if len(lines) <= max_lines and all(font.getlength(ln) <= width for ln in lines):
            return size_pt, lines, True
    return sizes[-1], lines, False


def spine_text(meta: m.Metadata, size: CoverSize) -> tuple[str, float, bool]:
    """The spine's line (title, then authors), its size in pt, and whether it fits."""
    across = size.spine - 2 * SPINE_SAFE_MM
    along = size.trim_height - 2 * (SAFE_MM + 7)
    font = drawn.cover_font(meta.typeface, 100)
    line = f"{meta.title}  ·  {', '.join(meta.authors)}" if meta.authors else meta.title
    largest = min(14.0, across / 1.25 / PT_MM)  # the line's height: about 1.25 em
    fitting = along / (font.getlength(line) / 100 * PT_MM)
    return line, round(min(largest, fitting), 2), fitting >= 6 and largest >= 5


def front_text(meta: m.Metadata, size: CoverSize) -> dict:
    width = size.trim_width * (1 - 2 * FRONT_MARGIN)
    title = fit(meta.title, meta.typeface, width, range(40, MIN_TITLE_PT - 1, -2), 4)
    subtitle = fit(meta.subtitle, meta.typeface, width, range(16, 9, -1), 4, italic=True) \
        if meta.subtitle else None
    authors = fit(", ".join(meta.authors).upper(), meta.typeface, width, range(16, 9, -1), 2)
    return {"title": title, "subtitle": subtitle, "authors": authors}


def cover_problems(meta: m.Metadata, size: CoverSize) -> list[Problem]:
    """What does not fit on the cover, and why a spine is left blank."""
    where = m.SourceRef("book.toml")
    problems = []
    if not size.spine_has_text:
        problems.append(Problem(
            f"cover: the spine is {size.spine:.1f} mm ({size.pages} pages x "
            f"{meta.print.page_mm:g} mm + {meta.print.cover_mm:g} mm), under "
            f"{MIN_SPINE_TEXT_MM:g} mm: it is left blank, with no title", where, "warning"))
    elif not spine_text(meta, size)[2]:
        problems.append(Problem("cover: the title and authors do not fit on the spine at a "
                                "readable size (6 pt); shorten the title", where, "warning"))
    if not (meta.print.back_text or meta.description).strip():
        problems.append(Problem("cover: the back has no text: write [print] back_text (or "
                                "[book] description) in book.toml", where, "warning"))
    for name, found in front_text(meta, size).items():
        if found and not found[2]:
            problems.append(Problem(f"cover: the {name} does not fit on the front at "
                                    f"{found[0]:g} pt in the lines it may take; shorten it",
                                    where, "warning"))
    return problems


# ---------------------------------------------------------------- the page


def _cmyk(hex_colour: str) -> str:
    """A drawn-cover colour as naive CMYK (the shop's RIP applies the press profile)."""
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    k = 1 - max(r, g, b)
    c, mg, y = ((1 - v - k) / (1 - k) if k < 1 else 0 for v in (r, g, b))
    return "device-cmyk({:.3f} {:.3f} {:.3f} {:.3f})".format(c, mg, y, k)


def geometry_css(size: CoverSize) -> str:
    """The panels' places and the drawn cover's colours, written before cover.css."""
    w, h, s, front = size.trim_width, size.trim_height, size.spine, size.front_left
    margin, frame = w * FRONT_MARGIN, max(w * FRAME_INSET, SAFE_MM + 1)
    return (
        f"@page {{ size: {size.width:.3f}mm {h:.3f}mm; margin: 0; bleed: {BLEED_MM}mm; "
        f"background: {_cmyk(drawn.GROUND)}; }}\n"
        f":root {{ color: {_cmyk(drawn.INK)}; }}\n"
        f".back {{ left: 0; width: {w:.3f}mm; }}\n"
        f".spine {{ left: {w:.3f}mm; width: {s:.3f}mm; }}\n"
        f".front {{ left: {front:.3f}mm; width: {w:.3f}mm; }}\n"
        f".back, .spine, .front {{ top: 0; height: {h:.3f}mm; }}\n"
        f".front-image {{ left: {front:.3f}mm; top: -{BLEED_MM}mm; "
        f"width: {w + BLEED_MM:.3f}mm; height: {h + 2 * BLEED_MM:.3f}mm; }}\n"
        f".front .frame {{ inset: {frame:.3f}mm; border-color: {_cmyk(drawn.ACCENT)}; }}\n"
        f".front .words, .front .authors {{ left: {margin:.3f}mm; right: {margin:.3f}mm; }}\n"
        f".front .rule {{ border-color: {_cmyk(drawn.ACCENT)}; }}\n"
        f".front .subtitle {{ color: {_cmyk(drawn.SOFT)}; }}\n"
        f".back .blurb {{ left: {margin:.3f}mm; right: {margin:.3f}mm; top: {margin:.3f}mm; }}\n"
        f".back .publisher {{ left: {margin:.3f}mm; bottom: {margin:.3f}mm; }}\n"
        f".back .isbn-box {{ right: {margin:.3f}mm; bottom: {margin:.3f}mm; "
        f"background: {isbn_barcode.WHITE}; color: {isbn_barcode.BLACK}; }}\n"
        f".spine .line {{ width: {h - 2 * (SAFE_MM + 7):.3f}mm; }}\n")


def _barcode(isbn: str) -> dict | None:
    if not isbn:
        return None
    from bookgen.readers.config import isbn_hyphenated

    svg = isbn_barcode.barcode_svg(isbn).encode("utf-8")
    return {"src": "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"),
            "width": isbn_barcode.WIDTH_MM, "height": isbn_barcode.HEIGHT_MM,
            "box_height": isbn_barcode.BOX_HEIGHT_MM,
            "digits": isbn_barcode.digit_groups(isbn), "label": isbn_hyphenated(isbn)}


def _front_image(book: m.Book) -> str:
    if not book.metadata.cover_image:
        return ""
    image = drawn.author_cover(book.root, book.metadata.cover_image)
    return f"data:{image.media_type};base64,{base64.b64encode(image.data).decode('ascii')}"


def cover_html(ctx: BuildContext, size: CoverSize) -> str:
    meta = ctx.book.metadata
    back = meta.print.back_text or meta.description
    spine = spine_text(meta, size) if size.spine_has_text else None
    css = geometry_css(size) + ctx.theme.stylesheet("cover.css")
    return ctx.theme.render(
        "print-cover.html.j2", meta=meta, css=Markup(css.replace("</", "<\\/")),
        font_family=Markup(fonts.font_stack(meta.typeface)), front=front_text(meta, size),
        spine=spine, image=_front_image(ctx.book), barcode=_barcode(meta.isbn),
        back_paragraphs=[p.strip() for p in back.split("\n\n") if p.strip()])


#: What each of the cover's blocks must stay inside: (panel, safe distance across the panel).
_KEEP_INSIDE = {"blurb": "back", "publisher": "back", "isbn-box": "back", "words": "front",
                "authors": "front"}
PX_MM = 25.4 / 96


def layout_problems(document, size: CoverSize) -> list[Problem]:
    """Blocks that WeasyPrint placed within :data:`SAFE_MM` of the trim or a fold, or on the
    barcode: the back text too long, a title too tall (read from the laid-out page)."""
    panels = {"back": (0.0, size.trim_width), "front": (size.front_left, size.width)}
    found, problems = {}, []
    for box in _boxes(document.pages[0]._page_box):
        classes = (box.element.get("class") or "").split() if box.element is not None else []
        name = next((c for c in classes if c in _KEEP_INSIDE), None)
        if name and name not in found and box.element_tag != "html":
            found[name] = (box.border_box_x() * PX_MM, box.border_box_y() * PX_MM,
                           (box.border_box_x() + box.border_width()) * PX_MM,
                           (box.border_box_y() + box.border_height()) * PX_MM)
    where = m.SourceRef("book.toml")
    for name, (left, top, right, bottom) in found.items():
        low, high = panels[_KEEP_INSIDE[name]]
        if (left < low + SAFE_MM - 0.01 or right > high - SAFE_MM + 0.01 or top < SAFE_MM - 0.01
                or bottom > size.trim_height - SAFE_MM + 0.01):
            problems.append(Problem(f"cover: {_NAMES[name]} within {SAFE_MM:g} "
                                    "mm of the trim or the spine fold: shorten it", where,
                                    "warning"))
    blurb, barcode = found.get("blurb"), found.get("isbn-box") or found.get("publisher")
    if blurb and barcode and blurb[3] > barcode[1] - 2:
        problems.append(Problem("cover: the back text runs into the ISBN barcode or the "
                                "publisher: shorten [print] back_text or the description",
                                where, "warning"))
    return problems


def _boxes(box):
    """Every laid-out box, into absolutely positioned ones (WeasyPrint's placeholders)."""
    box = getattr(box, "_box", box)
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


_NAMES = {"blurb": "the back text comes", "publisher": "the publisher comes",
          "isbn-box": "the barcode comes", "words": "the title and subtitle come",
          "authors": "the authors' names come"}


def write_print_cover(ctx: BuildContext) -> bytes:
    from bookgen.writers.pdf import _font_timestamps, render_document

    pages = len(ctx.shared("document", render_document).pages)  # the interior, laid out once
    size = cover_size(ctx.book.metadata, pages)
    ctx.problems.extend(cover_problems(ctx.book.metadata, size))
    if not ctx.book.metadata.pdf.print_marks:
        ctx.problems.append(Problem(
            f"cover: {size.width:.1f} x {size.trim_height:.1f} mm for {pages} pages; the "
            "interior to send with it is the print edition: bookgen pdf --print (or [pdf] "
            "print = true)", m.SourceRef("book.toml"), "note"))
    html = cover_html(ctx, size)
    document = pdfx.render_html(ctx.book, html, ctx.problems)
    ctx.problems.extend(layout_problems(document, size))
    stamp = ctx.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    document.metadata.created = document.metadata.modified = stamp
    identifier = hashlib.sha256(b"bookgen-cover\0" + html.encode("utf-8")).hexdigest()[:32]
    with _font_timestamps(ctx.timestamp):
        return pdfx.write_pdfx(document, identifier.encode("ascii"), tagged=False)
