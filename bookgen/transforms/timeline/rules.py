"""The machinery shared by every language's rule table.

A language is a table of :class:`Rule` (a compiled regex and a builder that turns its match into
an EDTF date).  :func:`find_dates` runs every rule over one sentence, keeps the longest matches
that do not overlap, and builds them left to right so relative references ("samma år", "two
years later") resolve against the date just before them.  A new language is one module that
calls :func:`register`.
"""

from __future__ import annotations

import datetime
import functools
import importlib
import re
from dataclasses import dataclass, replace
from typing import Callable, Optional

from bookgen.transforms.timeline import edtf


@dataclass(frozen=True)
class Context:
    """What relative references resolve against: the last date read and the book's year.

    ``today`` is the date the text was written, when known: a chapter's ``date:`` (a blog post)
    or else the book's; "i går" and "yesterday" count from it.  ``chapter_dated`` says it is the
    chapter's own, so a day without a year ("den tionde maj") falls in its year.  ``age`` counts
    paragraphs since ``last`` was read (a large number after a chapter boundary): a relative
    reference that leans on a date from further back is a guess.
    """

    last: Optional[str] = None
    book_year: Optional[int] = None
    today: Optional[str] = None
    chapter_dated: bool = False
    age: int = 0

    @property
    def jumped(self) -> bool:
        """The last date is not in this paragraph or the one before it."""
        return self.age >= JUMP

    def year(self, direction: int = 0) -> Optional[int]:
        """The year of the last date; forward steps count from its end, backward from its start."""
        span = edtf.year_span(self.last) if self.last else None
        if not span or "X" in (self.last or ""):
            return None
        first, last = span
        if direction > 0:
            return last if last - first < 10 else None
        if direction < 0:
            return first if last - first < 10 else None
        return first if first == last else None


JUMP = 2  # paragraphs: "Samma år" two paragraphs after its year is a guess


@dataclass(frozen=True)
class Found:
    """One date mention: its span in the sentence, its EDTF date and whether it is a guess.

    ``weekday`` is set when the mention names a weekday that its date does not fall on: the
    weekday as written and the one the calendar gives (0 = Monday).
    """

    start: int
    end: int
    date: str
    guessed: bool = False
    weekday: Optional[tuple[str, int]] = None


@dataclass
class State:
    context: Context
    prev_end: int = -1  # where the last accepted date of this sentence ends (for lists)


Result = Optional[tuple[str, bool]]
Builder = Callable[[re.Match, State], Result]


@dataclass(frozen=True)
class Rule:
    """A pattern and its builder; the rule runs only on sentences that can hold a match.

    ``digit``: the match contains a four-digit year.  ``needs``: lowercase substrings of which the match
    contains at least one.  These cheap gates keep a long chapter fast.
    """

    name: str
    pattern: re.Pattern
    build: Builder
    digit: bool = False
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Language:
    """A rule table; ``weekdays`` the stems of Monday … Sunday, to check a weekday against its
    date; ``needs_today`` a pattern of phrases that mean nothing without the date of writing
    ("I år", "i går"): found where no date is known, they are reported, not guessed."""

    code: str
    rules: tuple[Rule, ...]
    weekdays: tuple[str, ...] = ()
    needs_today: Optional[re.Pattern] = None


_REGISTRY: dict[str, Language] = {}


def register(language: Language) -> None:
    _REGISTRY[language.code] = language


#: The module that registers each language's table, imported only when a book needs it (each
#: compiles its patterns at import: a Swedish book need not pay for the English rules).
_MODULES = {"sv": "bookgen.transforms.timeline.swedish", "en": "bookgen.transforms.timeline.english"}


def language_for(code: str) -> Optional[Language]:
    """The rule table for a language code (``sv``, ``sv-SE`` and ``en-GB`` work too)."""
    code = (code or "").lower()
    base = code.split("-")[0].split("_")[0]
    if base in _MODULES and base not in _REGISTRY:
        importlib.import_module(_MODULES[base])
    return _REGISTRY.get(code) or _REGISTRY.get(base)


def languages() -> list[str]:
    for module in _MODULES.values():
        importlib.import_module(module)
    return sorted(_REGISTRY)


# ----------------------------------------------------------------- normalizing

_SAME_LENGTH = str.maketrans(
    {
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\u2002": " ",
        "\u2003": " ", "\t": " ", "\n": " ", "\r": " ",
        "\u2013": "-", "\u2014": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-",
        "\u201d": '"', "\u201c": '"', "\u201e": '"', "\u00bb": '"', "\u00ab": '"',
        "\u2019": "'", "\u2018": "'", "\u2032": "'",
    }
)
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")


