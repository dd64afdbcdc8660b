"""Readers: a book folder (book.toml + content/*.md and part folders) → :class:`Book`.

Every problem found in one pass is collected and reported together.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path

from bookgen.errors import BookError, ProblemList
from bookgen.model import Book, Part, Section, SourceRef
from bookgen.readers.config import MAX_TITLE, read_config
from bookgen.readers.files import inside, read_text
from bookgen.readers.frontmatter import (KNOWN_KEYS, FrontMatter, chapter_date, index_of,
                                         read_front_matter,
                                         timeline_entries)
from bookgen.readers.ids import check_section_ids
from bookgen.readers.layout import PartFolder, read_layout, report_unused
from bookgen.readers.markdown import NestingTooDeep, parse_blocks
from bookgen.readers.parts import (book_order, check_part_kinds, folder_title, part_values,
                                   section_kind)
from bookgen.readers.references import (check_cover, check_references, number_headings,
                                        relocate_paths)
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
    layout = _content_layout(root, problems)
    read = (_read_entry(root, e, problems) for e in layout.entries)
    entries = book_order([e for e in read if e is not None], problems)
    sections = tuple(s for e in entries for s in (e[1] if isinstance(e, tuple) else [e]))
    parts = _number_parts([e[0] for e in entries if isinstance(e, tuple)])
    check_section_ids(sections, problems, [p.id for p in parts])
    # a part's text is read like a section's: heading ids, paths, links and images checked
    texts = tuple(Section(p.id, p.title, p.blocks, p.source) for p in parts)
    every = relocate_paths(root, number_headings(sections + texts))
    used = check_references(root, every, problems)
    sections = every[:len(sections)]
    parts = [dataclasses.replace(p, blocks=t.blocks) for p, t in zip(parts, every[len(sections):])]
    if metadata is not None:
        check_cover(root, metadata.cover_image, problems)
        cover = inside(root / metadata.cover_image, root) if metadata.cover_image else None
        used |= {cover} if cover else set()
    report_unused(root, layout.assets, used, problems)
    problems.raise_if_errors()
    warnings = tuple(p for p in problems.items if p.severity == "warning")
    return Book(root=root, metadata=metadata, sections=sections,  # type: ignore[arg-type]
                warnings=warnings, parts=tuple(parts))


def _content_layout(root: Path, problems: ProblemList):
    from bookgen.readers.layout import Layout

    content = root / CONTENT_DIR
    if not content.is_dir():
        what = ("content is a file, not a folder" if content.exists() else "no content/ folder")
        problems.error(f"{what}: put the book's sections in a content/ folder as 01-name.md, …",
                       SourceRef(CONTENT_DIR))
        return Layout((), ())
    if inside(content, root) is None:
        problems.error("content/ links to a place outside the book folder",
                       SourceRef(CONTENT_DIR))
        return Layout((), ())
    layout = read_layout(root, content, problems)
    if not layout.entries:
        problems.error("content/ holds no .md files: write each section as 01-name.md "
                       "(or put them in subfolders, one for each part)", SourceRef(CONTENT_DIR))
    return layout


def content_files(root: Path, problems: ProblemList) -> list[Path]:
    """Every section file of content/ in file name order, part folders' files included."""
    return [f for e in _content_layout(root, problems).entries
            for f in (e.files if isinstance(e, PartFolder) else [e])]


def _read_entry(root: Path, entry: Path | PartFolder, problems: ProblemList):
    if isinstance(entry, Path):
        section = _read_section(root, entry, problems)
        return section
    sections = [s for s in (_read_section(root, p, problems) for p in entry.files) if s]
    part = _read_part(root, entry, sections, problems)
    check_part_kinds(part, sections, problems)
    return (part, sections)


def _read_part(root: Path, folder: PartFolder, sections: list[Section],
               problems: ProblemList) -> Part:
    rel = folder.folder.relative_to(root).as_posix()
    values, blocks, source, text = {}, (), SourceRef(rel + "/"), None
    if folder.description is not None:
        desc_rel = folder.description.relative_to(root).as_posix()
        source = SourceRef(desc_rel, 1)
        text = read_text(folder.description, desc_rel, root, problems, MAX_FILE_BYTES)
        if text is not None:
            front = read_front_matter(text, desc_rel, problems)
            values = part_values(front, desc_rel, problems)
    part_id = values.get("id") or "part-" + (slugify(folder_title(folder.folder)) or "part")
    if folder.description is not None and text is not None:
        blocks = _blocks(front.body, desc_rel, front.body_offset, problems, f"{part_id}--fn")
    if not _ID.match(part_id):
        problems.error("a part's 'id' must be lowercase letters, digits and hyphens, starting "
                       "with a letter", source)
    return Part(part_id, values.get("title") or folder_title(folder.folder),
                tuple(s.id for s in sections), source, blocks)


def _number_parts(parts: list[Part]) -> list[Part]:
    return [dataclasses.replace(p, number=n) for n, p in enumerate(parts, 1)]


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
    blocks = _blocks(front.body, rel, front.body_offset, problems, f"{section_id}--fn")
    return Section(section_id, title, blocks, SourceRef(rel, 1),
                   timeline_entries(front, rel, problems), section_kind(front, rel, problems),
                   date=chapter_date(front, rel, problems), index=index_of(front, rel, problems))


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


def _blocks(body: str, rel: str, offset: int, problems: ProblemList, note_prefix: str) -> tuple:
    brackets = body.count("[")
    if brackets > MAX_BRACKETS:
        line = offset + body[: _nth(body, "[", MAX_BRACKETS)].count("\n") + 1
        problems.error(f"more than {MAX_BRACKETS} '[' in one file: write \\[ for a bracket "
                       "that starts no link, or split the file", SourceRef(rel, line))
        return ()
    try:
        return parse_blocks(body, rel, offset, note_prefix, problems)
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
