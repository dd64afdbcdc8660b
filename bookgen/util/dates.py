"""The one moment a build writes into its outputs: when it was made, to the day.

``SOURCE_DATE_EPOCH`` (reproducible-builds.org) wins: ``make book`` sets it to the last commit's
time, so every clone of a commit builds the same bytes. Without it, the build's own day (UTC
midnight): builds on the same day give the same bytes, and a reader's e-reader shows when the
file was made (``dcterms:modified``), never a date that is really the book's (``dc:date``, from
book.toml, says when the book was written; a memoir dated 2011 built today was modified today).
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone

_BOOK_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def build_timestamp(now: datetime | None = None) -> datetime:
    """When the outputs say they were made: see the module's docstring."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            pass  # a moment no clock can say: fall back on the day
    now = now or datetime.now(timezone.utc)
    return datetime(now.year, now.month, now.day, tzinfo=timezone.utc)


def book_year(book_date: str, built: datetime) -> str:
    """The year for the colophon: the book's own date, else the build's."""
    return book_date[:4] if book_date[:4].isdigit() else str(built.year)
