"""Walking and mapping the document tree: the few generic functions every stage needs.

The walkers go everywhere text can be: into quotes, list items and footnote bodies, and to each
line of verse (:class:`VerseLine`) and each table cell (:class:`TableCell`), which hold
``inlines`` and ``source`` as a :class:`Paragraph` does. A pass that looks for "blocks with
text" should use :func:`block_inlines`, which knows every kind.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from bookgen import model as m

#: Nodes that hold a run of inlines as ``.inlines`` (and a ``.source``).
INLINE_HOLDERS = (m.Paragraph, m.Heading, m.VerseLine, m.TableCell)


def plain_text(inlines: tuple[m.Inline, ...]) -> str:
    """The text a reader sees in a run of inlines (a footnote call adds nothing)."""
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


def map_blocks(blocks: tuple[m.Block, ...], fn: Callable) -> tuple:
    """Apply ``fn`` to every block, depth first (children before their parent).

    ``fn`` also gets each :class:`VerseLine` of a verse and each :class:`TableCell` of a table
    (return it unchanged if you only care about blocks).
    """
    return tuple(fn(_map_children(block, fn)) for block in blocks)


def _map_children(block, fn: Callable):
    if isinstance(block, (m.BlockQuote, m.Footnote)):
        return dataclasses.replace(block, blocks=map_blocks(block.blocks, fn))
    if isinstance(block, m.ListBlock):
        return dataclasses.replace(block, items=tuple(map_blocks(i, fn) for i in block.items))
    if isinstance(block, m.Verse):
        return dataclasses.replace(block, lines=tuple(fn(line) for line in block.lines))
    if isinstance(block, m.Table):
        return dataclasses.replace(
            block, header=tuple(fn(cell) for cell in block.header),
            rows=tuple(tuple(fn(cell) for cell in row) for row in block.rows))
    return block


def walk_blocks(blocks: tuple[m.Block, ...]) -> Iterator:
    """Every block in reading order, with the blocks inside it (and verse lines, table cells)."""
    for block in blocks:
        yield block
        if isinstance(block, (m.BlockQuote, m.Footnote)):
            yield from walk_blocks(block.blocks)
        elif isinstance(block, m.ListBlock):
            for item in block.items:
                yield from walk_blocks(item)
        elif isinstance(block, m.Verse):
            yield from block.lines
        elif isinstance(block, m.Table):
            yield from block.header
            for row in block.rows:
                yield from row


def block_inlines(block) -> tuple[m.Inline, ...]:
    """The inlines a block holds itself (not those of the blocks inside it)."""
    if isinstance(block, INLINE_HOLDERS):
        return block.inlines
    if isinstance(block, m.Figure):
        return (block.image, *block.caption)
    return ()


def walk_inlines(inlines: tuple[m.Inline, ...]) -> Iterator[m.Inline]:
    for inline in inlines:
        yield inline
        if isinstance(inline, (m.Emph, m.Strong, m.Link)):
            yield from walk_inlines(inline.children)


def all_inlines(blocks: tuple[m.Block, ...]) -> Iterator[m.Inline]:
    """Every inline anywhere in ``blocks`` (footnotes, verse and tables too)."""
    for block in walk_blocks(blocks):
        yield from walk_inlines(block_inlines(block))
