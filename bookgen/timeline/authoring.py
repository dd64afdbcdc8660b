"""The author's word on the timeline: ``timeline:`` entries in a section's front matter.

An entry adds an event (``date`` + ``text``), drops found ones (``match`` + ``drop: true``) or
redates them (``match`` + ``date``).  ``match`` is found in an event's sentence ignoring case,
space width and quote style.  Every problem is collected so one run reports them all.
"""

from __future__ import annotations

from bookgen.errors import ProblemList
from bookgen.model import TimelineEntry
from bookgen.timeline import edtf
from bookgen.timeline.rules import normalize


def comparable(text: str) -> str:
    return " ".join(normalize(text)[0].casefold().split())


def check_entries(entries: tuple[TimelineEntry, ...], problems: ProblemList) -> list[TimelineEntry]:
    """The usable entries; a problem for each one that is not."""
    usable = []
    for entry in entries:
        message = _entry_problem(entry)
        if message:
            problems.error(f"timeline entry: {message}", entry.source)
        else:
            usable.append(entry)
    return usable


def _entry_problem(entry: TimelineEntry) -> str:
    if entry.date and not edtf.is_valid(entry.date):
        return (f"{entry.date!r} is not an EDTF date (use 2007, 2010-01, 2007-02-09, 2009-21 for "
                "spring, 199X or 1990/1994)")
    if entry.match:
        if entry.drop and entry.date:
            return "give either drop: true or a date for a match, not both"
        if not (entry.drop or entry.date):
            return f"match {entry.match!r} needs drop: true or a new date"
        return ""
    if entry.drop:
        return "drop: true needs a match"
    if not entry.date:
        return "an entry needs a date (to add an event) or a match (to drop or redate one)"
    if not entry.text.strip():
        return f"the added event {entry.date} needs a text"
    return ""


def verdict(
    sentence: str, entries: list[TimelineEntry], used: set[int], dated: bool
) -> TimelineEntry | None:
    """The first match entry whose text is in ``sentence`` (and mark it used).

    A sentence without a found date can only be given one (``match`` + ``date``), not dropped.
    """
    if not any(entry.match for entry in entries):
        return None
    key = comparable(sentence)
    for number, entry in enumerate(entries):
        if entry.match and (dated or entry.date) and comparable(entry.match) in key:
            used.add(number)
            return entry
    return None


def report_unused(entries: list[TimelineEntry], used: set[int], problems: ProblemList) -> None:
    for number, entry in enumerate(entries):
        if entry.match and number not in used:
            problems.error(
                f"timeline entry: match {entry.match!r} is in no sentence of this section",
                entry.source,
            )
