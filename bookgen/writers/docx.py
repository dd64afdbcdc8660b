"""The book as a Word document (.docx), for the fact-checker's and the proofreader's comments
and tracked changes: python-docx on Word's own default template, so every heading, quotation,
list and caption is in one of Word's built-in styles (the navigation pane shows the chapters).

The title page, then each section under Heading 1 (a book with parts: each part Heading 1, its
chapters Heading 2), headings below them, emphasis, quotations (Quote), lists (List Bullet /
List Number, nested), verse with its line breaks, tables (Table Grid, header row bold),
footnotes as Word footnotes, figures with their captions (Caption). Blocks are dispatched by
their type's name, so a model node this writer does not know yet becomes its plain text and a
warning, never nothing.
"""

from __future__ import annotations

import datetime
import io

from bookgen import model as m
from bookgen.errors import Problem
from bookgen.writers.context import BuildContext
from bookgen.writers.docx_images import add_picture, picture_bytes
from bookgen.writers.docx_parts import (Footnotes, add_hyperlink, add_styles,
                                        char_style, mark_header_row, restart_numbering,
                                        set_language, set_numbering)

_MAX_WIDTH_CM = 12.0
#: the language Word's spelling and grammar checker is to use for the whole text
_LOCALES = {"sv": "sv-SE", "en": "en-GB"}


def write_docx(ctx: BuildContext) -> bytes:
    import docx

    book = ctx.book
    document = docx.Document()
    add_styles(document)
    writer = _Writer(document, book, ctx.problems)
    writer.title_page()
    shift = 1 if getattr(book, "parts", ()) else 0
    done_parts: set[str] = set()
    for index, section in enumerate(book.sections):
        part = book.part_of(section.id) if hasattr(book, "part_of") else None
        if part is not None and part.id not in done_parts:
            done_parts.add(part.id)
            writer.heading(part.title, 1, page_break=True)
            writer.blocks(getattr(part, "blocks", ()), section=None)
        level = 2 if part is not None else 1
        writer.heading(section.title, level, page_break=part is None or index > 0
                       and book.part_of(book.sections[index - 1].id) is not part)
        writer.section = section
        writer.blocks(section.blocks, section, shift=shift if part is not None else 0)
    _core_properties(document, book, ctx.timestamp)
    set_language(document, _LOCALES.get(book.metadata.language, book.metadata.language))
    _paper(document, book.metadata.pdf.paper)
    out = io.BytesIO()
    document.save(out)
    return _reproducible(out.getvalue())


def _reproducible(data: bytes) -> bytes:
    """The same book makes the same file: every zip entry dated 1980-01-01, in one order."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _paper(document, paper: str) -> None:
    """A4 (Word's default template is US Letter), unless the book is printed on inch paper."""
    from docx.shared import Mm

    if paper.lower() in ("letter", "6x9in", "5x8in"):
        return
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)


def _core_properties(document, book: m.Book, when) -> None:
    properties = document.core_properties
    meta = book.metadata
    properties.title = meta.title
    properties.author = ", ".join(meta.authors)
    properties.language = meta.language
    properties.subject = meta.subtitle
    properties.comments = "Made by bookgen from the book's Markdown: change the Markdown, not "\
        "this file, and send it back with comments and tracked changes."
    properties.last_modified_by = "bookgen"
    properties.revision = 1
    # the build's timestamp (SOURCE_DATE_EPOCH, else the book's day): the same book, the same
    # file; python-docx writes naive datetimes as UTC
    stamp = when.replace(tzinfo=None) if when.tzinfo is None else \
        when.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    properties.created = properties.modified = properties.last_printed = stamp


