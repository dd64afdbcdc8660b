"""Every image of a book with the place it is written and the figure it stands in (if any)."""

from __future__ import annotations

from collections.abc import Iterator

from bookgen import model as m
from bookgen.util.tree import block_inlines, plain_text, walk_blocks, walk_inlines


def book_images(book: m.Book) -> Iterator[tuple[m.Image, m.SourceRef, m.Figure | None]]:
    for section in book.sections:
        for block in walk_blocks(section.blocks):
            if isinstance(block, m.Figure):
                yield block.image, block.source, block
                inlines: tuple = block.caption
            else:
                inlines = block_inlines(block)  # paragraphs, headings, verse, tables, notes
            for inline in walk_inlines(inlines):
                if isinstance(inline, m.Image):
                    yield inline, block.source, None


def caption_chars(figure: m.Figure | None) -> int:
    return len(plain_text(figure.caption)) if figure is not None else 0


def is_raster(src: str) -> bool:
    return not src.lower().split("?")[0].split("#")[0].endswith(".svg")
