"""One image made fit for one output: upright, in the output's colours, no metadata, no larger
than it needs to be.

A :class:`Target` says what the output needs: the largest width and height in pixels, and the
colours (``srgb`` for the EPUB and the screen PDF; ``keep`` lets a CMYK scan stay CMYK for a
print shop's PDF/X). What is sent out never carries EXIF (GPS, camera, orientation), XMP,
comments or a colour profile other than the sRGB it was converted to, and is always encoded
anew from the decoded pixels (never the file's own bytes, which may carry anything after the
image data). JPEG stays JPEG, PNG stays
PNG; a GIF or WebP becomes a PNG (with transparency or a palette) or a JPEG (a photo).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageCms

from bookgen.images.source import decode

#: Bump when the pipeline's output changes: the cache key carries it.
VERSION = 1
JPEG_QUALITY = 85
MEDIA = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png")}
_ALPHA_MODES = ("RGBA", "LA", "PA", "RGBa", "La")


@dataclass(frozen=True)
class Target:
    """What one output wants of an image (also the cache key's second half)."""

    max_width: int = 0   # pixels; 0 = no limit
    max_height: int = 0
    colour: str = "srgb"  # "srgb" | "keep" (CMYK stays CMYK, for print)
    quality: int = JPEG_QUALITY

    def key(self) -> str:
        return f"v{VERSION}:{self.max_width}x{self.max_height}:{self.colour}:q{self.quality}"


@dataclass(frozen=True)
class Prepared:
    data: bytes
    format: str  # JPEG | PNG
    width: int
    height: int
    mode: str

    @property
    def media_type(self) -> str:
        return MEDIA[self.format][0]

    @property
    def extension(self) -> str:
        return MEDIA[self.format][1]


def fitted(width: int, height: int, target: Target) -> tuple[int, int]:
    """The size within the target's box, never larger than the image (no upsampling)."""
    scale = 1.0
    if target.max_width:
        scale = min(scale, target.max_width / width)
    if target.max_height:
        scale = min(scale, target.max_height / height)
    if scale >= 1.0:
        return width, height
    return max(1, round(width * scale)), max(1, round(height * scale))


def prepare(data: bytes, target: Target) -> Prepared:
    """The image in ``data`` as ``target`` wants it; raises ImageUnusable."""
    image, kind, _ = decode(data, _draft_box(target))
    original = image
    try:
        size = fitted(image.width, image.height, target)
        transparency = image.info.get("transparency")
        if image.mode == "P" and size == image.size and "icc_profile" not in image.info:
            return _encode(image, "PNG", target, transparency)  # a palette stays a palette
        image = _colours(image, target)
        out_format = _format(kind, image)
        if size != image.size:
            image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        return _encode(image, out_format, target)
    finally:
        original.close()


def _draft_box(target: Target) -> tuple[int, int] | None:
    if not (target.max_width and target.max_height):
        return None
    return target.max_width, target.max_height


def _colours(image: Image.Image, target: Target) -> Image.Image:
    """sRGB (or CMYK kept), transparency kept, 16-bit grey to 8-bit."""
    icc = image.info.get("icc_profile")
    if image.mode == "CMYK" and target.colour == "keep":
        return image
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode == "P" or image.mode == "1":
        alpha = image.mode == "P" and ("transparency" in image.info
                                       or image.palette and image.palette.mode == "RGBA")
        return image.convert("RGBA" if alpha else ("L" if image.mode == "1" else "RGB"))
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L", "LA"):
        converted = _to_srgb(image, icc)
        if converted is not None:
            return converted
    if image.mode in ("RGB", "L", "RGBA", "LA"):
        return image
    return image.convert("RGBA" if image.mode in _ALPHA_MODES else "RGB")


_SRGB = None


def _to_srgb(image: Image.Image, icc: bytes) -> Image.Image | None:
    """Through the embedded profile into sRGB (Pillow's LittleCMS); None if the profile is
    unusable (the plain conversion is used then)."""
    global _SRGB
    if image.mode in ("L", "LA"):
        return None  # grey stays grey
    try:
        if _SRGB is None:
            _SRGB = ImageCms.createProfile("sRGB")
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode,
                                         renderingIntent=ImageCms.Intent.PERCEPTUAL)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return None


def _format(kind: str, image: Image.Image) -> str:
    if kind in MEDIA:
        return "PNG" if kind == "PNG" or image.mode in _ALPHA_MODES else "JPEG"
    return "PNG" if image.mode in _ALPHA_MODES or kind == "GIF" else "JPEG"


def _encode(image: Image.Image, out_format: str, target: Target,
            transparency=None) -> Prepared:
    """Always written anew, never the file's own bytes: what goes out is what was decoded
    (no trailing data, no EXIF, XMP, comments or old profile)."""
    image.info = {}
    if out_format == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    out = io.BytesIO()
    if out_format == "JPEG":
        image.save(out, "JPEG", quality=target.quality, optimize=True, progressive=False)
    else:
        extra = {"transparency": transparency} if transparency is not None else {}
        image.save(out, "PNG", compress_level=6, **extra)
    return Prepared(out.getvalue(), out_format, image.width, image.height, image.mode)


def as_png(data: bytes) -> bytes | None:
    """Any picture Pillow can draw (TIFF, BMP, …) as a PNG, for outputs that take only the web's
    formats; None for what it cannot draw (EMF, WMF, an SVG) or a picture over the pixel limit."""
    from PIL import UnidentifiedImageError

    from bookgen.images.source import MAX_PIXELS

    try:
        with Image.open(io.BytesIO(data)) as picture:
            if picture.width * picture.height > MAX_PIXELS:
                return None
            out = io.BytesIO()
            picture.save(out, "PNG")
            return out.getvalue()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        return None
