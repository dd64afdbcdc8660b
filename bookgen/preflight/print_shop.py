"""``bookgen check --print``: what a print shop's preflight would refuse, found before sending.

The print interior (``bookgen pdf --print``) and the cover (``bookgen cover``) are read as the
shop reads them, with pypdf (structure) and pdfium (images at their placed size):

- PDF/X-4: an output intent ``/GTS_PDFX`` with a CMYK profile (``/N 4``), the XMP saying
  ``PDF/X-4``, a TrimBox and a BleedBox on every page, 3 mm of bleed;
- every font embedded, no missing glyph (:func:`bookgen.preflight.pdf.preflight`);
- no RGB-only colour that PDF/X refuses: DeviceRGB is allowed only where a ``/DefaultRGB``
  makes it calibrated (bookgen's writer adds one; a book's own template may draw more);
- raster images at least 300 dpi at the size they are placed on the page;
- the trim size one that print shops take (A5, B5, 6 x 9 in, …), and the page count: a
  multiple of 4 for saddle stitching (else how many blank pages the shop will add), even for
  a glued binding.

Each check returns :class:`bookgen.errors.Problem` objects; nothing here writes a file.
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from bookgen.errors import Problem
from bookgen.model import SourceRef

MIN_DPI = 300
MM = 72 / 25.4
BLEED_MM = 3.0
SIZE_TOLERANCE_MM = 0.6
#: Trim sizes (mm, portrait) that Swedish printers and print-on-demand services print.
SHOP_TRIM_SIZES = {
    "A4": (210, 297), "A5": (148, 210), "A6": (105, 148), "B5": (176, 250),
    "B6": (125, 176), "6 x 9 in": (152.4, 228.6), "5 x 8 in": (127, 203.2),
    "5.5 x 8.5 in": (139.7, 215.9), "5.25 x 8 in": (133.35, 203.2),
    "8.5 x 11 in": (215.9, 279.4), "royal (156 x 234 mm)": (156, 234),
    "demy (138 x 216 mm)": (138, 216), "170 x 240 mm": (170, 240),
}
_RGB_OPERATOR = re.compile(rb"(?:^|\s)(?:-?[\d.]+\s+){3}(?:rg|RG)\b")


#: An image's pixel size → its name and where the book places it, for messages.
ImageSources = dict[tuple[int, int], tuple[str, SourceRef]]


def print_problems(interior: bytes, cover: bytes | None = None,
                   images: ImageSources | None = None) -> list[Problem]:
    """Everything below for the interior, and the PDF/X checks for the cover."""
    interior_ref, cover_ref = SourceRef("print PDF"), SourceRef("cover PDF")
    problems = pdfx_problems(interior, interior_ref)
    problems += image_dpi_problems(interior, interior_ref, images=images)
    problems += trim_problems(interior, interior_ref)
    problems += page_count_problems(interior, interior_ref)
    if cover is not None:
        problems += pdfx_problems(cover, cover_ref)
        problems += image_dpi_problems(cover, cover_ref)
    return problems


def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf), strict=False)


def pdfx_problems(pdf: bytes, where: SourceRef) -> list[Problem]:
    """PDF/X-4's marks: output intent, CMYK profile, XMP, boxes, fonts, calibrated RGB."""
    from bookgen.preflight.pdf import preflight

    reader = _reader(pdf)
    problems = _intent_problems(reader, where)
    xmp = reader.trailer["/Root"].get("/Metadata")
    if xmp is None or b"PDF/X-4" not in xmp.get_object().get_data():
        problems.append(Problem("the XMP metadata does not say PDF/X-4", where))
    problems += _box_problems(reader, where)
    problems += _rgb_problems(reader, where)
    return problems + [p for p in preflight(pdf, where) if "different sizes" not in p.message]


def _intent_problems(reader: PdfReader, where: SourceRef) -> list[Problem]:
    intents = reader.trailer["/Root"].get("/OutputIntents")
    intents = [i.get_object() for i in intents] if intents else []
    pdfx = [i for i in intents if i.get("/S") == "/GTS_PDFX"]
    if not pdfx:
        return [Problem("no PDF/X output intent (/GTS_PDFX): make it with bookgen pdf --print "
                        "or [pdf] print = true", where)]
    profile = pdfx[0].get("/DestOutputProfile")
    if profile is None or profile.get_object().get("/N") != 4:
        return [Problem("the PDF/X output intent has no CMYK profile (/N 4)", where)]
    return []


