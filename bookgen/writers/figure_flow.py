"""Figures that would leave a half-empty page behind: the text after them fills the page first.

A figure never splits from its caption (``break-inside: avoid``), so one that does not fit in what
is left of a page goes to the next page, and the page it leaves ends early. WeasyPrint 70 has no
page floats (``float: top``/``bottom`` of CSS GCPM are not parsed, and a full-width
``float: left`` leaves the same gap: measured), so bookgen does what a typesetter does, for the
PDF only. It lays the book out, finds each figure that starts a page after a gap of more than
:data:`GAP_PT`, and moves the text that follows the figure up into the gap: whole paragraphs
while they fit, then the first lines of the next paragraph (split at a line end, the rest
continuing after the figure without an indent; the split line is not justified, since a later
pass or an indent can change what it holds and a stretched line is worse than a short one). The figure then heads the next
page, as a float to the top of the page would. The book is laid out once more with the moves.
A figure never moves past a heading or another figure, nor out of its chapter; a paragraph is
split only where its words are known to match the layout (else only whole paragraphs move).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass

from bookgen import model as m
from bookgen.util.tree import plain_text
from bookgen.writers.markup import Links, block_html, inlines_html

GAP_PT = 28.0  # about two lines of text
LOOK_AHEAD = 12  # blocks a figure may move past
ORPHANS = WIDOWS = 2  # as book.css sets them for p
_STOPS = {"h1", "h2", "h3", "h4", "h5", "h6", "figure"}


@dataclass(frozen=True)
class Move:
    """Move the figure past ``blocks`` whole blocks, then past the first ``lines`` lines (as laid
    out) of the paragraph after them."""

    blocks: int
    lines: int = 0
    ragged: bool = False  # the split part's lines will not be the laid-out ones: no justify


@dataclass(frozen=True)
class ParagraphPart:
    """A part of a paragraph split around a figure: ``runs-on`` (it goes on after the figure),
    ``continued`` (it began before the figure), or both."""

    inlines: tuple[m.Inline, ...]
    source: m.SourceRef
    classes: tuple[str, ...]


@block_html.register
def _(block: ParagraphPart, links: Links) -> str:
    return f'<p class="{" ".join(block.classes)}">{inlines_html(block.inlines, links)}</p>'


# ---------------------------------------------------------------- reading the layout


def _boxes(box) -> Iterator:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _boxes(child)


@dataclass
class _Layout:
    spans: dict  # element → [(page, top, bottom)]
    lines: dict  # element → [(height, text)] of its own lines, in order
    first_line: dict  # element → offset of its first line below its top
    ends: dict  # page → bottom of its lowest line or figure
    pages: list  # (content top, content bottom)


def _read(document) -> _Layout:
    from weasyprint.formatting_structure.boxes import BlockBox, LineBox, TextBox

    layout = _Layout({}, {}, {}, {}, [])
    for number, page in enumerate(document.pages):
        top = page._page_box.content_box_y()
        layout.pages.append((top, top + page._page_box.height))
        for box in _boxes(page._page_box.children[0]):
            if isinstance(box, LineBox) or getattr(box, "element_tag", "") == "figure":
                layout.ends[number] = max(layout.ends.get(number, 0.0),
                                          box.position_y + box.height)
            element = getattr(box, "element", None)
            if element is None or not isinstance(box, BlockBox):
                continue
            found = layout.spans.setdefault(element, [])
            bottom = box.position_y + box.margin_height()
            if found and found[-1][0] == number:
                found[-1] = (number, min(found[-1][1], box.position_y), max(found[-1][2], bottom))
            else:
                found.append((number, box.position_y, bottom))
            lines = [c for c in box.children if isinstance(c, LineBox)]
            if lines and element not in layout.first_line:
                layout.first_line[element] = lines[0].position_y - box.position_y
            layout.lines.setdefault(element, []).extend(
                (line.height, "".join(t.text for t in _boxes(line) if isinstance(t, TextBox)))
                for line in lines)
    return layout


def figure_moves(document, root) -> dict[int, Move]:
    """Figure number (its ``id="figure-n"``) → how it moves."""
    layout = _read(document)
    parents = {child: parent for parent in root.iter() for child in parent}
    moves: dict[int, Move] = {}
    for element in root.iter():
        ident = str(element.get("id") or "")
        if element.tag == "figure" and ident.startswith("figure-") and element in layout.spans:
            move = _move(element, layout, parents)
            if move:
                moves[int(ident.removeprefix("figure-"))] = move
    return moves


def _move(figure, layout: _Layout, parents) -> Move | None:
    page, top, _ = layout.spans[figure][0]
    parent = parents.get(figure)
    if page == 0 or parent is None or "chapter" not in str(parent.get("class") or "").split():
        return None
    siblings = list(parent)
    index = siblings.index(figure)
    before = siblings[index - 1] if index else None
    if top - layout.pages[page][0] > 2 or before is None or before not in layout.spans \
            or layout.spans[before][-1][0] != page - 1:
        return None  # not pushed to this page: it starts the page for another reason
    room = layout.pages[page - 1][1] - layout.ends.get(page - 1, layout.pages[page - 1][1])
    if room < GAP_PT:
        return None
    whole = 0
    for sibling in siblings[index + 1:index + 1 + LOOK_AHEAD]:
        if sibling.tag in _STOPS or sibling not in layout.spans:
            break
        height = sum(bottom - top for _, top, bottom in layout.spans[sibling])
        if whole == 0 and sibling.tag == "p" and before.tag == "p":
            # it follows a paragraph now, not the figure: an indent (or a paragraph space)
            # may cost it a line more than it took in this layout
            extra = layout.lines.get(sibling, [(0.0, "")])[0][0]
            height, room = height + extra, room - extra
        if height <= room:
            whole, room = whole + 1, room - height
            continue
        lines = _lines_that_fit(sibling, layout, room) if sibling.tag == "p" else 0
        ragged = whole == 0 and before.tag == "p"  # it gains an indent: its lines change
        return Move(whole, lines, ragged) if lines else (Move(whole) if whole else None)
    return Move(whole) if whole else None


def _lines_that_fit(paragraph, layout: _Layout, room: float) -> int:
    lines = layout.lines.get(paragraph, [])
    used, count = layout.first_line.get(paragraph, 0.0), 0
    for height, _ in lines:
        if used + height > room:
            break
        used, count = used + height, count + 1
    count = min(count, len(lines) - WIDOWS)
    return count if count >= ORPHANS else 0


# ---------------------------------------------------------------- moving in the model


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
            for inner in _figures(block):
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


def _figures(block: m.Block) -> Iterator[m.Figure]:
    from bookgen.util.tree import walk_blocks

    for inner in walk_blocks((block,)):
        if isinstance(inner, m.Figure):
            yield inner


def split_lines(document, root, moves: dict[int, Move]) -> dict[int, list[str]]:
    """For each split move, the laid-out lines of the paragraph it splits (for the words)."""
    layout = _read(document)
    parents = {child: parent for parent in root.iter() for child in parent}
    found: dict[int, list[str]] = {}
    for element in root.iter():
        ident = str(element.get("id") or "")
        if element.tag != "figure" or not ident.startswith("figure-"):
            continue
        number = int(ident.removeprefix("figure-"))
        move = moves.get(number)
        if move is None or not move.lines or element not in parents:
            continue
        siblings = list(parents[element])
        at = siblings.index(element) + 1 + move.blocks
        if at < len(siblings):
            found[number] = [text for _, text in layout.lines.get(siblings[at], [])]
    return found


# ---------------------------------------------------------------- settling chapter by chapter

#: Layouts of one chapter at most, while settling its figures one after the other.
CHAPTER_PASSES = 8


def settle(book: m.Book, document, root, lay_out_alone) -> m.Book:
    """The book with its figures moved so that none leaves a page half empty.

    ``document``/``root`` are the whole book's first layout; only chapters where it finds such
    a figure are settled, each laid out alone (``lay_out_alone(book) -> (document, root)``:
    a chapter starts on a new page, so its pages are the same alone as in the book) once per
    figure moved, the first figure first, so every move is measured on the pages as they are.
    """
    moves = figure_moves(document, root)
    if not moves:
        return book
    sections, first = [], 1
    for section in book.sections:
        count = sum(1 for block in section.blocks for _ in _figures(block))
        mine = sorted(n for n in moves if first <= n < first + count)
        if mine:  # the chapter's first move is measured on the whole book's layout already
            one = {mine[0]: moves[mine[0]]}
            texts = split_lines(document, root, one)
            local = {mine[0] - first + 1: moves[mine[0]]}
            lines = {mine[0] - first + 1: texts[mine[0]]} if mine[0] in texts else {}
            alone = dataclasses.replace(book, sections=(section,), events=())
            section = _settle_chapter(book, move_figures(alone, local, lines).sections[0],
                                      lay_out_alone)
        sections.append(section)
        first += count
    return dataclasses.replace(book, sections=tuple(sections))


def _settle_chapter(book: m.Book, section: m.Section, lay_out_alone) -> m.Section:
    for _ in range(CHAPTER_PASSES - 1):
        alone = dataclasses.replace(book, sections=(section,), events=())
        document, root = lay_out_alone(alone)
        moves = figure_moves(document, root)
        if not moves:
            break
        number = min(moves)
        one = {number: moves[number]}
        moved = move_figures(alone, one, split_lines(document, root, one)).sections[0]
        if moved.blocks == section.blocks:
            break  # the move could not be made (a paragraph whose words did not match)
        section = moved
    return section
