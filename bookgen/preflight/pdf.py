"""Read-only questions about a finished PDF, for tests and for the ``bookgen check`` preflight.

Every function takes the PDF as bytes or a path and never changes it.  Structure (boxes, fonts,
outline, catalog) is read with pypdf.  Text is extracted with pdfium (pypdfium2) when it is
installed: pypdf's ``extract_text`` is ~15x slower on a book and garbles a whole font's text as
soon as its ToUnicode map holds a character outside the BMP (pypdf 7.1 on WeasyPrint output).

Fonts (which pages draw with each, embedding, .notdef characters) are read in
:mod:`bookgen.preflight.fonts`; this module turns what it finds into answers and preflight problems.
"""

from __future__ import annotations

import io
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Union

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import BooleanObject

from bookgen.errors import BookError, Problem
from bookgen.model import SourceRef
from bookgen.preflight.fonts import FontInfo, read_fonts, resolve_dict, resolve_object
from bookgen.util.gate import FileRefused, read_file

MAX_PDF_BYTES = 4 << 30
# A test (tests/test_pdfinspect.py) reaches the ToUnicode parser through this module.

PdfInput = Union[bytes, str, "os.PathLike[str]"]

#: What pypdf raises, eagerly or lazily, for a damaged PDF.
_DAMAGED = (PyPdfError, ValueError, KeyError, IndexError, TypeError, AttributeError, zlib.error)

#: Page sizes closer than this (points) count as the same size.
SIZE_TOLERANCE = 0.5


class OutlineEntry(NamedTuple):
    title: str
    page: int | None
    depth: int


@dataclass(frozen=True)
class MissingGlyph:
    """A character that does not print as itself (``char`` is None: a whole font is at fault)."""

    char: str | None
    font: str | None
    pages: tuple[int, ...]
    reason: str


def page_sizes(pdf: PdfInput) -> list[tuple[float, float]]:
    """(width, height) in points of each page's TrimBox (falling back to Crop/MediaBox), as seen."""
    return [_page_size(page) for page in _open(pdf).pages]


def page_texts(pdf: PdfInput) -> list[str]:
    """The text of each page, lines separated by ``\\n``.

    Read with pdfium when pypdfium2 is installed (the ``test`` extra), else with pypdf.
    """
    data = _bytes(pdf)
    try:
        import pypdfium2
    except ImportError:
        return [page.extract_text().replace("\r\n", "\n") for page in _open(data).pages]
    try:
        doc = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise BookError(f"the PDF cannot be read ({exc})") from exc
    try:
        return [_page_text(doc[i]) for i in range(len(doc))]
    finally:
        doc.close()


def fonts(pdf: PdfInput) -> list[FontInfo]:
    """Every font the pages draw with or list in their resources, sorted by name."""
    return read_fonts(_open(pdf))


def outline(pdf: PdfInput) -> list[OutlineEntry]:
    """The bookmarks, depth-first: (title, 0-based page index or None, depth from 0)."""
    reader = _open(pdf)
    entries: list[OutlineEntry] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                page = reader.get_destination_page_number(item)
                entries.append(OutlineEntry(str(item.title), page, depth))

    walk(reader.outline, 0)
    return entries


def lang(pdf: PdfInput) -> str | None:
    """The document language (catalog ``/Lang``), e.g. ``"sv"``."""
    root = _open(pdf).trailer["/Root"]
    return str(root["/Lang"]) if root.get("/Lang") else None


def is_tagged(pdf: PdfInput) -> bool:
    """True for a Tagged PDF: ``/MarkInfo << /Marked true >>`` and a structure tree."""
    root = _open(pdf).trailer["/Root"]
    marked = resolve_object(resolve_dict(root.get("/MarkInfo")).get("/Marked"))
    return isinstance(marked, BooleanObject) and marked.value and "/StructTreeRoot" in root


def metadata(pdf: PdfInput) -> dict[str, str]:
    """The document information dictionary, keys without their slash (``Title``, ``Author``)."""
    info = _open(pdf).metadata or {}
    return {str(key).lstrip("/"): str(value) for key, value in info.items()}


def missing_glyphs(pdf: PdfInput) -> list[MissingGlyph]:
    """Best effort: characters that will not print as themselves.

    Found three ways: characters a font maps to .notdef (WeasyPrint does this, with a CMap that
    sends them to CID 0, when no font has the glyph), U+FFFD in the extracted text, and fonts
    that draw text without being embedded (the printer substitutes them).
    """
    data = _bytes(pdf)
    return _missing_glyphs(_open(data), page_texts(data))


def preflight(pdf: PdfInput, source: SourceRef | None = None) -> list[Problem]:
    """Check a print PDF: fonts embedded and subset, no missing glyphs, one page size.

    Returns the problems found (errors and warnings); an unreadable PDF is one error.
    """
    try:
        data = _bytes(pdf)
        return _preflight(_open(data), page_texts(data), source)
    except BookError as exc:
        return [Problem(p.message, source, p.severity) for p in exc.problems]
    except _DAMAGED as exc:  # found while walking the pages
        return [Problem(f"the PDF cannot be read ({exc})", source)]


