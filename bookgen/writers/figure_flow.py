"""Figures that would leave a half-empty page behind: the text after them fills the page first.

A figure never splits from its caption (``break-inside: avoid``), so one that does not fit in what
is left of a page goes to the next page, and the page it leaves ends early. WeasyPrint 70 has no
page floats (``float: top``/``bottom`` of CSS GCPM are not parsed, and a full-width
``float: left`` leaves the same gap: measured), so bookgen does what a typesetter does, for the
PDF only. It lays the book out and finds each figure that starts a page after a gap of more than
:data:`GAP_PT`; it moves the text after the figure up into the gap (whole paragraphs while they
fit, then the first lines of the next paragraph, see ``figure_moves``), so the figure heads the
next page as a float to the top would. A chapter with such figures is laid out alone (it starts
on a new page: its pages are the same as in the book) after each move, the first figure first,
and at last the book once more (``chapter_fixes``, which also remembers the moves). A figure never moves past a heading or another figure, nor out
of its chapter; figures inside quotes or lists stay where they are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from bookgen import model as m
from bookgen.writers.figure_moves import Move, figures_in, move_figures

GAP_PT = 28.0  # about two lines of text
LOOK_AHEAD = 12  # blocks a figure may move past
ORPHANS = WIDOWS = 2  # as book.css sets them for p
_STOPS = {"h1", "h2", "h3", "h4", "h5", "h6", "figure"}


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

def replay(book: m.Book, section: m.Section, steps: list) -> m.Section:
    for number, move, texts in steps:
        alone = dataclasses.replace(book, sections=(section,), events=())
        section = move_figures(alone, {number: move}, {number: texts} if texts else {}
                               ).sections[0]
    return section


def settle_chapter(book: m.Book, section: m.Section, steps: list, lay_out_alone) -> list:
    """The chapter's figure moves, one after the other: ``steps`` are those measured already
    (on the book's layout), then the chapter is laid out alone (``lay_out_alone(book) ->
    (document, root)``, one section) after each move, the first figure first, so every move
    is measured on the pages as they are."""
    section = replay(book, section, steps)
    for _ in range(CHAPTER_PASSES - 1):
        alone = dataclasses.replace(book, sections=(section,), events=())
        document, root = lay_out_alone(alone)
        moves = figure_moves(document, root)
        if not moves:
            break
        number = min(moves)
        texts = split_lines(document, root, {number: moves[number]}).get(number)
        moved = replay(book, section, [(number, moves[number], texts)])
        if moved.blocks == section.blocks:
            break  # the move could not be made (a paragraph whose words did not match)
        steps.append((number, moves[number], texts))
        section = moved
    return steps
