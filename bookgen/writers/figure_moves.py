"""Moving a figure later in a chapter's blocks, and splitting the paragraph it moves into.

The layout (``figure_flow``) says how far: past so many whole blocks, then past the first lines
of the next paragraph as laid out. That paragraph is cut where those lines end, by matching
their text against the paragraph's own (a line end hyphenated by the layout is joined again, and
the cut word gets the hyphen); when the text does not match, only whole blocks move. Every word
stays, once, in order; two parts that a later move brings together again become one paragraph.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass

from bookgen import model as m
from bookgen.util.tree import plain_text, walk_blocks
from bookgen.writers.markup import Links, block_html, inlines_html


@dataclass(frozen=True)
class Move:
    """Move the figure past ``blocks`` whole blocks, then past the first ``lines`` lines (as laid
    out) of the paragraph after them."""

    blocks: int
    lines: int = 0
    ragged: bool = False  # the split part's lines will not be the laid-out ones


@dataclass(frozen=True)
class ParagraphPart:
    """A part of a paragraph split around a figure: ``runs-on`` (it goes on after the figure),
    ``continued`` (it began before the figure), or both."""

    inlines: tuple[m.Inline, ...]
    source: m.SourceRef
    classes: tuple[str, ...]


@block_html.register
def _(block: ParagraphPart, links: Links) -> str:
    after = links.after_block(m.Paragraph(block.inlines, block.source), links) \
        if links.after_block else ""  # its block notes, as a paragraph's
    return f'<p class="{" ".join(block.classes)}">{inlines_html(block.inlines, links)}</p>{after}'


def move_figures(book: m.Book, moves: dict[int, Move], line_texts: dict | None = None,
                 ) -> m.Book:
    """The book with the n-th figure (in reading order) moved as ``moves[n]`` says; a split
    paragraph is cut after the text of its first ``lines`` laid-out lines (``line_texts[n]``),
    or, when that text does not match, only whole blocks move."""
    counter = 0
    sections = []
    for section in book.sections:
        blocks = list(section.blocks)
        plan = []
        for index, block in enumerate(blocks):
            for inner in figures_in(block):
                counter += 1
                if inner is block and counter in moves:
                    plan.append((index, moves[counter], (line_texts or {}).get(counter)))
        for index, move, texts in reversed(plan):
            blocks[index:] = _moved(blocks[index:], move, texts)
        sections.append(dataclasses.replace(section, blocks=tuple(_rejoin(blocks))))
    return dataclasses.replace(book, sections=tuple(sections))


def _moved(blocks: list, move: Move, texts: list[str] | None) -> list:
    figure, rest = blocks[0], blocks[1:]
    passed, rest = rest[:move.blocks], rest[move.blocks:]
    if move.lines and rest and isinstance(rest[0], (m.Paragraph, ParagraphPart)) and texts:
        split = split_paragraph(rest[0], texts[:move.lines], move.ragged)
        if split:
            return [*passed, split[0], figure, split[1], *rest[1:]]
    return [*passed, figure, *rest]


_IGNORED = re.compile(r"[\s\u200b\u00ad]")  # spaces, and the breaks bookgen or an author adds
_HYPHENS = ("\u2010", "-")


def _rejoin(blocks: list) -> list:
    """Two parts of one paragraph that a later pass brought together again become one."""
    out: list = []
    for block in blocks:
        last = out[-1] if out else None
        if isinstance(block, ParagraphPart) and isinstance(last, ParagraphPart) \
                and "runs-on" in last.classes and "continued" in block.classes \
                and last.source == block.source:
            head = list(last.inlines)
            if head and isinstance(head[-1], m.Text) and head[-1].text in _HYPHENS:
                head = head[:-1]  # the hyphen added at the split: the word is whole again
            else:
                head.append(m.Text(" "))
            classes = tuple(c for c in last.classes if c != "runs-on") + tuple(
                c for c in block.classes if c != "continued")
            out[-1] = ParagraphPart((*head, *block.inlines), last.source, classes)
        else:
            out.append(block)
    return out


def split_paragraph(paragraph: m.Paragraph | ParagraphPart, lines: list[str],
                    ragged: bool = False) -> tuple[ParagraphPart, ParagraphPart] | None:
    """The paragraph cut after the text of ``lines`` (its first lines as laid out, a line
    hyphenated by the layout joined to the next), or None when that text is not the
    paragraph's own (then it is not split)."""
    if not lines or any(isinstance(i, m.Image) for i in _all_inlines(paragraph.inlines)):
        return None
    text = plain_text(paragraph.inlines)
    positions = [i for i, char in enumerate(text) if not _IGNORED.match(char)]
    own = "".join(text[i] for i in positions)
    laid, added = _laid_text(lines, own)
    if laid is None or len(laid) >= len(own):
        return None
    end = positions[len(laid) - 1] + 1
    left, right = _split_at(paragraph.inlines, end)
    if added:
        left.append(m.Text(added))  # the word goes on after the figure: hyphenate it here
    was = getattr(paragraph, "classes", ())
    first = tuple(c for c in was if c == "continued") + ("runs-on",) + ("ragged",) * ragged
    second = ("continued",) + tuple(c for c in was if c == "runs-on")
    return (ParagraphPart(tuple(left), paragraph.source, first),
            ParagraphPart(tuple(_lstrip(right)), paragraph.source, second))


