"""Impose a typeset book PDF as a saddle-stitched booklet: two pages side by side on each sheet.

The sheet is twice the page's trim width by its trim height, or the standard paper size that pair
nearly fills, with the pair centred on it (A5 pages are 148 mm wide, so two make 296 x 210 mm, and
the sheet is A4 landscape, 297 x 210 mm, with the fold exactly in the middle).  The page count is
padded with blank pages to a multiple of four and the pages are laid out so that a duplex print
(flip on the short edge), folded in the middle and stapled, reads in order: sheet 1 front is
``last | 1``, its back ``2 | last-1``, and so on.

Each book page is reused, never re-rendered: its content stream becomes a Form XObject whose
``/BBox`` is the page's TrimBox (which crops any bleed and printer's marks, so the two halves meet
exactly at the fold) and whose ``/Resources`` is the page's own resource dictionary, cloned once
and shared by every sheet.  That is what pypdf's ``merge_transformed_page`` would do, minus its
costs: it re-parses and re-serialises every content stream and copies the whole (WeasyPrint:
book-wide) resource dictionary into every sheet; on a 300-page book it took 8-15 s instead of
0.1-0.2 s, and with bleed its output was 3x bigger.

Links, the outline and the structure tree are dropped: they point at book pages that no longer
exist as pages.  So is the XMP metadata, which may claim PDF/UA or PDF/A conformance that the
untagged booklet does not have; title, author and language are kept.

A long book is not one fold: 47 sheets neither staple nor fold flat. ``[booklet]
sheets_per_signature`` (default 5 sheets, 20 pages) splits it into signatures, each imposed as
its own little booklet, one after another in the same PDF: printed, each signature's sheets
are folded together, and the signatures stacked in order and sewn, glued or stapled one by one.
The sheets are shared out evenly (47 sheets in fives: 7 signatures of 5 and 3 of 4, not 9 of 5
and one of 2); the blank pages that round the book up to a multiple of four come last.

The output is byte-reproducible: no timestamps are added, and the file /ID is derived from a hash
of the input.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from collections.abc import Iterator

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    RectangleObject,
)

from bookgen.errors import BookError, Problem
from bookgen.model import SourceRef

#: What pypdf raises, eagerly or lazily, for a damaged PDF.
_DAMAGED = (PyPdfError, ValueError, KeyError, IndexError, TypeError, AttributeError, zlib.error)

#: Pages whose trim sizes differ by more than this (in points) cannot share one sheet size.
SIZE_TOLERANCE = 0.5

MM = 72 / 25.4

#: A book page as a Form XObject in the booklet, and the trim box it was cut to.
_Form = tuple[IndirectObject, RectangleObject]

#: Paper sizes (landscape, points) a sheet snaps to when two pages side by side nearly fill one:
#: two A5 pages are 296 x 210 mm, A4 is 297 x 210 mm.
PAPER_SIZES = {
    "A3": (420 * MM, 297 * MM),
    "A4": (297 * MM, 210 * MM),
    "A5": (210 * MM, 148 * MM),
    "Letter": (792.0, 612.0),
    "Tabloid": (1224.0, 792.0),
}

#: How much larger than the two pages a paper size may be and still be used (per side).
PAPER_SNAP = 3 * MM

#: More sheets than this in one fold: a stapler does not close it, the spine does not lie flat.
MAX_SHEETS_PER_FOLD = 12
#: A longer booklet's signatures when book.toml does not say: 20 pages, as a long-arm stapler
#: or a needle and thread takes them.
DEFAULT_SHEETS_PER_SIGNATURE = 5


def sheets_per_signature(page_count: int, setting: int | None) -> int:
    """The signature size to use: book.toml's, else one fold up to 12 sheets, else 5."""
    if setting is not None:
        return setting
    return 0 if -(-page_count // 4) <= MAX_SHEETS_PER_FOLD else DEFAULT_SHEETS_PER_SIGNATURE


def write_booklet(pdf: bytes, setting: int | None) -> tuple[bytes, list[Problem]]:
    """The booklet, and what to tell the person who prints it: how many signatures, what to
    do with them, and a warning when one fold would be too thick."""
    reader = _read(pdf)  # once: parsing a book of photos takes a while
    pages = len(reader.pages)
    sheets = sheets_per_signature(pages, setting)
    return impose_booklet(pdf, sheets, reader), booklet_notes(pages, sheets)


def signature_sheets(page_count: int, sheets_per_signature: int) -> list[int]:
    """How many sheets each signature has: evenly shared, the larger ones first (0: one fold)."""
    sheets = -(-page_count // 4)
    if sheets_per_signature <= 0 or sheets <= sheets_per_signature:
        return [sheets]
    count = -(-sheets // sheets_per_signature)
    small, larger = divmod(sheets, count)
    return [small + 1] * larger + [small] * (count - larger)


def booklet_notes(page_count: int, sheets_per_signature: int) -> list[Problem]:
    plan = signature_sheets(page_count, sheets_per_signature)
    where = SourceRef("book.toml")
    if len(plan) == 1:
        if plan[0] <= MAX_SHEETS_PER_FOLD:
            return []
        return [Problem(f"booklet: one fold of {plan[0]} sheets is too thick to staple or to "
                        f"fold flat (over {MAX_SHEETS_PER_FOLD}); set [booklet] "
                        "sheets_per_signature = 5 to print it in signatures", where, "warning")]
    sizes = ", ".join(f"{plan.count(n)} of {n} sheets" for n in sorted(set(plan), reverse=True))
    return [Problem(f"booklet: {page_count} pages in {len(plan)} signatures ({sizes}). Print "
                    "double-sided, flipping on the short edge; fold each signature's sheets "
                    "together in the middle, stack the signatures in order and sew or glue "
                    "them at the folds (or staple each one): see the README, Printing the "
                    "booklet", where, "note")]


def signature_order(page_count: int, sheets_per_signature: int = 0
                    ) -> Iterator[tuple[int, int]]:
    """:func:`saddle_stitch_order` for each signature in turn, as indices into the book."""
    first = 0
    for sheets in signature_sheets(page_count, sheets_per_signature):
        for left, right in saddle_stitch_order(4 * sheets):
            yield first + left, first + right
        first += 4 * sheets


def impose_booklet(pdf: bytes, sheets_per_signature: int = 0,
                   reader: PdfReader | None = None) -> bytes:
    """Return a booklet PDF (two pages per sheet, saddle-stitch order) imposed from ``pdf``
    (``reader``: it, read already), in signatures of ``sheets_per_signature`` sheets (0: one
    fold)."""
    reader = reader or _read(pdf)
    pages = list(reader.pages)
    width, height = _trim_size(pages)
    sheet_width, sheet_height = sheet_size(width, height)
    x, y = (sheet_width - 2 * width) / 2, (sheet_height - height) / 2  # the pair, centred
    writer = PdfWriter()
    writer.pdf_header = "%PDF-1.7"
    try:
        forms = [_page_as_form(writer, page) for page in pages]
    except _DAMAGED as exc:
        raise BookError(f"booklet: the book PDF's pages cannot be read ({exc})") from exc
    for left, right in signature_order(len(pages), sheets_per_signature):
        sheet = writer.add_blank_page(sheet_width, sheet_height)
        halves = [(x, y, _get(forms, left)), (x + width, y, _get(forms, right))]
        _draw_halves(writer, sheet, halves)
    _copy_document_info(reader, writer)
    _set_print_preferences(writer)
    _set_file_id(writer, pdf)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def saddle_stitch_order(page_count: int) -> Iterator[tuple[int, int]]:
    """Yield (left, right) 0-based page indices for each sheet side, front then back.

    Indices at or beyond ``page_count`` are blank padding (the count is rounded up to a multiple
    of four).
    """
    padded = -(-page_count // 4) * 4
    for side in range(padded // 2):
        outer, inner = padded - 1 - side, side
        yield (outer, inner) if side % 2 == 0 else (inner, outer)


def sheet_size(page_width: float, page_height: float) -> tuple[float, float]:
    """Two pages side by side, or the standard paper size they nearly fill (A5 pages: A4)."""
    width, height = 2 * page_width, page_height
    for paper_width, paper_height in PAPER_SIZES.values():
        if _fits(paper_width - width) and _fits(paper_height - height):
            return paper_width, paper_height
    return width, height


def _fits(margin: float) -> bool:
    return -0.01 <= margin <= PAPER_SNAP  # -0.01: the page sizes are rounded in the PDF


def _read(pdf: bytes) -> PdfReader:
    if not pdf:
        raise BookError("booklet: the book PDF is empty")
    try:
        reader = PdfReader(io.BytesIO(pdf), strict=False)
        pages = len(reader.pages)
    except _DAMAGED as exc:
        raise BookError(f"booklet: the book PDF cannot be read ({exc})") from exc
    if reader.is_encrypted:
        raise BookError("booklet: the book PDF is encrypted")
    if pages == 0:
        raise BookError("booklet: the book PDF has no pages")
    return reader


def _trim_size(pages: list[PageObject]) -> tuple[float, float]:
    """The common trim size of all pages; a booklet cannot fold pages of different sizes."""
    width, height = float(pages[0].trimbox.width), float(pages[0].trimbox.height)
    for number, page in enumerate(pages, start=1):
        if page.rotation % 360:
            raise BookError(f"booklet: page {number} is rotated, which imposing does not support")
        w, h = float(page.trimbox.width), float(page.trimbox.height)
        if abs(w - width) > SIZE_TOLERANCE or abs(h - height) > SIZE_TOLERANCE:
            raise BookError(
                f"booklet: page {number} is {w:.1f}x{h:.1f} pt but page 1 is "
                f"{width:.1f}x{height:.1f} pt; every page must have the same size"
            )
    return width, height


def _page_as_form(writer: PdfWriter, page: PageObject) -> _Form:
    """Wrap one book page as a Form XObject in ``writer``, clipped to its TrimBox."""
    contents = page.get_contents()
    form = DecodedStreamObject()
    form.set_data(contents.get_data() if contents is not None else b"")
    form = form.flate_encode(level=9)
    trim = page.trimbox
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(RectangleObject(trim)),
        }
    )
    for key in ("/Resources", "/Group"):
        if key in page:
            # Cloning an indirect reference twice yields the same object, so a resource
            # dictionary shared by the book's pages stays shared in the booklet.
            form[NameObject(key)] = page.raw_get(key).clone(writer)
    # pypdf has no public "add an indirect object" call; _add_object is its own idiom for it.
    return writer._add_object(form), trim


def _get(forms: list[_Form], index: int) -> _Form | None:
    return forms[index] if index < len(forms) else None


def _draw_halves(
    writer: PdfWriter, sheet: PageObject, halves: list[tuple[float, float, _Form | None]]
) -> None:
    """Draw each (x, y, form or None) half onto ``sheet``; None leaves the half blank."""
    xobjects = DictionaryObject()
    ops = []
    for slot, (x, y, placed) in enumerate(halves):
        if placed is None:
            continue
        form, trim = placed
        name = NameObject(f"/P{slot}")
        xobjects[name] = form
        dx, dy = (round(v, 4) + 0.0 for v in (x - float(trim.left), y - float(trim.bottom)))
        ops.append(f"q 1 0 0 1 {dx:.4f} {dy:.4f} cm {name} Do Q")  # + 0.0: no "-0.0000"
    content = DecodedStreamObject()
    content.set_data("\n".join(ops).encode("ascii"))
    sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
    sheet[NameObject("/Contents")] = writer._add_object(content.flate_encode(level=9))


def _copy_document_info(reader: PdfReader, writer: PdfWriter) -> None:
    """Keep the document information (title, author...) and the language."""
    if reader.metadata:
        writer.add_metadata(dict(reader.metadata))
    root = reader.trailer["/Root"]
    if "/Lang" in root:
        writer.root_object[NameObject("/Lang")] = root.raw_get("/Lang").clone(writer)


def _set_print_preferences(writer: PdfWriter) -> None:
    """Make the print dialog default to short-edge duplex at 100 % (no fit-to-page)."""
    writer.root_object[NameObject("/ViewerPreferences")] = DictionaryObject(
        {
            NameObject("/Duplex"): NameObject("/DuplexFlipShortEdge"),
            NameObject("/PrintScaling"): NameObject("/None"),
        }
    )


def _set_file_id(writer: PdfWriter, pdf: bytes) -> None:
    """A file identifier derived from the input, so the same book gives the same bytes."""
    digest = ByteStringObject(hashlib.sha256(b"bookgen-booklet\0" + pdf).digest()[:16])
    writer._ID = ArrayObject([digest, digest])
