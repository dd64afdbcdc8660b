"""How large an image is set: in the PDF in millimetres on the page, in the EPUB as a share of
the screen's width, and therefore how many pixels each output needs.

The page comes from book.toml (trim size) and the stylesheet's ``@page { margin: … }``. A figure
is as wide as the text unless ``width=`` says otherwise, and never taller than
:data:`FIGURE_HEIGHT` of the text block (a portrait photo is set narrower instead); a
``.full-page`` figure fills the text block less room for its caption; a ``.float-left`` /
``.float-right`` figure is :data:`FLOAT_WIDTH` of the text wide unless ``width=`` says; an image
in a line of text is its natural size (96 pixels to the inch, as browsers set it) or its
``width=``, never wider than the text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from bookgen import model as m
from bookgen.images.prepare import Target
from bookgen.readers.image_attrs import FLOAT_LEFT, FLOAT_RIGHT, FULL_PAGE, placement_class, width
from bookgen.util.text import length_mm

PRINT_DPI = 300
MAX_DPI = 450          # more than this at the placed size is resampled down to PRINT_DPI
EPUB_LONG_SIDE = 1800  # pixels: sharp on a tablet, light to send
COVER = Target(1600, 2400)
FIGURE_HEIGHT = 0.62
FULL_PAGE_CAPTION_MM = 14.0  # room kept under a full-page photo for one caption line + credit
CAPTION_LINE_MM = 4.6
FLOAT_WIDTH = 0.4
FLOAT_HEIGHT = 0.5
INLINE_HEIGHT = 0.9
CSS_PX_MM = 25.4 / 96
#: The page's margins (top, right, bottom, left) when the stylesheet does not say
#: (styles/book.css: 20mm 16mm 22mm 20mm).
DEFAULT_MARGINS_MM = (20.0, 16.0, 22.0, 20.0)


@dataclass(frozen=True)
class Geometry:
    """The text block of the PDF's pages, in millimetres."""

    text_width: float
    text_height: float


def page_margins_mm(css: str) -> tuple[float, float, float, float]:
    """The first ``@page { margin: … }`` in ``css`` as (top, right, bottom, left) (shorthand)."""
    match = re.search(r"@page\s*\{[^}]*?\bmargin\s*:\s*([^;}]+)", css)
    if not match:
        return DEFAULT_MARGINS_MM
    values = [length_mm(v) for v in match[1].split()]
    if not values or any(v is None for v in values) or len(values) > 4:
        return DEFAULT_MARGINS_MM
    top = values[0]
    right = values[1] if len(values) > 1 else top
    bottom = values[2] if len(values) > 2 else top
    left = values[3] if len(values) == 4 else right
    return top, right, bottom, left  # type: ignore[return-value]


def geometry(meta: m.Metadata, css: str) -> Geometry:
    top, right, bottom, left = page_margins_mm(css)
    page_w = length_mm(meta.pdf.width) or 148.0
    page_h = length_mm(meta.pdf.height) or 210.0
    return Geometry(max(page_w - left - right, 20.0), max(page_h - top - bottom, 30.0))


def _caption_mm(caption_chars: int, credit: bool, text_width: float) -> float:
    per_line = max(20, int(text_width / 1.9))  # characters of a 0.9em italic line
    lines = max(1, math.ceil(caption_chars / per_line)) if caption_chars else 0
    return lines * CAPTION_LINE_MM + (CAPTION_LINE_MM if credit else 0) + 3.0


def full_page_caption_mm(image: m.Image, figure: m.Figure | None, geo: Geometry) -> float:
    """The room a full-page photo keeps for its caption and credit."""
    return max(FULL_PAGE_CAPTION_MM, _caption_mm(
        _caption_chars(figure), bool(image.attr("credit")), geo.text_width))


def _caption_chars(figure: m.Figure | None) -> int:
    from bookgen.util.tree import plain_text

    return len(plain_text(figure.caption)) if figure is not None else 0


def placed_mm(image: m.Image, pixels: tuple[int, int], geo: Geometry, figure: bool,
              caption_chars: int = 0) -> tuple[float, float]:
    """The (width, height) in mm the image is set at in the PDF."""
    px_w, px_h = max(1, pixels[0]), max(1, pixels[1])
    aspect = px_w / px_h
    given = width(image)
    wanted = None
    if given:
        wanted = geo.text_width * given[0] / 100 if given[1] == "%" else given[0]
    if not figure:
        box_w = wanted or px_w * CSS_PX_MM
        box_h = geo.text_height * INLINE_HEIGHT
    else:
        kind = placement_class(image)
        if kind == FULL_PAGE:
            box_w = wanted or geo.text_width
            box_h = geo.text_height - max(FULL_PAGE_CAPTION_MM, _caption_mm(
                caption_chars, bool(image.attr("credit")), geo.text_width))
        elif kind in (FLOAT_LEFT, FLOAT_RIGHT):
            box_w = wanted or geo.text_width * FLOAT_WIDTH
            box_h = geo.text_height * FLOAT_HEIGHT
        else:
            box_w = wanted or geo.text_width
            box_h = geo.text_height * FIGURE_HEIGHT
    box_w = min(box_w, geo.text_width)
    w = min(box_w, box_h * aspect)
    return round(w, 2), round(w / aspect, 2)


def dpi(pixel_width: int, width_mm: float) -> float:
    return pixel_width / (width_mm / 25.4) if width_mm > 0 else 0.0


def sharp_mm(pixel_width: int) -> float:
    """The widest the image prints sharp (at PRINT_DPI), in mm."""
    return pixel_width / PRINT_DPI * 25.4


def pdf_target(pixels: tuple[int, int], placed: tuple[float, float],
               colour: str = "srgb") -> Target:
    """Pixels for the PDF: as they are up to MAX_DPI at the placed size, else PRINT_DPI."""
    if dpi(pixels[0], placed[0]) <= MAX_DPI:
        return Target(0, 0, colour)
    return Target(math.ceil(placed[0] / 25.4 * PRINT_DPI), math.ceil(placed[1] / 25.4 * PRINT_DPI),
                  colour)


def epub_target() -> Target:
    return Target(EPUB_LONG_SIDE, EPUB_LONG_SIDE)


def epub_width_percent(image: m.Image, geo: Geometry, figure: bool) -> float | None:
    """``width=`` as a share of the screen's text width in the EPUB (a length becomes its
    share of the printed text width); floats default to FLOAT_WIDTH."""
    given = width(image)
    if given:
        share = given[0] if given[1] == "%" else given[0] / geo.text_width * 100
        return round(min(share, 100.0), 1)
    if figure and placement_class(image) in (FLOAT_LEFT, FLOAT_RIGHT):
        return FLOAT_WIDTH * 100
    return None
