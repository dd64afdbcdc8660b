"""What content/ holds: loose sections, part folders, and the other files a chapter may use.

A subfolder of content/ that holds .md files is a part: its sections are those files (in file
name order, ``part.md`` aside: that one describes the part). Any other file or folder is an
asset a chapter may show (an image); the reader checks afterwards which of them a chapter
refers to, and every one it does not use is named in a warning, so nothing in content/ is left
out without a word. Hidden files (``.DS_Store``, ``.git``) are the system's, not the author's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bookgen.errors import ProblemList
from bookgen.model import SourceRef
from bookgen.readers.files import inside
from bookgen.util.gate import FileRefused, walk_files

PART_FILE = "part.md"
MAX_ENTRIES = 20_000  # files looked at under content/: a book, not a disk


@dataclass(frozen=True)
class PartFolder:
    folder: Path
    files: tuple[Path, ...]  # the part's sections, in file name order
    description: Path | None  # its part.md, if any


@dataclass(frozen=True)
class Layout:
    entries: tuple[Path | PartFolder, ...]  # loose .md files and part folders, in name order
    assets: tuple[Path, ...]  # every other file, to be used by a chapter or named as unused


def _visible(path: Path) -> bool:
    return not path.name.startswith(".")


def _children(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if _visible(p))
    except OSError:
        return []


def _is_md(path: Path) -> bool:
    """A Markdown text by its name: a folder, a device or a broken link named so is one too,
    and reading it says what is wrong (nothing named .md is passed over)."""
    return path.suffix.lower() == ".md"


def read_layout(root: Path, content: Path, problems: ProblemList) -> Layout:
    entries: list[Path | PartFolder] = []
    assets: list[Path] = []
    for path in _children(content):
        if _is_md(path):
            entries.append(path)
        elif path.is_dir() and inside(path, root) is not None:
            part = _part_folder(root, path, assets, problems)
            if part is not None:
                entries.append(part)
        elif path.is_dir():
            problems.warning("this folder links to a place outside the book folder: it is "
                             "not used", _ref(root, path))
        else:
            assets.append(path)
    return Layout(tuple(entries), tuple(assets[:MAX_ENTRIES]))


def _part_folder(root: Path, folder: Path, assets: list[Path],
                 problems: ProblemList) -> PartFolder | None:
    children = _children(folder)
    texts = [p for p in children if _is_md(p) and p.name.lower() != PART_FILE]
    description = next((p for p in children if _is_md(p) and p.name.lower() == PART_FILE), None)
    for child in children:
        if child.is_dir() and not _is_md(child):
            _asset_folder(root, child, assets, problems)
        elif not _is_md(child):
            assets.append(child)
    if not texts:
        if description is not None:
            problems.warning(f"the part folder {_rel(root, folder)} has a {PART_FILE} but no "
                             "chapters (.md files): it is not used", _ref(root, description))
        return None  # an asset folder (content/images/)
    return PartFolder(folder, tuple(texts), description)


def _asset_folder(root: Path, folder: Path, assets: list[Path], problems: ProblemList) -> None:
    """A folder inside a part, or deeper: images are welcome, texts are not read. The walk is
    the gate's: a link out of the book is not followed (a link to /usr is not a walk of /usr)."""
    if inside(folder, root) is None:
        problems.warning("this folder links to a place outside the book folder: it is not used",
                         _ref(root, folder))
        return
    try:
        found = walk_files(folder, root, limit=max(MAX_ENTRIES - len(assets), 0))
    except FileRefused:
        problems.warning(f"this folder holds more than {MAX_ENTRIES} files: they are not used",
                         _ref(root, folder))
        return
    for path in found:
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if _is_md(path) and path.is_file():
            problems.warning("this text is not read: bookgen reads the .md files in content/ "
                             "and in its subfolders (the parts), not in folders inside a part",
                             _ref(root, path))
        elif path.is_file():
            assets.append(path)


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _ref(root: Path, path: Path) -> SourceRef:
    return SourceRef(_rel(root, path))


def report_unused(root: Path, assets: tuple[Path, ...], used: set[Path],
                  problems: ProblemList) -> None:
    """Warn about every file of content/ no chapter uses; a whole unused folder once."""
    used = {p.resolve() for p in used}
    unused = [p for p in assets if p.resolve() not in used]
    by_folder: dict[Path, list[Path]] = {}
    for path in unused:
        by_folder.setdefault(path.parent, []).append(path)
    content = root / "content"
    for folder, files in by_folder.items():
        every = [p for p in assets if p.parent == folder]
        if folder != content and len(files) == len(every) and len(files) > 1:
            problems.warning(f"no chapter uses the {len(files)} files in this folder: they are "
                             "not in the book", SourceRef(_rel(root, folder) + "/"))
            continue
        for path in files:
            problems.warning("no chapter uses this file: it is not in the book (bookgen reads "
                             ".md files, part folders and the images chapters show)",
                             _ref(root, path))