def _box_problems(reader: PdfReader, where: SourceRef) -> list[Problem]:
    missing, no_bleed = [], []
    for number, page in enumerate(reader.pages, 1):
        if "/TrimBox" not in page or "/BleedBox" not in page:
            missing.append(number)
        elif float(page.trimbox.left) - float(page.bleedbox.left) < BLEED_MM * MM - 0.1:
            no_bleed.append(number)
    problems = []
    if missing:
        problems.append(Problem(f"{_pages(missing)} have no TrimBox or BleedBox", where))
    if no_bleed:
        problems.append(Problem(f"{_pages(no_bleed)} have less than {BLEED_MM:g} mm of bleed",
                                where))
    return problems


def _rgb_problems(reader: PdfReader, where: SourceRef) -> list[Problem]:
    """DeviceRGB (the ``rg`` operators, RGB images) where no /DefaultRGB calibrates it."""
    uncalibrated = []
    for number, page in enumerate(reader.pages, 1):
        resources = page.get("/Resources")
        spaces = resources.get_object().get("/ColorSpace") if resources is not None else None
        if spaces is not None and "/DefaultRGB" in spaces.get_object():
            continue
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        if _RGB_OPERATOR.search(data) or b"/DeviceRGB" in data:
            uncalibrated.append(number)
    if not uncalibrated:
        return []
    return [Problem(f"{_pages(uncalibrated)} draw in DeviceRGB with no /DefaultRGB, which "
                    "PDF/X refuses next to a CMYK output intent", where)]


def image_dpi_problems(pdf: bytes, where: SourceRef, min_dpi: int = MIN_DPI,
                       images: ImageSources | None = None) -> list[Problem]:
    """Raster images below ``min_dpi`` at the size they are placed (pdfium measures); one
    that ``images`` knows by its pixel size is named, at the line that places it."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    low: dict[tuple[int, int], tuple[float, list[int]]] = {}
    document = pdfium.PdfDocument(pdf)
    try:
        for number, page in enumerate(document, 1):
            for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
                size = tuple(image.get_px_size())
                dpi = _placed_dpi(image, size)
                if dpi and dpi < min_dpi - 0.5:
                    worst, pages = low.get(size, (dpi, []))
                    low[size] = (min(worst, dpi), pages + [number])
            page.close()
    finally:
        document.close()
    problems = []
    for (w, h), (dpi, pages) in sorted(low.items()):
        name, source = (images or {}).get((w, h), ("", where))
        what = f"image '{name}' ({w} x {h} pixels)" if name else f"an image of {w} x {h} pixels"
        problems.append(Problem(f"{what} prints at {dpi:.0f} dpi ({_pages(pages)} of the print "
                                f"PDF), below {min_dpi}: print shops ask for {min_dpi} dpi at "
                                "the placed size", source, "warning"))
    return problems


def _placed_dpi(image, size: tuple[int, int]) -> float | None:
    """The lower of the two resolutions of an image as placed, from its bounding box."""
    left, bottom, right, top = image.get_bounds()
    width_in, height_in = (right - left) / 72, (top - bottom) / 72
    if width_in <= 0 or height_in <= 0:
        return None
    return min(size[0] / width_in, size[1] / height_in)


def trim_problems(pdf: bytes, where: SourceRef) -> list[Problem]:
    page = _reader(pdf).pages[0]
    width, height = float(page.trimbox.width) / MM, float(page.trimbox.height) / MM
    for name, (w, h) in SHOP_TRIM_SIZES.items():
        if abs(width - w) <= SIZE_TOLERANCE_MM and abs(height - h) <= SIZE_TOLERANCE_MM:
            return []
    known = ", ".join(SHOP_TRIM_SIZES)
    return [Problem(f"the trim size {width:.1f} x {height:.1f} mm is not one print shops "
                    f"usually take ({known}): ask yours before sending", where, "warning")]


def page_count_problems(pdf: bytes, where: SourceRef) -> list[Problem]:
    pages = len(_reader(pdf).pages)
    blanks = -pages % 4
    if not blanks:
        return []
    glued = "" if pages % 2 == 0 else "; a glued binding needs an even count too"
    return [Problem(f"{pages} pages is not a multiple of 4: for saddle stitching the shop adds "
                    f"{blanks} blank page{'s' * (blanks != 1)} at the end{glued}", where,
                    "warning")]


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:8])) + (" …" if len(numbers) > 8 else "")
    return f"page {shown}" if len(numbers) == 1 else f"pages {shown}"


__all__ = ["SHOP_TRIM_SIZES", "image_dpi_problems", "page_count_problems", "pdfx_problems",
           "print_problems", "trim_problems"]
