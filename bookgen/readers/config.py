"""book.toml → :class:`Metadata`, validated in one place.

The schema is declarative (one row per key, with its type and what it is for), every problem is
collected, unknown keys are named with the closest known key, and then the reader stops once.
"""

from __future__ import annotations

import datetime
import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bookgen.errors import ProblemList
from bookgen.model import (
    EVENT_KINDS, BookletSettings, Metadata, PdfSettings, PrintSettings, SourceRef,
    TimelineSettings,
)
from bookgen.readers.files import CONTROL, read_text
from bookgen.readers.indexsettings import check_index, index_settings
from bookgen.util.text import length_mm

PAPER_SIZES = {"A4": ("210mm", "297mm"), "A5": ("148mm", "210mm"), "A6": ("105mm", "148mm"),
               "B5": ("176mm", "250mm"), "6x9in": ("6in", "9in"), "5x8in": ("5in", "8in"),
               "letter": ("8.5in", "11in")}
TYPEFACES = ("EB Garamond", "Source Serif 4", "Literata")
PARAGRAPH_STYLES = ("indent", "block")
_LENGTH = re.compile(r"^\d+(\.\d+)?(mm|cm|in|pt)$")
MAX_CONFIG_BYTES = 1024 * 1024
MAX_TITLE = 500  # characters of a title or a name: set on a page, it must fit on a page
_SET_AS_TITLES = ("book.title", "book.subtitle", "book.authors", "book.publisher",
                  "book.edition")
_TYPE_NAMES = {str: "text in quotes", int: "a whole number", list: "a list [ … ]",
               bool: "true or false", dict: "a table", float: "a number",
               datetime.date: "a date"}


@dataclass(frozen=True)
class Key:
    kind: type | tuple[type, ...]
    doc: str
    required: bool = False
    choices: tuple[str, ...] = ()


SCHEMA: dict[str, dict[str, Key]] = {
    "book": {
        "title": Key(str, "The book's title.", required=True),
        "subtitle": Key(str, "A subtitle for the title page."),
        "authors": Key(list, "The authors, a list of names.", required=True),
        "language": Key(str, "The language code: sv or en (others fall back to neutral rules)."),
        "date": Key((str, int, datetime.date),
                    "The book's date (a year, or YYYY-MM-DD); 'I år' means this year."),
        "publisher": Key(str, "The publisher, for the colophon and the EPUB."),
        "identifier": Key(str, "A stable identifier (urn:uuid:…); bookgen new makes one."),
        "edition": Key(str, "The edition, for the colophon."),
        "description": Key(str, "A short description for the EPUB and the PDF subject."),
        "isbn": Key(str, "The ISBN (ISBN-13, or an ISBN-10, which is converted): the colophon, "
                         "the EPUB's identifier and the cover's barcode."),
    },
    "style": {
        "typeface": Key(str, "The text typeface.", choices=TYPEFACES),
        "paragraph": Key(str, "indent: first-line indents; block: space between paragraphs.",
                         choices=PARAGRAPH_STYLES),
    },
    "pdf": {
        "paper": Key(str, "The trim size.", choices=tuple(PAPER_SIZES)),
        "width": Key(str, "An explicit trim width (e.g. 140mm), with height."),
        "height": Key(str, "An explicit trim height (e.g. 216mm), with width."),
        "print": Key(bool, "The print shop's edition: PDF/X-4, 3 mm bleed and crop marks."),
        "line_breaking": Key(str, "total-fit: bookgen breaks loose paragraphs again over the "
                                  "whole paragraph, as TeX does (the book is laid out two or "
                                  "three times); first-fit: line by line, faster, for drafts.",
                             choices=("total-fit", "first-fit")),
    },
    "epub": {
        "cover": Key(str, "A cover image (JPEG or PNG) inside the book folder."),
    },
    "index": {
        "enabled": Key(bool, "false: no register of names and places."),
        "include": Key(list, "Names the register must list although the rules missed them."),
        "exclude": Key(list, "Names (or forms as written) the register must leave out."),
        "aliases": Key(dict, "A form as written → the full name it means (Göran = \"Göran "
                             "Dahlström\")."),
        "kind": Key(dict, "A name → person, place or organisation."),
    },
    "print": {
        "page_thickness": Key(str, "One page's thickness, half the paper's (e.g. 0.05mm for "
                                   "80 g/m² book paper): the spine's width."),
        "cover_thickness": Key(str, "Added to the spine for the cover board (e.g. 0.5mm)."),
        "back_text": Key(str, "The text on the back cover (else [book] description)."),
        "icc_profile": Key(str, "The print shop's CMYK ICC profile (.icc) inside the book "
                                "folder, instead of the built-in one."),
    },
    "booklet": {
        "sheets_per_signature": Key(int, "Sheets folded together as one signature (5 sheets "
                                         "= 20 pages); 0: the whole booklet as one fold. "
                                         "Unset: one fold up to 12 sheets, else 5."),
    },
    "timeline": {
        "max_pages": Key((int, float), "How many pages the timeline appendix may take "
                         "(default: 3, or 8 % of the book when that is more)."),
        "keep": Key(list, "Which events the appendix may list: day, month, season, year, span, "
                    "decade, guessed (default: all of them)."),
    },
}
MAX_SHEETS_PER_SIGNATURE = 50


