"""Is an image file what its name says, and self-contained?

A raster image must be the format its suffix names (the EPUB declares it by the suffix). An SVG
image is a document that can point elsewhere: it must not fetch other files or web addresses,
declare entities (the "billion laughs"), or carry scripts, event handlers or embedded HTML, so
nothing in it reaches a reader's device or makes the build read outside the book.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

MAX_IMAGE_BYTES = 50 * 1024 * 1024
_MAGIC = {
    ".png": ("PNG", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("JPEG", (b"\xff\xd8\xff",)),
    ".jpeg": ("JPEG", (b"\xff\xd8\xff",)),
    ".gif": ("GIF", (b"GIF87a", b"GIF89a")),
}
IMAGE_CHECKS = (*_MAGIC, ".webp", ".svg")  # the suffixes image_problem knows
_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "object", "embed", "handler",
                       "listener"}
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
_IMPORT = re.compile(r"@import", re.IGNORECASE)


def image_problem(path: Path) -> str | None:
    """What is wrong with the image file at ``path`` (an error message's end), or None."""
    try:
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            return f"is larger than {MAX_IMAGE_BYTES // 1_048_576} MB"
        data = path.read_bytes()
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return svg_problem(data)
    if suffix == ".webp":
        ok = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
        return None if ok else "is not a WebP image (its content is something else)"
    name, magics = _MAGIC[suffix]
    if not data.startswith(magics):
        return f"is not a {name} image (its content is something else)"
    return None


def svg_problem(data: bytes) -> str | None:
    """Why an SVG file is not a safe, self-contained drawing, or None."""
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        return "declares a DOCTYPE or entities: remove them (bookgen reads plain SVG only)"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return f"is not a well-formed SVG file ({exc})"
    except RecursionError:
        return "is nested too deeply"
    for element in root.iter():
        why = _element_problem(element)
        if why:
            return why
    return None


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _element_problem(element: ElementTree.Element) -> str | None:
    tag = _local(str(element.tag))
    if tag in _FORBIDDEN_ELEMENTS:
        return f"contains a <{tag}> element: scripts and embedded documents are not allowed"
    for name, value in element.attrib.items():
        attribute = _local(name)
        if attribute.startswith("on"):
            return f"has an event handler ({attribute}=…): scripts are not allowed"
        if attribute in ("href", "src") and not _self_contained(value, tag):
            return f"refers to '{value}': an SVG image must not use other files or the web"
        if attribute == "style" and (why := _style_problem(value)):
            return why
    if tag == "style":
        return _style_problem(element.text or "")
    return None


def _self_contained(value: str, tag: str) -> bool:
    value = value.strip()
    return value.startswith("#") or (tag == "image" and value.startswith("data:image/"))


def _style_problem(css: str) -> str | None:
    if _IMPORT.search(css):
        return "uses @import in its style: an SVG image must not use other files"
    for url in _CSS_URL.findall(css):
        if not url.startswith(("#", "data:")):
            return f"refers to '{url}' in its style: an SVG image must not use other files"
    return None
