"""Figures that would leave a half-empty page behind are moved later in the text, for the PDF.

A figure is never split from its caption (``break-inside: avoid``), so one that does not fit in
what is left of a page goes to the next page, and the page it leaves ends early. WeasyPrint 70
has no page floats (``float: top``/``bottom`` of CSS GCPM are not parsed; a full-width
``float: left`` leaves the same gap, measured), so bookgen does what a typesetter does: it lays
the book out, finds each figure that starts a page after a gap of more than
:data:`GAP_PT`, and moves it past the paragraphs that follow it, as many as fill the gap (a
``.full-page`` photo: to the paragraph end that comes nearest the foot of a page), then lays the
book out once more. A figure is never moved past a heading or another figure, nor out of its
chapter; figures inside quotes or lists stay where they are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from bookgen import model as m

GAP_PT = 28.0  # about two lines of text
LOOK_AHEAD = 12  # blocks a figure may move past
_STOPS = {"h1", "h2", "h3", "h4", "h5", "h6", "figure"}


def _boxes(box) -> Iterator:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _boxes(child)


def _extents(document) -> dict:
    """element → [(page, top, bottom)] of its block boxes, page by page."""
    from weasyprint.formatting_structure.boxes import BlockBox

    spans: dict = {}
    for number, page in enumerate(document.pages):
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            if element is None or not isinstance(box, BlockBox):
                continue
            top, bottom = box.position_y, box.position_y + box.margin_height()
            found = spans.setdefault(element, [])
            if found and found[-1][0] == number:
                found[-1] = (number, min(found[-1][1], top), max(found[-1][2], bottom))
            else:
                found.append((number, top, bottom))
    return spans


def _text_ends(document) -> dict[int, float]:
    """page → the bottom of the lowest line or figure on it (the body's boxes reach the foot
    of every page, so they do not count)."""
    from weasyprint.formatting_structure.boxes import LineBox

    ends: dict[int, float] = {}
    for number, page in enumerate(document.pages):
        for child in page._page_box.children[:1]:  # the root box; margin boxes follow
            for box in _boxes(child):
                if isinstance(box, LineBox) or getattr(box, "element_tag", "") == "figure":
                    ends[number] = max(ends.get(number, 0.0), box.position_y + box.height)
    return ends


def figure_moves(document, root) -> dict[int, int]:
    """Figure number (its ``id="figure-n"``) → how many blocks to move it past."""
    spans = _extents(document)
    pages = [(p._page_box.content_box_y(), p._page_box.content_box_y() + p._page_box.height)
             for p in document.pages]
    ends = _text_ends(document)
    parents = {child: parent for parent in root.iter() for child in parent}
    moves: dict[int, int] = {}
    for element in root.iter():
        ident = str(element.get("id") or "")
        if element.tag != "figure" or not ident.startswith("figure-") or element not in spans:
            continue
        steps = _steps(element, spans, pages, ends, parents)
        if steps:
            moves[int(ident.removeprefix("figure-"))] = steps
    return moves


def _steps(figure, spans, pages, ends, parents) -> int:
    page, top, _ = spans[figure][0]
    parent = parents.get(figure)
    if page == 0 or parent is None or "chapter" not in str(parent.get("class") or "").split():
        return 0
    siblings = list(parent)
    index = siblings.index(figure)
    before = siblings[index - 1] if index else None
    if top - pages[page][0] > 2 or before is None or before not in spans \
            or spans[before][-1][0] != page - 1:
        return 0  # not pushed to this page: it starts the page for another reason
    height = pages[page][1] - pages[page][0]
    gap = pages[page - 1][1] - ends.get(page - 1, pages[page - 1][1])
    if gap < GAP_PT:
        return 0
    following = []
    for sibling in siblings[index + 1:index + 1 + LOOK_AHEAD]:
        if sibling.tag in _STOPS or sibling not in spans:
            break
        following.append(spans[sibling])
    if not following:
        return 0
    origin = pages[page - 1][0]

    def continuous(number: int, y: float) -> float:  # from the top of the gap page
        return (number - page + 1) * height + (y - pages[number][0])

    filled = ends.get(page - 1, origin) - origin
    shift = continuous(following[0][0][0], following[0][0][1]) - filled
    figure_height = sum(b - t for _, t, b in spans[figure])
    full_page = "full-page" in str(figure.get("class") or "").split()
    return _choose(following, continuous, shift, height, figure_height, gap, full_page)


def _choose(following, continuous, shift, height, figure_height, gap, full_page) -> int:
    best, best_blank = 0, gap
    for steps, found in enumerate(following, 1):
        number, _, bottom = found[-1]
        at = (continuous(number, bottom) - shift) % height
        blank = height - at
        if full_page:
            if blank < best_blank:
                best, best_blank = steps, blank
            if blank < GAP_PT:
                return steps
        elif at + figure_height <= height or blank < GAP_PT:
            return steps
    return best


def move_figures(book: m.Book, moves: dict[int, int]) -> m.Book:
    """The book with the n-th figure (in reading order) moved ``moves[n]`` blocks later; only
    figures standing directly in a chapter are moved (the layout proposes no others)."""
    if not moves:
        return book
    counter = 0
    sections = []
    for section in book.sections:
        blocks = list(section.blocks)
        plan = []  # (index in blocks, steps)
        for index, block in enumerate(blocks):
            for inner in _figures(block):
                counter += 1
                if inner is block and counter in moves:
                    plan.append((index, moves[counter]))
        for index, steps in reversed(plan):
            figure = blocks.pop(index)
            blocks.insert(min(index + steps, len(blocks)), figure)
        sections.append(dataclasses.replace(section, blocks=tuple(blocks)))
    return dataclasses.replace(book, sections=tuple(sections))


def _figures(block: m.Block) -> Iterator[m.Figure]:
    from bookgen.util.tree import walk_blocks

    for inner in walk_blocks((block,)):
        if isinstance(inner, m.Figure):
            yield inner