def read_config(root: Path, problems: ProblemList) -> Metadata | None:
    """Read and validate ``root/book.toml``; problems go to ``problems``."""
    path = root / "book.toml"
    ref = SourceRef("book.toml")
    if not path.exists() and not path.is_symlink():
        problems.error("book.toml not found: a book folder holds book.toml and content/", ref)
        return None
    text = read_text(path, "book.toml", root, problems, limit=MAX_CONFIG_BYTES)
    if text is None:
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.error(f"book.toml is not valid TOML: {exc}", _toml_error_ref(exc))
        return None
    except RecursionError:
        problems.error("book.toml nests tables or arrays too deeply", ref)
        return None
    lines = text.splitlines()
    _check_schema(data, lines, problems)
    _index_settings(data, lines, problems)
    if problems.errors:
        return None
    return _metadata(data)


def _toml_error_ref(exc: Exception) -> SourceRef:
    match = re.search(r"line (\d+)", str(exc))
    return SourceRef("book.toml", int(match.group(1)) if match else None)


def _line_of(lines: list[str], table: str, key: str | None = None) -> int | None:
    """The line where a table (or a key inside it) is written, for messages."""
    in_table = False
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = stripped.strip("[] ") == table
            if in_table and key is None:
                return number
        elif in_table and key and re.match(rf"^{re.escape(key)}\s*=", stripped):
            return number
    return None


def _closest(name: str, known: list[str]) -> str:
    match = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    return f" (did you mean '{match[0]}'?)" if match else f" (known: {', '.join(known)})"


def _check_schema(data: dict[str, Any], lines: list[str], problems: ProblemList) -> None:
    for table, value in data.items():
        where = SourceRef("book.toml", _line_of(lines, table))
        if table not in SCHEMA:
            problems.error(f"unknown table [{table}]{_closest(table, list(SCHEMA))}", where)
        elif not isinstance(value, dict):
            problems.error(f"'{table}' must be a table: [{table}]", where)
        else:
            _check_table(table, value, lines, problems)
    if "book" not in data:
        problems.error("book.toml has no [book] table with title and authors",
                       SourceRef("book.toml", 1))


def _check_table(table: str, values: dict, lines: list[str], problems: ProblemList) -> None:
    schema = SCHEMA[table]
    for name, value in values.items():
        where = SourceRef("book.toml", _line_of(lines, table, name))
        key = schema.get(name)
        if key is None:
            problems.error(f"unknown key '{name}' in [{table}]{_closest(name, list(schema))}",
                           where)
        else:
            _check_value(f"{table}.{name}", key, value, where, problems)
    for name, key in schema.items():
        if key.required and name not in values:
            problems.error(f"[{table}] needs '{name}': {key.doc}",
                           SourceRef("book.toml", _line_of(lines, table)))
    pdf_size = ("width" in values, "height" in values)
    if table == "pdf" and any(pdf_size) and not all(pdf_size):
        problems.error("[pdf] width and height go together", SourceRef("book.toml"))


def _check_value(name: str, key: Key, value: Any, where: SourceRef,
                 problems: ProblemList) -> None:
    if not isinstance(value, key.kind) or isinstance(value, bool) != (key.kind is bool):
        problems.error(f"'{name}' must be {_kind_name(key.kind)}, not {_kind_name(type(value))}: "
                       f"{key.doc}", where)
    elif key.choices and value not in key.choices:
        problems.error(f"'{name}' = '{value}' is not one of: {', '.join(key.choices)}", where)
    elif name == "book.authors" and not all(isinstance(a, str) and a.strip() for a in value):
        problems.error("'book.authors' must be a list of names", where)
    elif name == "book.title" and not value.strip():
        problems.error("'book.title' is empty", where)
    elif name in _SET_AS_TITLES and max(map(len, _as_list(value)), default=0) > MAX_TITLE:
        problems.error(f"'{name}' is longer than {MAX_TITLE} characters", where)
    elif name == "timeline.max_pages" and not 0 < value <= 1000:
        problems.error(f"'timeline.max_pages' = {value} must be a number of pages above 0", where)
    elif name == "timeline.keep" and not set(map(str, value)) <= set(EVENT_KINDS):
        wrong = ", ".join(sorted(set(map(str, value)) - set(EVENT_KINDS)))
        problems.error(f"'timeline.keep' names {wrong}: the kinds are {', '.join(EVENT_KINDS)}",
                       where)
    elif name in ("pdf.width", "pdf.height") and not _LENGTH.match(value):
        problems.error(f"'{name}' = '{value}' is not a length like 148mm or 6in", where)
    elif name in ("print.page_thickness", "print.cover_thickness") and not _LENGTH.match(value):
        problems.error(f"'{name}' = '{value}' is not a length like 0.05mm", where)
    elif name == "print.page_thickness" and not 0.01 <= (length_mm(value) or 0) <= 1:
        problems.error(f"'{name}' = '{value}' is not a page's thickness (0.01mm to 1mm; "
                       "80 g/m² book paper is 0.05mm a page)", where)
    elif name == "booklet.sheets_per_signature" and not 0 <= value <= MAX_SHEETS_PER_SIGNATURE:
        problems.error(f"'{name}' = {value} must be 0 (one fold) to "
                       f"{MAX_SHEETS_PER_SIGNATURE}", where)
    elif name == "book.isbn" and (why := isbn_problem(value)):
        problems.error(f"'book.isbn' = '{value}' {why}", where)


