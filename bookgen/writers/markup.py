"""Model blocks → HTML that is also well-formed XHTML, shared by the HTML, PDF and EPUB writers.

Every piece of text passes through ``escape``; nothing from the book is ever written raw.
Links and image sources go through functions the writer gives (``Links``), so one renderer serves
one-file HTML (``#id``) and an EPUB of many files (``chapter.xhtml#id``). Footnote calls and
notes are written by :mod:`bookgen.writers.notes`, which registers them here when it is
imported (the HTML writer does).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import singledispatch

from markupsafe import Markup, escape

from bookgen import model as m
from bookgen.readers.image_attrs import classes
from bookgen.writers.mention_holders import mention_holder

LONG = 40  # characters: a word this long cannot be a word of the language
LONG_WORD = re.compile(rf"\S{{{LONG},}}")
CHUNK = 10
ZWSP = "\u200b"


@dataclass(frozen=True)
class Picture:
    """An image as one output sets it: its URL, its pixels, and the CSS of its size."""

    src: str
    width: int = 0
    height: int = 0
    img_style: str = ""  # on the <img>: "width: 84.2mm" in the PDF
    box_style: str = ""  # on the <figure>: "width: 40%" for a float in the EPUB
    box_id: str = ""  # on the <figure>: the PDF numbers its figures to move them (figure_flow)


@dataclass(frozen=True)
class Links:
    """How a writer turns link targets and images into URLs. ``picture`` (image, the figure it
    stands in or None) → how it is set, or None to leave it out; without it ``image`` gives
    the URL."""

    href: Callable[[str], str]
    image: Callable[[str], str]
    heading_offset: int = 1  # a Markdown '#' inside a chapter is one level below the chapter
    #: Footnote id → note. Given, a note's text is written at its call, in a
    #: ``<span class="footnote">`` that print floats to the foot of the page (the HTML and
    #: PDF); empty, the call is a link to an ``<aside>`` after the text (the EPUB).
    notes: Mapping[str, m.Footnote] = field(default_factory=dict)
    epub: bool = False  # write epub:type attributes (XHTML in an EPUB only)
    #: Notes set after the paragraph of their call instead of at the foot of the page (the PDF
    #: writer's fix-up for notes WeasyPrint could not place: bookgen.writers.pdf_notes)
    block_notes: frozenset[str] = frozenset()
    #: What follows a paragraph, a verse or a table: its block notes (bookgen.writers.notes)
    after_block: Callable[[m.Block, Links], str] | None = None
    #: The PDF: the register's mentions are no elements of their own (each would split the
    #: text into more boxes, +1.6 s a layout of a 300-page book); the element that holds a
    #: run of inlines with mentions gets an id instead (``mention_holders``), and
    #: bookgen.writers.register_pages finds each mention's page in its laid-out lines.
    mention_holders: bool = False
    #: what running text goes through before it is escaped (the EPUB's soft hyphens)
    text: Callable[[str], str] | None = None
    picture: Callable[[m.Image, m.Figure | None], Picture | None] | None = None


def text_html(text: str) -> str:
    """Escaped text; very long words get break opportunities, so layout stays fast.

    WeasyPrint shapes an unbreakable word again for every line it tries to fill: a 20 000-letter
    word took over ten seconds even with ``hyphens: manual`` and ``word-break: break-all``.
    A zero-width space every ``CHUNK`` characters (U+200B: no glyph, so text extracted from the
    PDF is the word as written) brings that to a fraction of a second.
    """
    if len(text) < LONG:
        return str(escape(text))
    parts, last = [], 0
    for word in LONG_WORD.finditer(text):
        parts.append(str(escape(text[last:word.start()])))
        parts.append(_long_word(word.group(0)))
        last = word.end()
    parts.append(str(escape(text[last:])))
    return "".join(parts)


def _long_word(word: str) -> str:
    chunks = (str(escape(word[i:i + CHUNK])) for i in range(0, len(word), CHUNK))
    return f'<span class="long-word">{ZWSP.join(chunks)}</span>'


def inlines_html(inlines: tuple[m.Inline, ...], links: Links) -> str:
    return "".join(inline_html(inline, links) for inline in _anchors_hold_a_word(inlines))


_HEAD_WORD = re.compile(r"\S+")
_ELEMENTS = (m.Emph, m.Strong, m.Link, m.Code, m.Image)


@dataclass(frozen=True)
class _Held:
    """Anchors written as spans around what is already there: the word the anchor touches, or
    the element beside it. An empty ``<span id>`` changes WeasyPrint's line breaks (an empty
    inline box is taken as a place where no line may break, on both sides of it); a span around
    a whole word starts and ends where a break was possible anyway, so the lines stay the same
    (``tests/test_anchor_lines.py`` lays a long book out with and without anchors)."""

    ids: tuple[str, ...]
    content: object  # the word (str), an inline element, or None


def _anchors_hold_a_word(inlines: tuple[m.Inline, ...]) -> list:
    """``inlines`` with each run of text and anchors written as text and :class:`_Held` words;
    an anchor inside a word or just after it holds that whole word, several anchors on one word
    hold it together. Anchors with no word beside them hold the element next to them."""
    out: list = []
    run: list = []
    for node in (*inlines, None):
        if isinstance(node, (m.Text, m.Anchor)):
            run.append(node)
            continue
        out.extend(_words_held(run))
        run = []
        if node is not None:
            out.append(node)
    return _hold_elements(out)


def _words_held(run: list) -> list:
    text, marks = "", []
    for node in run:
        if isinstance(node, m.Text):
            text += node.text
        else:
            marks.append((len(text), node.id))
    if not marks:
        return [m.Text(text)] if text else []
    words = list(_HEAD_WORD.finditer(text))
    if not words:
        return [_Held(tuple(i for _, i in marks), None), *([m.Text(text)] if text else [])]
    held: dict[int, list[str]] = {}
    for offset, anchor in marks:
        held.setdefault(_word_at(words, offset), []).append(anchor)
    out, last = [], 0
    for number, word in enumerate(words):
        if number in held:
            out.append(m.Text(text[last:word.start()]))
            out.append(_Held(tuple(held[number]), word.group(0)))
            last = word.end()
    out.append(m.Text(text[last:]))
    return [n for n in out if not (isinstance(n, m.Text) and not n.text)]


def _word_at(words: list, offset: int) -> int:
    """The word an anchor at ``offset`` holds: the one it is in or ends, else the next one."""
    for number, word in enumerate(words):
        if offset <= word.end():
            inside = offset >= word.start()
            after_previous = number > 0 and offset == words[number - 1].end()
            return number - 1 if not inside and after_previous else number
    return len(words) - 1


def _hold_elements(out: list) -> list:
    """An anchor alone (no word in its run of text) holds the element after it, or before it."""
    result: list = []
    for index, node in enumerate(out):
        if isinstance(node, _Held) and node.content is None:
            following = out[index + 1] if index + 1 < len(out) else None
            if isinstance(following, _ELEMENTS):
                out[index + 1] = _Held(node.ids, following)
                continue
            if result and isinstance(result[-1], _ELEMENTS):
                result[-1] = _Held(node.ids, result[-1])
                continue
        result.append(node)
    return result


@singledispatch
def inline_html(inline, links: Links) -> str:
    raise TypeError(f"no HTML for {type(inline).__name__}")


@inline_html.register
def _(inline: m.Text, links: Links) -> str:
    return text_html(links.text(inline.text) if links.text else inline.text)


@inline_html.register
def _(inline: m.SoftBreak, links: Links) -> str:
    return "\n"


@inline_html.register
def _(inline: m.LineBreak, links: Links) -> str:
    return "<br/>\n"


@inline_html.register
def _(inline: m.Emph, links: Links) -> str:
    return f"<em>{inlines_html(inline.children, links)}</em>"


@inline_html.register
def _(inline: m.Strong, links: Links) -> str:
    return f"<strong>{inlines_html(inline.children, links)}</strong>"


@inline_html.register
def _(inline: m.Code, links: Links) -> str:
    return f"<code>{text_html(inline.text)}</code>"


@inline_html.register
def _(inline: m.Anchor, links: Links) -> str:
    return f'<span id="{escape(inline.id)}" class="anchor"></span>'


@inline_html.register
def _(inline: _Held, links: Links) -> str:
    if isinstance(inline.content, str):
        html = text_html(links.text(inline.content) if links.text else inline.content)
    elif inline.content is None:
        html = ""
    else:
        html = inline_html(inline.content, links)
    for anchor in reversed(inline.ids):
        html = f'<span id="{escape(anchor)}" class="anchor">{html}</span>'
    return html


@inline_html.register
def _(inline: m.Link, links: Links) -> str:
    title = f' title="{escape(inline.title)}"' if inline.title else ""
    return (f'<a href="{escape(links.href(inline.target))}"{title}>'
            f"{inlines_html(inline.children, links)}</a>")


@inline_html.register
def _(inline: m.Image, links: Links) -> str:
    return _img(inline, _picture(inline, links, None), inline=True)


def _picture(image: m.Image, links: Links, figure: m.Figure | None) -> Picture | None:
    if links.picture is not None:
        return links.picture(image, figure)
    return Picture(links.image(image.src))


def _img(image: m.Image, picture: Picture | None, inline: bool) -> str:
    if picture is None or not picture.src:
        return f'<span class="image-missing">{text_html(image.alt)}</span>'
    title = f' title="{escape(image.title)}"' if inline and image.title else ""
    size = f' width="{picture.width}" height="{picture.height}"' if picture.width else ""
    style = f' style="{escape(picture.img_style)}"' if picture.img_style else ""
    classes = " ".join(image_classes(image)) if inline else ""
    cls = f' class="{escape(classes)}"' if classes else ""
    return (f'<img src="{escape(picture.src)}" alt="{escape(image.alt)}"{title}{size}'
            f"{cls}{style}/>")


def image_classes(image: m.Image) -> list[str]:
    return list(classes(image))


def blocks_html(blocks: tuple[m.Block, ...], links: Links) -> str:
    return "\n".join(block_html(block, links) for block in blocks)


@singledispatch
def block_html(block, links: Links) -> str:
    raise TypeError(f"no HTML for {type(block).__name__}")


@block_html.register
def _(block: m.Paragraph, links: Links) -> str:
    held, inlines = mention_holder(block.inlines, links)
    return f"<p{held}>{inlines_html(inlines, links)}</p>{_after(block, links)}"


def _after(block: m.Block, links: Links) -> str:
    return links.after_block(block, links) if links.after_block else ""


@block_html.register
def _(block: m.Heading, links: Links) -> str:
    level = min(6, block.level + links.heading_offset)
    return (f'<h{level} id="{escape(block.id)}">{inlines_html(block.inlines, links)}</h{level}>'
            f"{_after(block, links)}")


@block_html.register
def _(block: m.BlockQuote, links: Links) -> str:
    return f"<blockquote>\n{blocks_html(block.blocks, links)}\n</blockquote>"


@block_html.register
def _(block: m.ListBlock, links: Links) -> str:
    tag = "ol" if block.ordered else "ul"
    start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
    items = "\n".join(_item_html(item, links) for item in block.items)
    return f"<{tag}{start}>\n{items}\n</{tag}>"


def _item_html(blocks: tuple[m.Block, ...], links: Links) -> str:
    """A tight list item (one paragraph) is written without <p>, as Markdown renderers do."""
    if len(blocks) == 1 and isinstance(blocks[0], m.Paragraph):
        held, inlines = mention_holder(blocks[0].inlines, links)
        return f"<li{held}>{inlines_html(inlines, links)}</li>"
    return f"<li>{blocks_html(blocks, links)}</li>"


@block_html.register
def _(block: m.CodeBlock, links: Links) -> str:
    return f"<pre><code>{escape(block.text)}</code></pre>"


@block_html.register
def _(block: m.ThematicBreak, links: Links) -> str:
    return '<hr class="section-break"/>'


@block_html.register
def _(block: m.Figure, links: Links) -> str:
    """A figure keeps its caption and credit with it; its classes place it."""
    parts = []
    if block.caption:
        held, caption = mention_holder(block.caption, links)
        parts.append(f'<span class="caption"{held}>{inlines_html(caption, links)}</span>')
    credit = block.image.attr("credit").strip()
    if credit:
        parts.append(f'<span class="credit">{text_html(credit)}</span>')
    caption = f"\n<figcaption>{''.join(parts)}</figcaption>" if parts else ""
    picture = _picture(block.image, links, block)
    box = f' style="{escape(picture.box_style)}"' if picture and picture.box_style else ""
    box += f' id="{escape(picture.box_id)}"' if picture and picture.box_id else ""
    classes = " ".join(["figure", *image_classes(block.image)])
    img = _img(block.image, picture, inline=False)
    return (f'<figure class="{escape(classes)}"{box}>\n{img}{caption}\n</figure>'
            f"{_after(block, links)}")


@block_html.register
def _(block: m.Verse, links: Links) -> str:
    stanzas = "\n".join(f'<p class="stanza">{_lines_html(stanza, links)}</p>'
                         for stanza in block.stanzas)
    return f'<div class="verse">\n{stanzas}\n</div>{_after(block, links)}'


def _lines_html(lines: tuple[m.VerseLine, ...], links: Links) -> str:
    """Each line a span (set as a block by CSS, with a hanging indent for a line too long for
    the page); the <br/> keeps the lines apart where CSS is not read."""
    return "<br/>\n".join(_verse_line(line, links) for line in lines)


def _verse_line(line: m.VerseLine, links: Links) -> str:
    held, inlines = mention_holder(line.inlines, links)
    return f'<span class="verse-line"{held}>{NBSP * line.indent}{inlines_html(inlines, links)}</span>'



NBSP = "\u00a0"


@block_html.register
def _(block: m.Table, links: Links) -> str:
    def cells(row: tuple[m.TableCell, ...], tag: str) -> str:
        scope = ' scope="col"' if tag == "th" else ""
        return "".join(_cell(tag, scope + _align(block, n), c, links) for n, c in enumerate(row))

    head = f"<thead>\n<tr>{cells(block.header, 'th')}</tr>\n</thead>"
    body = "\n".join(f"<tr>{cells(row, 'td')}</tr>" for row in block.rows)
    return f"<table>\n{head}\n<tbody>\n{body}\n</tbody>\n</table>{_after(block, links)}"


def _cell(tag: str, attributes: str, cell: m.TableCell, links: Links) -> str:
    held, inlines = mention_holder(cell.inlines, links)
    return f"<{tag}{attributes}{held}>{inlines_html(inlines, links)}</{tag}>"


def _align(table: m.Table, column: int) -> str:
    align = table.align[column] if column < len(table.align) else ""
    return f' class="align-{align}"' if align else ""


def markup(html: str) -> Markup:
    """Mark writer-made HTML as safe for templates (it was escaped piece by piece above)."""
    return Markup(html)
