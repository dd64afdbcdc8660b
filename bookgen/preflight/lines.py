"""The lines WeasyPrint set, read from its layout: what the texture checks and the tests measure.

A laid-out document (``weasyprint.Document``) keeps its box tree: each page has line boxes, and a
justified line's text boxes carry the extra width WeasyPrint gave each space
(``justification_spacing``). From those this module gives every line of running text with its
page, its paragraph, its words, its word space as a multiple of the font's own space, and whether
it ends in a hyphen, so texture (loose lines, ladders of hyphens, widows, orphans, a word
stranded alone on a line) is measured on the layout itself rather than guessed from the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

SOFT_HYPHEN = "\u00ad"
HYPHENS = ("-", "\u2010", SOFT_HYPHEN)


@dataclass(frozen=True)
class Line:
    page: int  # 0-based page index
    paragraph: int  # running number of the paragraph (block) the line belongs to
    index: int  # the line's number inside its paragraph, from 0
    last: bool  # the paragraph's last line (it is not justified)
    text: str
    width: float  # the line box's width (px)
    available: float  # the width of the column it is set in (px)
    space: float  # the font's natural space (px), without word-spacing
    spacing: float  # the space actually set between words (px), 0 if the line has no space
    justified: bool

    @property
    def words(self) -> list[str]:
        return self.text.split()

    @property
    def hyphenated(self) -> bool:
        return self.text.rstrip().endswith(HYPHENS) and not self.last

    @property
    def ratio(self) -> float:
        """The word space as a multiple of the font's space (0 for a line without spaces)."""
        return self.spacing / self.space if self.space and self.spacing else 0.0


def document_lines(document, selector=None) -> list[Line]:
    """Every line of the running text in ``document``: paragraphs (``p``) by default, or the
    blocks whose element ``selector(element)`` accepts. A paragraph split over two pages has a
    box on each; its lines are numbered on across them."""
    accept = selector or (lambda element: element is not None and element.tag == "p")
    raw: list[tuple] = []
    numbers: dict[int, int] = {}
    for page_index, page in enumerate(document.pages):
        for block in blocks_with_lines(page._page_box):
            if accept(block.element):
                paragraph = numbers.setdefault(id(block.element), len(numbers))
                raw.extend((page_index, paragraph, block.width, line)
                           for line in block.children if type(line).__name__ == "LineBox")
    final = {paragraph: i for i, (_, paragraph, _, _) in enumerate(raw)}
    out, counts = [], {}
    for i, (page_index, paragraph, available, line) in enumerate(raw):
        index = counts.get(paragraph, 0)
        counts[paragraph] = index + 1
        out.append(_line(line, page_index, paragraph, index, final[paragraph] == i, available))
    return out


def blocks_with_lines(box):
    """The boxes of a laid-out page that hold line boxes (paragraphs and their pieces)."""
    children = getattr(box, "children", ())
    if any(type(c).__name__ == "LineBox" for c in children):
        yield box
        return
    for child in children:
        yield from blocks_with_lines(child)


def _line(line, page: int, paragraph: int, index: int, last: bool, available: float) -> Line:
    texts = list(text_boxes(line))
    text = "".join(t.text for t in texts)
    spaced = [t for t in texts if " " in t.text or "\u00a0" in t.text]
    style = (spaced or texts or [line])[0].style
    space = font_space(style)
    spacing = 0.0
    if spaced:
        extra = max(t.justification_spacing for t in spaced)
        spacing = space + word_spacing_of(style) + extra + 2 * letter_spacing_of(style)
    justified = line.style["text_align_all"] == "justify" and not last
    return Line(page, paragraph, index, last, text, line.width, available, space, spacing,
                justified)


def text_boxes(box):
    for child in getattr(box, "children", ()):
        if type(child).__name__ == "TextBox":
            yield child
        else:
            yield from text_boxes(child)


