"""What the timeline tells the author about the text: weekdays that contradict their dates,
"I år" with no date to count from, and datelines that are not events.
"""

from __future__ import annotations

import re

from bookgen.model import Block, Paragraph
from bookgen.transforms.timeline import edtf
from bookgen.transforms.timeline.rules import Context, Found, Language, find_dates, language_for

WEEKDAY_NAMES = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_DAY_WORDS = re.compile(r"går|yesterday|förrgår", re.IGNORECASE)
MAX_DATELINE_WORDS = 8
CLOSING = 2  # a dateline is one of the last two blocks of its section


def wrong_weekday(sentence: str, found, language: str) -> str:
    """A warning when a mention's weekday is not its date's: "onsdagen den 9 maj 1975"."""
    if not isinstance(found, Found) or not found.weekday:
        return ""
    written, actual = found.weekday
    stems = getattr(language_for(language), "weekdays", ())
    said = next((WEEKDAY_NAMES[i] for i, stem in enumerate(stems)
                 if written.lower().startswith(stem)), written)
    when = edtf.format_date(found.date, language)
    quoted = " ".join(sentence[found.start:found.end].split())
    return (f"“{quoted}”: {when} was a {WEEKDAY_NAMES[actual]}, not a {said}; the timeline "
            f"keeps the date ({found.date}): check which is right")


def needs_today(sentence: str, language: Language | None, context: Context) -> str:
    """A warning for "I år" (or "i går") where neither the book nor the chapter has a date."""
    if language is None or language.needs_today is None or len(context.today or "") == 10:
        return ""  # nothing can lack its date
    if context.book_year and not any(w in sentence for w in ("går", "GÅR", "esterday")):
        return ""  # only "i går" can lack its date, and there is none
    m = language.needs_today.search(sentence)
    if not m:
        return ""
    phrase = m.group(0)
    day = bool(_DAY_WORDS.search(phrase))
    today = context.today or ""
    if day and len(today) == 10 or not day and context.book_year:
        return ""
    want = "a day (date: 2011-03-03)" if day else "a year"
    return (f"“{phrase}” needs to know when it was written: give the chapter {want} in its "
            "front matter (date:) or the book a date in book.toml; it is not in the timeline")


class DatelineFinder:
    """Finds the dateline that may close a section (a foreword's "Sundsvall i mars 2024",
    with or without a signature line): short lines of a place and a date, and no sentence."""

    def __init__(self, blocks: tuple[Block, ...], language: Language | None):
        text = [b for b in blocks if type(b).__name__ != "Footnote"]  # notes follow the text
        tail = [b for b in text[-CLOSING:] if isinstance(b, Paragraph)]
        self.candidates = {id(b) for b in tail}
        self.language = language

    def is_dateline(self, paragraph: Paragraph, text: str) -> bool:
        if id(paragraph) not in self.candidates or self.language is None or len(text) > 200:
            return False
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        if not lines or len(lines) > 3 or len(text.split()) > MAX_DATELINE_WORDS + 3:
            return False
        return any(self._dated_line(line) for line in lines)

    def _dated_line(self, line: str) -> bool:
        if len(line.split()) > MAX_DATELINE_WORDS or line.rstrip().endswith(("?", "!")):
            return False
        found = find_dates(line, self.language, Context())[0]
        if not found:
            return False
        rest = line
        for date in reversed(found):
            rest = rest[:date.start] + " " + rest[date.end:]
        words = [w.strip(",.") for w in rest.split() if w.strip(",.")]
        words = [w for w in words if w.lower() not in ("i", "den", "in", "on", "the", "of")]
        return len(words) <= 3 and all(w[:1].isupper() for w in words)
