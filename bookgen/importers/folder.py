"""The shared writer: a :class:`Manuscript` → the files of a book's content/ folder.

Chapters are numbered files (``01-title.md``) with front matter; a part (a heading above the
split level) is a subfolder with its ``part.md``. Images go into an ``images/`` folder next to
the chapters that show them. book.toml, styles/ and templates/ are ``bookgen new``'s.
"""

from __future__ import annotations

import html
import json

from bookgen.importers.manuscript import Chapter, Manuscript
from bookgen.readers.ids import reserved_because
from bookgen.util.text import slugify

LONGEST_TITLE = 200  # a heading longer than this was a paragraph typed in a heading style


class _Names:
    """File names whose section ids (the name without its number) are all different, start
    with a letter, and are none of the ids the theme uses."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, number: int, width: int, title: str, fallback: str) -> str:
        slug = slugify(title, 40) or fallback
        if not slug[0].isalpha():
            slug = f"{fallback}-{slug}"
        candidate, n = slug, 2
        while candidate in self.used or reserved_because(candidate, self.used):
            candidate, n = f"{slug}-{n}", n + 1
        self.used.add(candidate)
        return f"{number:0{width}d}-{candidate}"


def _front_matter(title: str, date: str = "") -> str:
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}"]
    if date:
        lines.append(f"date: {date}")
    return "\n".join([*lines, "---", ""])


def chapter_text(chapter: Chapter) -> str:
    body = chapter.body.strip("\n")
    return _front_matter(chapter.title, chapter.date) + ("\n" + body + "\n" if body else "")


def _shorten_titles(manuscript: Manuscript) -> None:
    """A very long chapter title is cut at a word, and its whole text opens the chapter."""
    from bookgen.importers.html_markdown import to_markdown

    for number, chapter in enumerate(manuscript.chapters, 1):
        chapter.title = " ".join(chapter.title.split())
        if not chapter.title:
            chapter.title = manuscript.words("chapter", n=number)
        if len(chapter.title) > LONGEST_TITLE:
            whole = chapter.title
            chapter.title = whole[:80].rsplit(" ", 1)[0] + " …"
            chapter.body = to_markdown(f"<p>{html.escape(whole)}</p>", manuscript.warn) + \
                "\n\n" + chapter.body
            manuscript.warn(f"a heading of {len(whole)} characters ('{chapter.title}') became "
                            "a chapter with a short title and the whole text as its first "
                            "paragraph")


def content_files(manuscript: Manuscript) -> dict[str, bytes]:
    """content/… path → bytes, for every chapter, part and image of the manuscript."""
    files: dict[str, bytes] = {}
    _shorten_titles(manuscript)
    _name = _Names()
    groups = _grouped(manuscript.chapters)
    width = max(2, len(str(len(groups))))
    for number, (part, chapters) in enumerate(groups, 1):
        if part is None:
            folder = "content"
            for chapter in chapters:  # a loose chapter is one group of its own
                name = _name(number, width, chapter.title, "kapitel")
                files[f"{folder}/{name}.md"] = chapter_text(chapter).encode("utf-8")
            continue
        folder = f"content/{_name(number, width, part, 'del')}"
        text = manuscript.part_texts.get(part, "").strip("\n")
        files[f"{folder}/part.md"] = (_front_matter(part) + (
            "\n" + text + "\n" if text else "")).encode("utf-8")
        inner = max(2, len(str(len(chapters))))
        for index, chapter in enumerate(chapters, 1):
            name = _name(index, inner, chapter.title, "kapitel")
            files[f"{folder}/{name}.md"] = chapter_text(chapter).encode("utf-8")
    for folder in {path.rsplit("/", 1)[0] for path in files}:
        used = b"\n".join(data for path, data in files.items()
                          if path.rsplit("/", 1)[0] == folder)
        for image, data in manuscript.images.items():
            if f"](images/{image}".encode() in used:
                files[f"{folder}/images/{image}"] = data
    return files


def _grouped(chapters: list[Chapter]) -> list[tuple[str | None, list[Chapter]]]:
    """Loose chapters one by one, a part's chapters together (in the source's order)."""
    groups: list[tuple[str | None, list[Chapter]]] = []
    for chapter in chapters:
        if chapter.part and groups and groups[-1][0] == chapter.part:
            groups[-1][1].append(chapter)
        else:
            groups.append((chapter.part or None, [chapter]))
    return groups