def normalize(text: str) -> tuple[str, list[int]]:
    """Text for matching and, per character of it, its index in ``text``.

    Spaces of every width become a space, dashes a hyphen, curly quotes straight ones, and
    soft hyphens and zero-width characters disappear; the index map keeps spans verbatim.
    """
    if not _INVISIBLE.intersection(text):
        return text.translate(_SAME_LENGTH), list(range(len(text) + 1))
    chars, index = [], []
    for i, ch in enumerate(text):
        if ch not in _INVISIBLE:
            chars.append(ch)
            index.append(i)
    index.append(len(text))
    return "".join(chars).translate(_SAME_LENGTH), index


# ----------------------------------------------------------------- matching


def find_dates(sentence: str, language: Language, context: Context) -> tuple[list[Found], Context]:
    """Every date mention in one sentence, and the context after it (its last date)."""
    text, index = normalize(sentence)
    chosen = _choose(text, language.rules)
    state = State(context)
    found: list[Found] = []
    for m, rule in chosen:
        try:
            result = rule.build(m, state)
        except (ValueError, KeyError, IndexError, OverflowError):
            result = None
        if not result or not edtf.is_valid(result[0]):
            continue
        date, guessed = result
        found.append(Found(index[m.start()], index[m.end()], date, guessed,
                           _wrong_weekday(m, date, language)))
        state.prev_end = m.end()
        state.context = replace(state.context, last=date, age=0)
    return found, state.context


def _wrong_weekday(m: re.Match, date: str, language: Language) -> Optional[tuple[str, int]]:
    """``("onsdagen", 4)`` for "onsdagen den 9 maj 1975" (a Friday); ``None`` when it agrees."""
    written = (m.groupdict().get("wd") or "").strip(" ,")
    if not written or not language.weekdays or len(date) != 10:
        return None
    stem = next((i for i, s in enumerate(language.weekdays) if written.lower().startswith(s)), None)
    try:
        actual = datetime.date.fromisoformat(date).weekday()
    except ValueError:
        return None
    return None if stem is None or stem == actual else (written, actual)


_DIGIT = re.compile(r"\d{4}")  # every digit rule needs a four-digit year


@functools.lru_cache(maxsize=None)
def _gate(needs: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in needs))


def _choose(text: str, rules: tuple[Rule, ...]) -> list[tuple[re.Match, Rule]]:
    """The longest non-overlapping matches of all rules (ties: the earlier rule), in text order."""
    candidates = []
    lower, digit = text.lower(), _DIGIT.search(text) is not None
    gates: dict[tuple[str, ...], bool] = {(): True}
    for order, rule in enumerate(rules):
        if rule.digit and not digit:
            continue
        if rule.needs not in gates:
            gates[rule.needs] = _gate(rule.needs).search(lower) is not None
        if not gates[rule.needs]:
            continue
        for m in rule.pattern.finditer(text):
            if m.end() > m.start():
                candidates.append((-(m.end() - m.start()), order, m.start(), m, rule))
    candidates.sort(key=lambda c: c[:3])
    taken = bytearray(len(text))
    chosen = []
    for _, _, start, m, rule in candidates:
        if any(taken[start : m.end()]):
            continue
        taken[start : m.end()] = b"\x01" * (m.end() - start)
        chosen.append((m, rule))
    chosen.sort(key=lambda c: c[0].start())
    return chosen


# ----------------------------------------------------------------- shared fragments


def year_pattern(name: str, count_words: str = "", dash_ok: bool = False) -> str:
    """A four-digit year 1000–2100 standing alone (not part of a bigger number or a count).

    ``dash_ok`` lets a dash and a digit follow (the start of ``1996–2001``).
    """
    tail = rf"(?!\s+(?:{count_words})\b)" if count_words else ""
    dash = "" if dash_ok else r"|-\d"
    return (
        rf"(?<![\w.,:/+$€£])(?<!\d )(?P<{name}>1\d{{3}}|20\d{{2}}|2100)"
        rf"(?![\w%$€£]|[.,:/]\d{dash}|:-|\s*%|\s?-\s?tal){tail}"
    )


def alternation(words) -> str:
    """A regex alternation of literal words or phrases, longest first so none shadows a longer
    one; a space in a phrase matches any run of spaces."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace("\\ ", r"\s+") for w in ordered)


def pad(month: int, day: int = 0) -> str:
    return f"{month:02d}" + (f"-{day:02d}" if day else "")


def shifted(state: State, direction: int, steps: int) -> Optional[int]:
    """The context year moved ``steps`` years in ``direction`` (-1, 0, +1)."""
    year = state.context.year(direction)
    return None if year is None else year + direction * steps


def in_range(year: int, low: int = 1000, high: int = 2100) -> Optional[int]:
    return year if low <= year <= high else None
