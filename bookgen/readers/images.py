"""Is an image file what its name says, and self-contained?

A raster image must be the format its suffix names (the EPUB declares it by the suffix). An SVG
image is a document that can point elsewhere: :mod:`bookgen.readers.svg` parses it and keeps only
a self-contained drawing, and the writers pack that sanitised drawing (:func:`image_bytes`),
never the file as it is. Every image is read through :mod:`bookgen.util.gate`: inside the book,
a regular file, at most ``MAX_IMAGE_BYTES``.
"""

from __future__ import annotations

from pathlib import Path

from bookgen.errors import BookError
from bookgen.readers.svg import SvgRefused, sanitize_svg, svg_problem
from bookgen.util.gate import FileRefused, read_file

MAX_IMAGE_BYTES = 50 * 1024 * 1024
_MAGIC = {
    ".png": ("PNG", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("JPEG", (b"\xff\xd8\xff",)),
    ".jpeg": ("JPEG", (b"\xff\xd8\xff",)),
    ".gif": ("GIF", (b"GIF87a", b"GIF89a")),
}
IMAGE_CHECKS = (*_MAGIC, ".webp", ".svg")  # the suffixes image_problem knows


def image_problem(path: Path, root: Path | None = None) -> str | None:
    """What is wrong with the image file at ``path`` (an error message's end), or None.

    ``root`` is the folder it must stay inside (the book folder; ``path``'s own by default)."""
    try:
        data = read_file(path, root or Path(path).parent, MAX_IMAGE_BYTES)
    except FileRefused as refused:
        return _refusal(refused.why)
    return data_problem(data, Path(path).suffix.lower())


def _refusal(why: str) -> str:
    """A gate's reason as the end of "image 'x' …"."""
    why = why.removeprefix("the file ")
    return why.replace("this is", "is", 1) if why.startswith("this is") else why


def data_problem(data: bytes, suffix: str) -> str | None:
    """What is wrong with an image's bytes for a file named ``*suffix``, or None."""
    if suffix == ".svg":
        return svg_problem(data)
    if suffix == ".webp":
        ok = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
        return None if ok else "is not a WebP image (its content is something else)"
    if suffix not in _MAGIC:
        return None
    name, magics = _MAGIC[suffix]
    if not data.startswith(magics):
        return f"is not a {name} image (its content is something else)"
    return None


def svg_notes(path: Path, root: Path | None = None) -> tuple[str, ...]:
    """What sanitising an SVG image leaves out that its author may want to know."""
    try:
        return sanitize_svg(read_file(path, root or Path(path).parent, MAX_IMAGE_BYTES)).notes
    except (FileRefused, SvgRefused):
        return ()


def image_bytes(path: Path, root: Path | None = None) -> bytes:
    """The bytes a writer packs for an image: read once through the gate, checked, and for an
    SVG the sanitised drawing. Raises :class:`BookError` (the reader has said why already, so
    this happens only when the file changed during the build)."""
    try:
        data = read_file(path, root or Path(path).parent, MAX_IMAGE_BYTES)
    except FileRefused as refused:
        raise BookError(f"image {path.name}: {refused.why}") from None
    suffix = Path(path).suffix.lower()
    if suffix == ".svg":
        try:
            return sanitize_svg(data).data
        except SvgRefused as refused:
            raise BookError(f"image {path.name} {refused}") from None
    why = data_problem(data, suffix)
    if why:
        raise BookError(f"image {path.name} {why}")
    return data
