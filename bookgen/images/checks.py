"""The image findings of ``bookgen check``: what an author can fix before the book is sent.

Per image of the text: one that cannot be used (not an image, truncated, a bomb: an error, the
same the build would give), one that prints below :data:`MIN_DPI` at the size it is set at (a
warning naming the dpi and the largest size that prints sharp), and a huge file the outputs get
resampled (an info). Only headers are read here (cheap); the build decodes every image fully.
"""

from __future__ import annotations

from bookgen import model as m
from bookgen.errors import Problem
from bookgen.images.placement import dpi, geometry, placed_mm, sharp_mm
from bookgen.images.store import ImageStore
from bookgen.images.walk import book_images, caption_chars, is_raster

MIN_DPI = 300
#: A file this large (or of this many pixels) is sent resampled: the check says so (info).
HUGE_BYTES = 4 * 1024 * 1024
HUGE_PIXELS = 12_000_000


def image_problems(book: m.Book, css: str, min_dpi: int = MIN_DPI) -> list[Problem]:
    """Per image: unreadable (error), below ``min_dpi`` at the size it is set (warning, with
    the largest size that prints sharp), a huge file that will be resampled (info)."""
    problems: list[Problem] = []
    store = ImageStore(book.root, problems)
    geo = geometry(book.metadata, css)
    seen: set[tuple[str, str]] = set()
    huge: set[str] = set()
    for image, source, figure in book_images(book):
        if not is_raster(image.src) or (image.src, str(source)) in seen:
            continue
        seen.add((image.src, str(source)))
        head = store.header(image.src, source)
        if head is None:
            continue
        placed = placed_mm(image, (head.width, head.height), geo, figure is not None,
                           caption_chars(figure))
        printed = dpi(head.width, placed[0])
        if printed < min_dpi:
            problems.append(Problem(_low_dpi(image.src, head.width, printed, placed,
                                             sharp_mm(head.width), geo.text_width, min_dpi),
                                    source, "warning"))
        if image.src not in huge and (head.bytes > HUGE_BYTES
                                      or head.width * head.height > HUGE_PIXELS):
            huge.add(image.src)
            problems.append(Problem(
                f"image '{image.src}' is {head.width} × {head.height} pixels "
                f"({head.bytes / 1_048_576:.1f} MB): the outputs get a resampled copy (the PDF "
                "about 300 dpi at its printed size, the EPUB at most 1800 pixels); the file in "
                "the book is not changed", source, "info"))
    return problems


def _low_dpi(src: str, pixels: int, printed: float, placed: tuple[float, float],
             sharp: float, text_width: float, min_dpi: int) -> str:
    share = min(100, int(sharp / text_width * 100))
    advice = (f"set it at most {sharp:.0f} mm wide ({{width={share}%}})" if share >= 10
              else "use a larger scan")
    return (f"image '{src}' is {pixels} pixels wide and set {placed[0]:.0f} mm wide: "
            f"{printed:.0f} dpi, below {min_dpi} dpi; it prints sharp up to {sharp:.0f} mm "
            f"wide: {advice}, or use a file of {round(placed[0] / 25.4 * min_dpi)} pixels "
            "or more")
