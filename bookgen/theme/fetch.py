"""The only way rendering reads a file: inside the book folder, the built-in theme or the fonts.

WeasyPrint asks its URL fetcher for every stylesheet, image and font. This one answers data:
URLs and file: URLs that resolve (symlinks followed) inside the allowed folders, and refuses
everything else without opening it: no network scheme, no path outside the book. Refusals are
kept so the build can report them as errors naming the file that asked.

The book folder is given to WeasyPrint as a fixed base URL (``BOOK_BASE``), not as its real path,
so nothing path-dependent (an image's URL is hashed into the PDF's names) reaches the output and
two clones of a book at different paths render the same bytes.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from bookgen.readers.svg import SvgRefused, sanitize_svg
from bookgen.util.gate import FileRefused, read_file

BOOK_BASE = "file:///bookgen-book/"
MAX_FETCH_BYTES = 64 * 1024 * 1024


class RefusedURL(ValueError):
    pass


class BookFetcher(URLFetcher):
    """A URL fetcher confined to ``book`` and the ``allowed`` folders; it records refusals."""

    def __init__(self, book: Path, allowed: list[Path] | tuple[Path, ...] = ()):
        super().__init__(timeout=1, allowed_protocols=("file", "data"))
        self.book = book.resolve()
        self.allowed = [self.book, *(p.resolve() for p in allowed)]
        self.refused: list[tuple[str, str]] = []  # (url, why)

    def fetch(self, url: str, headers=None):
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file" or parts.netloc not in ("", "localhost"):
            return self._refuse(url, "only files inside the book folder are read, "
                                "never the network")
        path = self._path(unquote(parts.path))
        if path is None:
            return self._refuse(url, "the file is outside the book folder")
        if not path.exists():
            return self._refuse(url, "no such file")
        try:  # the gate: a regular file inside the allowed folders, bounded, read once
            data = read_file(path, self.allowed, MAX_FETCH_BYTES)
            if path.suffix.lower() == ".svg":
                data = sanitize_svg(data).data
        except (FileRefused, SvgRefused) as refused:
            return self._refuse(url, getattr(refused, "why", None) or f"the drawing {refused}")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, data, {"Content-Type": kind}, 200)

    def _path(self, url_path: str) -> Path | None:
        """The real file for a URL path (book-relative under ``BOOK_BASE``), if allowed."""
        base = urlsplit(BOOK_BASE).path
        if url_path.startswith(base):
            candidate = self.book / url2pathname(url_path[len(base):])
        else:
            candidate = Path(url2pathname(url_path))
        try:
            path = candidate.resolve()
        except (OSError, RuntimeError, ValueError):
            return None
        return path if any(path.is_relative_to(root) for root in self.allowed) else None

    def _refuse(self, url: str, why: str):
        self.refused.append((url, why))
        raise RefusedURL(f"refused {url}: {why}")
