"""The document model: one immutable tree that readers produce, transforms map and writers consume.

Every node that comes from a file keeps a :class:`SourceRef`, so any message about it can name
``path:line``.  Everything else in bookgen is a function over these types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Union


@dataclass(frozen=True)
class SourceRef:
    """Where a node came from: a path relative to the book folder (POSIX) and a 1-based line."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


# ---------------------------------------------------------------- inlines


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class SoftBreak:
    """A line break in the source that is a space on the page."""


@dataclass(frozen=True)
class LineBreak:
    """A hard line break (two trailing spaces or a backslash in Markdown)."""


@dataclass(frozen=True)
class Emph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Link:
    target: str
    children: tuple[Inline, ...]
    title: str = ""


@dataclass(frozen=True)
class Image:
    """An image; ``attrs`` are the Pandoc-style attributes written after it, as written
    (``{width=50% .float-right credit="Foto: Sven Berg"}`` → ``(("width", "50%"), ("class",
    "float-right"), ("credit", "Foto: Sven Berg"))``); bookgen.readers.image_attrs reads them."""

    src: str
    alt: str
    title: str = ""
    attrs: tuple[tuple[str, str], ...] = ()

    def attr(self, name: str, default: str = "") -> str:
        return next((value for key, value in self.attrs if key == name), default)


@dataclass(frozen=True)
class Anchor:
    """An invisible target in the text (a timeline event points here)."""

    id: str


@dataclass(frozen=True)
class FootnoteRef:
    """A footnote's call in the text (``[^label]``): it points to the :class:`Footnote` ``note``.

    ``number`` counts the section's notes in order of first call (numbered per chapter); a
    second call of the same note has the same number and ``repeat`` > 0.
    """

    note: str  # the Footnote's id, unique in the book
    number: int
    label: str
    repeat: int = 0


Inline = Union[Text, SoftBreak, LineBreak, Emph, Strong, Code, Link, Image, Anchor, FootnoteRef]


# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    source: SourceRef


@dataclass(frozen=True)
class Heading:
    level: int
    inlines: tuple[Inline, ...]
    id: str
    source: SourceRef


@dataclass(frozen=True)
class BlockQuote:
    blocks: tuple[Block, ...]
    source: SourceRef


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    source: SourceRef
    start: int = 1


@dataclass(frozen=True)
class CodeBlock:
    text: str
    source: SourceRef
    language: str = ""


@dataclass(frozen=True)
class ThematicBreak:
    source: SourceRef


@dataclass(frozen=True)
class Figure:
    """An image standing alone in its paragraph; its title (if any) is the caption."""

    image: Image
    caption: tuple[Inline, ...]
    source: SourceRef


@dataclass(frozen=True)
class VerseLine:
    """One line of verse (``| text``); ``indent`` is the spaces written after ``| ``.

    A line with no inlines is the blank line between two stanzas. It has ``inlines`` and
    ``source`` like a :class:`Paragraph`, so passes over a block's text treat both alike.
    """

    inlines: tuple[Inline, ...]
    source: SourceRef
    indent: int = 0


@dataclass(frozen=True)
class Verse:
    """A poem, a song, an address: Pandoc's line block, every line kept as a line."""

    lines: tuple[VerseLine, ...]
    source: SourceRef

    @property
    def stanzas(self) -> tuple[tuple[VerseLine, ...], ...]:
        """The lines grouped into stanzas at blank lines (empty stanzas left out)."""
        groups: list[list[VerseLine]] = [[]]
        for line in self.lines:
            if line.inlines:
                groups[-1].append(line)
            elif groups[-1]:
                groups.append([])
        return tuple(tuple(g) for g in groups if g)


@dataclass(frozen=True)
class TableCell:
    """One cell of a :class:`Table`; ``source`` is its row's line."""

    inlines: tuple[Inline, ...]
    source: SourceRef


