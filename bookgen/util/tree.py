"""Walking and mapping the document tree: the few generic functions every stage needs."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from bookgen import model as m


def plain_text(inlines: tuple[m.Inline, ...]) -> str:
    parts = []
    for inline in inlines:
        if isinstance(inline, (m.Text, m.Code)):
            parts.append(inline.text)
        elif isinstance(inline, (m.SoftBreak, m.LineBreak)):
            parts.append(" ")
        elif isinstance(inline, (m.Emph, m.Strong, m.Link)):
            parts.append(plain_text(inline.children))
        elif isinstance(inline, m.Image):
            parts.append(inline.alt)
    return "".join(parts)


def map_blocks(blocks: tuple[m.Block, ...], fn: Callable[[m.Block], m.Block]) -> tuple:
    """Apply ``fn`` to every block, depth first (children before their parent)."""
    result = []
    for block in blocks:
        if isinstance(block, m.BlockQuote):
            block = dataclasses.replace(block, blocks=map_blocks(block.blocks, fn))
        elif isinstance(block, m.ListBlock):
            block = dataclasses.replace(block, items=tuple(map_blocks(i, fn) for i in block.items))
        result.append(fn(block))
    return tuple(result)


def walk_blocks(blocks: tuple[m.Block, ...]) -> Iterator[m.Block]:
    for block in blocks:
        yield block
        if isinstance(block, m.BlockQuote):
            yield from walk_blocks(block.blocks)
        elif isinstance(block, m.ListBlock):
            for item in block.items:
                yield from walk_blocks(item)


def walk_inlines(inlines: tuple[m.Inline, ...]) -> Iterator[m.Inline]:
    for inline in inlines:
        yield inline
        if isinstance(inline, (m.Emph, m.Strong, m.Link)):
            yield from walk_inlines(inline.children)
