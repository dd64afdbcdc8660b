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
    src: str
    alt: str
    title: str = ""


@dataclass(frozen=True)
class Anchor:
    """An invisible target in the text (a timeline event points here)."""

    id: str


Inline = Union[Text, SoftBreak, LineBreak, Emph, Strong, Code, Link, Image, Anchor]


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


Block = Union[Paragraph, Heading, BlockQuote, ListBlock, CodeBlock, ThematicBreak, Figure]


# ---------------------------------------------------------------- book


@dataclass(frozen=True)
class TimelineEntry:
    """An author's instruction from front matter: add an event, or drop/redate a found one."""

    source: SourceRef
    date: str = ""
    text: str = ""
    match: str = ""
    drop: bool = False


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
    """One content file: a chapter of the book."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    source: SourceRef
    timeline: tuple[TimelineEntry, ...] = ()
    index: IndexSettings | None = None


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
    index: IndexSettings = field(default_factory=IndexSettings)


@dataclass(frozen=True)
class Book:
    root: Path
    metadata: Metadata
    sections: tuple[Section, ...]
    events: tuple[Event, ...] = ()
    register: tuple[RegisterEntry, ...] = ()
    warnings: tuple = field(default=(), compare=False)  # reader's Problems that are not errors

    @property
    def slug(self) -> str:
        from bookgen.util.text import slugify

        return slugify(self.metadata.title) or "book"
