"""The author's word on the timeline: ``timeline:`` entries in a section's front matter.

An entry adds an event (``date`` + ``text``), drops found ones (``match`` + ``drop: true``) or
redates them (``match`` + ``date``).  ``match`` is found in an event's sentence ignoring case,
space width and quote style.  Every problem is collected so one run reports them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bookgen.errors import ProblemList
from bookgen.model import TimelineEntry
from bookgen.transforms.timeline import edtf
from bookgen.transforms.timeline.rules import normalize


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


@dataclass
class Authored:
    """A section's usable entries and what reading its sentences did with them."""

    entries: list[TimelineEntry]
    used: set[int] = field(default_factory=set)
    #: entry number → the line of a sentence it matched that has no date to drop
    undated: dict[int, int | None] = field(default_factory=dict)


def verdict(sentence: str, authored: Authored, dated: bool,
            line: int | None = None) -> TimelineEntry | None:
    """The first match entry whose text is in ``sentence`` (and mark it used).

    A sentence without a found date can only be given one (``match`` + ``date``), not dropped;
    a drop that names such a sentence is remembered, so the author hears what is true.
    """
    if not any(entry.match for entry in authored.entries):
        return None
    key = comparable(sentence)
    for number, entry in enumerate(authored.entries):
        if not entry.match or comparable(entry.match) not in key:
            continue
        if dated or entry.date:
            authored.used.add(number)
            return entry
        authored.undated.setdefault(number, line)
    return None


def report_unused(authored: Authored, problems: ProblemList) -> None:
    for number, entry in enumerate(authored.entries):
        if not entry.match or number in authored.used:
            continue
        if number in authored.undated:
            line = authored.undated[number]
            where = f"the sentence on line {line}" if line else "the sentence it names"
            problems.warning(f"timeline entry: match {entry.match!r}: {where} has no date to "
                             "drop; nothing to do", entry.source)
        else:
            problems.error(
                f"timeline entry: match {entry.match!r} is in no sentence of this section",
                entry.source,
            )
