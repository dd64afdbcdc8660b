"""The typography lint: straight marks the typography pass could not place, as warnings.

Public API
----------
``unplaced_marks(text, language) -> list[Unplaced]``
    The straight quotes the pass could not pair (``Unplaced(offset, char, reason)``, offsets
    into ``text``) and hyphens with a space on one side only.  In Swedish an unpaired ``"`` is
    still printed as ``”`` (both marks are the same glyph) but is reported all the same.
``typography_problems(book) -> list[Problem]``
    That lint over a whole book, as warnings naming ``path:line``.

Both are also importable from :mod:`bookgen.transforms.typography`, where the pass lives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from bookgen.errors import Problem
from bookgen.model import Block, Book, Figure, SourceRef
from bookgen.transforms import typography_rules as r
from bookgen.transforms.typography import Language, flatten_inlines, language_for
from bookgen.transforms.typography_rules import OBJECT
from bookgen.util.tree import INLINE_HOLDERS, walk_blocks

__all__ = ["unplaced_marks", "Unplaced", "typography_problems"]


class Unplaced(NamedTuple):
    """A straight mark the pass could not place: where it is in the text, which, and why."""

    offset: int
    char: str
    reason: str


_QUOTE_REASONS = {
    r.UNMATCHED_OPEN: "opening quote that is never closed",
    r.UNMATCHED_CLOSE: "closing quote with no opening quote",
    r.UNPAIRED: "quote that neither opens nor closes (between spaces or inside a word)",
}
_ONE_SIDED = re.compile(r"(?<=[^\s-])-(?=\s)|(?<=\s)-(?=[^\s\d-])")
_WORD_AFTER = re.compile(r"\s+(\w+\.?)")
_WORD_BEFORE = re.compile(r"(\w+\.?)\s+$")


def _quote_marks(text: str, lang: Language, language: str) -> Iterator[Unplaced]:
    if lang.quotes is None:
        placed = {e.start for e in r.text_edits(text, lang.rules)}
        reason = f"no quotation marks are defined for language {language!r}"
        for m in re.finditer("[\"']", text):
            if m.start() not in placed:
                yield Unplaced(m.start(), m.group(), reason)
        return
    for q in r.quote_roles(text, lang.quotes):
        if q.straight and q.role in _QUOTE_REASONS:
            yield Unplaced(q.pos, text[q.pos], _QUOTE_REASONS[q.role])


def _hyphen_marks(text: str, lang: Language) -> Iterator[Unplaced]:
    """Hyphens with a space on one side, unless a suspended compound (``styr- och ledning``)."""
    if lang.conjunctions is None:
        return
    for m in _ONE_SIDED.finditer(text):
        i = m.start()
        if text[i + 1].isspace():
            word = _WORD_AFTER.match(text[i + 1 : i + 24])
        else:
            word = _WORD_BEFORE.search(text[max(0, i - 24) : i])
        if not word or word[1].lower() not in lang.conjunctions:
            yield Unplaced(i, "-", "hyphen with a space on one side only: a dash or a compound?")


def unplaced_marks(text: str, language: str) -> list[Unplaced]:
    """The straight quotes and hyphens in ``text`` that the pass could not place, by offset."""
    lang = language_for(language)
    return sorted([*_quote_marks(text, lang, language), *_hyphen_marks(text, lang)])


def _block_texts(blocks: Iterable[Block]) -> Iterator[tuple[str, SourceRef]]:
    for block in walk_blocks(tuple(blocks)):
        if isinstance(block, (*INLINE_HOLDERS, Figure)):
            parts: list[str] = []
            inlines = block.caption if isinstance(block, Figure) else block.inlines
            flatten_inlines(inlines, parts, [])
            yield "".join(parts), block.source


def typography_problems(book: Book) -> list[Problem]:
    """:func:`unplaced_marks` over every section title and block, as warnings."""
    language = book.metadata.language
    problems = []
    for section in book.sections:
        texts = [(section.title, section.source), *_block_texts(section.blocks)]
        for text, source in texts:
            for mark in unplaced_marks(text, language):
                excerpt = text[max(0, mark.offset - 25) : mark.offset + 25].replace(OBJECT, "…")
                message = f"{mark.reason}: {mark.char!r} in “{excerpt.strip()}”"
                problems.append(Problem(message, source, "warning"))
    return problems
