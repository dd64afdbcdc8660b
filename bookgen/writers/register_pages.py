"""The page of each register mention, found in WeasyPrint's laid-out lines.

The PDF's HTML has no element per mention (each would split its paragraph's text into more
boxes: 1.6 s more per layout of a 300-page book with 2 000 mentions, and a build lays the book
out several times). The element holding a run of text with mentions (a ``<p>``, a tight
``<li>``, a caption, a verse line, a table cell, a paragraph of a note) has an id instead
(``ixp-N``, after its first mention ``ix-N``: :mod:`bookgen.writers.mention_holders`).

A mention is found by counting letters and digits: the extractor knows that "Eriksson" starts
after the 212th letter or digit of its paragraph, and walking the paragraph's laid-out text
boxes page by page (its lines on one page, the rest on the next) finds the box that holds the
213th. Counting only letters and digits makes what the layout adds or changes between them
harmless: hyphens at line ends ("Eriks‐" / "son"), soft hyphens and no-break spaces from the
line breaker (bookgen.writers.steering), zero-width spaces in long words, collapsed white
space. What is not the paragraph's own text is skipped: generated content (``::before``,
``::marker``), a note's call and number, list marks, a missing image's text; a note floated
to the foot of the page is laid out there, under its own holder ids.

The mentions the register links to (the first of each run of pages) become anchors of their
pages (``page.anchors``, where WeasyPrint keeps the ids it found), at their text boxes, so the
register's page numbers link to the line of the mention itself. A mention still written as an element (a table inside a note, which has no
element of its own per cell) is on its page's anchors already.
"""

from __future__ import annotations

from bookgen import model as m
from bookgen.util.tree import walk_blocks
from bookgen.writers.mention_holders import MENTION_PREFIX, first_mention, holder_id

#: Classes of elements inside a holder whose text is not the holder's own.
SKIPPED = frozenset({"noteref", "footnote", "footnote-number", "fn-mark", "image-missing"})


def mention_offsets(book: m.Book) -> dict[str, list[tuple[int, str]]]:
    """Holder id → (letters and digits before the mention, its anchor), in text order."""
    holders: dict[str, list[tuple[int, str]]] = {}
    for section in book.sections:
        for block in walk_blocks(section.blocks):
            inlines = block.caption if isinstance(block, m.Figure) else getattr(
                block, "inlines", None)
            if not isinstance(inlines, tuple) or isinstance(block, m.Heading):
                continue
            first = first_mention(inlines)
            if first is not None:
                marks: list[tuple[int, str]] = []
                _offsets(inlines, 0, marks)
                holders[holder_id(first)] = marks
    return holders


def _offsets(inlines: tuple[m.Inline, ...], count: int, marks: list) -> int:
    for node in inlines:
        if isinstance(node, (m.Text, m.Code)):
            count += _alnum(node.text)
        elif isinstance(node, (m.Emph, m.Strong, m.Link)):
            count = _offsets(node.children, count, marks)
        elif isinstance(node, m.Anchor) and node.id.startswith(MENTION_PREFIX):
            marks.append((count, node.id))
    return count


def _alnum(text: str) -> int:
    return sum(map(str.isalnum, text))


def place_mentions(document, book: m.Book) -> dict[str, tuple[int, tuple]]:
    """Mention anchor → the index of the page it is laid out on and where on it (the
    rectangle of its text box, as WeasyPrint keeps anchors). Mentions the layout does not
    hold are left out."""
    finder = _Finder(mention_offsets(book))
    for index, page in enumerate(document.pages):
        finder.page_index = index
        finder.visit(page._page_box)
        for anchor, where in page.anchors.items():
            if anchor.startswith(MENTION_PREFIX):
                finder.found.setdefault(anchor, (index, where))
    return finder.found


def add_anchors(document, placed: dict[str, tuple[int, tuple]], wanted: set[str]) -> None:
    """Make the ``wanted`` mentions anchors of their pages, for the register's links (only
    those: every anchor is a named destination in the PDF)."""
    for anchor in sorted(wanted):
        if anchor in placed:
            index, where = placed[anchor]
            document.pages[index].anchors.setdefault(anchor, where)


class _Finder:
    """Walks the laid-out pages in order, counting each holder's letters and digits."""

    def __init__(self, holders: dict[str, list[tuple[int, str]]]):
        self.holders = holders
        self.counted: dict[str, int] = {}  # holder id → letters and digits seen so far
        self.next: dict[str, int] = {}     # holder id → its first mention not yet found
        self.found: dict[str, tuple[int, tuple]] = {}
        self.page_index = 0

    def visit(self, box) -> None:
        element = box.element
        for child in getattr(box, "children", ()):
            inner = child.element
            if inner is not None and inner is not element:
                name = inner.get("id")
                if name in self.holders:
                    self.count(child, name)
                    continue
            self.visit(child)

    def count(self, box, name: str) -> None:
        """The text of one box of holder ``name`` (its lines on this page, or a piece of an
        inline holder on one line), in order."""
        if "::" in (box.element_tag or "") or _skipped(box.element):
            return
        text = getattr(box, "text", None)
        if text is None:
            for child in getattr(box, "children", ()):
                self.count(child, name)
            return
        before = self.counted.get(name, 0)
        after = before + _alnum(text)
        self.counted[name] = after
        marks, at = self.holders[name], self.next.get(name, 0)
        while at < len(marks) and marks[at][0] < after:
            if marks[at][0] >= before:
                self._found(marks[at][1], box, marks[at][0] - before)
            at += 1
        self.next[name] = at

    def _found(self, anchor: str, box, skipped: int) -> None:
        """``anchor``'s mention starts after ``skipped`` letters and digits of ``box``."""
        x, y = box.position_x, box.position_y
        self.found[anchor] = (self.page_index, (x, y, x + box.width, y + box.height))


def _skipped(element) -> bool:
    if element is None:
        return False
    classes = element.get("class")
    return bool(classes) and not SKIPPED.isdisjoint(classes.split())