@dataclass(frozen=True)
class Table:
    """A pipe table: a header row, body rows, and each column's alignment.

    ``align`` holds ``""`` (the default: start), ``"left"``, ``"center"`` or ``"right"`` per
    column; every row has as many cells as the header.
    """

    header: tuple[TableCell, ...]
    rows: tuple[tuple[TableCell, ...], ...]
    align: tuple[str, ...]
    source: SourceRef


@dataclass(frozen=True)
class Footnote:
    """A footnote's text (``[^label]: …``, one or more paragraphs).

    The notes of a section sit at the end of its ``blocks``, in the order of their numbers, so
    every pass over the blocks (typography, the timeline, the name register) reads them too.
    Writers set each note where its :class:`FootnoteRef` is (the foot of the PDF's page, a
    pop-up note in the EPUB).
    """

    id: str
    number: int
    label: str
    blocks: tuple[Block, ...]
    source: SourceRef


Block = Union[Paragraph, Heading, BlockQuote, ListBlock, CodeBlock, ThematicBreak, Figure,
              Verse, Table, Footnote]


# ---------------------------------------------------------------- book


@dataclass(frozen=True)
class TimelineEntry:
    """An author's instruction from front matter: add an event, or drop/redate a found one."""

    source: SourceRef
    date: str = ""
    text: str = ""
    match: str = ""
    drop: bool = False


#: The kinds of section (front matter ``kind:``), named as in the EPUB structural semantics
#: vocabulary, each with the part of the book it belongs to. Reading order in the book:
#: ``front-before-contents`` (dedication, epigraph: pages of their own before the contents),
#: ``front`` (after the contents, roman folios), ``body`` and ``back``.
KINDS: dict[str, str] = {
    "dedication": "front-before-contents",
    "epigraph": "front-before-contents",
    "foreword": "front",
    "preface": "front",
    "introduction": "front",
    "prologue": "body",
    "chapter": "body",
    "epilogue": "body",
    "afterword": "back",
    "acknowledgments": "back",
    "appendix": "back",
}
MATTERS = ("front-before-contents", "front", "body", "back")


@dataclass(frozen=True)
class IndexSettings:
    """The author's say over the register (book.toml ``[index]``, or a chapter's ``index:``).

    ``aliases`` and ``kinds`` are (form, full name) and (name, kind) pairs, in the order written.
    """

    enabled: bool = True
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()
    kinds: tuple[tuple[str, str], ...] = ()
    source: SourceRef | None = None