class _Writer:
    def __init__(self, document, book: m.Book, problems: list[Problem]):
        self.document, self.book, self.problems = document, book, problems
        self.footnotes = Footnotes(document)
        self.section: m.Section | None = None
        self.notes: dict[str, object] = {}

    def warn(self, message: str, source=None) -> None:
        self.problems.append(Problem(f"docx: {message}", source, "warning"))

    def title_page(self) -> None:
        meta = self.book.metadata
        self.document.add_paragraph(meta.title, style="Title")
        if meta.subtitle:
            self.document.add_paragraph(meta.subtitle, style="Subtitle")
        if meta.authors:
            self.document.add_paragraph(", ".join(meta.authors))

    def heading(self, text: str, level: int, page_break: bool = False) -> None:
        paragraph = self.document.add_heading(text, min(level, 9))
        paragraph.paragraph_format.page_break_before = page_break

    def blocks(self, blocks, section, shift: int = 0, quote: bool = False, depth: int = 0):
        if section is not None:
            self.notes = {b.id: b for b in blocks if type(b).__name__ == "Footnote"}
        for block in blocks:
            self.block(block, shift, quote, depth)

    def block(self, block, shift: int, quote: bool, depth: int) -> None:
        kind = type(block).__name__
        handler = getattr(self, f"_{kind.lower()}", None)
        if handler is None:
            from bookgen.util.tree import plain_text

            self.warn(f"a {kind} is written as plain text", getattr(block, "source", None))
            self._paragraph_of(plain_text(getattr(block, "inlines", ())), quote)
            return
        handler(block, shift, quote, depth)

    def _paragraph_of(self, text: str, quote: bool):
        return self.document.add_paragraph(text, style="Quote" if quote else None)

    def _paragraph(self, block, shift, quote, depth):
        paragraph = self.document.add_paragraph(style="Quote" if quote else None)
        self.inlines(paragraph, block.inlines)
        return paragraph

    def _heading(self, block, shift, quote, depth):
        paragraph = self.document.add_heading("", min(9, block.level + shift))
        self.inlines(paragraph, block.inlines)

    def _blockquote(self, block, shift, quote, depth):
        for child in block.blocks:
            self.block(child, shift, True, depth)

    def _listblock(self, block, shift, quote, depth):
        style = ("List Number" if block.ordered else "List Bullet") + \
            (f" {min(depth + 1, 3)}" if depth else "")
        numbering = 0
        for item in block.items:
            for position, child in enumerate(item):
                if position == 0 and type(child).__name__ == "Paragraph":
                    paragraph = self.document.add_paragraph(style=style)
                    self.inlines(paragraph, child.inlines)
                    if block.ordered and depth == 0:
                        if not numbering:
                            numbering = restart_numbering(self.document, paragraph, block.start)
                        elif numbering:
                            set_numbering(paragraph, numbering, 0)
                elif type(child).__name__ == "ListBlock":
                    self._listblock(child, shift, quote, depth + 1)
                else:
                    self.block(child, shift, quote, depth)

    def _codeblock(self, block, shift, quote, depth):
        paragraph = self.document.add_paragraph(style="No Spacing")
        for number, line in enumerate(block.text.rstrip("\n").split("\n")):
            if number:
                paragraph.runs[-1].add_break()
            run = paragraph.add_run(line)
            run.font.name = "Courier New"

    def _thematicbreak(self, block, shift, quote, depth):
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        self.document.add_paragraph("* * *").alignment = WD_ALIGN_PARAGRAPH.CENTER

    def _figure(self, block, shift, quote, depth):
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.picture(paragraph, block.image, block.source)
        if block.caption:
            caption = self.document.add_paragraph(style="Caption")
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.inlines(caption, block.caption)

    def _verse(self, block, shift, quote, depth):
        for stanza in block.stanzas:
            paragraph = self.document.add_paragraph(style="Verse")
            for number, line in enumerate(stanza):
                if number:
                    paragraph.add_run().add_break()
                if line.indent:
                    paragraph.add_run("\u00a0" * line.indent)
                self.inlines(paragraph, line.inlines)

    def _table(self, block, shift, quote, depth):
        rows = [block.header, *block.rows]
        table = self.document.add_table(rows=len(rows), cols=len(block.header))
        table.style = "Table Grid"
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        aligns = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
        mark_header_row(table.rows[0])
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                paragraph = table.cell(r, c).paragraphs[0]
                self.inlines(paragraph, cell.inlines)
                align = block.align[c] if c < len(block.align) else ""
                if align in aligns:
                    paragraph.alignment = aligns[align]

    def _footnote(self, block, shift, quote, depth):
        """A note is written where it is called (see ``inlines``), not at the section's end."""

    def inlines(self, paragraph, inlines, italic=False, bold=False, target=None) -> None:
        for inline in inlines:
            self.inline(paragraph, inline, italic, bold, target)

    def inline(self, paragraph, inline, italic, bold, target) -> None:
        kind = type(inline).__name__
        if kind == "Text" or kind == "Code":
            run = paragraph.add_run(inline.text)
            run.italic, run.bold = italic or None, bold or None
            if kind == "Code":
                run.font.name = "Courier New"
            if target is not None:
                target.append(run._r)
        elif kind == "SoftBreak":
            self.inline(paragraph, m.Text(" "), italic, bold, target)
        elif kind == "LineBreak":
            (paragraph.runs[-1] if paragraph.runs else paragraph.add_run()).add_break()
        elif kind == "Emph":
            self.inlines(paragraph, inline.children, True, bold, target)
        elif kind == "Strong":
            self.inlines(paragraph, inline.children, italic, True, target)
        elif kind == "Link":
            link = add_hyperlink(paragraph, inline.target) if \
                inline.target.startswith(("http", "mailto")) else None
            self.inlines(paragraph, inline.children, italic, bold, link)
            if link is not None:
                for r in link.findall("{*}r"):
                    char_style(r, "Hyperlink")
        elif kind == "Image":
            self.picture(paragraph, inline, self.section.source if self.section else None)
        elif kind == "FootnoteRef":
            self.footnote(paragraph, inline)

    def footnote(self, paragraph, ref) -> None:
        note = self.notes.get(ref.note)
        if note is None or ref.repeat:
            paragraph.add_run(str(ref.number)).font.superscript = True
            return
        first = self.footnotes.add(paragraph)
        for position, block in enumerate(note.blocks):
            target = first if position == 0 else self.footnotes.more()
            from bookgen.util.tree import plain_text

            if type(block).__name__ == "Paragraph":
                self.inlines(target, block.inlines)
            else:
                target.add_run(plain_text(getattr(block, "inlines", ())))

    def picture(self, paragraph, image: m.Image, source) -> None:
        data, why = picture_bytes(self.book.root, self.section, image.src)
        if data is None:
            self.warn(f"image '{image.src}' {why}: its alt text stands in its place", source)
            paragraph.add_run(f"[{image.alt or image.src}]")
            return
        add_picture(paragraph, data, image.alt, _MAX_WIDTH_CM)
