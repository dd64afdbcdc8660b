"""Parts and kinds of section: a part folder's title and text, and each section's ``kind``.

The book's order is the order of the files, with one correction a book designer would make: a
section whose kind belongs before the contents (dedication, epigraph), after them (foreword,
preface, introduction) or after the last chapter (afterword, acknowledgments, appendix) is set
there even if its file name sorts it elsewhere; a warning says so.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from bookgen.errors import ProblemList
from bookgen.model import KINDS, MATTERS, Part, Section, SourceRef
from bookgen.readers.frontmatter import PART_KEYS, FrontMatter

_NUMBER_PREFIX = re.compile(r"^\d+[-_. ]*")
ALIASES = {"acknowledgements": "acknowledgments"}  # the British spelling


def section_kind(front: FrontMatter, rel: str, problems: ProblemList) -> str:
    value = front.values.get("kind")
    if value is None:
        return "chapter"
    where = SourceRef(rel, front.lines.get("kind"))
    kind = str(value).strip().lower()
    kind = ALIASES.get(kind, kind)
    if kind in KINDS:
        return kind
    close = difflib.get_close_matches(kind, KINDS, n=1, cutoff=0.0)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    problems.error(f"unknown kind '{value}'.{hint} (kinds: {', '.join(KINDS)})", where)
    return "chapter"


def folder_title(folder: Path) -> str:
    """``02-arbetslivet`` → ``Arbetslivet``: the part's title when it has no part.md."""
    name = _NUMBER_PREFIX.sub("", folder.name) or folder.name
    name = re.sub(r"[-_\s]+", " ", name).strip()
    return name[:1].upper() + name[1:]


def part_values(front: FrontMatter | None, rel: str, problems: ProblemList) -> dict[str, str]:
    """The title and id a part.md gives (each may be missing)."""
    if front is None:
        return {}
    values: dict[str, str] = {}
    for key, value in front.values.items():
        where = SourceRef(rel, front.lines.get(str(key)))
        if key not in PART_KEYS:
            problems.warning(f"unknown key '{key}' in a part's part.md (known: "
                             f"{', '.join(PART_KEYS)})", where)
        elif not isinstance(value, (str, int, float)) or not str(value).strip():
            problems.error(f"'{key}' must be text", where)
        else:
            values[key] = str(front.scalars.get(key, value)).strip()
    return values


def check_part_kinds(part: Part, sections: list[Section], problems: ProblemList) -> None:
    """Only the book's body (chapters, a prologue, an epilogue) can be in a part."""
    for section in sections:
        if section.matter != "body":
            problems.error(f"a section of kind '{section.kind}' belongs to the whole book, not "
                           f"to the part '{part.title}': move its file up into content/",
                           section.source)


def book_order(entries: list[Section | tuple[Part, list[Section]]],
               problems: ProblemList) -> list[Section | tuple[Part, list[Section]]]:
    """The entries in the order of the parts of a book (front, body, back), stable."""
    def rank(entry) -> int:
        return 2 if isinstance(entry, tuple) else MATTERS.index(entry.matter)

    ranks = [rank(e) for e in entries]
    for index, entry in enumerate(entries):
        if isinstance(entry, Section) and entry.matter != "body" and (
                any(r > ranks[index] for r in ranks[:index])
                or any(r < ranks[index] for r in ranks[index + 1:])):
            problems.warning(f"a section of kind '{entry.kind}' is set "
                             f"{_place(entry.matter)}, not where its file name sorts it",
                             entry.source)
    return sorted(entries, key=rank)  # stable: file order within each matter


def _place(matter: str) -> str:
    return {"front-before-contents": "before the contents",
            "front": "after the contents, before the first chapter",
            "body": "among the chapters",
            "back": "after the last chapter"}[matter]
