"""The ISBN as an EAN-13 barcode for the back cover, drawn by python-barcode as SVG.

Sizes are the EAN-13 nominal ones at 100 % magnification (GS1): modules of 0.33 mm, bars
22.85 mm high, the guard bars 5 modules longer, 11 modules of quiet zone at the left (python-
barcode keeps the same at the right, which is more than the 7 required). The symbol is then
37.3 x 25.9 mm with its digits, the size print shops ask for. Bars are 100 % black ink
(``device-cmyk(0 0 0 1)``), never a four-colour black that would blur under misregistration.

The human-readable digits are not python-barcode's one centred line but the standard layout
(``9 789170 000010``: the first digit in the left quiet zone, six under each half), set by the
cover template in HTML so they use the book's fonts; :func:`digit_groups` gives their places.
"""

from __future__ import annotations

import re

MODULE_MM = 0.33
BAR_HEIGHT_MM = 22.85
QUIET_MODULES = 11
GUARD_EXTRA_MM = 5 * MODULE_MM
SYMBOL_MODULES = 95
QUIET_MM = QUIET_MODULES * MODULE_MM
WIDTH_MM = round(2 * QUIET_MM + SYMBOL_MODULES * MODULE_MM, 3)
HEIGHT_MM = round(BAR_HEIGHT_MM + GUARD_EXTRA_MM, 3)
BOX_HEIGHT_MM = 26.0  # with the digits under the bars
BLACK = "device-cmyk(0 0 0 1)"
WHITE = "device-cmyk(0 0 0 0)"


def barcode_svg(isbn13: str) -> str:
    """The bars of ``isbn13`` (13 digits) as an SVG document, WIDTH_MM x HEIGHT_MM."""
    import barcode
    from barcode.writer import SVGWriter

    symbol = barcode.get_barcode_class("ean13-guard")(isbn13, writer=SVGWriter())
    svg = symbol.render({"module_width": MODULE_MM, "module_height": BAR_HEIGHT_MM,
                         "quiet_zone": QUIET_MM, "write_text": False, "margin_top": 0,
                         "margin_bottom": 0, "background": "white", "foreground": "black",
                         "guard_height_factor": HEIGHT_MM / BAR_HEIGHT_MM}).decode("utf-8")
    svg = re.sub(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r'height="[\d.]+mm"', f'height="{HEIGHT_MM}mm"', svg, count=1)
    return svg.replace("fill:black", f"fill:{BLACK}").replace("fill:white", f"fill:{WHITE}")


def digit_groups(isbn13: str) -> list[tuple[str, float]]:
    """The human-readable digits as (text, centre in mm from the symbol's left edge)."""
    left_half = QUIET_MM + (3 + 21) * MODULE_MM  # after the left guard, 6 digits of 7 modules
    right_half = QUIET_MM + (50 + 21) * MODULE_MM
    return [(isbn13[0], QUIET_MM - 3.5 * MODULE_MM), (isbn13[1:7], left_half),
            (isbn13[7:], right_half)]
