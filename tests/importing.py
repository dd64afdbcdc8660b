"""Helpers for the import tests: the paragraphs of a book as text, in order."""

from __future__ import annotations

import re
from pathlib import Path

from bookgen import model as m
from bookgen.readers import read_book
from bookgen.util.tree import plain_text


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def block_texts(blocks, quote: bool = False) -> list[tuple[str, str]]:
    """(kind, text) of every block with text, depth first; kinds: h2…, p, quote, li, figure."""
    out: list[tuple[str, str]] = []
    for block in blocks:
        kind = type(block).__name__
        if isinstance(block, m.Heading):
            out.append((f"h{block.level}", _norm(plain_text(block.inlines))))
        elif isinstance(block, m.Paragraph):
            out.append(("quote" if quote else "p", _norm(plain_text(block.inlines))))
        elif isinstance(block, m.BlockQuote):
            out.extend(block_texts(block.blocks, True))
        elif isinstance(block, m.ListBlock):
            for item in block.items:
                out.extend(("li" if k == "p" else k, t) for k, t in block_texts(item, False))
        elif isinstance(block, m.Figure):
            out.append(("figure", _norm(plain_text(block.caption))))
        elif kind == "Table":
            for row in (block.header, *block.rows):
                out.append(("row", " | ".join(_norm(plain_text(c.inlines)) for c in row)))
        elif kind == "Footnote":
            out.extend(("note", t) for _, t in block_texts(block.blocks))
        elif kind == "Verse":
            out.append(("verse", " / ".join(_norm(plain_text(line.inlines))
                                            for line in block.lines)))
    return out


def chapters(root: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    book = read_book(root)
    return [(s.title, block_texts(s.blocks)) for s in book.sections]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())
