"""Footnotes in markup: a call in the text and the note's text, set two ways.

* For print (the one-file HTML that WeasyPrint lays out) the note's text follows its call in a
  ``<span class="footnote">`` that the stylesheet floats to the foot of the page
  (``float: footnote``, CSS GCPM). The text is inside the paragraph, so every block of the note
  is written as a span (a ``<p>`` would end the paragraph: see WeasyPrint#1833); the call and
  the text are one unit, which keeps the note on the page of its call. On screen the same span
  is a side note.
* For the EPUB the call is an ``epub:type="noteref"`` link to an ``<aside epub:type="footnote">``
  after the chapter's text, in the same document (Apple Books, Kobo and Kindle show it as a
  pop-up), with a link back to the call.
"""

from __future__ import annotations

from markupsafe import escape

from bookgen import model as m
from bookgen.writers.markup import Links, block_html, blocks_html, inline_html, inlines_html


def call_id(ref: m.FootnoteRef | m.Footnote, repeat: int = 0) -> str:
    note = ref.note if isinstance(ref, m.FootnoteRef) else ref.id
    return f"{note}-ref" if not repeat else f"{note}-ref-{repeat + 1}"


@inline_html.register
def footnote_call(ref: m.FootnoteRef, links: Links) -> str:
    kind = ' epub:type="noteref"' if links.epub else ""
    call = (f'<a class="noteref" id="{escape(call_id(ref, ref.repeat))}"{kind} '
            f'role="doc-noteref" href="{escape(links.href("#" + ref.note))}">{ref.number}</a>')
    note = links.notes.get(ref.note)
    if note is None or ref.repeat:
        return call
    return f'{call}<span class="footnote" id="{escape(note.id)}">{_body_spans(note, links)}</span>'


@block_html.register
def footnote_aside(note: m.Footnote, links: Links) -> str:
    """The note after the text (EPUB); nothing where the note was written at its call."""
    if links.notes:
        return ""
    kind = ' epub:type="footnote"' if links.epub else ""
    back = (f'<a class="note-number" href="#{escape(call_id(note))}" role="doc-backlink">'
            f"{note.number}</a> ")
    blocks = note.blocks
    if blocks and isinstance(blocks[0], m.Paragraph):
        first = f"<p>{back}{inlines_html(blocks[0].inlines, links)}</p>"
        rest = blocks_html(blocks[1:], links)
    else:
        first, rest = f"<p>{back}</p>", blocks_html(blocks, links)
    return (f'<aside class="footnote" id="{escape(note.id)}"{kind} role="doc-footnote">\n'
            f"{first}\n{rest}\n</aside>")


def _body_spans(note: m.Footnote, links: Links) -> str:
    marker = f'<span class="footnote-number">{note.number}</span>'
    spans = [_span(block, links) for block in note.blocks]
    if spans and spans[0].startswith('<span class="fn-p">'):
        spans[0] = spans[0].replace('<span class="fn-p">', f'<span class="fn-p">{marker}', 1)
    else:
        spans.insert(0, marker)
    return "".join(spans)


def _span(block: m.Block, links: Links) -> str:
    """A block of a note as a span that the stylesheet sets as a block (see the module doc)."""
    if isinstance(block, (m.Paragraph, m.Heading)):
        return f'<span class="fn-p">{inlines_html(block.inlines, links)}</span>'
    if isinstance(block, m.Verse):
        lines = "".join(f'<span class="verse-line">{inlines_html(line.inlines, links)}</span>'
                        for stanza in block.stanzas for line in stanza)
        return f'<span class="fn-verse">{lines}</span>'
    if isinstance(block, m.BlockQuote):
        return f'<span class="fn-quote">{"".join(_span(b, links) for b in block.blocks)}</span>'
    if isinstance(block, m.ListBlock):
        items = "".join(f'<span class="fn-li">{"".join(_span(b, links) for b in item)}</span>'
                        for item in block.items)
        return f'<span class="fn-list">{items}</span>'
    if isinstance(block, m.Table):
        rows = [block.header, *block.rows]
        cells = "".join('<span class="fn-tr">' + "".join(
            f'<span class="fn-td">{inlines_html(c.inlines, links)}</span>' for c in row)
            + "</span>" for row in rows)
        return f'<span class="fn-table">{cells}</span>'
    if isinstance(block, m.CodeBlock):
        return f'<span class="fn-p fn-code">{escape(block.text)}</span>'
    if isinstance(block, m.Figure):
        image = inline_html(m.Image(block.image.src, block.image.alt), links)
        return f'<span class="fn-p">{image} {inlines_html(block.caption, links)}</span>'
    return ""  # a thematic break: nothing to set in a note
