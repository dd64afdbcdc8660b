"""Opening an image the book names: Pillow, a pixel limit, one full decode, nothing trusted.

Pillow reads the header first; an image of more than :data:`MAX_PIXELS` (a decompression bomb:
a small PNG that unpacks to gigabytes) is refused before its pixels are unpacked. Then the whole
image is decoded (``load()``): a truncated JPEG or PNG is an error, never half a photo printed.
"""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

#: 150 megapixels: a 24-megapixel camera file, a 100-megapixel phone photo and a long panorama
#: pass; a decompression bomb does not. Unpacked that is at most ~600 MB (RGBA).
MAX_PIXELS = 150_000_000
FORMATS = ("JPEG", "PNG", "GIF", "WEBP")


class ImageUnusable(ValueError):
    """Why an image cannot be used; the message completes "image 'x.jpg' …"."""


@dataclass(frozen=True)
class Header:
    """What the header says: format and size as the photo is seen (EXIF orientation applied)."""

    format: str
    width: int
    height: int
    mode: str
    bytes: int


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError as exc:
            found = re.search(r"\((\d+) pixels\)", str(exc))
            count = f"{int(found[1]) // 1_000_000} million" if found else "too many"
            raise ImageUnusable(f"has {count} pixels, more than {MAX_PIXELS // 1_000_000} "
                                "million: bookgen does not unpack it (a decompression bomb?); "
                                "scale it down first") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise ImageUnusable(f"cannot be read as an image ({_why(exc)})") from None
    if image.format not in FORMATS:
        image.close()
        raise ImageUnusable(f"is a {image.format} image: use JPEG or PNG")
    width, height = image.size
    if width < 1 or height < 1 or width * height > MAX_PIXELS:
        image.close()
        raise ImageUnusable(f"is {width} × {height} pixels, more than "
                            f"{MAX_PIXELS // 1_000_000} million: bookgen does not unpack it "
                            "(a decompression bomb?); scale it down first")
    return image


def _why(exc: BaseException) -> str:
    text = str(exc).split("\n")[0].strip() or type(exc).__name__
    return text[:120]


def orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1) or 1)
    except Exception:  # a broken EXIF block is no orientation  # noqa: BLE001
        return 1


def header(data: bytes) -> Header:
    """Format and size without unpacking the pixels (cheap: for checks and placement)."""
    image = _open(data)
    with image:
        width, height = image.size
        if orientation(image) in (5, 6, 7, 8):
            width, height = height, width
        return Header(str(image.format), width, height, image.mode, len(data))


@contextlib.contextmanager
def _truncated_is_an_error() -> Iterator[None]:
    """Pillow pads a truncated image when ``LOAD_TRUNCATED_IMAGES`` is set, and importing
    WeasyPrint sets it for everyone: not while bookgen decodes."""
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def decode(data: bytes, draft_size: tuple[int, int] | None = None,
           ) -> tuple[Image.Image, str, bool]:
    """The whole image, decoded and upright (EXIF orientation applied to the pixels), its
    format, and whether its pixels differ from the file's (turned or decoded smaller).
    ``draft_size`` lets a JPEG decode at 1/2, 1/4 or 1/8 scale when the output needs no more (faster, and the whole stream is still read: truncation is still found)."""
    image = _open(data)
    kind, size = str(image.format), image.size
    try:
        with warnings.catch_warnings(), _truncated_is_an_error():
            warnings.simplefilter("ignore")
            if draft_size and kind == "JPEG" and image.mode in ("RGB", "L", "CMYK"):
                turn = orientation(image) in (5, 6, 7, 8)
                image.draft(image.mode, draft_size[::-1] if turn else draft_size)
            image.load()
            turned = orientation(image) != 1
            upright = (ImageOps.exif_transpose(image) or image) if turned else image
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError) as exc:
        image.close()
        what = "is truncated or damaged" if "truncat" in str(exc).lower() or isinstance(
            exc, EOFError) else "cannot be decoded"
        raise ImageUnusable(f"{what} ({_why(exc)}): save it again from the original") from None
    if upright is not image:
        image.close()
    return upright, kind, turned or image.size != size
