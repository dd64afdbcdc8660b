"""Readers: a book folder (book.toml + content/*.md) → :class:`Book`.

Every problem found in one pass is collected and reported together.
"""

from __future__ import annotations

import re
from pathlib import Path

from bookgen.errors import BookError, ProblemList
from bookgen.model import Book, Section, SourceRef
from bookgen.readers.config import read_config
from bookgen.readers.frontmatter import KNOWN_KEYS, read_front_matter, timeline_entries
from bookgen.readers.markdown import NestingTooDeep, parse_blocks
from bookgen.readers.references import check_references, number_headings
from bookgen.text import slugify

CONTENT_DIR = "content"
MAX_FILE_BYTES = 8 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
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
    _check_ids(sections, problems)
    sections = number_headings(sections)
    check_references(root, sections, problems)
    problems.raise_if_errors()
    warnings = tuple(p for p in problems.items if p.severity == "warning")
    return Book(root=root, metadata=metadata, sections=sections,  # type: ignore[arg-type]
                warnings=warnings)


def content_files(root: Path, problems: ProblemList) -> list[Path]:
    """The Markdown files of content/, in file name order."""
    content = root / CONTENT_DIR
    if not content.is_dir():
        problems.error("no content/ folder: put the book's sections there as 01-name.md, …",
                       SourceRef(CONTENT_DIR))
        return []
    files = sorted(p for p in content.iterdir() if p.suffix == ".md" and p.is_file())
    if not files:
        problems.error("content/ holds no .md files", SourceRef(CONTENT_DIR))
    return files


def _read_text(path: Path, rel: str, problems: ProblemList) -> str | None:
    if not path.resolve().is_relative_to(path.parent.parent.resolve()):
        problems.error("the file links to a place outside the book folder", SourceRef(rel))
        return None
    data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        problems.error(f"the file is larger than {MAX_FILE_BYTES // 1_048_576} MB",
                       SourceRef(rel))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.error("the file is not UTF-8 text (save it as UTF-8)", SourceRef(rel, line))
        return None
    return _drop_control_characters(text.replace("\r\n", "\n").replace("\r", "\n"), rel,
                                    problems)


def _drop_control_characters(text: str, rel: str, problems: ProblemList) -> str:
    match = _CONTROL.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        problems.warning("control characters in the text were left out", SourceRef(rel, line))
        text = _CONTROL.sub("", text)
    return text


def _read_section(root: Path, path: Path, problems: ProblemList) -> Section | None:
    rel = path.relative_to(root).as_posix()
    text = _read_text(path, rel, problems)
    if text is None:
        return None
    front = read_front_matter(text, rel, problems)
    for key in front.values:
        if key not in KNOWN_KEYS:
            problems.warning(f"unknown front matter key '{key}' (known: {', '.join(KNOWN_KEYS)})",
                             SourceRef(rel, front.lines.get(str(key))))
    title = front.values.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.error("the section has no 'title' in its front matter "
                       "(---\\ntitle: …\\n--- at the top)", SourceRef(rel, 1))
        title = ""
    section_id = _section_id(front.values.get("id"), path, rel, front.lines, problems)
    try:
        blocks = parse_blocks(front.body, rel, front.body_offset)
    except NestingTooDeep as exc:
        problems.error("blocks are nested too deeply (more than 35 levels of quotes or lists)",
                       SourceRef(rel, exc.line))
        blocks = ()
    return Section(section_id, title.strip(), blocks, SourceRef(rel, 1),
                   timeline_entries(front, rel, problems))


def _section_id(given: object, path: Path, rel: str, lines: dict, problems: ProblemList) -> str:
    if given is None:
        return slugify(re.sub(r"^\d+[-_ ]*", "", path.stem)) or slugify(path.stem) or "section"
    if not isinstance(given, str) or not _ID.match(given):
        problems.error("'id' must be lowercase letters, digits and hyphens, starting with a "
                       "letter", SourceRef(rel, lines.get("id")))
        return slugify(path.stem) or "section"
    return given


def _check_ids(sections: tuple[Section, ...], problems: ProblemList) -> None:
    seen: dict[str, Section] = {}
    for section in sections:
        if section.id in seen:
            problems.error(f"section id '{section.id}' is also the id of "
                           f"{seen[section.id].source.path}: give one an 'id' in its front matter",
                           section.source)
        seen[section.id] = section


__all__ = ["read_book", "content_files"]
