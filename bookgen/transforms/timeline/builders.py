"""Builders: turn one rule's regex match into an EDTF date, the same way in every language.

Each factory closes over a language's :class:`Words` (its month names, ordinals, number words,
seasons, holidays and relative phrases) and returns a :data:`rules.Builder`.  Group names are the
contract between a language's patterns and these builders: ``y`` a year, ``mon`` a month name,
``dn``/``dw`` a day as digits/word, ``s`` a season word, ``h`` a holiday, ``rel`` a relative
phrase, ``a``/``b`` the ends of an interval.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from bookgen.transforms.timeline import edtf
from bookgen.transforms.timeline.holidays import holiday_date
from bookgen.transforms.timeline.rules import Result, State, in_range, pad, shifted


@dataclass(frozen=True)
class Relative:
    """A relative phrase: ``pattern`` (may hold a group ``n``), its base and its direction."""

    pattern: re.Pattern
    base: str  # "context" (the last date) or "book" (the book's date)
    direction: int  # -1, 0 or +1
    steps: int = 1


@dataclass(frozen=True)
class Words:
    months: dict[str, int]
    abbreviations: dict[str, int] = field(default_factory=dict)
    ordinals: dict[str, int] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    seasons: dict[str, int] = field(default_factory=dict)
    holidays: dict[str, str] = field(default_factory=dict)
    relatives: tuple[Relative, ...] = ()
    decade_words: dict[str, int] = field(default_factory=dict)


def _key(text: str) -> str:
    return " ".join(text.lower().replace(".", "").split())


def resolve_relative(words: Words, text: str, state: State) -> tuple[int | None, bool]:
    """The year a relative phrase (``två år senare``, ``this year``) points at, if it can be
    known, and whether that is a guess: a phrase counted from the last date is one when that
    date lies paragraphs back (a jump); "I år" counted from the book's or chapter's date is not."""
    text = _key(text)
    for rel in words.relatives:
        m = rel.pattern.fullmatch(text)
        if not m:
            continue
        steps = rel.steps
        if "n" in (m.groupdict() or {}) and m.group("n"):
            n = m.group("n")
            steps = int(n) if n.isdigit() else words.numbers.get(n, 0)
            if not 0 < steps < 200:
                return None, True
        if rel.base == "book":
            year = state.context.book_year
            return (None if year is None else year + rel.direction * steps), False
        return shifted(state, rel.direction, steps), state.context.jumped
    return None, True


def _year_of(m: re.Match, words: Words, state: State) -> tuple[int | None, bool]:
    """The year of a match: its ``y`` group, else its relative phrase, else the context: the last
    date (a guess), or, before any date, the chapter's year (not a guess) or the book's (one)."""
    groups = m.groupdict()
    if groups.get("y"):
        return int(groups["y"]), False
    if groups.get("yy"):
        return short_year(int(groups["yy"]), state.context.book_year), False
    if groups.get("rel"):
        return resolve_relative(words, groups["rel"], state)
    context = state.context
    if context.today and not context.last:  # the chapter's year, or (a guess) the book's
        return int(context.today[:4]), not context.chapter_dated
    return context.year(0), True


def short_year(yy: int, book_year: int | None) -> int:
    """``-79`` → 1979, ``-09`` → 2009: the latest such year not after the book (or 2030)."""
    limit = book_year or 2030
    return 2000 + yy if 2000 + yy <= limit else 1900 + yy


def full_date(words: Words):
    def build(m: re.Match, state: State) -> Result:
        g = m.groupdict()
        if g.get("dw") and not (g.get("den") or g.get("wd")):
            return None  # "andra maj" without "den" is too often "other May"
        month = words.months.get(_key(g["mon"]))
        if month is None and g.get("y"):  # "3 feb. 2007"; an abbreviation needs its year
            month = words.abbreviations.get(_key(g["mon"]))
        day = int(g["dn"]) if g.get("dn") else words.ordinals.get(_key(g.get("dw") or ""), 0)
        year, guessed = _year_of(m, words, state)
        if not (month and day and year):
            return None
        return f"{year:04d}-{pad(month, day)}", guessed

    return build


def numeric_date(m: re.Match, state: State) -> Result:
    g = m.groupdict()
    return f"{int(g['y']):04d}-{pad(int(g['m']), int(g['d']))}", False


def month(words: Words):
    def build(m: re.Match, state: State) -> Result:
        number = words.months.get(_key(m.group("mon")))
        year, guessed = _year_of(m, words, state)
        if not (number and year):
            return None
        return f"{year:04d}-{pad(number)}", guessed

    return build


def month_range(words: Words):
    def build(m: re.Match, state: State) -> Result:
        first, last = (words.months.get(_key(m.group(k))) for k in ("m1", "m2"))
        year = int(m.group("y"))
        if not (first and last and first < last):
            return None
        return f"{year}-{pad(first)}/{year}-{pad(last)}", False

    return build


def season(words: Words):
    def build(m: re.Match, state: State) -> Result:
        code = words.seasons.get(_key(m.group("s")))
        year, guessed = _year_of(m, words, state)
        if not (code and year):
            return None
        return f"{year:04d}-{code}", guessed

    return build


def holiday(words: Words):
    def build(m: re.Match, state: State) -> Result:
        key = words.holidays.get(_key(m.group("h")))
        year, guessed = _year_of(m, words, state)
        if not (key and year):
            return None
        date = holiday_date(key, year)
        return (date, guessed) if date else None

    return build


def relative(words: Words):
    def build(m: re.Match, state: State) -> Result:
        year, guessed = resolve_relative(words, m.group("rel"), state)
        return (f"{year:04d}", guessed) if year and 1000 <= year <= 2200 else None

    return build


def relative_day(days: dict[str, int]):
    """``i förrgår``, ``yesterday``: a day counted from the date of writing, which must be a day."""

    def build(m: re.Match, state: State) -> Result:
        today = state.context.today or ""
        shift = days.get(_key(m.group("rd")))
        if shift is None or len(today) != 10:
            return None
        day = datetime.date.fromisoformat(today) + datetime.timedelta(days=shift)
        return day.isoformat(), False

    return build


#: "i början av / mitten av / slutet av" a decade or century: the first, middle or last part
THIRDS = {"early": (0, 3, 0, 32), "mid": (4, 6, 33, 66), "late": (7, 9, 67, 99)}


def qualified_decade(words: Words, qualifiers: dict[str, str]):
    """``i mitten av 1920-talet`` → ``1924/1926``; ``the early 1900s`` → ``1900/1932``."""
    plain = decade(words)

    def build(m: re.Match, state: State) -> Result:
        result = plain(m, state)
        part = qualifiers.get(_key(m.group("q")))
        if not result or part is None:
            return result
        first, last = edtf.year_span(result[0]) or (0, 0)
        d0, d1, c0, c1 = THIRDS[part]
        low, high = (c0, c1) if last - first >= 99 else (d0, d1)
        return f"{first + low}/{first + high}", False

    return build


def season_interval(words: Words):
    """``från hösten 2019 till våren 2023`` → ``2019-23/2023-21`` (each end a season, a month
    or a bare year)."""

    def end(m: re.Match, n: str, year: str) -> str | None:
        if m.group(f"s{n}"):
            code = words.seasons.get(_key(m.group(f"s{n}")))
            return f"{year}-{code}" if code else None
        if m.group(f"m{n}"):
            month = words.months.get(_key(m.group(f"m{n}")))
            return f"{year}-{month:02d}" if month else None
        return year

    def build(m: re.Match, state: State) -> Result:
        a, b = m.group("a"), m.group("b")
        first, last = end(m, "1", a), end(m, "2", b)
        if not (first and last) or int(b) - int(a) > 100 or first == last:
            return None
        return f"{first}/{last}", False

    return build


def decade(words: Words):
    """``1980-talet``/``the 1980s`` → ``198X``; ``80-talet`` → ``198X``; ``1900-talet`` → ``19XX``."""

    def build(m: re.Match, state: State) -> Result:
        g = m.groupdict()
        if g.get("w"):
            start = words.decade_words.get(_key(g["w"]))
        else:
            start = _decade_start(g["d"], state.context.book_year)
        if start is None:
            return None
        if start % 100 == 0 and start != 2000 and len(g.get("d") or "") == 4:
            return f"{start // 100}XX", False
        return f"{start // 10}X", False

    return build


def _decade_start(digits: str, book_year: int | None) -> int | None:
    number = int(digits)
    if len(digits) == 4:
        return number if number % 10 == 0 and 1000 <= number <= 2090 else None
    if number % 10:
        return None
    if number >= 30:
        return 1900 + number
    if number < 20:
        return 2000 + number
    return 2000 + number if (book_year or 0) >= 2000 + number else 1900 + number


def interval(low: int = 1000, high: int = 2100):
    """``mellan 1990 och 1994``, ``1996–2001``, ``1996–97`` → ``1990/1994``."""

    def build(m: re.Match, state: State) -> Result:
        start, end = int(m.group("a")), m.group("b")
        stop = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
        if len(end) == 2 and int(end) <= 12:
            return None  # 2010-12 reads as a month, not a span
        if not (in_range(start, low, high) and in_range(stop, low, high) and 0 < stop - start <= 100):
            return None
        return f"{start}/{stop}", False

    return build


def year(low: int = 1000, high: int = 2100, guessed: bool = False, guess_words=frozenset()):
    """A year in context: a date as written, not a guess (``kring 1964`` is still 1964)."""

    def build(m: re.Match, state: State) -> Result:
        value = int(m.group("y"))
        if not in_range(value, low, high):
            return None
        return f"{value}", guessed

    return build


def chained_year(m: re.Match, state: State) -> Result:
    """The next year of a list (``2008, 2009 och 2010``) when the one before it was a date."""
    if state.prev_end != m.start():
        return None
    return m.group("y"), False


def weak_year(words_before: frozenset[str]):
    """A year with no trigger (``föddes 1958 i``), only for 1900–2099 and not 2000: in prose it
    is a date as written ("Vi köpte radion 1964"), not a guess."""

    def build(m: re.Match, state: State) -> Result:
        value = int(m.group("y"))
        if not 1900 <= value <= 2099 or value % 100 == 0:
            return None
        before = m.string[max(0, m.start() - 20) : m.start()].split()
        if before and _key(before[-1]) in words_before:
            return None
        return str(value), False

    return build
