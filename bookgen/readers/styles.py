"""A stylesheet made self-contained: every ``url()`` checked, local files inlined, the rest refused.

The theme's stylesheet is written into the HTML's <style> element, so a relative URL in it would
resolve against the book folder rather than the stylesheet's own folder, and an absolute one
would be fetched while rendering. Here each URL is checked where it is written: a file inside the
book (relative to the stylesheet) becomes a ``data:`` URL, and a web address, a ``file:`` URL, a
path out of the book (``..``, a symlink) or a missing file is an error naming the stylesheet's
line. A drawing (an .svg file or a ``data:`` SVG) is sanitised by :mod:`bookgen.readers.svg`.
``@import`` is refused: bookgen reads one stylesheet, book.css. Line breaks are kept, so
WeasyPrint's line numbers still point into the file.
"""

from __future__ import annotations

import base64
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

import tinycss2
from tinycss2 import ast

from bookgen.errors import ProblemList
from bookgen.model import SourceRef
from bookgen.readers.files import inside
from bookgen.readers.images import IMAGE_CHECKS, MAX_IMAGE_BYTES, data_problem
from bookgen.readers.svg import SvgRefused, sanitize_svg
from bookgen.util.gate import FileRefused, read_file

_URL_FUNCTIONS = {"url", "src", "image-set", "-webkit-image-set", "image", "cross-fade"}
_FONT_TYPES = {".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf",
               ".otf": "font/otf"}


@dataclass(frozen=True)
class _Sheet:
    rel: str  # the stylesheet's path for messages
    folder: Path  # relative URLs start here
    root: Path  # and may not leave this folder
    problems: ProblemList


def self_contained_css(text: str, rel: str, folder: Path, root: Path,
                       problems: ProblemList) -> str:
    """``text`` with every local ``url()`` inlined; problems for every URL that is not allowed."""
    tokens = tinycss2.parse_component_value_list(text, skip_comments=False)
    sheet = _Sheet(rel, folder, root.resolve(), problems)
    if not _rewrite(tokens, sheet):
        return text
    return tinycss2.serialize(tokens)


def _rewrite(tokens: list, sheet: _Sheet, in_url_function: bool = False) -> bool:
    """Replace URLs in ``tokens`` (in place, recursively); True if anything changed."""
    changed = False
    for index, token in enumerate(tokens):
        if token.type == "at-keyword" and token.lower_value == "import":
            sheet.problems.error("@import is not supported: put the rules in the stylesheet "
                                 "itself", SourceRef(sheet.rel, token.source_line))
        elif token.type == "url" or (in_url_function and token.type == "string"):
            replacement = _inlined(token.value, token.source_line, sheet)
            if replacement is not None:
                kind = ast.URLToken if token.type == "url" else ast.StringToken
                tokens[index] = kind(token.source_line, token.source_column, replacement,
                                     f'url("{replacement}")' if token.type == "url"
                                     else f'"{replacement}"')
                changed = True
        elif token.type == "function":
            inner = token.lower_name in _URL_FUNCTIONS
            changed |= _rewrite(token.arguments, sheet, inner)
        elif token.type in ("{} block", "[] block", "() block"):
            changed |= _rewrite(token.content, sheet, in_url_function)
    return changed


def _inlined(url: str, line: int, sheet: _Sheet) -> str | None:
    """The ``data:`` URL for a local file, None to leave ``url`` as it is (#fragment, a data:
    URL that is not a drawing). A data: SVG is sanitised like an SVG file."""
    url = url.strip()
    where = SourceRef(sheet.rel, line)
    if url.lower().startswith("data:"):
        return _checked_data_svg(url, where, sheet)
    if not url or url.startswith("#"):
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("/", "\\")):
        sheet.problems.error(f"'{url}' is not read: a stylesheet may use only files inside the "
                             "book folder (no web addresses, file: URLs or absolute paths)", where)
        return None
    path = inside(sheet.folder / unquote(parts.path), sheet.root)
    if path is None:
        sheet.problems.error(f"'{url}' is outside the book folder and is not read", where)
        return None
    try:
        data = read_file(path, sheet.root, MAX_IMAGE_BYTES)
    except FileRefused as refused:
        missing = not path.exists()
        sheet.problems.error(f"'{url}' does not exist (relative to {sheet.rel})" if missing
                             else f"'{url}': {refused.why}", where)
        return None
    suffix = path.suffix.lower()
    if suffix in IMAGE_CHECKS and (why := data_problem(data, suffix)):
        sheet.problems.error(f"'{url}' {why}", where)
        return None
    if suffix == ".svg":
        data = sanitize_svg(data).data
    return _data_url(path, data, parts.fragment)


def _checked_data_svg(url: str, where: SourceRef, sheet: _Sheet) -> str | None:
    """A ``data:image/svg+xml`` URL with its drawing sanitised; other data: URLs as they are."""
    head = url[5:].split(",", 1)[0].split(";")[0].strip().lower()
    if head != "image/svg+xml":
        return None
    try:
        return "data:image/svg+xml;base64," + base64.b64encode(
            sanitize_svg(_data_bytes(url)).data).decode("ascii")
    except SvgRefused as refused:
        sheet.problems.error(f"a data: SVG image {refused}", where)
    except ValueError:
        sheet.problems.error("a data: SVG image cannot be read", where)
    return None


def _data_bytes(url: str) -> bytes:
    head, _, payload = url[5:].partition(",")
    if "base64" in [p.strip().lower() for p in head.split(";")[1:]]:
        return base64.b64decode("".join(payload.split()), validate=True)
    return unquote_to_bytes(payload)


def _data_url(path: Path, data: bytes, fragment: str) -> str:
    kind = (_FONT_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
            or "application/octet-stream")
    encoded = base64.b64encode(data).decode("ascii")
    return f"data:{kind};base64,{encoded}" + (f"#{fragment}" if fragment else "")