def font_space(style) -> float:
    """The width of a space in ``style``'s font and size, as Pango shapes it (px), without
    ``word-spacing`` or ``letter-spacing``."""
    letter_spacing = style["letter_spacing"]
    key = (id(style.font_config), tuple(style["font_family"]), style["font_size"],
           style["font_weight"], style["font_style"], repr(style["font_stretch"]),
           repr(style["word_spacing"]), repr(letter_spacing))
    if key not in _SPACES:
        from weasyprint.text.line_break import Layout

        # a fresh layout for each text: WeasyPrint leaves a text's spacing attributes on a
        # layout, and they would land on the next text's characters
        spaced = _width(Layout(style.copy() if hasattr(style, "copy") else style), "n n")
        plain = _width(Layout(style.copy() if hasattr(style, "copy") else style), "nn")
        letter = letter_spacing if isinstance(letter_spacing, (int, float)) else 0.0
        _SPACES[key] = spaced - plain - word_spacing_of(style) - letter
    return _SPACES[key]


_SPACES: dict = {}


def _width(layout, text: str) -> float:
    from weasyprint.text.line_break import line_size

    layout.set_text(text)
    line, _ = layout.get_first_line()
    width, _ = line_size(line, layout.style)
    return width


def word_spacing_of(style) -> float:
    value = style["word_spacing"]
    return value if isinstance(value, (int, float)) else 0.0


def letter_spacing_of(style) -> float:
    """``letter-spacing`` in px. Pango puts half of it before each character and half after,
    so the gap between two words' letters gets it twice: the space's own and the halves of
    the letters on either side (what a reader of the PDF, bench/texture.py, measures too)."""
    value = style["letter_spacing"]
    return value if isinstance(value, (int, float)) else 0.0


@dataclass(frozen=True)
class Texture:
    """Figures for a set of lines (see :func:`texture`)."""

    justified: int
    loose: int  # justified lines whose word space is over 1.5 × the font's space
    worst: float  # the widest word space, as a multiple of the font's space
    median_ratio: float
    ladders: int  # runs of 3 or more consecutive lines ending in a hyphen
    widows: int  # a paragraph's last line alone at the top of a page
    orphans: int  # a paragraph's first line alone at the bottom of a page
    stranded: int  # a single short word alone on a justified line inside a paragraph
    overfull: int  # lines wider than their column

    @property
    def loose_share(self) -> float:
        return self.loose / self.justified if self.justified else 0.0


LOOSE = 1.5


def texture(lines: list[Line]) -> Texture:
    justified = [line for line in lines if line.justified and line.spacing]
    ratios = [line.ratio for line in justified]
    return Texture(
        justified=len(justified),
        loose=sum(r > LOOSE for r in ratios),
        worst=max(ratios, default=0.0),
        median_ratio=median(ratios) if ratios else 0.0,
        ladders=len(ladders(lines)),
        widows=len(widows(lines)),
        orphans=len(orphans(lines)),
        stranded=len(stranded(lines)),
        overfull=sum(line.width > line.available + 0.5 for line in lines),
    )


def ladders(lines: list[Line], length: int = 3) -> list[list[Line]]:
    """Runs of ``length`` or more consecutive lines of one paragraph ending in a hyphen."""
    runs, run = [], []
    for line in lines:
        if line.hyphenated and run and run[-1].paragraph == line.paragraph:
            run.append(line)
        elif line.hyphenated:
            run = [line]
            runs.append(run)
        else:
            run = []
    return [r for r in runs if len(r) >= length]


def _by_paragraph(lines: list[Line]) -> dict[int, list[Line]]:
    out: dict[int, list[Line]] = {}
    for line in lines:
        out.setdefault(line.paragraph, []).append(line)
    return out


def widows(lines: list[Line]) -> list[Line]:
    out = []
    for group in _by_paragraph(lines).values():
        if len(group) > 1 and group[-1].page != group[-2].page and \
                sum(line.page == group[-1].page for line in group) == 1:
            out.append(group[-1])
    return out


def orphans(lines: list[Line]) -> list[Line]:
    out = []
    for group in _by_paragraph(lines).values():
        if len(group) > 1 and group[0].page != group[1].page:
            out.append(group[0])
    return out


def stranded(lines: list[Line]) -> list[Line]:
    """A line inside a paragraph (not its last) that is far too short for its column: what a
    line-breaking fault leaves behind ("fars" alone on a line, the paragraph going on below)."""
    return [line for line in lines
            if not line.last and line.available and line.width < 0.5 * line.available]
