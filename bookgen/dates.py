"""The one timestamp a build writes into its outputs, never the wall clock alone.

``SOURCE_DATE_EPOCH`` (reproducible-builds.org) wins; otherwise the newest of book.toml and the
content files, so the same files give the same bytes.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path


def build_timestamp(root: Path) -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    files = [root / "book.toml", *(root / "content").glob("*.md")]
    newest = max((f.stat().st_mtime for f in files if f.is_file()), default=0)
    return datetime.fromtimestamp(int(newest), tz=timezone.utc)


def book_year(book_date: str, built: datetime) -> str:
    """The year for the colophon: the book's own date, else the build's."""
    return book_date[:4] if book_date[:4].isdigit() else str(built.year)
