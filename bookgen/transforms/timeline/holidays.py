"""Holidays as EDTF: a fixed day, a movable day computed for the year, or the holiday's month.

Choices: a holiday that is a season of days ("jul", "midsommar", "påsk", "Christmas") becomes the
month it falls in (``1995-12``, ``2004-06``, the month of Easter Sunday that year); a named single
day ("julafton", "midsommarafton", "Christmas Eve") becomes that day.
"""

from __future__ import annotations

import datetime


def easter(year: int) -> datetime.date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return datetime.date(year, month, day)


def _weekday_on_or_after(year: int, month: int, day: int, weekday: int) -> datetime.date:
    start = datetime.date(year, month, day)
    return start + datetime.timedelta(days=(weekday - start.weekday()) % 7)


def _iso(day: datetime.date) -> str:
    return day.isoformat()


# kind: a fixed "MM-DD", a fixed "MM", or a function of the year giving an EDTF date.
HOLIDAYS = {
    "christmas": "12",
    "christmas eve": "12-24",
    "christmas day": "12-25",
    "boxing day": "12-26",
    "new year's eve": "12-31",
    "new year's day": "01-01",
    "midsummer": "06",
    "midsummer eve": lambda y: _iso(_weekday_on_or_after(y, 6, 19, 4)),
    "easter": lambda y: f"{y}-{easter(y).month:02d}",
    "easter sunday": lambda y: _iso(easter(y)),
    "good friday": lambda y: _iso(easter(y) - datetime.timedelta(days=2)),
    "easter eve": lambda y: _iso(easter(y) - datetime.timedelta(days=1)),
    "easter monday": lambda y: _iso(easter(y) + datetime.timedelta(days=1)),
    "walpurgis": "04-30",
    "national day": "06-06",
    "lucia": "12-13",
    "epiphany": "01-06",
    "halloween": "10-31",
    "independence day": "07-04",
    "thanksgiving": lambda y: _iso(_weekday_on_or_after(y, 11, 22, 3)),
}


def holiday_date(key: str, year: int) -> str | None:
    """The EDTF date of a holiday (a key of :data:`HOLIDAYS`) in ``year``."""
    rule = HOLIDAYS.get(key)
    if rule is None or not 1583 <= year <= 9999:
        return None
    return rule(year) if callable(rule) else f"{year}-{rule}"
