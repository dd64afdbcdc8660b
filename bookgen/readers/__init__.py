"""Readers: a book folder (book.toml + content/*.md) → :class:`Book`.

Every problem found in one pass is collected and reported together.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from bookgen.errors import BookError, ProblemList
from bookgen.model import Book, Section, SourceRef
from bookgen.readers.config import MAX_TITLE, read_config
from bookgen.readers.files import inside, read_text
from bookgen.readers.frontmatter import (KNOWN_KEYS, FrontMatter, index_of, read_front_matter,
                                         timeline_entries)
from bookgen.readers.ids import check_section_ids
from bookgen.readers.markdown import NestingTooDeep, parse_blocks
from bookgen.readers.references import check_cover, check_references, number_headings
from bookgen.util.text import slugify

CONTENT_DIR = "content"
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_BRACKETS = 20_000  # markdown-it's link search is quadratic in the number of '['
_ID = re.compile(r"^[a-z][a-z0-9-]*$")


def read_book(root: Path | str) -> Book:
    """Read a book folder; raise :class:`BookError` with every problem found."""
    root = Path(root).resolve()
    problems = ProblemList()
    if not root.is_dir():
        raise BookError(f"no book folder at {root}")
    metadata = read_config(root, problems)
    sections = tuple(s for s in map(lambda p: _read_section(root, p, problems),
                                    content_files(root, problems)) if s)
    check_section_ids(sections, problems)
    sections = number_headings(sections)
    check_references(root, sections, problems)
    if metadata is not None:
        check_cover(root, metadata.cover_image, problems)
    problems.raise_if_errors()
    warnings = tuple(p for p in problems.items if p.severity == "warning")
    return Book(root=root, metadata=metadata, sections=sections,  # type: ignore[arg-type]
                warnings=warnings)


def content_files(root: Path, problems: ProblemList) -> list[Path]:
    """The Markdown files of content/, in file name order (hidden files are left out)."""
    content = root / CONTENT_DIR
    if not content.is_dir():
        what = ("content is a file, not a folder" if content.exists() else "no content/ folder")
        problems.error(f"{what}: put the book's sections in a content/ folder as 01-name.md, …",
                       SourceRef(CONTENT_DIR))
        return []
    if inside(content, root) is None:
        problems.error("content/ links to a place outside the book folder",
                       SourceRef(CONTENT_DIR))
        return []
    files = sorted(p for p in content.iterdir()
                   if p.suffix.lower() == ".md" and not p.name.startswith("."))
    if not files:
        problems.error("content/ holds no .md files: write each section as 01-name.md",
                       SourceRef(CONTENT_DIR))
    return files


def _read_text(path: Path, rel: str, root: Path, problems: ProblemList) -> str | None:
    text = read_text(path, rel, root, problems, MAX_FILE_BYTES)
    if text is not None and not text.strip():
        problems.error("the file is empty: start it with front matter giving its title "
                       "(---, title: …, ---)", SourceRef(rel, 1))
        return None
    return text


def _read_section(root: Path, path: Path, problems: ProblemList) -> Section | None:
    rel = path.relative_to(root).as_posix()
    text = _read_text(path, rel, root, problems)
    if text is None:
        return None
    front = read_front_matter(text, rel, problems)
    for key in front.values:
        if key not in KNOWN_KEYS:
            problems.warning(f"unknown front matter key '{key}' (known: {', '.join(KNOWN_KEYS)})",
                             SourceRef(rel, front.lines.get(str(key))))
    title = _title(front, rel, problems)
    section_id = _section_id(front.values.get("id"), path, rel, front.lines, problems)
    blocks = _blocks(front.body, rel, front.body_offset, problems)
    return Section(section_id, title, blocks, SourceRef(rel, 1),
                   timeline_entries(front, rel, problems), index_of(front, rel, problems))


def _title(front: FrontMatter, rel: str, problems: ProblemList) -> str:
    """The section's title: text, or a number or date taken as written (``title: 1958``)."""
    value = front.values.get("title")
    if isinstance(value, (int, float, datetime.date)):
        value = front.scalars.get("title", str(value))
    where = SourceRef(rel, front.lines.get("title", 1))
    if isinstance(value, str) and len(value) > MAX_TITLE:
        problems.error(f"'title' is longer than {MAX_TITLE} characters", where)
        return value[:MAX_TITLE]
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, (list, dict)):
        problems.error("'title' must be text, not a list or a mapping", where)
    elif front.ok and value is not None:
        problems.error("'title' is empty", where)
    elif front.ok:
        problems.error("the section has no 'title' in its front matter "
                       "(---\\ntitle: …\\n--- at the top)", where)
    return ""


def _blocks(body: str, rel: str, offset: int, problems: ProblemList) -> tuple:
    brackets = body.count("[")
    if brackets > MAX_BRACKETS:
        line = offset + body[: _nth(body, "[", MAX_BRACKETS)].count("\n") + 1
        problems.error(f"more than {MAX_BRACKETS} '[' in one file: write \\[ for a bracket "
                       "that starts no link, or split the file", SourceRef(rel, line))
        return ()
    try:
        return parse_blocks(body, rel, offset)
    except NestingTooDeep as exc:
        problems.error("the text is nested too deeply (more than 30 levels of quotes, lists "
                       "or emphasis)", SourceRef(rel, exc.line))
        return ()


def _nth(text: str, char: str, n: int) -> int:
    index = -1
    for _ in range(n + 1):
        index = text.index(char, index + 1)
    return index


def _section_id(given: object, path: Path, rel: str, lines: dict, problems: ProblemList) -> str:
    if given is None:
        return slugify(re.sub(r"^\d+[-_ ]*", "", path.stem)) or slugify(path.stem) or "section"
    if not isinstance(given, str) or not _ID.match(given):
        problems.error("'id' must be lowercase letters, digits and hyphens, starting with a "
                       "letter", SourceRef(rel, lines.get("id")))
        return slugify(path.stem) or "section"
    return given


__all__ = ["read_book", "content_files"]
