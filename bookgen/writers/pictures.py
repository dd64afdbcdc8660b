"""The images of each output, through the image pipeline (bookgen.images).

The PDF gets each image at about 300 dpi of the size it is set at, served to WeasyPrint by
the URL fetcher under ``IMAGE_BASE`` (so one image used thirty times is one file in the HTML's
memory and one image in the PDF, not thirty base64 copies); the one-file HTML gets the same
images as data: URLs; the EPUB (``epub_docs.ImageShelf``) its own, packed once each.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field

from bookgen import model as m
from bookgen.images.cache import ImageCache
from bookgen.images.placement import (Geometry, full_page_caption_mm, geometry, pdf_target,
                                     placed_mm)
from bookgen.readers.image_attrs import FLOAT_LEFT, FLOAT_RIGHT, FULL_PAGE, placement_class
from bookgen.images.store import ImageStore
from bookgen.images.walk import book_images, caption_chars, is_raster
from bookgen.writers.context import BuildContext
from bookgen.writers.markup import Picture

IMAGE_BASE = "file:///bookgen-images/"


def image_store(ctx: BuildContext) -> ImageStore:
    def make(ctx: BuildContext) -> ImageStore:
        mode = getattr(ctx, "image_cache", "write")
        cache = None if mode == "off" else ImageCache(ctx.book.root, writable=mode == "write")
        return ImageStore(ctx.book.root, ctx.problems, cache)

    return ctx.shared("image-store", make)


def book_geometry(ctx: BuildContext) -> Geometry:
    return ctx.shared("geometry", lambda ctx: geometry(
        ctx.book.metadata, ctx.theme.stylesheet("book.css")))


def image_places(book: m.Book) -> dict[str, m.SourceRef]:
    """src → where it is first written (for messages)."""
    places: dict[str, m.SourceRef] = {}
    for image, ref, _ in book_images(book):
        places.setdefault(image.src, ref)
    return places


@dataclass
class PrintImages:
    """The PDF's pictures: ``served`` maps each image URL to its bytes and media type."""

    ctx: BuildContext
    colour: str = "srgb"
    data_urls: bool = False
    served: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    _data_urls: dict[str, str] = field(default_factory=dict)
    figures: int = 0  # figures set so far: the n-th is id="figure-n" (figure_flow moves it)

    def __post_init__(self) -> None:
        self.store = image_store(self.ctx)
        self.geo = book_geometry(self.ctx)
        self.places = image_places(self.ctx.book)

    def picture(self, image: m.Image, figure: m.Figure | None) -> Picture | None:
        ref = figure.source if figure is not None else self.places.get(image.src)
        box_id = ""
        if figure is not None:
            self.figures += 1
            box_id = f"figure-{self.figures}" if not self.data_urls else ""
        if not is_raster(image.src):
            data = self.store.data(image.src, ref)
            return None if data is None else Picture(self._url(data, "image/svg+xml", ".svg"),
                                                     box_id=box_id)
        head = self.store.header(image.src, ref)
        if head is None:
            return None
        placed = placed_mm(image, (head.width, head.height), self.geo, figure is not None,
                           caption_chars(figure))
        made = self.store.prepared(image.src, pdf_target((head.width, head.height), placed,
                                                         self.colour), ref)
        if made is None:
            return None
        kind = placement_class(image) if figure is not None else ""
        box = f"width: {placed[0]:.2f}mm" if kind in (FLOAT_LEFT, FLOAT_RIGHT) else ""
        if kind == FULL_PAGE:  # alone on its page: centred in the text block's height
            free = self.geo.text_height - placed[1] - full_page_caption_mm(image, figure,
                                                                           self.geo)
            box = f"padding-top: {max(0.0, free / 2):.2f}mm"
        return Picture(self._url(made.data, made.media_type, made.extension), made.width,
                       made.height, f"width: {placed[0]:.2f}mm; height: {placed[1]:.2f}mm", box,
                       box_id)

    def _url(self, data: bytes, media_type: str, extension: str) -> str:
        name = hashlib.sha256(data).hexdigest()[:32]
        if self.data_urls:
            if name not in self._data_urls:
                encoded = base64.b64encode(data).decode("ascii")
                self._data_urls[name] = f"data:{media_type};base64,{encoded}"
            return self._data_urls[name]
        url = f"{IMAGE_BASE}{name}{extension}"
        self.served[url] = (data, media_type)
        return url
