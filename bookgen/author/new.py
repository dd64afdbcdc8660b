"""``bookgen new``: a book folder that builds at once, with an example chapter to write over.

The folder holds book.toml (with a fresh ``urn:uuid:`` identifier, the EPUB's identity), one
chapter showing front matter, a quotation and a date (so the timeline has an event), and empty
styles/ and templates/ folders whose README says how to override the theme by file name.
"""

from __future__ import annotations

import datetime
import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from bookgen.errors import BookError

LANGUAGES = ("sv", "en")


@dataclass(frozen=True)
class _Words:
    title: str
    author: str
    chapter_file: str
    chapter: str
    styles_readme: str
    templates_readme: str


_SV_CHAPTER = """\
---
title: Där allt började
# Tidslinjen hittar datum i texten själv. Vill du lägga till, ta bort eller ändra en händelse:
# timeline:
#   - date: 1975-06
#     text: Vi flyttade till Katrineholm.
#   - match: nionde februari
#     drop: true
---

Det här är bokens första kapitel.
Skriv över den här texten med din egen, gärna en mening per rad.
En tom rad börjar ett nytt stycke.

Den nionde februari 2007 började jag på ett nytt arbete.
Meningen kommer med i tidslinjen längst bak i boken, eftersom den har ett datum.

> Det är ju du som bestämmer nu, inte jag.

Så sa min gamla chef den dagen, och så blev det.
Ett nytt kapitel är en ny fil i mappen content, till exempel 02-nasta-kapitel.md.
"""

_EN_CHAPTER = """\
---
title: Where it all began
# The timeline finds dates in the text by itself. To add, drop or redate an event:
# timeline:
#   - date: 1975-06
#     text: We moved to a small town by the lake.
#   - match: 9 February
#     drop: true
---

This is the first chapter of the book.
Write over this text with your own, one sentence per line if you like.
A blank line starts a new paragraph.

On 9 February 2007 I started a new job.
That sentence goes into the timeline at the back of the book, because it has a date.

> It is your call now, not mine.

That is what my old boss said that day, and so it was.
A new chapter is a new file in the content folder, such as 02-next-chapter.md.
"""

_WORDS = {
    "sv": _Words(
        title="Min bok", author="Författarens namn", chapter_file="01-dar-allt-borjade.md",
        chapter=_SV_CHAPTER,
        styles_readme=(
            "Lägg en fil här med samma namn som en av bookgens inbyggda stilmallar (book.css, "
            "epub.css) så används din i stället.\n"),
        templates_readme=(
            "Lägg en mall här med samma namn som en av bookgens inbyggda (book.html.j2, "
            "colophon.html.j2, …) så används din i stället; börja den med "
            "{% extends \"!book.html.j2\" %} för att bara ändra en del. Bokens ord (Innehåll, "
            "Tidslinje, …) ändras i strings/<språk>.toml.\n"),
    ),
    "en": _Words(
        title="My Book", author="The Author's Name", chapter_file="01-where-it-all-began.md",
        chapter=_EN_CHAPTER,
        styles_readme=(
            "Put a file here with the same name as one of bookgen's built-in stylesheets "
            "(book.css, epub.css) and yours is used instead.\n"),
        templates_readme=(
            "Put a template here with the same name as one of bookgen's built-in ones "
            "(book.html.j2, colophon.html.j2, …) and yours is used instead; start it with "
            "{% extends \"!book.html.j2\" %} to change only a part. The book's words "
            "(Contents, Timeline, …) are changed in strings/<language>.toml.\n"),
    ),
}


def default_title(folder: Path, language: str = "sv") -> str:
    """``min-bok`` → ``Min bok``; the language's "My book" when the name says nothing."""
    name = re.sub(r"[-_]+", " ", folder.name).strip()
    if not name or not re.search(r"[^\W\d]", name):
        return _WORDS.get(language, _WORDS["sv"]).title
    return name[0].upper() + name[1:]


def default_author(language: str = "sv") -> str:
    return _WORDS.get(language, _WORDS["sv"]).author


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def book_toml(title: str, author: str, language: str, identifier: str, year: int,
              subtitle: str = "") -> str:
    subtitle_line = f"subtitle = {_toml_string(subtitle)}\n" if subtitle else ""
    return f"""\
# The book's settings. Every key is explained in bookgen's README (book.toml).
[book]
title = {_toml_string(title)}
{subtitle_line}authors = [{_toml_string(author)}]
language = "{language}"
date = "{year}"
identifier = "{identifier}"  # the e-book's identity: keep it as it is
# isbn = "978-91-…"          # the printed book's ISBN: colophon and the cover's barcode

[style]
typeface = "EB Garamond"     # or "Source Serif 4", "Literata"
paragraph = "indent"         # or "block": space between paragraphs

[pdf]
paper = "A5"                 # A5, A4, A6, B5, 6x9in, 5x8in, letter

# For a print shop: uncomment, and bookgen build also makes the one-piece cover.
# [print]
# page_thickness = "0.05mm"  # one page of 80 g/m² paper: the spine's width
"""


def new_book(folder: Path, title: str | None = None, author: str | None = None,
             language: str = "sv", content: dict[str, bytes] | None = None,
             subtitle: str = "") -> list[Path]:
    """Write a new book folder; refuse a folder that exists and holds anything.

    ``content`` (path in the folder → bytes, as ``bookgen import`` makes it) takes the place of
    the example chapter.
    """
    if language not in LANGUAGES:
        raise BookError(f"bookgen new knows the languages {', '.join(LANGUAGES)}, "
                        f"not '{language}' (start in one and change book.toml)")
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise BookError(f"{folder} is a file, not a folder: choose a new folder name")
    if folder.is_dir() and any(folder.iterdir()):
        raise BookError(f"{folder} already exists and is not empty: bookgen never writes "
                        "into a folder that holds something; choose a new folder name")
    words = _WORDS[language]
    title = (title or "").strip() or default_title(folder, language)
    author = (author or "").strip() or words.author
    chapters = content if content is not None else {
        f"content/{words.chapter_file}": words.chapter.encode("utf-8")}
    files = {
        "book.toml": book_toml(title, author, language, f"urn:uuid:{uuid.uuid4()}",
                               datetime.date.today().year, subtitle),
        **chapters,
        "styles/README.md": words.styles_readme,
        "templates/README.md": words.templates_readme,
        ".gitignore": "dist/\n",
    }
    written = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
