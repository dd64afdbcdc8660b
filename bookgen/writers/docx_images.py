"""Pictures for the Word document: the book's image files (relative to their chapter, else to
content/), in a format Word shows (PNG, JPEG, GIF; WebP and others converted to PNG), no wider
than the text, with their alt text as the picture's description (Word's Alt Text)."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bookgen import model as m
from bookgen.readers.files import inside

_WORD_IMAGES = {".png", ".jpg", ".jpeg", ".gif"}


def picture_bytes(root: Path, section: m.Section | None, src: str) -> tuple[bytes | None, str]:
    """The picture's bytes for Word, or None and why not."""
    path = image_file(root, section, src)
    if path is None:
        return None, "not found"
    from bookgen.readers.images import MAX_IMAGE_BYTES
    from bookgen.util.gate import FileRefused, read_file

    try:
        data = read_file(path, root, MAX_IMAGE_BYTES)
    except FileRefused as refused:
        return None, refused.why
    if path.suffix.lower() in _WORD_IMAGES:
        return data, ""
    from bookgen.images.prepare import as_png

    png = as_png(data)
    return (png, "") if png else (None, "is not a picture Word can show (an SVG drawing?)")


def add_picture(paragraph, data: bytes, alt: str, max_width_cm: float) -> None:
    from docx.shared import Cm

    run = paragraph.add_run()
    shape = run.add_picture(io.BytesIO(data))
    if shape.width > Cm(max_width_cm):
        shape.height = int(shape.height * Cm(max_width_cm) / shape.width)
        shape.width = Cm(max_width_cm)
    doc_pr = run._r.find(".//{*}docPr")
    if doc_pr is not None:
        doc_pr.set("descr", alt)


def image_file(root: Path, section: m.Section | None, src: str) -> Path | None:
    """The image's file: relative to its chapter's file, else to content/ (older books)."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    bases = []
    if section is not None:
        bases.append((root / section.source.path).parent)
    bases.append(root / "content")
    for base in bases:
        path = inside(base / unquote(parts.path), root.resolve())
        if path is not None and path.is_file():
            return path
    return None