def _preflight(reader: PdfReader, texts: list[str], source: SourceRef | None) -> list[Problem]:
    if not reader.pages:
        return [Problem("the PDF has no pages", source)]
    problems = _font_problems(read_fonts(reader), source)
    for missing in _missing_glyphs(reader, texts):
        if missing.char is not None:
            problems.append(Problem(_missing_message(missing), source))
    problems += _size_problems([_page_size(p) for p in reader.pages], source)
    return problems


# ---------------------------------------------------------------- reading


def _bytes(pdf: PdfInput) -> bytes:
    if isinstance(pdf, (bytes, bytearray)):
        data = bytes(pdf)
    else:
        try:
            data = read_file(pdf, Path(pdf).parent, MAX_PDF_BYTES)
        except FileRefused as refused:
            raise BookError(f"cannot read the PDF {os.fspath(pdf)}: {refused.why}") from None
    if not data:
        raise BookError("the PDF is empty")
    return data


def _open(pdf: PdfInput) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(_bytes(pdf)), strict=False)
        len(reader.pages)  # parse the page tree now, so a broken file fails here
    except _DAMAGED as exc:
        raise BookError(f"the PDF cannot be read ({exc})") from exc
    return reader


def _page_text(page) -> str:
    """One pdfium page's text; the page and its text page are closed (pdfium frees memory)."""
    textpage = page.get_textpage()
    try:
        return textpage.get_text_range().replace("\r\n", "\n")
    finally:
        textpage.close()
        page.close()


def _page_size(page) -> tuple[float, float]:
    box = page.trimbox
    width, height = float(box.width), float(box.height)
    return (height, width) if page.rotation % 180 else (width, height)


# ---------------------------------------------------------------- checks


def _missing_glyphs(reader: PdfReader, texts: list[str]) -> list[MissingGlyph]:
    found: list[MissingGlyph] = []
    for font in read_fonts(reader):
        for char in font.notdef:
            # The font's pages, narrowed to those whose text holds the character (best effort).
            pages = tuple(i for i in font.pages if i < len(texts) and char in texts[i])
            pages = pages or font.pages
            found.append(MissingGlyph(char, font.name, pages, ".notdef"))
        if not font.embedded and font.pages:
            found.append(MissingGlyph(None, font.name, font.pages, "font not embedded"))
    replaced = tuple(i for i, text in enumerate(texts) if "\ufffd" in text)
    if replaced:
        found.append(MissingGlyph("\ufffd", None, replaced, "U+FFFD in the text"))
    return found


def _missing_message(missing: MissingGlyph) -> str:
    where = f"on {_pages(missing.pages)}"
    if missing.reason == ".notdef":
        return (
            f"no glyph for {missing.char!r} ({_codepoints(missing.char)}) in font {missing.font} "
            f"{where}: it prints as an empty box; choose a font that has it"
        )
    return f"text {where} holds U+FFFD (a character that could not be encoded)"


def _codepoints(text: str) -> str:
    return " ".join(f"U+{ord(char):04X}" for char in text)  # a ToUnicode entry can be a ligature


def _font_problems(found: list[FontInfo], source: SourceRef | None) -> list[Problem]:
    problems = []
    for font in found:
        where = f" ({_pages(font.pages)})" if font.pages else ""
        if not font.embedded:
            problems.append(Problem(f"font {font.name} is not embedded{where}", source))
        elif not font.subset and font.subtype != "Type3":
            message = f"font {font.name} is embedded whole, not subset{where}"
            problems.append(Problem(message, source, "warning"))
    return problems


def _size_problems(sizes: list[tuple[float, float]], source: SourceRef | None) -> list[Problem]:
    groups: dict[tuple[float, float], list[int]] = {}
    for index, size in enumerate(sizes):
        same = next((s for s in groups if _same_size(s, size)), size)
        groups.setdefault(same, []).append(index)
    if len(groups) < 2:
        return []
    listed = "; ".join(f"{w:.1f} x {h:.1f} pt ({_pages(p)})" for (w, h), p in groups.items())
    return [Problem(f"the pages have {len(groups)} different sizes: {listed}", source)]


def _same_size(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) <= SIZE_TOLERANCE and abs(a[1] - b[1]) <= SIZE_TOLERANCE


def _pages(indices: tuple[int, ...] | list[int]) -> str:
    """0-based indices as 1-based page ranges for people: ``pages 1-3, 7``."""
    runs: list[list[int]] = []
    for number in sorted(i + 1 for i in indices):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    text = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
    return ("page " if len(indices) == 1 else "pages ") + text


__all__ = [
    "FontInfo", "MissingGlyph", "OutlineEntry", "fonts", "is_tagged", "lang", "metadata",
    "missing_glyphs", "outline", "page_sizes", "page_texts", "preflight",
]
