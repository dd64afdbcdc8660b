"""The only way rendering reads a file: inside the book folder, the built-in theme or the fonts.

WeasyPrint asks its URL fetcher for every stylesheet, image and font. This one answers data:
URLs and file: URLs that resolve (symlinks followed) inside the allowed folders, and refuses
everything else without opening it: no network scheme, no path outside the book. Refusals are
kept so the build can report them as errors naming the file that asked.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedURL(ValueError):
    pass


class BookFetcher(URLFetcher):
    """A URL fetcher confined to ``allowed`` folders; it records what it refused."""

    def __init__(self, allowed: list[Path]):
        super().__init__(timeout=1, allowed_protocols=("file", "data"))
        self.allowed = [p.resolve() for p in allowed]
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None):
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file" or parts.netloc not in ("", "localhost"):
            return self._refuse(url, "only files inside the book folder are read")
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not any(path.is_relative_to(root) for root in self.allowed):
            return self._refuse(url, "the file is outside the book folder")
        if not path.is_file():
            return self._refuse(url, "no such file")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                  {"Content-Type": kind}, 200)

    def _refuse(self, url: str, why: str):
        self.refused.append(url)
        raise RefusedURL(f"refused {url}: {why}")
