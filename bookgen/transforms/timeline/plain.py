"""A book from plain text, for tests, the benchmark and ``bookgen timeline FILE.txt``.

Paragraphs are separated by blank lines; a line break inside one is a ``SoftBreak``.  This is not
the Markdown reader: it only gives the timeline realistic input without depending on it.
"""

from __future__ import annotations

from pathlib import Path

from bookgen.model import Book, Metadata, Paragraph, Section, SoftBreak, SourceRef, Text, TimelineEntry


def paragraphs_from_text(text: str, path: str = "text.md") -> tuple[Paragraph, ...]:
    out: list[Paragraph] = []
    lines = text.split("\n")
    start, current = 0, []
    for number, line in enumerate([*lines, ""], 1):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            inlines = []
            for i, part in enumerate(current):
                if i:
                    inlines.append(SoftBreak())
                inlines.append(Text(part))
            out.append(Paragraph(tuple(inlines), SourceRef(path, start)))
            current = []
    return tuple(out)


def book_from_text(
    text: str, language: str = "sv", date: str = "", timeline: tuple[TimelineEntry, ...] = (),
    path: str = "text.md",
) -> Book:
    section = Section("text", "", paragraphs_from_text(text, path), SourceRef(path, 1), timeline)
    metadata = Metadata(title="Text", authors=(), language=language, date=date)
    return Book(Path("."), metadata, (section,))
