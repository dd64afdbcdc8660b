"""The small part of EDTF (Extended Date/Time Format, ISO 8601-2 level 1) that a memoir needs.

Supported forms: ``2007``, ``2010-01``, ``2007-02-09``, seasons ``2009-21`` (spring) to ``-24``
(winter), a decade ``199X``, a century ``19XX`` and an interval ``1990/1994`` of any of these.
Everything here is pure and total: :func:`parse` returns ``None`` for anything else.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass

_SINGLE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?|(\d{3})X|(\d{2})XX")

SEASON_START_MONTH = {21: 3, 22: 6, 23: 9, 24: 12}

_NAMES = {
    "sv": {
        "months": "januari februari mars april maj juni juli augusti september oktober "
        "november december".split(),
        "seasons": {21: "våren", 22: "sommaren", 23: "hösten", 24: "vintern"},
        "decade": "{}-talet",
    },
    "en": {
        "months": "January February March April May June July August September October "
        "November December".split(),
        "seasons": {21: "spring", 22: "summer", 23: "autumn", 24: "winter"},
        "decade": "the {}s",
    },
}


@dataclass(frozen=True)
class Point:
    """One EDTF point: a year with an optional month/season and day, or a decade/century."""

    year: int
    month: int = 0  # 1..12, or 21..24 for a season
    day: int = 0
    precision: str = "year"  # day, month, season, year, decade, century

    def first_year(self) -> int:
        return self.year

    def last_year(self) -> int:
        return self.year + {"decade": 9, "century": 99}.get(self.precision, 0)

    def sort_key(self) -> tuple[int, int, int]:
        month = SEASON_START_MONTH.get(self.month, self.month)
        return (self.year, month, self.day)


def _parse_point(text: str) -> Point | None:
    m = _SINGLE.fullmatch(text)
    if not m:
        return None
    year, month, day, decade, century = m.groups()
    if decade:
        return Point(int(decade) * 10, precision="decade")
    if century:
        return Point(int(century) * 100, precision="century")
    y = int(year)
    if not month:
        return Point(y)
    mo = int(month)
    if 21 <= mo <= 24 and not day:
        return Point(y, mo, precision="season")
    if not 1 <= mo <= 12:
        return None
    if not day:
        return Point(y, mo, precision="month")
    d = int(day)
    if not 1 <= d <= calendar.monthrange(max(y, 1), mo)[1]:
        return None
    return Point(y, mo, d, precision="day")


def parse(text: str) -> tuple[Point, ...] | None:
    """One point, or two for an interval (start not after end); ``None`` if not valid."""
    if not isinstance(text, str) or len(text) > 30:
        return None
    return _parse(text)


@functools.lru_cache(maxsize=4096)  # a book has few distinct dates, read many times
def _parse(text: str) -> tuple[Point, ...] | None:
    parts = text.strip().split("/")
    if len(parts) > 2:
        return None
    points = tuple(_parse_point(p) for p in parts)
    if any(p is None for p in points):
        return None
    if len(points) == 2 and points[0].sort_key() > points[1].sort_key():
        return None
    return points  # type: ignore[return-value]


def is_valid(text: str) -> bool:
    return parse(text) is not None


def sort_key(text: str) -> tuple[int, int, int, int]:
    """Chronological order: by start, then the shorter span first; invalid dates last."""
    points = parse(text)
    if not points:
        return (10**6, 0, 0, 0)
    start = points[0].sort_key()
    return (*start, points[-1].last_year() - points[0].first_year())


def year_span(text: str) -> tuple[int, int] | None:
    """First and last year a date covers (``199X`` → 1990, 1999)."""
    points = parse(text)
    if not points:
        return None
    return points[0].first_year(), points[-1].last_year()


def _format_point(p: Point, lang: str) -> str:
    names = _NAMES.get(lang, _NAMES["en"])
    if p.precision == "decade":
        return names["decade"].format(p.year)
    if p.precision == "century":
        return f"{p.year}-talet" if lang == "sv" else f"the {p.year}s"
    if p.precision == "season":
        return f"{names['seasons'][p.month]} {p.year}"
    if p.precision == "month":
        return f"{names['months'][p.month - 1]} {p.year}"
    if p.precision == "day":
        return f"{p.day} {names['months'][p.month - 1]} {p.year}"
    return str(p.year)


def format_date(text: str, lang: str = "sv") -> str:
    """A reader's form: ``9 februari 2007``, ``våren 2009``, ``1990–1994``, ``1980-talet``."""
    points = parse(text)
    if not points:
        return text
    return "–".join(_format_point(p, lang) for p in points)
