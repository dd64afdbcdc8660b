"""Importers turn a source file into a book folder: a Word document, a WordPress export, or one
long Markdown or plain-text file becomes chapters of Markdown with front matter, and images.

Each source has its module (:mod:`.docx`, :mod:`.wordpress`, :mod:`.text`), which reads only the
file it is given (and the media folder, for a blog) into a :class:`.manuscript.Manuscript`; the
shared :mod:`.folder` turns that into the files of the book's content/ folder. Nothing is
dropped silently: what could not be carried over is a warning naming where in the source it was.
"""

from __future__ import annotations

from pathlib import Path

from bookgen.errors import BookError
from bookgen.importers.manuscript import Manuscript

SOURCES = {".docx": "Word", ".xml": "WordPress", ".md": "Markdown", ".markdown": "Markdown",
           ".txt": "plain text", ".text": "plain text"}


def read_source(source: Path, media: Path | None = None, language: str | None = None,
                split_level: int = 1, include: frozenset[str] = frozenset()) -> Manuscript:
    """Read ``source`` by its kind (its suffix) into a :class:`Manuscript`.

    ``include`` names what a blog export leaves out unless asked: ``drafts``, ``private``,
    ``pages``.
    """
    source = Path(source).expanduser()
    if not source.is_file():
        raise BookError(f"{source} is not a file: give the .docx, .xml or .md/.txt to import")
    suffix = source.suffix.lower()
    if suffix == ".docx":
        from bookgen.importers.docx import read_docx

        return read_docx(source, language, split_level)
    if suffix == ".xml":
        from bookgen.importers.wordpress import read_wxr

        return read_wxr(source, media, language, include)
    if suffix in SOURCES:
        from bookgen.importers.text import read_text_file

        return read_text_file(source, language, split_level, media)
    raise BookError(f"bookgen import reads {', '.join(sorted(SOURCES))} files, not "
                    f"'{source.suffix or source.name}' (save a Word file as .docx; a blog's "
                    "Tools → Export gives the .xml)")


__all__ = ["Manuscript", "SOURCES", "read_source"]