def isbn_problem(value: str) -> str:
    """Why ``value`` is not an ISBN (python-stdnum checks length, digits and check digit)."""
    from stdnum import isbn
    from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError

    try:
        isbn.validate(value)
    except InvalidChecksum:
        return "has a wrong check digit (the last digit): check it against the ISBN you got"
    except InvalidLength:
        return "is not an ISBN: an ISBN-13 has 13 digits (an ISBN-10 has 10)"
    except ValidationError:
        return "is not an ISBN: an ISBN-13 is 13 digits starting 978 or 979"
    return ""


def isbn_hyphenated(digits: str) -> str:
    """978-91-7000-001-0: the ISBN as printed, hyphenated by its registration groups."""
    from stdnum import isbn

    return isbn.format(digits) if digits else ""


def isbn13(value: str) -> str:
    """A valid ISBN as its 13 digits (an ISBN-10 converted), or "" for none."""
    from stdnum import isbn

    return isbn.compact(isbn.to_isbn13(value)) if value.strip() else ""


def _as_list(value: Any) -> list:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(_TYPE_NAMES.get(k, k.__name__) for k in kinds)


def _clean(value: Any) -> Any:
    """Strings without control characters (TOML lets ``\\u0000`` through; XHTML does not)."""
    if isinstance(value, str):
        return CONTROL.sub("", value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _index_settings(data: dict[str, Any], lines: list[str], problems: ProblemList) -> None:
    """The [index] values that the types alone do not check."""
    table = data.get("index")
    if isinstance(table, dict):
        check_index(table, "book.toml", lambda key: _line_of(lines, "index", key), problems)


def _metadata(data: dict[str, Any]) -> Metadata:
    book, style, pdf, epub, shop, booklet, timeline = (
        {k: _clean(v) for k, v in data.get(t, {}).items()}
        for t in ("book", "style", "pdf", "epub", "print", "booklet", "timeline"))
    width, height = PAPER_SIZES[pdf.get("paper", "A5")]
    return Metadata(
        title=book["title"].strip(),
        authors=tuple(a.strip() for a in book["authors"]),
        language=book.get("language", "sv").strip().lower() or "sv",
        date=str(book.get("date", "")),
        subtitle=book.get("subtitle", ""),
        publisher=book.get("publisher", ""),
        identifier=book.get("identifier", ""),
        edition=book.get("edition", ""),
        description=book.get("description", ""),
        cover_image=epub.get("cover", ""),
        typeface=style.get("typeface", TYPEFACES[0]),
        paragraph_style=style.get("paragraph", "indent"),
        pdf=PdfSettings(paper=pdf.get("paper", "A5"), width=pdf.get("width", width),
                        height=pdf.get("height", height), print_marks=pdf.get("print", False),
                        line_breaking=pdf.get("line_breaking", "total-fit")),
        index=index_settings(data.get("index", {}), SourceRef("book.toml")),
        isbn=isbn13(book.get("isbn", "")),
        print=PrintSettings(
            enabled="print" in data,
            page_mm=length_mm(shop.get("page_thickness", "0.05mm")) or 0.05,
            cover_mm=length_mm(shop.get("cover_thickness", "0mm")) or 0.0,
            back_text=shop.get("back_text", ""), icc_profile=shop.get("icc_profile", "")),
        booklet=BookletSettings(booklet.get("sheets_per_signature")),
        timeline=TimelineSettings(max_pages=float(timeline.get("max_pages", 0)),
                                  keep=tuple(timeline.get("keep", EVENT_KINDS))),
    )
