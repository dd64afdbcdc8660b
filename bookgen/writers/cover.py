"""The EPUB's raster cover: the author's image named in book.toml, or one bookgen sets itself.

The typographic cover is drawn with Pillow in the theme's typeface: title, subtitle and authors on
a calm ground, the title wrapped and scaled to fit. Same book, same bytes (no clock, no random).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bookgen import model as m
from bookgen.errors import BookError
from bookgen.readers.images import MAX_IMAGE_BYTES
from bookgen.util.gate import FileRefused, read_file
from bookgen.theme.fonts import text_face_files

WIDTH, HEIGHT = 1600, 2400
MARGIN = 170
GROUND, INK, ACCENT, SOFT = "#26343b", "#f3ecdf", "#c8a46a", "#d9d0c1"
MIN_HEIGHT = 1600
FORMATS = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png")}


@dataclass(frozen=True)
class CoverImage:
    data: bytes
    media_type: str
    extension: str
    width: int
    height: int


def book_cover(book: m.Book) -> CoverImage:
    """The author's cover if book.toml names one, else the typographic cover."""
    if book.metadata.cover_image:
        return author_cover(book.root, book.metadata.cover_image)
    return typographic_cover(book.metadata)


def author_cover(root: Path, name: str) -> CoverImage:
    """A JPEG or PNG inside the book folder, packed as it is."""
    where = m.SourceRef("book.toml")
    path = (root / name).resolve()
    if not path.is_relative_to(root.resolve()):
        raise BookError(f"[epub] cover '{name}' is outside the book folder", where)
    if not path.is_file():
        raise BookError(f"[epub] cover '{name}' does not exist", where)
    try:
        data = read_file(path, root, MAX_IMAGE_BYTES)
    except FileRefused as refused:
        raise BookError(f"[epub] cover '{name}': {refused.why}", where) from None
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, size = image.format, image.size
    except (OSError, Image.DecompressionBombError):
        raise BookError(f"[epub] cover '{name}' is not an image Pillow can read", where) \
            from None
    if kind not in FORMATS:
        raise BookError(f"[epub] cover '{name}' is {kind}; use a JPEG or PNG", where)
    media_type, extension = FORMATS[kind]
    return CoverImage(data, media_type, extension, *size)


# ---------------------------------------------------------------- the typographic cover


def cover_font(typeface: str, size: int, italic: bool = False, weight: int = 400):
    """The theme's text face as a Pillow font (a variable font set to ``weight``); the print
    cover measures its lines with it too."""
    files = {f.style: f.path for f in text_face_files(typeface)}
    path = files.get("italic" if italic else "normal") or files.get("normal")
    if path is None:
        return ImageFont.load_default(size)
    font = ImageFont.truetype(str(path), size)
    try:
        axes = font.get_variation_axes()
    except OSError:  # not a variable font
        return font
    values = []
    for axis in axes:
        name = axis["name"].decode() if isinstance(axis["name"], bytes) else str(axis["name"])
        wanted = weight if "weight" in name.lower() else \
            size * 0.75 if "optical" in name.lower() else axis["default"]
        values.append(max(axis["minimum"], min(axis["maximum"], wanted)))
    font.set_variation_by_axes(values)
    return font


def wrap(text: str, font, width: float) -> list[str]:
    """Greedy line breaking at spaces, measured in the font."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _fit(text: str, typeface: str, sizes: range, max_lines: int, italic: bool = False,
         weight: int = 400):
    """The largest size at which ``text`` wraps into ``max_lines`` lines with no word too wide."""
    width = WIDTH - 2 * MARGIN
    for size in sizes:
        font = cover_font(typeface, size, italic, weight)
        lines = wrap(text, font, width)
        if len(lines) <= max_lines and all(font.getlength(line) <= width for line in lines):
            return font, lines, size
    font = cover_font(typeface, sizes[-1], italic, weight)
    return font, wrap(text, font, width), sizes[-1]


def _draw_lines(draw: ImageDraw.ImageDraw, lines: list[str], font, top: float,
                leading: float, fill: str) -> float:
    """Centred lines from ``top``; returns the y below the last line."""
    for line in lines:
        draw.text((WIDTH / 2, top), line, font=font, fill=fill, anchor="ma")
        top += leading
    return top


def typographic_cover(meta: m.Metadata) -> CoverImage:
    image = Image.new("RGB", (WIDTH, HEIGHT), GROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((70, 70, WIDTH - 71, HEIGHT - 71), outline=ACCENT, width=3)
    font, lines, size = _fit(meta.title, meta.typeface, range(210, 79, -10), 4, weight=500)
    bottom = _draw_lines(draw, lines, font, 430, size * 1.18, INK)
    rule = bottom + 70
    draw.line((WIDTH / 2 - 150, rule, WIDTH / 2 + 150, rule), fill=ACCENT, width=4)
    if meta.subtitle:
        font, lines, size = _fit(meta.subtitle, meta.typeface, range(76, 39, -4), 5, italic=True)
        _draw_lines(draw, lines, font, rule + 90, size * 1.3, SOFT)
    authors = ", ".join(meta.authors)
    font, lines, size = _fit(authors.upper(), meta.typeface, range(80, 39, -4), 2)
    _draw_lines(draw, lines, font, HEIGHT - 330 - size * 1.3 * (len(lines) - 1), size * 1.3, INK)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True)
    return CoverImage(out.getvalue(), "image/jpeg", ".jpg", WIDTH, HEIGHT)
