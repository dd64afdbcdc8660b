"""The ids a book's sections and headings may not take: each other's, and the theme's own.

The one-file HTML (and so the PDF) holds every section, heading, chapter title and the theme's
fixed parts in one document, where an id may appear once; a clash would send a link or a
table-of-contents entry to the wrong place without a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bookgen.errors import ProblemList
from bookgen.model import Section

TIMELINE_ID = "tidslinje"  # the timeline appendix (writers use this one)
#: Ids the built-in templates write: the contents, the EPUB's landmarks, the timeline appendix.
FIXED_IDS = frozenset({"toc", "toc-title", "landmarks", TIMELINE_ID, f"{TIMELINE_ID}-title",
                       f"{TIMELINE_ID}--title"})
#: Ids bookgen makes: timeline anchors in the text (ev-1, …) and the EPUB's timeline entries.
_GENERATED = re.compile(r"^(ev-\d+|tl-.*)$")
_TITLE_SUFFIXES = ("--title", "-title")  # the EPUB's and the HTML's chapter title ids


def reserved_because(candidate: str, section_ids: Iterable[str]) -> str | None:
    """Why ``candidate`` may not be used as a section or heading id, or None when it may."""
    if candidate in FIXED_IDS:
        return f"the theme uses the id '{candidate}' itself"
    if _GENERATED.match(candidate):
        return f"bookgen makes ids like '{candidate}' for the timeline"
    for suffix in _TITLE_SUFFIXES:
        owner = candidate.removesuffix(suffix)
        if owner != candidate and owner in section_ids:
            return f"'{candidate}' is the id of the title of section '{owner}'"
    return None


def title_ids(section_ids: Iterable[str]) -> set[str]:
    """The ids the templates give the chapters' titles."""
    return {f"{sid}{suffix}" for sid in section_ids for suffix in _TITLE_SUFFIXES}


def check_section_ids(sections: tuple[Section, ...], problems: ProblemList,
                      part_ids: Iterable[str] = ()) -> None:
    """Every section and part id must be unique and none of the ids the theme or bookgen use."""
    seen: dict[str, Section] = {}
    ids = {s.id for s in sections}
    parts = list(part_ids)
    for part_id in sorted(set(parts)):
        if parts.count(part_id) > 1 or part_id in ids:
            problems.error(f"the part id '{part_id}' is used twice: give the part (or the "
                           "section) another 'id' in its front matter", None)
    for section in sections:
        if section.id in seen:
            problems.error(f"section id '{section.id}' is also the id of "
                           f"{seen[section.id].source.path}: give one an 'id' in its front matter",
                           section.source)
        seen[section.id] = section
        why = reserved_because(section.id, ids)
        if why:
            problems.error(f"section id '{section.id}' cannot be used: {why}; give the section "
                           "another 'id' in its front matter", section.source)
