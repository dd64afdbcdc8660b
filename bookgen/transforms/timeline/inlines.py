"""Paragraph text for matching, and anchors put back into the inline tree.

:func:`flatten` gives the text a reader sees, with each source line break (``SoftBreak`` and
``LineBreak``) as ``\\n`` so a sentence's line can be counted.  :func:`insert_anchors` puts
:class:`Anchor` nodes at offsets of that text by splitting ``Text`` nodes; it never changes text.
"""

from __future__ import annotations

from dataclasses import replace

from bookgen.model import (
    Anchor, Block, BlockQuote, Code, Emph, Figure, Footnote, FootnoteRef, Inline, LineBreak, Link,
    ListBlock, Paragraph, SoftBreak, Strong, Text, Verse, VerseLine,
)


def flatten(inlines: tuple[Inline, ...]) -> str:
    parts: list[str] = []
    _flatten(inlines, parts)
    return "".join(parts)


def _flatten(inlines: tuple[Inline, ...], parts: list[str]) -> None:
    for node in inlines:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, (SoftBreak, LineBreak)):
            parts.append("\n")
        elif isinstance(node, Code):
            parts.append(node.text)
        elif isinstance(node, (Emph, Strong, Link)):
            _flatten(node.children, parts)
        elif _is_note_mark(node):
            parts.append(" ")  # a footnote's mark ends no word: "1975.¹ Sedan" is two sentences


def _is_note_mark(node: Inline) -> bool:
    """A footnote's call: text-less, it stands between words (and sentences)."""
    return isinstance(node, FootnoteRef)


def _length(node: Inline) -> int:
    if isinstance(node, (Emph, Strong, Link)):
        return sum(_length(child) for child in node.children)
    if isinstance(node, (Text, Code)):
        return len(node.text)
    return 1 if isinstance(node, (SoftBreak, LineBreak)) or _is_note_mark(node) else 0


def insert_anchors(inlines: tuple[Inline, ...], anchors: dict[int, list[str]]) -> tuple[Inline, ...]:
    """``inlines`` with ``Anchor(id)`` nodes at the given offsets of :func:`flatten`'s text.

    An offset inside a link or inline code goes before it (no anchor nested in a link).
    """
    if not anchors:
        return inlines
    return _insert(inlines, sorted(anchors.items()), 0)


def _insert(inlines, pending: list[tuple[int, list[str]]], pos: int) -> tuple[Inline, ...]:
    out: list[Inline] = []
    first = 0  # pending is sorted: each node takes the next run of offsets that fall in it
    for node in inlines:
        length = _length(node)
        last = first
        while last < len(pending) and pending[last][0] < pos + length:
            last += 1
        here, first = pending[first:last], last
        if not here:
            out.append(node)
        elif isinstance(node, Text):
            out.extend(_split_text(node.text, [(o - pos, ids) for o, ids in here]))
        elif isinstance(node, (Emph, Strong)):
            out.append(replace(node, children=_insert(node.children, here, pos)))
        else:  # Link, Code, a line break: anchors go just before it
            out.extend(Anchor(i) for _, ids in here for i in ids)
            out.append(node)
        pos += length
    return tuple(out)


def _split_text(text: str, cuts: list[tuple[int, list[str]]]) -> list[Inline]:
    out: list[Inline] = []
    last = 0
    for offset, ids in cuts:
        if offset > last:
            out.append(Text(text[last:offset]))
        out.extend(Anchor(i) for i in ids)
        last = offset
    if last < len(text):
        out.append(Text(text[last:]))
    return out


def _children(block: Block) -> tuple[Block, ...] | None:
    """The blocks inside a container (a quote, a footnote's text, any node with ``blocks``)."""
    inner = getattr(block, "blocks", None)
    return inner if isinstance(inner, tuple) else None


def paragraphs(blocks: tuple[Block, ...]):
    """Every paragraph in reading order, inside block quotes, list items and footnotes too;
    each line of verse counts as a paragraph (it has inlines and a source line), and each
    figure's caption as one of its own (a photo's "Mormor, sommaren 1962")."""
    for block in blocks:
        if isinstance(block, (Paragraph, VerseLine)):
            yield block
        elif isinstance(block, Figure):
            if block.caption:
                yield Paragraph(block.caption, block.source)
        elif isinstance(block, (BlockQuote, Footnote)):
            yield from paragraphs(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from paragraphs(item)
        elif isinstance(block, Verse):
            yield from (line for line in block.lines if line.inlines)
        elif _children(block) is not None:
            yield from paragraphs(_children(block))


def map_paragraphs(blocks: tuple[Block, ...], fn, counter: list[int] | None = None):
    """``blocks`` with ``fn(index, paragraph)`` applied to each paragraph, in the order above."""
    counter = counter if counter is not None else [0]
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(fn(counter[0], block))
            counter[0] += 1
        elif isinstance(block, Figure):
            if block.caption:
                caption = fn(counter[0], Paragraph(block.caption, block.source)).inlines
                block = replace(block, caption=caption)
                counter[0] += 1
            out.append(block)
        elif isinstance(block, (BlockQuote, Footnote)):
            out.append(replace(block, blocks=map_paragraphs(block.blocks, fn, counter)))
        elif isinstance(block, ListBlock):
            items = tuple(map_paragraphs(item, fn, counter) for item in block.items)
            out.append(replace(block, items=items))
        elif isinstance(block, Verse):
            out.append(replace(block, lines=tuple(_map_line(line, fn, counter)
                                                  for line in block.lines)))
        elif _children(block) is not None:
            out.append(replace(block, blocks=map_paragraphs(_children(block), fn, counter)))
        else:
            out.append(block)
    return tuple(out)


def _map_line(line: VerseLine, fn, counter: list[int]) -> VerseLine:
    if not line.inlines:
        return line
    counter[0] += 1
    return fn(counter[0] - 1, line)
