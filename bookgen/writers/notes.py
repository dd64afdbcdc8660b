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
from bookgen.writers.markup import (NBSP, Links, block_html, blocks_html, inline_html,
                                    inlines_html)
from bookgen.writers.mention_holders import mention_holder


def call_id(ref: m.FootnoteRef | m.Footnote, repeat: int = 0) -> str:
    note = ref.note if isinstance(ref, m.FootnoteRef) else ref.id
    return f"{note}-ref" if not repeat else f"{note}-ref-{repeat + 1}"


@inline_html.register
def footnote_call(ref: m.FootnoteRef, links: Links) -> str:
    kind = ' epub:type="noteref"' if links.epub else ""
    call = (f'<a class="noteref" id="{escape(call_id(ref, ref.repeat))}"{kind} '
            f'role="doc-noteref" href="#{escape(ref.note)}">{ref.number}</a>')  # same document
    note = links.notes.get(ref.note)
    if note is None or ref.repeat or note.id in links.block_notes:
        return call
    # a source line break inside a floated note is kept as a break by WeasyPrint 70: a space
    body = _body_spans(note, links).replace("\n", " ")
    return f'{call}<span class="footnote" id="{escape(note.id)}">{body}</span>'


def notes_after(block: m.Block, links: Links) -> str:
    """The block notes called in a paragraph, a verse or a table, set right after it (see
    bookgen.writers.pdf_notes)."""
    if not links.block_notes:
        return ""
    from bookgen.util.tree import all_inlines

    out = []
    for inline in all_inlines((block,)):
        if isinstance(inline, m.FootnoteRef) and not inline.repeat \
                and inline.note in links.block_notes and inline.note in links.notes:
            note = links.notes[inline.note]
            out.append(f'\n<div class="block-note" id="{escape(note.id)}" role="note">'
                       f"{_body_spans(note, links)}</div>")
    return "".join(out)


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
    """The note's blocks as one level of spans (each set as a block by CSS). WeasyPrint 70
    measures a footnote with blocks nested inside blocks wrongly and pushes every later note
    on the page to the next one, so verse lines, list items and quoted paragraphs are each a
    span of their own, told apart by class."""
    marker = f'<span class="footnote-number">{note.number}</span>'
    spans = [span for block in note.blocks for span in _spans(block, links, "")]
    if spans and spans[0].startswith('<span class="fn-p"') and ' fn-' not in \
            spans[0].split(">", 1)[0]:  # a plain paragraph (perhaps with an id): the marker in it
        spans[0] = spans[0].replace(">", f">{marker}", 1)
    else:
        spans.insert(0, f'<span class="fn-p">{marker}</span>')
    return "".join(spans)


def _p(html: str, kind: str, held: str = "") -> str:
    return f'<span class="fn-p{" " + kind if kind else ""}"{held}>{html}</span>'


def _held_p(inlines: tuple[m.Inline, ...], links: Links, kind: str, before: str = "") -> str:
    """A paragraph of a note; in the PDF with the id of the register's mentions in it."""
    held, inlines = mention_holder(inlines, links)
    return _p(before + inlines_html(inlines, links), kind, held)


def _spans(block: m.Block, links: Links, kind: str) -> list[str]:
    """A block of a note as flat spans (see :func:`_body_spans`); ``kind`` marks the spans of
    a quotation."""
    if isinstance(block, (m.Paragraph, m.Heading)):
        return [_held_p(block.inlines, links, kind)]
    if isinstance(block, m.Verse):
        return [_held_p(line.inlines, links, f"fn-verse-line{' fn-stanza-start' if number == 0 and s else ''} {kind}".strip(),
                        NBSP * line.indent)
                for s, stanza in enumerate(block.stanzas) for number, line in enumerate(stanza)]
    if isinstance(block, m.BlockQuote):
        return [span for inner in block.blocks for span in _spans(inner, links, "fn-quote")]
    if isinstance(block, m.ListBlock):
        out = []
        for number, item in enumerate(block.items, block.start):
            mark = f"{number}. " if block.ordered else "–\u2002"
            inner = [span for b in item for span in _spans(b, links, kind)]
            first = inner[0] if inner else _p("", kind)
            out.append(first.replace(">", f'><span class="fn-mark">{mark}</span>', 1)
                       .replace('class="fn-p', 'class="fn-p fn-li', 1))
            out += inner[1:]
        return out
    if isinstance(block, m.Table):
        return [_p("\u2003".join(inlines_html(c.inlines, links) for c in row), "fn-row")
                for row in (block.header, *block.rows)]
    if isinstance(block, m.CodeBlock):
        return [_p(str(escape(line)), "fn-code") for line in block.text.splitlines()]
    if isinstance(block, m.Figure):
        image = inline_html(m.Image(block.image.src, block.image.alt), links)
        return [_p(f"{image} {inlines_html(block.caption, links)}", kind)]
    return []  # a thematic break: nothing to set in a note