@dataclass(frozen=True)
class Section:
    """One content file: a chapter of the book, or another kind of section (see KINDS)."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    source: SourceRef
    timeline: tuple[TimelineEntry, ...] = ()
    kind: str = "chapter"
    #: the chapter's own date from front matter (``2011-03-03``, ``2008-05``, ``2012``), e.g. a
    #: blog post's: relative dates in it ("I år", "i förrgår") count from it, not the book's date
    date: str = ""
    index: IndexSettings | None = None

    @property
    def matter(self) -> str:
        return KINDS.get(self.kind, "body")

    @property
    def numbered(self) -> bool:
        """Only chapters are numbered (through the book, across parts)."""
        return self.kind == "chapter"


@dataclass(frozen=True)
class Part:
    """A part of the book: a subfolder of content/ and the sections read from it.

    ``sections`` names the ids of its sections, which stay in :attr:`Book.sections` (a flat
    tuple in reading order) like every other section; ``blocks`` is the optional short text of
    its title page (the body of the folder's ``part.md``).
    """

    id: str
    title: str
    sections: tuple[str, ...]
    source: SourceRef
    blocks: tuple[Block, ...] = ()
    number: int = 1


@dataclass(frozen=True)
class Event:
    """A dated moment of the story, found in the text or given by the author.

    ``date`` is an EDTF string (``2007``, ``2010-01``, ``2007-02-09``, ``2009-21``, ``199X``,
    ``1990/1994``); ``anchor`` is the id of the :class:`Anchor` placed in the text where the
    sentence starts (empty for an author's event with no place in the text).
    """

    date: str
    text: str
    section_id: str
    source: SourceRef
    anchor: str = ""
    guessed: bool = False
    #: the clause that holds the date, trimmed to what happened (the appendix prints it)
    phrase: str = ""
    #: how much the chronology wants it (exact dates, the narrator's own events rank higher)
    rank: float = 0.0
    #: in the printed chronology; the rest are still listed by ``bookgen timeline``
    in_appendix: bool = True


@dataclass(frozen=True)
class Mention:
    """One place in the text where a register entry is named, as it is written there."""

    section_id: str
    source: SourceRef
    anchor: str
    text: str


@dataclass(frozen=True)
class RegisterEntry:
    """A person, place or organisation of the register, with every mention in reading order.

    ``sort_as`` is the form the register prints and sorts by ("Dahlström, Göran").
    """

    name: str
    kind: str  # person, place, organisation
    sort_as: str
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class PdfSettings:
    paper: str = "A5"
    width: str = ""
    height: str = ""
    print_marks: bool = False
    #: "total-fit": loose paragraphs broken again by bookgen over the whole paragraph (the book
    #: is laid out two or three times); "first-fit": WeasyPrint's own breaks, line by line
    line_breaking: str = "total-fit"


#: the kinds of event ``[timeline] keep`` can name: by how exactly the date is known
EVENT_KINDS = ("day", "month", "season", "year", "span", "decade", "guessed")


@dataclass(frozen=True)
class TimelineSettings:
    """``[timeline]`` in book.toml: how much of the book the chronology may take, and what."""

    max_pages: float = 0.0  # 0: about 3 pages or 8 % of the book, whichever is larger
    keep: tuple[str, ...] = EVENT_KINDS


@dataclass(frozen=True)
class PrintSettings:
    """``[print]``: the print shop's edition (the one-piece cover); ``enabled`` when the table
    is in book.toml. Thicknesses in millimetres: ``page_mm`` is one page (half a leaf)."""

    enabled: bool = False
    page_mm: float = 0.05
    cover_mm: float = 0.0
    back_text: str = ""
    icc_profile: str = ""


@dataclass(frozen=True)
class BookletSettings:
    """``sheets_per_signature``: None (not in book.toml) folds up to 12 sheets as one booklet
    and splits a longer one into signatures of 5 sheets; 0 is always one fold."""

    sheets_per_signature: int | None = None


@dataclass(frozen=True)
class Metadata:
    title: str
    authors: tuple[str, ...]
    language: str = "sv"
    date: str = ""
    subtitle: str = ""
    publisher: str = ""
    identifier: str = ""
    edition: str = ""
    description: str = ""
    cover_image: str = ""
    typeface: str = "EB Garamond"
    paragraph_style: str = "indent"
    pdf: PdfSettings = field(default_factory=PdfSettings)
    isbn: str = ""  # 13 digits, validated (an ISBN-10 in book.toml is converted)
    print: PrintSettings = field(default_factory=PrintSettings)
    booklet: BookletSettings = field(default_factory=BookletSettings)
    timeline: TimelineSettings = field(default_factory=TimelineSettings)
    index: IndexSettings = field(default_factory=IndexSettings)


@dataclass(frozen=True)
class Book:
    root: Path
    metadata: Metadata
    sections: tuple[Section, ...]
    events: tuple[Event, ...] = ()
    register: tuple[RegisterEntry, ...] = ()
    warnings: tuple = field(default=(), compare=False)  # reader's Problems that are not errors
    #: The parts, in reading order; each names its sections. A section in no part is "loose"
    #: (a foreword before Part I, an afterword after the last part, or every section of a book
    #: without parts). ``sections`` alone is the whole text in reading order.
    parts: tuple[Part, ...] = ()

    def part_of(self, section_id: str) -> Part | None:
        return next((p for p in self.parts if section_id in p.sections), None)

    @property
    def chapter_numbers(self) -> dict[str, int]:
        """Section id → its chapter number, counted through the book (chapters only)."""
        numbered = [s.id for s in self.sections if s.numbered]
        return {sid: n for n, sid in enumerate(numbered, 1)}

    @property
    def slug(self) -> str:
        from bookgen.util.text import slugify

        return slugify(self.metadata.title) or "book"
