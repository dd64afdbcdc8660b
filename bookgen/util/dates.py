"""The one timestamp a build writes into its outputs, never the wall clock.

``SOURCE_DATE_EPOCH`` (reproducible-builds.org) wins; then the book's own date from book.toml
(``2011``, ``2011-02`` or ``2011-02-09``: two clones of a book have different file times, but the
same book.toml); only a book without a date falls back on the newest of book.toml and the
content files, so the same files give the same bytes.
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import datetime, timezone
from pathlib import Path

from bookgen.util.gate import read_file

_BOOK_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def build_timestamp(root: Path, book_date: str | None = None) -> datetime:
    """When the book was "made", as the outputs say it: see the module's docstring."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit() and len(epoch) < 12:  # beyond year 5000 is no time a file can carry
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    dated = date_of(book_date if book_date is not None else _book_toml_date(root))
    if dated is not None:
        return dated
    files = [root / "book.toml", *sorted((root / "content").glob("*.md"))]
    newest = max((_mtime(f) for f in files), default=0)
    return datetime.fromtimestamp(int(newest), tz=timezone.utc)


def date_of(book_date: str) -> datetime | None:
    """The start of a book.toml date (``2011`` → 2011-01-01 00:00 UTC), or None."""
    match = _BOOK_DATE.match(str(book_date).strip())
    if not match:
        return None
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        return datetime(max(year, 1), month, day, tzinfo=timezone.utc)
    except ValueError:
        return datetime(max(year, 1), 1, 1, tzinfo=timezone.utc)


def _book_toml_date(root: Path) -> str:
    try:
        data = tomllib.loads(read_file(root / "book.toml", root, 1 << 20).decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""
    book = data.get("book")
    return str(book.get("date", "")) if isinstance(book, dict) else ""


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime if path.is_file() else 0
    except OSError:
        return 0


def book_year(book_date: str, built: datetime) -> str:
    """The year for the colophon: the book's own date, else the build's."""
    return book_date[:4] if book_date[:4].isdigit() else str(built.year)