def _laid_text(lines: list[str], own: str) -> tuple[str | None, str]:
    """The laid-out text without spaces, and the hyphen the layout added at its end (if any);
    None when it is not how the paragraph's own text begins."""
    laid = ""
    for number, line in enumerate(lines):
        line = _IGNORED.sub("", line)
        last = number == len(lines) - 1
        if line.endswith(_HYPHENS) and not own.startswith(laid + line):
            if not last:
                line = line[:-1]  # a hyphen of the layout's, inside a word
            elif own.startswith(laid + line[:-1]):
                return laid + line[:-1], line[-1]
        laid += line
        if not own.startswith(laid):
            return None, ""
    return laid, ""


def _all_inlines(inlines) -> Iterator:
    for inline in inlines:
        yield inline
        yield from _all_inlines(getattr(inline, "children", ()))


def _size(inline) -> int:
    return len(plain_text((inline,)))


def _split_at(inlines, offset: int) -> tuple[list, list]:
    left: list = []
    for index, inline in enumerate(inlines):
        size = _size(inline)
        if offset >= size:
            left.append(inline)
            offset -= size
            continue
        if isinstance(inline, m.Text):
            left.append(m.Text(inline.text[:offset]))
            return left, [m.Text(inline.text[offset:]), *inlines[index + 1:]]
        if isinstance(inline, (m.Emph, m.Strong, m.Link)):
            inner_left, inner_right = _split_at(inline.children, offset)
            left.append(dataclasses.replace(inline, children=tuple(inner_left)))
            return left, [dataclasses.replace(inline, children=tuple(inner_right)),
                          *inlines[index + 1:]]
        return left, list(inlines[index:])  # code, a break: never cut inside
    return left, []


def _lstrip(inlines: list) -> list:
    while inlines and isinstance(inlines[0], (m.SoftBreak, m.LineBreak)):
        inlines = inlines[1:]
    if inlines and isinstance(inlines[0], m.Text):
        inlines = [m.Text(inlines[0].text.lstrip()), *inlines[1:]]
    elif inlines and isinstance(inlines[0], (m.Emph, m.Strong, m.Link)):
        inlines = [dataclasses.replace(inlines[0], children=tuple(_lstrip(
            list(inlines[0].children)))), *inlines[1:]]
    return [i for i in inlines if not (isinstance(i, m.Text) and not i.text)]


def figures_in(block: m.Block) -> Iterator[m.Figure]:
    for inner in walk_blocks((block,)):
        if isinstance(inner, m.Figure):
            yield inner
